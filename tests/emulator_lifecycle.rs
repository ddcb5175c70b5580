//! The emulator's generation lifecycle over HTTP, as the v3.174 spec has it: conversations and
//! their messages recorded from the streamed sessions (cursor paging), `session/cancel`
//! stopping a running stream with the SDK's interrupted result, `dev-status` in both
//! `schema_version` shapes, `start`/`stop` changing `dev_server_state` (admin key, 408 fault),
//! and `build`/`recover` streaming sessions of their own; with the spec's error codes and
//! bodies.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::emulator::{Emulator, http};

const CONV: &str = "6f1c2a4e-3b5d-4e7f-8a9b-0c1d2e3f4a5b";

/// A JSON request with the key `k`: (status, body as JSON).
fn call(emu: &Emulator, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    call_as(emu, "k", method, path, body)
}

fn call_as(
    emu: &Emulator,
    key: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let text = body.map(|b| b.to_string());
    let (status, body) = http(emu.port, method, path, Some(key), text.as_deref());
    let value = serde_json::from_str(&body).unwrap_or_else(|_| panic!("not JSON: {body}"));
    (status, value)
}

/// The `data:` events of an SSE answer (chunk-size lines of the chunked encoding ignored).
fn events(raw: &str) -> Vec<Value> {
    raw.lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .map(|d| serde_json::from_str(d).unwrap_or_else(|_| panic!("not JSON: {d}")))
        .collect()
}

/// A whole streamed answer: (status, events).
fn stream(emu: &Emulator, path: &str, body: Value) -> (u16, Vec<Value>) {
    let (status, raw) = http(emu.port, "POST", path, Some("k"), Some(&body.to_string()));
    (status, events(&raw))
}

/// Starts a prompt stream and reads its status line: (status line, the rest to read).
fn open_prompt(emu: &Emulator, body: Value) -> (String, BufReader<TcpStream>) {
    let mut conn = TcpStream::connect(("127.0.0.1", emu.port)).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let body = body.to_string();
    write!(
        conn,
        "POST /v2/studio/deployment/prompt/stream HTTP/1.1\r\nhost: 127.0.0.1\r\nx-api-key: k\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut reader = BufReader::new(conn);
    let mut status_line = String::new();
    reader.read_line(&mut status_line).unwrap();
    (status_line, reader)
}

/// A ready deployment of fid 3: (name, id).
fn create(emu: &Emulator) -> (String, String) {
    let (status, d) = call(
        emu,
        "POST",
        "/v2/studio/deployment",
        Some(json!({"fid": 3})),
    );
    assert_eq!(status, 200, "{d}");
    let name = d["name"].as_str().unwrap().to_string();
    let id = d["id"].as_str().unwrap().to_string();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !get(emu, &name)["is_ready"].as_bool().unwrap() {
        assert!(Instant::now() < deadline, "not ready");
        std::thread::sleep(Duration::from_millis(20));
    }
    (name, id)
}

fn get(emu: &Emulator, name: &str) -> Value {
    let (status, d) = call(
        emu,
        "GET",
        &format!("/v2/studio/deployment/by-name-and-fid?name={name}&fid=3"),
        None,
    );
    assert_eq!(status, 200, "{d}");
    d
}

fn kind(v: &Value) -> String {
    let t = v["type"].as_str().unwrap_or("?");
    match v["subtype"].as_str() {
        Some(s) => format!("{t}/{s}"),
        None => t.to_string(),
    }
}

/// All of a conversation's messages, following the cursor `limit` at a time (newest first).
fn all_messages(emu: &Emulator, name: &str, conv: &str, limit: usize) -> (Vec<Value>, usize) {
    let mut out = Vec::new();
    let mut pages = 0;
    let mut cursor: Option<String> = None;
    loop {
        let mut path = format!(
            "/v2/studio/deployment/conversations/messages?name={name}&fid=3&conversation_id={conv}&limit={limit}"
        );
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let (status, page) = call(emu, "GET", &path, None);
        assert_eq!(status, 200, "{page}");
        let messages = page["messages"].as_array().unwrap();
        assert!(messages.len() <= limit);
        out.extend(messages.iter().cloned());
        pages += 1;
        match page["next"]["cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => {
                assert_eq!(page["next"], json!({"cursor": null}));
                return (out, pages);
            }
        }
    }
}

