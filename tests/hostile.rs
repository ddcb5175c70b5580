//! Issue 11, "Secrets and hostile input": each finding that is not the terminal writer's, as a
//! regression test named after it. Hostile servers, files and signals, all on loopback and in
//! the test's own temporary directory. Memory peaks are measured by `scripts/memory.sh`, not
//! here: no timing or RSS assertion in `cargo test`.

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use httpmock::prelude::*;
use serde_json::json;

use crate::common::script_server::{Reply, ScriptServer, Step, pause, write};
use crate::common::*;
use crate::emulator::{Emulator, http};

const GET_PATH: &str = "/v2/studio/deployment/by-name-and-fid";
const LIST_PATH: &str = "/v2/studio/deployment/";
const STREAM_PATH: &str = "/v2/studio/deployment/prompt/stream";

/// A loopback "proxy" that records the first line of every connection and answers 502.
struct Proxy {
    port: u16,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Proxy {
    fn start() -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = seen.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(mut conn) = conn else { continue };
                let mut line = String::new();
                let _ = conn.set_read_timeout(Some(Duration::from_secs(5)));
                let _ = BufReader::new(conn.try_clone().unwrap()).read_line(&mut line);
                record.lock().unwrap().push(line.trim_end().to_string());
                let _ = conn.write_all(
                    b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                );
            }
        });
        Proxy { port, seen }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

fn with_proxies(cmd: &mut assert_cmd::Command, proxy: &str) {
    for var in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        cmd.env(var, proxy);
    }
}

/// Finding 5: with `HTTP_PROXY`, `http_proxy` or `ALL_PROXY` set, a plain-http loopback API
/// URL sent the request, key included, in clear to the proxy.
#[test]
fn proxy_variables_never_carry_a_plain_http_loopback_request() {
    let env = TestEnv::new();
    let proxy = Proxy::start();
    let server = server();
    let get = server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, deployment("server-1", true));
    });
    let mut cmd = env.api(&server.base_url());
    with_proxies(&mut cmd, &proxy.url());
    let r = run(cmd.args(["deploy", "get", "server-1", "--json"]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(r.json()["name"], "server-1");
    get.assert_calls(1);
    assert_eq!(proxy.seen(), Vec::<String>::new());

    // https keeps honouring the environment: the proxy is asked to CONNECT to the API's host.
    let mut cmd = env.api("https://api.example.invalid");
    with_proxies(&mut cmd, &proxy.url());
    let r = run(cmd.args(["deploy", "get", "server-1"]));
    assert_eq!(r.code, 1, "{}", r.transcript());
    let seen = proxy.seen();
    assert!(!seen.is_empty());
    assert!(
        seen.iter()
            .all(|l| l.starts_with("CONNECT api.example.invalid:443 ")),
        "{seen:?}"
    );
}

/// A JSON answer with `body` as its exact bytes.
fn raw_json(body: &[u8]) -> Reply {
    let mut bytes = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    bytes.extend_from_slice(body);
    Reply::raw(vec![Step::Write(bytes)])
}

/// Memory: a 127 MiB body of `0,` peaked at 4.8 GB (`[],`: 3.2 GB). The bytes are capped at
/// 8 MiB, and what they parse into at 250,000 values: a body of tiny values well under the
/// byte cap is refused by the value budget.
#[test]
fn json_bodies_of_tiny_values_are_refused_by_the_value_budget() {
    let env = TestEnv::new();
    for unit in ["0,", "[],"] {
        let mut body = String::from("[");
        body.push_str(&unit.repeat(300_000));
        body.push_str("0]");
        let server = ScriptServer::start(vec![("GET", LIST_PATH, raw_json(body.as_bytes()))]);
        let r = run(env.api(&server.url()).args(["deploy", "list"]));
        assert_eq!(
            r.transcript(),
            "exit: 1\n--- stdout\n--- stderr\nerror: unexpected response from the API (HTTP 200 OK): the JSON body holds more than 250000 values; refusing to parse it\n",
            "{unit}"
        );
        // Not a transient fault: asked once.
        assert_eq!(server.to("GET", LIST_PATH).len(), 1);
    }
}

/// Memory: one 32 MiB stream event cost 1.25 GB. Its data is refused once it passes 4 MiB,
/// while it arrives; an event of tiny JSON values is refused by the value budget.
#[test]
fn a_32_mib_stream_event_is_refused_while_it_arrives() {
    let env = TestEnv::new();
    let line = format!("data: {}\n", "x".repeat((1 << 20) - 7));
    let mut steps = vec![write("data: {\"type\":\"connection\"}\n\n")];
    for _ in 0..32 {
        steps.push(write(&line));
    }
    let tiny = format!("data: [{}0]\n\n", "0,".repeat(300_000));
    for (body, error) in [
        (
            Reply::sse(steps),
            "error: the stream broke before the generation finished: the stream sent an event larger than 4 MiB",
        ),
        (
            Reply::sse(vec![write(&tiny)]),
            "error: the stream broke before the generation finished: the stream sent an event holding more than 250000 JSON values",
        ),
    ] {
        let server = ScriptServer::start(vec![
            (
                "GET",
                GET_PATH,
                Reply::json(200, &deployment("server-1", true)),
            ),
            ("POST", STREAM_PATH, body),
        ]);
        let r = run(env
            .api(&server.url())
            .args(["deploy", "prompt", "server-1", "go", "-q"]));
        assert_eq!(r.code, 1, "{}", r.transcript());
        let first_error = r.stderr.lines().find(|l| l.starts_with("error:"));
        assert_eq!(first_error, Some(error), "{}", r.stderr);
        assert_eq!(server.to("POST", STREAM_PATH).len(), 1);
    }
}

/// A list server whose pages never run short: `limit` fresh deployments for every offset.
fn endless_pages() -> (u16, Arc<Mutex<usize>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let pages = Arc::new(Mutex::new(0));
    let count = pages.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            let mut head = String::new();
            let mut reader = BufReader::new(conn.try_clone().unwrap());
            let _ = reader.read_line(&mut head);
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
            }
            let target = head.split_whitespace().nth(1).unwrap_or("").to_string();
            let param = |name: &str| -> usize {
                url_param(&target, name)
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0)
            };
            let (limit, offset) = (param("limit").max(1), param("offset"));
            // Under `/fat/`, each deployment carries a 4 KiB display name.
            let fat = if target.starts_with("/fat/") { 4096 } else { 0 };
            let items: Vec<String> = (offset..offset + limit)
                .map(|i| {
                    format!(
                        r#"{{"id":"id-{i}","name":"server-{i}","display_name":"{}"}}"#,
                        "n".repeat(fat)
                    )
                })
                .collect();
            let body = format!("[{}]", items.join(","));
            *count.lock().unwrap() += 1;
            let _ = conn.write_all(
                format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                )
                .as_bytes(),
            );
        }
    });
    (port, pages)
}

