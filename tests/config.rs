//! `config init | show | path | set | unset`, precedence and profiles, the file's permissions.

use crate::common::*;
use crate::snap;

#[test]
fn init_reads_the_key_from_stdin_and_writes_0600_in_a_0700_dir() {
    let env = TestEnv::new();
    let r = run(env
        .cmd()
        .args(["config", "init", "--fid", "1568"])
        .write_stdin(format!("{KEY}\n")));
    assert_eq!(
        r.transcript(),
        format!(
            "exit: 0\n--- stdout\nSaved the API key (****2d1c) and fid 1568 to {}.\n--- stderr\n",
            env.config_path().display()
        )
    );
    let text = std::fs::read_to_string(env.config_path()).unwrap();
    assert_eq!(text, format!("api_key = \"{KEY}\"\nfid = 1568\n"));
    assert_eq!(mode(&env.config_path()), 0o600);
    assert_eq!(mode(env.config_path().parent().unwrap()), 0o700);
    // No temp file is left behind.
    let entries: Vec<_> = std::fs::read_dir(env.config_path().parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries, ["config.toml"]);
}

#[test]
fn init_into_a_profile_keeps_the_rest_of_the_file() {
    let env = TestEnv::new();
    env.write_config("# mine\napi_key = \"top-level-key-1\"\nfid = 1\n");
    let r = run(env
        .cmd()
        .args(["--profile", "staging", "config", "init", "--fid", "42"])
        .args(["--api-url", "http://127.0.0.1:8787"])
        .write_stdin(format!("{KEY}\n")));
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(
        r.stdout,
        format!(
            "Saved the API key (****2d1c) and fid 42 to {} [profiles.staging].\n",
            env.config_path().display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(env.config_path()).unwrap(),
        format!(
            "# mine\napi_key = \"top-level-key-1\"\nfid = 1\n\n[profiles.staging]\napi_key = \"{KEY}\"\nfid = 42\napi_url = \"http://127.0.0.1:8787\"\n"
        )
    );
}

#[test]
fn init_without_a_key_exits_2_and_writes_nothing() {
    let env = TestEnv::new();
    let r = run(env
        .cmd()
        .args(["config", "init", "--fid", "3"])
        .write_stdin(""));
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "error: no API key given\nhint: type it when asked, or pipe it: printf '%s\\n' \"$KEY\" | neynar-studio config init\n"
    );
    assert!(!env.config_path().exists());
}

#[test]
fn init_without_fid_off_a_terminal_says_how_to_add_it() {
    let env = TestEnv::new();
    let r = run(env
        .cmd()
        .args(["config", "init"])
        .write_stdin(format!("{KEY}\n")));
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stderr,
        "No FID saved: add it with `neynar-studio config set fid N`, or set NEYNAR_FID.\n"
    );
    assert_eq!(
        std::fs::read_to_string(env.config_path()).unwrap(),
        format!("api_key = \"{KEY}\"\n")
    );
}

#[test]
fn init_refuses_to_overwrite_a_file_it_cannot_read() {
    let env = TestEnv::new();
    env.write_config("fid = [\n");
    let r = run(env
        .cmd()
        .args(["config", "init", "--fid", "3"])
        .write_stdin(format!("{KEY}\n")));
    assert_eq!(r.code, 3);
    assert_eq!(
        std::fs::read_to_string(env.config_path()).unwrap(),
        "fid = [\n"
    );
}

#[test]
fn malformed_toml_exits_3_naming_the_file_and_line() {
    let env = TestEnv::new();
    env.write_config("fid = 3\napi_key = \"unterminated\n");
    let r = run(env.cmd().args(["deploy", "list"]));
    snap!(&env, "malformed_toml", r);
}

#[test]
fn a_mistyped_key_names_the_line_too() {
    let env = TestEnv::new();
    env.write_config("api-key = \"x\"\n");
    let r = run(env.cmd().args(["config", "show"]));
    snap!(&env, "unknown_key", r);
}

#[test]
fn missing_key_exits_3_with_hint() {
    let env = TestEnv::new();
    let r = run(env.cmd().args(["deploy", "list"]).env("NEYNAR_FID", "3"));
    assert_eq!(
        r.transcript(),
        format!(
            "exit: 3\n--- stdout\n--- stderr\nerror: no API key configured ({} does not exist, and the environment has none)\nhint: run `neynar-studio config init`, or set NEYNAR_API_KEY (and NEYNAR_FID)\n",
            env.config_path().display()
        )
    );
}

