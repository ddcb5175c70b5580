//! `deploy status`: the deployment, its dev status (both schema versions) and its latest
//! conversation, asked at once; `--json`; `--watch` bounded by `--timeout`; errors.

use httpmock::prelude::*;
use serde_json::{Value, json};

use crate::common::*;

const GET_PATH: &str = "/v2/studio/deployment/by-name-and-fid";
const DEV_PATH: &str = "/v2/studio/deployment/dev-status";
const CONV_PATH: &str = "/v2/studio/deployment/conversations";
const ID: &str = "0b7e9c1e-1c4f-4d0c-9a57-2f6d1f3b8e21";

fn app() -> Value {
    let mut d = deployment("server-1", true);
    d["generated_app_exists"] = json!(true);
    d["generated_app_serving"] = json!(true);
    d["dev_server_state"] = json!("running");
    d["has_database"] = json!(false);
    d["production_app_status"] = json!({
        "project_id": "prj_1",
        "deployment_url": "https://tetris.vercel.app",
        "deployment_state": "READY",
        "created_at": 1757000000000u64,
        "target": "production",
        "future_field": 1
    });
    d
}

fn running_v1() -> Value {
    json!({
        "schema_version": 1,
        "ready_to_publish": false,
        "current_phase": 2,
        "started_at": "2026-11-22T08:00:00Z",
        "last_updated_at": "2026-11-22T08:03:00Z",
        "completed_at": null,
        "phases": {
            "1": {"name": "Plan", "status": "completed"},
            "2": {"name": "Write code", "status": "in_progress"},
            "3": {"name": "Verify", "status": "pending"}
        },
        "metadata": {}
    })
}

fn conversations() -> Value {
    json!({"conversations": [
        {"id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "title": "Tetris", "last_message_preview": "make it purple",
         "created_at": "2026-11-22T07:00:00Z", "updated_at": "2026-11-22T08:03:00Z", "deployment_id": ID, "admin": false},
        {"id": "11111111-5a0e-4f35-9d47-2a8a2f3c1e90", "title": "Older", "last_message_preview": null,
         "created_at": "2026-11-21T07:00:00Z", "updated_at": "2026-11-21T07:50:00Z", "deployment_id": ID, "admin": false}
    ]})
}

/// Mocks the three reads; returns their mocks.
fn serve(
    server: &MockServer,
    d: Value,
    dev: Value,
) -> (httpmock::Mock<'_>, httpmock::Mock<'_>, httpmock::Mock<'_>) {
    let get = server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, d);
    });
    let dev = server.mock(|when, then| {
        expect(when, GET, DEV_PATH, &format!("deployment_id={ID}"), None);
        json_reply(then, 200, dev);
    });
    let convs = server.mock(|when, then| {
        expect(
            when,
            GET,
            CONV_PATH,
            &format!("deployment_id={ID}&fid=3"),
            None,
        );
        json_reply(then, 200, conversations());
    });
    (get, dev, convs)
}

#[test]
fn shows_the_phases_of_a_running_generation_and_production() {
    let env = TestEnv::new();
    let server = server();
    let (get, dev, convs) = serve(&server, app(), running_v1());
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "status", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\n\
Deployment   server-1\n\
Ready        yes\n\
Dev server   running\n\
App          generated, serving\n\
Database     no\n\
Generation   running: phase 2 of 3 (Write code), since 2026-11-22T08:00:00Z\n\
Publishable  no\n               1 Plan completed\n             > 2 Write code in_progress\n               3 Verify pending\n\
Conversation 7c9e6679-7425-40de-944b-e07fc1f90ae7 \"Tetris\"\n\
Production   READY https://tetris.vercel.app (production)\n\
--- stderr\n"
    );
    get.assert_calls(1);
    dev.assert_calls(1);
    convs.assert_calls(1);
}

#[test]
fn schema_version_0_and_json() {
    let env = TestEnv::new();
    let server = server();
    let dev0 = json!({"schema_version": 0, "ready_to_publish": true});
    serve(&server, deployment("server-1", true), dev0.clone());
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "status", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\n\
Deployment   server-1\n\
Ready        yes\n\
App          not generated yet\n\
Generation   no phases reported\n\
Publishable  yes\n\
Conversation 7c9e6679-7425-40de-944b-e07fc1f90ae7 \"Tetris\"\n\
--- stderr\n"
    );
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "status", "server-1", "--json"]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    let out = r.json();
    assert_eq!(out["deployment"], deployment("server-1", true));
    assert_eq!(out["dev_status"], dev0);
    assert_eq!(
        out["latest_conversation"],
        conversations()["conversations"][0]
    );
    assert_eq!(out["generation_running"], json!(false));
}

#[test]
fn the_generation_rows_are_left_out_when_the_api_has_none() {
    let env = TestEnv::new();
    let server = server();
    server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, deployment("server-1", false));
    });
    server.mock(|when, then| {
        when.method(GET).path(DEV_PATH);
        json_reply(then, 404, json!({"error": "no app"}));
    });
    server.mock(|when, then| {
        when.method(GET).path(CONV_PATH);
        json_reply(then, 404, json!({"error": "no app"}));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "status", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nDeployment   server-1\nReady        no (starting)\nApp          not generated yet\n--- stderr\n"
    );
}

#[test]
fn watch_ends_at_once_when_ready_and_idle() {
    let env = TestEnv::new();
    let server = server();
    let (get, _, _) = serve(
        &server,
        deployment("server-1", true),
        json!({"schema_version": 1, "ready_to_publish": true, "current_phase": 3,
               "started_at": "2026-11-22T08:00:00Z", "last_updated_at": "2026-11-22T08:09:00Z",
               "completed_at": "2026-11-22T08:09:00Z", "phases": {}, "metadata": {}}),
    );
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "status", "server-1", "--watch"]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stdout
            .contains("Generation   finished at 2026-11-22T08:09:00Z\n")
    );
    get.assert_calls(1);
}

