//! Completions: the committed scripts must match what the CLI generates (regenerate with
//! `scripts/completions.sh`), and the real shells complete with them, at every depth, flag
//! values and deployment names.

use httpmock::prelude::*;
use serde_json::json;

use crate::common::*;

const SCRIPTS: &[(&str, &str)] = &[
    ("bash", "completions/neynar-studio.bash"),
    ("zsh", "completions/_neynar-studio"),
    ("fish", "completions/neynar-studio.fish"),
    ("powershell", "completions/_neynar-studio.ps1"),
    ("elvish", "completions/neynar-studio.elv"),
];

#[test]
fn committed_completions_match_the_cli() {
    let env = TestEnv::new();
    for (shell, path) in SCRIPTS {
        let r = run(env.cmd().args(["completions", shell]));
        assert_eq!(r.code, 0);
        assert!(r.stdout.contains("neynar-studio"), "{shell}");
        let committed =
            std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
                .unwrap_or_else(|_| panic!("{path} is missing: run scripts/completions.sh"));
        assert!(
            committed == r.stdout,
            "{path} is out of date with the CLI: run scripts/completions.sh and commit the result"
        );
    }
}

#[test]
fn unknown_shells_are_a_usage_error() {
    let env = TestEnv::new();
    let r = run(env.cmd().args(["completions", "tcsh"]));
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr
            .starts_with("error: invalid value 'tcsh' for '<SHELL>'"),
        "{}",
        r.stderr
    );
}

// ----- the real shells, on the committed scripts -----

/// A shell on the committed script, with the binary on PATH and the test's clean environment
/// (plus `extra`). `None`, with a note printed, when the shell is not installed.
fn shell(env: &TestEnv, program: &str, script: &str, extra: &[(&str, &str)]) -> Option<Run> {
    let found = std::process::Command::new(program)
        .arg("-c")
        .arg("exit 0")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        println!("note: {program} is not installed; its completion test is skipped");
        return None;
    }
    let bin = assert_cmd::cargo::cargo_bin("neynar-studio");
    let dir = bin.parent().unwrap();
    let path = format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = assert_cmd::Command::new(program);
    cmd.env_clear()
        .env("HOME", env.home())
        .env("XDG_CONFIG_HOME", env.home().join(".config"))
        .env("XDG_STATE_HOME", env.home().join(".local/state"))
        .env("XDG_DATA_HOME", env.home().join(".local/share"))
        .env("PATH", path)
        .current_dir(env.home())
        .timeout(std::time::Duration::from_secs(60));
    for (k, v) in extra {
        cmd.env(k, v);
    }
    match program {
        "bash" => cmd.args(["--norc", "--noprofile", "-c", script]),
        "zsh" => cmd.args(["-f", "-c", script]),
        _ => cmd.args(["--no-config", "-c", script]),
    };
    Some(run(&mut cmd))
}

fn repo_file(path: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(path)
        .display()
        .to_string()
}

/// Completes each line (the words so far, the last one being completed) in bash, through the
/// registered function with COMP_WORDS and COMP_CWORD as bash sets them; one output line each.
fn bash_complete(env: &TestEnv, lines: &[&[&str]], extra: &[(&str, &str)]) -> Option<Run> {
    let mut script = format!(
        "source {}\ncomplete -p neynar-studio >/dev/null || exit 9\n\
         comp() {{ COMP_WORDS=(\"$@\"); COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 )); \
         COMP_LINE=\"$*\"; COMP_POINT=${{#COMP_LINE}}; COMP_TYPE=9; \
         _clap_complete_neynar_studio neynar-studio \"${{COMP_WORDS[COMP_CWORD]}}\" \
         \"${{COMP_WORDS[COMP_CWORD-1]}}\"; printf '%s\\n' \"${{COMPREPLY[*]}}\"; }}\n",
        repo_file("completions/neynar-studio.bash")
    );
    for words in lines {
        script.push_str("comp");
        for w in *words {
            script.push_str(&format!(" '{w}'"));
        }
        script.push('\n');
    }
    shell(env, "bash", &script, extra)
}

