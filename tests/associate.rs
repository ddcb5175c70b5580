//! `deploy associate`: the three input forms and stdin, the checks before sending (fid, domain,
//! signature) with nothing sent on failure, `--skip-verify`, and `--show`.

use httpmock::Mock;
use httpmock::prelude::*;
use serde_json::{Value, json};

use crate::common::*;

const GET_PATH: &str = "/v2/studio/deployment/by-name-and-fid";
const ASSOC_PATH: &str = "/v2/studio/deployment/account-association";
const NAME: &str = "server-250904162435170";
const URL: &str = "https://server-250904162435170.studio.neynar.com";

fn fixture(name: &str) -> Value {
    let all: Value = serde_json::from_str(include_str!("fixtures/jfs.json")).unwrap();
    all[name].clone()
}

fn compact(a: &Value) -> String {
    format!(
        "{}.{}.{}",
        a["header"].as_str().unwrap(),
        a["payload"].as_str().unwrap(),
        a["signature"].as_str().unwrap()
    )
}

/// The deployment (served from `url`) and an association endpoint expecting `association`.
fn mocks<'a>(
    server: &'a MockServer,
    url: Option<&str>,
    association: &Value,
) -> (Mock<'a>, Mock<'a>) {
    let mut d = deployment(NAME, true);
    match url {
        Some(u) => d["url"] = json!(u),
        None => {
            d.as_object_mut().unwrap().remove("url");
        }
    }
    let get = server.mock(|when, then| {
        expect(when, GET, GET_PATH, &format!("name={NAME}&fid=3"), None);
        json_reply(then, 200, d);
    });
    let post = server.mock(|when, then| {
        expect(
            when,
            POST,
            ASSOC_PATH,
            "",
            Some(json!({"fid": 3, "name": NAME, "account_association": association})),
        );
        json_reply(
            then,
            200,
            json!({"success": true, "message": "Account association updated"}),
        );
    });
    (get, post)
}

#[test]
fn the_sdks_object_from_a_file() {
    let env = TestEnv::new();
    let server = server();
    let a = fixture("custody_fid3");
    let (get, post) = mocks(&server, Some(URL), &a);
    std::fs::write(
        env.home().join("assoc.json"),
        serde_json::to_string_pretty(&a).unwrap(),
    )
    .unwrap();
    let r = run(env.api(&server.base_url()).args([
        "deploy",
        "associate",
        NAME,
        "--file",
        "assoc.json",
    ]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nAccount association updated\n--- stderr\n"
    );
    get.assert();
    post.assert();
}

#[test]
fn a_manifest_the_compact_form_stdin_and_flags() {
    let env = TestEnv::new();
    env.set_current(NAME);
    let server = server();
    let a = fixture("app_key_fid3");
    let (get, post) = mocks(&server, Some(URL), &a);
    let manifest = json!({"accountAssociation": a, "miniapp": {"version": "1", "name": "Counter"}});
    std::fs::write(env.home().join("farcaster.json"), manifest.to_string()).unwrap();
    let r =
        run(env
            .api(&server.base_url())
            .args(["deploy", "associate", "--file", "farcaster.json"]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "associate", "-"])
        .write_stdin(format!("{}\n", compact(&a))));
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "associate", NAME, "-"])
        .write_stdin(a.to_string()));
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r = run(env.api(&server.base_url()).args([
        "deploy",
        "associate",
        "--header",
        a["header"].as_str().unwrap(),
        "--payload",
        a["payload"].as_str().unwrap(),
        "--signature",
        a["signature"].as_str().unwrap(),
        "--json",
    ]));
    assert_eq!(
        r.json(),
        json!({"success": true, "message": "Account association updated"})
    );
    get.assert_calls(4);
    post.assert_calls(4);
}