#[test]
fn conversations_and_their_messages_are_recorded_from_the_streamed_sessions() {
    let emu = Emulator::start(&["--ready-after", "0s", "--speed", "40"]);
    let (name, id) = create(&emu);
    let (status, list) = call(
        &emu,
        "GET",
        &format!("/v2/studio/deployment/conversations?name={name}&fid=3"),
        None,
    );
    assert_eq!((status, list), (200, json!({"conversations": []})));

    let (status, sent) = stream(
        &emu,
        "/v2/studio/deployment/prompt/stream",
        json!({"fid": 3, "name": name, "prompt": "a counter app", "conversation_id": CONV}),
    );
    assert_eq!(status, 200);
    assert_eq!(kind(sent.last().unwrap()), "result/success");

    let (status, list) = call(
        &emu,
        "GET",
        &format!("/v2/studio/deployment/conversations?deployment_id={id}&fid=3"),
        None,
    );
    assert_eq!(status, 200, "{list}");
    let convs = list["conversations"].as_array().unwrap();
    assert_eq!(convs.len(), 1, "{list}");
    let c = &convs[0];
    let mut keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "admin",
            "created_at",
            "deployment_id",
            "id",
            "last_message_preview",
            "title",
            "updated_at"
        ]
    );
    assert_eq!(c["id"], CONV);
    assert_eq!(c["deployment_id"], id.as_str());
    assert_eq!(c["admin"], false);
    assert_eq!(c["title"], "a counter app");
    assert_eq!(c["last_message_preview"], "a counter app");

    // The messages, newest first: the prompt, then every whole event the stream carried.
    let (newest_first, pages) = all_messages(&emu, &name, CONV, 100);
    assert_eq!(pages, 1);
    let oldest_first: Vec<&Value> = newest_first.iter().rev().collect();
    let first = oldest_first[0];
    assert_eq!(first["message"], "a counter app");
    assert_eq!(first["origin"], "user");
    assert_eq!(first["type"], "user");
    assert_eq!(first["conversation_id"], CONV);
    let recorded: Vec<Value> = oldest_first[1..]
        .iter()
        .map(|m| {
            assert_eq!(m["origin"], "system");
            assert_eq!(m["conversation_id"], CONV);
            let event: Value = serde_json::from_str(m["message"].as_str().unwrap()).unwrap();
            assert_eq!(m["type"], event["type"]);
            assert_eq!(m.get("subtype"), event.get("subtype"));
            event
        })
        .collect();
    let whole: Vec<Value> = sent
        .iter()
        .filter(|e| e["type"] != "connection" && e["type"] != "stream_event")
        .cloned()
        .collect();
    assert_eq!(recorded, whole);
    let kinds: Vec<String> = recorded.iter().map(kind).collect();
    assert_eq!(
        kinds,
        [
            "system/init",
            "assistant",
            "assistant",
            "assistant",
            "user",
            "assistant",
            "user",
            "assistant",
            "user",
            "assistant",
            "result/success"
        ]
    );

    // Cursor paging: 5 at a time gives the same messages in three pages.
    let (paged, pages) = all_messages(&emu, &name, CONV, 5);
    assert_eq!((paged.len(), pages), (12, 3));
    assert_eq!(paged, newest_first);

    // A prompt with the conversation_id continues it; one without starts another.
    let (status, _) = stream(
        &emu,
        "/v2/studio/deployment/prompt/stream",
        json!({"fid": 3, "deployment_id": id, "prompt": "make it purple", "conversation_id": CONV}),
    );
    assert_eq!(status, 200);
    let (all, _) = all_messages(&emu, &name, CONV, 100);
    assert_eq!(all.len(), 24);
    assert_eq!(all[11]["message"], "make it purple");
    assert_eq!(all[11]["origin"], "user");
    let (_, _) = stream(
        &emu,
        "/v2/studio/deployment/prompt/stream",
        json!({"fid": 3, "name": name, "prompt": "a second idea"}),
    );
    let (_, list) = call(
        &emu,
        "GET",
        &format!("/v2/studio/deployment/conversations?name={name}&fid=3"),
        None,
    );
    let convs = list["conversations"].as_array().unwrap();
    assert_eq!(convs.len(), 2, "{list}");
    assert_eq!(convs[0]["last_message_preview"], "a second idea");
    assert_eq!(convs[1]["id"], CONV);
    assert_eq!(convs[1]["last_message_preview"], "make it purple");
    // Every conversation of the fid, without naming the deployment.
    let (_, all_of_fid) = call(
        &emu,
        "GET",
        "/v2/studio/deployment/conversations?fid=3",
        None,
    );
    assert_eq!(all_of_fid, list);

    // The spec's errors.
    let msgs = "/v2/studio/deployment/conversations/messages";
    for (path, status, error) in [
        (
            format!("{msgs}?name={name}&fid=3"),
            400,
            "conversation_id is required",
        ),
        (
            format!("{msgs}?name={name}&fid=3&conversation_id=nope"),
            400,
            "conversation_id must be a UUID",
        ),
        (
            format!("{msgs}?name={name}&fid=3&conversation_id={CONV}&limit=101"),
            400,
            "limit must be an integer between 1 and 100",
        ),
        (
            format!("{msgs}?name={name}&fid=3&conversation_id={CONV}&limit=0"),
            400,
            "limit must be an integer between 1 and 100",
        ),
        (
            format!("{msgs}?name={name}&fid=3&conversation_id={CONV}&cursor=zzz"),
            400,
            "cursor is not valid for this conversation",
        ),
        (
            format!("{msgs}?name={name}&conversation_id={CONV}"),
            400,
            "fid is required",
        ),
        (
            format!("{msgs}?fid=3&conversation_id={CONV}"),
            400,
            "name or deployment_id is required",
        ),
        (
            format!(
                "{msgs}?name={name}&fid=3&conversation_id=00000000-0000-4000-8000-000000000000"
            ),
            404,
            "Conversation not found",
        ),
        (
            format!("{msgs}?name=server-000000000000000&fid=3&conversation_id={CONV}"),
            404,
            "Deployment not found",
        ),
        (
            format!("/v2/studio/deployment/conversations?name={name}&fid=3&include_deleted=maybe"),
            400,
            "include_deleted must be true or false",
        ),
        (
            "/v2/studio/deployment/conversations?name=server-000000000000000&fid=3".to_string(),
            404,
            "Deployment not found",
        ),
    ] {
        assert_eq!(
            call(&emu, "GET", &path, None),
            (status, json!({"error": error})),
            "{path}"
        );
    }
}