/// The same in zsh: the registered function with `words` and `CURRENT` as zsh's completion
/// system sets them, and `_describe` replaced by one that prints the offered values.
fn zsh_complete(env: &TestEnv, lines: &[&[&str]]) -> Option<Run> {
    let mut script = format!(
        "compdef() {{ [[ $2 == neynar-studio ]] || exit 9; }}\n\
         _describe() {{ print -rl -- \"${{(@P)${{@[-1]}}}}\"; }}\n\
         source {}\n\
         comp() {{ words=(\"$@\"); CURRENT=${{#words}}; \
         print -r -- \"$(_clap_dynamic_completer_neynar_studio | cut -d: -f1 | tr '\\n' ' ')\"; }}\n",
        repo_file("completions/_neynar-studio")
    );
    for words in lines {
        script.push_str("comp");
        for w in *words {
            script.push_str(&format!(" '{w}'"));
        }
        script.push('\n');
    }
    shell(env, "zsh", &script, &[])
}

/// The same in fish, with its own `complete --do-complete`.
fn fish_complete(env: &TestEnv, lines: &[&str]) -> Option<Run> {
    let mut script = format!("source {}\n", repo_file("completions/neynar-studio.fish"));
    for line in lines {
        script.push_str(&format!(
            "echo (complete --do-complete '{line}' | string replace -r '\\t.*' '')\n"
        ));
    }
    shell(env, "fish", &script, &[])
}

/// Depth 1, 2 and 3, and flag values: what every shell must offer.
const EXPECTED: &str = "\
deploy
prompt
show set
--action
code-create code-edit debug info logs
auto always never
--json
";

#[test]
fn bash_completes_at_every_depth_and_flag_values() {
    let env = TestEnv::new();
    let lines: &[&[&str]] = &[
        &["neynar-studio", "dep"],
        &["neynar-studio", "deploy", "pro"],
        &["neynar-studio", "config", "s"],
        &["neynar-studio", "deploy", "prompt", "--ac"],
        &["neynar-studio", "deploy", "prompt", "--action", ""],
        &["neynar-studio", "deploy", "get", "--color", ""],
        &["neynar-studio", "deploy", "get", "--js"],
    ];
    let Some(r) = bash_complete(&env, lines, &[]) else {
        return;
    };
    assert_eq!(
        r.transcript(),
        format!("exit: 0\n--- stdout\n{EXPECTED}--- stderr\n")
    );
}

#[test]
fn zsh_completes_at_every_depth_and_flag_values() {
    let env = TestEnv::new();
    let lines: &[&[&str]] = &[
        &["neynar-studio", "dep"],
        &["neynar-studio", "deploy", "pro"],
        &["neynar-studio", "config", "s"],
        &["neynar-studio", "deploy", "prompt", "--ac"],
        &["neynar-studio", "deploy", "prompt", "--action", ""],
        &["neynar-studio", "deploy", "get", "--color", ""],
        &["neynar-studio", "deploy", "get", "--js"],
    ];
    let Some(r) = zsh_complete(&env, lines) else {
        return;
    };
    let expected: String = EXPECTED.lines().map(|l| format!("{l} \n")).collect();
    assert_eq!(
        r.transcript(),
        format!("exit: 0\n--- stdout\n{expected}--- stderr\n")
    );
}

#[test]
fn fish_completes_at_every_depth_and_flag_values() {
    let env = TestEnv::new();
    let lines = [
        "neynar-studio dep",
        "neynar-studio deploy pro",
        "neynar-studio config s",
        "neynar-studio deploy prompt --ac",
        "neynar-studio deploy prompt --action ",
        "neynar-studio deploy get --color ",
        "neynar-studio deploy get --js",
    ];
    let Some(r) = fish_complete(&env, &lines) else {
        return;
    };
    assert_eq!(
        r.transcript(),
        format!("exit: 0\n--- stdout\n{EXPECTED}--- stderr\n")
    );
}

