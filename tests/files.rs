//! `files list`, `files cat` and `files upload` against a mock: the exact requests, the
//! whole outputs (piped: one path a line, the content as is), `-o` written atomically, and
//! the errors in the user's words.

use httpmock::prelude::*;
use serde_json::json;

use crate::common::*;

const FILES_PATH: &str = "/v2/studio/deployment/files";
const FILE_PATH: &str = "/v2/studio/deployment/file";
const UPLOAD_PATH: &str = "/v2/studio/deployment/upload-image-url";
const ID: &str = "0b7e9c1e-1c4f-4d0c-9a57-2f6d1f3b8e21";

fn listing() -> serde_json::Value {
    json!({"files": [
        {"name": "page.tsx", "path": "src/app/page.tsx", "is_directory": false},
        {"name": "components", "path": "src/app/components", "is_directory": true},
        {"name": "layout.tsx", "path": "src/app/layout.tsx", "is_directory": false, "size": 10}
    ]})
}

#[test]
fn list_piped_is_one_path_a_line_directories_marked() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        expect(
            when,
            GET,
            FILES_PATH,
            "name=server-1&fid=3&directory=src%2Fapp",
            None,
        );
        json_reply(then, 200, listing());
    });
    let r = run(env
        .api(&server.base_url())
        .args(["files", "list", "src/app/", "-d", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nsrc/app/components/\nsrc/app/layout.tsx\nsrc/app/page.tsx\n--- stderr\n"
    );
    let r = run(env
        .api(&server.base_url())
        .args(["files", "list", "src/app", "-d", "server-1", "--json"]));
    assert_eq!(r.code, 0);
    assert_eq!(r.json(), listing());
    mock.assert_calls(2);
}

#[test]
fn list_defaults_to_the_current_deployment_and_the_root_and_takes_an_id() {
    let env = TestEnv::new();
    let server = server();
    env.set_current_at(&server.base_url(), "server-9");
    let root = server.mock(|when, then| {
        expect(when, GET, FILES_PATH, "name=server-9&fid=3", None);
        json_reply(then, 200, json!({"files": [{"name": "package.json", "path": "package.json", "is_directory": false}]}));
    });
    let by_id = server.mock(|when, then| {
        expect(
            when,
            GET,
            FILES_PATH,
            &format!("deployment_id={ID}&fid=3"),
            None,
        );
        json_reply(then, 200, json!({"files": []}));
    });
    let r = run(env.api(&server.base_url()).args(["files", "ls"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\npackage.json\n--- stderr\n"
    );
    let r = run(env
        .api(&server.base_url())
        .args(["files", "list", "-d", ID]));
    assert_eq!(
        r.transcript(),
        format!("exit: 0\n--- stdout\n--- stderr\nthe app's root of id {ID} is empty\n")
    );
    root.assert_calls(1);
    by_id.assert_calls(1);
}

#[test]
fn list_on_a_terminal_is_a_table() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        expect(when, GET, FILES_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, listing());
    });
    let r = env.on_terminal(&server.base_url(), "files list -d server-1", "");
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(
        r.stdout.replace("\r\n", "\n"),
        "PATH                 TYPE\nsrc/app/components/  dir\nsrc/app/layout.tsx   file\nsrc/app/page.tsx     file\n"
    );
    mock.assert_calls(1);
}

#[test]
fn list_errors_say_who_may_read_files() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        expect(when, GET, FILES_PATH, "name=server-1&fid=3", None);
        json_reply(then, 403, json!({"error": "Forbidden"}));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["files", "list", "-d", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 3\n--- stdout\n--- stderr\nerror: reading the files of server-1 needs a Studio admin key or the key of fid 3's owner (HTTP 403: Forbidden)\nhint: use a key that owns the FID, or a Studio admin key (NEYNAR_API_KEY or `neynar-studio config init`)\n"
    );
    // Safe to repeat, but a 403 is not transient: sent once.
    mock.assert_calls(1);
}

#[test]
fn cat_piped_writes_the_content_as_is() {
    let env = TestEnv::new();
    let server = server();
    let content = "const a = \"\u{1b}[31mred\u{1b}[0m\";\nno newline at the end";
    let mock = server.mock(|when, then| {
        expect(
            when,
            GET,
            FILE_PATH,
            "name=server-1&fid=3&file_path=src%2Fapp%2Fpage.tsx",
            None,
        );
        json_reply(
            then,
            200,
            json!({"content": content, "path": "src/app/page.tsx"}),
        );
    });
    let out = env
        .api(&server.base_url())
        .args(["files", "cat", "src/app/page.tsx", "-d", "server-1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), content);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    mock.assert_calls(1);
}

#[test]
fn cat_on_a_terminal_is_sanitized() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        expect(
            when,
            GET,
            FILE_PATH,
            "name=server-1&fid=3&file_path=a.txt",
            None,
        );
        json_reply(
            then,
            200,
            json!({"content": "hi \u{1b}]52;c;aGk=\u{7} there\n", "path": "a.txt"}),
        );
    });
    let r = env.on_terminal(&server.base_url(), "files cat a.txt -d server-1", "");
    assert_eq!(r.code, 0, "{}", r.transcript());
    let shown = r.stdout.replace("\r\n", "\n");
    assert!(!shown.contains('\u{1b}'), "{shown:?}");
    assert!(shown.starts_with("hi "), "{shown:?}");
    assert!(shown.ends_with(" there\n"), "{shown:?}");
    mock.assert_calls(1);
}

