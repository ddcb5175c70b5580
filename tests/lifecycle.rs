//! The generation's lifecycle: `deploy start`, `stop` (confirmation), `build` and `recover`
//! (streams, rendered and NDJSON, never retried), `cancel` (safe to repeat), and Ctrl-C
//! during a prompt cancelling it on the server unless `--detach`.

use std::time::{Duration, Instant};

use httpmock::prelude::*;
use serde_json::json;

use crate::common::script_server::{Reply, ScriptServer, pause, write};
use crate::common::*;

const GET_PATH: &str = "/v2/studio/deployment/by-name-and-fid";
const START_PATH: &str = "/v2/studio/deployment/start";
const STOP_PATH: &str = "/v2/studio/deployment/stop";
const BUILD_PATH: &str = "/v2/studio/deployment/build";
const RECOVER_PATH: &str = "/v2/studio/deployment/recover";
const CANCEL_PATH: &str = "/v2/studio/deployment/session/cancel";
const CONV_PATH: &str = "/v2/studio/deployment/conversations";
const STREAM_PATH: &str = "/v2/studio/deployment/prompt/stream";
const CONV: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

fn selected() -> serde_json::Value {
    json!({"fid": 3, "name": "server-1"})
}

// ----- start and stop -----

#[test]
fn start_sends_once_and_says_so() {
    let env = TestEnv::new();
    let server = server();
    let start = server.mock(|when, then| {
        expect(when, POST, START_PATH, "", Some(selected()));
        json_reply(
            then,
            200,
            json!({"success": true, "message": "Dev server started"}),
        );
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "start", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nStarted the dev server of server-1: Dev server started\n--- stderr\n"
    );
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "start", "server-1", "--json"]));
    assert_eq!(r.code, 0);
    assert_eq!(
        r.json(),
        json!({"success": true, "message": "Dev server started"})
    );
    start.assert_calls(2);
}

#[test]
fn start_403_says_an_admin_key_is_needed() {
    let env = TestEnv::new();
    let server = server();
    let start = server.mock(|when, then| {
        expect(when, POST, START_PATH, "", Some(selected()));
        json_reply(then, 403, json!({"error": "Forbidden"}));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "start", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 3\n--- stdout\n--- stderr\nerror: starting the dev server needs a Studio admin key (HTTP 403: Forbidden)\nhint: use a key with the Studio admin role (NEYNAR_API_KEY or `neynar-studio config init`)\n"
    );
    start.assert_calls(1);
}

#[test]
fn start_errors_keep_their_exit_codes_and_are_never_retried() {
    for (status, code) in [(400, 6), (404, 4), (409, 6), (500, 1), (503, 1)] {
        let env = TestEnv::new();
        let server = server();
        let start = server.mock(|when, then| {
            expect(when, POST, START_PATH, "", Some(selected()));
            json_reply(then, status, json!({"error": "nope"}));
        });
        let r = run(env
            .api(&server.base_url())
            .args(["deploy", "start", "server-1"]));
        assert_eq!(r.code, code, "{status}: {}", r.transcript());
        assert_eq!(r.stdout, "");
        start.assert_calls(1);
    }
}

#[test]
fn start_408_watches_the_state_instead_of_sending_again() {
    let env = TestEnv::new();
    let server = server();
    let start = server.mock(|when, then| {
        expect(when, POST, START_PATH, "", Some(selected()));
        json_reply(then, 408, json!({"error": "Request Timeout"}));
    });
    let mut running = deployment("server-1", true);
    running["dev_server_state"] = json!("running");
    let get = server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, running);
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "start", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nStarted the dev server of server-1.\n--- stderr\nThe API timed out starting the dev server; watching its state instead of sending again.\n"
    );
    start.assert_calls(1);
    get.assert_calls(1);
}

