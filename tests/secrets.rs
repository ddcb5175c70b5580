//! `secrets list | set | unset` against httpmock: the name resolved to the deployment id, the
//! exact requests, whole outputs, and secret values in no output (the server echoing them back
//! included) and never in argv.

use httpmock::prelude::*;
use serde_json::{Value, json};

use crate::common::*;

pub const GET_PATH: &str = "/v2/studio/deployment/by-name-and-fid";
const SECRETS_PATH: &str = "/v2/studio/deployment/secrets/";
pub const ID: &str = "0b7e9c1e-1c4f-4d0c-9a57-2f6d1f3b8e21";
const VALUE: &str = "tok-live-9f8e7d6c5b4a3210zz";
const VALUE2: &str = "pg-pass-Aq7Wc2Lm9Xr4Tn6";

/// The mock that resolves `server-1` to [`ID`].
pub fn resolves(server: &MockServer) -> httpmock::Mock<'_> {
    server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, deployment("server-1", true));
    })
}

fn listed() -> Value {
    json!({"success": true, "secrets": [
        {"id": "sec-2", "key": "OPENAI_API_KEY", "type": "user", "preview": "sk-p…x9Qa", "value": VALUE},
        {"id": "sec-1", "key": "NEYNAR_API_KEY", "type": "system", "preview": "NEYN…B1C2"},
    ]})
}

fn no_value(r: &Run, values: &[&str]) {
    for v in values {
        assert!(
            !r.stdout.contains(v),
            "a value on stdout:\n{}",
            r.transcript()
        );
        assert!(
            !r.stderr.contains(v),
            "a value on stderr:\n{}",
            r.transcript()
        );
    }
}

