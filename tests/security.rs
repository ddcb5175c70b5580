//! Security properties, each a test that fails if it breaks: the key never printed (even when
//! the server echoes it back, even with -v, on every path), nothing from the server reaching
//! the terminal raw, plain http refused before any connection.
//!
//! Elsewhere: `config::init_reads_the_key_from_stdin_and_writes_0600_in_a_0700_dir` and
//! `config::a_config_readable_by_others_gets_a_warning` (file modes);
//! `faults::redirects_to_another_host_are_not_followed` (the key stays put);
//! `delete::delete_all_off_a_terminal_needs_yes_and_sends_nothing`; the `hits` of every fault in
//! `faults` (a POST is never sent twice); `error::tests::the_panic_text_holds_no_secret`.

use std::net::{TcpListener, UdpSocket};

use serde_json::{Value, json};

use crate::common::script_server::{Reply, ScriptServer, write};
use crate::common::*;
use crate::emulator::Emulator;

const GET_PATH: &str = "/v2/studio/deployment/by-name-and-fid";
const LIST_PATH: &str = "/v2/studio/deployment/";
const STREAM_PATH: &str = "/v2/studio/deployment/prompt/stream";

#[test]
fn a_server_echoing_the_key_cannot_make_us_print_it() {
    let env = TestEnv::new();
    let echo = format!("your key is {KEY}");
    let mut d = deployment("server-1", true);
    d["display_name"] = json!(echo);
    let events = vec![
        write(format!(
            "data: {}\n\n",
            json!({"type": "assistant", "message": echo})
        )),
        write(format!(
            "data: {}\n\n",
            json!({"type": "result", "subtype": "success", "result": echo})
        )),
    ];
    let server = ScriptServer::start(vec![
        ("GET", GET_PATH, Reply::json(200, &d)),
        ("GET", LIST_PATH, Reply::json(200, &json!([d]))),
        ("POST", STREAM_PATH, Reply::sse(events)),
        (
            "POST",
            LIST_PATH,
            Reply::json(401, &json!({"error": format!("invalid key {KEY}")})),
        ),
        (
            "DELETE",
            LIST_PATH,
            Reply::raw(vec![write(format!(
                "HTTP/1.1 302 Found\r\nlocation: https://evil.example/?k={KEY}\r\ncontent-length: 0\r\n\r\n"
            ))]),
        ),
    ]);
    let runs: Vec<(&[&str], bool)> = vec![
        (&["deploy", "get", "server-1"], true),
        (&["deploy", "get", "server-1", "--json"], true),
        (&["-v", "deploy", "list"], true),
        (&["deploy", "list", "--json"], true),
        (&["deploy", "prompt", "server-1", "go now"], true),
        (&["deploy", "prompt", "server-1", "go now", "--json"], true),
        (&["-q", "deploy", "prompt", "server-1", "go now"], true),
        (&["-v", "deploy", "create"], false),
        (&["-v", "deploy", "delete", "server-1"], false),
    ];
    for (args, ok) in runs {
        // `run` fails the test if the key shows anywhere.
        let r = run(env.api(&server.url()).args(args));
        assert_eq!(r.code == 0, ok, "{args:?}: {}", r.transcript());
        assert!(
            r.stdout.contains("****") || r.stderr.contains("****"),
            "{args:?}: the echo was not exercised:\n{}",
            r.transcript()
        );
    }
}

