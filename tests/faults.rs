//! The fault matrix: a server that misbehaves on purpose, across the commands each fault
//! applies to. For every cell: no panic and no key in the output (checked by `run`), the exit
//! code of DESIGN.md, one clear `error:` line, no hang past the configured timeout, and the
//! exact number of attempts (a POST is never sent twice). docs/reliability.md lists them.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::script_server::{Reply, ScriptServer, Step, pause, write};
use crate::common::*;

const NAME: &str = "server-250904162435170";
const GET_PATH: &str = "/v2/studio/deployment/by-name-and-fid";
const LIST_PATH: &str = "/v2/studio/deployment/";

/// A command, and the request of it that the fault hits.
#[derive(Clone, Copy)]
struct Cmd {
    name: &'static str,
    args: &'static [&'static str],
    method: &'static str,
    path: &'static str,
    /// It first fetches the deployment (served well).
    fetches_first: bool,
    /// A GET or DELETE: retried on transient faults.
    retried: bool,
}

fn jfs() -> Value {
    let all: Value = serde_json::from_str(include_str!("fixtures/jfs.json")).unwrap();
    all["custody_fid3"].clone()
}

const GET: Cmd = Cmd {
    name: "get",
    args: &["deploy", "get", NAME],
    method: "GET",
    path: GET_PATH,
    fetches_first: false,
    retried: true,
};
const LIST: Cmd = Cmd {
    name: "list",
    args: &["deploy", "list"],
    method: "GET",
    path: LIST_PATH,
    fetches_first: false,
    retried: true,
};
const CREATE: Cmd = Cmd {
    name: "create",
    args: &["deploy", "create"],
    method: "POST",
    path: LIST_PATH,
    fetches_first: false,
    retried: false,
};
const DELETE: Cmd = Cmd {
    name: "delete",
    args: &["deploy", "delete", NAME],
    method: "DELETE",
    path: LIST_PATH,
    fetches_first: false,
    retried: true,
};
const PROMPT: Cmd = Cmd {
    name: "prompt",
    args: &["deploy", "prompt", NAME, "go now", "--idle-timeout", "2s"],
    method: "POST",
    path: "/v2/studio/deployment/prompt/stream",
    fetches_first: true,
    retried: false,
};
const NO_STREAM: Cmd = Cmd {
    name: "prompt --no-stream",
    args: &["deploy", "prompt", NAME, "go now", "--no-stream"],
    method: "POST",
    path: "/v2/studio/deployment/prompt",
    fetches_first: true,
    retried: false,
};
const ASSOCIATE: Cmd = Cmd {
    name: "associate",
    args: &["deploy", "associate", NAME, "-"],
    method: "POST",
    path: "/v2/studio/deployment/account-association",
    fetches_first: true,
    retried: false,
};

const ONE_SHOT: &[Cmd] = &[GET, LIST, CREATE, DELETE, PROMPT, NO_STREAM, ASSOCIATE];

fn good_deployment() -> Reply {
    let mut d = deployment(NAME, true);
    d["url"] = json!("https://server-250904162435170.studio.neynar.com");
    Reply::json(200, &d)
}

struct Outcome {
    run: Run,
    elapsed: Duration,
    hits: usize,
}

fn try_cmd(cmd: Cmd, fault: Reply, extra: &[&str]) -> Outcome {
    let env = TestEnv::new();
    let mut routes = vec![(cmd.method, cmd.path, fault)];
    if cmd.fetches_first {
        routes.push(("GET", GET_PATH, good_deployment()));
    }
    let server = ScriptServer::start(routes);
    let started = Instant::now();
    let r = run(env
        .api(&server.url())
        .args(extra)
        .args(cmd.args)
        .write_stdin(compact_jfs()));
    Outcome {
        elapsed: started.elapsed(),
        hits: server.to(cmd.method, cmd.path).len(),
        run: r,
    }
}

fn compact_jfs() -> String {
    let a = jfs();
    format!(
        "{}.{}.{}",
        a["header"].as_str().unwrap(),
        a["payload"].as_str().unwrap(),
        a["signature"].as_str().unwrap()
    )
}

/// Exactly one `error:` line, first among the lines after the command's own notes, and only
/// `hint:` lines after it.
fn one_error_line(stderr: &str) -> &str {
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.starts_with("Action: "))
        .collect();
    let errors: Vec<&&str> = lines.iter().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 1, "not one error line:\n{stderr}");
    let at = lines.iter().position(|l| l.starts_with("error: ")).unwrap();
    assert!(
        lines[at + 1..].iter().all(|l| l.starts_with("hint: ")),
        "{stderr}"
    );
    assert!(lines[..at].is_empty(), "{stderr}");
    errors[0]
}

