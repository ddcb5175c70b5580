//! The live view as a person sees it: the real binary on a pseudo-terminal, its bytes read
//! through a terminal emulator (`vt100`), at 100, 80 and 40 columns, with real Claude Code
//! streams recorded by other people (`../shared/fixtures/transcripts/`) and the fixture
//! session. And `render`, which must draw a saved stream as the live view drew it.

use std::time::Duration;

use serde_json::{Value, json};

use crate::common::screen::{Pty, Screen};
use crate::common::script_server::{Reply, ScriptServer, Step, pause, write};
use crate::common::*;

const GET_PATH: &str = "/v2/studio/deployment/by-name-and-fid";
const STREAM_PATH: &str = "/v2/studio/deployment/prompt/stream";
const T: Duration = Duration::from_secs(60);
const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

fn transcript(name: &str) -> String {
    let path = format!(
        "{}/../shared/fixtures/transcripts/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Each line of a stream-json transcript as one SSE event, with a pause now and then so the
/// spinner draws between lines (as it would over a real 5-10 minute run).
fn as_sse(jsonl: &str, pause_ms: u64) -> Vec<Step> {
    let mut steps = Vec::new();
    for (i, line) in jsonl.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        steps.push(write(format!("data: {line}\n\n")));
        if i % 8 == 0 {
            steps.push(pause(pause_ms));
        }
    }
    steps
}

fn serve(steps: Vec<Step>) -> ScriptServer {
    let mut d = deployment("server-1", true);
    d["generated_app_exists"] = json!(false);
    ScriptServer::start(vec![
        ("GET", GET_PATH, Reply::json(200, &d)),
        ("POST", STREAM_PATH, Reply::sse(steps)),
    ])
}

fn api_env(server: &ScriptServer) -> Vec<(&'static str, String)> {
    vec![
        ("NEYNAR_API_URL", server.url()),
        ("NEYNAR_API_KEY", KEY.to_string()),
        ("NEYNAR_FID", "3".to_string()),
    ]
}

/// `deploy prompt` on a terminal of `cols` columns, streaming `steps`.
fn live(steps: Vec<Step>, cols: u16, extra: &[(&str, &str)]) -> Screen {
    let env = TestEnv::new();
    let server = serve(steps);
    let vars = api_env(&server);
    let mut all: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    all.extend_from_slice(extra);
    Pty::spawn(
        &env,
        &["deploy", "prompt", "server-1", "build the app"],
        40,
        cols,
        &all,
    )
    .finish(T)
}

/// What a person must never see, whatever the stream: spinner frames left in the scrollback,
/// a hidden cursor, a line of ours wider than the terminal, styling the CLI did not choose.
fn assert_clean_screen(screen: &Screen, what: &str) {
    let text = screen.contents();
    assert!(
        !text.contains(FRAMES),
        "{what}: spinner residue in the scrollback:\n{text}"
    );
    assert!(
        screen.cursor_visible(),
        "{what}: the cursor is hidden at exit"
    );
    // Values a person copies (URLs, the ids to continue with) are never cut: on a terminal
    // narrower than one, the terminal wraps that line. Every other line fits.
    let wrapped: Vec<String> = screen
        .wrapped_rows()
        .into_iter()
        .filter(|row| !row.contains("://") && !row.contains("continue with:"))
        .collect();
    assert_eq!(
        wrapped,
        Vec::<String>::new(),
        "{what}: lines wider than the terminal:\n{text}"
    );
    for run in screen.styled_runs() {
        let s = &run.style;
        assert!(
            !s.inverse && !s.underline && !s.italic && s.bg == vt100::Color::Default,
            "{what}: a style the CLI never uses on {:?}",
            run.text
        );
        let ours = matches!(
            s.fg,
            vt100::Color::Default | vt100::Color::Idx(1 | 2 | 3 | 6)
        );
        assert!(ours, "{what}: colour {:?} on {:?}", s.fg, run.text);
    }
    let raw = String::from_utf8_lossy(&screen.raw);
    for window in KEY.as_bytes().windows(12) {
        let window = std::str::from_utf8(window).unwrap();
        assert!(!raw.contains(window), "{what}: 12 characters of the key");
    }
}

const TRANSCRIPTS: [&str; 5] = [
    "parallel-tools-thinking.jsonl",
    "partial-text-deltas.jsonl",
    "task-subagents.jsonl",
    "todowrite.jsonl",
    "write-edit-errors.jsonl",
];

#[test]
fn every_transcript_on_80_and_40_columns_leaves_nothing_behind() {
    for name in TRANSCRIPTS {
        for cols in [80, 40] {
            let screen = live(as_sse(&transcript(name), 30), cols, &[]);
            let what = format!("{name} at {cols} columns");
            assert_eq!(screen.code, 0, "{what}:\n{}", screen.contents());
            assert_clean_screen(&screen, &what);
            assert!(
                screen.contents().contains("✓ Done in "),
                "{what}:\n{}",
                screen.contents()
            );
        }
    }
}

#[test]
fn the_screens_people_see() {
    // Whole screens, snapshotted: what each stream shows at 80 columns, and the subagent
    // stream at 40.
    for (name, cols) in [
        ("parallel-tools-thinking.jsonl", 80),
        ("todowrite.jsonl", 80),
        ("write-edit-errors.jsonl", 80),
        ("task-subagents.jsonl", 80),
        ("task-subagents.jsonl", 40),
    ] {
        let screen = live(as_sse(&transcript(name), 5), cols, &[("NO_COLOR", "1")]);
        assert_clean_screen(&screen, name);
        assert!(!screen.has_color(), "NO_COLOR: {name}");
        let snap_name = format!("{}_{cols}", name.trim_end_matches(".jsonl"));
        // Without `duration_ms` in the result the summary shows the wall-clock time.
        insta::with_settings!({prepend_module_to_snapshot => true, omit_expression => true, filters => vec![(r"Done in \d+(\.\d+)?m?s ", "Done in [time] ")]}, {
            insta::assert_snapshot!(snap_name, screen.contents());
        });
    }
}

#[test]
fn the_fixture_session_at_100_columns_with_colour() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/agent-session.sse"
    ))
    .unwrap();
    let mut steps = Vec::new();
    for event in text.split_inclusive("\n\n") {
        steps.push(write(event));
        steps.push(pause(40));
    }
    let screen = live(steps, 100, &[]);
    assert_eq!(screen.code, 0);
    assert_clean_screen(&screen, "fixture session");
    // Colour on the CLI's own marks, none on the model's prose.
    let coloured = screen.colored_text().join("|");
    assert!(coloured.contains("▸"), "{coloured}");
    assert!(coloured.contains("✓ Done"), "{coloured}");
    assert!(!coloured.contains("Let me look"), "{coloured}");
    insta::with_settings!({prepend_module_to_snapshot => true, omit_expression => true}, {
        insta::assert_snapshot!("fixture_session_100", screen.contents());
    });
}

