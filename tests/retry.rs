//! Retries: GET and DELETE on transient faults with backoff and Retry-After, at most three
//! attempts; a POST never.

use std::time::{Duration, Instant};

use httpmock::prelude::*;
use serde_json::json;

use crate::common::*;

const GET_PATH: &str = "/v2/studio/deployment/by-name-and-fid";

#[test]
fn get_is_retried_on_5xx_then_succeeds() {
    let env = TestEnv::new();
    let server = server();
    let failing = server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        then.status(502).body("bad gateway").up_to_n_times(2);
    });
    let ok = server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, json!({"name": "server-1", "is_ready": true}));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["-v", "deploy", "get", "server-1", "--json"]));
    failing.assert_calls(2);
    ok.assert_calls(1);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let port = server.address().port().to_string();
    let lines: Vec<String> = r
        .stderr
        .lines()
        .map(|l| l.replace(&port, "PORT"))
        .map(|l| match l.rfind(" (") {
            Some(i) if l.ends_with(" ms)") => l[..i].to_string(),
            _ => l,
        })
        .map(|l| {
            if l.starts_with("retrying in ") {
                format!("retrying in N{}", &l[l.find(" ms").unwrap()..])
            } else {
                l
            }
        })
        .collect();
    let mut lines = lines;
    if lines.len() > 5 {
        lines[5..].sort();
    }
    let url = "http://127.0.0.1:PORT/v2/studio/deployment/by-name-and-fid?name=server-1&fid=3";
    assert_eq!(
        lines,
        [
            format!("GET {url} -> 502 Bad Gateway"),
            "retrying in N ms (attempt 2 of 3)".to_string(),
            format!("GET {url} -> 502 Bad Gateway"),
            "retrying in N ms (attempt 3 of 3)".to_string(),
            format!("GET {url} -> 200 OK"),
            // What `get` asks beside the deployment (asked once, never retried), not offered
            // by this server.
            // (asked at the same time: sorted here)
            "GET http://127.0.0.1:PORT/v2/studio/deployment/conversations?name=server-1&fid=3 -> 404 Not Found".to_string(),
            "GET http://127.0.0.1:PORT/v2/studio/deployment/dev-status?name=server-1 -> 404 Not Found".to_string(),
        ]
    );
}

#[test]
fn get_gives_up_after_three_attempts() {
    let env = TestEnv::new();
    let server = server();
    let failing = server.mock(|when, then| {
        expect(when, GET, "/v2/studio/deployment/", "fid=3", None);
        then.status(500).body("");
    });
    let r = run(env.api(&server.base_url()).args(["deploy", "list"]));
    failing.assert_calls(3);
    assert_eq!(
        r.transcript(),
        "exit: 1\n--- stdout\n--- stderr\nerror: the API failed (HTTP 500 Internal Server Error; empty body)\n"
    );
}

#[test]
fn retry_after_in_seconds_is_honoured() {
    let env = TestEnv::new();
    let server = server();
    let limited = server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 429, json!({"error": "rate limited"}))
            .header("retry-after", "1")
            .up_to_n_times(1);
    });
    let ok = server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, json!({"name": "server-1"}));
    });
    let started = Instant::now();
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "get", "server-1", "--json"]));
    // A behaviour check, not a speed one: the second attempt waited for the server's word.
    assert!(started.elapsed() >= Duration::from_millis(950));
    limited.assert_calls(1);
    ok.assert_calls(1);
    assert_eq!(r.code, 0);
}

#[test]
fn retry_after_as_an_http_date_is_honoured() {
    let env = TestEnv::new();
    let server = server();
    let date = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(2));
    let limited = server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 429, json!({"error": "rate limited"}))
            .header("retry-after", date.clone())
            .up_to_n_times(1);
    });
    let ok = server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, json!({"name": "server-1"}));
    });
    let started = Instant::now();
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "get", "server-1", "--json"]));
    // HTTP dates have one-second resolution: at least one second was waited.
    assert!(started.elapsed() >= Duration::from_millis(950));
    limited.assert_calls(1);
    ok.assert_calls(1);
    assert_eq!(r.code, 0);
}

#[test]
fn rate_limiting_that_persists_ends_with_a_hint() {
    let env = TestEnv::new();
    let server = server();
    let limited = server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 429, json!({"error": "rate limited"})).header("retry-after", "0");
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "get", "server-1"]));
    limited.assert_calls(3);
    assert_eq!(
        r.transcript(),
        "exit: 1\n--- stdout\n--- stderr\nerror: rate limited (HTTP 429 Too Many Requests)\nhint: the API asked to wait 0ms before retrying\n"
    );
}

#[test]
fn delete_is_retried_but_post_is_not() {
    let env = TestEnv::new();
    let server = server();
    let delete = server.mock(|when, then| {
        expect(
            when,
            DELETE,
            "/v2/studio/deployment/",
            "",
            Some(json!({"fid": FID, "name": "server-1"})),
        );
        then.status(503).body("").up_to_n_times(1);
    });
    let delete_ok = server.mock(|when, then| {
        expect(
            when,
            DELETE,
            "/v2/studio/deployment/",
            "",
            Some(json!({"fid": FID, "name": "server-1"})),
        );
        json_reply(then, 200, json!({"success": true}));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "delete", "server-1"]));
    assert_eq!(r.code, 0);
    delete.assert_calls(1);
    delete_ok.assert_calls(1);

    let create = server.mock(|when, then| {
        expect(
            when,
            POST,
            "/v2/studio/deployment/",
            "",
            Some(json!({"fid": FID})),
        );
        then.status(502).body("");
    });
    let r = run(env.api(&server.base_url()).args(["deploy", "create"]));
    assert_eq!(r.code, 1);
    create.assert_calls(1);
}