#[test]
fn a_tampered_signature_is_not_sent() {
    let env = TestEnv::new();
    let server = server();
    let a = fixture("custody_fid3_tampered");
    let (_get, post) = mocks(&server, Some(URL), &a);
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "associate", NAME, "-"])
        .write_stdin(compact(&a)));
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.starts_with(
            "error: invalid association: signature does not verify: it was signed by 0x"
        ) && r.stderr.ends_with(
            ", but the header's custody key is 0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A\n"
        ),
        "{}",
        r.stderr
    );
    post.assert_calls(0);
}

#[test]
fn another_accounts_signature_is_refused_before_any_request() {
    let env = TestEnv::new();
    let server = server();
    let a = fixture("custody_fid3");
    let (get, post) = mocks(&server, Some(URL), &a);
    let r = run(env
        .api(&server.base_url())
        .env("NEYNAR_FID", "1568")
        .args(["deploy", "associate", NAME, "-"])
        .write_stdin(compact(&a)));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: the association is signed for fid 3 (header fid), but the configured FID is 1568\nhint: sign it with the account of fid 1568, or act as fid 3 (--fid 3, or its profile)\n"
    );
    get.assert_calls(0);
    post.assert_calls(0);
}

#[test]
fn the_wrong_domain_is_refused() {
    let env = TestEnv::new();
    let server = server();
    let a = fixture("custody_fid3");
    let (get, post) = mocks(
        &server,
        Some("https://server-250904173546281.studio.neynar.com/"),
        &a,
    );
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "associate", NAME, "-"])
        .write_stdin(compact(&a)));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: the association is for domain server-250904162435170.studio.neynar.com (payload domain), but server-250904162435170 is served from server-250904173546281.studio.neynar.com\nhint: sign the association for the deployment's domain\n"
    );
    get.assert_calls(1);
    post.assert_calls(0);
}

#[test]
fn without_a_url_the_domain_check_is_skipped_with_a_warning() {
    let env = TestEnv::new();
    let server = server();
    let a = fixture("custody_fid3");
    let (_get, post) = mocks(&server, None, &a);
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "associate", NAME, "-"])
        .write_stdin(compact(&a)));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nAccount association updated\n--- stderr\nwarning: the API reports no URL for server-250904162435170; the domain server-250904162435170.studio.neynar.com was not checked\n"
    );
    post.assert_calls(1);
}

#[test]
fn skip_verify_sends_anyway_but_still_needs_three_parts() {
    let env = TestEnv::new();
    let server = server();
    let a = fixture("custody_fid3_tampered");
    let (get, post) = mocks(&server, Some(URL), &a);
    let r = run(env
        .api(&server.base_url())
        .env("NEYNAR_FID", "3")
        .args(["deploy", "associate", NAME, "-", "--skip-verify"])
        .write_stdin(compact(&a)));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nAccount association updated\n--- stderr\n"
    );
    get.assert_calls(0);
    post.assert_calls(1);
    let r = run(env.api(&server.base_url()).args([
        "deploy",
        "associate",
        NAME,
        "--skip-verify",
        "--header",
        "",
        "--payload",
        "x",
        "--signature",
        "y",
    ]));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: invalid association: header is empty\n"
    );
    post.assert_calls(1);
}

