//! `deploy publish` (confirmation, sent once, the URLs, `--wait` following the rollout),
//! `deploy logs` (one line an event, sanitized; 403 needs an admin key) and `deploy status`
//! with the live production state.

use httpmock::prelude::*;
use serde_json::json;

use crate::common::*;

const PUBLISH_PATH: &str = "/v2/studio/vercel/";
const STATUS_PATH: &str = "/v2/studio/vercel/status";
const LOGS_PATH: &str = "/v2/studio/vercel/logs";

fn published() -> serde_json::Value {
    json!({
        "success": true,
        "deployment_url": "https://server-1-abc.vercel.app",
        "production_url": "https://server-1.neynar.app",
        "project_id": "prj_1"
    })
}

#[test]
fn publish_needs_yes_without_a_terminal() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        when.path(PUBLISH_PATH);
        json_reply(then, 200, published());
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "publish", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: refusing to publish server-1 without confirmation: it creates a public GitHub repository and a Vercel project\nhint: pass --yes to confirm (there is no terminal to ask on)\n"
    );
    mock.assert_calls(0);
}

#[test]
fn publish_sends_once_with_the_env_file_and_prints_the_urls() {
    let env = TestEnv::new();
    let server = server();
    std::fs::write(
        env.home().join(".env.production"),
        "# production\nNEXT_PUBLIC_NAME=Counter\nexport SECRET_TOKEN=\"s3cr3t-value\"\n",
    )
    .unwrap();
    let mock = server.mock(|when, then| {
        expect(
            when,
            POST,
            PUBLISH_PATH,
            "",
            Some(json!({
                "fid": 3,
                "name": "server-1",
                "env": {"NEXT_PUBLIC_NAME": "Counter", "SECRET_TOKEN": "s3cr3t-value"}
            })),
        );
        json_reply(then, 200, published());
    });
    let r = run(env.api(&server.base_url()).args([
        "deploy",
        "publish",
        "server-1",
        "--env-file",
        ".env.production",
        "--yes",
    ]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nPublished server-1\nDeployment  https://server-1-abc.vercel.app\nProduction  https://server-1.neynar.app\n--- stderr\nFollow the rollout with `neynar-studio deploy status`, or publish with --wait.\n"
    );
    mock.assert_calls(1);
}

#[test]
fn publish_is_never_retried() {
    for (status, code) in [(500, 1), (503, 1), (409, 6), (404, 4)] {
        let env = TestEnv::new();
        let server = server();
        let mock = server.mock(|when, then| {
            expect(
                when,
                POST,
                PUBLISH_PATH,
                "",
                Some(json!({"fid": 3, "name": "server-1"})),
            );
            json_reply(then, status, json!({"success": false, "error": "nope"}));
        });
        let r = run(env
            .api(&server.base_url())
            .args(["deploy", "publish", "server-1", "--yes"]));
        assert_eq!(r.code, code, "{status}: {}", r.transcript());
        mock.assert_calls(1);
    }
}

#[test]
fn publish_wait_follows_the_rollout() {
    let env = TestEnv::new();
    let server = server();
    let publish = server.mock(|when, then| {
        expect(
            when,
            POST,
            PUBLISH_PATH,
            "",
            Some(json!({"fid": 3, "name": "server-1"})),
        );
        json_reply(then, 200, published());
    });
    let status = server.mock(|when, then| {
        expect(when, GET, STATUS_PATH, "name=server-1&fid=3", None);
        json_reply(
            then,
            200,
            json!({"success": true, "deployment_state": "READY", "deployment_url": "https://server-1-abc.vercel.app", "target": "production"}),
        );
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "publish", "server-1", "--yes", "--wait"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nPublished server-1\nDeployment  https://server-1-abc.vercel.app\nProduction  https://server-1.neynar.app\nState       READY\n--- stderr\n"
    );
    publish.assert_calls(1);
    status.assert_calls(1);
}

#[test]
fn publish_wait_exits_1_when_the_rollout_fails() {
    let env = TestEnv::new();
    let server = server();
    server.mock(|when, then| {
        expect(
            when,
            POST,
            PUBLISH_PATH,
            "",
            Some(json!({"fid": 3, "name": "server-1"})),
        );
        json_reply(then, 200, published());
    });
    let status = server.mock(|when, then| {
        expect(when, GET, STATUS_PATH, "name=server-1&fid=3", None);
        json_reply(
            then,
            200,
            json!({"success": true, "deployment_state": "ERROR"}),
        );
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "publish", "server-1", "--yes", "--wait", "--json"]));
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert_eq!(
        r.json(),
        json!({"publish": published(), "status": {"success": true, "deployment_state": "ERROR"}})
    );
    assert_eq!(
        r.stderr,
        "error: the production rollout of server-1 failed (ERROR)\nhint: see the build logs with `neynar-studio deploy logs` (Studio admin)\n"
    );
    status.assert_calls(1);
}

#[test]
fn publish_wait_is_bounded_by_the_timeout() {
    let env = TestEnv::new();
    let server = server();
    server.mock(|when, then| {
        expect(
            when,
            POST,
            PUBLISH_PATH,
            "",
            Some(json!({"fid": 3, "name": "server-1"})),
        );
        json_reply(then, 200, published());
    });
    server.mock(|when, then| {
        expect(when, GET, STATUS_PATH, "name=server-1&fid=3", None);
        json_reply(
            then,
            200,
            json!({"success": true, "deployment_state": "BUILDING"}),
        );
    });
    let r = run(env.api(&server.base_url()).args([
        "deploy",
        "publish",
        "server-1",
        "--yes",
        "--wait",
        "--timeout",
        "1s",
    ]));
    assert_eq!(
        r.transcript(),
        "exit: 5\n--- stdout\n--- stderr\nerror: the production rollout of server-1 was not finished after 1s (state: BUILDING)\nhint: it goes on: follow it with `neynar-studio deploy status`, or wait longer with --timeout 15m\n"
    );
}

#[test]
fn logs_one_line_an_event_sanitized() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        expect(when, GET, LOGS_PATH, "name=server-1&fid=3&limit=2", None);
        json_reply(
            then,
            200,
            json!({"success": true, "logs": [
                {"type": "stdout", "created": 1_767_225_600_000u64, "date": 1_767_225_600_000u64, "text": "Running \"npm run build\"\n"},
                {"type": "stderr", "created": 1_767_225_601_000u64, "date": 1_767_225_601_000u64, "text": "warn \u{1b}[2Jcleared\nsecond line"}
            ]}),
        );
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "logs", "server-1", "--limit", "2"]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(!r.stdout.contains('\u{1b}'));
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", r.stdout);
    assert_eq!(lines[0], "2026-01-01T00:00:00Z Running \"npm run build\"");
    assert!(
        lines[1].starts_with("2026-01-01T00:00:01Z stderr warn "),
        "{}",
        lines[1]
    );
    assert!(lines[1].ends_with("cleared second line"), "{}", lines[1]);
    assert_eq!(r.stderr, "");
    mock.assert_calls(1);
}

