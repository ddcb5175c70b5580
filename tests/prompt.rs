//! `deploy prompt`: the stream against a scripted server (framing quirks, split reads, drops,
//! silence, hostile text), NDJSON, the blocking mode, the action default, input sources,
//! and Ctrl-C.

use std::time::{Duration, Instant};

use httpmock::prelude::*;
use serde_json::{Value, json};

use crate::common::script_server::{Reply, ScriptServer, Step, pause, write};
use crate::common::*;
use crate::snap;

const GET_PATH: &str = "/v2/studio/deployment/by-name-and-fid";
const STREAM_PATH: &str = "/v2/studio/deployment/prompt/stream";
const BLOCKING_PATH: &str = "/v2/studio/deployment/prompt";

fn app(exists: Option<bool>) -> Value {
    let mut d = deployment("server-1", true);
    match exists {
        Some(b) => d["generated_app_exists"] = json!(b),
        None => {
            d.as_object_mut().unwrap().remove("generated_app_exists");
        }
    }
    d
}

/// A server with the deployment (no app yet) and the given stream.
fn serve(stream: Reply) -> ScriptServer {
    ScriptServer::start(vec![
        ("GET", GET_PATH, Reply::json(200, &app(Some(false)))),
        ("POST", STREAM_PATH, stream),
    ])
}

/// Events as separate writes, LF framing.
fn events(datas: &[&str]) -> Vec<Step> {
    datas
        .iter()
        .map(|d| write(format!("data: {d}\n\n")))
        .collect()
}

/// The agent session fixture, one event per write.
fn fixture_events() -> Vec<Step> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/agent-session.sse"
    ))
    .unwrap();
    text.split_inclusive("\n\n").map(write).collect()
}

const TUTORIAL: &[&str] = &[
    r#"{"type":"connection","message":"Streaming started"}"#,
    r#"{"type":"system","subtype":"init","message":"Initializing..."}"#,
    r#"{"type":"assistant","message":"Creating your miniapp..."}"#,
    r#"{"type":"result","subtype":"success","message":"Deployment complete"}"#,
];

fn prompt_run(env: &TestEnv, server: &ScriptServer, args: &[&str]) -> Run {
    run(env.api(&server.url()).args(["deploy", "prompt"]).args(args))
}

#[test]
fn the_tutorials_stream_with_the_tutorials_request() {
    let env = TestEnv::new();
    let server = serve(Reply::sse(events(TUTORIAL)));
    let r = prompt_run(
        &env,
        &server,
        &[
            "server-1",
            "generate a mini app that lets any user edit the main page headline, with orange and blue theme",
        ],
    );
    let posts = server.to("POST", STREAM_PATH);
    assert_eq!(posts.len(), 1);
    let post = &posts[0];
    assert_eq!(post.query, "");
    assert_eq!(post.header("x-api-key"), Some(KEY));
    assert_eq!(post.header("user-agent"), Some(UA));
    assert_eq!(post.header("content-type"), Some("application/json"));
    assert_eq!(post.header("accept"), Some("text/event-stream"));
    assert_eq!(
        post.json(),
        json!({"fid": 3, "name": "server-1", "prompt": "generate a mini app that lets any user edit the main page headline, with orange and blue theme", "action": "code-create"})
    );
    let gets = server.to("GET", GET_PATH);
    assert_eq!(gets.len(), 1);
    assert_eq!(gets[0].query, "name=server-1&fid=3");
    assert_eq!(
        r.transcript().replace(
            &r.stdout
                .lines()
                .find(|l| l.starts_with("✓ Done in"))
                .unwrap_or_default()
                .to_string(),
            "✓ Done in [T]"
        ),
        "exit: 0\n--- stdout\nCreating your miniapp...\n\n✓ Done in [T]\n  https://server-1.studio.neynar.com\n--- stderr\nAction: code-create (no app has been generated yet)\n"
    );
}

#[test]
fn the_agent_session_rendered_piped() {
    let env = TestEnv::new();
    let server = serve(Reply::sse(fixture_events()));
    let r = prompt_run(&env, &server, &["server-1", "a counter app, purple"]);
    snap!(&env, "agent_session_piped", r);
}