#[test]
fn stop_408_gives_up_at_the_timeout() {
    let env = TestEnv::new();
    let server = server();
    let stop = server.mock(|when, then| {
        expect(when, POST, STOP_PATH, "", Some(selected()));
        json_reply(then, 408, json!({"error": "Request Timeout"}));
    });
    let mut still = deployment("server-1", true);
    still["dev_server_state"] = json!("running");
    server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, still);
    });
    let r = run(env.api(&server.base_url()).args([
        "deploy",
        "stop",
        "server-1",
        "--yes",
        "--timeout",
        "1s",
    ]));
    assert_eq!(
        r.transcript(),
        "exit: 5\n--- stdout\n--- stderr\nThe API timed out stopping the dev server; watching its state instead of sending again.\nerror: the dev server was still 'running' after 1s\nhint: see it with `neynar-studio deploy status`; wait longer with --timeout\n"
    );
    stop.assert_calls(1);
}

#[test]
fn stop_needs_yes_without_a_terminal() {
    let env = TestEnv::new();
    let server = server();
    let stop = server.mock(|when, then| {
        expect(when, POST, STOP_PATH, "", Some(selected()));
        json_reply(
            then,
            200,
            json!({"success": true, "message": "Dev server stopped"}),
        );
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "stop", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: refusing to stop the dev server of server-1 without confirmation\nhint: pass --yes to confirm (there is no terminal to ask on)\n"
    );
    stop.assert_calls(0);
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "stop", "server-1", "--yes"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nStopped the dev server of server-1: Dev server stopped\n--- stderr\n"
    );
    stop.assert_calls(1);
}

#[test]
fn stop_asks_on_a_terminal() {
    let env = TestEnv::new();
    let server = server();
    let stop = server.mock(|when, then| {
        expect(when, POST, STOP_PATH, "", Some(selected()));
        json_reply(
            then,
            200,
            json!({"success": true, "message": "Dev server stopped"}),
        );
    });
    let r = env.on_terminal(&server.base_url(), "deploy stop server-1", "n\n");
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(
        r.stdout
            .contains("not confirmed; the dev server was not stopped"),
        "{}",
        r.transcript()
    );
    stop.assert_calls(0);
    let r = env.on_terminal(&server.base_url(), "deploy stop server-1", "y\n");
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stdout.contains("Stopped the dev server of server-1"),
        "{}",
        r.transcript()
    );
    stop.assert_calls(1);
}

// ----- build and recover -----

fn stream() -> Reply {
    Reply::sse(vec![
        write("data: {\"type\":\"connection\",\"message\":\"Streaming started\"}\n\n"),
        write(
            "data: {\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"Build passed.\"}]}}\n\n",
        ),
        write(
            "data: {\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"ok\",\"duration_ms\":1000,\"num_turns\":1,\"total_cost_usd\":0.01}\n\n",
        ),
    ])
}

/// The stream above, drawn by the prompt renderer.
const RENDERED: &str =
    "exit: 0\n--- stdout\nBuild passed.\n\n✓ Done in 1.0s · 1 turn · $0.0100\n--- stderr\n";