fn expect(cmd: Cmd, o: &Outcome, code: i32, error_prefix: &str, hits: usize) {
    assert_eq!(o.run.code, code, "{}: {}", cmd.name, o.run.transcript());
    let line = one_error_line(&o.run.stderr);
    assert!(line.starts_with(error_prefix), "{}: {line}", cmd.name);
    assert_eq!(o.hits, hits, "{}: attempts", cmd.name);
}

#[test]
fn connection_refused() {
    let port = closed_port();
    for cmd in ONE_SHOT {
        let env = TestEnv::new();
        let r = run(env
            .api(&format!("http://127.0.0.1:{port}"))
            .args(cmd.args)
            .write_stdin(compact_jfs()));
        assert_eq!(r.code, 1, "{}: {}", cmd.name, r.transcript());
        let line = one_error_line(&r.stderr);
        assert_eq!(
            line,
            format!("error: nothing is listening at 127.0.0.1:{port} (connection refused)"),
            "{}",
            cmd.name
        );
    }
}

#[test]
fn reset_before_headers() {
    for cmd in ONE_SHOT {
        let o = try_cmd(*cmd, Reply::raw(vec![Step::Reset]), &[]);
        let hits = if cmd.retried { 3 } else { 1 };
        expect(
            *cmd,
            &o,
            1,
            "error: the connection to the API was cut (reset by the server or the network)",
            hits,
        );
    }
}

