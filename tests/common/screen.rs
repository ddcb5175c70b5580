//! Runs a program on a real pseudo-terminal of a chosen size and reads what a person would see
//! through a terminal emulator, so tests can assert on the screen rather than on bytes.
//!
//! Design:
//! - `portable-pty` opens the pty pair at `rows` x `cols` and starts the child as a session
//!   leader with the pty as its controlling terminal: stdin, stdout and stderr are all the pty
//!   (what a person types and sees), `isatty` is true, Ctrl-C typed as `\x03` goes through the
//!   line discipline, and `resize` makes the kernel send SIGWINCH.
//! - The environment is cleared as in `TestEnv` (HOME, XDG dirs, PATH, working directory in
//!   HOME, no proxies), with `TERM=xterm-256color` and no `NO_COLOR` unless a test passes it.
//!   (`portable-pty` always adds `SHELL`.)
//! - A background thread reads the master end continuously, so the child never blocks on a
//!   full pty buffer, and feeds every byte to a `vt100` parser (10 000 rows of scrollback) as
//!   well as keeping the raw stream. The reader stops at end of output: on Linux that is `EIO`
//!   once every holder of the terminal side has gone.
//! - The child is reaped only in `finish` (or when a `Pty` is dropped), so its pid cannot be
//!   reused while `signal` may still target it.
//! - A [`Screen`] is a plain copy of the emulator's state: every row of scrollback and of the
//!   visible screen with its text, whether the terminal soft-wrapped it (the program wrote past
//!   the last column) and the style of each cell, plus cursor visibility and the raw bytes.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, MasterPty, PtySize};

use super::{KEY, TestEnv};

/// Rows of scrollback the emulator keeps: enough for everything a test prints.
pub const SCROLLBACK: usize = 10_000;

/// How long `finish` waits, after the child exits, for the rest of its output.
const DRAIN: Duration = Duration::from_secs(5);

struct State {
    parser: vt100::Parser,
    raw: Vec<u8>,
    /// The reader hit end of output (or an error): nothing more will arrive.
    eof: bool,
}

type Shared = Arc<(Mutex<State>, Condvar)>;

/// A program running on a pseudo-terminal.
pub struct Pty {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Option<Box<dyn Write + Send>>,
    shared: Shared,
    reader: Option<JoinHandle<()>>,
    pid: i32,
    /// The command line, for failure messages.
    label: String,
    /// The child has been reaped: its pid must not be signalled any more.
    reaped: bool,
}

impl Pty {
    /// Starts `neynar-studio` with `args` on a `rows` x `cols` terminal, with the test
    /// environment and `extra_env` (e.g. `NEYNAR_API_URL`, `NEYNAR_API_KEY`, `NO_COLOR`).
    pub fn spawn(
        env: &TestEnv,
        args: &[&str],
        rows: u16,
        cols: u16,
        extra_env: &[(&str, &str)],
    ) -> Pty {
        let bin = assert_cmd::cargo::cargo_bin("neynar-studio");
        let bin = bin.to_str().expect("binary path is UTF-8");
        Pty::spawn_command(env, bin, args, rows, cols, extra_env)
    }