#[test]
fn missing_fid_exits_3_with_hint() {
    let env = TestEnv::new();
    env.write_config(&format!("api_key = \"{KEY}\"\n"));
    let r = run(env.cmd().args(["deploy", "get", "server-1"]));
    assert_eq!(
        r.transcript(),
        format!(
            "exit: 3\n--- stdout\n--- stderr\nerror: no FID configured (looked in {} and the environment)\nhint: run `neynar-studio config init --fid N`, set NEYNAR_FID, or pass --fid N\n",
            env.config_path().display()
        )
    );
}

#[test]
fn a_config_readable_by_others_gets_a_warning() {
    let env = TestEnv::new();
    env.write_config(&format!("api_key = \"{KEY}\"\nfid = 3\n"));
    set_mode(&env.config_path(), 0o644);
    let r = run(env.cmd().args(["config", "path"]));
    // `path` does not read the file; `show` does.
    assert_eq!(r.stderr, "");
    let r = run(env.cmd().args(["config", "show"]));
    assert_eq!(r.code, 0);
    let p = env.config_path().display().to_string();
    assert_eq!(
        r.stderr,
        format!(
            "warning: config file {p} is accessible by other users (mode 644); it holds your API key. Fix with: chmod 600 {p}\n"
        )
    );
}

const PROFILES: &str = "api_key = \"top-level-key-0001\"\nfid = 1568\n\n[profiles.staging]\napi_key = \"staging-key-00000002\"\nfid = 42\napi_url = \"http://127.0.0.1:9999\"\n";

#[test]
fn show_prints_each_value_and_its_source() {
    let env = TestEnv::new();
    env.write_config(PROFILES);
    let r = run(env.cmd().args(["config", "show"]));
    snap!(&env, "show_file", r);
    let r = run(env
        .cmd()
        .args(["--profile", "staging", "config", "show"])
        .env("NEYNAR_API_KEY", KEY));
    snap!(&env, "show_profile_env", r);
}

#[test]
fn precedence_is_flag_env_profile_file_default() {
    let env = TestEnv::new();
    env.write_config(PROFILES);
    let show = |extra: &[&str], vars: &[(&str, &str)]| {
        let mut cmd = env.cmd();
        cmd.args(extra).args(["config", "show", "--json"]);
        for (k, v) in vars {
            cmd.env(k, v);
        }
        let r = run(&mut cmd);
        assert_eq!(r.code, 0, "{}", r.transcript());
        r.json()
    };
    let v = show(&[], &[]);
    assert_eq!(
        v["fid"],
        serde_json::json!({"value": 1568, "source": "file"})
    );
    assert_eq!(v["api_url"]["source"], "default");
    assert_eq!(v["api_key"]["value"], "****0001");

    let v = show(&[], &[("NEYNAR_STUDIO_PROFILE", "staging")]);
    assert_eq!(v["profile"]["source"], "env");
    assert_eq!(
        v["fid"],
        serde_json::json!({"value": 42, "source": "profile"})
    );
    assert_eq!(v["api_url"]["value"], "http://127.0.0.1:9999");
    assert_eq!(v["api_key"]["value"], "****0002");

    let v = show(
        &[],
        &[("NEYNAR_STUDIO_PROFILE", "staging"), ("NEYNAR_FID", "7")],
    );
    assert_eq!(v["fid"]["value"], 7);
    assert_eq!(v["fid"]["source"], "env");

    let v = show(
        &[
            "--fid",
            "9",
            "--api-url",
            "https://x.example",
            "--profile",
            "default",
        ],
        &[
            ("NEYNAR_STUDIO_PROFILE", "staging"),
            ("NEYNAR_FID", "7"),
            ("NEYNAR_API_URL", "https://y.example"),
        ],
    );
    assert_eq!(v["fid"], serde_json::json!({"value": 9, "source": "flag"}));
    assert_eq!(v["api_url"]["value"], "https://x.example");
    assert_eq!(v["profile"]["value"], "default");
    assert_eq!(v["api_key"]["source"], "file");

    // An empty variable counts as unset.
    let v = show(&[], &[("NEYNAR_FID", "")]);
    assert_eq!(v["fid"]["source"], "file");
}

