//! `deploy use` and `deploy wait`.

use httpmock::prelude::*;
use serde_json::json;

use crate::common::*;

const GET_PATH: &str = "/v2/studio/deployment/by-name-and-fid";

#[test]
fn use_checks_the_deployment_then_makes_it_current() {
    let env = TestEnv::new();
    let server = server();
    let found = server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-7&fid=3", None);
        json_reply(then, 200, deployment("server-7", true));
    });
    let missing = server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-8&fid=3", None);
        json_reply(then, 404, json!({"error": "Deployment not found"}));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "use", "server-7"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nNow using server-7 (profile default).\n--- stderr\n"
    );
    assert_eq!(env.current().as_deref(), Some("server-7"));
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "use", "server-8"]));
    assert_eq!(r.code, 4);
    assert_eq!(env.current().as_deref(), Some("server-7"));
    let r = run(env.api(&server.base_url()).args(["deploy", "use"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nserver-7\n--- stderr\n"
    );
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "use", "--json"]));
    let json = r.json();
    assert_eq!(json["current"], "server-7");
    assert_eq!(json["profile"], "default");
    assert_eq!(json["api_url"], server.base_url());
    assert!(
        json["how"]
            .as_str()
            .is_some_and(|h| h.starts_with("set by deploy use at ") && h.ends_with(" UTC")),
        "{json}"
    );
    found.assert_calls(1);
    missing.assert_calls(1);
}

#[test]
fn the_current_deployment_is_kept_per_profile() {
    let env = TestEnv::new();
    env.write_config(&format!(
        "api_key = \"{KEY}\"\nfid = 3\n[profiles.staging]\nfid = 3\napi_key = \"{KEY}\"\n"
    ));
    let server = server();
    server.mock(|when, then| {
        when.method(GET).path(GET_PATH);
        json_reply(then, 200, deployment("server-7", true));
    });
    let mut cmd = env.cmd();
    let r = run(cmd.env("NEYNAR_API_URL", server.base_url()).args([
        "--profile",
        "staging",
        "deploy",
        "use",
        "server-7",
    ]));
    assert_eq!(r.stdout, "Now using server-7 (profile staging).\n");
    let mut cmd = env.cmd();
    let r = run(cmd
        .env("NEYNAR_API_URL", server.base_url())
        .args(["deploy", "use"]));
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        format!(
            "error: profile 'default' has no current deployment at {}\nhint: choose one with `neynar-studio deploy use NAME` (see `neynar-studio deploy list`)\n",
            server.base_url()
        )
    );
    let mut cmd = env.cmd();
    let r = run(cmd.env("NEYNAR_API_URL", server.base_url()).args([
        "--profile",
        "staging",
        "deploy",
        "use",
    ]));
    assert_eq!(r.stdout, "server-7\n");
    // The same profile at another API URL has its own (none).
    let r = run(env.cmd().args(["--profile", "staging", "deploy", "use"]));
    assert_eq!(r.code, 1);
}

#[test]
fn wait_polls_until_ready() {
    let env = TestEnv::new();
    let server = server();
    let not_ready = server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, deployment("server-1", false)).up_to_n_times(2);
    });
    let ready = server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, deployment("server-1", true));
    });
    let r =
        run(env
            .api(&server.base_url())
            .args(["deploy", "wait", "server-1", "--interval", "50ms"]));
    not_ready.assert_calls(2);
    ready.assert_calls(1);
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nserver-1 is ready: https://server-1.studio.neynar.com\n--- stderr\n"
    );
}

#[test]
fn wait_retries_transient_faults() {
    let env = TestEnv::new();
    let server = server();
    let unavailable = server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        then.status(503)
            .body("<html>upstream</html>")
            .up_to_n_times(2);
    });
    let limited = server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 429, json!({"error": "slow down"}))
            .header("retry-after", "0")
            .up_to_n_times(1);
    });
    let ready = server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, deployment("server-1", true));
    });
    let r = run(env.api(&server.base_url()).args([
        "deploy",
        "wait",
        "server-1",
        "--interval",
        "50ms",
        "--json",
    ]));
    unavailable.assert_calls(2);
    limited.assert_calls(1);
    ready.assert_calls(1);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(r.json(), deployment("server-1", true));
    assert_eq!(r.stderr, "");
}

#[test]
fn wait_times_out_with_exit_5() {
    let env = TestEnv::new();
    let server = server();
    server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, json!({"name": "server-1", "isReady": false}));
    });
    let r = run(env.api(&server.base_url()).args([
        "deploy",
        "wait",
        "server-1",
        "--timeout",
        "1s",
        "--interval",
        "100ms",
    ]));
    assert_eq!(
        r.transcript(),
        "exit: 5\n--- stdout\n--- stderr\nerror: server-1 is not ready after 1.0s\nhint: wait longer with --timeout 10m, or look at it with `neynar-studio deploy get server-1`\n"
    );
}

#[test]
fn wait_gives_up_at_once_on_a_404_that_is_not_just_after_a_create() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 404, json!({"error": "Deployment not found"}));
    });
    let r =
        run(env
            .api(&server.base_url())
            .args(["deploy", "wait", "server-1", "--interval", "50ms"]));
    mock.assert_calls(1);
    assert_eq!(r.code, 4);
    assert_eq!(
        r.stderr,
        "error: no deployment named 'server-1' for fid 3 (HTTP 404: Deployment not found)\nhint: list your deployments with `neynar-studio deploy list`\n"
    );
}

#[test]
fn wait_forgives_a_404_just_after_create() {
    let env = TestEnv::new();
    let server = server();
    server.mock(|when, then| {
        expect(
            when,
            POST,
            "/v2/studio/deployment/",
            "",
            Some(json!({"fid": FID})),
        );
        json_reply(then, 200, deployment("server-5", false));
    });
    let missing = server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-5&fid=3", None);
        json_reply(then, 404, json!({"error": "Deployment not found"})).up_to_n_times(2);
    });
    let ready = server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-5&fid=3", None);
        json_reply(then, 200, deployment("server-5", true));
    });
    let r = run(env.api(&server.base_url()).args(["deploy", "create"]));
    assert_eq!(r.code, 0);
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "wait", "--interval", "50ms"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nserver-5 is ready: https://server-5.studio.neynar.com\n--- stderr\n"
    );
    missing.assert_calls(2);
    ready.assert_calls(1);
}