    /// Starts any `program` (a path, or a name looked up on PATH) on a `rows` x `cols`
    /// terminal with the same environment as [`Pty::spawn`].
    pub fn spawn_command(
        env: &TestEnv,
        program: &str,
        args: &[&str],
        rows: u16,
        cols: u16,
        extra_env: &[(&str, &str)],
    ) -> Pty {
        let pair = portable_pty::native_pty_system()
            .openpty(size(rows, cols))
            .expect("open a pty");

        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env_clear();
        cmd.env("HOME", env.home());
        cmd.env("XDG_CONFIG_HOME", env.home().join(".config"));
        cmd.env("XDG_STATE_HOME", env.home().join(".local/state"));
        cmd.env("XDG_DATA_HOME", env.home().join(".local/share"));
        cmd.env("PATH", std::env::var_os("PATH").unwrap_or_default());
        cmd.env("TERM", "xterm-256color");
        for (key, value) in extra_env {
            cmd.env(key, value);
        }
        cmd.cwd(env.home());

        let child = pair.slave.spawn_command(cmd).expect("start on the pty");
        // Our copy of the terminal side must go, or the reader never sees end of output.
        drop(pair.slave);
        let pid = child.process_id().expect("child pid") as i32;

        let master = pair.master;
        let mut reader = master.try_clone_reader().expect("pty reader");
        let writer = master.take_writer().expect("pty writer");
        let rows = NonZeroU16::new(rows).expect("rows > 0");
        let cols = NonZeroU16::new(cols).expect("cols > 0");
        let shared: Shared = Arc::new((
            Mutex::new(State {
                parser: vt100::Parser::new(rows, cols, SCROLLBACK),
                raw: Vec::new(),
                eof: false,
            }),
            Condvar::new(),
        ));
        let sink = shared.clone();
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                let n = match reader.read(&mut buf) {
                    Ok(0) => 0,
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    // EIO: the terminal side is closed, the normal end on Linux.
                    Err(_) => 0,
                };
                let (lock, cvar) = &*sink;
                let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
                if n == 0 {
                    state.eof = true;
                    cvar.notify_all();
                    return;
                }
                state.raw.extend_from_slice(&buf[..n]);
                state.parser.process(&buf[..n]);
                cvar.notify_all();
            }
        });

        let label = std::iter::once(program)
            .chain(args.iter().copied())
            .collect::<Vec<_>>()
            .join(" ");
        Pty {
            child,
            master,
            writer: Some(writer),
            shared,
            reader: Some(reader),
            pid,
            label,
            reaped: false,
        }
    }

    /// The child's process id.
    pub fn pid(&self) -> i32 {
        self.pid
    }

    /// The screen as it is now. `code` is -1: the program may still be running.
    pub fn snapshot(&self) -> Screen {
        let mut state = self.state();
        Screen::read(&mut state, -1, None)
    }

    /// Waits until `text` is on the screen or in the scrollback (also when the terminal
    /// wrapped it over rows); panics with the screen after `timeout`, or as soon as the
    /// program's output has ended without it.
    pub fn wait_for_text(&self, text: &str, timeout: Duration) {
        self.wait_until(&format!("{text:?}"), timeout, |screen| {
            screen.contents().contains(text) || screen.logical_lines().join("\n").contains(text)
        });
    }

    /// Waits until `ready` holds for the screen; panics with the screen after `timeout`, or
    /// as soon as the program's output has ended without it. `what` names the wait in the
    /// failure message.
    pub fn wait_until(&self, what: &str, timeout: Duration, ready: impl Fn(&Screen) -> bool) {
        let deadline = Instant::now() + timeout;
        let (lock, cvar) = &*self.shared;
        let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
        let mut seen = usize::MAX;
        loop {
            if state.raw.len() != seen || state.eof {
                seen = state.raw.len();
                let screen = Screen::read(&mut state, -1, None);
                if ready(&screen) {
                    return;
                }
                if state.eof {
                    panic!(
                        "{} ended its output without showing {what}; the screen:\n{}",
                        self.label,
                        screen.contents()
                    );
                }
            }
            let now = Instant::now();
            if now >= deadline {
                let screen = Screen::read(&mut state, -1, None);
                panic!(
                    "{} did not show {what} within {timeout:?}; the screen:\n{}",
                    self.label,
                    screen.contents()
                );
            }
            // Re-read at most every 20 ms: a fast stream does not re-render per chunk.
            let wait = (deadline - now).min(Duration::from_millis(20));
            state = cvar
                .wait_timeout(state, wait)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Types `bytes` at the terminal, e.g. `b"y\r"` or `b"\x03"` for Ctrl-C.
    pub fn write(&mut self, bytes: &[u8]) {
        let writer = self.writer.as_mut().expect("pty writer");
        writer.write_all(bytes).expect("write to the pty");
        writer.flush().expect("flush the pty");
    }

    /// Resizes the terminal: the emulator first, then the pty, whose new size makes the
    /// kernel send the child SIGWINCH. Output after that is drawn at the new size.
    pub fn resize(&mut self, rows: u16, cols: u16) {
        let mut state = self.state();
        state.parser.set_size(
            NonZeroU16::new(rows).expect("rows > 0"),
            NonZeroU16::new(cols).expect("cols > 0"),
        );
        self.master
            .resize(size(rows, cols))
            .expect("resize the pty");
    }

    /// Sends signal `sig` (e.g. `libc::SIGINT`) to the child process itself.
    pub fn signal(&self, sig: i32) {
        assert!(!self.reaped, "{} has already been reaped", self.label);
        // SAFETY: kill(2) with a pid we started and have not reaped (so not reused).
        let rc = unsafe { libc::kill(self.pid, sig) };
        assert_eq!(
            rc,
            0,
            "kill({}, {sig}): {}",
            self.pid,
            std::io::Error::last_os_error()
        );
    }

    /// Waits for the program to exit and for the rest of its output, and returns the final
    /// screen. After `timeout` it kills the program and panics with the screen. Also checks
    /// what every run must satisfy: the API key never shown, no panic.
    pub fn finish(mut self, timeout: Duration) -> Screen {
        let deadline = Instant::now() + timeout;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait for the child") {
                break status;
            }
            if Instant::now() >= deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                self.reaped = true;
                panic!(
                    "{} still running after {timeout:?}; killed. The screen:\n{}",
                    self.label,
                    self.snapshot().contents()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        self.reaped = true;

        // The rest of the output: up to end of output, which comes when the last holder of
        // the terminal side (the child, or something it left running) is gone.
        let drained_by = Instant::now() + DRAIN;
        {
            let (lock, cvar) = &*self.shared;
            let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
            while !state.eof {
                let now = Instant::now();
                if now >= drained_by {
                    break;
                }
                state = cvar
                    .wait_timeout(state, drained_by - now)
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
            }
            if state.eof
                && let Some(reader) = self.reader.take()
            {
                drop(state);
                let _ = reader.join();
            }
        }

        let (code, signal) = match status.signal() {
            Some(name) => (-1, Some(name.to_string())),
            None => (status.exit_code() as i32, None),
        };
        let screen = Screen::read(&mut self.state(), code, signal);
        assert_screen_clean(&self.label, &screen);
        screen
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.shared.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for Pty {
    /// A test that fails half way leaves no program behind.
    fn drop(&mut self) {
        if !self.reaped && matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn size(rows: u16, cols: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

/// What every run must satisfy: no API key on the screen, no panic.
fn assert_screen_clean(label: &str, screen: &Screen) {
    let raw = String::from_utf8_lossy(&screen.raw);
    assert!(
        !raw.contains(KEY),
        "{label}: the API key leaked onto the terminal:\n{}",
        screen.contents()
    );
    let text = screen.contents();
    assert!(
        !text.contains("panicked at") && !text.contains("neynar-studio crashed"),
        "{label}: a panic on the terminal:\n{text}"
    );
}

/// How a cell is drawn, beyond its text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Style {
    pub fg: vt100::Color,
    pub bg: vt100::Color,
    pub bold: bool,
    pub dim: bool,
    pub italic: bool,
    pub underline: bool,
    pub inverse: bool,
}

impl Style {
    fn of(cell: &vt100::Cell) -> Style {
        Style {
            fg: cell.fgcolor(),
            bg: cell.bgcolor(),
            bold: cell.bold(),
            dim: cell.dim(),
            italic: cell.italic(),
            underline: cell.underline(),
            inverse: cell.inverse(),
        }
    }

    /// Plain text: default colours, no attribute.
    pub fn is_plain(&self) -> bool {
        *self == Style::default()
    }

    /// Whether blank cells drawn in this style look different from plain blanks.
    fn shows_on_blank(&self) -> bool {
        self.bg != vt100::Color::Default || self.inverse || self.underline
    }
}

/// A run of adjacent cells on one row drawn in the same non-plain style.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Styled {
    pub text: String,
    pub style: Style,
}

/// One terminal row as the emulator holds it.
#[derive(Clone, Debug)]
pub struct Row {
    /// The row's text, trailing blanks trimmed.
    pub text: String,
    /// The terminal carried on to the next row: the program wrote past the last column.
    pub wrapped: bool,
    /// Display columns up to the last drawn cell (the full width for a wrapped row).
    pub width: usize,
    /// The non-plain runs of the row, left to right.
    pub styled: Vec<Styled>,
    /// The row's text untrimmed, to join wrapped rows back into lines.
    full: String,
}

impl Row {
    fn read(screen: &vt100::Screen, row: u16, cols: u16) -> Row {
        let mut full = String::new();
        let mut width = 0;
        let mut styled: Vec<Styled> = Vec::new();
        let mut run: Option<Styled> = None;
        for col in 0..cols {
            let Some(cell) = screen.cell(row, col) else {
                break;
            };
            if cell.is_wide_continuation() {
                continue;
            }
            let text = if cell.has_contents() {
                width = usize::from(col) + if cell.is_wide() { 2 } else { 1 };
                cell.contents()
            } else {
                " "
            };
            full.push_str(text);
            let style = Style::of(cell);
            match &mut run {
                Some(current) if current.style == style => current.text.push_str(text),
                _ => {
                    styled.extend(run.take());
                    if !style.is_plain() {
                        run = Some(Styled {
                            text: text.to_string(),
                            style,
                        });
                    }
                }
            }
        }
        styled.extend(run);
        styled.retain(|s| !s.text.trim().is_empty() || s.style.shows_on_blank());
        let wrapped = screen.row_wrapped(row);
        if wrapped {
            width = usize::from(cols);
        }
        Row {
            text: full.trim_end().to_string(),
            wrapped,
            width,
            styled,
            full,
        }
    }
}

/// What the terminal showed: every row of scrollback and of the screen, at the time of the
/// snapshot or, from `Pty::finish`, after the program exited.
#[derive(Clone, Debug)]
pub struct Screen {
    /// The exit code; -1 when killed by a signal, or for a snapshot of a running program.
    pub code: i32,
    /// The signal that ended the program, by name (e.g. "Interrupt"), if one did.
    pub signal: Option<String>,
    /// Every byte the program wrote to the terminal.
    pub raw: Vec<u8>,
    /// The terminal's size at the end: (rows, cols).
    pub size: (u16, u16),
    /// Scrollback rows, oldest first, then the visible screen's rows.
    pub rows: Vec<Row>,
    /// Index in `rows` of the visible screen's top row.
    pub visible_from: usize,
    /// The terminal's cursor is hidden (`ESC [ ? 25 l` not undone).
    pub cursor_hidden: bool,
    /// The program left the terminal on the alternate screen.
    pub alternate_screen: bool,
}

impl Screen {
    fn read(state: &mut State, code: i32, signal: Option<String>) -> Screen {
        let screen = state.parser.screen_mut();
        let (rows_nz, cols_nz) = screen.size();
        let (height, cols) = (rows_nz.get(), cols_nz.get());
        let scrollback = screen.scrollback_len();
        let mut rows = Vec::with_capacity(scrollback + usize::from(height));
        // Page through the scrollback: at offset `o` the view's top row is scrollback row
        // `len - o`.
        let mut start = 0;
        while start < scrollback {
            screen.set_scrollback(scrollback - start);
            let n = usize::from(height).min(scrollback - start);
            for row in 0..n {
                rows.push(Row::read(screen, row as u16, cols));
            }
            start += n;
        }
        screen.set_scrollback(0);
        let visible_from = rows.len();
        for row in 0..height {
            rows.push(Row::read(screen, row, cols));
        }
        Screen {
            code,
            signal,
            raw: state.raw.clone(),
            size: (height, cols),
            rows,
            visible_from,
            cursor_hidden: screen.hide_cursor(),
            alternate_screen: screen.alternate_screen(),
        }
    }

    /// The whole history, scrollback then the visible screen: each row's text with trailing
    /// blanks trimmed, joined by '\n', trailing blank rows dropped.
    pub fn contents(&self) -> String {
        join_rows(&self.rows)
    }

    /// The visible screen's rows only, as in [`Screen::contents`].
    pub fn visible(&self) -> String {
        join_rows(&self.rows[self.visible_from..])
    }

    /// Whether the cursor is visible at the end (a program that hides it must show it again).
    pub fn cursor_visible(&self) -> bool {
        !self.cursor_hidden
    }

    /// The lines as the program printed them: rows the terminal wrapped are joined back to
    /// their continuation rows. Trailing blank lines dropped.
    pub fn logical_lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.lines().into_iter().map(|(text, _, _)| text).collect();
        while lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
        lines
    }

    /// The widest printed line, in display columns, counting the whole of a line the
    /// terminal wrapped: more than `cols` means something was printed wider than the
    /// terminal.
    pub fn longest_line(&self) -> usize {
        self.lines()
            .into_iter()
            .map(|(_, width, _)| width)
            .max()
            .unwrap_or(0)
    }

    /// The printed lines (whole, joined) that were wider than the terminal, so the terminal
    /// soft-wrapped them over more than one row.
    pub fn wrapped_rows(&self) -> Vec<String> {
        self.lines()
            .into_iter()
            .filter(|(_, _, wrapped)| *wrapped)
            .map(|(text, _, _)| text)
            .collect()
    }

    /// Every run of text drawn with a non-default colour or attribute (bold, dim, italic,
    /// underline, inverse), with its style, top to bottom. Blank runs count only when they
    /// show (a background colour, inverse or underline).
    pub fn styled_runs(&self) -> Vec<Styled> {
        self.rows
            .iter()
            .flat_map(|row| row.styled.iter().cloned())
            .collect()
    }

    /// The text of [`Screen::styled_runs`]: what was drawn in colour or with an attribute.
    pub fn colored_text(&self) -> Vec<String> {
        self.styled_runs().into_iter().map(|s| s.text).collect()
    }

    /// Anything at all drawn in colour or with an attribute.
    pub fn has_color(&self) -> bool {
        self.rows.iter().any(|row| !row.styled.is_empty())
    }

    /// The raw output as text (escape sequences included).
    pub fn raw_text(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }

    /// (text, display width, wrapped) of each printed line.
    fn lines(&self) -> Vec<(String, usize, bool)> {
        let mut lines = Vec::new();
        let mut text = String::new();
        let mut width = 0;
        let mut wrapped = false;
        for row in &self.rows {
            if row.wrapped {
                text.push_str(&row.full);
                width += row.width;
                wrapped = true;
            } else {
                text.push_str(&row.text);
                width += row.width;
                lines.push((std::mem::take(&mut text), width, wrapped));
                width = 0;
                wrapped = false;
            }
        }
        if wrapped {
            lines.push((text.trim_end().to_string(), width, wrapped));
        }
        lines
    }
}

fn join_rows(rows: &[Row]) -> String {
    let mut lines: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}