#[test]
fn a_failed_run_says_why_on_the_screen() {
    let steps = as_sse(
        &[
            r#"{"type":"system","subtype":"init","model":"claude-sonnet-4-5","session_id":"s-9","cwd":"/w"}"#,
            r#"{"type":"assistant","message":{"model":"claude-sonnet-4-5","content":[{"type":"text","text":"Working."}]}}"#,
            r#"{"type":"result","subtype":"error_max_turns","is_error":true,"num_turns":40,"duration_ms":61000,"errors":["Reached maximum number of turns (40)"],"session_id":"s-9"}"#,
        ]
        .join("\n"),
        10,
    );
    let screen = live(steps, 80, &[("NO_COLOR", "1")]);
    assert_eq!(screen.code, 1);
    assert_clean_screen(&screen, "failed run");
    assert_eq!(
        screen.contents(),
        "Action: code-create (no app has been generated yet)\n\
         Working.\n\
         \n\
         ✗ Failed after 1m 01s · 40 turns · claude-sonnet-4-5\n\
         \u{20} Reached maximum number of turns (40)\n\
         \u{20} https://server-1.studio.neynar.com\n\
         \u{20} continue with: --session s-9\n\
         error: the generation ended in error: Reached maximum number of turns (40)"
    );
}

/// Issue 11, finding 1: a key split across two text deltas printed whole.
#[test]
fn a_key_split_across_deltas_is_masked() {
    let (a, b) = KEY.split_at(9);
    let delta = |t: &str| {
        json!({"type":"stream_event","event":{"type":"content_block_delta","delta":{"type":"text_delta","text":t}}})
            .to_string()
    };
    let steps = vec![
        write(format!("data: {}\n\n", delta("the key is "))),
        write(format!("data: {}\n\n", delta(a))),
        pause(150),
        write(format!("data: {}\n\n", delta(b))),
        write(format!("data: {}\n\n", delta(" ok"))),
        write("data: {\"type\":\"result\",\"subtype\":\"success\"}\n\n"),
    ];
    let screen = live(steps.clone(), 80, &[]);
    assert_clean_screen(&screen, "split key");
    assert!(
        screen.contents().contains("the key is **** ok"),
        "{}",
        screen.contents()
    );
    // Piped too.
    let env = TestEnv::new();
    let server = serve(steps);
    let r = run(env
        .api(&server.url())
        .args(["deploy", "prompt", "server-1", "go now"]));
    assert!(r.stdout.starts_with("the key is **** ok\n"), "{}", r.stdout);
}