#[test]
fn cat_o_writes_the_file_atomically() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        expect(
            when,
            GET,
            FILE_PATH,
            "name=server-1&fid=3&file_path=package.json",
            None,
        );
        json_reply(
            then,
            200,
            json!({"content": "{}\n", "path": "package.json"}),
        );
    });
    std::fs::write(env.home().join("p.json"), "old").unwrap();
    let r = run(env.api(&server.base_url()).args([
        "files",
        "cat",
        "/package.json",
        "-o",
        "p.json",
        "-d",
        "server-1",
    ]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\n--- stderr\nWrote p.json (3 bytes)\n"
    );
    assert_eq!(
        std::fs::read_to_string(env.home().join("p.json")).unwrap(),
        "{}\n"
    );
    let left: Vec<_> = std::fs::read_dir(env.home())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    mock.assert_calls(1);
}

#[test]
fn cat_404_names_the_file() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        expect(
            when,
            GET,
            FILE_PATH,
            "name=server-1&fid=3&file_path=nope.ts",
            None,
        );
        json_reply(then, 404, json!({"error": "File not found"}));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["files", "cat", "nope.ts", "-d", "server-1", "-o", "x.ts"]));
    assert_eq!(
        r.transcript(),
        "exit: 4\n--- stdout\n--- stderr\nerror: the file 'nope.ts' was not found in server-1 (HTTP 404: File not found)\nhint: list the app's files with `neynar-studio files list`, and your deployments with `neynar-studio deploy list`\n"
    );
    assert!(!env.home().join("x.ts").exists());
    mock.assert_calls(1);
    // The same from the current deployment: the 404 is the file's, not the deployment's
    // (it read "the current deployment … was not found").
    env.set_current_at(&server.base_url(), "server-1");
    let r = run(env
        .api(&server.base_url())
        .args(["files", "cat", "nope.ts"]));
    assert_eq!(
        r.transcript(),
        "exit: 4\n--- stdout\n--- stderr\nerror: the file 'nope.ts' was not found in server-1 (HTTP 404: File not found)\nhint: list the app's files with `neynar-studio files list`, and your deployments with `neynar-studio deploy list`\n"
    );
    mock.assert_calls(2);
}

#[test]
fn upload_prints_the_stored_file_and_its_url_and_is_sent_once() {
    let env = TestEnv::new();
    let server = server();
    let ok = server.mock(|when, then| {
        expect(
            when,
            POST,
            UPLOAD_PATH,
            "",
            Some(json!({"fid": 3, "name": "server-1", "url": "https://example.com/logo.png"})),
        );
        json_reply(
            then,
            200,
            json!({"success": true, "message": "Image uploaded", "filename": "logo.png", "url": "/logo.png"}),
        );
    });
    let r = run(env.api(&server.base_url()).args([
        "files",
        "upload",
        "--url",
        "https://example.com/logo.png",
        "-d",
        "server-1",
    ]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nUploaded logo.png\n/logo.png\n--- stderr\n"
    );
    ok.assert_calls(1);

    let failing = server.mock(|when, then| {
        expect(
            when,
            POST,
            UPLOAD_PATH,
            "",
            Some(json!({"fid": 3, "name": "server-2", "url": "https://example.com/x.png"})),
        );
        json_reply(then, 500, json!({"error": "boom"}));
    });
    let r = run(env.api(&server.base_url()).args([
        "files",
        "upload",
        "--url",
        "https://example.com/x.png",
        "-d",
        "server-2",
    ]));
    assert_eq!(r.code, 1, "{}", r.transcript());
    // A POST: never repeated.
    failing.assert_calls(1);

    let r = run(env.api(&server.base_url()).args([
        "files",
        "upload",
        "--url",
        "ftp://x/y.png",
        "-d",
        "server-1",
    ]));
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(
        r.stderr.contains("'ftp://x/y.png' is not an http(s) URL"),
        "{}",
        r.stderr
    );
}

#[test]
fn cat_pages_what_is_longer_than_the_screen_sanitized() {
    use crate::common::screen::Pty;
    let env = TestEnv::new();
    let server = server();
    let long: String = (1..=30).map(|n| format!("line {n}\n")).collect();
    let long = format!("\u{1b}[2J{long}");
    let mock = server.mock(|when, then| {
        expect(
            when,
            GET,
            FILE_PATH,
            "name=server-1&fid=3&file_path=long.txt",
            None,
        );
        json_reply(then, 200, json!({"content": long, "path": "long.txt"}));
    });
    let short = server.mock(|when, then| {
        expect(
            when,
            GET,
            FILE_PATH,
            "name=server-1&fid=3&file_path=short.txt",
            None,
        );
        json_reply(
            then,
            200,
            json!({"content": "one line\n", "path": "short.txt"}),
        );
    });
    let base = server.base_url();
    let vars = [
        ("NEYNAR_API_URL", base.as_str()),
        ("NEYNAR_API_KEY", KEY),
        ("NEYNAR_FID", "3"),
        ("NO_COLOR", "1"),
        // A pager that marks each line, so the test sees it was used.
        ("PAGER", "sed s/^/P:/"),
    ];
    let pty = Pty::spawn(
        &env,
        &["files", "cat", "long.txt", "-d", "server-1"],
        10,
        80,
        &vars,
    );
    let screen = pty.finish(std::time::Duration::from_secs(30));
    let text = screen.contents();
    assert!(text.contains("P:line 30"), "{text}");
    // The escape sequence was shown, not run (the screen was not cleared by it).
    assert!(text.contains("P:"), "{text}");
    assert!(
        !screen.raw_text().contains("\u{1b}[2J"),
        "the pager got a raw escape"
    );
    mock.assert_calls(1);

    let pty = Pty::spawn(
        &env,
        &["files", "cat", "short.txt", "-d", "server-1"],
        10,
        80,
        &vars,
    );
    let text = pty.finish(std::time::Duration::from_secs(30)).contents();
    assert_eq!(text.trim_end(), "one line");
    short.assert_calls(1);
}
