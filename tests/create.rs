//! `deploy create`: the exact request, the output contract, `--wait`, and no retry of a POST.

use httpmock::prelude::*;
use serde_json::json;

use crate::common::*;

const CREATE: &str = "/v2/studio/deployment/";
const GET_PATH: &str = "/v2/studio/deployment/by-name-and-fid";

/// The guide's create response.
fn guide_created() -> serde_json::Value {
    json!({
        "created_at": "2025-09-04T16:24:35.185Z",
        "namespace": "miniapp-generator-fid-1568",
        "name": "server-250904162435170",
        "isReady": false
    })
}

#[test]
fn create_posts_the_fid_and_prints_the_name() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        expect(when, POST, CREATE, "", Some(json!({"fid": FID})));
        json_reply(then, 200, guide_created());
    });
    let r = run(env.api(&server.base_url()).args(["deploy", "create"]));
    mock.assert();
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nserver-250904162435170\n--- stderr\n\
         Created server-250904162435170 for fid 3 (now the current deployment).\n\
         It takes up to a minute to be ready: `neynar-studio deploy wait`.\n"
    );
    assert_eq!(env.current().as_deref(), Some("server-250904162435170"));
}

#[test]
fn create_sends_display_name_and_env_and_prints_normalized_json() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        expect(
            when,
            POST,
            CREATE,
            "",
            Some(json!({"fid": FID, "display_name": "tetris app", "env": {"A": "1", "URL": "https://x.example/?a=b=c"}})),
        );
        json_reply(then, 200, guide_created());
    });
    let r = run(env.api(&server.base_url()).args([
        "deploy",
        "create",
        "--display-name",
        "tetris app",
        "--env",
        "URL=https://x.example/?a=b=c",
        "--env",
        "A=1",
        "--json",
    ]));
    mock.assert();
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(
        r.stdout,
        "{\n  \"created_at\": \"2025-09-04T16:24:35.185Z\",\n  \"namespace\": \"miniapp-generator-fid-1568\",\n  \"name\": \"server-250904162435170\",\n  \"is_ready\": false\n}\n"
    );
    assert_eq!(
        r.stderr,
        "Created server-250904162435170 for fid 3 (now the current deployment).\n"
    );
}

#[test]
fn quiet_prints_only_the_name() {
    let env = TestEnv::new();
    let server = server();
    server.mock(|when, then| {
        expect(when, POST, CREATE, "", Some(json!({"fid": FID})));
        json_reply(then, 200, guide_created());
    });
    let r = run(env.api(&server.base_url()).args(["-q", "deploy", "create"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nserver-250904162435170\n--- stderr\n"
    );
}

#[test]
fn create_wait_polls_until_ready_and_prints_the_url() {
    let env = TestEnv::new();
    let server = server();
    let create = server.mock(|when, then| {
        expect(when, POST, CREATE, "", Some(json!({"fid": FID})));
        json_reply(then, 200, guide_created());
    });
    // Just after a create the API may not know the name yet: a 404 is retried.
    let missing = server.mock(|when, then| {
        expect(
            when,
            GET,
            GET_PATH,
            "name=server-250904162435170&fid=3",
            None,
        );
        json_reply(then, 404, json!({"error": "Deployment not found"})).up_to_n_times(1);
    });
    let not_ready = server.mock(|when, then| {
        expect(
            when,
            GET,
            GET_PATH,
            "name=server-250904162435170&fid=3",
            None,
        );
        json_reply(then, 200, deployment("server-250904162435170", false)).up_to_n_times(1);
    });
    let ready = server.mock(|when, then| {
        expect(
            when,
            GET,
            GET_PATH,
            "name=server-250904162435170&fid=3",
            None,
        );
        json_reply(then, 200, deployment("server-250904162435170", true));
    });
    let r =
        run(env
            .api(&server.base_url())
            .args(["deploy", "create", "--wait", "--timeout", "30s"]));
    create.assert();
    missing.assert();
    not_ready.assert();
    ready.assert();
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(
        r.stdout,
        "server-250904162435170\nhttps://server-250904162435170.studio.neynar.com\n"
    );
    let stderr: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(stderr.len(), 2, "{}", r.stderr);
    assert_eq!(
        stderr[0],
        "Created server-250904162435170 for fid 3 (now the current deployment)."
    );
    assert!(
        stderr[1].starts_with("server-250904162435170 is ready ("),
        "{}",
        stderr[1]
    );
}

#[test]
fn a_post_is_never_retried() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        expect(when, POST, CREATE, "", Some(json!({"fid": FID})));
        then.status(503)
            .header("content-type", "text/html")
            .body("<html>busy</html>");
    });
    let r = run(env.api(&server.base_url()).args(["deploy", "create"]));
    mock.assert_calls(1);
    assert_eq!(
        r.transcript(),
        "exit: 1\n--- stdout\n--- stderr\n\
         error: the API failed (HTTP 503 Service Unavailable; text/html, 17 bytes)\n\
         hint: this is usually temporary; try again shortly\n"
    );
    assert_eq!(env.current(), None);
}

#[test]
fn bad_env_flags_are_refused_before_any_request() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        when.any_request();
        then.status(500);
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "create", "--env", "1X=y"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with(
            "error: invalid value '1X=y' for '--env <KEY=VALUE>': '1X' is not a valid variable name"
        ),
        "{}",
        r.stderr
    );
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "create", "--env", "NOVALUE"]));
    assert_eq!(r.code, 2);
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "create", "--env", "A=1", "--env", "A=2"]));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: --env A is given more than once\n"
    );
    mock.assert_calls(0);
}