#[test]
fn a_cancel_stops_the_running_stream_with_the_interrupted_result() {
    // About ten seconds a session: the cancel comes while it runs.
    let emu = Emulator::start(&["--ready-after", "0s", "--speed", "1"]);
    let (name, _) = create(&emu);
    let (status_line, mut reader) = open_prompt(
        &emu,
        json!({"fid": 3, "name": name, "prompt": "a counter app", "conversation_id": CONV}),
    );
    assert!(status_line.contains(" 200 "), "{status_line}");
    let mut raw = String::new();
    // Read until the agent has said something.
    loop {
        let mut line = String::new();
        assert!(reader.read_line(&mut line).unwrap() > 0, "{raw}");
        raw.push_str(&line);
        if line.starts_with("data: ") && line.contains("\"type\":\"assistant\"") {
            break;
        }
    }
    // A cancel for another conversation stops nothing.
    let cancel = "/v2/studio/deployment/session/cancel";
    let other =
        json!({"fid": 3, "name": name, "conversation_id": "00000000-0000-4000-8000-000000000000"});
    assert_eq!(
        call(&emu, "POST", cancel, Some(other)),
        (200, json!({"cancelled": false}))
    );
    let cancelled_at = Instant::now();
    assert_eq!(
        call(
            &emu,
            "POST",
            cancel,
            Some(json!({"fid": 3, "name": name, "conversation_id": CONV}))
        ),
        (200, json!({"cancelled": true}))
    );
    let mut rest = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 {
            break;
        }
        rest.push_str(&line);
    }
    assert!(
        cancelled_at.elapsed() < Duration::from_secs(3),
        "the stream ended {:?} after the cancel",
        cancelled_at.elapsed()
    );
    raw.push_str(&rest);
    let got = events(&raw);
    let n = got.len();
    assert!(n >= 4, "{got:?}");
    assert_eq!(kind(&got[n - 2]), "user");
    assert_eq!(
        got[n - 2]["message"]["content"][0]["text"],
        "[Request interrupted by user]"
    );
    let result = &got[n - 1];
    assert_eq!(kind(result), "result/error_during_execution");
    assert_eq!(result["is_error"], true);
    assert_eq!(result["errors"], json!(["Request was aborted by the user"]));
    assert_eq!(result["session_id"], got[1]["session_id"]);
    assert!(
        !got.iter().any(|e| e["subtype"] == "success"),
        "no success after a cancel: {got:?}"
    );

    // Nothing runs now: a repeat is success, cancelled false.
    assert_eq!(
        call(
            &emu,
            "POST",
            cancel,
            Some(json!({"fid": 3, "name": name, "conversation_id": CONV}))
        ),
        (200, json!({"cancelled": false}))
    );
    // The emulator saw them: three received, one stopped a session.
    let (status, page) = http(emu.port, "GET", "/", Some("k"), None);
    assert_eq!(status, 200);
    assert!(
        page.contains("cancels received: 3, sessions cancelled: 1"),
        "{page}"
    );

    // The conversation records the interruption as the stream sent it.
    let (newest_first, _) = all_messages(&emu, &name, CONV, 100);
    let last: Value = serde_json::from_str(newest_first[0]["message"].as_str().unwrap()).unwrap();
    assert_eq!(&last, result);
    assert_eq!(newest_first[0]["subtype"], "error_during_execution");
    // Everything the stream carried up to the cancel, and nothing it did not.
    let recorded: Vec<Value> = newest_first
        .iter()
        .rev()
        .skip(1)
        .map(|m| serde_json::from_str(m["message"].as_str().unwrap()).unwrap())
        .collect();
    let whole: Vec<Value> = got
        .iter()
        .filter(|e| e["type"] != "connection" && e["type"] != "stream_event")
        .cloned()
        .collect();
    assert_eq!(recorded, whole);
    // No app was made; the dev status says the session ended, cancelled.
    let d = get(&emu, &name);
    assert_eq!(d["generated_app_exists"], false);
    let (status, dev) = call(
        &emu,
        "GET",
        &format!("/v2/studio/deployment/dev-status?name={name}"),
        None,
    );
    assert_eq!(status, 200);
    assert!(dev["completed_at"].is_string(), "{dev}");
    assert_eq!(dev["ready_to_publish"], false);
    assert_eq!(dev["metadata"]["outcome"], "cancelled");
    // The next prompt starts a session (it is not queued).
    let (status_line, _running) =
        open_prompt(&emu, json!({"fid": 3, "name": name, "prompt": "again"}));
    assert!(status_line.contains(" 200 "), "{status_line}");

    // The spec's errors.
    for (body, status, error) in [
        (
            json!({"fid": 3, "name": name}),
            400,
            "conversation_id is required",
        ),
        (
            json!({"fid": 3, "name": name, "conversation_id": "x"}),
            400,
            "conversation_id must be a UUID",
        ),
        (
            json!({"fid": 3, "conversation_id": CONV}),
            400,
            "name or deployment_id is required",
        ),
        (
            json!({"fid": 3, "name": "server-000000000000000", "conversation_id": CONV}),
            404,
            "Deployment not found",
        ),
    ] {
        assert_eq!(
            call(&emu, "POST", cancel, Some(body.clone())),
            (status, json!({"error": error})),
            "{body}"
        );
    }
    let (status, body) = http(emu.port, "POST", cancel, Some("k"), Some("{not json"));
    assert_eq!(
        (status, body.as_str()),
        (400, r#"{"error":"Invalid JSON in request body"}"#)
    );
}