/// Issue 11, findings 2 and 3: the key in a spinner line, and cut before masking.
#[test]
fn the_key_in_a_tool_call_is_masked_in_the_spinner_and_the_line() {
    let call = json!({"type":"assistant","message":{"content":[{"type":"tool_use","id":"t1","name":"Bash","input":{"command":format!("curl -H 'x-api-key: {KEY}' https://api.example/very/long/path/that/is/cut")}}]}});
    let steps = vec![
        write(format!("data: {call}\n\n")),
        pause(400),
        write("data: {\"type\":\"result\",\"subtype\":\"success\"}\n\n"),
    ];
    for cols in [100, 40] {
        let screen = live(steps.clone(), cols, &[]);
        assert_clean_screen(&screen, "key in a tool call");
        assert!(
            screen
                .contents()
                .contains("▸ Bash curl -H 'x-api-key: ****"),
            "{}",
            screen.contents()
        );
    }
}

/// Issue 11, finding 4: an escaped spelling of the key in `--json`.
#[test]
fn ndjson_masks_an_escaped_key() {
    let escaped = format!("\\u{:04x}{}", KEY.as_bytes()[0], &KEY[1..]);
    let event = format!(r#"{{"type":"assistant","message":"here {escaped}"}}"#);
    let env = TestEnv::new();
    let server = serve(vec![
        write(format!("data: {event}\n\n")),
        write("data: {\"type\":\"result\",\"subtype\":\"success\"}\n\n"),
    ]);
    let r = run(env
        .api(&server.url())
        .args(["deploy", "prompt", "server-1", "go now", "--json"]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    let first: Value = serde_json::from_str(r.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(first["message"], "here ****");
}

/// Issue 11, findings 6 and 7: a deployment name holding OSC 52 (clipboard), a title,
/// clear-screen and a zero-width space, and one holding a newline (a forged row).
#[test]
fn a_hostile_name_never_drives_the_terminal() {
    let env = TestEnv::new();
    let hostile = "srv\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}]0;owned\u{7}\u{1b}[2J\u{200b}";
    let d = deployment(hostile, true);
    let forged = deployment("a\nserver-9  forged  yes", true);
    let server = ScriptServer::start(vec![
        ("GET", GET_PATH, Reply::json(200, &d)),
        (
            "GET",
            "/v2/studio/deployment/",
            Reply::json(200, &json!([d, forged])),
        ),
    ]);
    let vars = api_env(&server);
    let all: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    for args in [&["deploy", "get", "server-1"][..], &["deploy", "list"][..]] {
        let screen = Pty::spawn(&env, args, 24, 100, &all).finish(T);
        let raw = String::from_utf8_lossy(&screen.raw);
        for bad in ["\u{1b}]52", "\u{1b}]0;", "\u{1b}[2J", "\u{200b}"] {
            assert!(!raw.contains(bad), "{args:?}: {bad:?} reached the terminal");
        }
        assert!(
            screen.contents().contains("srv\\u{1b}]52;c;cHduZWQ=\\u{7}"),
            "{}",
            screen.contents()
        );
        assert!(
            !screen.contents().lines().any(|l| l.starts_with("server-9")),
            "a forged row:\n{}",
            screen.contents()
        );
        assert_clean_screen(&screen, "hostile name");
    }
}

/// The summary without its time (` in 3s`, ` after 0ms`): a saved stream whose result has no
/// `duration_ms` shows none, where the live view shows the wall-clock time.
fn no_time(text: &str) -> String {
    let mut text = text.to_string();
    for (head, word) in [("✓ Done", " in "), ("✗ Failed", " after ")] {
        if let Some(at) = text.find(&format!("{head}{word}")) {
            let from = at + head.len();
            let time = from + word.len();
            let rest = &text[time..];
            let end = time + rest.find(" · ").or(rest.find('\n')).unwrap_or(rest.len());
            text.replace_range(from..end, "");
        }
    }
    text
}

/// `render` draws a saved `--json` stream as the live view drew it, with the same exit code.
#[test]
fn render_draws_what_prompt_drew() {
    for (name, code) in [
        ("task-subagents.jsonl", 0),
        ("parallel-tools-thinking.jsonl", 0),
    ] {
        let env = TestEnv::new();
        let server = serve(as_sse(&transcript(name), 0));
        let live = run(env
            .api(&server.url())
            .args(["deploy", "prompt", "server-1", "go now"]));
        let server = serve(as_sse(&transcript(name), 0));
        let saved = run(env
            .api(&server.url())
            .args(["deploy", "prompt", "server-1", "go now", "--json"]));
        assert_eq!((live.code, saved.code), (code, code));
        let file = env.home().join("run.ndjson");
        std::fs::write(&file, &saved.stdout).unwrap();
        let drawn = run(env.cmd().args(["render", "run.ndjson"]));
        assert_eq!(drawn.code, code, "{}", drawn.transcript());
        // The live view ends with the deployment's URL, which a saved stream does not hold.
        let live_out = live
            .stdout
            .replace("  https://server-1.studio.neynar.com\n", "");
        // Without `duration_ms` the live summary shows the wall-clock time, a saved one none.
        assert_eq!(no_time(&drawn.stdout), no_time(&live_out), "{name}");
        // From stdin, and as raw SSE, the same.
        let sse: String = transcript(name)
            .lines()
            .map(|l| format!("data: {l}\n\n"))
            .collect();
        let from_sse = run(env.cmd().args(["render", "-"]).write_stdin(sse));
        assert_eq!(from_sse.stdout, drawn.stdout);
    }
    // A failed run renders as failed, exit 1; a cut stream says so.
    let env = TestEnv::new();
    let failed = r#"{"type":"result","subtype":"error_max_turns","is_error":true,"errors":["Reached maximum number of turns (40)"]}"#;
    let r = run(env.cmd().args(["render", "-"]).write_stdin(failed));
    assert_eq!(
        r.transcript(),
        "exit: 1\n--- stdout\n\n✗ Failed\n  Reached maximum number of turns (40)\n--- stderr\nerror: the generation ended in error: Reached maximum number of turns (40)\n"
    );
    // A saved result without `duration_ms` says nothing of how long the run took; with it,
    // the summary shows it.
    let done = r#"{"type":"result","subtype":"success","is_error":false,"num_turns":2,"total_cost_usd":0.5}"#;
    let r = run(env.cmd().args(["render", "-"]).write_stdin(done));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\n\n✓ Done · 2 turns · $0.5000\n--- stderr\n"
    );
    let timed = done.replace("\"num_turns\"", "\"duration_ms\":61000,\"num_turns\"");
    let r = run(env.cmd().args(["render", "-"]).write_stdin(timed));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\n\n✓ Done in 1m 01s · 2 turns · $0.5000\n--- stderr\n"
    );
    let r = run(env
        .cmd()
        .args(["render", "-"])
        .write_stdin("{\"type\":\"assistant\",\"message\":\"half\"}\n"));
    assert_eq!(
        r.transcript(),
        "exit: 1\n--- stdout\nhalf\n--- stderr\nerror: the saved stream ends before the generation finished (no result event)\n"
    );
    let r = run(env.cmd().args(["render", "missing.ndjson"]));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: cannot read missing.ndjson: no such file\n"
    );
    // A directory is the argument's fault too: the same exit, nothing drawn.
    std::fs::create_dir(env.home().join("runs")).unwrap();
    let r = run(env.cmd().args(["render", "runs"]));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: cannot read runs: it is a directory\nhint: give the file a `deploy prompt --json` run was saved to, or - for stdin\n"
    );
}