#[test]
fn quiet_prints_only_the_final_result() {
    let env = TestEnv::new();
    let server = serve(Reply::sse(fixture_events()));
    let r = prompt_run(&env, &server, &["-q", "server-1", "a counter app, purple"]);
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nDone! Your counter miniapp is live with a purple theme 💜 — tap the button to count.\n--- stderr\n"
    );
}

#[test]
fn verbose_adds_the_agent_setup_and_unknown_events() {
    let env = TestEnv::new();
    let mut steps = fixture_events();
    steps.insert(
        2,
        write("data: {\"type\":\"rate_limit_event\",\"x\":1}\n\n"),
    );
    steps.insert(3, write("data: this is not json\n\n"));
    let server = serve(Reply::sse(steps));
    let r = prompt_run(&env, &server, &["-v", "server-1", "a counter app, purple"]);
    assert_eq!(r.code, 0);
    let extra: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| !l.starts_with("GET ") && !l.starts_with("POST "))
        .collect();
    assert_eq!(
        extra,
        [
            "Action: code-create (no app has been generated yet)",
            "agent: session 6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f · model claude-sonnet-4-5 · cwd /workspace/gen · permissions bypassPermissions · 8 tools",
            "rate limit: ?",
            "event data that is not JSON: this is not json",
            "thinking: The user wants a counter miniapp with a purple theme. I should look at the template first.",
            "system: status compacting",
        ]
    );
}

#[test]
fn ndjson_is_every_event_as_received_and_nothing_else() {
    let env = TestEnv::new();
    let server = serve(Reply::sse(fixture_events()));
    let r = prompt_run(
        &env,
        &server,
        &["server-1", "a counter app, purple", "--json"],
    );
    assert_eq!(r.code, 0);
    let expected: Vec<String> = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/agent-session.sse"
    ))
    .unwrap()
    .split("\n\n")
    .filter(|e| !e.trim().is_empty())
    .map(|e| e.trim_start_matches("data: ").to_string())
    .collect();
    assert_eq!(expected.len(), 24);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines, expected);
    assert!(r.stdout.ends_with('\n'));
    assert_eq!(
        r.stderr,
        "Action: code-create (no app has been generated yet)\n"
    );
}