#[test]
fn dev_status_in_both_schema_versions() {
    let emu = Emulator::start(&["--ready-after", "0s", "--speed", "40"]);
    let (name, id) = create(&emu);
    let path = format!("/v2/studio/deployment/dev-status?deployment_id={id}");
    assert_eq!(
        call(&emu, "GET", &path, None),
        (
            200,
            json!({
                "schema_version": 1, "ready_to_publish": false, "current_phase": 0,
                "started_at": null, "last_updated_at": null, "completed_at": null,
                "phases": {
                    "1": {"name": "Plan", "status": "pending"},
                    "2": {"name": "Build", "status": "pending"},
                    "3": {"name": "Check", "status": "pending"}
                },
                "metadata": {}
            })
        )
    );
    stream(
        &emu,
        "/v2/studio/deployment/prompt/stream",
        json!({"fid": 3, "name": name, "prompt": "hi", "conversation_id": CONV}),
    );
    let (_, done) = call(&emu, "GET", &path, None);
    assert_eq!(done["ready_to_publish"], true);
    assert_eq!(done["current_phase"], 3);
    assert_eq!(done["metadata"]["conversation_id"], CONV);
    assert!(done["completed_at"].is_string());
    for (path, status, error) in [
        (
            "/v2/studio/deployment/dev-status".to_string(),
            400,
            "name or deployment_id is required",
        ),
        (
            "/v2/studio/deployment/dev-status?name=server-000000000000000".to_string(),
            404,
            "Deployment not found",
        ),
        (
            "/v2/studio/deployment/dev-status?deployment_id=nope".to_string(),
            400,
            "deployment_id must be a UUID",
        ),
    ] {
        assert_eq!(
            call(&emu, "GET", &path, None),
            (status, json!({"error": error}))
        );
    }

    let emu = Emulator::start(&[
        "--ready-after",
        "0s",
        "--speed",
        "40",
        "--dev-status-schema",
        "0",
    ]);
    let (name, _) = create(&emu);
    let path = format!("/v2/studio/deployment/dev-status?name={name}");
    assert_eq!(
        call(&emu, "GET", &path, None),
        (200, json!({"schema_version": 0, "ready_to_publish": false}))
    );
    stream(
        &emu,
        "/v2/studio/deployment/prompt/stream",
        json!({"fid": 3, "name": name, "prompt": "hi"}),
    );
    assert_eq!(
        call(&emu, "GET", &path, None),
        (200, json!({"schema_version": 0, "ready_to_publish": true}))
    );
}

