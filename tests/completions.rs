//! The committed completion scripts must match what the CLI generates: a new flag without a
//! regenerated script fails here. Regenerate with `scripts/completions.sh`.

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
