//! `deploy get`: by name, by id, with a namespace, the current deployment; both ready
//! spellings; unknown fields kept for `--json`.

use httpmock::prelude::*;
use serde_json::json;

use crate::common::*;
use crate::snap;

const GET_PATH: &str = "/v2/studio/deployment/by-name-and-fid";

#[test]
fn get_by_name_shows_the_guides_shape() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        expect(
            when,
            GET,
            GET_PATH,
            "name=server-250904162435170&fid=3",
            None,
        );
        json_reply(
            then,
            200,
            json!({
                "created_at": "2025-09-04T16:24:35.185Z",
                "namespace": "miniapp-generator-fid-1568",
                "name": "server-250904162435170",
                "isReady": true,
                "url": "https://server-250904162435170.studio.neynar.com"
            }),
        );
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "get", "server-250904162435170"]));
    mock.assert();
    // The created time is shown with how long ago it was; that part changes with the clock.
    let stable = r.transcript();
    let stable = stable.split(" (").next().unwrap_or_default().to_string();
    assert_eq!(
        stable,
        "exit: 0\n--- stdout\nName       server-250904162435170\nNamespace  miniapp-generator-fid-1568\nReady      yes\nURL        https://server-250904162435170.studio.neynar.com\nCreated    2025-09-04T16:24:35.185Z"
    );
    assert!(r.stdout.ends_with(" ago)\n"), "{}", r.stdout);
    assert_eq!(r.stderr, "");
}

#[test]
fn get_shows_every_known_field_of_the_current_spec() {
    let env = TestEnv::new();
    let server = server();
    let mut d = deployment("server-1", true);
    d["created_at"] = json!(ago(3 * 3600 + 60));
    d["updated_at"] = json!(ago(120));
    d["generated_app_exists"] = json!(true);
    d["generated_app_serving"] = json!(true);
    d["dev_server_state"] = json!("running");
    d["has_database"] = json!(false);
    server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, d);
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "get", "server-1"]));
    let timestamps = regex_free_times(&r.stdout);
    assert_eq!(
        timestamps,
        "Name          server-1\nDisplay name  tetris app\nID            0b7e9c1e-1c4f-4d0c-9a57-2f6d1f3b8e21\nNamespace     miniapp-generator-fid-3\nReady         yes\nURL           https://server-1.studio.neynar.com\nApp           generated, serving\nDev server    running\nDatabase      no\nCreated       [TIME] (3h ago)\nUpdated       [TIME] (2m ago)\n"
    );
}

/// Replaces RFC 3339 timestamps with [TIME].
fn regex_free_times(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            line.split(' ')
                .map(|w| {
                    if w.len() == 24 && w.ends_with('Z') && w.contains('T') {
                        "[TIME]"
                    } else {
                        w
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn json_is_normalized_and_keeps_unknown_fields() {
    let env = TestEnv::new();
    let server = server();
    server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, json!({"name": "server-1", "isReady": true, "future_field": {"a": [1, 2]}, "namespace": null}));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "get", "server-1", "--json"]));
    assert_eq!(r.code, 0);
    assert_eq!(
        r.json(),
        json!({"name": "server-1", "is_ready": true, "future_field": {"a": [1, 2]}, "namespace": null})
    );
    assert_eq!(r.stderr, "");
}

#[test]
fn get_by_id_and_namespace() {
    let env = TestEnv::new();
    let server = server();
    let by_id = server.mock(|when, then| {
        expect(
            when,
            GET,
            GET_PATH,
            "deployment_id=0b7e9c1e-1c4f-4d0c-9a57-2f6d1f3b8e21&fid=3",
            None,
        );
        json_reply(then, 200, deployment("server-1", true));
    });
    let by_ns = server.mock(|when, then| {
        expect(
            when,
            GET,
            GET_PATH,
            "name=server-2&fid=3&namespace=miniapp-generator-fid-3",
            None,
        );
        json_reply(then, 200, deployment("server-2", true));
    });
    let r = run(env.api(&server.base_url()).args([
        "deploy",
        "get",
        "--id",
        "0b7e9c1e-1c4f-4d0c-9a57-2f6d1f3b8e21",
        "--json",
    ]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(r.json()["name"], "server-1");
    let r = run(env.api(&server.base_url()).args([
        "deploy",
        "get",
        "server-2",
        "--namespace",
        "miniapp-generator-fid-3",
        "--json",
    ]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    by_id.assert();
    by_ns.assert();
}

#[test]
fn get_without_a_name_uses_the_current_deployment() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-9&fid=3", None);
        json_reply(then, 200, deployment("server-9", false));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "get", "--json"]));
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: no deployment given, and there is no current deployment for profile 'default' at {}\nhint: pass a deployment NAME, or choose one with `neynar-studio deploy use NAME` (see `neynar-studio deploy list`)\n",
            server.base_url()
        )
    );
    mock.assert_calls(0);
    env.set_current_at(&server.base_url(), "server-9");
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "get", "--json"]));
    assert_eq!(r.code, 0);
    assert_eq!(r.json()["is_ready"], false);
    mock.assert_calls(1);
}

