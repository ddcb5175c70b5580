//! The shared test environment: every command runs with a cleared environment (no proxy
//! variables, no user config), a temporary HOME and XDG directories, colour off, and the API
//! URL pointed at the test's own server. Every run checks that the API key appears nowhere in
//! the output and that nothing panicked.

#![allow(dead_code)]

pub mod screen;
pub mod script_server;
pub mod terminal;

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use httpmock::prelude::*;
use serde_json::Value;

/// The key tests configure. No output may ever contain it.
pub const KEY: &str = "nsk-test-0f9e8d7c6b5a4f3e2d1c";
pub const FID: u64 = 3;
pub const UA: &str = concat!("neynar-studio/", env!("CARGO_PKG_VERSION"));

pub struct TestEnv {
    pub dir: tempfile::TempDir,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn home(&self) -> &Path {
        self.dir.path()
    }

    pub fn config_path(&self) -> PathBuf {
        self.home().join(".config/neynar-studio/config.toml")
    }

    pub fn state_path(&self) -> PathBuf {
        self.home().join(".local/state/neynar-studio/state.json")
    }

    /// The binary with a clean environment and no API settings.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("neynar-studio").expect("binary");
        cmd.env_clear()
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.home().join(".config"))
            .env("XDG_STATE_HOME", self.home().join(".local/state"))
            .env("XDG_DATA_HOME", self.home().join(".local/share"))
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("NO_COLOR", "1")
            .current_dir(self.home())
            .timeout(Duration::from_secs(60));
        cmd
    }

    /// The binary pointed at `base_url` with the test key and FID in the environment.
    pub fn api(&self, base_url: &str) -> Command {
        let mut cmd = self.cmd();
        cmd.env("NEYNAR_API_URL", base_url)
            .env("NEYNAR_API_KEY", KEY)
            .env("NEYNAR_FID", FID.to_string());
        cmd
    }

    /// Writes the config file, mode 0600.
    pub fn write_config(&self, text: &str) {
        let path = self.config_path();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        set_mode(&path, 0o600);
    }

    /// Sets the current deployment of the default profile at `api_url`, as `deploy use` would
    /// (the state file's second format, kept per profile and API URL).
    pub fn set_current_at(&self, api_url: &str, name: &str) {
        let path = self.state_path();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let state = serde_json::json!({
            "version": 2,
            "apis": [{
                "profile": "default",
                "api_url": api_url.trim_end_matches('/'),
                "current": {"name": name, "set_by": "deploy use", "at": 1_795_420_200u64},
                "recent": [name],
            }],
        });
        std::fs::write(&path, state.to_string()).unwrap();
    }

    /// Sets the current deployment of the default profile in the state file's first format
    /// (per profile only), which is read for any API URL: for tests whose server does not
    /// exist yet.
    pub fn set_current(&self, name: &str) {
        let path = self.state_path();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(
            &path,
            format!(r#"{{"profiles": {{"default": {{"current": "{name}"}}}}}}"#),
        )
        .unwrap();
    }

    /// Runs the binary on a pseudo-terminal (util-linux `script`) with the API environment,
    /// typing `input`. What the terminal showed comes back as stdout, with CR LF line ends.
    pub fn on_terminal(&self, base_url: &str, args: &str, input: &str) -> Run {
        let bin = assert_cmd::cargo::cargo_bin("neynar-studio");
        let mut cmd = Command::new("script");
        cmd.env_clear()
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.home().join(".config"))
            .env("XDG_STATE_HOME", self.home().join(".local/state"))
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("NO_COLOR", "1")
            .env("TERM", "dumb")
            .env("NEYNAR_API_URL", base_url)
            .env("NEYNAR_API_KEY", KEY)
            .env("NEYNAR_FID", FID.to_string())
            .current_dir(self.home())
            .args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"])
            .timeout(Duration::from_secs(60))
            .write_stdin(input.to_string());
        run(&mut cmd)
    }

    /// Starts the binary as a child process with the API environment (as [`TestEnv::api`]),
    /// stdin closed and stdout and stderr piped: for tests that read its output as it comes,
    /// close it early, or signal it.
    pub fn spawn_api(&self, base_url: &str, args: &[&str]) -> std::process::Child {
        self.api_process(base_url, args)
            .spawn()
            .expect("start the binary")
    }

    /// The binary as [`TestEnv::spawn_api`] starts it, not started yet: for a test that adds
    /// to its environment first.
    pub fn api_process(&self, base_url: &str, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("neynar-studio"));
        cmd.env_clear()
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.home().join(".config"))
            .env("XDG_STATE_HOME", self.home().join(".local/state"))
            .env("NO_COLOR", "1")
            .env("NEYNAR_API_URL", base_url)
            .env("NEYNAR_API_KEY", KEY)
            .env("NEYNAR_FID", FID.to_string())
            .current_dir(self.home())
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        cmd
    }

    /// The current deployment of the default profile (at whichever API URL the test used; a
    /// test talks to one), in either format of the state file.
    pub fn current(&self) -> Option<String> {
        let text = std::fs::read_to_string(self.state_path()).ok()?;
        let v: Value = serde_json::from_str(&text).ok()?;
        let entries: Vec<&Value> = v["apis"]
            .as_array()
            .map(|a| a.iter().filter(|e| e["profile"] == "default").collect())
            .unwrap_or_default();
        assert!(entries.len() <= 1, "more than one API URL in {text}");
        match entries.first() {
            Some(e) => e["current"]["name"].as_str().map(String::from),
            None => v["profiles"]["default"]["current"]
                .as_str()
                .map(String::from),
        }
    }
}