/// `render` of a saved stream on a terminal draws what the live view drew there, and leaves
/// the screen as clean.
#[test]
fn render_on_a_terminal_draws_the_live_screen() {
    for (name, cols) in [
        ("task-subagents.jsonl", 80),
        ("write-edit-errors.jsonl", 40),
    ] {
        let shown = live(as_sse(&transcript(name), 5), cols, &[("NO_COLOR", "1")]);
        let env = TestEnv::new();
        std::fs::write(env.home().join("run.ndjson"), transcript(name)).unwrap();
        let drawn = Pty::spawn(
            &env,
            &["render", "run.ndjson"],
            40,
            cols,
            &[("NO_COLOR", "1")],
        )
        .finish(T);
        assert_clean_screen(&drawn, name);
        assert_eq!(drawn.code, shown.code, "{name}");
        // The live run also said first what the deployment does (wrapped at 40 columns), and
        // at the end where the app is.
        let drawn = drawn.contents();
        let shown = shown
            .contents()
            .replace("  https://server-1.studio.neynar.com\n", "");
        let first = drawn.lines().next().unwrap_or_default();
        let (action, shown) = shown.split_at(shown.find(first).unwrap_or(0));
        assert_eq!(
            action.replace('\n', " "),
            "Action: code-create (no app has been generated yet) "
        );
        assert_eq!(no_time(&drawn), no_time(shown), "{name}");
    }
}