#[test]
fn invalid_names_and_ids_are_refused_before_any_request() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        when.any_request();
        then.status(500);
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "get", "--id", "not-a-uuid"]));
    snap!(&env, "bad_id", r);
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "get", "Tetris App"]));
    snap!(&env, "bad_name", r);
    let r = run(env.api(&server.base_url()).args([
        "deploy",
        "get",
        "server-1",
        "--id",
        "0b7e9c1e-1c4f-4d0c-9a57-2f6d1f3b8e21",
    ]));
    assert_eq!(r.code, 2);
    mock.assert_calls(0);
}

#[test]
fn not_found_names_the_deployment() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-404&fid=3", None);
        json_reply(then, 404, json!({"error": "Deployment not found"}));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "get", "server-404"]));
    mock.assert_calls(1);
    assert_eq!(
        r.transcript(),
        "exit: 4\n--- stdout\n--- stderr\nerror: no deployment named 'server-404' for fid 3 (HTTP 404: Deployment not found)\nhint: list your deployments with `neynar-studio deploy list`\n"
    );
}

#[test]
fn get_shows_a_running_generation_and_the_latest_conversation() {
    let env = TestEnv::new();
    let server = server();
    let id = "0b7e9c1e-1c4f-4d0c-9a57-2f6d1f3b8e21";
    let get = server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, deployment("server-1", true));
    });
    let status = json!({
        "schema_version": 1,
        "ready_to_publish": false,
        "current_phase": 2,
        "started_at": "2026-11-23T07:50:00Z",
        "last_updated_at": "2026-11-23T07:51:00Z",
        "completed_at": null,
        "phases": {"1": {"name": "Plan", "status": "completed"}, "2": {"name": "Build", "status": "in_progress"}, "3": {"name": "Check", "status": "pending"}},
        "metadata": {},
    });
    let dev = server.mock(|when, then| {
        expect(
            when,
            GET,
            "/v2/studio/deployment/dev-status",
            &format!("deployment_id={id}"),
            None,
        );
        json_reply(then, 200, status.clone());
    });
    let conv = |cid: &str, title: &str, updated: &str| json!({"id": cid, "created_at": "2026-11-23T07:00:00Z", "updated_at": updated, "deployment_id": id, "admin": false, "title": title, "last_message_preview": "x"});
    let latest = conv(
        "7c4c3bb4-5a0e-4f35-9d47-2a8a2f3c1e90",
        "Share button",
        "2026-11-23T07:50:00Z",
    );
    let convs = server.mock(|when, then| {
        expect(
            when,
            GET,
            "/v2/studio/deployment/conversations",
            &format!("deployment_id={id}&fid=3"),
            None,
        );
        json_reply(
            then,
            200,
            json!({"conversations": [latest.clone(), conv("11111111-5a0e-4f35-9d47-2a8a2f3c1e90", "Older", "2026-11-22T07:50:00Z")]}),
        );
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "get", "server-1"]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stdout.ends_with(
            "\n\nGeneration    running: phase 2 of 3 (Build), since 2026-11-23T07:50:00Z\n\
             Conversation  7c4c3bb4-5a0e-4f35-9d47-2a8a2f3c1e90 \"Share button\"\n"
        ),
        "{}",
        r.stdout
    );
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "get", "server-1", "--json"]));
    assert_eq!(
        r.json()["generation"],
        json!({"running": true, "dev_status": status, "latest_conversation": latest})
    );
    get.assert_calls(2);
    dev.assert_calls(2);
    convs.assert_calls(2);
}
