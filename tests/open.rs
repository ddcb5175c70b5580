//! `deploy open`: the URL always on stdout; a browser only where there is one. No test ever
//! starts a real browser: the environment is cleared (no display), and the launch path runs a
//! fake `$BROWSER` that records its argument.

use httpmock::prelude::*;
use serde_json::json;

use crate::common::*;

const GET_PATH: &str = "/v2/studio/deployment/by-name-and-fid";
const URL: &str = "https://server-1.studio.neynar.com";

fn serve(server: &MockServer, d: serde_json::Value) -> httpmock::Mock<'_> {
    server.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, d);
    })
}

/// A fake browser: writes its arguments to `opened` in HOME and exits with `code`.
fn fake_browser(env: &TestEnv, code: i32) -> String {
    let path = env.home().join("fake-browser");
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"{}/opened\"\nexit {code}\n",
            env.home().display()
        ),
    )
    .unwrap();
    set_mode(&path, 0o755);
    path.display().to_string()
}

#[test]
fn without_a_display_the_url_is_printed_and_nothing_started() {
    let env = TestEnv::new();
    let server = server();
    let get = serve(&server, deployment("server-1", true));
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "open", "server-1"]));
    assert_eq!(
        r.transcript(),
        format!(
            "exit: 0\n--- stdout\n{URL}\n--- stderr\nNot opened in a browser (no display): the \
             URL is above.\n"
        )
    );
    get.assert();
}

#[test]
fn json_prints_the_url_and_starts_nothing() {
    let env = TestEnv::new();
    let server = server();
    serve(&server, deployment("server-1", true));
    let browser = fake_browser(&env, 0);
    let r = run(env
        .api(&server.base_url())
        .env("BROWSER", &browser)
        .args(["deploy", "open", "server-1", "--json"]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(
        r.json(),
        json!({"name": "server-1", "url": URL, "opened": false})
    );
    assert!(!env.home().join("opened").exists());
}

#[test]
fn browser_from_the_environment_gets_the_url() {
    let env = TestEnv::new();
    let server = server();
    serve(&server, deployment("server-1", true));
    let browser = fake_browser(&env, 0);
    let r = run(env
        .api(&server.base_url())
        .env("BROWSER", &browser)
        .args(["deploy", "open", "server-1"]));
    assert_eq!(
        r.transcript(),
        format!(
            "exit: 0\n--- stdout\n{URL}\n--- stderr\nOpened server-1 with {browser} \
             ($BROWSER).\n"
        )
    );
    assert_eq!(
        std::fs::read_to_string(env.home().join("opened")).unwrap(),
        format!("{URL}\n")
    );

    // A browser that fails: the URL is there all the same, and the note says why.
    let failing = fake_browser(&env, 3);
    let r = run(env
        .api(&server.base_url())
        .env("BROWSER", &failing)
        .args(["deploy", "open", "server-1"]));
    assert_eq!(
        r.transcript(),
        format!(
            "exit: 0\n--- stdout\n{URL}\n--- stderr\nNot opened in a browser ($BROWSER program \
             {failing} failed (exit status: 3)): the URL is above.\n"
        )
    );
}

#[test]
fn a_url_that_is_not_http_is_never_handed_to_a_program() {
    let env = TestEnv::new();
    let server = server();
    let mut d = deployment("server-1", true);
    d["url"] = json!("file:///etc/passwd");
    serve(&server, d);
    let browser = fake_browser(&env, 0);
    let r = run(env
        .api(&server.base_url())
        .env("BROWSER", &browser)
        .args(["deploy", "open", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nfile:///etc/passwd\n--- stderr\nwarning: not opening \
         file:///etc/passwd: not an http(s) URL\n"
    );
    assert!(!env.home().join("opened").exists());
}

#[test]
fn no_url_yet_is_a_failure_with_a_hint() {
    let env = TestEnv::new();
    let server = server();
    let mut d = deployment("server-1", false);
    d.as_object_mut().unwrap().remove("url");
    serve(&server, d);
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "open", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 1\n--- stdout\n--- stderr\nerror: the API reports no URL for server-1\nhint: it \
         may not be ready yet: `neynar-studio deploy wait`\n"
    );
}