#[test]
fn an_unknown_profile_is_refused_with_the_known_ones() {
    let env = TestEnv::new();
    env.write_config(PROFILES);
    let r = run(env.cmd().args(["--profile", "prod", "deploy", "list"]));
    assert_eq!(
        r.transcript(),
        format!(
            "exit: 3\n--- stdout\n--- stderr\nerror: profile 'prod' (flag --profile) is not defined in {}\nhint: profiles in that file: staging\n",
            env.config_path().display()
        )
    );
}

#[test]
fn path_follows_flag_and_environment() {
    let env = TestEnv::new();
    let run1 = run(env.cmd().args(["config", "path"]));
    assert_eq!(run1.stdout, format!("{}\n", env.config_path().display()));
    let run2 = run(env
        .cmd()
        .args(["config", "path"])
        .env("NEYNAR_STUDIO_CONFIG", "/etc/x.toml"));
    assert_eq!(run2.stdout, "/etc/x.toml\n");
    let run3 = run(env
        .cmd()
        .args(["--config", "/tmp/y.toml", "config", "path"])
        .env("NEYNAR_STUDIO_CONFIG", "/etc/x.toml"));
    assert_eq!(run3.stdout, "/tmp/y.toml\n");
}

#[test]
fn set_and_unset_edit_one_value() {
    let env = TestEnv::new();
    let p = env.config_path().display().to_string();
    let r = run(env.cmd().args(["config", "set", "fid", "1568"]));
    assert_eq!(
        r.transcript(),
        format!("exit: 0\n--- stdout\nSet fid = 1568 in {p}.\n--- stderr\n")
    );
    let r = run(env
        .cmd()
        .args(["config", "set", "api-url", "https://api.neynar.com"]));
    assert_eq!(
        r.stdout,
        format!("Set api_url = https://api.neynar.com in {p}.\n")
    );
    let r = run(env
        .cmd()
        .args(["config", "set", "api-key", "-"])
        .write_stdin(format!("{KEY}\n")));
    assert_eq!(r.stdout, format!("Set api_key = ****2d1c in {p}.\n"));
    let r = run(env
        .cmd()
        .args(["--profile", "staging", "config", "set", "fid", "42"]));
    assert_eq!(
        r.stdout,
        format!("Set fid = 42 in {p} [profiles.staging].\n")
    );
    assert_eq!(
        std::fs::read_to_string(env.config_path()).unwrap(),
        format!(
            "fid = 1568\napi_url = \"https://api.neynar.com\"\napi_key = \"{KEY}\"\n\n[profiles.staging]\nfid = 42\n"
        )
    );
    assert_eq!(mode(&env.config_path()), 0o600);

    let r = run(env.cmd().args(["config", "unset", "api-url"]));
    assert_eq!(r.stdout, format!("Removed api_url from {p}.\n"));
    let r = run(env.cmd().args(["config", "unset", "api-url"]));
    assert_eq!(
        r.transcript(),
        format!("exit: 0\n--- stdout\n--- stderr\napi_url is not set in {p}; nothing to remove.\n")
    );
    assert_eq!(
        std::fs::read_to_string(env.config_path()).unwrap(),
        format!("fid = 1568\napi_key = \"{KEY}\"\n\n[profiles.staging]\nfid = 42\n")
    );
}

#[test]
fn set_refuses_bad_values_and_changes_nothing() {
    let env = TestEnv::new();
    env.write_config("fid = 1\n");
    let cases: &[(&[&str], &str)] = &[
        (
            &["config", "set", "api-key", "sk-literal-on-argv-123"],
            "error: refusing an API key on the command line: it would be kept in the shell history and shown in the process list\nhint: pipe it in: printf '%s\\n' \"$KEY\" | neynar-studio config set api-key -\n",
        ),
        (
            &["config", "set", "fid", "abc"],
            "error: invalid FID: 'abc' is not a number: a Farcaster ID is a whole number from 1 to 2147483647, like 1568\n",
        ),
        (
            &["config", "set", "fid", "0"],
            "error: invalid FID: 0 is not a Farcaster ID: a Farcaster ID is a whole number from 1 to 2147483647\n",
        ),
        (
            &["config", "set", "api-url", "http://api.neynar.com"],
            "error: refusing to send the API key over plain http:// to api.neynar.com\nhint: use https://, or http:// only for a loopback host (127.0.0.1, ::1, localhost)\n",
        ),
        (
            &["config", "set", "api-url", "not a url"],
            "error: invalid API URL 'not a url': relative URL without a base\nhint: use the form https://api.neynar.com\n",
        ),
    ];
    for (args, stderr) in cases {
        let r = run(env.cmd().args(*args));
        assert_eq!(r.code, 2, "{args:?}: {}", r.transcript());
        assert_eq!(r.stdout, "");
        assert_eq!(&r.stderr, stderr, "{args:?}");
    }
    let r = run(env.cmd().args(["config", "set", "colour", "x"]));
    assert_eq!(r.code, 2);
    assert_eq!(
        std::fs::read_to_string(env.config_path()).unwrap(),
        "fid = 1\n"
    );
}

