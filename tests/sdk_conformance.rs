//! Neynar's own Node SDK (npm `@neynar/nodejs-sdk`) drives the emulator, started in process on
//! loopback, and every answer validates against the live spec's schemas:
//! `scripts/sdk-conformance/check.mjs`. It needs Node.js and the script's packages
//! (`npm ci --prefix scripts/sdk-conformance`, which `.ci/run` does); without them this test
//! fails and says so, it never passes by skipping.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use neynar_studio::emulator::dev::LifecycleOptions;
use neynar_studio::emulator::{Config, Emulator};

/// What the check must print, in order: one line per step of `check.mjs`.
const EXPECTED: &[&str] = &[
    "ok create-deployment 200",
    "ok get-deployment 200 (by name and fid)",
    "ok get-deployment 200 (by deployment_id)",
    "ok get-deployment 200 (by name and namespace)",
    "ok list-deployments 200",
    "ok get-deployment 200 (polled until is_ready)",
    "ok prompt-deployment-stream 200 (an event stream; a second prompt while it runs is queued)",
    "ok prompt-deployment-stream 202 (an event stream; a second prompt while it runs is queued)",
    "ok prompt-deployment-stream 200 (by deployment_id, continuing the conversation)",
    "ok list-conversations 200",
    "ok get-conversation-messages 200 (newest first, 5 a page, following the cursor)",
    "ok get-conversation-messages 400 (limit 101)",
    "ok get-dev-status 200 (schema_version 1, finished)",
    "ok prompt-deployment-stream 200 (a running prompt; its stream ends with the interrupted result)",
    "ok cancel-session 200 (a running prompt; its stream ends with the interrupted result)",
    "ok cancel-session 200 (nothing running: cancelled false)",
    "ok cancel-session 400 (conversation_id not a UUID)",
    "ok stop-app 403 (not a Studio admin key)",
    "ok stop-app 200 (with the admin key; dev_server_state stopped)",
    "ok get-deployment 200 (with the admin key; dev_server_state stopped)",
    "ok start-app 200 (with the admin key; dev_server_state running)",
    "ok get-deployment 200 (with the admin key; dev_server_state running)",
    "ok start-app 404 (an unknown deployment)",
    "ok build 200 (npm: an event stream; a recover meanwhile is a conflict)",
    "ok recover 409 (npm: an event stream; a recover meanwhile is a conflict)",
    "ok build 400 (build_type yarn)",
    "ok recover 200 (an event stream ending in a result)",
    "ok get-account-association 404 (none stored yet)",
    "ok associate-deployment 400 (a signature over another domain)",
    "ok associate-deployment 200 (an ed25519 app-key JFS for the deployment host)",
    "ok get-account-association 200",
    "ok delete-deployment 200",
    "ok delete-deployment 404 (an unknown name)",
    "ok get-deployment 404 (after delete)",
    "ok list-deployments 200 (include_deleted)",
    "ok get-deployment 400 (neither name nor deployment_id)",
    "ok prompt-deployment-stream 404 (an unknown deployment)",
    "ok create-deployment 400 (without fid)",
    "ok list-deployments 400 (limit 0)",
    // The app's code and its production life (issue 14).
    "ok create-deployment 200 (for the code and production steps)",
    "ok prompt-deployment-stream 200 (the agent writes src/app/page.tsx)",
    "ok list-deployment-files 200 (the template and what the agent wrote)",
    "ok get-deployment-file 200 (the page the stream showed being written)",
    "ok get-deployment-file 404 (a missing file)",
    "ok get-deployment-file 403 (another FID's app, not a Studio admin key)",
    "ok list-deployment-files 404 (a missing directory)",
    "ok upload-image-url 200 (stored under a name made from the URL, never fetched)",
    "ok upload-image-url 400 (not an http URL)",
    "ok export-zip 200 (application/zip)",
    "ok export-zip 404 (an unknown deployment)",
    "ok vercel-deployment-status 404 (not published yet)",
    "ok deploy-to-vercel 200 (a publish while one builds is a conflict)",
    "ok deploy-to-vercel 409 (a publish while one builds is a conflict)",
    "ok deploy-to-vercel 400 (env values not strings)",
    "ok vercel-deployment-status 200 (polled until READY)",
    "ok vercel-deployment-logs 403 (not a Studio admin key)",
    "ok vercel-deployment-logs 200 (with the admin key, the latest 5)",
    "ok check-domain-availability 200 (free, then reserved)",
    "ok check-domain-availability 400 (two characters)",
    "ok assign-custom-domain 200 (the previous domain is the default one)",
    "ok assign-custom-domain 400 (a reserved name)",
    "ok assign-custom-domain 403 (another FID's app)",
    "ok assign-custom-domain 409 (taken by another deployment)",
    "ok create-deployment 200 (for secrets and the database)",
    "ok list-secrets 200 (system secrets seeded, values masked)",
    "ok upsert-secrets 200",
    "ok list-secrets 200 (by key; the value is not sent back)",
    "ok delete-secrets 400 (a system secret)",
    "ok delete-secrets 200 (a user secret)",
    "ok list-secrets 404 (an unknown deployment)",
    "ok list-tables 404 (not provisioned yet)",
    "ok provision 200 (new)",
    "ok provision 200 (idempotent)",
    "ok list-tables 200",
    "ok get-table-schema 200",
    "ok get-table-schema 404 (an unknown table)",
    "ok insert-rows 200",
    "ok insert-rows 200",
    "ok insert-rows 400 (a row for no user)",
    "ok query-table 200",
    "ok query-table 400 (limit 1001)",
    "ok update-rows 200",
    "ok delete-rows 200",
    "ok delete-rows 400 (without where)",
    "ok execute-sql 200 (with the admin key)",
    "ok execute-sql 400 (a DELETE is refused)",
    "ok execute-sql 403 (not a Studio admin key)",
    "ok get-credit-drop 200",
    "ok claim-credit-drop 200",
    "ok claim-credit-drop 409 (already claimed)",
    "ok get-credit-drop 404 (fid 0 has none)",
];