#[test]
fn build_streams_rendered_and_as_ndjson() {
    let env = TestEnv::new();
    let server = ScriptServer::start(vec![("POST", BUILD_PATH, stream())]);
    let r = run(env
        .api(&server.url())
        .args(["deploy", "build", "server-1", "--type", "npm"]));
    assert_eq!(r.transcript(), RENDERED);
    let r = run(env
        .api(&server.url())
        .args(["deploy", "build", "server-1", "--json"]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    let lines: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[2]["type"], "result");
    let sent = server.to("POST", BUILD_PATH);
    assert_eq!(sent.len(), 2);
    assert_eq!(
        sent[0].json(),
        json!({"name": "server-1", "build_type": "npm"})
    );
    assert_eq!(sent[1].json(), json!({"name": "server-1"}));
    assert_eq!(sent[0].header("x-api-key"), Some(KEY));
    assert_eq!(sent[0].header("accept"), Some("text/event-stream"));
}

#[test]
fn recover_streams_and_is_never_retried() {
    let env = TestEnv::new();
    let server = ScriptServer::start(vec![("POST", RECOVER_PATH, stream())]);
    let r = run(env
        .api(&server.url())
        .args(["deploy", "recover", "server-1"]));
    assert_eq!(r.transcript(), RENDERED);
    assert_eq!(
        server.to("POST", RECOVER_PATH)[0].json(),
        json!({"name": "server-1"})
    );

    let mock = crate::common::server();
    let recover = mock.mock(|when, then| {
        expect(
            when,
            POST,
            RECOVER_PATH,
            "",
            Some(json!({"name": "server-1"})),
        );
        then.status(503).body("busy");
    });
    let r = run(env
        .api(&mock.base_url())
        .args(["deploy", "recover", "server-1"]));
    assert_eq!(r.code, 1, "{}", r.transcript());
    recover.assert_calls(1);
}

#[test]
fn build_errors_keep_their_exit_codes() {
    for (status, code) in [(400, 6), (404, 4), (409, 6)] {
        let env = TestEnv::new();
        let server = server();
        let build = server.mock(|when, then| {
            expect(
                when,
                POST,
                BUILD_PATH,
                "",
                Some(json!({"name": "server-1"})),
            );
            json_reply(then, status, json!({"error": "nope"}));
        });
        let r = run(env
            .api(&server.base_url())
            .args(["deploy", "build", "server-1"]));
        assert_eq!(r.code, code, "{status}: {}", r.transcript());
        build.assert_calls(1);
    }
    let env = TestEnv::new();
    let server = server();
    server.mock(|when, then| {
        expect(
            when,
            POST,
            BUILD_PATH,
            "",
            Some(json!({"name": "server-1"})),
        );
        json_reply(then, 409, json!({"error": "A session is already running"}));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "build", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 6\n--- stdout\n--- stderr\nerror: A session is already running (HTTP 409 Conflict)\nhint: a generation is already running; wait for it (`neynar-studio deploy status server-1`) or cancel it (`neynar-studio deploy cancel server-1`)\n"
    );
}

// ----- cancel -----

fn conversations_mock(server: &MockServer) -> httpmock::Mock<'_> {
    server.mock(|when, then| {
        expect(when, GET, CONV_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, json!({"conversations": [
            {"id": "11111111-5a0e-4f35-9d47-2a8a2f3c1e90", "updated_at": "2026-11-21T07:50:00Z"},
            {"id": CONV, "updated_at": "2026-11-22T08:03:00Z"}
        ]}));
    })
}

#[test]
fn cancel_stops_the_most_recent_conversation() {
    let env = TestEnv::new();
    let server = server();
    let convs = conversations_mock(&server);
    let cancel = server.mock(|when, then| {
        expect(
            when,
            POST,
            CANCEL_PATH,
            "",
            Some(json!({"conversation_id": CONV, "fid": 3, "name": "server-1"})),
        );
        json_reply(then, 200, json!({"cancelled": true}));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "cancel", "server-1"]));
    assert_eq!(
        r.transcript(),
        format!(
            "exit: 0\n--- stdout\nCancelled the generation of server-1 (conversation {CONV}).\n--- stderr\n"
        )
    );
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "cancel", "server-1", "--json"]));
    assert_eq!(r.json(), json!({"cancelled": true}));
    convs.assert_calls(2);
    cancel.assert_calls(2);
}

