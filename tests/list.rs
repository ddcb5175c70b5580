//! `deploy list`: both response shapes, the table, paging flags, `--all`.

use httpmock::prelude::*;
use serde_json::json;

use crate::common::*;

const LIST: &str = "/v2/studio/deployment/";

#[test]
fn the_guides_shape_as_a_table() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        expect(when, GET, LIST, "fid=3", None);
        json_reply(then, 200, json!({"deployments": [
            {"name": "server-250904162435170", "display_name": "tetris app", "created_at": ago(3 * 3600 + 5), "isReady": true},
            {"name": "server-250904173546281", "created_at": ago(90), "isReady": false}
        ]}));
    });
    let r = run(env.api(&server.base_url()).args(["deploy", "list"]));
    mock.assert();
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\n\
         NAME                    DISPLAY NAME  READY  CREATED  URL\n\
         server-250904162435170  tetris app    yes    3h ago   -\n\
         server-250904173546281  -             no     1m ago   -\n\
         --- stderr\n"
    );
}

#[test]
fn the_specs_shape_as_json() {
    let env = TestEnv::new();
    let server = server();
    let mut deleted = deployment("server-2", false);
    deleted["created_at"] = json!(ago(2 * 86_400 + 60));
    deleted["deleted_at"] = json!(ago(3600));
    let body = json!([{"name": "server-1", "isReady": true, "extra": 1}, deleted]);
    let mock = server.mock(|when, then| {
        expect(when, GET, LIST, "fid=3", None);
        json_reply(then, 200, body.clone());
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "list", "--json"]));
    assert_eq!(r.code, 0);
    assert_eq!(
        r.json(),
        json!([{"name": "server-1", "is_ready": true, "extra": 1}, deleted])
    );
    assert_eq!(r.stderr, "");
    let r = run(env.api(&server.base_url()).args(["deploy", "ls"]));
    mock.assert_calls(2);
    assert_eq!(
        r.stdout,
        "NAME      DISPLAY NAME  READY    CREATED  URL\n\
         server-1  -             yes      -        -\n\
         server-2  tetris app    deleted  2d ago   https://server-2.studio.neynar.com\n"
    );
}

#[test]
fn paging_and_filters_are_sent_only_when_asked() {
    let env = TestEnv::new();
    let server = server();
    let mock = server.mock(|when, then| {
        expect(
            when,
            GET,
            LIST,
            "fid=3&limit=10&offset=20&query=tetris+app&sort_by=created_at&include_deleted=true",
            None,
        );
        json_reply(then, 200, json!([]));
    });
    let r = run(env.api(&server.base_url()).args([
        "deploy",
        "list",
        "--limit",
        "10",
        "--offset",
        "20",
        "--query",
        "tetris app",
        "--sort-by",
        "created_at",
        "--include-deleted",
    ]));
    mock.assert();
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\n--- stderr\nNo deployments of fid 3 match.\n"
    );
}

#[test]
fn an_empty_list_says_how_to_start() {
    let env = TestEnv::new();
    let server = server();
    server.mock(|when, then| {
        expect(when, GET, LIST, "fid=3", None);
        json_reply(then, 200, json!({"deployments": []}));
    });
    let r = run(env.api(&server.base_url()).args(["deploy", "list"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\n--- stderr\nNo deployments for fid 3. Create one with `neynar-studio deploy create`.\n"
    );
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "list", "--json"]));
    assert_eq!(r.transcript(), "exit: 0\n--- stdout\n[]\n--- stderr\n");
}

