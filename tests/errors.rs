//! Every class of API error: one clear line, the exit code of DESIGN.md, no dump.

use httpmock::prelude::*;
use serde_json::json;

use crate::common::*;

const GET_PATH: &str = "/v2/studio/deployment/by-name-and-fid";

/// `deploy get server-1` against a server answering `status` with `body`.
fn get_with(status: u16, ctype: &str, body: &str) -> Run {
    let env = TestEnv::new();
    let server = server();
    let (ctype, body) = (ctype.to_string(), body.to_string());
    server.mock(move |when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        let then = then.status(status).body(body.clone());
        if !ctype.is_empty() {
            then.header("content-type", ctype.clone());
        }
    });
    run(env
        .api(&server.base_url())
        .args(["deploy", "get", "server-1"]))
}

#[test]
fn statuses_give_one_line_and_the_right_exit_code() {
    let cases: &[(u16, &str, &str, i32, &str)] = &[
        (
            401,
            "application/json",
            r#"{"error":"Invalid API key"}"#,
            3,
            "error: Invalid API key (HTTP 401 Unauthorized)\nhint: check the key with `neynar-studio config show`; set it with `neynar-studio config init` or NEYNAR_API_KEY\n",
        ),
        (
            403,
            "application/json",
            r#"{"error":"Studio API access required"}"#,
            3,
            "error: Studio API access required (HTTP 403 Forbidden)\nhint: the Studio API is allowlisted: the key must be enabled for it, and the FID must be the one the key belongs to\n",
        ),
        (
            400,
            "application/json",
            r#"{"error":"fid is required"}"#,
            6,
            "error: fid is required (HTTP 400 Bad Request)\n",
        ),
        (
            409,
            "application/json",
            r#"{"error":"busy"}"#,
            6,
            "error: busy (HTTP 409 Conflict)\n",
        ),
        (
            413,
            "application/json",
            r#"{"error":"too big"}"#,
            6,
            "error: too big (HTTP 413 Content Too Large)\n",
        ),
        (
            422,
            "application/json",
            r#"{"message":"bad shape"}"#,
            6,
            "error: bad shape (HTTP 422 Unprocessable Content)\n",
        ),
        (
            400,
            "application/json",
            r#"{"error":"line one\nline two\u001b[2J"}"#,
            6,
            "error: line one line two\\u{1b}[2J (HTTP 400 Bad Request)\n",
        ),
        (
            418,
            "text/plain",
            "teapot",
            1,
            "error: unexpected answer from the API (HTTP 418; text/plain, 6 bytes)\n",
        ),
    ];
    for (status, ctype, body, code, stderr) in cases {
        let r = get_with(*status, ctype, body);
        assert_eq!(r.code, *code, "{status}: {}", r.transcript());
        assert_eq!(r.stdout, "");
        assert_eq!(&r.stderr, stderr, "{status}");
    }
}

#[test]
fn server_errors_with_any_body_are_one_clean_line() {
    let html = "<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1>\n<p>nginx</p></body></html>";
    let cases: &[(u16, &str, &str, String)] = &[
        (500, "text/html", html, format!("error: the API failed (HTTP 500 Internal Server Error; text/html, {} bytes)\n", html.len())),
        (502, "", "", "error: the API failed (HTTP 502 Bad Gateway; empty body)\nhint: this is usually temporary; try again shortly\n".into()),
        (503, "application/json", "{not json", "error: the API failed (HTTP 503 Service Unavailable; application/json, 9 bytes)\nhint: this is usually temporary; try again shortly\n".into()),
        (504, "", "\u{1b}]0;owned\u{7}garbage\u{0}", "error: the API failed (HTTP 504 Gateway Timeout; untyped, 18 bytes)\nhint: this is usually temporary; try again shortly\n".into()),
    ];
    for (status, ctype, body, stderr) in cases {
        let r = get_with(*status, ctype, body);
        assert_eq!(r.code, 1, "{status}: {}", r.transcript());
        assert_eq!(r.stdout, "");
        assert_eq!(&r.stderr, stderr, "{status}");
    }
}

