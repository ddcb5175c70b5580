//! End to end: the CLI binary against a real emulator process, over loopback. The tutorial's
//! whole workflow in both API shapes, the fault options, the 202 queue, the API's errors, the
//! response schemas of the reference spec, and `demo`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use crate::common::*;

/// An emulator process on a free port, stopped when dropped.
pub struct Emulator {
    child: Child,
    _stdout: BufReader<ChildStdout>,
    pub url: String,
    pub port: u16,
}

impl Emulator {
    pub fn start(args: &[&str]) -> Emulator {
        let bin = assert_cmd::cargo::cargo_bin("neynar-studio");
        let mut child = Command::new(bin)
            .env_clear()
            .args(["emulator", "--port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the emulator");
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let url = line
            .trim()
            .strip_prefix("Studio API emulator listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line}"))
            .to_string();
        let port = url.rsplit(':').next().unwrap().parse().unwrap();
        Emulator {
            child,
            _stdout: stdout,
            url,
            port,
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A raw HTTP/1.1 request, for what the CLI would never send.
pub fn http(
    port: u16,
    method: &str,
    path: &str,
    key: Option<&str>,
    body: Option<&str>,
) -> (u16, String) {
    let mut conn = TcpStream::connect(("127.0.0.1", port)).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut req =
        format!("{method} {path} HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\nconnection: close\r\n");
    if let Some(k) = key {
        req.push_str(&format!("x-api-key: {k}\r\n"));
    }
    if let Some(b) = body {
        req.push_str(&format!(
            "content-type: application/json\r\ncontent-length: {}\r\n",
            b.len()
        ));
    }
    req.push_str("\r\n");
    if let Some(b) = body {
        req.push_str(b);
    }
    conn.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    conn.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split_whitespace().nth(1).unwrap().parse().unwrap();
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn http_json(port: u16, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let text = body.map(|b| b.to_string());
    let (status, body) = http(port, method, path, Some("k"), text.as_deref());
    (
        status,
        serde_json::from_str(&body).unwrap_or_else(|_| panic!("not JSON: {body}")),
    )
}

fn cli(env: &TestEnv, emu: &Emulator, args: &[&str]) -> Run {
    let mut cmd = env.cmd();
    cmd.env("NEYNAR_API_URL", &emu.url)
        .env("NEYNAR_API_KEY", KEY)
        .env("NEYNAR_FID", "3")
        .args(args);
    run(&mut cmd)
}

fn workflow(shape: &str) {
    let emu = Emulator::start(&[
        "--ready-after",
        "300ms",
        "--speed",
        "40",
        "--api-shape",
        shape,
    ]);
    let env = TestEnv::new();
    let r = cli(
        &env,
        &emu,
        &["deploy", "create", "--display-name", "e2e app", "--wait"],
    );
    assert_eq!(r.code, 0, "{}", r.transcript());
    let lines: Vec<&str> = r.stdout.lines().collect();
    let name = lines[0].to_string();
    assert!(
        name.starts_with("server-") && name.len() == "server-250904162435170".len(),
        "{name}"
    );
    assert_eq!(lines[1], format!("http://{name}.localhost:{}/", emu.port));

    let r = cli(&env, &emu, &["deploy", "prompt", "a counter app"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stdout.contains("▸ Write src/app/page.tsx\n"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("▸ Bash npm run build\n"), "{}", r.stdout);
    assert!(r.stdout.contains("\n✓ Done in "), "{}", r.stdout);
    let action_note = if shape == "current" {
        "Action: code-create (no app has been generated yet)\n"
    } else {
        "Action: none sent (the API did not say whether an app exists; it chooses)\n"
    };
    assert_eq!(r.stderr, action_note);

    let r = cli(
        &env,
        &emu,
        &["deploy", "prompt", "make it blue", "--no-stream"],
    );
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(
        r.stdout,
        "Done! Your miniapp now shows “make it blue”. Open its URL to see it.\n"
    );
    if shape == "current" {
        assert_eq!(
            r.stderr,
            "Action: code-edit (the deployment already has an app)\n"
        );
    }

    // The association: an app key signed here for the emulator's domain.
    let association = neynar_studio::jfs::sign_app_key(&[11; 32], 3, &format!("{name}.localhost"));
    std::fs::write(
        env.home().join("farcaster.json"),
        json!({"accountAssociation": association}).to_string(),
    )
    .unwrap();
    let r = cli(
        &env,
        &emu,
        &["deploy", "associate", "--file", "farcaster.json"],
    );
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nAccount association updated\n--- stderr\n"
    );
    let r = cli(&env, &emu, &["deploy", "associate", "--show"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stdout
            .starts_with("FID        3\nKey type   app_key\nKey        0x"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.ends_with(&format!(
            "Domain     {name}.localhost\nSignature  valid\nChecks     fid ok; domain ok\n"
        )),
        "{}",
        r.stdout
    );

    let r = cli(&env, &emu, &["deploy", "get", "--json"]);
    let d = r.json();
    assert_eq!(d["name"], json!(name));
    assert_eq!(d["is_ready"], true);
    assert_eq!(d["display_name"], "e2e app");
    if shape == "current" {
        assert_eq!(d["generated_app_exists"], true);
    } else {
        assert!(d.get("isReady").is_none());
    }
    let r = cli(&env, &emu, &["deploy", "list", "--json"]);
    assert_eq!(r.json().as_array().unwrap().len(), 1);

    // The app the URL points at shows the last prompt.
    let (status, page) = http(emu.port, "GET", &format!("/apps/{name}/"), None, None);
    assert_eq!(status, 200);
    assert!(page.contains("<h1>make it blue</h1>"), "{page}");

    let r = cli(&env, &emu, &["deploy", "delete", &name]);
    assert_eq!(
        r.transcript(),
        format!("exit: 0\n--- stdout\nDeleted {name}.\n--- stderr\n")
    );
    let r = cli(&env, &emu, &["deploy", "list", "--json"]);
    assert_eq!(r.json(), json!([]));
    let r = cli(&env, &emu, &["deploy", "get", &name]);
    assert_eq!(r.code, 4);
}

#[test]
fn the_tutorial_workflow_in_the_current_shape() {
    workflow("current");
}

#[test]
fn the_tutorial_workflow_in_the_tutorial_shape() {
    workflow("tutorial");
}

#[test]
fn waits_and_lists_survive_a_flaky_api() {
    let emu = Emulator::start(&[
        "--ready-after",
        "300ms",
        "--speed",
        "40",
        "--fail-rate",
        "0.3",
        "--seed",
        "7",
    ]);
    let env = TestEnv::new();
    // A create is never retried by the CLI (it is a POST); a script retries it.
    let mut created = false;
    for _ in 0..10 {
        let r = cli(&env, &emu, &["deploy", "create"]);
        if r.code == 0 {
            created = true;
            break;
        }
        assert_eq!(r.code, 1, "{}", r.transcript());
        assert!(
            r.stderr
                .starts_with("error: the API failed (HTTP 503 Service Unavailable; text/html, "),
            "{}",
            r.stderr
        );
    }
    assert!(created);
    let r = cli(
        &env,
        &emu,
        &["deploy", "wait", "--interval", "100ms", "--timeout", "20s"],
    );
    assert_eq!(r.code, 0, "{}", r.transcript());
    let mut retried = false;
    for _ in 0..5 {
        let r = cli(&env, &emu, &["-v", "deploy", "list", "--json"]);
        assert_eq!(r.code, 0, "{}", r.transcript());
        assert_eq!(r.json().as_array().unwrap().len(), 1);
        retried |= r.stderr.contains("-> 503 Service Unavailable");
    }
    assert!(retried, "no request failed: the faults were not exercised");
}

#[test]
fn a_dropped_stream_exits_1() {
    let emu = Emulator::start(&[
        "--ready-after",
        "0s",
        "--speed",
        "40",
        "--drop-stream-after",
        "3",
    ]);
    let env = TestEnv::new();
    assert_eq!(cli(&env, &emu, &["deploy", "create"]).code, 0);
    let r = cli(&env, &emu, &["deploy", "prompt", "a counter app", "--json"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert_eq!(r.stdout.lines().count(), 3);
    let err: Vec<&str> = r.stderr.lines().collect();
    assert!(
        err[1].starts_with("error: the stream broke before the generation finished: "),
        "{}",
        r.stderr
    );
    assert!(
        err[2].starts_with("hint: the generation may still be running on the server"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_second_prompt_while_one_runs_is_queued() {
    let emu = Emulator::start(&["--ready-after", "0s", "--speed", "0.5"]);
    let env = TestEnv::new();
    assert_eq!(cli(&env, &emu, &["deploy", "create"]).code, 0);
    let bin = assert_cmd::cargo::cargo_bin("neynar-studio");
    let mut first = Command::new(bin)
        .env_clear()
        .env("HOME", env.home())
        .env("XDG_STATE_HOME", env.home().join(".local/state"))
        .env("NEYNAR_API_URL", &emu.url)
        .env("NEYNAR_API_KEY", KEY)
        .env("NEYNAR_FID", "3")
        .args(["deploy", "prompt", "a slow app", "--json"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The first event means the session has started.
    let mut line = String::new();
    BufReader::new(first.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(
        line,
        "{\"type\":\"connection\",\"message\":\"Streaming started\"}\n"
    );
    let r = cli(&env, &emu, &["deploy", "prompt", "and dark mode"]);
    let _ = first.kill();
    let _ = first.wait();
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.starts_with("Queued: server-"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains(" is already generating; the prompt was added to the running session.\n  continue with: --conversation "),
        "{}",
        r.stdout
    );
}

#[test]
fn the_apis_errors() {
    let emu = Emulator::start(&["--ready-after", "60s", "--api-key", "right-key-123"]);
    let env = TestEnv::new();
    // 401: no key, or not the one required.
    let (status, body) = http(emu.port, "GET", "/v2/studio/deployment/?fid=3", None, None);
    assert_eq!(
        (status, body.as_str()),
        (401, r#"{"error":"Missing x-api-key header"}"#)
    );
    let r = cli(&env, &emu, &["deploy", "list"]);
    assert_eq!(r.code, 3);
    assert_eq!(
        r.stderr.lines().next(),
        Some("error: Invalid API key (HTTP 401 Unauthorized)")
    );
    // 400: bad bodies.
    let k = Some("right-key-123");
    for (method, path, body, message) in [
        ("POST", "/v2/studio/deployment/", "{}", "fid is required"),
        (
            "POST",
            "/v2/studio/deployment/",
            r#"{"fid":"3"}"#,
            "fid must be a non-negative integer",
        ),
        (
            "POST",
            "/v2/studio/deployment/",
            r#"{"fid":3,"env":{"A":1}}"#,
            "env.A must be a string",
        ),
        (
            "POST",
            "/v2/studio/deployment/",
            "not json",
            "Invalid JSON in request body",
        ),
        (
            "DELETE",
            "/v2/studio/deployment/",
            r#"{"name":"x"}"#,
            "fid is required",
        ),
        (
            "POST",
            "/v2/studio/deployment/prompt/stream",
            r#"{"fid":3,"name":"x","prompt":""}"#,
            "prompt is required",
        ),
        (
            "POST",
            "/v2/studio/deployment/prompt/stream",
            r#"{"fid":3,"name":"x","prompt":"p","action":"deploy"}"#,
            "action must be one of code-create, code-edit, debug, info, logs",
        ),
        (
            "POST",
            "/v2/studio/deployment/prompt",
            r#"{"fid":3,"prompt":"p"}"#,
            "name or deployment_id is required",
        ),
        (
            "POST",
            "/v2/studio/deployment/account-association",
            r#"{"fid":3,"name":"x"}"#,
            "account_association is required",
        ),
    ] {
        let (status, got) = http(emu.port, method, path, k, Some(body));
        assert_eq!(status, 400, "{method} {path} {body}");
        assert_eq!(
            serde_json::from_str::<Value>(&got).unwrap(),
            json!({"error": message}),
            "{body}"
        );
    }
    let (status, got) = http(
        emu.port,
        "GET",
        "/v2/studio/deployment/?fid=3&sort_by=name",
        k,
        None,
    );
    assert_eq!(
        (status, got.as_str()),
        (
            400,
            r#"{"error":"sort_by must be one of created_at, updated_at"}"#
        )
    );
    // 404: unknown deployments.
    let mut cmd = env.cmd();
    cmd.env("NEYNAR_API_URL", &emu.url)
        .env("NEYNAR_API_KEY", "right-key-123")
        .env("NEYNAR_FID", "3");
    let r = run(cmd.args(["deploy", "get", "server-1"]));
    assert_eq!(r.code, 4);
    assert_eq!(
        r.stderr.lines().next(),
        Some("error: no deployment named 'server-1' for fid 3 (HTTP 404: Deployment not found)")
    );
    // A prompt before the deployment is ready: 400, exit 6, with the way out.
    let mut cmd = env.cmd();
    cmd.env("NEYNAR_API_URL", &emu.url)
        .env("NEYNAR_API_KEY", "right-key-123")
        .env("NEYNAR_FID", "3");
    assert_eq!(run(cmd.args(["deploy", "create"])).code, 0);
    let mut cmd = env.cmd();
    cmd.env("NEYNAR_API_URL", &emu.url)
        .env("NEYNAR_API_KEY", "right-key-123")
        .env("NEYNAR_FID", "3");
    let r = run(cmd.args(["deploy", "prompt", "too early"]));
    assert_eq!(
        r.stderr,
        "Action: code-create (no app has been generated yet)\nerror: Deployment is not ready yet; wait until is_ready is true (HTTP 400 Bad Request)\nhint: wait for it with `neynar-studio deploy wait`, or pass --wait\n"
    );
    assert_eq!(r.code, 6);
}

/// The JSON type name of a value, as OpenAPI spells it.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_u64() || n.is_i64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Checks that `v` has every required field of a schema with an allowed type.
fn conforms(what: &str, v: &Value, required: &[(&str, &[&str])]) {
    for (field, types) in required {
        let got = v
            .get(*field)
            .unwrap_or_else(|| panic!("{what}: required field {field} is missing in {v}"));
        let k = kind(got);
        let ok = types.contains(&k) || (k == "integer" && types.contains(&"number"));
        assert!(ok, "{what}: {field} is {k}, the spec says {types:?}");
    }
}

/// Deployment, v3.174 (create, get and list items): required id, deleted_at (nullable),
/// updated_at (nullable), created_at, namespace, name, is_ready, generated_app_exists,
/// generated_app_serving.
const DEPLOYMENT_CURRENT: &[(&str, &[&str])] = &[
    ("id", &["string"]),
    ("deleted_at", &["string", "null"]),
    ("updated_at", &["string", "null"]),
    ("created_at", &["string"]),
    ("namespace", &["string"]),
    ("name", &["string"]),
    ("is_ready", &["boolean"]),
    ("generated_app_exists", &["boolean"]),
    ("generated_app_serving", &["boolean"]),
];

/// Deployment, v3.50 (the guide's era): required created_at, namespace, name, isReady.
const DEPLOYMENT_TUTORIAL: &[(&str, &[&str])] = &[
    ("created_at", &["string"]),
    ("namespace", &["string"]),
    ("name", &["string"]),
    ("isReady", &["boolean"]),
];

#[test]
fn responses_carry_the_specs_required_fields() {
    let emu = Emulator::start(&["--ready-after", "0s", "--speed", "50"]);
    let port = emu.port;
    let (status, created) = http_json(
        port,
        "POST",
        "/v2/studio/deployment/",
        Some(json!({"fid": 3, "display_name": "schema"})),
    );
    assert_eq!(status, 200);
    conforms("create", &created, DEPLOYMENT_CURRENT);
    let name = created["name"].as_str().unwrap().to_string();
    let id = created["id"].as_str().unwrap().to_string();
    assert!(uuid::Uuid::parse_str(&id).is_ok());
    let (_, got) = http_json(
        port,
        "GET",
        &format!("/v2/studio/deployment/by-name-and-fid?name={name}&fid=3"),
        None,
    );
    conforms("get by name", &got, DEPLOYMENT_CURRENT);
    let (_, got) = http_json(
        port,
        "GET",
        &format!("/v2/studio/deployment/by-name-and-fid?deployment_id={id}"),
        None,
    );
    conforms("get by id", &got, DEPLOYMENT_CURRENT);
    let (_, got) = http_json(
        port,
        "GET",
        &format!("/v2/studio/deployment/by-name-and-fid?name={name}"),
        None,
    );
    conforms("get by name alone", &got, DEPLOYMENT_CURRENT);
    let (_, list) = http_json(
        port,
        "GET",
        "/v2/studio/deployment/?fid=3&limit=10&include_deleted=true&sort_by=created_at",
        None,
    );
    assert_eq!(kind(&list), "array");
    conforms("list item", &list[0], DEPLOYMENT_CURRENT);

    // Prompt: 202 while a session runs: queued, session_id, conversation_id.
    let stream = std::thread::spawn(move || {
        http(
            port,
            "POST",
            "/v2/studio/deployment/prompt/stream",
            Some("k"),
            Some(&json!({"fid": 3, "name": name, "prompt": "p"}).to_string()),
        )
    });
    std::thread::sleep(Duration::from_millis(100));
    let name = created["name"].as_str().unwrap();
    let (status, queued) = http_json(
        port,
        "POST",
        "/v2/studio/deployment/prompt/stream",
        Some(json!({"fid": 3, "name": name, "prompt": "q"})),
    );
    assert_eq!(status, 202);
    conforms(
        "queued",
        &queued,
        &[
            ("queued", &["boolean"]),
            ("session_id", &["string"]),
            ("conversation_id", &["string"]),
        ],
    );
    assert_eq!(queued["queued"], true);
    let (status, sse) = stream.join().unwrap();
    assert_eq!(status, 200);
    assert!(
        sse.contains("data: {\"type\":\"connection\"")
            && sse.contains(": keep-alive\n\n")
            && sse.contains("\"type\":\"result\"")
    );

    // Association: POST answers success + message; GET answers header, payload, signature.
    let association = neynar_studio::jfs::sign_app_key(&[3; 32], 3, &format!("{name}.localhost"));
    let (status, posted) = http_json(
        port,
        "POST",
        "/v2/studio/deployment/account-association",
        Some(json!({"fid": 3, "name": name, "account_association": association})),
    );
    assert_eq!(status, 200);
    conforms(
        "associate",
        &posted,
        &[("success", &["boolean"]), ("message", &["string"])],
    );
    let (_, held) = http_json(
        port,
        "GET",
        &format!("/v2/studio/deployment/account-association?deployment_id={id}"),
        None,
    );
    conforms(
        "get association",
        &held,
        &[
            ("header", &["string"]),
            ("payload", &["string"]),
            ("signature", &["string"]),
        ],
    );
    // A tampered association is refused.
    let mut bad = association.clone();
    bad.payload = neynar_studio::jfs::sign_app_key(&[3; 32], 3, "elsewhere.example").payload;
    let (status, refused) = http_json(
        port,
        "POST",
        "/v2/studio/deployment/account-association",
        Some(json!({"fid": 3, "name": name, "account_association": bad})),
    );
    assert_eq!(status, 400);
    conforms("error", &refused, &[("error", &["string"])]);

    // Blocking prompt: conversation_id and response.
    let (status, answer) = http_json(
        port,
        "POST",
        "/v2/studio/deployment/prompt",
        Some(json!({"fid": 3, "name": name, "prompt": "more"})),
    );
    assert_eq!(status, 200);
    conforms(
        "prompt",
        &answer,
        &[("conversation_id", &["string"]), ("response", &["string"])],
    );

    // Delete: success, deletedCount; deleted ones keep deleted_at.
    let (status, deleted) = http_json(
        port,
        "DELETE",
        "/v2/studio/deployment/",
        Some(json!({"fid": 3})),
    );
    assert_eq!(status, 200);
    conforms(
        "delete",
        &deleted,
        &[("success", &["boolean"]), ("deletedCount", &["number"])],
    );
    assert_eq!(deleted["deletedCount"], 1);
    let (_, list) = http_json(
        port,
        "GET",
        "/v2/studio/deployment/?fid=3&include_deleted=true",
        None,
    );
    assert_eq!(kind(&list[0]["deleted_at"]), "string");
    let (_, list) = http_json(port, "GET", "/v2/studio/deployment/?fid=3", None);
    assert_eq!(list, json!([]));
}

#[test]
fn the_tutorial_shape_answers_like_the_guide() {
    let emu = Emulator::start(&["--ready-after", "0s", "--api-shape", "tutorial"]);
    let (_, created) = http_json(
        emu.port,
        "POST",
        "/v2/studio/deployment",
        Some(json!({"fid": 1568})),
    );
    conforms("create", &created, DEPLOYMENT_TUTORIAL);
    assert_eq!(created["namespace"], "miniapp-generator-fid-1568");
    assert!(created.get("is_ready").is_none());
    let name = created["name"].as_str().unwrap();
    let (_, got) = http_json(
        emu.port,
        "GET",
        &format!("/v2/studio/deployment/by-name-and-fid?name={name}&fid=1568"),
        None,
    );
    conforms("get", &got, DEPLOYMENT_TUTORIAL);
    assert_eq!(got["isReady"], true);
    assert_eq!(
        got["url"],
        json!(format!("http://{name}.localhost:{}/", emu.port))
    );
    let (_, list) = http_json(emu.port, "GET", "/v2/studio/deployment?fid=1568", None);
    assert_eq!(kind(&list["deployments"]), "array");
    conforms("list item", &list["deployments"][0], DEPLOYMENT_TUTORIAL);
}

#[test]
fn the_emulator_stops_cleanly_on_ctrl_c() {
    let mut emu = Emulator::start(&["--ready-after", "0s"]);
    let (status, _) = http(emu.port, "GET", "/", None, None);
    assert_eq!(status, 200);
    // SAFETY: signalling our own child process.
    unsafe { libc::kill(emu.child.id() as i32, libc::SIGINT) };
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(s) = emu.child.try_wait().unwrap() {
            break s;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the emulator did not stop"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    assert_eq!(status.code(), Some(0));
    assert!(
        TcpStream::connect(("127.0.0.1", emu.port)).is_err(),
        "still listening"
    );
}

#[test]
fn demo_runs_the_whole_workflow() {
    let env = TestEnv::new();
    let r = run(env.cmd().args(["demo", "--speed", "20"]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    let commands: Vec<String> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("$ "))
        .map(|l| {
            l.split(" --file ")
                .next()
                .unwrap()
                .split(" server-")
                .next()
                .unwrap()
                .split(" show ")
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        commands,
        [
            "$ neynar-studio deploy create --display-name 'demo counter' --wait",
            "$ neynar-studio deploy prompt 'a counter app with a purple theme'",
            "$ neynar-studio deploy associate",
            "$ neynar-studio deploy status",
            "$ neynar-studio conversations list",
            "$ neynar-studio conversations",
            "$ neynar-studio deploy get",
            "$ neynar-studio deploy list",
            "$ neynar-studio deploy delete",
        ]
    );
    assert!(r.stdout.contains("\nAccount association updated\n"));
    // The conversation, drawn as it was seen live: the prompt, then the agent's work.
    assert!(
        r.stdout
            .contains("\n> a counter app with a purple theme\nI'll build that as a fresh miniapp.\n▸ Glob src/**/*.tsx\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("\nDev server   running\n"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("✓ The whole workflow ran in "));
    // It leaves nothing behind in HOME.
    let left: Vec<_> = std::fs::read_dir(env.home()).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}

/// `deploy get` shows whether a generation is running, from the emulator's dev status, whose
/// phases advance while the scripted session runs (and on after the client is gone).
#[test]
fn get_follows_a_running_generation_through_its_phases() {
    let emu = Emulator::start(&["--ready-after", "0s", "--speed", "2"]);
    let env = TestEnv::new();
    let r = cli(&env, &emu, &["deploy", "create", "--wait"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let name = r.stdout.split_whitespace().next().unwrap().to_string();
    let r = cli(&env, &emu, &["deploy", "get", "--json"]);
    assert_eq!(r.json()["generation"]["running"], false);
    assert_eq!(r.json()["generation"]["dev_status"]["current_phase"], 0);

    let mut prompt = std::process::Command::new(assert_cmd::cargo::cargo_bin("neynar-studio"))
        .env_clear()
        .env("HOME", env.home())
        .env("XDG_STATE_HOME", env.home().join(".local/state"))
        .env("XDG_CONFIG_HOME", env.home().join(".config"))
        .env("NEYNAR_API_URL", &emu.url)
        .env("NEYNAR_API_KEY", KEY)
        .env("NEYNAR_FID", "3")
        .args(["deploy", "prompt", &name, "a counter", "--json"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut seen: Vec<(bool, u64)> = Vec::new();
    let started = std::time::Instant::now();
    let last = loop {
        let r = cli(&env, &emu, &["deploy", "get", "--json"]);
        assert_eq!(r.code, 0, "{}", r.transcript());
        let g = r.json()["generation"].clone();
        let state = (
            g["running"].as_bool().unwrap(),
            g["dev_status"]["current_phase"].as_u64().unwrap(),
        );
        if seen.last() != Some(&state) {
            seen.push(state);
        }
        if g["dev_status"]["completed_at"].is_string() {
            break g;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "{seen:?}");
        std::thread::sleep(Duration::from_millis(100));
    };
    let _ = prompt.kill();
    let _ = prompt.wait();
    // It ran, moved forward through the phases, and finished.
    assert!(seen.contains(&(true, 1)), "{seen:?}");
    assert!(
        seen.iter().any(|(running, p)| *running && *p >= 2),
        "{seen:?}"
    );
    assert_eq!(seen.last(), Some(&(false, 3)), "{seen:?}");
    let phases: Vec<u64> = seen.iter().map(|(_, p)| *p).filter(|p| *p > 0).collect();
    assert!(phases.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert_eq!(last["dev_status"]["ready_to_publish"], true);
    assert_eq!(
        last["latest_conversation"]["last_message_preview"],
        "a counter"
    );

    // The human view.
    let r = cli(&env, &emu, &["deploy", "get"]);
    let tail: Vec<&str> = r.stdout.lines().rev().take(2).collect();
    assert!(
        tail[1].starts_with("Generation    finished at ")
            && tail[1].ends_with("; ready to publish"),
        "{}",
        r.stdout
    );
    assert!(tail[0].starts_with("Conversation  ") && tail[0].ends_with(" \"a counter\""));
}

/// Ctrl-C during a prompt cancels the generation on the server: the emulator sees the cancel,
/// the session stops, and the CLI says so and exits 130. With `--detach` the emulator sees
/// nothing and the session goes on.
#[test]
fn ctrl_c_during_a_prompt_cancels_it_on_the_emulator() {
    let emu = Emulator::start(&["--ready-after", "0s", "--speed", "0.2"]);
    let env = TestEnv::new();
    assert_eq!(cli(&env, &emu, &["deploy", "create"]).code, 0);
    let counts = |port: u16| {
        let (status, body) = http(port, "GET", "/", None, None);
        assert_eq!(status, 200);
        body.lines()
            .find(|l| l.contains("cancels received"))
            .map(|l| l.replace("<p id=\"cancels\">", "").replace("</p>", ""))
            .unwrap_or_default()
    };
    for (detach, expected_counts, hint) in [
        (
            false,
            "cancels received: 1, sessions cancelled: 1",
            "hint: the generation was cancelled on the server\n",
        ),
        (
            true,
            "cancels received: 1, sessions cancelled: 1",
            "hint: the generation is still running on the server; cancel it with `neynar-studio deploy cancel server-",
        ),
    ] {
        let bin = assert_cmd::cargo::cargo_bin("neynar-studio");
        let mut args = vec!["deploy", "prompt", "a slow app", "--json"];
        if detach {
            args.push("--detach");
        }
        let mut child = Command::new(bin)
            .env_clear()
            .env("HOME", env.home())
            .env("XDG_STATE_HOME", env.home().join(".local/state"))
            .env("NEYNAR_API_URL", &emu.url)
            .env("NEYNAR_API_KEY", KEY)
            .env("NEYNAR_FID", "3")
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        assert!(line.contains("\"connection\""), "{line}");
        // SAFETY: signalling our own child process.
        unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
        let status = child.wait().unwrap();
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        assert_eq!(status.code(), Some(130), "{err}");
        assert!(err.contains("error: interrupted\n"), "{err}");
        assert!(err.contains(hint), "{err}");
        assert_eq!(counts(emu.port), expected_counts);
        if detach {
            // Still running: a new prompt is queued to it.
            let r = cli(&env, &emu, &["deploy", "prompt", "and dark mode"]);
            assert!(r.stdout.starts_with("Queued: "), "{}", r.transcript());
        }
    }
}

impl Emulator {
    /// The emulator process's id (to read its memory use).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}
