//! The emulator's code and production endpoints over HTTP, as the v3.174 spec has them: the
//! workspace (`files`, `file`) holding what the streamed agent wrote, `export-zip` as a real
//! ZIP of it (streamed; padding, 402, a stopped app), `upload-image-url` (never fetched),
//! publishing through Vercel's states with its logs (admin key), and custom domains (unique,
//! reserved names, the spec's pattern); with each error code and body.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::emulator::{Emulator, http};

const ADMIN: &str = "admin-key";

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

/// With `k`, which is not the admin key.
fn call(emu: &Emulator, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    call_as(emu, "k", method, path, body)
}

/// A GET whose body is read as bytes (HTTP/1.0: no chunked framing): (status, head, body).
fn get_bytes(emu: &Emulator, path: &str) -> (u16, String, Vec<u8>) {
    let mut conn = TcpStream::connect(("127.0.0.1", emu.port)).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        conn,
        "GET {path} HTTP/1.0\r\nhost: 127.0.0.1\r\nx-api-key: k\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    conn.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head");
    let head = String::from_utf8_lossy(&raw[..split]).to_lowercase();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, head, raw[split + 4..].to_vec())
}

/// A ready deployment of `fid`: (name, id).
fn create(emu: &Emulator, fid: u64) -> (String, String) {
    let (status, d) = call(
        emu,
        "POST",
        "/v2/studio/deployment",
        Some(json!({"fid": fid})),
    );
    assert_eq!(status, 200, "{d}");
    let name = d["name"].as_str().unwrap().to_string();
    let id = d["id"].as_str().unwrap().to_string();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, d) = call(
            emu,
            "GET",
            &format!("/v2/studio/deployment/by-name-and-fid?name={name}&fid={fid}"),
            None,
        );
        if d["is_ready"] == true && d["dev_server_state"] == "running" {
            return (name, id);
        }
        assert!(Instant::now() < deadline, "not ready: {d}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Prompts `name` to the end; returns the content of the agent's Write call.
fn prompt(emu: &Emulator, name: &str, text: &str) -> (String, String) {
    let body = json!({"fid": 3, "name": name, "prompt": text}).to_string();
    let (status, raw) = http(
        emu.port,
        "POST",
        "/v2/studio/deployment/prompt/stream",
        Some("k"),
        Some(&body),
    );
    assert_eq!(status, 200);
    let events: Vec<Value> = raw
        .lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .map(|d| serde_json::from_str(d).unwrap())
        .collect();
    assert_eq!(events.last().unwrap()["subtype"], "success");
    let write = events
        .iter()
        .flat_map(|e| {
            e["message"]["content"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .find(|b| b["name"] == "Write")
        .expect("the agent writes a file");
    (
        write["input"]["file_path"].as_str().unwrap().to_string(),
        write["input"]["content"].as_str().unwrap().to_string(),
    )
}

fn names(list: &Value) -> Vec<(String, bool)> {
    list["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["name"].as_str().unwrap().to_string(),
                f["is_directory"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[test]
fn files_and_export_hold_what_the_agent_wrote() {
    let emu = Emulator::start(&["--ready-after", "0s", "--speed", "40", "--admin-key", ADMIN]);
    let (name, id) = create(&emu, 3);
    let files = |query: &str| {
        call(
            &emu,
            "GET",
            &format!("/v2/studio/deployment/files?name={name}&fid=3{query}"),
            None,
        )
    };
    let file = |query: &str| {
        call(
            &emu,
            "GET",
            &format!("/v2/studio/deployment/file?deployment_id={id}&fid=3{query}"),
            None,
        )
    };

    // The template, before any prompt.
    let (status, root) = files("");
    assert_eq!(status, 200, "{root}");
    let root_names = names(&root);
    for want in [("public", true), ("src", true), ("package.json", false)] {
        assert!(root_names.contains(&(want.0.to_string(), want.1)), "{root}");
    }
    assert_eq!(
        root["files"][0]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["name", "path", "is_directory"]
    );
    let (_, before) = file("&file_path=src/app/page.tsx");
    assert!(
        before["content"]
            .as_str()
            .unwrap()
            .contains("Welcome to your miniapp")
    );

    // The agent writes the page; files and file return it.
    let (path, written) = prompt(&emu, &name, "a <b>tip</b> jar");
    assert_eq!(path, "/workspace/gen/src/app/page.tsx");
    assert!(written.contains("a &lt;b&gt;tip&lt;/b&gt; jar"));
    let (status, app) = files("&directory=src/app");
    assert_eq!(status, 200, "{app}");
    assert_eq!(
        app["files"],
        json!([
            {"name": "globals.css", "path": "src/app/globals.css", "is_directory": false},
            {"name": "layout.tsx", "path": "src/app/layout.tsx", "is_directory": false},
            {"name": "page.tsx", "path": "src/app/page.tsx", "is_directory": false},
            {"name": "providers.tsx", "path": "src/app/providers.tsx", "is_directory": false},
        ])
    );
    let (status, page) = file("&file_path=src/app/page.tsx");
    assert_eq!(
        (status, page),
        (200, json!({"path": "src/app/page.tsx", "content": written}))
    );

    // Errors: the spec's codes, in `{error}`.
    for (query, want) in [
        ("", 400),
        ("&file_path=../etc/passwd", 400),
        ("&file_path=/etc/passwd", 400),
        ("&file_path=src", 400),
        ("&file_path=src/nope.ts", 404),
    ] {
        let (status, body) = file(query);
        assert_eq!(status, want, "{query}: {body}");
        assert!(body["error"].is_string(), "{body}");
    }
    assert_eq!(files("&directory=nope").0, 404);
    assert_eq!(files("&directory=package.json").0, 400);
    assert_eq!(files("&directory=../x").0, 400);
    let (status, body) = call(
        &emu,
        "GET",
        "/v2/studio/deployment/files?name=server-000000000000000&fid=3",
        None,
    );
    assert_eq!(
        (status, body),
        (404, json!({"error": "Deployment not found"}))
    );
    // Not the owner, and not an admin: 403; the admin key needs no fid.
    let other = format!("/v2/studio/deployment/files?name={name}&fid=4");
    assert_eq!(call(&emu, "GET", &other, None).0, 403);
    let no_fid = format!("/v2/studio/deployment/file?name={name}&file_path=package.json");
    assert_eq!(call(&emu, "GET", &no_fid, None).0, 403);
    assert_eq!(call_as(&emu, ADMIN, "GET", &no_fid, None).0, 200);

    // The export: a real ZIP of the same bytes.
    let (status, head, zip) = get_bytes(
        &emu,
        &format!("/v2/studio/deployment/export-zip?name={name}&fid=3"),
    );
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("content-type: application/zip"), "{head}");
    assert!(head.contains(&format!("filename=\"{name}.zip\"")), "{head}");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a valid zip");
    let mut content = String::new();
    archive
        .by_name("src/app/page.tsx")
        .unwrap()
        .read_to_string(&mut content)
        .unwrap();
    assert_eq!(content, written);
    let mut listed: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    listed.sort();
    assert!(listed.contains(&"package.json".to_string()), "{listed:?}");
    assert!(
        listed
            .iter()
            .all(|n| !n.starts_with('/') && !n.contains("..")),
        "{listed:?}"
    );

    // Export errors: 403 for another FID, 404 for an unknown app, 400 once it is stopped.
    let (status, _, _) = get_bytes(
        &emu,
        &format!("/v2/studio/deployment/export-zip?name={name}&fid=4"),
    );
    assert_eq!(status, 403);
    let (status, _, body) = get_bytes(
        &emu,
        "/v2/studio/deployment/export-zip?name=server-000000000000000&fid=3",
    );
    assert_eq!(status, 404, "{}", String::from_utf8_lossy(&body));
    let (status, _) = call_as(
        &emu,
        ADMIN,
        "POST",
        "/v2/studio/deployment/stop",
        Some(json!({"fid": 3, "name": name})),
    );
    assert_eq!(status, 200);
    let (status, _, body) = get_bytes(
        &emu,
        &format!("/v2/studio/deployment/export-zip?name={name}&fid=3"),
    );
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(status, 400, "{body}");
    assert!(
        body["error"].as_str().unwrap().contains("start it"),
        "{body}"
    );
}

#[test]
fn export_pads_for_benchmarks_and_a_free_plan_is_a_402() {
    let emu = Emulator::start(&["--ready-after", "0s", "--export-pad-mib", "3"]);
    let (name, _) = create(&emu, 3);
    let (status, _, zip) = get_bytes(
        &emu,
        &format!("/v2/studio/deployment/export-zip?name={name}&fid=3"),
    );
    assert_eq!(status, 200);
    assert!(zip.len() > 3 << 20);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a valid zip");
    let mut pad = Vec::new();
    archive
        .by_name("bench/padding.bin")
        .unwrap()
        .read_to_end(&mut pad)
        .unwrap();
    assert_eq!(pad.len(), 3 << 20);
    drop(emu);

    let emu = Emulator::start(&["--ready-after", "0s", "--free-plan"]);
    let (name, _) = create(&emu, 3);
    let (status, body) = call(
        &emu,
        "GET",
        &format!("/v2/studio/deployment/export-zip?name={name}&fid=3"),
        None,
    );
    assert_eq!(status, 402, "{body}");
    assert_eq!(body["code"], "PAYMENT_REQUIRED");
    assert!(body["message"].as_str().unwrap().contains("paid"), "{body}");
}

/// The peak resident memory of a process, in KiB (Linux).
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn a_large_export_streams_through_flat_memory() {
    let emu = Emulator::start(&["--ready-after", "0s", "--export-pad-mib", "96"]);
    let (name, _) = create(&emu, 3);
    let mut conn = TcpStream::connect(("127.0.0.1", emu.port)).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    write!(
        conn,
        "GET /v2/studio/deployment/export-zip?name={name}&fid=3 HTTP/1.1\r\nhost: 127.0.0.1\r\nx-api-key: k\r\nconnection: close\r\n\r\n"
    )
    .unwrap();
    // Read it all, keeping only the head and a count.
    let mut head = Vec::new();
    let mut total = 0usize;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = conn.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        if head.len() < 1024 {
            head.extend_from_slice(&buf[..n.min(1024)]);
        }
        total += n;
    }
    let head = String::from_utf8_lossy(&head).to_lowercase();
    assert!(head.starts_with("http/1.1 200"), "{head}");
    // Streamed: chunked, no length known in advance.
    assert!(head.contains("transfer-encoding: chunked"), "{head}");
    assert!(total > 96 << 20);
    if let Some(peak) = peak_rss_kib(emu.pid()) {
        assert!(
            peak < 48 << 10,
            "the emulator peaked at {peak} KiB for a 96 MiB export"
        );
    }
}

#[test]
fn an_image_url_is_stored_under_a_name_made_from_it_and_never_fetched() {
    let emu = Emulator::start(&["--ready-after", "0s"]);
    let (name, _) = create(&emu, 3);
    let upload = |url: Value| {
        call(
            &emu,
            "POST",
            "/v2/studio/deployment/upload-image-url",
            Some(json!({"fid": 3, "name": name, "url": url})),
        )
    };
    // A host that does not resolve: the emulator must not try.
    let (status, body) = upload(json!("https://images.invalid/cats/Happy%20Cat.JPG?w=100"));
    assert_eq!(
        (status, body),
        (
            200,
            json!({"success": true, "message": "Image uploaded successfully", "filename": "happy-cat.jpg", "url": "/images/happy-cat.jpg"})
        )
    );
    let (_, again) = upload(json!("https://images.invalid/cats/happy-cat.jpg"));
    assert_eq!(again["filename"], "happy-cat-2.jpg");
    let (status, list) = call(
        &emu,
        "GET",
        &format!("/v2/studio/deployment/files?name={name}&fid=3&directory=public/images"),
        None,
    );
    assert_eq!(status, 200);
    assert_eq!(
        names(&list),
        [
            ("happy-cat-2.jpg".to_string(), false),
            ("happy-cat.jpg".to_string(), false)
        ]
    );
    for bad in [
        json!("ftp://example.com/a.png"),
        json!("not a url"),
        json!("https://example.com/index.html"),
        json!(""),
        json!(3),
    ] {
        let (status, body) = upload(bad.clone());
        assert_eq!(status, 400, "{bad}: {body}");
        assert!(body["error"].is_string());
    }
    let (status, _) = call(
        &emu,
        "POST",
        "/v2/studio/deployment/upload-image-url",
        Some(json!({"fid": 3, "name": name})),
    );
    assert_eq!(status, 400);
    let (status, _) = call(
        &emu,
        "POST",
        "/v2/studio/deployment/upload-image-url",
        Some(json!({"fid": 3, "name": "server-000000000000000", "url": "https://a.invalid/x.png"})),
    );
    assert_eq!(status, 404);
}

#[test]
fn publishing_moves_through_vercels_states_with_build_logs() {
    let emu = Emulator::start(&["--ready-after", "0s", "--speed", "10", "--admin-key", ADMIN]);
    let (name, id) = create(&emu, 3);
    let status_path = format!("/v2/studio/vercel/status?deployment_id={id}&fid=3");
    let logs_path = format!("/v2/studio/vercel/logs?name={name}&fid=3");
    assert_eq!(
        call(&emu, "GET", &status_path, None),
        (
            404,
            json!({"error": "This app has not been published to Vercel yet", "success": false})
        )
    );

    let (status, body) = call(
        &emu,
        "POST",
        "/v2/studio/vercel/",
        Some(json!({"fid": 3, "name": name, "env": {"GREETING": "hello-secret-value"}})),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["success"], true);
    assert_eq!(
        body["production_url"],
        format!("https://{name}.neynar.app").as_str()
    );
    assert_eq!(
        body["deployment_url"],
        format!("http://{name}.localhost:{}/", emu.port).as_str()
    );
    let project = body["project_id"].as_str().unwrap().to_string();
    assert!(project.starts_with("prj_"));

    // A second publish while it builds: 409, in the spec's {success: false, error}.
    let (status, body) = call(
        &emu,
        "POST",
        "/v2/studio/vercel",
        Some(json!({"fid": 3, "deployment_id": id})),
    );
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["success"], false);

    // QUEUED, then BUILDING, then READY.
    let mut seen: Vec<String> = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (status, s) = call(&emu, "GET", &status_path, None);
        assert_eq!(status, 200, "{s}");
        assert_eq!(s["project_id"], project.as_str());
        assert_eq!(s["target"], "production");
        assert!(s["created_at"].is_u64());
        let state = s["deployment_state"].as_str().unwrap().to_string();
        if seen.last() != Some(&state) {
            seen.push(state.clone());
        }
        if state == "READY" {
            break;
        }
        assert!(Instant::now() < deadline, "{seen:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(seen.last().unwrap(), "READY");
    assert!(
        seen.iter()
            .all(|s| ["QUEUED", "BUILDING", "READY"].contains(&s.as_str())),
        "{seen:?}"
    );
    assert!(seen.len() >= 2, "{seen:?}");

    // Logs: admin only; the latest `limit`; variable names, never values.
    let (status, body) = call(&emu, "GET", &logs_path, None);
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["success"], false);
    let (status, all) = call_as(&emu, ADMIN, "GET", &logs_path, None);
    assert_eq!(status, 200, "{all}");
    let lines = all["logs"].as_array().unwrap();
    assert!(lines.len() > 10, "{all}");
    for l in lines {
        assert_eq!(l["type"], "stdout");
        assert!(l["created"].is_u64() && l["date"].is_u64() && l["text"].is_string());
    }
    let text = all.to_string();
    assert!(text.contains("GREETING") && !text.contains("hello-secret-value"));
    let (status, two) = call_as(&emu, ADMIN, "GET", &format!("{logs_path}&limit=2"), None);
    assert_eq!(status, 200);
    assert_eq!(
        two["logs"].as_array().unwrap()[..],
        lines[lines.len() - 2..]
    );
    for bad in ["0", "-1", "x"] {
        let (status, body) = call_as(
            &emu,
            ADMIN,
            "GET",
            &format!("{logs_path}&limit={bad}"),
            None,
        );
        assert_eq!(status, 400, "{body}");
        assert_eq!(body["success"], false);
    }

    // Bad bodies and unknown apps.
    for (body, want) in [
        (json!({"fid": 3, "name": name, "env": {"A": 1}}), 400),
        (json!({"fid": 3, "name": name, "env": "A=1"}), 400),
        (json!({"fid": 3}), 400),
        (json!({"name": name}), 400),
        (json!({"fid": 3, "name": "server-000000000000000"}), 404),
    ] {
        let (status, answer) = call(&emu, "POST", "/v2/studio/vercel/", Some(body.clone()));
        assert_eq!(status, want, "{body}: {answer}");
        assert_eq!(answer["success"], false, "{answer}");
        assert!(answer["error"].is_string());
    }
    let (status, answer) = http(emu.port, "POST", "/v2/studio/vercel/", Some("k"), Some("{"));
    assert_eq!(status, 400, "{answer}");

    // A failing build ends in ERROR, its logs on stderr.
    drop(emu);
    let emu = Emulator::start(&["--ready-after", "0s", "--speed", "20", "--publish-fails"]);
    let (name, _) = create(&emu, 3);
    let (status, _) = call(
        &emu,
        "POST",
        "/v2/studio/vercel/",
        Some(json!({"fid": 3, "name": name})),
    );
    assert_eq!(status, 200);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, s) = call(
            &emu,
            "GET",
            &format!("/v2/studio/vercel/status?name={name}&fid=3"),
            None,
        );
        if s["deployment_state"] == "ERROR" {
            break;
        }
        assert!(Instant::now() < deadline, "{s}");
        std::thread::sleep(Duration::from_millis(20));
    }
    let (_, logs) = call(
        &emu,
        "GET",
        &format!("/v2/studio/vercel/logs?name={name}&fid=3&limit=1"),
        None,
    );
    assert_eq!(logs["logs"][0]["type"], "stderr", "{logs}");
}

#[test]
fn domains_are_unique_across_deployments_and_reserved_names_are_refused() {
    let emu = Emulator::start(&["--ready-after", "0s", "--speed", "50", "--admin-key", ADMIN]);
    let (mine, mine_id) = create(&emu, 3);
    let (theirs, theirs_id) = create(&emu, 4);
    let check = |sub: &str| {
        call(
            &emu,
            "GET",
            &format!("/v2/studio/vercel/domain/check?fid=3&subdomain={sub}"),
            None,
        )
    };
    let assign = |fid: u64, id: &str, sub: &str| {
        call(
            &emu,
            "PUT",
            &format!("/v2/studio/vercel/domain?fid={fid}"),
            Some(json!({"deployment_id": id, "subdomain": sub})),
        )
    };

    assert_eq!(
        check("tip-jar"),
        (
            200,
            json!({"available": true, "domain": "tip-jar.neynar.app"})
        )
    );
    assert_eq!(
        check("www"),
        (
            200,
            json!({"available": false, "domain": "www.neynar.app", "reason": "reserved"})
        )
    );
    for bad in ["ab", "-abc", "abc-", "Tip", "a_b", &"a".repeat(64)] {
        let (status, body) = check(bad);
        assert_eq!(status, 400, "{bad}: {body}");
        assert_eq!(body["success"], false);
        assert!(body["error"].as_str().unwrap().contains("3-63"), "{body}");
    }
    let (status, _) = call(
        &emu,
        "GET",
        "/v2/studio/vercel/domain/check?subdomain=tip-jar",
        None,
    );
    assert_eq!(status, 400);

    // Not published yet: 400.
    let (status, body) = assign(3, &mine_id, "tip-jar");
    assert_eq!(status, 400, "{body}");
    for (name, fid) in [(&mine, 3), (&theirs, 4)] {
        let (status, body) = call(
            &emu,
            "POST",
            "/v2/studio/vercel/",
            Some(json!({"fid": fid, "name": name})),
        );
        assert_eq!(status, 200, "{body}");
    }

    let (status, body) = assign(3, &mine_id, "tip-jar");
    assert_eq!(
        (status, body),
        (
            200,
            json!({"success": true, "domain": "tip-jar.neynar.app", "previous_domain": format!("{mine}.neynar.app")})
        )
    );
    assert_eq!(
        check("tip-jar"),
        (
            200,
            json!({"available": false, "domain": "tip-jar.neynar.app", "reason": "taken"})
        )
    );
    // Taken by another deployment: 409; the same one again is fine.
    let (status, body) = assign(4, &theirs_id, "tip-jar");
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["success"], false);
    let (status, body) = assign(3, &mine_id, "tip-jar");
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["previous_domain"], "tip-jar.neynar.app");
    // Reserved, another FID's app, an unknown app, bad bodies.
    let (status, body) = assign(3, &mine_id, "api");
    assert_eq!(status, 400, "{body}");
    assert!(body["error"].as_str().unwrap().contains("reserved"));
    assert_eq!(assign(3, &theirs_id, "their-app").0, 403);
    assert_eq!(
        assign(3, "00000000-0000-4000-8000-000000000000", "nobody").0,
        404
    );
    assert_eq!(assign(3, "not-a-uuid", "tip-jar").0, 400);
    assert_eq!(assign(3, &mine_id, "Tip_Jar").0, 400);
    let (status, body) = call(
        &emu,
        "PUT",
        "/v2/studio/vercel/domain",
        Some(json!({"deployment_id": mine_id, "subdomain": "tip-jar"})),
    );
    assert_eq!(status, 400, "{body}");
    // An admin may set another FID's domain.
    let (status, _) = call_as(
        &emu,
        ADMIN,
        "PUT",
        "/v2/studio/vercel/domain?fid=3",
        Some(json!({"deployment_id": theirs_id, "subdomain": "their-app"})),
    );
    assert_eq!(status, 200);
    // The publish status keeps its production domain; a deleted app frees its domain.
    let (status, _) = call(
        &emu,
        "DELETE",
        "/v2/studio/deployment",
        Some(json!({"fid": 3, "name": mine})),
    );
    assert_eq!(status, 200);
    assert_eq!(check("tip-jar").1["available"], true);
}
