//! `conversations list` and `conversations show`: the deployment chosen by name or id, the
//! cursor followed, messages drawn oldest first by the stream renderer, `--json`, errors.

use httpmock::prelude::*;
use serde_json::{Value, json};

use crate::common::*;

const CONV_PATH: &str = "/v2/studio/deployment/conversations";
const MSG_PATH: &str = "/v2/studio/deployment/conversations/messages";
const ID: &str = "0b7e9c1e-1c4f-4d0c-9a57-2f6d1f3b8e21";
const CONV: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

fn list() -> Value {
    json!({"conversations": [
        {"id": "11111111-5a0e-4f35-9d47-2a8a2f3c1e90", "title": null, "last_message_preview": "make it blue",
         "created_at": "2026-11-21T07:00:00Z", "updated_at": "2026-11-21T07:50:00Z", "deployment_id": ID, "admin": false},
        {"id": CONV, "title": "Tetris", "last_message_preview": "make it purple",
         "created_at": "2026-11-22T07:00:00Z", "updated_at": "2026-11-22T08:03:00Z", "deployment_id": ID, "admin": false, "extra": 1}
    ]})
}

#[test]
fn list_by_name_most_recent_first() {
    let env = TestEnv::new();
    let server = server();
    let m = server.mock(|when, then| {
        expect(when, GET, CONV_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, list());
    });
    let r = run(env
        .api(&server.base_url())
        .args(["conversations", "list", "-d", "server-1"]));
    assert_eq!(
        r.transcript(),
        format!(
            "exit: 0\n--- stdout\n\
ID                                    UPDATED               TITLE\n\
{CONV}  2026-11-22T08:03:00Z  Tetris\n\
11111111-5a0e-4f35-9d47-2a8a2f3c1e90  2026-11-21T07:50:00Z  make it blue\n\
--- stderr\n"
        )
    );
    let r = run(env
        .api(&server.base_url())
        .args(["conv", "ls", "-d", "server-1", "--json"]));
    assert_eq!(
        r.json(),
        json!([list()["conversations"][1], list()["conversations"][0]])
    );
    m.assert_calls(2);
}