pub fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// What a run printed, and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Exit code, stdout and stderr together, for snapshots and whole-output assertions.
    pub fn transcript(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}):\n{}", self.stdout))
    }
}

/// Runs the command and checks what must hold for every run: no panic, no key in the output.
pub fn run(cmd: &mut Command) -> Run {
    let output = cmd.output().expect("run the binary");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert_clean(&run);
    run
}

/// Sends Ctrl-C (SIGINT) to `child` and waits for it to end: its exit status. Fails the test
/// when it is still running `within` after the signal.
pub fn interrupt_child(
    child: &mut std::process::Child,
    within: Duration,
) -> std::process::ExitStatus {
    // SAFETY: signalling our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let signalled = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for the binary") {
            return status;
        }
        assert!(
            signalled.elapsed() < within,
            "still running {within:?} after Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The rest of a child's stderr, once it has ended (or closed it).
pub fn rest_of_stderr(child: &mut std::process::Child) -> String {
    use std::io::Read;
    let mut text = String::new();
    if let Some(mut stderr) = child.stderr.take() {
        stderr.read_to_string(&mut text).expect("read stderr");
    }
    text
}

/// The invariants of every run.
pub fn assert_clean(run: &Run) {
    for (name, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        assert!(!text.contains(KEY), "the API key leaked on {name}:\n{text}");
        assert!(
            !text.contains("panicked at") && !text.contains("neynar-studio crashed"),
            "a panic on {name}:\n{text}"
        );
    }
}

/// Replaces what changes between runs (ports, temp dirs) so snapshots stay stable.
pub fn filters(env: &TestEnv) -> Vec<(String, String)> {
    vec![
        (
            regex_escape(&env.home().display().to_string()),
            "[HOME]".to_string(),
        ),
        (
            r"127\.0\.0\.1:\d+".to_string(),
            "127.0.0.1:[PORT]".to_string(),
        ),
        (r"\(\d+ ms\)".to_string(), "([N] ms)".to_string()),
        (
            r"retrying in \d+ ms".to_string(),
            "retrying in [N] ms".to_string(),
        ),
    ]
}

fn regex_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Snapshots a run's whole transcript, with the variable parts redacted.
#[macro_export]
macro_rules! snap {
    ($env:expr, $name:expr, $run:expr) => {{
        let filters = $crate::common::filters($env);
        let filters: Vec<(&str, &str)> = filters.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        insta::with_settings!({filters => filters, prepend_module_to_snapshot => true, omit_expression => true}, {
            insta::assert_snapshot!($name, $run.transcript());
        });
    }};
}

/// The expectations every API request must meet: method, path, the exact query string, the
/// key and user agent, and for requests with a body its content type and exact JSON.
pub fn expect(
    when: httpmock::When,
    method: httpmock::Method,
    path: &str,
    query: &str,
    body: Option<Value>,
) -> httpmock::When {
    let want_query = query.to_string();
    let when = when
        .method(method)
        .path(path)
        .header("x-api-key", KEY)
        .header("user-agent", UA)
        .is_true(move |req| req.uri().query().unwrap_or("") == want_query);
    match body {
        Some(body) => when
            .header("content-type", "application/json")
            .json_body(body),
        None => when,
    }
}

/// A mock answering `status` with a JSON body.
pub fn json_reply(then: httpmock::Then, status: u16, body: Value) -> httpmock::Then {
    then.status(status)
        .header("content-type", "application/json")
        .body(body.to_string())
}

pub fn server() -> MockServer {
    MockServer::start()
}

/// A loopback port with nothing listening on it.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    port
}

/// An RFC 3339 timestamp `secs` seconds ago, for relative-time output.
pub fn ago(secs: u64) -> String {
    let t = std::time::SystemTime::now() - Duration::from_secs(secs);
    humantime::format_rfc3339_millis(t).to_string()
}

/// A deployment in the current spec's shape.
pub fn deployment(name: &str, ready: bool) -> Value {
    serde_json::json!({
        "id": "0b7e9c1e-1c4f-4d0c-9a57-2f6d1f3b8e21",
        "name": name,
        "namespace": "miniapp-generator-fid-3",
        "display_name": "tetris app",
        "is_ready": ready,
        "url": format!("https://{name}.studio.neynar.com"),
        "created_at": "2025-09-04T16:24:35.185Z",
        "updated_at": "2025-09-04T16:25:01.000Z",
        "deleted_at": null,
        "generated_app_exists": false,
        "generated_app_serving": false,
    })
}

/// Everything `from` yields, gathered as it comes into a shared buffer by a thread of its own
/// (ended by the end of `from`): for output read while the process still runs.
pub fn collect(
    mut from: impl std::io::Read + Send + 'static,
) -> (
    std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
    std::thread::JoinHandle<()>,
) {
    let buffer = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = buffer.clone();
    let thread = std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = from.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    (buffer, thread)
}

/// A script server for a prompt: the ready deployment `server-1`, and the prompt stream
/// answering with the SSE body `stream`.
pub fn prompt_server(stream: Vec<script_server::Step>) -> script_server::ScriptServer {
    use script_server::{Reply, ScriptServer};
    ScriptServer::start(vec![
        (
            "GET",
            "/v2/studio/deployment/by-name-and-fid",
            Reply::json(200, &deployment("server-1", true)),
        ),
        (
            "POST",
            "/v2/studio/deployment/prompt/stream",
            Reply::sse(stream),
        ),
    ])
}
