//! Ctrl-C on a real terminal (a pseudo-terminal from util-linux `script`): the keypress goes
//! through the terminal's line discipline as a real user's would. Each run must end with exit
//! 130 within a second, leave the cursor visible, and leave no half-written files.

use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::common::script_server::{Reply, ScriptServer, pause, write};
use crate::common::*;

const GET_PATH: &str = "/v2/studio/deployment/by-name-and-fid";

/// A shell command line running on a pseudo-terminal, with what it printed collected as it
/// comes.
struct Terminal {
    child: Child,
    screen: Arc<Mutex<Vec<u8>>>,
}

impl Terminal {
    fn start(env: &TestEnv, api: &str, shell: &str) -> Terminal {
        let mut child = Command::new("script")
            .env_clear()
            .env("HOME", env.home())
            .env("XDG_CONFIG_HOME", env.home().join(".config"))
            .env("XDG_STATE_HOME", env.home().join(".local/state"))
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("TERM", "xterm")
            .env("NEYNAR_API_URL", api)
            .env("NEYNAR_API_KEY", KEY)
            .env("NEYNAR_FID", "3")
            .current_dir(env.home())
            .args(["-qec", shell, "/dev/null"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("util-linux script");
        let screen = Arc::new(Mutex::new(Vec::new()));
        let mut out = child.stdout.take().unwrap();
        let sink = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Terminal { child, screen }
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.screen.lock().unwrap()).into_owned()
    }

    fn wait_for(&self, what: &str) {
        let started = Instant::now();
        while !self.screen().contains(what) {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "never saw {what:?}:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Presses Ctrl-C, and returns the exit code and how long the program took to stop.
    fn ctrl_c(mut self) -> (i32, Duration, String) {
        self.child
            .stdin
            .as_mut()
            .unwrap()
            .write_all(b"\x03")
            .unwrap();
        self.child.stdin.as_mut().unwrap().flush().unwrap();
        let pressed = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                pressed.elapsed() < Duration::from_secs(10),
                "still running after Ctrl-C:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(5));
        };
        let took = pressed.elapsed();
        std::thread::sleep(Duration::from_millis(50));
        (status.code().unwrap_or(-1), took, self.screen())
    }
}

/// The cursor was never hidden, or shown again afterwards.
fn cursor_visible(screen: &str) -> bool {
    match screen.rfind("\u{1b}[?25l") {
        None => true,
        Some(hid) => screen[hid..].contains("\u{1b}[?25h"),
    }
}

fn bin() -> String {
    assert_cmd::cargo::cargo_bin("neynar-studio")
        .display()
        .to_string()
}

#[test]
fn ctrl_c_during_a_live_stream() {
    let env = TestEnv::new();
    let server = ScriptServer::start(vec![
        (
            "GET",
            GET_PATH,
            Reply::json(200, &deployment("server-1", true)),
        ),
        (
            "POST",
            "/v2/studio/deployment/prompt/stream",
            Reply::sse(vec![
                write("data: {\"type\":\"connection\",\"message\":\"Streaming started\"}\n\n"),
                write(
                    "data: {\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"Bash\",\"input\":{\"command\":\"npm run build\"}}]}}\n\n",
                ),
                pause(30_000),
            ]),
        ),
    ]);
    let term = Terminal::start(
        &env,
        &server.url(),
        &format!("{} deploy prompt server-1 'make it purple'", bin()),
    );
    // The spinner is up, naming what the agent does.
    term.wait_for("Running npm run build");
    let (code, took, screen) = term.ctrl_c();
    assert_eq!(code, 130, "{screen}");
    assert!(took < Duration::from_secs(1), "took {took:?} to stop");
    assert!(cursor_visible(&screen), "{screen:?}");
    assert!(
        screen.ends_with("interrupted; the generation may still be running on the server (check it with `neynar-studio deploy get server-1`)\r\n"),
        "{screen:?}"
    );
}

#[test]
fn ctrl_c_during_create_wait_leaves_whole_files() {
    let env = TestEnv::new();
    let server = ScriptServer::start(vec![
        (
            "POST",
            "/v2/studio/deployment/",
            Reply::json(200, &deployment("server-7", false)),
        ),
        (
            "GET",
            GET_PATH,
            Reply::json(200, &deployment("server-7", false)),
        ),
    ]);
    let term = Terminal::start(
        &env,
        &server.url(),
        &format!("{} deploy create --wait", bin()),
    );
    term.wait_for("Waiting for server-7 to be ready");
    let (code, took, screen) = term.ctrl_c();
    assert_eq!(code, 130, "{screen}");
    assert!(took < Duration::from_secs(1), "took {took:?} to stop");
    assert!(cursor_visible(&screen), "{screen:?}");
    assert!(screen.ends_with("interrupted\r\n"), "{screen:?}");
    // The state file is whole, and no temporary file is left beside it.
    assert_eq!(env.current().as_deref(), Some("server-7"));
    let dir: Vec<String> = std::fs::read_dir(env.state_path().parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(dir, ["state.json"]);
}

#[test]
fn ctrl_c_during_wait() {
    let env = TestEnv::new();
    let server = ScriptServer::start(vec![(
        "GET",
        GET_PATH,
        Reply::json(200, &json!({"name": "server-1", "isReady": false})),
    )]);
    let term = Terminal::start(
        &env,
        &server.url(),
        &format!("{} deploy wait server-1", bin()),
    );
    term.wait_for("Waiting for server-1 to be ready");
    let (code, took, screen) = term.ctrl_c();
    assert_eq!(code, 130, "{screen}");
    assert!(took < Duration::from_secs(1), "took {took:?} to stop");
    assert!(cursor_visible(&screen), "{screen:?}");
}

#[test]
fn ctrl_c_at_the_hidden_key_prompt_gives_the_echo_back() {
    let env = TestEnv::new();
    // The shell survives the interrupt (its trap), then shows the terminal's mode.
    let shell = format!(
        "trap true INT; {} config init --fid 3; echo \"exit=$?\"; stty -a",
        bin()
    );
    let term = Terminal::start(&env, "http://127.0.0.1:9", &shell);
    term.wait_for("Neynar API key (input hidden): ");
    let (_, _, screen) = {
        let mut term = term;
        term.child
            .stdin
            .as_mut()
            .unwrap()
            .write_all(b"\x03")
            .unwrap();
        term.child.stdin.as_mut().unwrap().flush().unwrap();
        term.wait_for("exit=");
        term.wait_for("speed");
        let screen = term.screen();
        let _ = term.child.kill();
        (0, Duration::ZERO, screen)
    };
    assert!(screen.contains("interrupted\r\nexit=130\r\n"), "{screen:?}");
    let modes = &screen[screen.find("speed").unwrap()..];
    assert!(
        modes.split_whitespace().any(|flag| flag == "echo"),
        "echo is still off after Ctrl-C at the hidden prompt:\n{modes}"
    );
    assert!(!env.config_path().exists());
    assert!(
        !env.config_path().parent().unwrap().exists()
            || std::fs::read_dir(env.config_path().parent().unwrap())
                .unwrap()
                .next()
                .is_none()
    );
}