#[test]
fn reset_mid_body() {
    let cut = Reply::raw(vec![
        write(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 400\r\n\r\n{\"name\": \"server-2509",
        ),
        pause(50),
        Step::Reset,
    ]);
    for cmd in [GET, LIST, CREATE, DELETE, NO_STREAM, ASSOCIATE] {
        let o = try_cmd(cmd, cut.clone(), &[]);
        let hits = if cmd.retried { 3 } else { 1 };
        expect(
            cmd,
            &o,
            1,
            "error: the connection to the API was cut (reset by the server or the network)",
            hits,
        );
    }
}

#[test]
fn reset_mid_stream() {
    let o = try_cmd(
        PROMPT,
        Reply::sse_chunked(
            vec![
                write("data: {\"type\":\"assistant\",\"message\":\"Working\"}\n\n"),
                pause(50),
                Step::Reset,
            ],
            false,
        ),
        &[],
    );
    expect(
        PROMPT,
        &o,
        1,
        "error: the stream broke before the generation finished: ",
        1,
    );
    assert_eq!(o.run.stdout, "Working\n");
}

#[test]
fn headers_slower_than_the_timeout() {
    let slow = Reply::raw(vec![
        pause(4000),
        write("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}"),
    ]);
    for cmd in [GET, LIST, CREATE, DELETE, ASSOCIATE] {
        let o = try_cmd(cmd, slow.clone(), &["--timeout", "1s"]);
        expect(cmd, &o, 5, "error: the API did not answer within 1.0s", 1);
        assert!(
            o.elapsed < Duration::from_millis(3500),
            "{}: took {:?}",
            cmd.name,
            o.elapsed
        );
    }
    // The stream has no total timeout: silence before the headers counts against --idle-timeout.
    let o = try_cmd(PROMPT, slow.clone(), &[]);
    expect(
        PROMPT,
        &o,
        5,
        "error: the stream sent nothing for 2.0s; giving up",
        1,
    );
    assert!(
        o.elapsed < Duration::from_millis(3900),
        "prompt took {:?}",
        o.elapsed
    );
    // The blocking prompt allows at least 15 minutes, whatever --timeout says: it waits.
    let o = try_cmd(
        NO_STREAM,
        Reply::raw(vec![
            pause(1500),
            write(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 16\r\n\r\n{\"response\":\"x\"}",
            ),
        ]),
        &["--timeout", "1s"],
    );
    assert_eq!(o.run.code, 0, "{}", o.run.transcript());
    assert_eq!(o.run.stdout, "x\n");
}

#[test]
fn server_errors_with_any_body() {
    let bodies: &[(u16, &str, &str)] = &[
        (
            500,
            "text/html",
            "<html><body><h1>Internal Server Error</h1></body></html>",
        ),
        (502, "", ""),
        (
            503,
            "application/octet-stream",
            "\u{0}\u{1}garbage\u{1b}[2J",
        ),
        (504, "text/html", "<html>gateway timeout</html>"),
    ];
    for (status, ctype, body) in bodies {
        let header = if ctype.is_empty() {
            String::new()
        } else {
            format!("content-type: {ctype}\r\n")
        };
        let reply = Reply::raw(vec![write(format!(
            "HTTP/1.1 {status} X\r\n{header}content-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        ))]);
        for cmd in ONE_SHOT {
            let o = try_cmd(*cmd, reply.clone(), &[]);
            let hits = if cmd.retried { 3 } else { 1 };
            expect(
                *cmd,
                &o,
                1,
                &format!("error: the API failed (HTTP {status} "),
                hits,
            );
        }
    }
}

#[test]
fn wait_rides_out_faults_until_its_timeout() {
    let env = TestEnv::new();
    let port = closed_port();
    let started = Instant::now();
    let r = run(env.api(&format!("http://127.0.0.1:{port}")).args([
        "deploy",
        "wait",
        NAME,
        "--timeout",
        "1500ms",
        "--interval",
        "100ms",
    ]));
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(r.code, 5, "{}", r.transcript());
    assert_eq!(
        one_error_line(&r.stderr),
        format!("error: {NAME} is not ready after 1.5s (last answer: cannot connect)")
    );

    for (fault, last) in [
        (Reply::raw(vec![Step::Reset]), "connection lost"),
        (
            Reply::raw(vec![write(
                "HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n",
            )]),
            "HTTP 502 Bad Gateway",
        ),
        (
            Reply::raw(vec![
                pause(3000),
                write("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}"),
            ]),
            "no answer",
        ),
    ] {
        let server = ScriptServer::start(vec![("GET", GET_PATH, fault)]);
        let r = run(env.api(&server.url()).args([
            "deploy",
            "wait",
            NAME,
            "--timeout",
            "1500ms",
            "--interval",
            "100ms",
        ]));
        assert_eq!(r.code, 5, "{}", r.transcript());
        assert_eq!(
            one_error_line(&r.stderr),
            format!("error: {NAME} is not ready after 1.5s (last answer: {last})")
        );
        assert!(!server.to("GET", GET_PATH).is_empty());
    }
}

#[test]
fn truncated_json_and_the_wrong_content_type() {
    let truncated = Reply::raw(vec![write(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 14\r\n\r\n{\"name\": \"serv",
    )]);
    let html = Reply::raw(vec![write(
        "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 19\r\n\r\n<html>login</html>\n",
    )]);
    for cmd in [GET, LIST, CREATE, DELETE, NO_STREAM, ASSOCIATE] {
        let o = try_cmd(cmd, truncated.clone(), &[]);
        expect(
            cmd,
            &o,
            1,
            "error: unexpected response from the API (HTTP 200 OK): the JSON body is cut short",
            1,
        );
        let o = try_cmd(cmd, html.clone(), &[]);
        expect(
            cmd,
            &o,
            1,
            "error: unexpected response from the API (HTTP 200 OK): expected JSON, got text/html (19 bytes)",
            1,
        );
    }
    // A stream endpoint answering JSON instead of events: no events, no result.
    let o = try_cmd(PROMPT, Reply::json(200, &json!({"ok": true})), &[]);
    expect(
        PROMPT,
        &o,
        1,
        "error: the connection closed in the middle of an event, before the generation finished",
        1,
    );
}

#[test]
fn a_7_mib_list_is_read_and_a_larger_than_allowed_one_refused() {
    let env = TestEnv::new();
    let one =
        json!({"name": "server-1", "is_ready": true, "display_name": "x".repeat(800)}).to_string();
    let count = 7 * 1024 * 1024 / (one.len() + 1) + 1;
    let mut body = String::with_capacity(8 << 20);
    body.push('[');
    for i in 0..count {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&one);
    }
    body.push(']');
    assert!(body.len() >= 7 << 20);
    let server = ScriptServer::start(vec![(
        "GET",
        LIST_PATH,
        Reply::raw(vec![
            write(format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                body.len()
            )),
            write(&body),
        ]),
    )]);
    let mut cmd = env.api(&server.url());
    let output = cmd
        .args(["deploy", "list", "--json", "-q"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let listed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), count);

    // Over the 8 MiB cap: a clean refusal, not an allocation failure.
    let big = 129usize << 20;
    let mut steps = vec![write(format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {big}\r\n\r\n["
    ))];
    let chunk = " ".repeat(1 << 20);
    for _ in 0..129 {
        steps.push(write(&chunk));
    }
    let server = ScriptServer::start(vec![("GET", LIST_PATH, Reply::raw(steps))]);
    let r = run(env.api(&server.url()).args(["deploy", "list"]));
    assert_eq!(r.code, 1);
    assert_eq!(
        one_error_line(&r.stderr),
        "error: the API's response is larger than 8 MiB; refusing to read it"
    );
}

#[test]
fn a_3_mib_event_line_is_fine_and_one_over_the_cap_is_refused() {
    let text = "a".repeat(3 << 20);
    let big_event =
        format!("data: {{\"type\":\"result\",\"subtype\":\"success\",\"result\":\"{text}\"}}\n\n");
    let o = try_cmd(PROMPT, Reply::sse(vec![write(&big_event)]), &["-q"]);
    assert_eq!(o.run.code, 0, "{}", &o.run.stderr);
    assert_eq!(o.run.stdout.len(), (3 << 20) + 1);

    let mut steps = vec![write("data: {\"type\":\"assistant\",\"message\":\"")];
    let chunk = "b".repeat(1 << 20);
    for _ in 0..5 {
        steps.push(write(&chunk));
    }
    let o = try_cmd(PROMPT, Reply::sse(steps), &[]);
    expect(
        PROMPT,
        &o,
        1,
        "error: the stream broke before the generation finished: the stream sent a line longer than 4 MiB",
        1,
    );
}

#[test]
fn invalid_utf8_becomes_replacement_characters() {
    let env = TestEnv::new();
    let mut events = b"data: {\"type\":\"assistant\",\"message\":\"caf\xC3 \xFF ok\"}\n\n".to_vec();
    events.extend_from_slice(b"data: {\"type\":\"result\",\"subtype\":\"success\"}\n\n");
    let o = try_cmd(PROMPT, Reply::sse(vec![Step::Write(events)]), &[]);
    assert_eq!(o.run.code, 0);
    assert!(
        o.run.stdout.starts_with("caf\u{FFFD} \u{FFFD} ok\n"),
        "{}",
        o.run.stdout
    );

    let mut body =
        b"{\"name\":\"server-1\",\"display_name\":\"bad \xFE\xFF bytes\",\"is_ready\":true}"
            .to_vec();
    let mut head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    head.append(&mut body);
    let server = ScriptServer::start(vec![("GET", GET_PATH, Reply::raw(vec![Step::Write(head)]))]);
    let r = run(env
        .api(&server.url())
        .args(["deploy", "get", "server-1", "--json"]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(r.json()["display_name"], "bad \u{FFFD}\u{FFFD} bytes");
}

#[test]
fn unknown_values_nulls_and_missing_fields_are_fine() {
    let env = TestEnv::new();
    let odd = json!({
        "name": "server-1", "display_name": null, "namespace": 42, "is_ready": "maybe",
        "dev_server_state": "exploded", "url": null, "created_at": "yesterday", "future": {"x": 1}
    });
    let server = ScriptServer::start(vec![
        ("GET", GET_PATH, Reply::json(200, &odd)),
        (
            "GET",
            LIST_PATH,
            Reply::json(200, &json!([odd, {}, null, "x"])),
        ),
        (
            "POST",
            "/v2/studio/deployment/prompt/stream",
            Reply::sse(vec![
                write("data: {\"type\":\"rate_limit_event\",\"status\":\"weird\"}\n\n"),
                write("data: {\"type\":\"system\",\"subtype\":\"brand_new\"}\n\n"),
                write(
                    "data: {\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"hologram\"},{\"type\":\"text\",\"text\":null}]}}\n\n",
                ),
                write(
                    "data: {\"type\":\"user\",\"message\":{\"content\":[{\"type\":\"tool_result\",\"content\":7}]}}\n\n",
                ),
                write(
                    "data: {\"type\":\"result\",\"subtype\":\"success\",\"num_turns\":\"many\",\"total_cost_usd\":null}\n\n",
                ),
            ]),
        ),
    ]);
    let r = run(env.api(&server.url()).args(["deploy", "get", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nName        server-1\nReady       -\nDev server  exploded\nCreated     yesterday\n--- stderr\n"
    );
    let r = run(env.api(&server.url()).args(["deploy", "list"]));
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stdout,
        "NAME      DISPLAY NAME  READY  CREATED    URL\nserver-1  -             -      yesterday  -\n-         -             -      -          -\n"
    );
    let r = run(env
        .api(&server.url())
        .args(["deploy", "prompt", "server-1", "go now"]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stdout.starts_with("  ↳ (no output)\n\n✓ Done in "),
        "{}",
        r.stdout
    );
    assert_eq!(
        r.stderr,
        "Action: none sent (the API did not say whether an app exists; it chooses)\n"
    );
}

#[test]
fn redirects_to_another_host_are_not_followed() {
    let elsewhere = ScriptServer::start(vec![]);
    for cmd in ONE_SHOT {
        let to = format!("{}/steal", elsewhere.url());
        let reply = Reply::raw(vec![write(format!(
            "HTTP/1.1 307 Temporary Redirect\r\nlocation: {to}\r\ncontent-length: 0\r\n\r\n"
        ))]);
        let o = try_cmd(*cmd, reply, &[]);
        expect(
            *cmd,
            &o,
            1,
            &format!(
                "error: the API redirected (HTTP 307 Temporary Redirect) to {to}; not following it"
            ),
            1,
        );
    }
    assert!(
        elsewhere.requests().is_empty(),
        "the key went to another host: {:?}",
        elsewhere.requests()
    );
}