#[test]
fn start_and_stop_change_the_dev_server_state() {
    let emu = Emulator::start(&[
        "--ready-after",
        "0s",
        "--api-key",
        "k",
        "--admin-key",
        "admin",
    ]);
    let (name, _) = create(&emu);
    let body = json!({"fid": 3, "name": name});
    let (start, stop) = ("/v2/studio/deployment/start", "/v2/studio/deployment/stop");
    let forbidden = (403, json!({"error": "Studio admin access required"}));
    assert_eq!(call(&emu, "POST", stop, Some(body.clone())), forbidden);
    assert_eq!(call(&emu, "POST", start, Some(body.clone())), forbidden);
    assert_eq!(get(&emu, &name)["dev_server_state"], "running");

    let ok = |message: &str| (200, json!({"success": true, "message": message}));
    assert_eq!(
        call_as(&emu, "admin", "POST", stop, Some(body.clone())),
        ok("Dev server stopped")
    );
    let d = get(&emu, &name);
    assert_eq!(d["dev_server_state"], "stopped");
    assert_eq!(d["generated_app_serving"], false);
    assert_eq!(
        call_as(&emu, "admin", "POST", stop, Some(body.clone())),
        ok("Dev server is already stopped")
    );
    assert_eq!(
        call_as(&emu, "admin", "POST", start, Some(body.clone())),
        ok("Dev server started")
    );
    assert_eq!(get(&emu, &name)["dev_server_state"], "running");
    assert_eq!(
        call_as(&emu, "admin", "POST", start, Some(body.clone())),
        ok("Dev server is already running")
    );
    for (body, status, error) in [
        (json!({"name": name}), 400, "fid is required"),
        (json!({"fid": 3}), 400, "name or deployment_id is required"),
        (
            json!({"fid": 3, "name": "server-000000000000000"}),
            404,
            "Deployment not found",
        ),
    ] {
        for path in [start, stop] {
            assert_eq!(
                call_as(&emu, "admin", "POST", path, Some(body.clone())),
                (status, json!({"error": error})),
                "{path} {body}"
            );
        }
    }
    let (status, text) = http(emu.port, "POST", start, Some("admin"), None);
    assert_eq!(
        (status, text.as_str()),
        (400, r#"{"error":"Request body is required"}"#)
    );

    // A start that times out: 408, and the dev server comes up a little later.
    let emu = Emulator::start(&["--ready-after", "300ms", "--start-timeout"]);
    let (name, _) = create(&emu);
    let body = json!({"fid": 3, "name": name});
    call(&emu, "POST", stop, Some(body.clone()));
    assert_eq!(
        call(&emu, "POST", start, Some(body.clone())),
        (
            408,
            json!({"error": "Timed out waiting for the dev server to start"})
        )
    );
    assert_eq!(get(&emu, &name)["dev_server_state"], "starting");
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(get(&emu, &name)["dev_server_state"], "running");
}

#[test]
fn build_and_recover_stream_sessions_of_their_own() {
    let emu = Emulator::start(&["--ready-after", "0s", "--speed", "40"]);
    let (name, id) = create(&emu);
    let commands = |events: &[Value]| -> Vec<String> {
        events
            .iter()
            .filter_map(|e| e["message"]["content"][0]["input"]["command"].as_str())
            .map(String::from)
            .collect()
    };
    let build = "/v2/studio/deployment/build";
    let (status, got) = stream(&emu, build, json!({"name": name, "build_type": "npm"}));
    assert_eq!(status, 200);
    assert_eq!(kind(&got[0]), "connection");
    assert_eq!(kind(&got[1]), "system/init");
    assert_eq!(commands(&got), ["npm run build"]);
    let last = got.last().unwrap();
    assert_eq!(kind(last), "result/success");
    assert_eq!(last["result"], "The build succeeded.");
    // The default build type is vercel.
    let (_, got) = stream(&emu, build, json!({"deployment_id": id}));
    assert_eq!(commands(&got), ["npx vercel build --prod"]);

    // Recover: reads the log, edits, rebuilds; the stopped dev server runs again.
    call(
        &emu,
        "POST",
        "/v2/studio/deployment/stop",
        Some(json!({"fid": 3, "name": name})),
    );
    let (status, got) = stream(&emu, "/v2/studio/deployment/recover", json!({"name": name}));
    assert_eq!(status, 200);
    assert_eq!(
        commands(&got),
        ["tail -n 40 /tmp/dev-server.log", "npm run build"]
    );
    assert_eq!(kind(got.last().unwrap()), "result/success");
    assert_eq!(get(&emu, &name)["dev_server_state"], "running");

    // Each is a conversation of its own, opened by what was asked.
    let (_, list) = call(
        &emu,
        "GET",
        &format!("/v2/studio/deployment/conversations?name={name}&fid=3"),
        None,
    );
    let convs = list["conversations"].as_array().unwrap();
    assert_eq!(convs.len(), 3, "{list}");
    let first_of = |c: &Value| {
        let (all, _) = all_messages(&emu, &name, c["id"].as_str().unwrap(), 100);
        all.last().unwrap().clone()
    };
    let opened: Vec<Value> = convs.iter().map(first_of).collect();
    let asked: Vec<(&str, &str)> = opened
        .iter()
        .map(|m| {
            (
                m["origin"].as_str().unwrap(),
                m["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        asked,
        [
            ("system", "Recover the dev server"),
            ("system", "Build the app (vercel)"),
            ("system", "Build the app (npm)")
        ]
    );

    // 409 while a session runs; the spec's 400 and 404.
    let (status_line, reader) = open_prompt(
        &emu,
        json!({"fid": 3, "name": name, "prompt": "a slow one"}),
    );
    assert!(status_line.contains(" 200 "), "{status_line}");
    let conflict = (
        409,
        json!({"error": "A session is already running on this deployment"}),
    );
    assert_eq!(
        call(&emu, "POST", build, Some(json!({"name": name}))),
        conflict
    );
    assert_eq!(
        call(
            &emu,
            "POST",
            "/v2/studio/deployment/recover",
            Some(json!({"name": name}))
        ),
        conflict
    );
    drop(reader);
    for (path, body, status, error) in [
        (
            build,
            json!({"name": name, "build_type": "yarn"}),
            400,
            "build_type must be one of npm, vercel",
        ),
        (build, json!({}), 400, "name or deployment_id is required"),
        (
            build,
            json!({"name": "server-000000000000000"}),
            404,
            "Deployment not found",
        ),
        (
            "/v2/studio/deployment/recover",
            json!({"deployment_id": "nope"}),
            400,
            "deployment_id must be a UUID",
        ),
        (
            "/v2/studio/deployment/recover",
            json!({"name": "server-000000000000000"}),
            404,
            "Deployment not found",
        ),
    ] {
        assert_eq!(
            call(&emu, "POST", path, Some(body.clone())),
            (status, json!({"error": error})),
            "{path} {body}"
        );
    }
}