const KEY: &str = "sdk-conformance-key";
/// The Studio admin key (start and stop); `KEY` is not one.
const ADMIN_KEY: &str = "sdk-conformance-admin";
const TIMEOUT: Duration = Duration::from_secs(180);

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Fails (never skips) when the check cannot run, saying what to do.
fn prerequisites() -> (PathBuf, PathBuf) {
    let dir = root().join("scripts/sdk-conformance");
    let install = "run `npm ci --prefix scripts/sdk-conformance` (needs Node.js 20+ and npm)";
    let node = Command::new("node")
        .arg("--version")
        .stdin(Stdio::null())
        .output();
    assert!(
        node.as_ref().is_ok_and(|o| o.status.success()),
        "the SDK conformance check needs `node` on PATH ({node:?}); install Node.js 20+, then {install}"
    );
    assert!(
        dir.join("node_modules/@neynar/nodejs-sdk/package.json")
            .is_file(),
        "scripts/sdk-conformance/node_modules is missing: {install}"
    );
    let spec = root().join("../shared/reference/openapi-studio-current.yaml");
    assert!(
        spec.is_file(),
        "the spec is missing: expected {} beside the repository",
        spec.display()
    );
    (dir.join("check.mjs"), spec)
}

/// Runs the check against `url`; returns (exit code, stdout, stderr). Killed past `TIMEOUT`.
fn run_check(script: &Path, spec: &Path, url: &str) -> (Option<i32>, String, String) {
    let mut child = Command::new("node")
        .arg(script)
        .arg("--spec")
        .arg(spec)
        // A clean environment: no proxy variables, only what node and the check need.
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("NEYNAR_API_URL", url)
        .env("NEYNAR_API_KEY", KEY)
        .env("NEYNAR_ADMIN_KEY", ADMIN_KEY)
        .env("NEYNAR_FID", "3")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start node");
    let pipe = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = r.read_to_string(&mut s);
            s
        })
    };
    let out = pipe(Box::new(child.stdout.take().unwrap()));
    let err = pipe(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for node") {
            break status.code();
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    (status, out.join().unwrap(), err.join().unwrap())
}

#[test]
fn neynars_node_sdk_drives_the_emulator_and_every_answer_matches_the_spec() {
    let (script, spec) = prerequisites();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (code, stdout, stderr) = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let emulator = Emulator::start(
            listener,
            Config {
                ready_after: Duration::ZERO,
                // About a second a session: long enough for the check to queue a second prompt.
                speed: 10.0,
                api_key: Some(KEY.into()),
                lifecycle: LifecycleOptions {
                    admin_key: Some(ADMIN_KEY.into()),
                    ..LifecycleOptions::default()
                },
                ..Config::default()
            },
        )
        .unwrap();
        let url = emulator.url();
        let ran = tokio::task::spawn_blocking(move || run_check(&script, &spec, &url))
            .await
            .unwrap();
        emulator.stop().await;
        ran
    });
    let transcript = format!("exit {code:?}\n--- stdout\n{stdout}--- stderr\n{stderr}");
    let verdicts: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("ok ") || l.starts_with("FAIL"))
        .collect();
    assert_eq!(verdicts, EXPECTED, "{transcript}");
    assert_eq!(code, Some(0), "{transcript}");
    assert!(
        stdout.contains(&format!("conformance: {} passed, 0 failed", EXPECTED.len())),
        "{transcript}"
    );
    assert!(
        !stdout.contains(KEY) && !stderr.contains(KEY) && !stdout.contains(ADMIN_KEY),
        "{transcript}"
    );
}
