//! Help: the global options in full once, summarised in each subcommand; options a command
//! would ignore are refused.

use crate::common::*;

#[test]
fn global_options_are_shown_once_and_summarised_in_subcommands() {
    let env = TestEnv::new();
    let r = run(env.cmd().args(["--help"]));
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("\nGlobal options:\n      --json "),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("      --timeout <DUR>"), "{}", r.stdout);
    for args in [
        &["deploy", "get", "--help"][..],
        &["deploy", "--help"],
        &["config", "set", "--help"],
        &["emulator", "--help"],
    ] {
        let r = run(env.cmd().args(args));
        assert_eq!(r.code, 0);
        assert!(
            !r.stdout.contains("--api-url <URL>"),
            "{args:?}: {}",
            r.stdout
        );
        assert!(
            r.stdout.ends_with(
                "Global options: --json -q -v --color --config --profile --fid --api-url --timeout\n\
                 (described in `neynar-studio --help`)\n"
            ),
            "{args:?}: {}",
            r.stdout
        );
    }
    // Still accepted after the subcommand.
    let r = run(env.cmd().args([
        "deploy",
        "get",
        "server-1",
        "--json",
        "--fid",
        "3",
        "--timeout",
        "1s",
    ]));
    assert_eq!(r.code, 3, "{}", r.stderr);
}

#[test]
fn options_a_command_would_ignore_are_refused() {
    let env = TestEnv::new();
    let r = run(env.cmd().args(["demo", "--json"]));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: --json cannot be used with `demo`\nhint: the \
         demo runs against its own in-process emulator and prints for a person; run the commands \
         it shows yourself for JSON or another API\n"
    );
    let r = run(env.cmd().args(["completions", "bash", "--json"]));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: --json cannot be used with `completions`\nhint: \
         the script is the same for every configuration; it asks `neynar-studio` for names at \
         each TAB\n"
    );
    let r = run(env
        .cmd()
        .args(["emulator", "--fid", "3", "--api-url", "http://127.0.0.1:1"]));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: --fid, --api-url cannot be used with \
         `emulator`\nhint: the emulator reads no configuration: its own options are listed by \
         `neynar-studio emulator --help`\n"
    );
}