/// A regular file is read in blocks by two workers that take them in turn; what it draws is
/// what the same bytes draw from a pipe, line for line: blank lines, CRLF ends, a block that
/// is not UTF-8, lines across block edges, a result in an early block that a later one
/// replaces, and a last line without its end. An over-long line ends the run after the lines
/// before it, with its number.
#[test]
fn render_of_a_file_draws_what_a_pipe_draws() {
    let env = TestEnv::new();
    let text = |t: &str| {
        json!({"type":"stream_event","event":{"type":"content_block_delta","delta":{"type":"text_delta","text":t}}})
            .to_string()
    };
    let tool = |i: usize| {
        json!({"type":"assistant","message":{"content":[{"type":"tool_use","id":format!("t{i}"),"name":"Bash","input":{"command":format!("echo {i}")}}]}})
            .to_string()
    };
    let mut bytes: Vec<u8> = Vec::new();
    for i in 0..4000 {
        bytes.extend_from_slice(tool(i).as_bytes());
        bytes.extend_from_slice(if i % 7 == 0 { b"\r\n\n" } else { b"\n" });
        bytes.extend_from_slice(text(&format!("step {i} ")).as_bytes());
        bytes.push(b'\n');
        if i == 1000 {
            // A failed result, then more events and the last result: the last one counts.
            bytes.extend_from_slice(
                br#"{"type":"result","subtype":"error_during_execution","is_error":true}"#,
            );
            bytes.push(b'\n');
        }
        if i == 2500 {
            // Not UTF-8: the line is made valid (as a pipe does) and shown as text.
            bytes.extend_from_slice(b"{\"type\":\"assistant\",\"message\":\"bad \xff byte\"}\n");
        }
    }
    bytes.extend_from_slice(br#"{"type":"result","subtype":"success","num_turns":3}"#);
    assert!(bytes.len() > 3 * (256 << 10), "{}", bytes.len());
    std::fs::write(env.home().join("run.ndjson"), &bytes).unwrap();
    let file = run(env.cmd().args(["render", "run.ndjson"]));
    let pipe = run(env.cmd().args(["render", "-"]).write_stdin(bytes.clone()));
    assert_eq!(file.code, 0, "{}", file.stderr);
    assert!(file.stdout.contains("bad \u{fffd} byte"), "{}", file.stdout);
    assert!(file.stdout.contains("▸ Bash echo 3999\nstep 3999 \n"));
    assert_eq!(file.transcript(), pipe.transcript());

    // A block of more events than are decoded ahead (tiny ones): a failed result after them
    // is decoded as it is drawn, and still decides the exit.
    let mut bytes = "{}\n".repeat(6000).into_bytes();
    bytes.extend_from_slice(
        br#"{"type":"result","subtype":"error_max_turns","is_error":true,"errors":["Reached maximum number of turns (40)"]}"#,
    );
    bytes.extend_from_slice("\n{}".repeat(10).as_bytes());
    std::fs::write(env.home().join("tiny.ndjson"), &bytes).unwrap();
    let file = run(env.cmd().args(["render", "tiny.ndjson"]));
    let pipe = run(env.cmd().args(["render", "-"]).write_stdin(bytes));
    assert_eq!(file.code, 1, "{}", file.transcript());
    assert!(
        file.stderr.contains("Reached maximum number of turns (40)"),
        "{}",
        file.transcript()
    );
    assert_eq!(file.transcript(), pipe.transcript());

    // Line 2 runs past the 4 MiB limit of one event: far past (found while reading), and
    // just past (its end read in the same block); then the same after 100,000 short lines
    // (blank ones among them), read in several blocks first: the number counts every line.
    for size in [5 << 20, 4 << 20] {
        let mut long = text("before").into_bytes();
        long.push(b'\n');
        long.extend_from_slice(text(&"x".repeat(size)).as_bytes());
        long.push(b'\n');
        long.extend_from_slice(text("after").as_bytes());
        for (name, before, number) in [("long.ndjson", 0, 2), ("late.ndjson", 50_000, 100_002)] {
            let mut bytes = "{}\n\n".repeat(before).into_bytes();
            bytes.extend_from_slice(&long);
            std::fs::write(env.home().join(name), &bytes).unwrap();
            let r = run(env.cmd().args(["render", name]));
            assert_eq!(
                r.transcript(),
                format!(
                    "exit: 1\n--- stdout\nbefore\n--- stderr\nerror: {name}: line {number} is longer than 4 MiB, the limit for one event\n"
                ),
                "{size}"
            );
        }
    }
}

/// The writer reads the width at each line: after a resize, lines fit the new width.
#[test]
fn lines_follow_a_resize() {
    let tool = |id: &str| json!({"type":"assistant","message":{"content":[{"type":"tool_use","id":id,"name":"Bash","input":{"command":"npm run build -- --a-long-flag --and-another-long-flag --verbose"}}]}});
    let steps = vec![
        write(format!("data: {}\n\n", tool("a"))),
        pause(1500),
        write(format!("data: {}\n\n", tool("b"))),
        write("data: {\"type\":\"result\",\"subtype\":\"success\"}\n\n"),
    ];
    let env = TestEnv::new();
    let server = serve(steps);
    let vars = api_env(&server);
    let mut all: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    all.push(("NO_COLOR", "1"));
    let mut pty = Pty::spawn(
        &env,
        &["deploy", "prompt", "server-1", "go now"],
        30,
        100,
        &all,
    );
    pty.wait_for_text("--verbose", T);
    pty.resize(30, 40);
    let screen = pty.finish(T);
    assert_eq!(screen.code, 0, "{}", screen.contents());
    let lines: Vec<String> = screen
        .contents()
        .lines()
        .filter(|l| l.starts_with("▸ Bash"))
        .map(String::from)
        .collect();
    // The first line was drawn at 100 columns (the emulator cut it when the screen shrank);
    // the second was cut by the CLI to the new 40.
    assert_eq!(lines.len(), 2, "{}", screen.contents());
    assert_eq!(lines[1], "▸ Bash npm run build -- --a-long-flag -…");
    assert_clean_screen(&screen, "after a resize");
}

/// A writer the test reads back.
#[derive(Clone, Default)]
struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `render` reads and decodes on one thread and draws on another, the decoding going to
/// whichever has time: on a stream of thousands of events in hundreds of batches, what it
/// prints is byte for byte what one thread decoding and drawing each event in turn prints.
#[test]
fn the_two_thread_rendering_draws_what_one_thread_draws() {
    use neynar_studio::api::events;
    use neynar_studio::render::stream::StreamView;
    // Real sessions, then a long synthetic one (the last event is its result).
    let mut lines: Vec<String> = Vec::new();
    for name in ["task-subagents.jsonl", "parallel-tools-thinking.jsonl"] {
        lines.extend(
            transcript(name)
                .lines()
                .filter(|l| !l.contains("\"type\":\"result\""))
                .map(String::from),
        );
    }
    let sse = String::from_utf8(neynar_studio::emulator::session::firehose(3 << 20)).unwrap();
    lines.extend(
        sse.split("\n\n")
            .filter_map(|e| e.strip_prefix("data: "))
            .map(String::from),
    );
    assert!(lines.len() > 10_000, "{}", lines.len());
    let env = TestEnv::new();
    std::fs::write(env.home().join("big.ndjson"), lines.join("\n") + "\n").unwrap();
    let drawn = run(env.cmd().args(["render", "big.ndjson"]));
    assert_eq!(drawn.code, 0, "{}", drawn.stderr);

    let out = Shared::default();
    let mut view = StreamView::plain(Box::new(out.clone()), false);
    let mut result = None;
    for line in &lines {
        let event = events::decode(line);
        view.event(&event, line).unwrap();
        if let events::Event::Result(r) = event {
            result = Some((r, line.clone()));
        }
    }
    let (r, raw) = result.expect("a result");
    view.summary(&r, Some(&raw), None, None).unwrap();
    view.flush().unwrap();
    let expected = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
    assert!(expected.lines().count() > 5_000);
    assert!(drawn.stdout == expected, "the two renderings differ");
}

/// A reader that stops early (`| head`) ends the rendering quietly, exit 0: the live view's two
/// threads (SSE) and the block workers (an NDJSON file).
#[test]
fn a_reader_that_stops_early_ends_the_rendering_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let env = TestEnv::new();
    let sse = neynar_studio::emulator::session::firehose(8 << 20);
    std::fs::write(env.home().join("big.sse"), &sse).unwrap();
    // The same events as NDJSON: a regular file's lines go to the two block workers.
    let ndjson: String = String::from_utf8(sse)
        .unwrap()
        .split("\n\n")
        .filter_map(|e| e.strip_prefix("data: "))
        .map(|data| format!("{data}\n"))
        .collect();
    std::fs::write(env.home().join("big.ndjson"), ndjson).unwrap();
    for name in ["big.sse", "big.ndjson"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("neynar-studio"))
            .args(["render", name])
            .env_clear()
            .env("HOME", env.home())
            .env("NO_COLOR", "1")
            .current_dir(env.home())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 64];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The pipe is closed here (dropped with the taken handle).
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!((status.code(), stderr.as_str()), (Some(0), ""), "{name}");
        assert!(
            String::from_utf8_lossy(&first).starts_with("I'll build that"),
            "{name}"
        );
    }
}