#[test]
fn list_shows_previews_never_values() {
    let env = TestEnv::new();
    let server = server();
    let get = resolves(&server);
    let list = server.mock(|when, then| {
        expect(
            when,
            GET,
            SECRETS_PATH,
            &format!("deployment_id={ID}"),
            None,
        );
        json_reply(then, 200, listed());
    });
    let r = run(env
        .api(&server.base_url())
        .args(["secrets", "list", "-d", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\n\
KEY             TYPE    PREVIEW\n\
NEYNAR_API_KEY  system  NEYN…B1C2\n\
OPENAI_API_KEY  user    sk-p…x9Qa\n\
--- stderr\n"
    );
    no_value(&r, &[VALUE]);
    let r = run(env
        .api(&server.base_url())
        .args(["secrets", "ls", "-d", "server-1", "--json"]));
    assert_eq!(
        r.json(),
        json!([
            {"id": "sec-1", "key": "NEYNAR_API_KEY", "type": "system", "preview": "NEYN…B1C2"},
            {"id": "sec-2", "key": "OPENAI_API_KEY", "type": "user", "preview": "sk-p…x9Qa"},
        ])
    );
    no_value(&r, &[VALUE]);
    get.assert_calls(2);
    list.assert_calls(2);
}

#[test]
fn list_by_id_needs_no_lookup() {
    let env = TestEnv::new();
    let server = server();
    let list = server.mock(|when, then| {
        expect(
            when,
            GET,
            SECRETS_PATH,
            &format!("deployment_id={ID}"),
            None,
        );
        json_reply(then, 200, json!({"success": true, "secrets": []}));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["secrets", "list", "--deployment", ID]));
    assert_eq!(
        r.transcript(),
        format!(
            "exit: 0\n--- stdout\n--- stderr\nid {ID} has no secrets yet. Set one with `neynar-studio secrets set KEY`.\n"
        )
    );
    list.assert_calls(1);
}

#[test]
fn set_reads_values_from_stdin_and_masks_their_echo() {
    let env = TestEnv::new();
    let server = server();
    let get = resolves(&server);
    let upsert = server.mock(|when, then| {
        expect(
            when,
            POST,
            SECRETS_PATH,
            "",
            Some(json!({"deployment_id": ID, "secrets": [
                {"key": "API_TOKEN", "value": VALUE},
                {"key": "DB_PASSWORD", "value": VALUE2},
            ]})),
        );
        // A server that echoes the values back.
        json_reply(
            then,
            200,
            json!({"success": true, "echo": format!("{VALUE} {VALUE2}")}),
        );
    });
    let args = [
        "secrets",
        "set",
        "API_TOKEN",
        "DB_PASSWORD",
        "-d",
        "server-1",
    ];
    for a in args {
        assert!(!a.contains(VALUE) && !a.contains(VALUE2));
    }
    let r = run(env
        .api(&server.base_url())
        .args(args)
        .write_stdin(format!("{VALUE}\n{VALUE2}\n")));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nSet API_TOKEN and DB_PASSWORD on server-1.\n--- stderr\n\
the app sees new values after its dev server restarts (`neynar-studio deploy start`)\n"
    );
    let r = run(env
        .api(&server.base_url())
        .args(args)
        .arg("--json")
        .write_stdin(format!("{VALUE}\n{VALUE2}\n")));
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(r.json(), json!({"success": true, "echo": "**** ****"}));
    no_value(&r, &[VALUE, VALUE2]);
    get.assert_calls(2);
    upsert.assert_calls(2);
}

#[test]
fn an_error_quoting_the_value_is_masked() {
    let env = TestEnv::new();
    let server = server();
    let _get = resolves(&server);
    let upsert = server.mock(|when, then| {
        expect(when, POST, SECRETS_PATH, "", None);
        json_reply(
            then,
            400,
            json!({"message": format!("invalid value '{VALUE}'"), "code": "InvalidField"}),
        );
    });
    let r = run(env
        .api(&server.base_url())
        .args(["secrets", "set", "API_TOKEN", "-d", "server-1"])
        .write_stdin(format!("{VALUE}\n")));
    assert_eq!(r.code, 6, "{}", r.transcript());
    assert!(r.stderr.contains("invalid value '****'"), "{}", r.stderr);
    no_value(&r, &[VALUE]);
    upsert.assert_calls(1);
}

#[test]
fn set_from_an_env_file() {
    let env = TestEnv::new();
    let server = server();
    let _get = resolves(&server);
    let path = env.home().join(".env.production");
    std::fs::write(
        &path,
        format!("# the app's keys\nexport API_TOKEN={VALUE}\nDB_PASSWORD=\"{VALUE2}\"\n"),
    )
    .unwrap();
    let upsert = server.mock(|when, then| {
        expect(
            when,
            POST,
            SECRETS_PATH,
            "",
            Some(json!({"deployment_id": ID, "secrets": [
                {"key": "API_TOKEN", "value": VALUE},
                {"key": "DB_PASSWORD", "value": VALUE2},
            ]})),
        );
        json_reply(then, 200, json!({"success": true}));
    });
    let r = run(env.api(&server.base_url()).args([
        "secrets",
        "set",
        "--env-file",
        ".env.production",
        "-d",
        "server-1",
        "-q",
    ]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nSet API_TOKEN and DB_PASSWORD on server-1.\n--- stderr\n"
    );
    upsert.assert_calls(1);
}

#[test]
fn values_never_come_from_argv() {
    let env = TestEnv::new();
    let server = server();
    let any = server.mock(|when, then| {
        when.any_request();
        then.status(500);
    });
    let r =
        run(env
            .api(&server.base_url())
            .args(["secrets", "set", &format!("API_TOKEN={VALUE}")]));
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(
        r.stderr
            .contains("'API_TOKEN=…' puts the value on the command line"),
        "{}",
        r.stderr
    );
    no_value(&r, &[VALUE]);
    // No stdin line: refused, nothing sent.
    let r = run(env
        .api(&server.base_url())
        .args(["secrets", "set", "API_TOKEN", "-d", "server-1"])
        .write_stdin(""));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\n\
error: no value for API_TOKEN on stdin (one line per KEY, in order)\n\
hint: pipe the value in, e.g. `printf '%s\\n' \"$VALUE\" | neynar-studio secrets set API_TOKEN`, or use --env-file\n"
    );
    any.assert_calls(0);
}

#[test]
fn unset_maps_keys_to_ids_and_needs_yes() {
    let env = TestEnv::new();
    let server = server();
    let get = resolves(&server);
    let list = server.mock(|when, then| {
        expect(
            when,
            GET,
            SECRETS_PATH,
            &format!("deployment_id={ID}"),
            None,
        );
        json_reply(then, 200, listed());
    });
    let delete = server.mock(|when, then| {
        expect(
            when,
            DELETE,
            SECRETS_PATH,
            "",
            Some(json!({"deployment_id": ID, "ids": ["sec-2"]})),
        );
        json_reply(then, 200, json!({"success": true}));
    });
    // No terminal, no --yes: refused before anything is sent.
    let r = run(env.api(&server.base_url()).args([
        "secrets",
        "unset",
        "OPENAI_API_KEY",
        "-d",
        "server-1",
    ]));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\n\
error: refusing to remove OPENAI_API_KEY without confirmation\n\
hint: pass --yes to confirm (there is no terminal to ask on)\n"
    );
    get.assert_calls(0);
    let r = run(env.api(&server.base_url()).args([
        "secrets",
        "unset",
        "OPENAI_API_KEY",
        "-d",
        "server-1",
        "--yes",
    ]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nRemoved OPENAI_API_KEY from server-1.\n--- stderr\n"
    );
    no_value(&r, &[VALUE]);
    delete.assert_calls(1);
    // A key that is not there: nothing removed.
    let r = run(env.api(&server.base_url()).args([
        "secrets",
        "unset",
        "OPENAI_API_KEY",
        "NOPE",
        "-d",
        "server-1",
        "-y",
    ]));
    assert_eq!(
        r.transcript(),
        "exit: 4\n--- stdout\n--- stderr\n\
error: server-1 has no secret NOPE\n\
hint: see the secrets with `neynar-studio secrets list`; nothing was removed\n"
    );
    delete.assert_calls(1);
    list.assert_calls(2);
}

#[test]
fn system_secrets_need_force() {
    let env = TestEnv::new();
    let server = server();
    let _get = resolves(&server);
    let _list = server.mock(|when, then| {
        expect(
            when,
            GET,
            SECRETS_PATH,
            &format!("deployment_id={ID}"),
            None,
        );
        json_reply(then, 200, listed());
    });
    let delete = server.mock(|when, then| {
        expect(
            when,
            DELETE,
            SECRETS_PATH,
            "",
            Some(json!({"deployment_id": ID, "ids": ["sec-1"]})),
        );
        json_reply(then, 200, json!({"success": true}));
    });
    let r = run(env.api(&server.base_url()).args([
        "secrets",
        "unset",
        "NEYNAR_API_KEY",
        "-d",
        "server-1",
        "--yes",
    ]));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\n\
error: NEYNAR_API_KEY is managed by Studio (a system secret); refusing to remove it\n\
hint: pass --force to remove it anyway; the app may stop working\n"
    );
    delete.assert_calls(0);
    let r = run(env.api(&server.base_url()).args([
        "secrets",
        "unset",
        "NEYNAR_API_KEY",
        "-d",
        "server-1",
        "--yes",
        "--force",
    ]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nRemoved NEYNAR_API_KEY from server-1.\n--- stderr\n"
    );
    delete.assert_calls(1);
}

#[test]
fn unset_asks_on_a_terminal() {
    let env = TestEnv::new();
    let server = server();
    let _get = resolves(&server);
    let _list = server.mock(|when, then| {
        expect(
            when,
            GET,
            SECRETS_PATH,
            &format!("deployment_id={ID}"),
            None,
        );
        json_reply(then, 200, listed());
    });
    let delete = server.mock(|when, then| {
        expect(when, DELETE, SECRETS_PATH, "", None);
        json_reply(then, 200, json!({"success": true}));
    });
    let r = env.on_terminal(
        &server.base_url(),
        "secrets unset OPENAI_API_KEY -d server-1",
        "n\n",
    );
    let screen = r.stdout.replace('\r', "");
    assert_eq!(r.code, 2, "{screen}");
    assert!(
        screen.contains("Remove OPENAI_API_KEY from server-1? [y/N] "),
        "{screen}"
    );
    assert!(
        screen.ends_with("error: not confirmed; no secret was removed\n"),
        "{screen}"
    );
    delete.assert_calls(0);
    let r = env.on_terminal(
        &server.base_url(),
        "secrets unset OPENAI_API_KEY -d server-1",
        "y\n",
    );
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stdout
            .replace('\r', "")
            .ends_with("Removed OPENAI_API_KEY from server-1.\n"),
        "{}",
        r.stdout
    );
    delete.assert_calls(1);
}

