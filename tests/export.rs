//! `deploy export`: the archive streamed to a file (atomic, never overwriting without
//! --force, nothing left when the stream drops), the errors in the user's words (a paid plan,
//! a stopped app), and `--extract` refusing hand-made hostile archives.

use std::io::Write;
use std::path::Path;

use httpmock::prelude::*;
use serde_json::json;

use crate::common::script_server::{Reply, ScriptServer, Step, pause, write};
use crate::common::*;

const EXPORT_PATH: &str = "/v2/studio/deployment/export-zip";

/// An archive made here: (name, content) files, deflated.
fn archive(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    for (name, content) in files {
        w.start_file(*name, opts).unwrap();
        w.write_all(content).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn app_zip() -> Vec<u8> {
    archive(&[
        ("package.json", b"{\"name\":\"app\"}\n"),
        ("src/app/page.tsx", b"export default function Page() {}\n"),
    ])
}

fn export_mock(server: &MockServer, body: Vec<u8>) -> httpmock::Mock<'_> {
    server.mock(|when, then| {
        expect(when, GET, EXPORT_PATH, "name=server-1&fid=3", None);
        then.status(200)
            .header("content-type", "application/zip")
            .body(body);
    })
}

/// Every file under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(base: &Path, at: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(at).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            let rel = p.strip_prefix(base).unwrap().display().to_string();
            if e.file_type().unwrap().is_dir() {
                out.push(format!("{rel}/"));
                walk(base, &p, out);
            } else {
                out.push(rel);
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}

#[test]
fn export_saves_name_zip_and_never_overwrites_without_force() {
    let env = TestEnv::new();
    let server = server();
    let body = app_zip();
    let mock = export_mock(&server, body.clone());
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "export", "server-1"]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    let size = body.len();
    assert!(
        r.stdout
            .starts_with(&format!("Saved server-1.zip ({size} B")),
        "{}",
        r.transcript()
    );
    assert_eq!(r.stderr, "");
    assert_eq!(
        std::fs::read(env.home().join("server-1.zip")).unwrap(),
        body
    );

    // A second export refuses to replace it, before anything is sent.
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "export", "server-1"]));
    assert_eq!(
        r.transcript(),
        format!(
            "exit: 2\n--- stdout\n--- stderr\nerror: server-1.zip already exists; it was not overwritten\nhint: pass --force to replace it, or choose another file with -o\n"
        )
    );
    mock.assert_calls(1);

    std::fs::write(env.home().join("server-1.zip"), b"old").unwrap();
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "export", "server-1", "--force", "--json"]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(
        r.json(),
        json!({"deployment": "server-1", "bytes": size, "output": "server-1.zip"})
    );
    assert_eq!(
        std::fs::read(env.home().join("server-1.zip")).unwrap(),
        body
    );
    mock.assert_calls(2);
    // No temporary file is left beside it.
    assert_eq!(
        tree(env.home())
            .iter()
            .filter(|p| p.contains(".part"))
            .count(),
        0
    );
}

#[test]
fn export_to_stdout_is_the_bytes() {
    let env = TestEnv::new();
    let server = server();
    let body = app_zip();
    let mock = export_mock(&server, body.clone());
    let out = env
        .api(&server.base_url())
        .args(["deploy", "export", "server-1", "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, body);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    mock.assert_calls(1);
}

#[test]
fn a_dropped_stream_leaves_no_file() {
    let env = TestEnv::new();
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/zip\r\ncontent-length: 100000\r\nconnection: close\r\n\r\n";
    let server = ScriptServer::start(vec![(
        "GET",
        EXPORT_PATH,
        Reply::raw(vec![
            write(head),
            write(vec![b'P'; 4096]),
            pause(50),
            write(vec![b'K'; 4096]),
            Step::Reset,
        ]),
    )]);
    let out = env.home().join("app.zip");
    let r = run(env.api(&server.url()).args([
        "deploy",
        "export",
        "server-1",
        "-o",
        out.to_str().unwrap(),
    ]));
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "error: the download of server-1's source broke off; no file was written: the connection to the API was cut (reset by the server or the network)\nhint: try again; a big archive may need a steady connection\n"
    );
    assert!(!out.exists());
    assert_eq!(
        tree(env.home()),
        Vec::<String>::new(),
        "nothing left behind"
    );
    // A read is safe to repeat, but a stream that broke part-way is not silently resumed.
    assert_eq!(server.to("GET", EXPORT_PATH).len(), 1);
    assert_eq!(
        server.to("GET", EXPORT_PATH)[0].query,
        "name=server-1&fid=3"
    );
}

#[test]
fn a_402_says_a_paid_plan_is_needed() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        expect(when, GET, EXPORT_PATH, "name=server-1&fid=3", None);
        json_reply(
            then,
            402,
            json!({"message": "Export requires a paid plan", "code": "PaymentRequired"}),
        );
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "export", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 3\n--- stdout\n--- stderr\nerror: exporting the source needs a paid Studio plan (Export requires a paid plan (HTTP 402))\nhint: upgrade to a paid plan (Growth, Studio Plus or Studio Max) in the Neynar dev portal\n"
    );
    mock.assert_calls(1);
    assert!(!env.home().join("server-1.zip").exists());
}