fn url_param(target: &str, name: &str) -> Option<String> {
    let query = target.split_once('?')?.1;
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name).then(|| v.to_string())
    })
}

/// Memory: `deploy list --all` against pages that never run short reached 9.4 GB after a
/// minute, still growing. It stops past 10,000 deployments, exit 1, saying how to go on.
#[test]
fn list_all_against_pages_that_never_run_short_stops_at_its_cap() {
    let env = TestEnv::new();
    let (port, pages) = endless_pages();
    let r = run(env
        .api(&format!("http://127.0.0.1:{port}"))
        .args(["deploy", "list", "--all", "--limit", "1000"]));
    assert_eq!(
        r.transcript(),
        "exit: 1\n--- stdout\n--- stderr\nerror: `deploy list --all` stopped: more than 10000 deployments\nhint: narrow it with --query, or page by hand with --limit and --offset\n"
    );
    assert_eq!(*pages.lock().unwrap(), 11);

    // Large deployments meet the byte budget first: 8 MiB of pages, some 2,000 of them.
    let (port, pages) = endless_pages();
    let r = run(env
        .api(&format!("http://127.0.0.1:{port}/fat"))
        .args(["deploy", "list", "--all", "--limit", "100"]));
    assert_eq!(
        r.transcript(),
        "exit: 1\n--- stdout\n--- stderr\nerror: `deploy list --all` stopped: the pages together are larger than 8 MiB\nhint: narrow it with --query, or page by hand with --limit and --offset\n"
    );
    assert_eq!(*pages.lock().unwrap(), 21);
}

