//! The pseudo-terminal screen harness (`common::screen`): checked on tiny shell scripts whose
//! screen is known, then on the real binary.

use std::time::Duration;

use crate::common::TestEnv;
use crate::common::screen::Pty;

const T: Duration = Duration::from_secs(30);

fn sh(script: &str, rows: u16, cols: u16) -> crate::common::screen::Screen {
    let env = TestEnv::new();
    Pty::spawn_command(&env, "sh", &["-c", script], rows, cols, &[]).finish(T)
}

#[test]
fn hidden_cursor_is_reported() {
    let screen = sh(r"printf '\033[?25lworking'", 10, 40);
    assert!(!screen.cursor_visible(), "{}", screen.contents());
    assert_eq!(screen.contents(), "working");

    let screen = sh(r"printf '\033[?25lworking\033[?25h'", 10, 40);
    assert!(screen.cursor_visible());
}

#[test]
fn a_line_wider_than_the_terminal_is_wrapped() {
    let screen = sh(
        r#"printf 'short\n'; printf 'x%.0s' $(seq 1 50); printf '\nexactly forty columns wide, no wrap ...\nend\n'"#,
        10,
        40,
    );
    let fifty = "x".repeat(50);
    assert_eq!(
        screen.wrapped_rows(),
        vec![fifty.clone()],
        "{}",
        screen.contents()
    );
    assert_eq!(screen.longest_line(), 50);
    assert!(screen.contents().contains(&"x".repeat(40)));
    assert!(screen.logical_lines().contains(&fifty));
    // A line exactly as wide as the terminal fills it without wrapping.
    let screen = sh(r"printf 'y%.0s' $(seq 1 40); printf '\n'", 10, 40);
    assert!(screen.wrapped_rows().is_empty(), "{:?}", screen.rows);
    assert_eq!(screen.longest_line(), 40);
}

#[test]
fn colour_runs_are_reported() {
    let screen = sh(
        r"printf '\033[31mred\033[0m plain \033[1mbold\033[0m\n'",
        10,
        40,
    );
    assert_eq!(screen.contents(), "red plain bold");
    assert_eq!(screen.colored_text(), vec!["red", "bold"]);
    let runs = screen.styled_runs();
    assert_eq!(runs[0].style.fg, vt100::Color::Idx(1));
    assert!(runs[1].style.bold);
    assert!(screen.has_color());

    let screen = sh("printf 'plain only\n'", 10, 40);
    assert!(!screen.has_color());
}

#[test]
fn scrollback_keeps_everything_printed() {
    let screen = sh("seq 1 500", 10, 40);
    let want: Vec<String> = (1..=500).map(|n| n.to_string()).collect();
    assert_eq!(screen.contents(), want.join("\n"));
    assert_eq!(screen.visible(), want[491..].join("\n"));
}

#[test]
fn typing_signals_resizing_and_exit_codes() {
    let env = TestEnv::new();
    // stdin, stdout and stderr are the terminal; its size is what `stty size` reports.
    let script = r#"[ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo tty; stty size; echo err >&2
        trap 'stty size; exit 7' WINCH
        read line; echo "got $line"; while :; do sleep 0.05; done"#;
    let mut pty = Pty::spawn_command(&env, "sh", &["-c", script], 24, 80, &[]);
    pty.wait_for_text("err", T);
    pty.write(b"hello\r");
    pty.wait_for_text("got hello", T);
    pty.resize(30, 100);
    let screen = pty.finish(T);
    assert_eq!(screen.code, 7, "{}", screen.contents());
    let lines = screen.logical_lines();
    assert_eq!(
        lines,
        ["tty", "24 80", "err", "hello", "got hello", "30 100"],
        "{}",
        screen.contents()
    );

    let pty = Pty::spawn_command(&env, "sleep", &["30"], 24, 80, &[]);
    pty.signal(libc::SIGTERM);
    let screen = pty.finish(T);
    assert_eq!(screen.code, -1);
    assert!(screen.signal.is_some());

    // Ctrl-C typed at the terminal interrupts the foreground program.
    let mut pty = Pty::spawn_command(
        &env,
        "sh",
        &["-c", "echo ready; exec sleep 30"],
        24,
        80,
        &[],
    );
    pty.wait_for_text("ready", T);
    pty.write(b"\x03");
    let screen = pty.finish(T);
    assert_eq!(screen.code, -1, "{}", screen.contents());
}

#[test]
fn version_on_a_wide_terminal() {
    let env = TestEnv::new();
    let screen = Pty::spawn(&env, &["--version"], 24, 100, &[]).finish(T);
    assert_eq!(screen.code, 0, "{}", screen.contents());
    assert_eq!(
        screen.contents(),
        concat!("neynar-studio ", env!("CARGO_PKG_VERSION"))
    );
    assert!(screen.cursor_visible());
}

#[test]
fn help_fits_a_narrow_terminal() {
    let env = TestEnv::new();
    let screen = Pty::spawn(&env, &["--help"], 24, 40, &[]).finish(T);
    assert_eq!(screen.code, 0, "{}", screen.contents());
    assert!(
        screen.contents().contains("Usage:"),
        "{}",
        screen.contents()
    );
    assert!(
        screen.wrapped_rows().is_empty(),
        "help runs past 40 columns: {:#?}\n{}",
        screen.wrapped_rows(),
        screen.contents()
    );
    assert!(screen.longest_line() <= 40);
    assert!(screen.cursor_visible());
}

#[test]
#[should_panic(expected = "did not show \"never\" within")]
fn waiting_for_text_that_never_comes_fails_with_the_screen() {
    let env = TestEnv::new();
    let pty = Pty::spawn_command(
        &env,
        "sh",
        &["-c", "echo waiting; exec sleep 30"],
        24,
        80,
        &[],
    );
    pty.wait_for_text("waiting", T);
    // The panic drops the `Pty`, which kills the sleep.
    pty.wait_for_text("never", Duration::from_millis(200));
}

#[test]
#[should_panic(expected = "still running after")]
fn a_program_that_does_not_exit_is_killed() {
    let env = TestEnv::new();
    Pty::spawn_command(&env, "sleep", &["30"], 24, 80, &[]).finish(Duration::from_millis(200));
}