#[test]
fn pasting_mistakes_name_the_part() {
    let env = TestEnv::new();
    let server = server();
    let a = fixture("custody_fid3");
    let (get, post) = mocks(&server, Some(URL), &a);
    let h = a["header"].as_str().unwrap();
    let p = a["payload"].as_str().unwrap();
    let s = a["signature"].as_str().unwrap();
    let cases: Vec<(Vec<&str>, String)> = vec![
        (vec!["--header", "***", "--payload", p, "--signature", s], "error: invalid association: header is not valid base64url (Invalid symbol 42, offset 0.)\n".into()),
        (vec!["--header", "aGVsbG8", "--payload", p, "--signature", s], "error: invalid association: header does not decode to JSON (expected value at line 1 column 1)\n".into()),
        (vec!["--header", h, "--payload", p, "--signature", &s[..60]], "error: invalid association: signature is 45 bytes; a custody signature is 65 bytes (was it cut short when pasted?)\n".into()),
        (vec!["--header", "eyJmaWQiOjMsInR5cGUiOiJ3YWxsZXQiLCJrZXkiOiIweDEifQ", "--payload", p, "--signature", s], "error: invalid association: header's type 'wallet' is unknown; expected custody, app_key or auth\n".into()),
    ];
    for (args, stderr) in cases {
        let r = run(env
            .api(&server.base_url())
            .args(["deploy", "associate", NAME])
            .args(&args));
        assert_eq!(r.code, 2, "{args:?}");
        assert_eq!(r.stderr, stderr, "{args:?}");
    }
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "associate", NAME, "-"])
        .write_stdin("only.two"));
    assert_eq!(
        r.stderr,
        "error: invalid association: the compact form is header.payload.signature, but this has 2 parts separated by '.'\n"
    );
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "associate", NAME]));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: no association given\nhint: pass --file PATH, '-' to read stdin, or --header H --payload P --signature S\n"
    );
    get.assert_calls(0);
    post.assert_calls(0);
}

#[test]
fn by_id_sends_the_deployment_id() {
    let env = TestEnv::new();
    let server = server();
    let a = fixture("app_key_fid3");
    let get = server.mock(|when, then| {
        expect(
            when,
            GET,
            GET_PATH,
            "deployment_id=0b7e9c1e-1c4f-4d0c-9a57-2f6d1f3b8e21&fid=3",
            None,
        );
        let mut d = deployment(NAME, true);
        d["url"] = json!(URL);
        json_reply(then, 200, d);
    });
    let post = server.mock(|when, then| {
        expect(when, POST, ASSOC_PATH, "", Some(json!({"fid": 3, "deployment_id": "0b7e9c1e-1c4f-4d0c-9a57-2f6d1f3b8e21", "account_association": a})));
        json_reply(then, 200, json!({"success": true, "message": ""}));
    });
    let r = run(env
        .api(&server.base_url())
        .args([
            "deploy",
            "associate",
            "-",
            "--id",
            "0b7e9c1e-1c4f-4d0c-9a57-2f6d1f3b8e21",
        ])
        .write_stdin(compact(&a)));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nAssociated id 0b7e9c1e-1c4f-4d0c-9a57-2f6d1f3b8e21 with fid 3.\n--- stderr\n"
    );
    get.assert();
    post.assert();
}

#[test]
fn show_decodes_what_the_server_holds() {
    let env = TestEnv::new();
    let server = server();
    let a = fixture("custody_fid3");
    server.mock(|when, then| {
        expect(when, GET, GET_PATH, &format!("name={NAME}&fid=3"), None);
        json_reply(then, 200, deployment(NAME, true));
    });
    let held = server.mock(|when, then| {
        expect(
            when,
            GET,
            ASSOC_PATH,
            "deployment_id=0b7e9c1e-1c4f-4d0c-9a57-2f6d1f3b8e21",
            None,
        );
        json_reply(then, 200, a.clone());
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "associate", "--show", NAME]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nFID        3\nKey type   custody\nKey        0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A\nDomain     server-250904162435170.studio.neynar.com\nSignature  valid\nChecks     fid ok; domain ok\n--- stderr\n"
    );
    let r =
        run(env
            .api(&server.base_url())
            .args(["deploy", "associate", "--show", NAME, "--json"]));
    let mut want = a.clone();
    want["decoded"] = json!({"fid": 3, "type": "custody", "key": "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A", "domain": "server-250904162435170.studio.neynar.com"});
    want["signature_valid"] = json!(true);
    want["checks"] = json!({"fid": {"ok": true}, "domain": {"ok": true}});
    assert_eq!(r.json(), want);
    held.assert_calls(2);
}