/// Memory: local reads were uncapped: `--image /dev/zero`, `--file /dev/zero`,
/// `associate --file /dev/zero`, a config file linked to `/dev/zero`.
#[test]
fn local_reads_of_dev_zero_stop_at_their_caps() {
    let env = TestEnv::new();
    let api = format!("http://127.0.0.1:{}", closed_port());
    let cases: [(&[&str], &str); 3] = [
        (
            &["deploy", "prompt", "server-1", "go", "--image", "/dev/zero"],
            "error: image /dev/zero is larger than 5 MiB; images may be at most 5 MiB\n",
        ),
        (
            &["deploy", "prompt", "server-1", "--file", "/dev/zero"],
            "error: the prompt file /dev/zero is larger than 2 MiB\n",
        ),
        (
            &["deploy", "associate", "server-1", "--file", "/dev/zero"],
            "error: the association file /dev/zero is larger than 1 MiB; an association is a few hundred bytes\n",
        ),
    ];
    for (args, stderr) in cases {
        let r = run(env.api(&api).args(args));
        assert_eq!(
            r.transcript(),
            format!("exit: 2\n--- stdout\n--- stderr\n{stderr}"),
            "{args:?}"
        );
    }

    // Images are capped together too (each is held twice: base64, then in the JSON body).
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.resize(9 << 19, 0);
    for name in ["a.png", "b.png"] {
        std::fs::write(env.home().join(name), &png).unwrap();
    }
    let r = run(env.api(&api).args([
        "deploy", "prompt", "server-1", "go", "--image", "a.png", "--image", "b.png",
    ]));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: the images are larger than 8 MiB together; send fewer or smaller ones\n"
    );

    // The same cap on stdin, which used to be cut there silently.
    let r = run(env
        .api(&api)
        .args(["deploy", "associate", "server-1", "-"])
        .write_stdin(vec![b'{'; (1 << 20) + 1]));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: the association from stdin is larger than 1 MiB; an association is a few hundred bytes\n"
    );

    // A line from stdin (the key for `config set api-key -`) has its cap too.
    let r = run(env
        .cmd()
        .args(["config", "set", "api-key", "-"])
        .write_stdin(vec![b'k'; 100 << 10]));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: the line read from stdin is longer than 64 KiB\n"
    );
    assert!(!env.config_path().exists());

    let link = env.home().join("zero.toml");
    std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
    let r = run(env
        .api(&api)
        .env("NEYNAR_STUDIO_CONFIG", &link)
        .args(["deploy", "get", "server-1"]));
    assert_eq!(
        r.transcript(),
        format!(
            "exit: 3\n--- stdout\n--- stderr\nerror: config file {} is larger than 1 MiB; a config file is a few lines\nhint: check that --config or NEYNAR_STUDIO_CONFIG names the right file\n",
            link.display()
        )
    );
}

/// Environment variables added to a run.
type Extra<'a> = Vec<(&'a str, OsString)>;

/// The binary with the test environment, its pipes captured, for signalling.
fn spawn(env: &TestEnv, api: &str, args: &[&str], extra: &[(&str, OsString)]) -> Child {
    let mut cmd = env.api_process(api, args);
    cmd.env("PATH", std::env::var_os("PATH").unwrap_or_default());
    for (k, v) in extra {
        cmd.env(k, v);
    }
    cmd.spawn().expect("start the binary")
}