#[test]
fn watch_is_bounded_by_the_timeout_and_prints_once_per_change() {
    let env = TestEnv::new();
    let server = server();
    serve(&server, app(), running_v1());
    let r = run(env.api(&server.base_url()).args([
        "deploy",
        "status",
        "server-1",
        "--watch",
        "--timeout",
        "3s",
    ]));
    assert_eq!(r.code, 5, "{}", r.transcript());
    assert_eq!(r.stdout.matches("Deployment   server-1").count(), 1);
    assert_eq!(
        r.stderr,
        "error: server-1 was not ready and idle after 3s\nhint: watch longer with --timeout, e.g. --timeout 15m\n"
    );
}

#[test]
fn errors_keep_their_exit_codes() {
    for (status, code) in [(400, 6), (403, 3), (404, 4), (409, 6)] {
        let env = TestEnv::new();
        let server = server();
        server.mock(|when, then| {
            expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
            json_reply(then, status, json!({"error": "nope"}));
        });
        let r = run(env
            .api(&server.base_url())
            .args(["deploy", "status", "server-1"]));
        assert_eq!(r.code, code, "{status}: {}", r.transcript());
        assert_eq!(r.stdout, "");
        assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
    }
    let env = TestEnv::new();
    let server = server();
    server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 404, json!({"error": "Deployment not found"}));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "status", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 4\n--- stdout\n--- stderr\nerror: no deployment named 'server-1' for fid 3 (HTTP 404: Deployment not found)\nhint: list your deployments with `neynar-studio deploy list`\n"
    );
}

/// `deploy status` with `args` on a pseudo-terminal `cols` wide, against `url`, without colour.
fn status_on_pty(env: &TestEnv, url: &str, args: &[&str], cols: u16) -> crate::common::screen::Pty {
    let fid = FID.to_string();
    let vars = [
        ("NEYNAR_API_URL", url),
        ("NEYNAR_API_KEY", KEY),
        ("NEYNAR_FID", fid.as_str()),
        ("NO_COLOR", "1"),
    ];
    crate::common::screen::Pty::spawn(env, args, 30, cols, &vars)
}

/// Once `--watch` shows the generation running, it finishes on the server: the screen at
/// the end of the run.
fn finish_while_watched(
    server: &MockServer,
    pty: crate::common::screen::Pty,
    mut running: httpmock::Mock<'_>,
) -> crate::common::screen::Screen {
    use std::time::Duration;
    pty.wait_for_text("phase 2 of 3", Duration::from_secs(20));
    running.delete();
    let mut done = running_v1();
    done["completed_at"] = json!("2026-11-22T08:09:00Z");
    done["current_phase"] = json!(3);
    server.mock(|when, then| {
        expect(when, GET, DEV_PATH, &format!("deployment_id={ID}"), None);
        json_reply(then, 200, done);
    });
    pty.finish(Duration::from_secs(20))
}

#[test]
fn watch_redraws_in_place_on_a_terminal() {
    let env = TestEnv::new();
    let server = server();
    let (_, dev, _) = serve(&server, app(), running_v1());
    let watch = ["deploy", "status", "server-1", "--watch"];
    let pty = status_on_pty(&env, &server.base_url(), &watch, 100);
    let screen = finish_while_watched(&server, pty, dev);
    let text = screen.contents();
    // One block, redrawn: the old generation line is gone, the new one is there once.
    assert_eq!(text.matches("Deployment   server-1").count(), 1, "{text}");
    assert!(!text.contains("phase 2 of 3"), "{text}");
    assert_eq!(
        text.matches("Generation   finished at 2026-11-22T08:09:00Z")
            .count(),
        1,
        "{text}"
    );
    assert!(text.contains("             > 3 Verify pending"), "{text}");
}

/// At 40 columns the conversation id (what `--conversation` takes) is shown whole, wrapped by
/// the terminal rather than cut; `--watch` counts the rows it wraps to and redraws the block
/// in place, leaving nothing of the old one.
#[test]
fn a_narrow_terminal_shows_the_conversation_id_whole() {
    use std::time::Duration;

    let env = TestEnv::new();
    let server = server();
    let (_, dev, _) = serve(&server, app(), running_v1());
    let url = server.base_url();
    let once = status_on_pty(&env, &url, &["deploy", "status", "server-1"], 40)
        .finish(Duration::from_secs(20));
    assert_eq!(once.code, 0, "{}", once.contents());
    let text = once.contents();
    // Both values a person copies wrap; a long generation line is still cut.
    assert!(
        text.contains(
            "Conversation 7c9e6679-7425-40de-944b-e07\nfc1f90ae7 \"Tetris\"\n\
             Production   READY https://tetris.vercel\n.app (production)"
        ),
        "{text}"
    );
    assert!(
        text.contains("Generation   running: phase 2 of 3 (Wri…\n"),
        "{text}"
    );

    let pty = status_on_pty(&env, &url, &["deploy", "status", "server-1", "--watch"], 40);
    let screen = finish_while_watched(&server, pty, dev);
    let text = screen.contents();
    assert_eq!(screen.code, 0, "{text}");
    assert_eq!(text.matches("Deployment   server-1").count(), 1, "{text}");
    assert_eq!(text.matches("fc1f90ae7 \"Tetris\"").count(), 1, "{text}");
    assert_eq!(text.matches(".app (production)").count(), 1, "{text}");
    assert!(!text.contains("phase 2 of 3"), "{text}");
}
