//! The man pages in `man/` are generated from the CLI (clap_mangen) and must match it: a new
//! flag without regenerated pages fails here. Regenerate with `scripts/man.sh` (which runs this
//! test with NEYNAR_STUDIO_WRITE_MAN=1). If `man` is installed, the page renders.

use std::path::{Path, PathBuf};

/// Every page: `neynar-studio.1`, then one per subcommand (`neynar-studio-deploy-get.1`).
fn pages() -> Vec<(String, Vec<u8>)> {
    let mut cmd = neynar_studio::cli::command();
    cmd.build();
    let mut out = Vec::new();
    collect(&cmd, "neynar-studio", &mut out);
    out
}

fn collect(cmd: &clap::Command, name: &str, out: &mut Vec<(String, Vec<u8>)>) {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .title(name.to_string())
        .render(&mut buf)
        .expect("render");
    out.push((format!("{name}.1"), buf));
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        collect(sub, &format!("{name}-{}", sub.get_name()), out);
    }
}

fn man_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("man")
}

#[test]
fn committed_man_pages_match_the_cli() {
    let pages = pages();
    if std::env::var_os("NEYNAR_STUDIO_WRITE_MAN").is_some() {
        let dir = man_dir();
        if dir.exists() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "1") {
                    std::fs::remove_file(path).unwrap();
                }
            }
        }
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in &pages {
            std::fs::write(dir.join(name), text).unwrap();
        }
        return;
    }
    let mut committed: Vec<String> = std::fs::read_dir(man_dir())
        .expect("man/ is missing: run scripts/man.sh")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".1"))
        .collect();
    committed.sort();
    let mut wanted: Vec<String> = pages.iter().map(|(n, _)| n.clone()).collect();
    wanted.sort();
    assert_eq!(
        committed, wanted,
        "man/ has other pages than the CLI: run scripts/man.sh and commit the result"
    );
    for (name, text) in &pages {
        let have = std::fs::read(man_dir().join(name)).unwrap();
        assert!(
            have == *text,
            "man/{name} is out of date with the CLI: run scripts/man.sh and commit the result"
        );
    }
    assert!(wanted.contains(&"neynar-studio-deploy-get.1".to_string()));
}

#[test]
fn the_man_page_renders_with_man() {
    let found = std::process::Command::new("man")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        println!("note: man is not installed; the rendering test is skipped");
        return;
    }
    let out = std::process::Command::new("man")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("MANWIDTH", "80")
        .env("LANG", "C.UTF-8")
        .arg("-l")
        .arg(man_dir().join("neynar-studio.1"))
        .output()
        .expect("run man");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.starts_with("neynar-studio(1)"), "{text}");
    assert!(
        text.contains("NAME\n       neynar-studio - Create, prompt and manage"),
        "{text}"
    );
    assert!(text.contains("--api-url"), "{text}");
    assert!(text.contains("neynar-studio-deploy(1)"), "{text}");
}
