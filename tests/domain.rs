//! `domain check` and `domain set`: the spec's subdomain rule checked before sending (exit 2,
//! the rule in the message), availability as the exit code, `set` resolving the name to the
//! id, confirming, showing the previous domain, and sent once.

use httpmock::prelude::*;
use serde_json::json;

use crate::common::*;

const CHECK_PATH: &str = "/v2/studio/vercel/domain/check";
const SET_PATH: &str = "/v2/studio/vercel/domain";
const GET_PATH: &str = "/v2/studio/deployment/by-name-and-fid";
const ID: &str = "0b7e9c1e-1c4f-4d0c-9a57-2f6d1f3b8e21";

#[test]
fn check_available_and_taken() {
    let env = TestEnv::new();
    let server = server();
    let free = server.mock(|when, then| {
        expect(when, GET, CHECK_PATH, "fid=3&subdomain=my-counter", None);
        json_reply(
            then,
            200,
            json!({"available": true, "domain": "my-counter.neynar.app"}),
        );
    });
    let taken = server.mock(|when, then| {
        expect(when, GET, CHECK_PATH, "fid=3&subdomain=www", None);
        json_reply(
            then,
            200,
            json!({"available": false, "domain": "www.neynar.app", "reason": "reserved"}),
        );
    });
    let r = run(env
        .api(&server.base_url())
        .args(["domain", "check", "my-counter"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nmy-counter.neynar.app is available\n--- stderr\n"
    );
    let r = run(env
        .api(&server.base_url())
        .args(["domain", "check", "www.neynar.app"]));
    assert_eq!(
        r.transcript(),
        "exit: 1\n--- stdout\n--- stderr\nerror: www.neynar.app is not available (reserved)\nhint: try another name with `neynar-studio domain check`\n"
    );
    let r = run(env
        .api(&server.base_url())
        .args(["domain", "check", "www", "--json"]));
    assert_eq!(r.code, 1);
    assert_eq!(
        r.json(),
        json!({"available": false, "domain": "www.neynar.app", "reason": "reserved"})
    );
    free.assert_calls(1);
    taken.assert_calls(2);
}

#[test]
fn the_rule_is_checked_before_sending() {
    let env = TestEnv::new();
    let server = server();
    let any = server.mock(|when, then| {
        when.path_includes("/v2/studio/");
        json_reply(then, 200, json!({}));
    });
    for bad in ["ab", "-abc", "abc-", "My-App", "a_b_c", &"a".repeat(64)] {
        for verb in ["check", "set"] {
            let mut args = vec!["domain", verb];
            if verb == "set" {
                args.extend(["--yes", "-d", "server-1"]);
            }
            args.extend(["--", bad]);
            let r = run(env.api(&server.base_url()).args(&args));
            assert_eq!(r.code, 2, "{bad}: {}", r.transcript());
            assert!(
                r.stderr.contains(&format!(
                    "'{bad}' is not a valid subdomain: it must be 3-63 characters of lowercase letters, digits and '-', not starting or ending with '-' (^[a-z0-9]([a-z0-9-]*[a-z0-9])?$)"
                )),
                "{}",
                r.stderr
            );
        }
    }
    any.assert_calls(0);
}

#[test]
fn set_needs_yes_without_a_terminal() {
    let env = TestEnv::new();
    let server = server();
    let any = server.mock(|when, then| {
        when.path_includes("/v2/studio/");
        json_reply(then, 200, json!({}));
    });
    let r =
        run(env
            .api(&server.base_url())
            .args(["domain", "set", "my-counter", "-d", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: refusing to replace the production domain of server-1 without confirmation\nhint: pass --yes to confirm (there is no terminal to ask on)\n"
    );
    any.assert_calls(0);
}

#[test]
fn set_resolves_the_name_sends_once_and_shows_the_previous_domain() {
    let env = TestEnv::new();
    let server = server();
    let get = server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, deployment("server-1", true));
    });
    let set = server.mock(|when, then| {
        expect(
            when,
            PUT,
            SET_PATH,
            "fid=3",
            Some(json!({"deployment_id": ID, "subdomain": "my-counter"})),
        );
        json_reply(
            then,
            200,
            json!({"success": true, "domain": "my-counter.neynar.app", "previous_domain": "server-1.neynar.app"}),
        );
    });
    let r = run(env.api(&server.base_url()).args([
        "domain",
        "set",
        "my-counter",
        "-d",
        "server-1",
        "--yes",
    ]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nserver-1 is now at https://my-counter.neynar.app\n(was server-1.neynar.app)\n--- stderr\n"
    );
    get.assert_calls(1);
    set.assert_calls(1);
}

#[test]
fn set_conflict_is_rejected_and_never_retried() {
    for (status, code) in [(409, 6), (500, 1), (403, 3)] {
        let env = TestEnv::new();
        let server = server();
        server.mock(|when, then| {
            expect(
                when,
                GET,
                GET_PATH,
                &format!("deployment_id={ID}&fid=3"),
                None,
            );
            json_reply(then, 200, deployment("server-1", true));
        });
        let set = server.mock(|when, then| {
            expect(
                when,
                PUT,
                SET_PATH,
                "fid=3",
                Some(json!({"deployment_id": ID, "subdomain": "taken-name"})),
            );
            json_reply(
                then,
                status,
                json!({"success": false, "error": "Domain already in use"}),
            );
        });
        let r = run(env.api(&server.base_url()).args([
            "domain",
            "set",
            "taken-name",
            "-d",
            ID,
            "--yes",
        ]));
        assert_eq!(r.code, code, "{status}: {}", r.transcript());
        if status == 409 {
            assert_eq!(
                r.transcript(),
                "exit: 6\n--- stdout\n--- stderr\nerror: Domain already in use (HTTP 409 Conflict)\nhint: the domain is taken: find a free one with `neynar-studio domain check`\n"
            );
        }
        set.assert_calls(1);
    }
}

#[test]
fn set_asks_on_a_terminal_naming_the_current_domain() {
    let env = TestEnv::new();
    let server = server();
    let mut d = deployment("server-1", true);
    d["production_app_status"] = json!({
        "project_id": "prj_1",
        "deployment_url": "https://server-1.neynar.app",
        "deployment_state": "READY",
        "created_at": 1
    });
    server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, d.clone());
    });
    let set = server.mock(|when, then| {
        expect(
            when,
            PUT,
            SET_PATH,
            "fid=3",
            Some(json!({"deployment_id": ID, "subdomain": "my-counter"})),
        );
        json_reply(
            then,
            200,
            json!({"success": true, "domain": "my-counter.neynar.app"}),
        );
    });
    let r = env.on_terminal(
        &server.base_url(),
        "domain set my-counter -d server-1",
        "n\n",
    );
    assert_eq!(r.code, 2, "{}", r.transcript());
    let shown = r.stdout.replace("\r\n", "\n");
    assert!(
        shown.contains(
            "Give server-1 the domain my-counter.neynar.app? It replaces server-1.neynar.app. [y/N] "
        ),
        "{shown}"
    );
    assert!(
        shown.contains("error: not confirmed; the domain was not changed"),
        "{shown}"
    );
    set.assert_calls(0);
    let r = env.on_terminal(
        &server.base_url(),
        "domain set my-counter -d server-1",
        "y\n",
    );
    assert_eq!(r.code, 0, "{}", r.transcript());
    let shown = r.stdout.replace("\r\n", "\n");
    assert!(
        shown.contains(
            "server-1 is now at https://my-counter.neynar.app\n(was server-1.neynar.app)\n"
        ),
        "{shown}"
    );
    set.assert_calls(1);
}
