//! The state file (the current deployment): kept per profile and API URL, its origin told on a
//! 404, updated under a lock, a corrupt one kept aside.

use httpmock::prelude::*;
use serde_json::json;

use crate::common::*;

const CREATE: &str = "/v2/studio/deployment/";
const GET_PATH: &str = "/v2/studio/deployment/by-name-and-fid";

fn created(name: &str) -> serde_json::Value {
    json!({"name": name, "namespace": "miniapp-generator-fid-3", "is_ready": false})
}

#[test]
fn the_current_deployment_follows_the_api_url() {
    let env = TestEnv::new();
    let emulator = server();
    let real = server();
    let post = emulator.mock(|when, then| {
        expect(when, POST, CREATE, "", Some(json!({"fid": FID})));
        json_reply(then, 200, created("server-1"));
    });
    let r = run(env.api(&emulator.base_url()).args(["deploy", "create"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    post.assert();

    // Another API: its own current deployment (none), not the emulator's.
    let r = run(env.api(&real.base_url()).args(["deploy", "get"]));
    assert_eq!(
        r.transcript(),
        format!(
            "exit: 2\n--- stdout\n--- stderr\nerror: no deployment given, and there is no current \
             deployment for profile 'default' at {}\nhint: pass a deployment NAME, or choose one \
             with `neynar-studio deploy use NAME` (see `neynar-studio deploy list`)\n",
            real.base_url()
        )
    );

    // Back on the emulator, it is still there.
    let get = emulator.mock(|when, then| {
        expect(when, GET, GET_PATH, "name=server-1&fid=3", None);
        json_reply(then, 200, deployment("server-1", true));
    });
    let r = run(env.api(&emulator.base_url()).args(["deploy", "use"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nserver-1\n--- stderr\n"
    );
    let r = run(env
        .api(&emulator.base_url())
        .args(["deploy", "get", "--json"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    get.assert();
}

#[test]
fn a_saved_name_the_api_does_not_know_says_where_it_came_from() {
    let env = TestEnv::new();
    let server = server();
    env.set_current_at(&server.base_url(), "server-250904162435170");
    let mock = server.mock(|when, then| {
        expect(
            when,
            GET,
            GET_PATH,
            "name=server-250904162435170&fid=3",
            None,
        );
        json_reply(then, 404, json!({"error": "Deployment not found"}));
    });
    let r = run(env.api(&server.base_url()).args(["deploy", "get"]));
    assert_eq!(
        r.transcript(),
        format!(
            "exit: 4\n--- stdout\n--- stderr\nerror: the current deployment \
             server-250904162435170 (set by deploy use at 2026-11-23 07:50 UTC) was not found \
             at {}\nhint: choose another with `neynar-studio deploy use NAME`, or see \
             `neynar-studio deploy list`\n",
            server.base_url()
        )
    );
    mock.assert();

    // A name that was typed keeps the plain wording.
    let r = run(env
        .api(&server.base_url())
        .args(["deploy", "get", "server-250904162435170"]));
    assert_eq!(r.code, 4);
    assert!(
        r.stderr
            .starts_with("error: no deployment named 'server-250904162435170' for fid 3"),
        "{}",
        r.stderr
    );
}

#[test]
fn concurrent_use_under_two_profiles_loses_no_update() {
    let env = TestEnv::new();
    env.write_config("[profiles.one]\nfid = 3\n\n[profiles.two]\nfid = 3\n");
    let server = server();
    server.mock(|when, then| {
        when.method(GET).path(GET_PATH);
        json_reply(then, 200, deployment("server-1", true));
    });
    let url = server.base_url();
    let rounds = 20;
    std::thread::scope(|s| {
        for profile in ["one", "two"] {
            let env = &env;
            let url = url.clone();
            s.spawn(move || {
                for i in 0..rounds {
                    let r = run(env.api(&url).args([
                        "--profile",
                        profile,
                        "deploy",
                        "use",
                        &format!("server-{profile}-{i}"),
                    ]));
                    assert_eq!(r.code, 0, "{}", r.stderr);
                }
            });
        }
    });
    let text = std::fs::read_to_string(env.state_path()).unwrap();
    let state: serde_json::Value = serde_json::from_str(&text).unwrap();
    for profile in ["one", "two"] {
        let entry = state["apis"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["profile"] == profile)
            .unwrap_or_else(|| panic!("profile {profile} lost: {text}"));
        assert_eq!(entry["current"]["name"], format!("server-{profile}-19"));
        // Every one of the last ten updates is there, in order: none was overwritten.
        let recent: Vec<String> = (10..rounds)
            .rev()
            .map(|i| format!("server-{profile}-{i}"))
            .collect();
        assert_eq!(entry["recent"], json!(recent), "{text}");
    }
}

#[test]
fn a_corrupt_state_file_is_kept_aside_with_a_warning() {
    let env = TestEnv::new();
    let server = server();
    let path = env.state_path();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "{\"version\": 2, \"apis\": [{\"profile\": \"def").unwrap();
    let r = run(env.api(&server.base_url()).args(["deploy", "use"]));
    assert_eq!(r.code, 1);
    let dir = path.parent().unwrap();
    let aside: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("state.json.corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(
        std::fs::read_to_string(dir.join(&aside[0])).unwrap(),
        "{\"version\": 2, \"apis\": [{\"profile\": \"def"
    );
    let warning = format!(
        "warning: the state file {} could not be read (it is not valid JSON: EOF while parsing a \
         string at line 1 column 40); it was moved to {} and a new one started (the current \
         deployment is forgotten: `neynar-studio deploy use NAME`)\n",
        path.display(),
        dir.join(&aside[0]).display()
    );
    assert_eq!(
        r.stderr,
        format!(
            "{warning}error: profile 'default' has no current deployment at {}\nhint: choose \
             one with `neynar-studio deploy use NAME` (see `neynar-studio deploy list`)\n",
            server.base_url()
        )
    );
}

/// As in an arbitrary-UID container: no HOME and no passwd entry, so no state directory.
/// Needs root and util-linux `setpriv` to become such a user; skipped with a note otherwise.
#[test]
fn without_a_home_reading_the_current_fails_clearly_and_create_carries_on() {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let setpriv = std::process::Command::new("setpriv")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !root || !setpriv {
        println!("note: needs root and setpriv to run as a user without a home; skipped");
        return;
    }
    let server = server();
    let post = server.mock(|when, then| {
        expect(when, POST, CREATE, "", Some(json!({"fid": FID})));
        json_reply(then, 200, created("server-1"));
    });
    let homeless = |args: &[&str]| {
        let bin = assert_cmd::cargo::cargo_bin("neynar-studio");
        let mut cmd = assert_cmd::Command::new("setpriv");
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("NO_COLOR", "1")
            .env("NEYNAR_API_URL", server.base_url())
            .env("NEYNAR_API_KEY", KEY)
            .env("NEYNAR_FID", FID.to_string())
            // The config file's own no-HOME handling is not what is tested here.
            .env("NEYNAR_STUDIO_CONFIG", "/nonexistent/config.toml")
            .args(["--reuid=54321", "--regid=54321", "--clear-groups"])
            .arg(bin)
            .args(args)
            .timeout(std::time::Duration::from_secs(60));
        run(&mut cmd)
    };
    let r = homeless(&["deploy", "get"]);
    assert_eq!(
        r.transcript(),
        "exit: 3\n--- stdout\n--- stderr\nerror: no deployment given, and the current one cannot \
         be known: there is no directory for the state file, which remembers the current \
         deployment (HOME is not set)\nhint: pass a deployment NAME, or set HOME (or \
         XDG_STATE_HOME)\n"
    );
    let r = homeless(&["deploy", "create"]);
    post.assert();
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nserver-1\n--- stderr\nwarning: could not remember it as the current \
         deployment: there is no directory for the state file, which remembers the current \
         deployment (HOME is not set)\nCreated server-1 for fid 3.\nIt takes up to a minute to \
         be ready: `neynar-studio deploy wait`.\n"
    );
}
