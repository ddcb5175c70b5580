//! `deploy delete`: one by name or id, all with confirmation, never without a target.

use httpmock::prelude::*;
use serde_json::json;

use crate::common::*;

const DELETE_PATH: &str = "/v2/studio/deployment/";

#[test]
fn delete_by_name_sends_fid_and_name_and_forgets_the_current() {
    let env = TestEnv::new();
    env.set_current("server-1");
    let server = server();
    let mock = server.mock(|when, then| {
        expect(
            when,
            DELETE,
            DELETE_PATH,
            "",
            Some(json!({"fid": FID, "name": "server-1"})),
        );
        json_reply(then, 200, json!({"success": true}));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "delete", "server-1"]));
    mock.assert();
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nDeleted server-1.\n--- stderr\n"
    );
    assert_eq!(env.current(), None);
}

#[test]
fn delete_by_id_with_namespace() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        expect(
            when,
            DELETE,
            DELETE_PATH,
            "",
            Some(json!({"fid": FID, "deployment_id": "0b7e9c1e-1c4f-4d0c-9a57-2f6d1f3b8e21", "namespace": "ns-1"})),
        );
        json_reply(then, 200, json!({"success": true, "deletedCount": 1}));
    });
    let r = run(env.api(&server.base_url()).args([
        "deploy",
        "rm",
        "--id",
        "0b7e9c1e-1c4f-4d0c-9a57-2f6d1f3b8e21",
        "--namespace",
        "ns-1",
        "--json",
    ]));
    mock.assert();
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\n{\n  \"success\": true,\n  \"deleted_count\": 1\n}\n--- stderr\n"
    );
}

#[test]
fn delete_all_with_yes_sends_only_the_fid() {
    let env = TestEnv::new();
    env.set_current("server-1");
    let server = server();
    let mock = server.mock(|when, then| {
        expect(when, DELETE, DELETE_PATH, "", Some(json!({"fid": FID})));
        json_reply(then, 200, json!({"success": true, "deletedCount": 3}));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "delete", "--all", "--yes"]));
    mock.assert();
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nDeleted 3 deployments of fid 3.\n--- stderr\n"
    );
    assert_eq!(env.current(), None);
}

#[test]
fn delete_all_off_a_terminal_needs_yes_and_sends_nothing() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        when.any_request();
        json_reply(then, 200, json!({"success": true}));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "delete", "--all"])
        .write_stdin("3\n"));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: refusing to delete every deployment of fid 3 without confirmation\nhint: pass --yes to confirm (there is no terminal to ask on)\n"
    );
    mock.assert_calls(0);
}

#[test]
fn delete_needs_a_target_and_never_uses_the_current_one() {
    let env = TestEnv::new();
    env.set_current("server-1");
    let server = server();
    let mock = server.mock(|when, then| {
        when.any_request();
        json_reply(then, 200, json!({"success": true}));
    });
    let r = run(env.api(&server.base_url()).args(["deploy", "delete"]));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: say which deployment to delete\nhint: pass a NAME, --id UUID, or --all (delete never picks the current deployment for you)\n"
    );
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "delete", "server-1", "--all"]));
    assert_eq!(r.code, 2);
    mock.assert_calls(0);
    assert_eq!(env.current().as_deref(), Some("server-1"));
}

#[test]
fn delete_of_an_unknown_deployment_exits_4() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        expect(
            when,
            DELETE,
            DELETE_PATH,
            "",
            Some(json!({"fid": FID, "name": "server-x"})),
        );
        json_reply(then, 404, json!({"error": "Deployment not found"}));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "delete", "server-x"]));
    mock.assert_calls(1);
    assert_eq!(r.code, 4);
    assert_eq!(
        r.stderr,
        "error: no deployment named 'server-x' for fid 3 (HTTP 404: Deployment not found)\nhint: list your deployments with `neynar-studio deploy list`\n"
    );
}

#[test]
fn delete_all_on_a_terminal_asks_for_the_fid() {
    let env = TestEnv::new();
    let server = server();
    let list = server.mock(|when, then| {
        expect(when, GET, DELETE_PATH, "fid=3&limit=1000", None);
        json_reply(
            then,
            200,
            json!([{"name": "server-1"}, {"name": "server-2"}]),
        );
    });
    let delete = server.mock(|when, then| {
        expect(when, DELETE, DELETE_PATH, "", Some(json!({"fid": FID})));
        json_reply(then, 200, json!({"success": true, "deletedCount": 2}));
    });
    // The wrong answer deletes nothing.
    let r = env.on_terminal(&server.base_url(), "deploy delete --all", "4\n");
    assert_eq!(r.code, 2, "{}", r.transcript());
    let screen = r.stdout.replace('\r', "");
    // Wrapped at word boundaries to the terminal's 80 columns.
    assert!(
        screen.contains("warning: This deletes every deployment of fid 3 (2 deployments). It cannot be\nundone.\nType the FID (3) to confirm: "),
        "{screen}"
    );
    assert!(
        screen.ends_with("error: not confirmed; nothing was deleted\n"),
        "{screen}"
    );
    delete.assert_calls(0);
    // The right one goes ahead.
    let r = env.on_terminal(&server.base_url(), "deploy delete --all", "3\n");
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stdout
            .replace('\r', "")
            .ends_with("Deleted 2 deployments of fid 3.\n"),
        "{}",
        r.stdout
    );
    delete.assert_calls(1);
    list.assert_calls(2);
}