#[test]
fn a_stopped_app_says_to_start_it() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        expect(when, GET, EXPORT_PATH, "name=server-1&fid=3", None);
        json_reply(then, 400, json!({"error": "Deployment is not running"}));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "export", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 6\n--- stdout\n--- stderr\nerror: the app of server-1 is not running, and export needs it running (Deployment is not running (HTTP 400 Bad Request))\nhint: start it with `neynar-studio deploy start server-1`, then export again\n"
    );
    mock.assert_calls(1);
}

#[test]
fn extract_unpacks_the_archive() {
    let env = TestEnv::new();
    let server = server();
    let mock = export_mock(&server, app_zip());
    let r =
        run(env
            .api(&server.base_url())
            .args(["deploy", "export", "server-1", "--extract", "app"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nExtracted 2 files (49 B) into app\n--- stderr\n"
    );
    let dir = env.home().join("app");
    assert_eq!(
        tree(&dir),
        vec!["package.json", "src/", "src/app/", "src/app/page.tsx"]
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("src/app/page.tsx")).unwrap(),
        "export default function Page() {}\n"
    );
    // Not into a directory that has files, without --force.
    let r =
        run(env
            .api(&server.base_url())
            .args(["deploy", "export", "server-1", "--extract", "app"]));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: app is not empty; nothing was extracted\nhint: pass --force to unpack over it, or choose an empty or new directory\n"
    );
    mock.assert_calls(1);
    let r = run(env.api(&server.base_url()).args([
        "deploy",
        "export",
        "server-1",
        "--extract",
        "app",
        "--force",
    ]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    mock.assert_calls(2);
}

/// Runs `--extract out` on `body`; the transcript, and what ended up in the home directory.
fn extract_hostile(body: Vec<u8>) -> (String, Vec<String>) {
    let env = TestEnv::new();
    let server = server();
    let _mock = export_mock(&server, body);
    let r =
        run(env
            .api(&server.base_url())
            .args(["deploy", "export", "server-1", "--extract", "out"]));
    (r.transcript(), tree(env.home()))
}

fn refused(why: &str) -> String {
    format!(
        "exit: 1\n--- stdout\n--- stderr\nerror: the archive was not fully extracted into out: {why}\nhint: the archive came from the server; what was refused was not written\n"
    )
}

#[test]
fn extract_refuses_entries_that_leave_the_directory() {
    let (t, files) = extract_hostile(archive(&[("ok.txt", b"ok"), ("../evil.txt", b"x")]));
    assert_eq!(t, refused("'../evil.txt' leaves the target directory (..)"));
    // Refused before anything was written.
    assert_eq!(files, vec!["out/"]);

    let (t, files) = extract_hostile(archive(&[("a/../../evil.txt", b"x")]));
    assert_eq!(
        t,
        refused("'a/../../evil.txt' leaves the target directory (..)")
    );
    assert_eq!(files, vec!["out/"]);
}

#[test]
fn extract_refuses_absolute_paths() {
    let (t, files) = extract_hostile(archive(&[("/tmp/evil.txt", b"x")]));
    assert_eq!(t, refused("'/tmp/evil.txt' is an absolute path"));
    assert_eq!(files, vec!["out/"]);
}

#[test]
fn extract_refuses_links_and_devices() {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    w.start_file("ok.txt", opts).unwrap();
    w.write_all(b"ok").unwrap();
    w.add_symlink("passwd", "/etc/passwd", opts).unwrap();
    let body = w.finish().unwrap().into_inner();
    let (t, files) = extract_hostile(body);
    assert_eq!(
        t,
        refused("'passwd' is a symbolic link; links are not unpacked")
    );
    assert_eq!(files, vec!["out/"]);

    // A character device (mode 020644).
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().unix_permissions(0o644);
    w.start_file("tty", opts).unwrap();
    let mut body = w.finish().unwrap().into_inner();
    set_central_field(&mut body, 38, &((0o020_644u32) << 16).to_le_bytes());
    let (t, files) = extract_hostile(body);
    assert_eq!(
        t,
        refused("'tty' is a device, FIFO or socket; only files and directories are unpacked")
    );
    assert_eq!(files, vec!["out/"]);
}

/// Overwrites a field of the (first) central directory header at `offset`.
fn set_central_field(zip: &mut [u8], offset: usize, bytes: &[u8]) {
    let at = zip
        .windows(4)
        .position(|w| w == [0x50, 0x4b, 0x01, 0x02])
        .expect("a central directory header");
    zip[at + offset..at + offset + bytes.len()].copy_from_slice(bytes);
}

#[test]
fn extract_refuses_a_zip_bomb() {
    // 4 MiB of zeros deflate to a few KiB; the header then claims nearly 4 GiB.
    let zeros = vec![0u8; 4 << 20];
    let mut body = archive(&[("bomb.bin", &zeros)]);
    assert!(body.len() < 64 << 10);
    set_central_field(&mut body, 24, &0xFFFF_FFF0u32.to_le_bytes());
    let (t, files) = extract_hostile(body);
    assert_eq!(
        t,
        refused("the archive would unpack to more than 1024 MiB (a zip bomb?)")
    );
    assert_eq!(files, vec!["out/"]);

    // And one whose header understates its size: refused on the bytes themselves.
    let mut body = archive(&[("bomb.bin", &zeros)]);
    set_central_field(&mut body, 24, &16u32.to_le_bytes());
    let (t, files) = extract_hostile(body);
    assert!(
        t.starts_with(
            "exit: 1\n--- stdout\n--- stderr\nerror: the archive was not fully extracted into out: "
        ),
        "{t}"
    );
    assert_eq!(files, vec!["out/"], "the partial file is removed");
}

#[test]
fn the_saved_archive_gets_the_mode_of_a_new_file() {
    let env = TestEnv::new();
    let server = server();
    let _mock = export_mock(&server, app_zip());
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "export", "server-1", "-o", "a.zip"]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    // The test process's umask is the usual 022: 0644, not the temporary file's 0600.
    assert_eq!(mode(&env.home().join("a.zip")) & 0o777, 0o644);
}

#[test]
fn progress_shows_bytes_and_rate_on_a_terminal() {
    use crate::common::screen::Pty;
    let env = TestEnv::new();
    let chunk = vec![b'z'; 64 << 10];
    let mut steps = vec![write(format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/zip\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        chunk.len() * 8
    ))];
    for _ in 0..8 {
        steps.push(write(&chunk));
        steps.push(pause(150));
    }
    let server = ScriptServer::start(vec![("GET", EXPORT_PATH, Reply::raw(steps))]);
    let url = server.url();
    let vars = [
        ("NEYNAR_API_URL", url.as_str()),
        ("NEYNAR_API_KEY", KEY),
        ("NEYNAR_FID", "3"),
        ("NO_COLOR", "1"),
    ];
    let pty = Pty::spawn(&env, &["deploy", "export", "server-1"], 24, 100, &vars);
    let screen = pty.finish(std::time::Duration::from_secs(30));
    let raw = screen.raw_text();
    assert!(raw.contains("Downloading "), "{raw:?}");
    assert!(raw.contains(" of 512.00 KiB ("), "{raw:?}");
    assert!(raw.contains("KiB/s"), "{raw:?}");
    // What stays on the screen is the result; the progress line was wiped.
    assert!(
        screen
            .contents()
            .trim_end()
            .starts_with("Saved server-1.zip (512.00 KiB"),
        "{}",
        screen.contents()
    );
}