#[test]
fn limits_are_validated() {
    let env = TestEnv::new();
    let r = run(env
        .api("http://127.0.0.1:9")
        .args(["deploy", "list", "--limit", "0"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("error: invalid value '0' for '--limit <N>': 0 is not in 1..=1000"),
        "{}",
        r.stderr
    );
    let r = run(env
        .api("http://127.0.0.1:9")
        .args(["deploy", "list", "--sort-by", "name"]));
    assert_eq!(r.code, 2);
}

fn named(n: usize) -> serde_json::Value {
    json!({"name": format!("server-{n}"), "is_ready": true})
}

#[test]
fn all_follows_pages_until_a_short_one() {
    let env = TestEnv::new();
    let server = server();
    let p1 = server.mock(|when, then| {
        expect(when, GET, LIST, "fid=3&limit=2", None);
        json_reply(then, 200, json!([named(1), named(2)]));
    });
    let p2 = server.mock(|when, then| {
        expect(when, GET, LIST, "fid=3&limit=2&offset=2", None);
        json_reply(then, 200, json!([named(3), named(4)]));
    });
    let p3 = server.mock(|when, then| {
        expect(when, GET, LIST, "fid=3&limit=2&offset=4", None);
        json_reply(then, 200, json!([named(5)]));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "list", "--all", "--limit", "2", "--json"]));
    p1.assert();
    p2.assert();
    p3.assert();
    assert_eq!(
        r.json(),
        json!([named(1), named(2), named(3), named(4), named(5)])
    );
}

#[test]
fn all_stops_when_the_server_does_not_page() {
    let env = TestEnv::new();
    let server = server();
    // The guide's API has no paging: it answers everything, whatever the limit.
    let mock = server.mock(|when, then| {
        when.method(GET).path(LIST);
        json_reply(
            then,
            200,
            json!({"deployments": [named(1), named(2), named(3)]}),
        );
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "list", "--all", "--limit", "2", "--json"]));
    mock.assert_calls(1);
    assert_eq!(r.json(), json!([named(1), named(2), named(3)]));
    // And one that ignores the offset but honours the limit sends the same page again.
    let env = TestEnv::new();
    let server2 = crate::common::server();
    let mock = server2.mock(|when, then| {
        when.method(GET).path(LIST);
        json_reply(then, 200, json!([named(1), named(2)]));
    });
    let r = run(env
        .api(&server2.base_url())
        .args(["deploy", "list", "--all", "--limit", "2", "--json"]));
    mock.assert_calls(2);
    assert_eq!(r.json(), json!([named(1), named(2)]));
}

#[test]
fn a_full_page_says_there_may_be_more() {
    let env = TestEnv::new();
    let server = server();
    server.mock(|when, then| {
        expect(when, GET, LIST, "fid=3&limit=2", None);
        json_reply(then, 200, json!([named(1), named(2)]));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "list", "--limit", "2"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nNAME      DISPLAY NAME  READY  CREATED  URL\nserver-1  -             yes    -        -\nserver-2  -             yes    -        -\n--- stderr\nShowing 2; there may be more: use --all, or --offset 2.\n"
    );
}

#[test]
fn colour_follows_the_flag_the_terminal_and_no_color() {
    let env = TestEnv::new();
    let server = server();
    server.mock(|when, then| {
        expect(when, GET, LIST, "fid=3", None);
        json_reply(then, 200, json!([named(1)]));
    });
    // Piped: plain, unless asked.
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "list"])
        .env_remove("NO_COLOR"));
    assert!(!r.stdout.contains('\u{1b}'), "{}", r.stdout);
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "list", "--color", "always"]));
    assert!(
        r.stdout.starts_with("\u{1b}[1mNAME\u{1b}[0m"),
        "{:?}",
        r.stdout
    );
    assert!(
        r.stdout.contains("\u{1b}[32myes\u{1b}[0m"),
        "{:?}",
        r.stdout
    );
    // On a terminal: colour, unless NO_COLOR (which the terminal helper sets) or --color never.
    let r = env.on_terminal(&server.base_url(), "deploy list", "");
    assert!(!r.stdout.contains("\u{1b}[1m"), "{:?}", r.stdout);
    let r = env.on_terminal(&server.base_url(), "deploy list --color always", "");
    assert!(r.stdout.contains("\u{1b}[1mNAME"), "{:?}", r.stdout);
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "list", "--color", "sometimes"]));
    assert_eq!(r.code, 2);
}
