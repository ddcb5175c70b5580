//! `credits show | claim` against httpmock: the exact requests, whole outputs, and the claim's
//! 409 (already claimed) and 410 (expired) in the user's words.

use httpmock::prelude::*;
use serde_json::{Value, json};

use crate::common::*;

const DROP: &str = "/v2/studio/credit-drops/";
const CLAIM: &str = "/v2/studio/credit-drops/claim";

fn drop_body() -> Value {
    json!({
        "created_at": "2026-11-22T09:00:00.000Z", "raw_score": 0.8, "percentile_score": 0.92,
        "reward_amount": 500, "claimed": false, "credits_used": 0, "credits_remaining": 500,
        "allowance_expires_at": "2026-11-23T09:00:00.000Z", "expired": false
    })
}

#[test]
fn show() {
    let env = TestEnv::new();
    let server = server();
    let m = server.mock(|when, then| {
        expect(when, GET, DROP, "fid=3", None);
        json_reply(then, 200, drop_body());
    });
    let r = run(env.api(&server.base_url()).args(["credits", "show"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\n\
reward      500\n\
state       not claimed\n\
used        0\n\
remaining   500\n\
created     2026-11-22T09:00:00.000Z\n\
expires     2026-11-23T09:00:00.000Z\n\
percentile  92%\n\
--- stderr\nclaim it with `neynar-studio credits claim`\n"
    );
    let r = run(env
        .api(&server.base_url())
        .args(["credits", "show", "--json"]));
    assert_eq!(r.json(), drop_body());
    m.assert_calls(2);
    let none = MockServer::start();
    let m = none.mock(|when, then| {
        expect(when, GET, DROP, "fid=3", None);
        json_reply(then, 404, json!({"message": "No credit drop found"}));
    });
    let r = run(env.api(&none.base_url()).args(["credits", "show"]));
    assert_eq!(
        r.transcript(),
        "exit: 4\n--- stdout\n--- stderr\n\
error: there is no credit drop for fid 3 (HTTP 404: No credit drop found)\n\
hint: credit drops come from using Studio; check again later\n"
    );
    m.assert_calls(1);
}

#[test]
fn claim_once() {
    let env = TestEnv::new();
    let server = server();
    let m = server.mock(|when, then| {
        expect(when, POST, CLAIM, "", Some(json!({"fid": 3})));
        json_reply(
            then,
            200,
            json!({"claimed": true, "reward_amount": 500, "new_extra_credits": 1500}),
        );
    });
    let r = run(env.api(&server.base_url()).args(["credits", "claim"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nClaimed 500 credits; extra credits now 1500.\n--- stderr\n"
    );
    m.assert_calls(1);
}

#[test]
fn claim_conflicts_read_as_words() {
    let env = TestEnv::new();
    for (status, code, text) in [
        (409, 6, "error: the credit drop was already claimed\n"),
        (
            410,
            6,
            "error: the credit drop expired: drops can be claimed for 24 hours\n",
        ),
    ] {
        let server = server();
        let m = server.mock(|when, then| {
            expect(when, POST, CLAIM, "", Some(json!({"fid": 3})));
            json_reply(then, status, json!({"message": "nope"}));
        });
        let r = run(env.api(&server.base_url()).args(["credits", "claim"]));
        assert_eq!(
            r.transcript(),
            format!(
                "exit: {code}\n--- stdout\n--- stderr\n{text}hint: see it with `neynar-studio credits show`\n"
            )
        );
        m.assert_calls(1);
    }
    // A 503 is not repeated: a claim is sent once.
    let server = server();
    let m = server.mock(|when, then| {
        expect(when, POST, CLAIM, "", Some(json!({"fid": 3})));
        json_reply(then, 503, json!({"message": "unavailable"}));
    });
    let r = run(env.api(&server.base_url()).args(["credits", "claim"]));
    assert_eq!(r.code, 1, "{}", r.transcript());
    m.assert_calls(1);
}