#[test]
fn cancel_with_nothing_running_is_a_success() {
    let env = TestEnv::new();
    let server = server();
    let convs = conversations_mock(&server);
    let cancel = server.mock(|when, then| {
        expect(
            when,
            POST,
            CANCEL_PATH,
            "",
            Some(json!({"conversation_id": CONV, "fid": 3, "name": "server-1"})),
        );
        json_reply(then, 200, json!({"cancelled": false}));
    });
    let r = run(env.api(&server.base_url()).args([
        "deploy",
        "cancel",
        "server-1",
        "--conversation",
        CONV,
    ]));
    assert_eq!(
        r.transcript(),
        format!(
            "exit: 0\n--- stdout\nNothing was running on server-1 (conversation {CONV}); nothing to cancel.\n--- stderr\n"
        )
    );
    convs.assert_calls(0);
    cancel.assert_calls(1);

    let server = crate::common::server();
    server.mock(|when, then| {
        expect(when, GET, CONV_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, json!({"conversations": []}));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "cancel", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nserver-1 has no conversations; nothing was running.\n--- stderr\n"
    );
}

#[test]
fn cancel_errors_keep_their_exit_codes() {
    for (status, code) in [(400, 6), (404, 4)] {
        let env = TestEnv::new();
        let server = server();
        server.mock(|when, then| {
            expect(
                when,
                POST,
                CANCEL_PATH,
                "",
                Some(json!({"conversation_id": CONV, "fid": 3, "name": "server-1"})),
            );
            json_reply(then, status, json!({"error": "nope"}));
        });
        let r = run(env.api(&server.base_url()).args([
            "deploy",
            "cancel",
            "server-1",
            "--conversation",
            CONV,
        ]));
        assert_eq!(r.code, code, "{status}: {}", r.transcript());
    }
}

// ----- Ctrl-C during a prompt -----

/// Runs a prompt against `server`, sends SIGINT once the stream is open, and returns the
/// exit code and stderr.
fn interrupt_prompt(server: &ScriptServer, extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec!["deploy", "prompt", "server-1", "go now"];
    args.extend_from_slice(extra);
    interrupt(server, &args, STREAM_PATH)
}

/// Runs `args` against `server`, sends SIGINT once `stream_path` was asked, and returns the
/// exit code and stderr.
fn interrupt(server: &ScriptServer, args: &[&str], stream_path: &str) -> (Option<i32>, String) {
    let env = TestEnv::new();
    let mut child = env.spawn_api(&server.url(), args);
    let waited = Instant::now();
    while server.to("POST", stream_path).is_empty() && waited.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    let status = interrupt_child(&mut child, Duration::from_secs(5));
    let out = child.wait_with_output().unwrap();
    (
        status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn prompt_server(cancelled: bool) -> ScriptServer {
    ScriptServer::start(vec![
        (
            "GET",
            GET_PATH,
            Reply::json(200, &deployment("server-1", true)),
        ),
        (
            "POST",
            STREAM_PATH,
            Reply::sse(vec![
                write("data: {\"type\":\"connection\",\"message\":\"Streaming started\"}\n\n"),
                write(format!(
                    "data: {{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"s-1\",\"conversation_id\":\"{CONV}\"}}\n\n"
                )),
                pause(30_000),
            ]),
        ),
        (
            "POST",
            CANCEL_PATH,
            Reply::json(200, &json!({"cancelled": cancelled})),
        ),
    ])
}

#[test]
fn ctrl_c_during_a_prompt_cancels_it_on_the_server_once() {
    let server = prompt_server(true);
    let (code, stderr) = interrupt_prompt(&server, &[]);
    assert_eq!(code, Some(130));
    assert_eq!(
        stderr,
        "Action: code-create (no app has been generated yet)\nerror: interrupted\nhint: the generation was cancelled on the server\n"
    );
    let cancels = server.to("POST", CANCEL_PATH);
    assert_eq!(cancels.len(), 1);
    // The conversation the stream announced; no lookup was needed.
    assert_eq!(
        cancels[0].json(),
        json!({"conversation_id": CONV, "fid": 3, "name": "server-1"})
    );
    assert_eq!(cancels[0].header("x-api-key"), Some(KEY));
    assert!(server.to("GET", CONV_PATH).is_empty());
}

#[test]
fn ctrl_c_with_detach_sends_no_cancel() {
    let server = prompt_server(true);
    let (code, stderr) = interrupt_prompt(&server, &["--detach"]);
    assert_eq!(code, Some(130));
    assert_eq!(
        stderr,
        "Action: code-create (no app has been generated yet)\nerror: interrupted\nhint: the generation is still running on the server; cancel it with `neynar-studio deploy cancel server-1`\n"
    );
    assert!(server.to("POST", CANCEL_PATH).is_empty());
}

#[test]
fn ctrl_c_says_when_the_cancel_failed() {
    // No cancel route: the server answers 599, and the user learns the generation may go on.
    let server = ScriptServer::start(vec![
        (
            "GET",
            GET_PATH,
            Reply::json(200, &deployment("server-1", true)),
        ),
        (
            "POST",
            STREAM_PATH,
            Reply::sse(vec![
                write(format!(
                    "data: {{\"type\":\"system\",\"subtype\":\"init\",\"conversation_id\":\"{CONV}\"}}\n\n"
                )),
                pause(30_000),
            ]),
        ),
    ]);
    let (code, stderr) = interrupt_prompt(&server, &[]);
    assert_eq!(code, Some(130));
    assert!(
        stderr.ends_with("; the generation is still running on the server; cancel it with `neynar-studio deploy cancel server-1`\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: cancelling on the server failed ("),
        "{stderr}"
    );
}

#[test]
fn ctrl_c_during_a_build_cancels_the_latest_conversation() {
    let server = ScriptServer::start(vec![
        (
            "POST",
            BUILD_PATH,
            Reply::sse(vec![
                write("data: {\"type\":\"connection\",\"message\":\"Streaming started\"}\n\n"),
                pause(30_000),
            ]),
        ),
        (
            "GET",
            CONV_PATH,
            Reply::json(
                200,
                &json!({"conversations": [{"id": CONV, "updated_at": "2026-11-22T08:03:00Z"}]}),
            ),
        ),
        (
            "POST",
            CANCEL_PATH,
            Reply::json(200, &json!({"cancelled": true})),
        ),
    ]);
    let (code, stderr) = interrupt(&server, &["deploy", "build", "server-1"], BUILD_PATH);
    assert_eq!(code, Some(130));
    assert_eq!(
        stderr,
        "error: interrupted\nhint: the generation was cancelled on the server\n"
    );
    let lookups = server.to("GET", CONV_PATH);
    assert_eq!(lookups.len(), 1);
    assert_eq!(lookups[0].query, "name=server-1&fid=3");
    let cancels = server.to("POST", CANCEL_PATH);
    assert_eq!(cancels.len(), 1);
    assert_eq!(
        cancels[0].json(),
        json!({"conversation_id": CONV, "fid": 3, "name": "server-1"})
    );
}

#[test]
fn ctrl_c_waits_for_the_cancel_a_few_seconds_at_most() {
    let server = ScriptServer::start(vec![
        (
            "GET",
            GET_PATH,
            Reply::json(200, &deployment("server-1", true)),
        ),
        (
            "POST",
            STREAM_PATH,
            Reply::sse(vec![
                write(format!(
                    "data: {{\"type\":\"system\",\"subtype\":\"init\",\"conversation_id\":\"{CONV}\"}}\n\n"
                )),
                pause(30_000),
            ]),
        ),
        // The cancel never answers.
        (
            "POST",
            CANCEL_PATH,
            Reply {
                steps: vec![pause(30_000)],
            },
        ),
    ]);
    let started = Instant::now();
    let (code, stderr) = interrupt_prompt(&server, &[]);
    assert_eq!(code, Some(130));
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(
        stderr.ends_with("error: interrupted\nhint: the server did not confirm the cancel within 3 s; the generation is still running on the server; cancel it with `neynar-studio deploy cancel server-1`\n"),
        "{stderr}"
    );
    assert_eq!(server.to("POST", CANCEL_PATH).len(), 1);
}

#[test]
fn prompt_variant_is_sent_as_system_prompt_variant() {
    let env = TestEnv::new();
    let server = ScriptServer::start(vec![
        (
            "GET",
            GET_PATH,
            Reply::json(200, &deployment("server-1", true)),
        ),
        ("POST", STREAM_PATH, stream()),
    ]);
    let r = run(env.api(&server.url()).args([
        "deploy",
        "prompt",
        "server-1",
        "make it purple",
        "--variant",
        "beta",
    ]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(
        server.to("POST", STREAM_PATH)[0].json(),
        json!({"fid": 3, "name": "server-1", "prompt": "make it purple", "action": "code-create", "system_prompt_variant": "beta"})
    );
    let r = run(env.api(&server.url()).args([
        "deploy",
        "prompt",
        "server-1",
        "x y",
        "--variant",
        "nightly",
    ]));
    assert_eq!(r.code, 2, "{}", r.transcript());
}