#[test]
fn crlf_comments_fields_and_a_json_object_split_over_data_lines() {
    let env = TestEnv::new();
    let body = ": welcome\r\nretry: 3000\r\nid: 1\r\nevent: message\r\ndata: {\"type\":\"assistant\",\r\ndata:  \"message\":\"split object\"}\r\n\r\n: keep-alive\r\n\r\nid: 2\r\ndata: {\"type\":\"result\",\"subtype\":\"success\",\"result\":\"ok\",\"num_turns\":1}\r\n\r\n";
    let server = serve(Reply::sse(vec![write(body)]));
    let r = prompt_run(&env, &server, &["server-1", "go now", "--json"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(
        r.stdout,
        "{\"type\":\"assistant\",  \"message\":\"split object\"}\n{\"type\":\"result\",\"subtype\":\"success\",\"result\":\"ok\",\"num_turns\":1}\n"
    );
    let r = prompt_run(&env, &server, &["server-1", "go now"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.starts_with("split object\n\n✓ Done in "),
        "{}",
        r.stdout
    );
}

#[test]
fn cr_only_line_ends() {
    let env = TestEnv::new();
    let body = "data: {\"type\":\"assistant\",\"message\":\"cr only\"}\r\rdata: {\"type\":\"result\",\"subtype\":\"success\"}\r\r";
    let server = serve(Reply::sse(vec![write(body)]));
    let r = prompt_run(&env, &server, &["server-1", "go now", "--json"]);
    assert_eq!(
        r.stdout,
        "{\"type\":\"assistant\",\"message\":\"cr only\"}\n{\"type\":\"result\",\"subtype\":\"success\"}\n"
    );
    assert_eq!(r.code, 0);
}

#[test]
fn byte_by_byte_with_a_character_split_across_writes() {
    let env = TestEnv::new();
    let body = "data: {\"type\":\"assistant\",\"message\":\"purple 💜 café\"}\r\n\r\ndata: {\"type\":\"result\",\"subtype\":\"success\",\"result\":\"é\"}\r\n\r\n";
    let steps: Vec<Step> = body.as_bytes().iter().map(|b| write([*b])).collect();
    let server = serve(Reply::sse_chunked(steps, true));
    let r = prompt_run(&env, &server, &["server-1", "go now"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stdout.starts_with("purple 💜 café\n\n✓ Done in "),
        "{}",
        r.stdout
    );
}

#[test]
fn an_error_event_exits_1() {
    let env = TestEnv::new();
    let server = serve(Reply::sse(events(&[
        r#"{"type":"connection","message":"Streaming started"}"#,
        r#"{"type":"error","message":"Sandbox crashed","timestamp":"2025-09-04T16:30:00Z"}"#,
    ])));
    let r = prompt_run(&env, &server, &["server-1", "go now"]);
    assert_eq!(
        r.transcript(),
        "exit: 1\n--- stdout\n✗ error: Sandbox crashed\n--- stderr\nAction: code-create (no app has been generated yet)\nerror: the generation failed: Sandbox crashed\n"
    );
    let r = prompt_run(&env, &server, &["server-1", "go now", "--json"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout.lines().count(), 2);
}

#[test]
fn an_error_result_exits_1_after_the_summary() {
    let env = TestEnv::new();
    let server = serve(Reply::sse(events(&[
        r#"{"type":"assistant","message":{"content":[{"type":"text","text":"Trying hard."}]}}"#,
        r#"{"type":"result","subtype":"error_max_turns","is_error":true,"duration_ms":65000,"num_turns":40,"total_cost_usd":1.25,"result":"Reached the turn limit"}"#,
    ])));
    let r = prompt_run(&env, &server, &["server-1", "go now"]);
    assert_eq!(
        r.transcript(),
        "exit: 1\n--- stdout\nTrying hard.\n\n✗ Failed after 1m 05s · 40 turns · $1.2500\n  Reached the turn limit\n  https://server-1.studio.neynar.com\n--- stderr\nAction: code-create (no app has been generated yet)\nerror: the generation ended in error: Reached the turn limit\n"
    );
}

#[test]
fn a_stream_that_ends_without_a_result_exits_1() {
    let env = TestEnv::new();
    // Closed mid-event: the unfinished event is dropped.
    let server = serve(Reply::sse(vec![
        write("data: {\"type\":\"assistant\",\"message\":\"Working on it\"}\n\n"),
        write("data: {\"type\":\"assistant\",\"mess"),
    ]));
    let r = prompt_run(&env, &server, &["server-1", "go now"]);
    assert_eq!(
        r.transcript(),
        "exit: 1\n--- stdout\nWorking on it\n--- stderr\nAction: code-create (no app has been generated yet)\nerror: the connection closed in the middle of an event, before the generation finished\nhint: the generation may still be running on the server: `neynar-studio deploy get server-1` shows its progress\n"
    );
    // Closed between events: said without "in the middle".
    let server = serve(Reply::sse(vec![write(
        "data: {\"type\":\"assistant\",\"message\":\"Working on it\"}\n\n",
    )]));
    let r = prompt_run(&env, &server, &["server-1", "go now"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr.lines().nth(1),
        Some("error: the connection closed before the generation finished")
    );
}

#[test]
fn a_stream_dropped_mid_chunk_exits_1() {
    let env = TestEnv::new();
    let server = serve(Reply::sse_chunked(
        vec![
            write("data: {\"type\":\"assistant\",\"message\":\"Working on it\"}\n\n"),
            pause(50),
            Step::Reset,
        ],
        false,
    ));
    let r = prompt_run(&env, &server, &["server-1", "go now", "--json"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert_eq!(
        r.stdout,
        "{\"type\":\"assistant\",\"message\":\"Working on it\"}\n"
    );
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{}", r.stderr);
    assert!(lines[1].starts_with("error: the stream broke before the generation finished: the connection to the API was cut (reset by the server or the network)"), "{}", lines[1]);
    assert_eq!(
        lines[2],
        "hint: the generation may still be running on the server: `neynar-studio deploy get server-1` shows its progress"
    );
}

/// The connection cut right after the result (in the same read, or after a pause): the
/// generation finished, so the run succeeds, whether the cut is seen at once or while waiting.
#[test]
fn a_stream_cut_after_its_result_exits_0() {
    let env = TestEnv::new();
    let result = "data: {\"type\":\"result\",\"subtype\":\"success\",\"result\":\"Done\"}\n\n";
    let head =
        "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
    let chunk = format!("{:x}\r\n{result}\r\n", result.len());
    for steps in [
        // A broken chunk in the same write as the result: the error is there at once.
        vec![write(format!("{head}{chunk}zz\r\n")), pause(200)],
        vec![write(format!("{head}{chunk}")), pause(50), Step::Reset],
    ] {
        let server = serve(Reply::raw(steps));
        let r = prompt_run(&env, &server, &["server-1", "go now", "--json"]);
        assert_eq!(
            r.transcript(),
            "exit: 0\n--- stdout\n{\"type\":\"result\",\"subtype\":\"success\",\"result\":\"Done\"}\n--- stderr\nAction: code-create (no app has been generated yet)\n"
        );
    }
}

#[test]
fn a_queued_prompt_exits_0() {
    let env = TestEnv::new();
    let queued = json!({"queued": true, "session_id": "sess-42", "conversation_id": "7c4c3bb4-5a0e-4f35-9d47-2a8a2f3c1e90"});
    let server = serve(Reply::json(202, &queued));
    let r = prompt_run(&env, &server, &["server-1", "also add dark mode"]);
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nQueued: server-1 is already generating; the prompt was added to the running session.\n  continue with: --conversation 7c4c3bb4-5a0e-4f35-9d47-2a8a2f3c1e90 --session sess-42\n--- stderr\nAction: code-create (no app has been generated yet)\n"
    );
    let r = prompt_run(&env, &server, &["server-1", "also add dark mode", "--json"]);
    assert_eq!(r.json(), queued);
    // NDJSON like a stream: exactly one line.
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
}

#[test]
fn errors_before_the_stream() {
    let env = TestEnv::new();
    let server = serve(Reply::json(
        400,
        &json!({"error": "Deployment is not ready"}),
    ));
    let r = prompt_run(&env, &server, &["server-1", "go now"]);
    assert_eq!(
        r.transcript(),
        "exit: 6\n--- stdout\n--- stderr\nAction: code-create (no app has been generated yet)\nerror: Deployment is not ready (HTTP 400 Bad Request)\nhint: wait for it with `neynar-studio deploy wait`, or pass --wait\n"
    );
    assert_eq!(server.to("POST", STREAM_PATH).len(), 1);

    let server = ScriptServer::start(vec![(
        "GET",
        GET_PATH,
        Reply::json(404, &json!({"error": "Deployment not found"})),
    )]);
    let r = prompt_run(&env, &server, &["server-9", "go now"]);
    assert_eq!(
        r.transcript(),
        "exit: 4\n--- stdout\n--- stderr\nerror: no deployment named 'server-9' for fid 3 (HTTP 404: Deployment not found)\nhint: list your deployments with `neynar-studio deploy list`\n"
    );
    assert!(server.to("POST", STREAM_PATH).is_empty());
}

#[test]
fn a_silent_stream_ends_at_the_idle_timeout() {
    let env = TestEnv::new();
    let server = serve(Reply::sse(vec![
        write("data: {\"type\":\"connection\",\"message\":\"Streaming started\"}\n\n"),
        pause(20_000),
    ]));
    let started = Instant::now();
    let r = prompt_run(
        &env,
        &server,
        &["server-1", "go now", "--idle-timeout", "1s"],
    );
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "the idle timeout did not end the stream"
    );
    assert_eq!(
        r.transcript(),
        "exit: 5\n--- stdout\n--- stderr\nAction: code-create (no app has been generated yet)\nerror: the stream sent nothing for 1.0s; giving up\nhint: the generation may still be running on the server: `neynar-studio deploy get server-1` shows its progress\nhint: allow longer silences with --idle-timeout\n"
    );
}

#[test]
fn keep_alive_comments_keep_the_stream_alive() {
    let env = TestEnv::new();
    let mut steps = vec![write("data: {\"type\":\"connection\"}\n\n")];
    for _ in 0..8 {
        steps.push(pause(250));
        steps.push(write(": keep-alive\n\n"));
    }
    steps.push(write(
        "data: {\"type\":\"result\",\"subtype\":\"success\",\"result\":\"done\"}\n\n",
    ));
    let server = serve(Reply::sse(steps));
    let r = prompt_run(
        &env,
        &server,
        &["-q", "server-1", "go now", "--idle-timeout", "1s"],
    );
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(r.stdout, "done\n");
}

#[test]
fn escape_sequences_and_bidi_overrides_are_made_visible() {
    let env = TestEnv::new();
    let server = serve(Reply::sse(events(&[
        r#"{"type":"assistant","message":{"content":[{"type":"text","text":"Title \u001b]0;pwned\u0007 \u001b[2J\u202eexe.txt\u202c"}]}}"#,
        r#"{"type":"assistant","message":{"content":[{"type":"tool_use","id":"t","name":"Bash\u001b[31m","input":{"command":"rm -rf / \u009b2J"}}]}}"#,
        r#"{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"t","content":"\u001b[1mbold\u001b[0m","is_error":false}]}}"#,
        r#"{"type":"result","subtype":"success","result":"ok"}"#,
    ])));
    let r = prompt_run(&env, &server, &["server-1", "go now"]);
    assert_eq!(r.code, 0);
    assert!(
        !r.stdout.contains('\u{1b}')
            && !r.stdout.contains('\u{7}')
            && !r.stdout.contains('\u{9b}')
            && !r.stdout.contains('\u{202e}')
    );
    assert!(r.stdout.starts_with(
        "Title \\u{1b}]0;pwned\\u{7} \\u{1b}[2J\\u{202e}exe.txt\\u{202c}\n▸ Bash\\u{1b}[31m rm -rf / \\u{9b}2J\n  ↳ \\u{1b}[1mbold\\u{1b}[0m\n"
    ), "{}", r.stdout);
    // NDJSON keeps the JSON valid and equal, with the same characters escaped.
    let r = prompt_run(&env, &server, &["server-1", "go now", "--json"]);
    assert!(!r.stdout.contains('\u{9b}') && !r.stdout.contains('\u{202e}'));
    let first: Value = serde_json::from_str(r.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(
        first["message"]["content"][0]["text"],
        "Title \u{1b}]0;pwned\u{7} \u{1b}[2J\u{202e}exe.txt\u{202c}"
    );
}

#[test]
fn the_action_follows_whether_an_app_exists() {
    let env = TestEnv::new();
    let done = Reply::sse(events(&[r#"{"type":"result","subtype":"success"}"#]));
    for (exists, action, note) in [
        (
            Some(true),
            Some("code-edit"),
            "Action: code-edit (the deployment already has an app)\n",
        ),
        (
            Some(false),
            Some("code-create"),
            "Action: code-create (no app has been generated yet)\n",
        ),
        (
            None,
            None,
            "Action: none sent (the API did not say whether an app exists; it chooses)\n",
        ),
    ] {
        let server = ScriptServer::start(vec![
            ("GET", GET_PATH, Reply::json(200, &app(exists))),
            ("POST", STREAM_PATH, done.clone()),
        ]);
        let r = prompt_run(&env, &server, &["server-1", "go now"]);
        assert_eq!(r.code, 0);
        assert_eq!(r.stderr, note);
        let body = server.to("POST", STREAM_PATH)[0].json();
        assert_eq!(body.get("action").and_then(Value::as_str), action);
    }
    // An explicit action is sent as given.
    let server = serve(done);
    let r = prompt_run(
        &env,
        &server,
        &["server-1", "why is it slow", "--action", "debug"],
    );
    assert_eq!(r.stderr, "Action: debug\n");
    // -q prints nothing but the result and errors: not even the action.
    let r = prompt_run(
        &env,
        &server,
        &["server-1", "why is it slow", "--action", "debug", "-q"],
    );
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert_eq!(server.to("POST", STREAM_PATH)[0].json()["action"], "debug");
    let r = prompt_run(&env, &server, &["server-1", "x y", "--action", "deploy"]);
    assert_eq!(r.code, 2);
    assert_eq!(server.to("POST", STREAM_PATH).len(), 2);
}

#[test]
fn the_prompt_from_stdin_a_file_and_the_current_deployment() {
    let env = TestEnv::new();
    env.set_current("server-1");
    let done = Reply::sse(events(&[r#"{"type":"result","subtype":"success"}"#]));
    let server = serve(done);
    let r = run(env
        .api(&server.url())
        .args(["deploy", "prompt", "-q"])
        .write_stdin("from stdin\nline two\n"));
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r2 = run(env
        .api(&server.url())
        .args(["deploy", "prompt", "server-1", "-q"])
        .write_stdin("named, from a pipe"));
    assert_eq!(r2.code, 0);
    std::fs::write(env.home().join("prompt.md"), "from a file ✓").unwrap();
    let r3 = run(env
        .api(&server.url())
        .args(["deploy", "prompt", "--file", "prompt.md", "-q"]));
    assert_eq!(r3.code, 0);
    let r4 = run(env
        .api(&server.url())
        .args(["deploy", "prompt", "-", "-q"])
        .write_stdin("dash"));
    assert_eq!(r4.code, 0);
    let prompts: Vec<Value> = server
        .to("POST", STREAM_PATH)
        .iter()
        .map(|r| r.json()["prompt"].clone())
        .collect();
    assert_eq!(
        prompts,
        [
            json!("from stdin\nline two\n"),
            json!("named, from a pipe"),
            json!("from a file ✓"),
            json!("dash")
        ]
    );
    let names: Vec<Value> = server
        .to("GET", GET_PATH)
        .iter()
        .map(|r| json!(r.query))
        .collect();
    assert_eq!(names, vec![json!("name=server-1&fid=3"); 4]);
}

#[test]
fn bad_input_sends_nothing() {
    let env = TestEnv::new();
    env.set_current("server-1");
    let server = serve(Reply::sse(events(TUTORIAL)));
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["   "],
            "",
            "error: the prompt is empty; nothing was sent\n",
        ),
        (&["-"], "", "error: the prompt is empty; nothing was sent\n"),
        (
            &["--file", "missing.md"],
            "",
            "error: cannot read the prompt file missing.md: No such file or directory\n",
        ),
        (&["server-1", "x y", "--conversation", "nope"], "", ""),
        (
            &["server-1", "x y", "--session", " "],
            "",
            "error: --session is empty\n",
        ),
        (&["server-1", "x y", "--idle-timeout", "5"], "", ""),
        (&["Bad Name", "x y"], "", ""),
        (
            &["server-1", "x y", "--file", "p.md"],
            "",
            "error: give the prompt once: as an argument or with --file\n",
        ),
    ];
    for (args, stdin, stderr) in cases {
        let r = run(env
            .api(&server.url())
            .args(["deploy", "prompt"])
            .args(*args)
            .write_stdin(*stdin));
        assert_eq!(r.code, 2, "{args:?}: {}", r.transcript());
        assert_eq!(r.stdout, "");
        if !stderr.is_empty() {
            assert_eq!(&r.stderr, stderr, "{args:?}");
        }
    }
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

#[test]
fn images_are_checked_and_sent_as_base64() {
    let env = TestEnv::new();
    let server = serve(Reply::sse(events(&[
        r#"{"type":"result","subtype":"success"}"#,
    ])));
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    std::fs::write(env.home().join("mock.png"), &png).unwrap();
    std::fs::write(env.home().join("notes.txt"), "just text").unwrap();
    std::fs::write(env.home().join("big.png"), vec![0x89; 5 * 1024 * 1024 + 1]).unwrap();
    let r = prompt_run(&env, &server, &["server-1", "x y", "--image", "notes.txt"]);
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: notes.txt is not a PNG, JPEG, GIF or WebP image\n"
    );
    let r = prompt_run(&env, &server, &["server-1", "x y", "--image", "big.png"]);
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: image big.png is 5.0 MiB; images may be at most 5 MiB\n"
    );
    assert!(server.requests().is_empty());
    let r = prompt_run(
        &env,
        &server,
        &[
            "server-1",
            "like this mockup",
            "--image",
            "mock.png",
            "-q",
            "--conversation",
            "7c4c3bb4-5a0e-4f35-9d47-2a8a2f3c1e90",
            "--session",
            "sess-1",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(
        server.to("POST", STREAM_PATH)[0].json(),
        json!({
            "fid": 3, "name": "server-1", "prompt": "like this mockup", "action": "code-create",
            "conversation_id": "7c4c3bb4-5a0e-4f35-9d47-2a8a2f3c1e90", "session_id": "sess-1",
            "images": [{"mediaType": "image/png", "data": "iVBORw0KGgoAAAANSUhEUg=="}]
        })
    );
}

#[test]
fn no_stream_uses_the_blocking_endpoint() {
    let env = TestEnv::new();
    let server = server();
    server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, app(Some(true)));
    });
    let prompt = server.mock(|when, then| {
        expect(when, POST, BLOCKING_PATH, "", Some(json!({"fid": 3, "name": "server-1", "prompt": "add a footer", "action": "code-edit"})));
        json_reply(then, 200, json!({"conversation_id": "c-1", "response": "Added a footer \u{1b}[31mwith links."}));
    });
    let r = run(env.api(&server.base_url()).args([
        "deploy",
        "prompt",
        "server-1",
        "add a footer",
        "--no-stream",
    ]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nAdded a footer \\u{1b}[31mwith links.\n--- stderr\nAction: code-edit (the deployment already has an app)\n"
    );
    let r = run(env.api(&server.base_url()).args([
        "deploy",
        "prompt",
        "server-1",
        "add a footer",
        "--no-stream",
        "--json",
    ]));
    assert_eq!(
        r.json(),
        json!({"conversation_id": "c-1", "response": "Added a footer \u{1b}[31mwith links."})
    );
    prompt.assert_calls(2);
}

#[test]
fn no_stream_is_never_retried() {
    let env = TestEnv::new();
    let server = server();
    server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, app(Some(true)));
    });
    let prompt = server.mock(|when, then| {
        when.method(POST).path(BLOCKING_PATH);
        then.status(504).body("<html>gateway timeout</html>");
    });
    let r = run(env.api(&server.base_url()).args([
        "deploy",
        "prompt",
        "server-1",
        "add a footer",
        "--no-stream",
    ]));
    assert_eq!(r.code, 1);
    prompt.assert_calls(1);
}

#[test]
fn ctrl_c_with_detach_stops_at_once_with_exit_130() {
    let env = TestEnv::new();
    let server = serve(Reply::sse(vec![
        write("data: {\"type\":\"connection\",\"message\":\"Streaming started\"}\n\n"),
        pause(30_000),
    ]));
    let mut child = env.spawn_api(
        &server.url(),
        &["deploy", "prompt", "server-1", "go now", "--detach"],
    );
    let waited = Instant::now();
    while server.to("POST", STREAM_PATH).is_empty() && waited.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    let status = interrupt_child(&mut child, Duration::from_secs(1));
    let out = child.wait_with_output().unwrap();
    assert_eq!(status.code(), Some(130));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "Action: code-create (no app has been generated yet)\nerror: interrupted\nhint: the generation is still running on the server; cancel it with `neynar-studio deploy cancel server-1`\n"
    );
}

/// `--json` over a stream of many batches (the writing runs on its own thread): every event is
/// one line, in order, whatever arrived in one write or after a pause; data that is not JSON
/// is wrapped, the key is masked, and the failed result still decides the exit.
#[test]
fn json_of_a_stream_of_many_batches_is_every_event_in_order() {
    let env = TestEnv::new();
    let pad = "x".repeat(300);
    let mut datas = Vec::new();
    for i in 0..12_000 {
        datas.push(match i {
            _ if i % 1000 == 999 => format!("not json {i}"),
            5_000 => format!(r#"{{"type":"assistant","message":"the key {KEY} leaked"}}"#),
            _ => json!({"type": "assistant", "message": format!("step {i} {pad}")}).to_string(),
        });
    }
    datas.push(
        r#"{"type":"result","subtype":"error_during_execution","is_error":true,"num_turns":2}"#
            .into(),
    );
    // Writes of about 64 KiB, with pauses now and then: batches end full and before waits.
    let mut steps = Vec::new();
    let mut chunk = String::new();
    for (i, d) in datas.iter().enumerate() {
        chunk.push_str(&format!("data: {d}\n\n"));
        if chunk.len() > 64 << 10 || i + 1 == datas.len() {
            steps.push(write(std::mem::take(&mut chunk)));
            if steps.len() % 10 == 0 {
                steps.push(pause(20));
            }
        }
    }
    let server = serve(Reply::sse(steps));
    let r = prompt_run(&env, &server, &["server-1", "go now", "--json"]);
    let expected: String = datas
        .iter()
        .map(|d| {
            if d.starts_with('{') {
                d.replace(KEY, "****") + "\n"
            } else {
                json!({"type": "unparsed", "data": d}).to_string() + "\n"
            }
        })
        .collect();
    assert!(expected.len() > 3 << 20, "{}", expected.len());
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout == expected, "the NDJSON differs");
    assert_eq!(
        r.stderr,
        "Action: code-create (no app has been generated yet)\nerror: the generation ended in error: the agent failed while running\n"
    );
}

/// A reader of `--json` that stops early (`| head -1`) ends the run quietly, exit 0.
#[test]
fn a_json_reader_that_stops_early_ends_the_run_quietly() {
    use std::io::Read;
    let env = TestEnv::new();
    let event = json!({"type": "assistant", "message": "x".repeat(1000)}).to_string();
    let body = format!("data: {event}\n\n").repeat(20_000);
    let server = serve(Reply::sse(vec![write(body)]));
    let mut child = env.spawn_api(
        &server.url(),
        &["deploy", "prompt", "server-1", "go now", "--json"],
    );
    let mut first = vec![0u8; event.len() + 1];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The pipe is closed here (dropped with the taken handle).
    let stderr = rest_of_stderr(&mut child);
    let status = child.wait().unwrap();
    assert_eq!(
        (status.code(), stderr.as_str()),
        (
            Some(0),
            "Action: code-create (no app has been generated yet)\n"
        )
    );
    assert_eq!(String::from_utf8(first).unwrap(), event + "\n");
}

/// Ctrl-C during `--json`: what arrived before the wait is already out (written by the writing
/// thread without waiting for more), nothing is written twice, and the run ends with 130.
#[test]
fn ctrl_c_during_json_keeps_every_line_received() {
    let env = TestEnv::new();
    let datas: Vec<String> = (0..2_000)
        .map(|i| {
            json!({"type": "assistant", "message": format!("line {i} {}", "y".repeat(300))})
                .to_string()
        })
        .collect();
    let body: String = datas.iter().map(|d| format!("data: {d}\n\n")).collect();
    let server = serve(Reply::sse(vec![write(body), pause(30_000)]));
    let mut child = env.spawn_api(
        &server.url(),
        &[
            "deploy", "prompt", "server-1", "go now", "--json", "--detach",
        ],
    );
    let (out, reader) = collect(child.stdout.take().unwrap());
    let last = format!("{}\n", datas[datas.len() - 1]);
    let waited = Instant::now();
    while !String::from_utf8_lossy(&out.lock().unwrap()).ends_with(&last) {
        assert!(
            waited.elapsed() < Duration::from_secs(20),
            "the lines received were not written before the wait"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = interrupt_child(&mut child, Duration::from_secs(1));
    reader.join().unwrap();
    let stderr = rest_of_stderr(&mut child);
    assert_eq!(status.code(), Some(130), "{stderr}");
    let expected: String = datas.iter().map(|d| format!("{d}\n")).collect();
    assert!(
        *out.lock().unwrap() == expected.into_bytes(),
        "the NDJSON differs"
    );
    assert_eq!(
        stderr,
        "Action: code-create (no app has been generated yet)\nerror: interrupted\nhint: the generation is still running on the server; cancel it with `neynar-studio deploy cancel server-1`\n"
    );
}