#[test]
fn an_invalid_fid_in_the_environment_is_a_usage_error() {
    let env = TestEnv::new();
    let r = run(env.cmd().args(["deploy", "list"]).env("NEYNAR_FID", "me"));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: NEYNAR_FID is not a valid FID: 'me' is not a number: a Farcaster ID is a whole number from 1 to 2147483647, like 1568\n"
    );
    let r = run(env.cmd().args(["--fid", "x", "deploy", "list"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("error: invalid value 'x' for '--fid <N>'"),
        "{}",
        r.stderr
    );
}

#[test]
fn init_on_a_terminal_asks_without_echoing_the_key() {
    let env = TestEnv::new();
    let bin = assert_cmd::cargo::cargo_bin("neynar-studio");
    let mut term = crate::common::terminal::Terminal::start(
        &env,
        "http://127.0.0.1:9",
        &format!("{} config init", bin.display()),
    );
    term.wait_for("Neynar API key (input hidden): ");
    term.type_text(&format!("{KEY}\n"));
    term.wait_for("Your Farcaster ID (FID): ");
    term.type_text("1568\n");
    let (code, screen) = term.finish();
    assert_eq!(code, 0, "{screen}");
    // Typed at the hidden prompt, the key never reached the screen.
    assert!(!screen.contains(KEY), "the key was echoed:\n{screen}");
    let screen = screen.replace('\r', "");
    assert!(
        screen.starts_with("Neynar API key (input hidden): \nYour Farcaster ID (FID): 1568\nSaved the API key (****2d1c) and fid 1568 to "),
        "{screen}"
    );
    assert_eq!(
        std::fs::read_to_string(env.config_path()).unwrap(),
        format!("api_key = \"{KEY}\"\nfid = 1568\n")
    );
}

#[test]
fn init_over_a_stored_key_needs_force_off_a_terminal() {
    let env = TestEnv::new();
    env.write_config("api_key = \"old-key-000000001234\"\nfid = 1\n");
    let r = run(env
        .cmd()
        .args(["config", "init", "--fid", "3"])
        .write_stdin(format!("{KEY}\n")));
    assert_eq!(
        r.transcript(),
        format!(
            "exit: 2\n--- stdout\n--- stderr\nerror: {} already holds an API key (****1234); not \
             replacing it\nhint: pass --force to replace it, or change one setting with \
             `neynar-studio config set KEY VALUE`\n",
            env.config_path().display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(env.config_path()).unwrap(),
        "api_key = \"old-key-000000001234\"\nfid = 1\n"
    );
    let r = run(env
        .cmd()
        .args(["config", "init", "--fid", "3", "--force"])
        .write_stdin(format!("{KEY}\n")));
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(
        std::fs::read_to_string(env.config_path()).unwrap(),
        format!("api_key = \"{KEY}\"\nfid = 3\n")
    );
}

#[test]
fn init_over_a_stored_key_asks_on_a_terminal() {
    let env = TestEnv::new();
    let old = "api_key = \"old-key-000000001234\"\nfid = 1\n";
    env.write_config(old);
    let r = env.on_terminal("http://127.0.0.1:1", "config init --fid 3", "n\n");
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout.contains(&format!(
            "{} already holds an API key (****1234). Replace the stored key? [y/N] n\r\nKept the \
             stored key; nothing changed.\r\n",
            env.config_path().display()
        )),
        "{:?}",
        r.stdout
    );
    assert_eq!(std::fs::read_to_string(env.config_path()).unwrap(), old);

    // "y" goes on to ask for the new key (hidden: the terminal discards input typed ahead of
    // the hidden prompt, so this test cannot type it; the piped path above saves it).
    let r = env.on_terminal("http://127.0.0.1:1", "config init --fid 3", "y\n");
    assert!(
        r.stdout
            .contains("Replace the stored key? [y/N] y\r\nNeynar API key (input hidden): "),
        "{:?}",
        r.stdout
    );
    assert_eq!(std::fs::read_to_string(env.config_path()).unwrap(), old);
}