#[test]
fn show_says_which_check_fails_for_another_domain_or_fid() {
    let env = TestEnv::new();
    let server = server();
    let mut d = deployment(NAME, true);
    d["url"] = json!("https://other.example");
    server.mock(|when, then| {
        when.method(GET).path(GET_PATH);
        json_reply(then, 200, d);
    });
    server.mock(|when, then| {
        when.method(GET).path(ASSOC_PATH);
        json_reply(then, 200, fixture("custody_fid3"));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "associate", "--show", NAME]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(
        r.stdout.lines().rev().take(2).collect::<Vec<_>>(),
        [
            "Checks     fid ok; domain failed: signed for server-250904162435170.studio.neynar.com, \
             but server-250904162435170 is served from other.example",
            "Signature  valid",
        ]
    );
    let r = run(env.api(&server.base_url()).args([
        "--fid",
        "4",
        "deploy",
        "associate",
        "--show",
        NAME,
        "--json",
    ]));
    assert_eq!(
        r.json()["checks"],
        json!({
            "fid": {"ok": false, "problem": "signed for fid 3, but the configured FID is 4"},
            "domain": {"ok": false, "problem": "signed for server-250904162435170.studio.neynar.com, but server-250904162435170 is served from other.example"},
        })
    );
}

#[test]
fn show_reports_a_bad_signature_and_a_missing_association() {
    let env = TestEnv::new();
    let server = server();
    let mut d = deployment(NAME, true);
    d.as_object_mut().unwrap().remove("id");
    server.mock(|when, then| {
        expect(when, GET, GET_PATH, &format!("name={NAME}&fid=3"), None);
        json_reply(then, 200, d);
    });
    // Without an id, the lookup is by name and namespace.
    let held = server.mock(|when, then| {
        expect(
            when,
            GET,
            ASSOC_PATH,
            &format!("name={NAME}&namespace=miniapp-generator-fid-3"),
            None,
        );
        json_reply(then, 200, fixture("custody_fid3_tampered"));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "associate", "--show", NAME]));
    assert_eq!(r.code, 0);
    assert!(
        r.stdout
            .lines()
            .find(|l| l.starts_with("Signature"))
            .unwrap()
            .starts_with("Signature  invalid: signature does not verify: it was signed by 0x"),
        "{}",
        r.stdout
    );
    held.assert();

    let server = crate::common::server();
    server.mock(|when, then| {
        expect(when, GET, GET_PATH, &format!("name={NAME}&fid=3"), None);
        json_reply(then, 200, deployment(NAME, true));
    });
    server.mock(|when, then| {
        when.method(GET).path(ASSOC_PATH);
        json_reply(then, 404, json!({"error": "No account association found"}));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "associate", "--show", NAME]));
    assert_eq!(
        r.transcript(),
        "exit: 4\n--- stdout\n--- stderr\nerror: server-250904162435170 has no account association (HTTP 404: No account association found)\nhint: link one with `neynar-studio deploy associate --file farcaster.json`\n"
    );
}

#[test]
fn an_app_key_signed_here_for_another_payload_is_refused() {
    let env = TestEnv::new();
    let server = server();
    let good =
        neynar_studio::jfs::sign_app_key(&[5; 32], 3, "server-250904162435170.studio.neynar.com");
    let other = neynar_studio::jfs::sign_app_key(&[5; 32], 3, "other.example.com");
    let (_get, post) = mocks(&server, Some(URL), &json!(good));
    let r = run(env.api(&server.base_url()).args([
        "deploy",
        "associate",
        NAME,
        "--header",
        &good.header,
        "--payload",
        &other.payload,
        "--signature",
        &good.signature,
    ]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with(
            "error: invalid association: signature does not verify: it was not made by app key 0x"
        ),
        "{}",
        r.stderr
    );
    let r = run(env.api(&server.base_url()).args([
        "deploy",
        "associate",
        NAME,
        "--header",
        &good.header,
        "--payload",
        &good.payload,
        "--signature",
        &good.signature,
    ]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    post.assert_calls(1);
}