#[test]
fn list_by_id_and_the_current_deployment() {
    let env = TestEnv::new();
    let server = server();
    let by_id = server.mock(|when, then| {
        expect(
            when,
            GET,
            CONV_PATH,
            &format!("deployment_id={ID}&fid=3"),
            None,
        );
        json_reply(then, 200, json!({"conversations": []}));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["conversations", "list", "--deployment", ID]));
    assert_eq!(
        r.transcript(),
        format!(
            "exit: 0\n--- stdout\n--- stderr\nid {ID} has no conversations yet. Start one with `neynar-studio deploy prompt`.\n"
        )
    );
    by_id.assert_calls(1);

    env.set_current_at(&server.base_url(), "server-9");
    let current = server.mock(|when, then| {
        expect(when, GET, CONV_PATH, "name=server-9&fid=3", None);
        json_reply(then, 200, list());
    });
    let r = run(env.api(&server.base_url()).args(["conversations", "list"]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    current.assert_calls(1);
}

#[test]
fn list_errors_keep_their_exit_codes() {
    for (status, code) in [(400, 6), (403, 3), (404, 4)] {
        let env = TestEnv::new();
        let server = server();
        server.mock(|when, then| {
            expect(when, GET, CONV_PATH, "name=server-1&fid=3", None);
            json_reply(then, status, json!({"error": "nope"}));
        });
        let r = run(env
            .api(&server.base_url())
            .args(["conversations", "list", "-d", "server-1"]));
        assert_eq!(r.code, code, "{status}: {}", r.transcript());
        assert_eq!(r.stdout, "");
    }
    let env = TestEnv::new();
    let r = run(env
        .api("http://127.0.0.1:9")
        .args(["conversations", "list", "-d", "Not A Name"]));
    assert_eq!(r.code, 2, "{}", r.transcript());
}

fn message(id: &str, origin: &str, text: &str) -> Value {
    json!({"id": id, "created_at": "2026-11-22T08:00:00Z", "conversation_id": CONV,
           "message": text, "origin": origin})
}

fn event(text: &str) -> String {
    json!({"type": "assistant", "message": {"content": [{"type": "text", "text": text}]}})
        .to_string()
}

#[test]
fn show_follows_the_cursor_and_draws_oldest_first() {
    let env = TestEnv::new();
    let server = server();
    // Newest first, as the API pages.
    let first = server.mock(|when, then| {
        expect(
            when,
            GET,
            MSG_PATH,
            &format!("name=server-1&fid=3&conversation_id={CONV}&limit=100"),
            None,
        );
        json_reply(
            then,
            200,
            json!({
                "messages": [
                    message("m4", "system", &event("Made it purple.")),
                    message("m3", "user", "make it purple"),
                ],
                "next": {"cursor": "c-2"}
            }),
        );
    });
    let second = server.mock(|when, then| {
        expect(
            when,
            GET,
            MSG_PATH,
            &format!("name=server-1&fid=3&conversation_id={CONV}&limit=100&cursor=c-2"),
            None,
        );
        json_reply(
            then,
            200,
            json!({
                "messages": [
                    message("m2", "system", "Built a tetris app."),
                    message("m1", "user", "a tetris app"),
                ],
                "next": {"cursor": null}
            }),
        );
    });
    let r = run(env.api(&server.base_url()).args([
        "conversations",
        "show",
        CONV,
        "-d",
        "server-1",
        "--all",
    ]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\n> a tetris app\nBuilt a tetris app.\n> make it purple\nMade it purple.\n--- stderr\n"
    );
    let r = run(env
        .api(&server.base_url())
        .args(["conv", "show", CONV, "-d", "server-1", "--all", "--json"]));
    let ids: Vec<Value> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].clone())
        .collect();
    assert_eq!(
        ids,
        vec![json!("m1"), json!("m2"), json!("m3"), json!("m4")]
    );
    first.assert_calls(2);
    second.assert_calls(2);
}

#[test]
fn show_limit_asks_for_what_it_needs_and_says_there_is_more() {
    let env = TestEnv::new();
    let server = server();
    let page = server.mock(|when, then| {
        expect(
            when,
            GET,
            MSG_PATH,
            &format!("name=server-1&fid=3&conversation_id={CONV}&limit=1"),
            None,
        );
        json_reply(
            then,
            200,
            json!({
                "messages": [message("m4", "system", "Made it purple.")],
                "next": {"cursor": "c-2"}
            }),
        );
    });
    let r = run(env.api(&server.base_url()).args([
        "conversations",
        "show",
        CONV,
        "-d",
        "server-1",
        "--limit",
        "1",
    ]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nMade it purple.\n--- stderr\nShowing the last 1; see every message with --all.\n"
    );
    page.assert_calls(1);
}

#[test]
fn show_errors() {
    let env = TestEnv::new();
    let server = server();
    server.mock(|when, then| {
        when.method(GET).path(MSG_PATH);
        json_reply(then, 404, json!({"error": "Conversation not found"}));
    });
    let r =
        run(env
            .api(&server.base_url())
            .args(["conversations", "show", CONV, "-d", "server-1"]));
    assert_eq!(
        r.transcript(),
        format!(
            "exit: 4\n--- stdout\n--- stderr\nerror: no conversation {CONV} on server-1 for fid 3 (HTTP 404: Conversation not found)\nhint: list the deployment's conversations with `neynar-studio conversations list -d NAME`\n"
        )
    );
    let r = run(env.api(&server.base_url()).args([
        "conversations",
        "show",
        "not-a-uuid",
        "-d",
        "server-1",
    ]));
    assert_eq!(r.code, 2, "{}", r.transcript());
}
