//! Ctrl-C on a real terminal (a pseudo-terminal from util-linux `script`): the keypress goes
//! through the terminal's line discipline as a real user's would. Each run must end with exit
//! 130 within a second, leave the cursor visible, and leave no half-written files.

use std::io::Write;
use std::time::Duration;

use serde_json::json;

use crate::common::script_server::{Reply, ScriptServer, pause, write};
use crate::common::terminal::Terminal;
use crate::common::*;

const GET_PATH: &str = "/v2/studio/deployment/by-name-and-fid";

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
        &format!("{} deploy prompt server-1 'make it purple' --detach", bin()),
    );
    // The spinner is up, naming what the agent does.
    term.wait_for("Running npm run build");
    let (code, took, screen) = term.ctrl_c();
    assert_eq!(code, 130, "{screen}");
    assert!(took < Duration::from_secs(1), "took {took:?} to stop");
    assert!(cursor_visible(&screen), "{screen:?}");
    // The writer wraps stderr lines at word boundaries to the terminal's width.
    let unwrapped = console::strip_ansi_codes(&screen).replace("\r\n`", " `");
    assert!(
        unwrapped.ends_with("error: interrupted\r\nhint: the generation is still running on the server; cancel it with `neynar-studio deploy cancel server-1`\r\n"),
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
    let mut dir: Vec<String> = std::fs::read_dir(env.state_path().parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    dir.sort();
    assert_eq!(dir, ["state.json", "state.json.lock"]);
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