#[test]
fn set_asks_hidden_on_a_terminal() {
    let env = TestEnv::new();
    let server = server();
    let _get = resolves(&server);
    let upsert = server.mock(|when, then| {
        expect(
            when,
            POST,
            SECRETS_PATH,
            "",
            Some(json!({"deployment_id": ID, "secrets": [{"key": "API_TOKEN", "value": VALUE}]})),
        );
        json_reply(then, 200, json!({"success": true, "echo": VALUE}));
    });
    let bin = assert_cmd::cargo::cargo_bin("neynar-studio");
    let mut term = crate::common::terminal::Terminal::start(
        &env,
        &server.base_url(),
        &format!(
            "{} secrets set API_TOKEN -d server-1 --json --color never",
            bin.display()
        ),
    );
    term.wait_for("Value for API_TOKEN (hidden): ");
    // Input typed ahead of the hidden prompt is discarded by the terminal: wait a little.
    std::thread::sleep(std::time::Duration::from_millis(300));
    term.type_text(&format!("{VALUE}\n"));
    let (code, screen) = term.finish();
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("\"echo\": \"****\""), "{screen}");
    assert!(!screen.contains(VALUE), "{screen}");
    upsert.assert_calls(1);
}

#[test]
fn deploy_create_reads_an_env_file() {
    let env = TestEnv::new();
    let server = server();
    std::fs::write(
        env.home().join(".env"),
        format!("API_TOKEN={VALUE}\nDEBUG=1\n"),
    )
    .unwrap();
    let create = server.mock(|when, then| {
        expect(
            when,
            POST,
            "/v2/studio/deployment/",
            "",
            Some(json!({"fid": 3, "env": {"API_TOKEN": VALUE, "DEBUG": "1", "THEME": "dark"}})),
        );
        json_reply(
            then,
            200,
            json!({"name": "server-1", "echo": VALUE, "is_ready": false}),
        );
    });
    let r = run(env.api(&server.base_url()).args([
        "deploy",
        "create",
        "--env-file",
        ".env",
        "--env",
        "THEME=dark",
        "--json",
    ]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    no_value(&r, &[VALUE]);
    assert!(r.stdout.contains("\"echo\": \"****\""), "{}", r.stdout);
    create.assert_calls(1);
    // The same key in both: refused.
    let r = run(env.api(&server.base_url()).args([
        "deploy",
        "create",
        "--env-file",
        ".env",
        "--env",
        "DEBUG=0",
    ]));
    assert_eq!(r.code, 2, "{}", r.transcript());
    create.assert_calls(1);
}