/// Sends `signal` and waits for the end (a generous limit: a failure, not a timing check).
fn signal(mut child: Child, signal: libc::c_int) -> Run {
    // SAFETY: signalling our own child process.
    unsafe { libc::kill(child.id() as i32, signal) };
    let sent = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if sent.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("still running 20 s after signal {signal}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let output = child.wait_with_output().unwrap();
    let r = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert_clean(&r);
    r
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

/// Faults: a FIFO as config, `--file` or `--image` blocked the only runtime thread, and
/// Ctrl-C was ignored. Each read now runs on the blocking pool: SIGINT ends the run, exit 130.
/// (`config init` reads the file on the runtime thread still: it is another change's.)
#[test]
fn a_fifo_nobody_writes_does_not_block_ctrl_c() {
    let env = TestEnv::new();
    let fifo = env.home().join("fifo");
    mkfifo(&fifo);
    let api = format!("http://127.0.0.1:{}", closed_port());
    let f = fifo.to_str().unwrap();
    let as_config = || vec![("NEYNAR_STUDIO_CONFIG", fifo.clone().into_os_string())];
    let cases: [(&[&str], Extra); 7] = [
        (&["deploy", "prompt", "server-1", "--file", f], vec![]),
        (
            &["deploy", "prompt", "server-1", "go", "--image", f],
            vec![],
        ),
        (&["deploy", "associate", "server-1", "--file", f], vec![]),
        (&["deploy", "get", "server-1"], as_config()),
        (&["config", "show"], as_config()),
        (&["config", "set", "fid", "4"], as_config()),
        (&["config", "unset", "fid"], as_config()),
    ];
    for (args, extra) in cases {
        let child = spawn(&env, &api, args, &extra);
        // Time to reach the blocking open; the test only fails if the signal is ignored.
        std::thread::sleep(Duration::from_millis(500));
        let r = signal(child, libc::SIGINT);
        assert_eq!(
            r.transcript(),
            "exit: 130\n--- stdout\n--- stderr\nerror: interrupted\n",
            "{args:?}"
        );
    }
}

/// Faults: `Retry-After: 1000000000` was clamped to 60 s and waited out, past `--timeout`.
#[test]
fn a_retry_after_past_the_timeout_fails_at_once_with_exit_5() {
    let env = TestEnv::new();
    let server = server();
    let limited = server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 429, json!({"error": "slow down"})).header("retry-after", "1000000000");
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "get", "server-1", "--timeout", "5s"]));
    assert_eq!(
        r.transcript(),
        "exit: 5\n--- stdout\n--- stderr\nerror: the API asked to retry after 277777h 46m, past the timeout of 5.0s; giving up now\nhint: try again later, or allow longer with --timeout\n"
    );
    limited.assert_calls(1);

    let r =
        run(env
            .api(&server.base_url())
            .args(["deploy", "wait", "server-1", "--timeout", "5s"]));
    assert_eq!(
        r.transcript(),
        "exit: 5\n--- stdout\n--- stderr\nerror: the API asked to retry after 277777h 46m, past the timeout of 5.0s; giving up now\nhint: try again later, or allow longer with --timeout\n"
    );
    limited.assert_calls(2);
}

/// Faults: `--timeout 10000000000000000000s deploy wait` panicked (exit 101). Every duration
/// flag refuses what it cannot represent, exit 2, naming the range.
#[test]
fn absurd_durations_are_refused_naming_the_range() {
    let env = TestEnv::new();
    let api = format!("http://127.0.0.1:{}", closed_port());
    let cases: [(&[&str], &str, &str); 4] = [
        (
            &[
                "--timeout",
                "10000000000000000000s",
                "deploy",
                "wait",
                "server-1",
            ],
            "--timeout <DUR>",
            "'10000000000000000000s' is too long: a duration may be at most 30 days (30d)",
        ),
        (
            &["deploy", "wait", "server-1", "--interval", "31d"],
            "--interval <DUR>",
            "'31d' is too long: a duration may be at most 30 days (30d)",
        ),
        (
            &[
                "deploy",
                "prompt",
                "server-1",
                "go",
                "--idle-timeout",
                "1e19s",
            ],
            "--idle-timeout <DUR>",
            "'1e19s' is not a duration; use forms like 90s, 5m, 1h30m (at most 30 days (30d))",
        ),
        (
            &["emulator", "--ready-after", "10000000000000000000s"],
            "--ready-after <DUR>",
            "'10000000000000000000s' is too long: a duration may be at most 30 days (30d)",
        ),
    ];
    for (args, flag, why) in cases {
        let r = run(env.api(&api).args(args));
        let value = args[args.iter().position(|a| a.starts_with("--")).unwrap() + 1];
        // The command's words, for the help hint: `deploy wait`, `emulator`.
        let words: Vec<&str> = args
            .iter()
            .copied()
            .filter(|a| ["deploy", "wait", "prompt", "emulator"].contains(a))
            .collect();
        assert_eq!(
            r.transcript(),
            format!(
                "exit: 2\n--- stdout\n--- stderr\nerror: invalid value '{value}' for '{flag}': {why}\nhint: see `neynar-studio {} --help`\n",
                words.join(" ")
            ),
            "{args:?}"
        );
    }
    let r = run(env
        .api(&api)
        .args(["emulator", "--port", "0", "--latency", "1e19s"]));
    assert_eq!(r.code, 2, "{}", r.transcript());
}