/// The state file's names (current first, then recent) for this profile and API URL.
fn write_state(env: &TestEnv, api_url: &str) {
    let path = env.state_path();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let state = json!({
        "version": 2,
        "apis": [
            {"profile": "default", "api_url": api_url,
             "current": {"name": "server-b", "set_by": "deploy use", "at": 1},
             "recent": ["server-b", "server-a"]},
            {"profile": "default", "api_url": "https://api.neynar.com",
             "recent": ["server-elsewhere"]},
        ],
    });
    std::fs::write(&path, state.to_string()).unwrap();
}

#[test]
fn deployment_names_come_from_the_state_file_then_the_api() {
    let env = TestEnv::new();
    let server = server();
    write_state(&env, &server.base_url());
    let list = server.mock(|when, then| {
        expect(when, GET, "/v2/studio/deployment/", "fid=3&limit=50", None);
        json_reply(
            then,
            200,
            json!([deployment("server-a", true), deployment("server-c", true)]),
        );
    });
    let url = server.base_url();
    let api = [
        ("NEYNAR_API_URL", url.as_str()),
        ("NEYNAR_API_KEY", KEY),
        ("NEYNAR_FID", "3"),
    ];
    let lines: &[&[&str]] = &[
        &["neynar-studio", "deploy", "get", ""],
        &["neynar-studio", "deploy", "use", "server-c"],
        &["neynar-studio", "deploy", "prompt", "server-"],
    ];
    let Some(r) = bash_complete(&env, lines, &api) else {
        return;
    };
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nserver-b server-a server-c --id --namespace --help --version\nserver-c\nserver-b server-a server-c\n--- stderr\n"
    );
    list.assert_calls(3);
}

#[test]
fn profile_names_come_from_the_config_file() {
    let env = TestEnv::new();
    env.write_config("[profiles.staging]\nfid = 3\n\n[profiles.prod]\nfid = 4\n");
    let lines: &[&[&str]] = &[
        &["neynar-studio", "--profile", ""],
        &["neynar-studio", "deploy", "get", "--profile", "st"],
    ];
    let Some(r) = bash_complete(&env, lines, &[]) else {
        return;
    };
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\ndefault prod staging\nstaging\n--- stderr\n"
    );
}

#[test]
fn deployment_names_without_an_api_or_with_a_failing_one_are_the_state_files_silently() {
    let env = TestEnv::new();
    let server = server();
    write_state(&env, &server.base_url());
    let url = server.base_url();
    // No key: the API is not asked.
    let lines: &[&[&str]] = &[&["neynar-studio", "deploy", "get", ""]];
    let Some(r) = bash_complete(&env, lines, &[("NEYNAR_API_URL", url.as_str())]) else {
        return;
    };
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nserver-b server-a --id --namespace --help --version\n--- stderr\n"
    );
    // A failing API: nothing printed about it.
    let failing = server.mock(|when, then| {
        when.method(GET).path("/v2/studio/deployment/");
        then.status(401).body("{\"error\": \"bad key\"}");
    });
    let api = [
        ("NEYNAR_API_URL", url.as_str()),
        ("NEYNAR_API_KEY", KEY),
        ("NEYNAR_FID", "3"),
    ];
    let r = bash_complete(&env, lines, &api).unwrap();
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nserver-b server-a --id --namespace --help --version\n--- stderr\n"
    );
    failing.assert_calls(1);
    // An API that is not there at all.
    let closed = format!("http://127.0.0.1:{}", closed_port());
    write_state(&env, &closed);
    let api = [
        ("NEYNAR_API_URL", closed.as_str()),
        ("NEYNAR_API_KEY", KEY),
        ("NEYNAR_FID", "3"),
    ];
    let started = std::time::Instant::now();
    let r = bash_complete(&env, lines, &api).unwrap();
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nserver-b server-a --id --namespace --help --version\n--- stderr\n"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}