#[test]
fn logs_403_needs_an_admin_key() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        expect(when, GET, LOGS_PATH, "name=server-1&fid=3", None);
        json_reply(then, 403, json!({"success": false, "error": "Forbidden"}));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "logs", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 3\n--- stdout\n--- stderr\nerror: reading the production build logs needs a Studio admin key (HTTP 403: Forbidden)\nhint: use a key with the Studio admin role (NEYNAR_API_KEY or `neynar-studio config init`)\n"
    );
    mock.assert_calls(1);
}

#[test]
fn status_shows_the_live_production_state() {
    let env = TestEnv::new();
    let server = server();
    let mut d = deployment("server-1", true);
    d["production_app_status"] = json!({
        "project_id": "prj_1",
        "deployment_url": "https://old.vercel.app",
        "deployment_state": "BUILDING",
        "created_at": 1
    });
    let id = d["id"].as_str().unwrap().to_string();
    server.mock(|when, then| {
        expect(
            when,
            GET,
            "/v2/studio/deployment/by-name-and-fid",
            "name=server-1&fid=3",
            None,
        );
        json_reply(then, 200, d.clone());
    });
    let live = server.mock(|when, then| {
        expect(when, GET, STATUS_PATH, &format!("deployment_id={id}&fid=3"), None);
        json_reply(
            then,
            200,
            json!({"success": true, "deployment_state": "READY", "deployment_url": "https://server-1-abc.vercel.app", "target": "production"}),
        );
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "status", "server-1"]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stdout
            .contains("Production   READY https://server-1-abc.vercel.app (production)\n"),
        "{}",
        r.stdout
    );
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "status", "server-1", "--json"]));
    assert_eq!(r.json()["production"]["deployment_state"], "READY");
    live.assert_calls(2);
}

#[test]
fn publish_asks_on_a_terminal() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        expect(
            when,
            POST,
            PUBLISH_PATH,
            "",
            Some(json!({"fid": 3, "name": "server-1"})),
        );
        json_reply(then, 200, published());
    });
    let r = env.on_terminal(&server.base_url(), "deploy publish server-1", "n\n");
    assert_eq!(r.code, 2, "{}", r.transcript());
    let shown = r.stdout.replace("\r\n", "\n");
    assert!(
        shown.contains(
            "Publish server-1? This creates a public GitHub repository and a Vercel project. [y/N] "
        ),
        "{shown}"
    );
    assert!(
        shown.contains("error: not confirmed; nothing was published"),
        "{shown}"
    );
    mock.assert_calls(0);
    let r = env.on_terminal(&server.base_url(), "deploy publish server-1", "y\n");
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stdout
            .replace("\r\n", "\n")
            .contains("Production  https://server-1.neynar.app\n"),
        "{}",
        r.stdout
    );
    mock.assert_calls(1);
}

#[test]
fn status_shows_production_even_when_the_deployment_does_not() {
    let env = TestEnv::new();
    let server = server();
    let d = deployment("server-1", true);
    let id = d["id"].as_str().unwrap().to_string();
    server.mock(|when, then| {
        expect(
            when,
            GET,
            "/v2/studio/deployment/by-name-and-fid",
            "name=server-1&fid=3",
            None,
        );
        json_reply(then, 200, d.clone());
    });
    let live = server.mock(|when, then| {
        expect(when, GET, STATUS_PATH, &format!("deployment_id={id}&fid=3"), None);
        json_reply(
            then,
            200,
            json!({"success": true, "deployment_state": "BUILDING", "deployment_url": "https://server-1-abc.vercel.app"}),
        );
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "status", "server-1"]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stdout
            .ends_with("Production   BUILDING https://server-1-abc.vercel.app\n"),
        "{}",
        r.stdout
    );
    live.assert_calls(1);
}