/// A user id with no passwd entry, as arbitrary-UID containers run with.
const NO_PASSWD_UID: u32 = 54_321;

/// Faults: with no HOME and no passwd entry (arbitrary-UID containers) every command exited
/// 3, even with the key, FID and URL all in the environment. Run as a uid with no passwd
/// entry when the tests run as root (as here), so that no home directory can be found at all;
/// otherwise with no HOME and no XDG variables only.
#[test]
fn the_environment_alone_works_without_home_or_xdg_dirs() {
    use std::os::unix::process::CommandExt;
    let server = server();
    let get = server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, deployment("server-1", true));
    });
    let list = server.mock(|when, then| {
        expect(when, GET, LIST_PATH, "fid=3", None);
        json_reply(then, 200, json!([deployment("server-1", true)]));
    });
    // SAFETY: getuid has no preconditions.
    let root = unsafe { libc::getuid() } == 0;
    let homeless = |args: &[&str]| {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("neynar-studio"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("NEYNAR_API_URL", server.base_url())
            .env("NEYNAR_API_KEY", KEY)
            .env("NEYNAR_FID", FID.to_string())
            .current_dir("/")
            .args(args);
        if root {
            cmd.uid(NO_PASSWD_UID).gid(NO_PASSWD_UID);
        }
        let output = cmd.output().unwrap();
        let r = Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        assert_clean(&r);
        r
    };
    let r = homeless(&["deploy", "get", "server-1", "--json"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(r.json()["name"], "server-1");
    assert_eq!(r.stderr, "");
    let r = homeless(&["deploy", "wait", "server-1", "-q"]);
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nserver-1 is ready: https://server-1.studio.neynar.com\n--- stderr\n"
    );
    let r = homeless(&["deploy", "list", "--json"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    get.assert_calls(2);
    list.assert_calls(1);
    if root {
        // Nothing to find: the commands that need the file say so, exit 3.
        let r = homeless(&["config", "show"]);
        assert_eq!(
            r.transcript(),
            "exit: 3\n--- stdout\n--- stderr\nerror: cannot find a config directory (is HOME set?)\nhint: point NEYNAR_STUDIO_CONFIG at a config file\n"
        );
    }
}

/// Waits until `server` has seen a request to `path`.
fn until_asked(server: &ScriptServer, method: &str, path: &str) {
    let started = Instant::now();
    while server.to(method, path).is_empty() {
        assert!(started.elapsed() < Duration::from_secs(20), "never asked");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Faults: SIGTERM and SIGHUP left the spinner line (and, at the hidden prompt, the echo off);
/// they now end a run as Ctrl-C does, with 143 and 129.
#[test]
fn sigterm_and_sighup_end_a_stream_or_a_wait_with_143_and_129() {
    let env = TestEnv::new();
    let server = prompt_server(vec![
        write("data: {\"type\":\"connection\",\"message\":\"Streaming started\"}\n\n"),
        pause(30_000),
    ]);
    let child = spawn(
        &env,
        &server.url(),
        &["deploy", "prompt", "server-1", "make it purple", "--detach"],
        &[],
    );
    until_asked(&server, "POST", STREAM_PATH);
    std::thread::sleep(Duration::from_millis(200));
    let r = signal(child, libc::SIGTERM);
    assert_eq!(r.code, 143, "{}", r.transcript());
    // With --detach nothing is cancelled. The last lines are the interrupt's, worded for the
    // signal (what comes before them is the stream renderer's).
    assert!(
        r.stderr.ends_with("\nerror: terminated (SIGTERM)\nhint: the generation is still running on the server; cancel it with `neynar-studio deploy cancel server-1`\n"),
        "{}",
        r.stderr
    );

    let never_ready = ScriptServer::start(vec![(
        "GET",
        GET_PATH,
        Reply::json(200, &deployment("server-1", false)),
    )]);
    for (sig, code, word) in [
        (libc::SIGTERM, 143, "terminated (SIGTERM)"),
        (libc::SIGHUP, 129, "hung up (SIGHUP)"),
    ] {
        let child = spawn(
            &env,
            &never_ready.url(),
            &["deploy", "wait", "server-1"],
            &[],
        );
        until_asked(&never_ready, "GET", GET_PATH);
        std::thread::sleep(Duration::from_millis(200));
        let r = signal(child, sig);
        assert_eq!(
            r.transcript(),
            format!("exit: {code}\n--- stdout\n--- stderr\nerror: {word}\n")
        );
    }
}

/// Faults: `config set` through a symlinked config replaced the link with a file.
#[test]
fn config_set_through_a_symlink_writes_its_target_and_keeps_the_link() {
    let env = TestEnv::new();
    let dotfiles = env.home().join("dotfiles");
    std::fs::create_dir_all(&dotfiles).unwrap();
    let target = dotfiles.join("neynar.toml");
    std::fs::write(&target, "# mine\nfid = 1\n").unwrap();
    set_mode(&target, 0o600);
    let link = env.config_path();
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();

    let r = run(env.cmd().args(["config", "set", "fid", "42"]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_link(&link).unwrap(), target);
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "# mine\nfid = 42\n"
    );
    assert_eq!(mode(&target), 0o600);
    // Atomic: written by a temp file renamed in the target's directory, none left over.
    let left: Vec<_> = std::fs::read_dir(&dotfiles)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, [std::ffi::OsString::from("neynar.toml")]);
}

/// Faults: a wrongly typed value was quoted in the error: a key put under `fid` was printed.
#[test]
fn a_key_under_fid_is_not_quoted_by_the_type_error() {
    let env = TestEnv::new();
    env.write_config(&format!("fid = \"{KEY}\"\n"));
    let mut cmd = env.cmd();
    cmd.env(
        "NEYNAR_API_URL",
        format!("http://127.0.0.1:{}", closed_port()),
    );
    let r = run(cmd.args(["deploy", "get", "server-1"]));
    assert_eq!(
        r.transcript(),
        format!(
            "exit: 3\n--- stdout\n--- stderr\nerror: invalid config file {}, line 1, column 7: the wrong type (found text, expected a whole number; the value is not shown)\nhint: fix that line, or move the file away and run `neynar-studio config init`\n",
            env.config_path().display()
        )
    );
}

/// Sanitizing: names from the server were stored and replayed unchecked (a name holding OSC 52
/// and a newline was written by every later `deploy wait`). `create` now checks it with the
/// rule of typed names: exit 1, nothing stored.
#[test]
fn a_created_name_with_escapes_or_a_newline_is_refused_and_not_stored() {
    let env = TestEnv::new();
    let server = server();
    for name in ["evil\u{1b}]52;c;aGk=\u{7}", "server-1\nserver-2"] {
        let mut create = server.mock(|when, then| {
            expect(when, POST, LIST_PATH, "", Some(json!({"fid": FID})));
            json_reply(then, 200, deployment(name, false));
        });
        let r = run(env.api(&server.base_url()).args(["deploy", "create"]));
        let escaped: String = name.escape_debug().collect();
        assert_eq!(
            r.transcript(),
            format!(
                "exit: 1\n--- stdout\n--- stderr\nerror: the API answered with an invalid deployment name (\"{escaped}\"); it was not used or stored\nhint: find the deployment with `neynar-studio deploy list`; if this persists, report it to Neynar\n"
            )
        );
        create.assert_calls(1);
        create.delete();
        assert_eq!(env.current(), None);
        assert!(!env.state_path().exists());
    }
}

/// Emulator: `GET /` listed every deployment of every FID without a key.
#[test]
fn the_emulator_index_lists_deployments_only_to_the_key_holder() {
    let emu = Emulator::start(&["--ready-after", "0s", "--api-key", "emu-key-1"]);
    let (status, body) = http(
        emu.port,
        "POST",
        "/v2/studio/deployment/",
        Some("emu-key-1"),
        Some(r#"{"fid": 3}"#),
    );
    assert_eq!(status, 200, "{body}");
    let created: serde_json::Value = serde_json::from_str(&body).unwrap();
    let name = created["name"].as_str().unwrap().to_string();

    for key in [None, Some("wrong")] {
        let (status, page) = http(emu.port, "GET", "/", key, None);
        assert_eq!(status, 200);
        assert!(!page.contains(&name), "{page}");
        assert!(page.contains("<p>1 deployments of 1 FIDs."), "{page}");
    }
    let (_, page) = http(emu.port, "GET", "/", Some("emu-key-1"), None);
    assert!(
        page.contains(&format!(
            "<li><a href=\"/apps/{name}/\">{name}</a> (fid 3)</li>"
        )),
        "{page}"
    );

    // Without --api-key nobody holds the key: counts only.
    let open = Emulator::start(&["--ready-after", "0s"]);
    http(
        open.port,
        "POST",
        "/v2/studio/deployment/",
        Some("k"),
        Some(r#"{"fid": 3}"#),
    );
    let (_, page) = http(open.port, "GET", "/", Some("k"), None);
    assert!(page.contains("<p>1 deployments of 1 FIDs."), "{page}");
    assert!(!page.contains("<li>"), "{page}");
}

/// Emulator: request bodies are capped (32 MiB): a larger one is answered 413 with a JSON
/// error, not read whole.
#[test]
fn the_emulator_refuses_an_oversized_body_with_413() {
    let emu = Emulator::start(&["--ready-after", "0s"]);
    let conn = std::net::TcpStream::connect(("127.0.0.1", emu.port)).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let size = 33usize << 20;
    let mut writer = conn.try_clone().unwrap();
    // The server stops reading at the cap and answers: writing the rest may then fail.
    let sending = std::thread::spawn(move || {
        let head = format!(
            "POST /v2/studio/deployment/ HTTP/1.1\r\nhost: 127.0.0.1\r\nx-api-key: k\r\ncontent-type: application/json\r\ncontent-length: {size}\r\nconnection: close\r\n\r\n"
        );
        let _ = writer.write_all(head.as_bytes());
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..33 {
            if writer.write_all(&chunk).is_err() {
                break;
            }
        }
    });
    let mut raw = Vec::new();
    let _ = (&conn).read_to_end(&mut raw);
    let _ = sending.join();
    let text = String::from_utf8_lossy(&raw);
    assert!(text.starts_with("HTTP/1.1 413 "), "{text}");
    assert!(
        text.ends_with(r#"{"error":"Request body too large"}"#),
        "{text}"
    );
}

/// The direct child of `parent`, from `/proc/*/stat`.
fn child_of(parent: u32) -> Option<u32> {
    std::fs::read_dir("/proc").ok()?.find_map(|entry| {
        let pid: u32 = entry.ok()?.file_name().to_str()?.parse().ok()?;
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // The command name is in parentheses and may hold spaces: fields start after the last ')'.
        let ppid: u32 = stat
            .rsplit_once(')')?
            .1
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()?;
        (ppid == parent).then_some(pid)
    })
}

/// Faults: SIGTERM or SIGHUP at `config init`'s hidden prompt left the terminal with echo off.
/// They restore it as Ctrl-C does, and exit 143 and 129.
#[test]
fn sigterm_and_sighup_at_the_hidden_key_prompt_give_the_echo_back() {
    use crate::common::terminal::Terminal;
    let bin = assert_cmd::cargo::cargo_bin("neynar-studio");
    for (sig, code, word) in [
        (libc::SIGTERM, 143, "terminated (SIGTERM)"),
        (libc::SIGHUP, 129, "hung up (SIGHUP)"),
    ] {
        let env = TestEnv::new();
        // The shell says who it is, runs the prompt, then shows the exit code and the modes.
        let shell = format!(
            "echo \"shell=$$\"; {} config init --fid 3; echo \"exit=$?\"; stty -a",
            bin.display()
        );
        let mut term = Terminal::start(&env, "http://127.0.0.1:9", &shell);
        term.wait_for("Neynar API key (input hidden): ");
        let screen = term.screen();
        let shell_pid: u32 = screen
            .split("shell=")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|pid| pid.parse().ok())
            .unwrap_or_else(|| panic!("no shell pid in {screen:?}"));
        let pid = child_of(shell_pid).expect("the binary under the shell");
        // SAFETY: signalling a process this test started.
        unsafe { libc::kill(pid as i32, sig) };
        term.wait_for("exit=");
        term.wait_for("speed");
        let screen = term.screen();
        let _ = term.child.kill();
        let _ = term.child.wait();
        assert!(
            screen.contains(&format!("{word}\r\nexit={code}\r\n")),
            "{screen:?}"
        );
        let modes = &screen[screen.find("speed").unwrap()..];
        assert!(
            modes.split_whitespace().any(|flag| flag == "echo"),
            "echo is still off after signal {sig} at the hidden prompt:\n{modes}"
        );
        assert!(!env.config_path().exists());
    }
}