#[test]
fn the_key_stays_out_of_every_command_even_verbose() {
    let emu = Emulator::start(&["--ready-after", "0s", "--speed", "50"]);
    let env = TestEnv::new();
    let api = |args: &[&str]| {
        let mut cmd = env.cmd();
        cmd.env("NEYNAR_API_URL", &emu.url)
            .env("NEYNAR_API_KEY", KEY)
            .env("NEYNAR_FID", "3")
            .arg("-v")
            .args(args);
        run(&mut cmd)
    };
    let r = api(&["deploy", "create", "--wait"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let name = r.stdout.lines().next().unwrap().to_string();
    let association = neynar_studio::jfs::sign_app_key(&[1; 32], 3, &format!("{name}.localhost"));
    std::fs::write(env.home().join("a.json"), json!(association).to_string()).unwrap();
    for args in [
        vec!["deploy", "get"],
        vec!["deploy", "get", "--json"],
        vec!["deploy", "list"],
        vec!["deploy", "wait"],
        vec!["deploy", "prompt", "a counter app"],
        vec!["deploy", "prompt", "a counter app", "--json"],
        vec!["deploy", "prompt", "more of it", "--no-stream"],
        vec!["deploy", "associate", "--file", "a.json"],
        vec!["deploy", "associate", "--show"],
        vec!["deploy", "use", &name],
        vec!["config", "show"],
        vec!["config", "show", "--json"],
        vec!["deploy", "get", "server-404"],
        vec!["deploy", "delete", &name],
    ] {
        let r = api(&args);
        assert!(
            r.stderr.contains(" -> ") || args[0] == "config",
            "{args:?}: no trace:\n{}",
            r.stderr
        );
    }
    // Error paths: no server, a failing server, a broken config.
    let port = closed_port();
    let mut cmd = env.cmd();
    run(cmd
        .env("NEYNAR_API_URL", format!("http://127.0.0.1:{port}"))
        .env("NEYNAR_API_KEY", KEY)
        .env("NEYNAR_FID", "3")
        .args(["-v", "deploy", "list"]));
    env.write_config(&format!("api_key = \"{KEY}\"\nfid = [\n"));
    let r = run(env.cmd().args(["-v", "deploy", "list"]));
    assert_eq!(r.code, 3);
    env.write_config(&format!("api_key = \"{KEY} with a space\"\nfid = 3\n"));
    let r = run(env.cmd().args(["deploy", "list"]));
    assert_eq!(r.code, 3);
    assert_eq!(
        r.stderr,
        "error: the API key from file is not usable: the API key contains whitespace or control characters\n"
    );
}

/// The first non-loopback IPv4 address of this machine, if it has one.
fn outward_ip() -> Option<std::net::IpAddr> {
    let socket = UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("10.255.255.255:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

#[test]
fn plain_http_to_another_host_is_refused_before_any_connection() {
    let Some(ip) = outward_ip() else {
        eprintln!(
            "no non-loopback address here; covered by errors::plain_http_to_another_host_is_refused_before_connecting"
        );
        return;
    };
    let listener = TcpListener::bind((ip, 0)).unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let env = TestEnv::new();
    for args in [
        vec!["deploy", "list"],
        vec!["deploy", "create"],
        vec!["deploy", "prompt", "server-1", "x y"],
    ] {
        let r = run(env.api(&format!("http://{ip}:{port}")).args(&args));
        assert_eq!(r.code, 2, "{}", r.transcript());
        assert!(
            r.stderr.starts_with(&format!(
                "error: refusing to send the API key over plain http:// to {ip}"
            )),
            "{}",
            r.stderr
        );
    }
    assert!(
        matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "a connection was made"
    );
}

/// What a hostile server puts in every string: terminal escapes (title, clear screen), BEL,
/// a C1 CSI, a bidi override, CR, backspace, DEL.
const HOSTILE: &str = "x\u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}31m\u{202e}evil\r\u{8}\u{7f}y";

fn assert_nothing_raw(what: &str, text: &str) {
    for c in text.chars() {
        let bad = matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        assert!(!bad, "{what}: a raw {:?} reached the output:\n{text}", c);
    }
}

fn hostile_deployment() -> Value {
    json!({
        "id": HOSTILE, "name": HOSTILE, "namespace": HOSTILE, "display_name": HOSTILE,
        "is_ready": true, "url": format!("https://{HOSTILE}.example"), "created_at": HOSTILE,
        "updated_at": HOSTILE, "deleted_at": null, "status": HOSTILE, "github_url": HOSTILE,
        "dev_server_state": HOSTILE, "generated_app_exists": true, "generated_app_serving": true,
        HOSTILE: HOSTILE
    })
}

#[test]
fn nothing_from_the_server_reaches_the_terminal_raw() {
    let env = TestEnv::new();
    let h = HOSTILE;
    let events: Vec<String> = vec![
        json!({"type": "connection", "message": h}).to_string(),
        json!({"type": "system", "subtype": "init", "session_id": h, "model": h, "cwd": h, "permissionMode": h, "tools": [h]}).to_string(),
        json!({"type": "system", "subtype": h, "status": h}).to_string(),
        json!({"type": h}).to_string(),
        format!("not json {h}"),
        json!({"type": "stream_event", "event": {"delta": {"type": "text_delta", "text": h}}}).to_string(),
        json!({"type": "assistant", "message": {"content": [{"type": "thinking", "thinking": h}, {"type": "text", "text": h}, {"type": "tool_use", "id": h, "name": h, "input": {"file_path": h, "command": h}}]}}).to_string(),
        json!({"type": "assistant", "message": {"content": [{"type": "tool_use", "id": "t", "name": "TodoWrite", "input": {"todos": [{"status": "in_progress", "activeForm": h}]}}]}}).to_string(),
        json!({"type": "user", "message": {"content": [{"type": "tool_result", "tool_use_id": h, "content": h, "is_error": true}]}}).to_string(),
        json!({"type": "user", "message": {"content": [{"type": "tool_result", "content": [{"type": "text", "text": h}]}]}}).to_string(),
        json!({"type": "error", "message": h}).to_string(),
        json!({"type": "result", "subtype": h, "is_error": true, "result": h}).to_string(),
    ];
    let stream: Vec<_> = events
        .iter()
        .map(|e| write(format!("data: {}\n\n", e.replace('\n', "\ndata: "))))
        .collect();
    let d = hostile_deployment();
    let server = ScriptServer::start(vec![
        ("GET", GET_PATH, Reply::json(200, &d)),
        (
            "GET",
            LIST_PATH,
            Reply::json(200, &json!({"deployments": [d, d]})),
        ),
        ("POST", LIST_PATH, Reply::json(200, &d)),
        (
            "DELETE",
            LIST_PATH,
            Reply::json(200, &json!({"success": true, "deletedCount": h})),
        ),
        ("POST", STREAM_PATH, Reply::sse(stream)),
        (
            "POST",
            "/v2/studio/deployment/prompt",
            Reply::json(200, &json!({"response": h})),
        ),
        (
            "POST",
            "/v2/studio/deployment/account-association",
            Reply::json(200, &json!({"success": true, "message": h})),
        ),
        (
            "GET",
            "/v2/studio/deployment/account-association",
            Reply::json(200, &json!({"header": h, "payload": h, "signature": h})),
        ),
    ]);
    let refusing = ScriptServer::start(vec![(
        "GET",
        GET_PATH,
        Reply::json(400, &json!({"error": h})),
    )]);
    let jfs: Value = serde_json::from_str(include_str!("fixtures/jfs.json")).unwrap();
    let a = &jfs["custody_fid3"];
    let compact = format!(
        "{}.{}.{}",
        a["header"].as_str().unwrap(),
        a["payload"].as_str().unwrap(),
        a["signature"].as_str().unwrap()
    );
    let commands: Vec<Vec<&str>> = vec![
        vec!["deploy", "get", "server-1"],
        vec!["deploy", "list"],
        vec!["deploy", "create", "--wait"],
        vec!["deploy", "wait", "server-1"],
        vec!["deploy", "use", "server-1"],
        vec!["deploy", "delete", "server-1"],
        vec!["deploy", "delete", "--all", "--yes"],
        vec!["-v", "deploy", "prompt", "server-1", "go now"],
        vec!["deploy", "prompt", "server-1", "go now", "--no-stream"],
        vec!["-q", "deploy", "prompt", "server-1", "go now"],
        vec!["deploy", "associate", "server-1", "-", "--skip-verify"],
        vec!["deploy", "associate", "server-1", "-"],
        vec!["deploy", "associate", "--show", "server-1"],
    ];
    for args in &commands {
        for json_flag in [false, true] {
            let mut cmd = env.api(&server.url());
            cmd.args(args).write_stdin(compact.clone());
            if json_flag {
                cmd.arg("--json");
            }
            let r = run(&mut cmd);
            let what = format!("{args:?} json={json_flag}");
            assert_nothing_raw(&what, &r.stdout);
            assert_nothing_raw(&what, &r.stderr);
        }
    }
    for args in [
        vec!["deploy", "get", "server-1"],
        vec!["deploy", "prompt", "server-1", "go now"],
    ] {
        let r = run(env.api(&refusing.url()).args(&args));
        assert_eq!(r.code, 6, "{}", r.transcript());
        assert_nothing_raw("error message", &r.stderr);
    }
    let queued = ScriptServer::start(vec![
        (
            "GET",
            GET_PATH,
            Reply::json(200, &deployment("server-1", true)),
        ),
        (
            "POST",
            STREAM_PATH,
            Reply::json(
                202,
                &json!({"queued": true, "session_id": h, "conversation_id": h}),
            ),
        ),
    ]);
    for extra in [None, Some("--json")] {
        let mut cmd = env.api(&queued.url());
        cmd.args(["deploy", "prompt", "server-1", "go now"]);
        if let Some(e) = extra {
            cmd.arg(e);
        }
        let r = run(&mut cmd);
        assert_eq!(r.code, 0, "{}", r.transcript());
        assert_nothing_raw("queued", &r.stdout);
    }
}
