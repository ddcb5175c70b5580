//! End to end, issue 14: the CLI binary against a real emulator process, the app's code and its
//! production life in one user's session. Create and wait; prompt (the scripted agent writes a
//! file); `files list` shows it and `files cat` prints exactly the bytes the stream showed being
//! written; `deploy export -o` and `--extract` give the same bytes; `deploy publish --yes
//! --wait` reaches READY; `deploy logs` with the admin key (and exit 3 without it); `domain
//! check` / `domain set --yes`; `deploy status` showing the production state and URL.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use serde_json::Value;

use crate::common::*;
use crate::emulator::Emulator;

fn cli(env: &TestEnv, emu: &Emulator, key: &str, args: &[&str]) -> Run {
    let mut cmd = env.cmd();
    cmd.env("NEYNAR_API_URL", &emu.url)
        .env("NEYNAR_API_KEY", key)
        .env("NEYNAR_FID", "3")
        .args(args);
    run(&mut cmd)
}

/// `--json` NDJSON: the Write tool call's (path relative to the session's cwd, content).
fn written(ndjson: &str) -> (String, String) {
    let events: Vec<Value> = ndjson
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let cwd = events
        .iter()
        .find(|e| e["type"] == "system" && e["subtype"] == "init")
        .and_then(|e| e["cwd"].as_str())
        .expect("an init event with the session's cwd")
        .to_string();
    assert_eq!(
        events.last().unwrap()["subtype"],
        "success",
        "the session ends in success"
    );
    let write = events
        .iter()
        .flat_map(|e| {
            e["message"]["content"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .find(|b| b["type"] == "tool_use" && b["name"] == "Write")
        .expect("the agent writes a file");
    let path = write["input"]["file_path"].as_str().unwrap();
    let relative = path
        .strip_prefix(&format!("{cwd}/"))
        .unwrap_or_else(|| panic!("{path} is not under {cwd}"))
        .to_string();
    (
        relative,
        write["input"]["content"].as_str().unwrap().to_string(),
    )
}

/// Every file of a ZIP: path -> bytes.
fn zip_files(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut files = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        if entry.is_dir() {
            continue;
        }
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        files.insert(entry.name().unwrap().to_string(), bytes);
    }
    files
}

/// Every file under `dir`: path relative to it ('/'-separated) -> bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let kind = entry.file_type().unwrap();
            assert!(
                !kind.is_symlink(),
                "a link was extracted: {:?}",
                entry.path()
            );
            if kind.is_dir() {
                walk(root, &entry.path(), out);
            } else {
                let rel = entry.path().strip_prefix(root).unwrap().to_owned();
                let rel = rel.to_str().unwrap().to_string();
                out.insert(rel, std::fs::read(entry.path()).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn kib(bytes: usize) -> String {
    format!("{:.2} KiB", bytes as f64 / 1024.0)
}

#[test]
fn e2e_code_read_export_publish_and_domain() {
    // The admin key is the one the CLI uses; logs with any other key are refused (403).
    let emu = Emulator::start(&["--ready-after", "0s", "--speed", "40", "--admin-key", KEY]);
    let env = TestEnv::new();
    let home = env.home().to_path_buf();

    // Create and wait.
    let r = cli(&env, &emu, KEY, &["deploy", "create", "--wait"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let mut out = r.stdout.lines();
    let name = out.next().unwrap().to_string();
    let url = out.next().unwrap().to_string();
    assert_eq!(out.next(), None, "{}", r.transcript());
    assert!(name.starts_with("server-"), "{}", r.transcript());
    assert!(url.starts_with("http://") && url.contains(&name), "{url}");
    let err: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(err.len(), 2, "{}", r.transcript());
    assert_eq!(
        err[0],
        format!("Created {name} for fid 3 (now the current deployment).")
    );
    assert!(
        err[1].starts_with(&format!("{name} is ready (")),
        "{}",
        r.transcript()
    );

    // Prompt: the scripted session writes a file; --json shows the Write call.
    let r = cli(
        &env,
        &emu,
        KEY,
        &["deploy", "prompt", &name, "add a counter", "--json"],
    );
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(
        r.stderr,
        "Action: code-create (no app has been generated yet)\n"
    );
    let (path, content) = written(&r.stdout);
    assert_eq!(path, "src/app/page.tsx");
    assert!(content.contains("add a counter"), "{content}");
    let dir = path.rsplit_once('/').unwrap().0.to_string();

    // `files list` (piped: one path a line, directories marked) shows it.
    let r = cli(&env, &emu, KEY, &["files", "list"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(
        r.stdout,
        "public/\nsrc/\n.gitignore\nREADME.md\nnext.config.ts\npackage.json\npostcss.config.mjs\ntsconfig.json\n"
    );
    assert_eq!(r.stderr, "");
    let r = cli(&env, &emu, KEY, &["files", "list", &dir]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(
        r.stdout,
        "src/app/globals.css\nsrc/app/layout.tsx\nsrc/app/page.tsx\nsrc/app/providers.tsx\n"
    );
    assert_eq!(r.stderr, "");
    let r = cli(
        &env,
        &emu,
        KEY,
        &["files", "list", &dir, "-d", &name, "--json"],
    );
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("\"src/app/page.tsx\""), "{}", r.stdout);

    // `files cat` prints exactly the bytes the stream showed being written (piped: as is).
    let r = cli(&env, &emu, KEY, &["files", "cat", &path]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(r.stdout, content);
    assert_eq!(r.stderr, "");
    // `-o` writes the same bytes to a file.
    let r = cli(&env, &emu, KEY, &["files", "cat", &path, "-o", "page.tsx"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(
        std::fs::read(home.join("page.tsx")).unwrap(),
        content.as_bytes()
    );

    // Export: the archive holds the same bytes; never overwritten without --force.
    let r = cli(&env, &emu, KEY, &["deploy", "export", "-o", "app.zip"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let zip_len = std::fs::metadata(home.join("app.zip")).unwrap().len() as usize;
    assert_eq!(r.stdout, format!("Saved app.zip ({})\n", kib(zip_len)));
    assert_eq!(r.stderr, "");
    let zipped = zip_files(&home.join("app.zip"));
    assert_eq!(
        zipped.get(&path).map(Vec::as_slice),
        Some(content.as_bytes()),
        "the archive's {path}"
    );
    let r = cli(&env, &emu, KEY, &["deploy", "export", "-o", "app.zip"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "error: app.zip already exists; it was not overwritten\nhint: pass --force to replace it, or choose another file with -o\n"
    );
    assert_eq!(
        std::fs::metadata(home.join("app.zip")).unwrap().len() as usize,
        zip_len,
        "left as it was"
    );

    // --extract: the same files, byte for byte, as the archive.
    let r = cli(
        &env,
        &emu,
        KEY,
        &["deploy", "export", "--extract", "src-out"],
    );
    assert_eq!(r.code, 0, "{}", r.transcript());
    let total: usize = zipped.values().map(Vec::len).sum();
    assert_eq!(
        r.stdout,
        format!(
            "Extracted {} files ({}) into src-out\n",
            zipped.len(),
            kib(total)
        )
    );
    assert_eq!(r.stderr, "");
    let r = cli(
        &env,
        &emu,
        KEY,
        &["deploy", "export", "--extract", "src-out"],
    );
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert_eq!(
        r.stderr,
        "error: src-out is not empty; nothing was extracted\nhint: pass --force to unpack over it, or choose an empty or new directory\n"
    );
    let extracted = tree(&home.join("src-out"));
    assert_eq!(extracted, zipped);
    assert_eq!(extracted[&path], content.as_bytes());

    // Both from the same run.
    let r = cli(
        &env,
        &emu,
        KEY,
        &[
            "deploy",
            "export",
            &name,
            "-o",
            "both.zip",
            "--extract",
            "both",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.transcript());
    let both_len = std::fs::metadata(home.join("both.zip")).unwrap().len() as usize;
    assert_eq!(
        r.stdout,
        format!(
            "Saved both.zip ({})\nExtracted {} files ({}) into both\n",
            kib(both_len),
            zipped.len(),
            kib(total)
        )
    );
    assert_eq!(zip_files(&home.join("both.zip")), zipped);
    assert_eq!(tree(&home.join("both")), zipped);

    // Publish: refused without --yes off a terminal; with it, --wait follows it to READY.
    let r = cli(&env, &emu, KEY, &["deploy", "publish", "--wait"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        format!(
            "error: refusing to publish {name} without confirmation: it creates a public GitHub repository and a Vercel project\nhint: pass --yes to confirm (there is no terminal to ask on)\n"
        )
    );
    let r = cli(&env, &emu, KEY, &["deploy", "publish", "--yes", "--wait"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(
        r.stdout,
        format!(
            "Published {name}\nDeployment  {url}\nProduction  https://{name}.neynar.app\nState       READY\n"
        )
    );
    assert_eq!(r.stderr, "");

    // Logs: one line each, the build's last line last; --limit keeps the newest.
    let r = cli(&env, &emu, KEY, &["deploy", "logs"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(r.stderr, "");
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(lines.len() >= 3, "{}", r.stdout);
    for line in &lines {
        let (stamp, text) = line.split_once(' ').unwrap();
        assert!(stamp.len() == 20 && stamp.ends_with('Z'), "{line}");
        assert!(!text.is_empty(), "{line}");
    }
    assert!(
        lines[lines.len() - 1]
            .ends_with(&format!(" Deployment completed: https://{name}.neynar.app")),
        "{}",
        r.stdout
    );
    let r = cli(&env, &emu, KEY, &["deploy", "logs", "--limit", "2"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(
        r.stdout,
        format!("{}\n", lines[lines.len() - 2..].join("\n"))
    );
    let r = cli(&env, &emu, "nsk-not-an-admin-key", &["deploy", "logs"]);
    assert_eq!(r.code, 3, "{}", r.transcript());
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "error: reading the production build logs needs a Studio admin key (HTTP 403: Studio admin access required)\nhint: use a key with the Studio admin role (NEYNAR_API_KEY or `neynar-studio config init`)\n"
    );

    // Domains: the pattern is checked before sending; set shows the previous one; then taken.
    let r = cli(&env, &emu, KEY, &["domain", "check", "ab"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.starts_with("error: invalid value 'ab' for '<SUBDOMAIN>': 'ab' is not a valid subdomain: it must be 3-63 characters"),
        "{}",
        r.stderr
    );
    let r = cli(&env, &emu, KEY, &["domain", "check", "e2e-counter"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(r.stdout, "e2e-counter.neynar.app is available\n");
    assert_eq!(r.stderr, "");
    let r = cli(&env, &emu, KEY, &["domain", "set", "e2e-counter", "--yes"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(
        r.stdout,
        format!("{name} is now at https://e2e-counter.neynar.app\n(was {name}.neynar.app)\n")
    );
    assert_eq!(r.stderr, "");
    let r = cli(&env, &emu, KEY, &["domain", "check", "e2e-counter"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "error: e2e-counter.neynar.app is not available (taken)\nhint: try another name with `neynar-studio domain check`\n"
    );

    // Status: the production state and URL, as the production read reports them.
    let r = cli(&env, &emu, KEY, &["deploy", "status", "--json"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let status = r.json();
    assert_eq!(status["production"]["deployment_state"], "READY");
    assert_eq!(status["production"]["target"], "production");
    let production_url = status["production"]["deployment_url"]
        .as_str()
        .expect("a production URL")
        .to_string();
    let r = cli(&env, &emu, KEY, &["deploy", "status"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(r.stderr, "");
    assert!(
        r.stdout.starts_with(&format!(
            "Deployment   {name}\nReady        yes\nDev server   running\nApp          generated, serving\n"
        )),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.ends_with(&format!(
            "\nConversation {} \"add a counter\"\nProduction   READY {production_url} (production)\n",
            status["latest_conversation"]["id"].as_str().unwrap()
        )),
        "{}",
        r.stdout
    );
}