#[test]
fn bodies_that_are_not_the_expected_json() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "application/json",
            "{\"name\": \"server-1\", ",
            "error: unexpected response from the API (HTTP 200 OK): the JSON body is cut short (application/json, 21 bytes)\n",
        ),
        (
            "text/html",
            "<html>login</html>",
            "error: unexpected response from the API (HTTP 200 OK): expected JSON, got text/html (18 bytes)\n",
        ),
        (
            "application/json",
            "",
            "error: unexpected response from the API (HTTP 200 OK): the body is empty, expected JSON\n",
        ),
        (
            "application/json",
            "[1, 2]",
            "error: unexpected response from the API (HTTP 200 OK): expected a JSON object, got an array\n",
        ),
    ];
    for (ctype, body, stderr) in cases {
        let r = get_with(200, ctype, body);
        assert_eq!(r.code, 1, "{body}: {}", r.transcript());
        assert_eq!(r.stdout, "");
        assert_eq!(&r.stderr, stderr, "{body}");
    }
}

#[test]
fn json_with_a_wrong_content_type_is_still_read() {
    let r = get_with(
        200,
        "text/plain",
        r#"{"name": "server-1", "isReady": true}"#,
    );
    assert_eq!(r.code, 0, "{}", r.transcript());
}

#[test]
fn connection_refused_is_a_failure() {
    let env = TestEnv::new();
    let port = closed_port();
    let r = run(env
        .api(&format!("http://127.0.0.1:{port}"))
        .args(["deploy", "get", "server-1"]));
    assert_eq!(
        r.transcript(),
        format!(
            "exit: 1\n--- stdout\n--- stderr\nerror: nothing is listening at 127.0.0.1:{port} (connection refused)\nhint: check the API URL (`neynar-studio config show`); for the local emulator, start it with `neynar-studio emulator`\n"
        )
    );
}

#[test]
fn plain_http_to_another_host_is_refused_before_connecting() {
    let env = TestEnv::new();
    // A name that cannot resolve: reaching the network would change the error.
    let r = run(env
        .api("http://studio.example.invalid")
        .args(["deploy", "list"]));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: refusing to send the API key over plain http:// to studio.example.invalid (from env NEYNAR_API_URL)\nhint: use https://, or http:// only for a loopback host (127.0.0.1, ::1, localhost)\n"
    );
    let r = run(env.api("ftp://x").args(["deploy", "list"]));
    assert_eq!(r.code, 2);
}

#[test]
fn redirects_are_not_followed_so_the_key_stays_put() {
    let env = TestEnv::new();
    let elsewhere = server();
    let stolen = elsewhere.mock(|when, then| {
        when.any_request();
        then.status(200).body("{}");
    });
    let server = server();
    let target = elsewhere.url("/collect");
    server.mock(move |when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        then.status(302).header("location", target.clone());
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "get", "server-1"]));
    stolen.assert_calls(0);
    assert_eq!(
        r.stderr
            .replace(&elsewhere.address().port().to_string(), "PORT"),
        "error: the API redirected (HTTP 302 Found) to http://127.0.0.1:PORT/collect; not following it, so the API key is not sent to another host\nhint: if the API moved, set the new URL with `neynar-studio config set api-url URL`\n"
    );
    assert_eq!(r.code, 1);
}

#[test]
fn verbose_shows_method_url_status_and_time_but_not_the_key() {
    let env = TestEnv::new();
    let server = server();
    server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, json!({"name": "server-1", "is_ready": true}));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["-v", "deploy", "get", "server-1", "--json"]));
    assert_eq!(r.code, 0);
    let stderr = r
        .stderr
        .replace(&server.address().port().to_string(), "PORT");
    let lines: Vec<(&str, &str)> = stderr
        .lines()
        .map(|l| l.split_once(" (").unwrap())
        .collect();
    let mut heads: Vec<&str> = lines.iter().map(|(h, _)| *h).collect();
    // The last two are asked at the same time.
    heads[1..].sort();
    assert_eq!(
        heads,
        [
            "GET http://127.0.0.1:PORT/v2/studio/deployment/by-name-and-fid?name=server-1&fid=3 -> 200 OK",
            "GET http://127.0.0.1:PORT/v2/studio/deployment/conversations?name=server-1&fid=3 -> 404 Not Found",
            "GET http://127.0.0.1:PORT/v2/studio/deployment/dev-status?name=server-1 -> 404 Not Found",
        ]
    );
    for (_, tail) in lines {
        assert!(
            tail.ends_with(" ms)") && tail.trim_end_matches(" ms)").parse::<u64>().is_ok(),
            "{tail}"
        );
    }
}