#[test]
fn ctrl_c_mid_download_leaves_no_file() {
    use std::time::{Duration, Instant};
    let env = TestEnv::new();
    let mut steps = vec![write(
        "HTTP/1.1 200 OK\r\ncontent-type: application/zip\r\ncontent-length: 10000000\r\nconnection: close\r\n\r\n",
    )];
    for _ in 0..100 {
        steps.push(write(vec![b'z'; 4096]));
        steps.push(pause(100));
    }
    let server = ScriptServer::start(vec![("GET", EXPORT_PATH, Reply::raw(steps))]);
    let bin = assert_cmd::cargo::cargo_bin("neynar-studio");
    let child = std::process::Command::new(bin)
        .env_clear()
        .env("HOME", env.home())
        .env("XDG_STATE_HOME", env.home().join(".local/state"))
        .env("NEYNAR_API_URL", server.url())
        .env("NEYNAR_API_KEY", KEY)
        .env("NEYNAR_FID", "3")
        .current_dir(env.home())
        .args(["deploy", "export", "server-1", "-o", "app.zip"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let waited = Instant::now();
    while server.to("GET", EXPORT_PATH).is_empty() && waited.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(400));
    // A partial temporary file exists while the download runs...
    let partial = || {
        std::fs::read_dir(env.home())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("app.zip"))
            .collect::<Vec<_>>()
    };
    assert_eq!(partial().len(), 1, "{:?}", partial());
    assert!(partial()[0].ends_with(".part"), "{:?}", partial());
    // SAFETY: signalling our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "error: interrupted\n");
    // ...and none after Ctrl-C.
    assert_eq!(partial(), Vec::<String>::new());
}

#[test]
fn an_app_still_starting_says_to_wait() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        expect(when, GET, EXPORT_PATH, "name=server-1&fid=3", None);
        json_reply(
            then,
            400,
            json!({"error": "The deployment is still starting; export it once it is running"}),
        );
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "export", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 6\n--- stdout\n--- stderr\nerror: the app of server-1 is still starting, and export needs it running (The deployment is still starting; export it once it is running (HTTP 400 Bad Request))\nhint: wait until it runs (`neynar-studio deploy status --watch`), then export again\n"
    );
    mock.assert_calls(1);
}
