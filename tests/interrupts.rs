//! Ctrl-C on a real terminal (a pseudo-terminal from util-linux `script`): the keypress goes
//! through the terminal's line discipline as a real user's would. Each run must end with exit
//! 130 within a second, leave the cursor visible, and leave no half-written files. One more
//! sends SIGINT to a CLI whose stdout nobody reads.

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
    let server = prompt_server(vec![
        write("data: {\"type\":\"connection\",\"message\":\"Streaming started\"}\n\n"),
        write(
            "data: {\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"Bash\",\"input\":{\"command\":\"npm run build\"}}]}}\n\n",
        ),
        pause(30_000),
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

/// Ctrl-C while stdout is blocked (piped into a reader that has stopped reading and ignores
/// the signal, as `less` does): the writer is held by the thread stuck in that write, and the
/// error is still said and the process still ends, with 130. From a file (the block workers)
/// and from stdin (the live view's two threads).
#[test]
fn ctrl_c_while_stdout_is_blocked() {
    let env = TestEnv::new();
    let ndjson = firehose_ndjson();
    std::fs::write(env.home().join("big.ndjson"), &ndjson).unwrap();
    for from_stdin in [false, true] {
        let file = if from_stdin { "-" } else { "big.ndjson" };
        let mut cmd = env.api_process("http://127.0.0.1:1", &["render", file]);
        if from_stdin {
            cmd.stdin(std::process::Stdio::piped());
        }
        let mut child = cmd.spawn().unwrap();
        // Fed from a thread of its own: the feeding stops when the CLI stops reading.
        let feeder = child.stdin.take().map(|mut stdin| {
            let data = ndjson.clone();
            std::thread::spawn(move || {
                let _ = stdin.write_all(data.as_bytes());
            })
        });
        let stderr = interrupt_blocked(&mut child, Duration::from_millis(500));
        assert_eq!(stderr, "error: interrupted\n", "stdin: {from_stdin}");
        if let Some(feeder) = feeder {
            let _ = feeder.join();
        }
    }
}

/// The same for a live stream: `deploy prompt` piped and with `--json`, whose thread that
/// reads the network waits for the writing thread, stuck on the full pipe. Before, that wait
/// kept the runtime's only thread, so the Ctrl-C handler never ran.
#[test]
fn ctrl_c_while_stdout_is_blocked_during_a_stream() {
    let sse = neynar_studio::emulator::session::firehose(8 << 20);
    for json in [false, true] {
        let env = TestEnv::new();
        let server = prompt_server(vec![write(sse.clone()), pause(30_000)]);
        let mut args = vec!["deploy", "prompt", "server-1", "go"];
        if json {
            args.push("--json");
        }
        let mut child = env.api_process(&server.url(), &args).spawn().unwrap();
        let stderr = interrupt_blocked(&mut child, Duration::from_millis(1000));
        assert!(
            stderr.contains("\nerror: interrupted\n"),
            "--json: {json}\n{stderr}"
        );
    }
}

/// The firehose's events as NDJSON lines: 8 MiB, far more than a pipe holds.
fn firehose_ndjson() -> String {
    String::from_utf8(neynar_studio::emulator::session::firehose(8 << 20))
        .unwrap()
        .split("\n\n")
        .filter_map(|e| e.strip_prefix("data: "))
        .map(|data| format!("{data}\n"))
        .collect()
}

/// Leaves `child`'s stdout unread for `fill` (the pipe fills long before its output ends),
/// checks it is still running, sends Ctrl-C and waits for exit 130: its stderr.
fn interrupt_blocked(child: &mut std::process::Child, fill: Duration) -> String {
    let stdout = child.stdout.take();
    std::thread::sleep(fill);
    assert!(
        child.try_wait().unwrap().is_none(),
        "it ended before the pipe filled"
    );
    let status = interrupt_child(child, Duration::from_secs(10));
    let stderr = rest_of_stderr(child);
    assert_eq!(status.code(), Some(130), "{stderr}");
    drop(stdout);
    stderr
}
