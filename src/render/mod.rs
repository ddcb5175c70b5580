/*!
Terminal output, and the output contract of the CLI.

The contract (DESIGN.md §Output), which every command keeps:
- stdout carries the result and nothing else: the human rendering, or with `--json` exactly
  one JSON document (an object, or an array for `list`), or for `deploy prompt --json` one
  NDJSON line per stream event. Scripts may parse it.
- stderr carries progress (spinners, notes such as the prompt action used), warnings, `-v`
  traces and errors (`error: ...` then `hint: ...`). `-q` silences notes and spinners, never
  warnings or errors.
- Spinners and colour appear only on a terminal; `NO_COLOR` and `--color` are honoured; piped
  output is plain text, with the same information.
- Every string from the server or the model goes through [`sanitize::sanitize`] (or the
  [`sanitize::Untrusted`] wrapper) before it is printed. JSON output escapes the same
  characters as `\u` escapes, which keeps the document valid and equal.
- The API key never appears: every write here passes [`redact`], which scrubs registered
  secrets, so even a server that echoes the key back cannot make us print it.

This module writes to the terminal and does nothing else: no HTTP, no files.
*/

pub mod association;
pub mod deployment;
pub mod json;
pub mod sanitize;
pub mod spinner;
pub mod stream;

use std::io::{self, IsTerminal, Write};

use serde::Serialize;

pub use crate::secret::redact;
pub use sanitize::{Untrusted, sanitize};
pub use spinner::Spinner;

use crate::api::client::TraceEvent;

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// Styling for one stream: a no-op when colour is off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paint {
    pub on: bool,
}

macro_rules! paint_fn {
    ($($name:ident => $style:expr),* $(,)?) => {
        $(
            pub fn $name(&self, text: &str) -> String {
                if self.on {
                    let style: console::Style = $style;
                    style.force_styling(true).apply_to(text).to_string()
                } else {
                    text.to_string()
                }
            }
        )*
    };
}

impl Paint {
    paint_fn! {
        bold => console::Style::new().bold(),
        dim => console::Style::new().dim(),
        red => console::Style::new().red(),
        green => console::Style::new().green(),
        yellow => console::Style::new().yellow(),
        cyan => console::Style::new().cyan(),
    }
}

/// How this run prints: which streams are terminals, colour, and the global output flags.
#[derive(Debug, Clone)]
pub struct Output {
    pub json: bool,
    pub quiet: bool,
    pub verbose: u8,
    pub stdout_tty: bool,
    pub stderr_tty: bool,
    color_out: bool,
    color_err: bool,
}

impl Output {
    /// Detects terminals and decides colour: `--color always|never` wins, then `NO_COLOR`
    /// (any non-empty value), then whether the stream is a terminal.
    pub fn new(json: bool, quiet: bool, verbose: u8, color: ColorWhen, no_color_env: bool) -> Self {
        let stdout_tty = io::stdout().is_terminal();
        let stderr_tty = io::stderr().is_terminal();
        let decide = |tty: bool| match color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => tty && !no_color_env,
        };
        let out = Output {
            json,
            quiet,
            verbose,
            stdout_tty,
            stderr_tty,
            color_out: decide(stdout_tty),
            color_err: decide(stderr_tty),
        };
        console::set_colors_enabled(out.color_out);
        console::set_colors_enabled_stderr(out.color_err);
        out
    }

    /// Styling for stdout.
    pub fn paint(&self) -> Paint {
        Paint { on: self.color_out }
    }

    /// Styling for stderr.
    pub fn paint_err(&self) -> Paint {
        Paint { on: self.color_err }
    }

    /// Writes `text` and a newline to stdout.
    pub fn print(&self, text: &str) -> io::Result<()> {
        let mut out = io::stdout().lock();
        out.write_all(redact(text).as_bytes())?;
        out.write_all(b"\n")?;
        out.flush()
    }

    /// Writes `text` to stdout as it is (it carries its own newlines).
    pub fn print_raw(&self, text: &str) -> io::Result<()> {
        let mut out = io::stdout().lock();
        out.write_all(redact(text).as_bytes())?;
        out.flush()
    }

    /// Writes one JSON document to stdout.
    pub fn print_json(&self, value: &impl Serialize) -> io::Result<()> {
        let text = json::to_pretty(value)?;
        self.print(&text)
    }

    /// A progress note on stderr; silenced by `-q`.
    pub fn note(&self, text: &str) {
        if !self.quiet {
            let _ = writeln!(io::stderr().lock(), "{}", redact(text));
        }
    }

    /// A note on stderr that `-q` does not silence (what a command decided on the user's
    /// behalf, such as the prompt action).
    pub fn notice(&self, text: &str) {
        let _ = writeln!(io::stderr().lock(), "{}", redact(text));
    }

    /// A warning on stderr; never silenced.
    pub fn warn(&self, text: &str) {
        let label = self.paint_err().yellow("warning:");
        let _ = writeln!(io::stderr().lock(), "{label} {}", redact(&sanitize(text)));
    }

    /// Detail for `-v`, on stderr.
    pub fn debug(&self, text: &str) {
        if self.verbose > 0 {
            let _ = writeln!(
                io::stderr().lock(),
                "{}",
                self.paint_err().dim(&redact(text))
            );
        }
    }

    /// A spinner on stderr, drawn only on a terminal and without `-q`.
    pub fn spinner(&self, message: impl Into<String>) -> Spinner {
        Spinner::new(self.stderr_tty && !self.quiet, message.into())
    }

    /// The `-v` line for one HTTP attempt: method, URL, status and milliseconds. The key is in
    /// a header, never in the URL, and the line is redacted anyway.
    pub fn trace(&self, event: &TraceEvent<'_>) {
        if self.verbose == 0 {
            return;
        }
        let line = match event {
            TraceEvent::Done {
                method,
                url,
                status,
                elapsed,
            } => format!(
                "{method} {url} -> {status} {} ({} ms)",
                crate::api::error::reason(*status),
                elapsed.as_millis()
            ),
            TraceEvent::Failed {
                method,
                url,
                error,
                elapsed,
            } => format!("{method} {url} -> {error} ({} ms)", elapsed.as_millis()),
            TraceEvent::Retry { wait, attempt } => format!(
                "retrying in {} ms (attempt {} of {})",
                wait.as_millis(),
                attempt + 1,
                crate::api::client::MAX_ATTEMPTS
            ),
        };
        let line = crate::secret::redact(&line).into_owned();
        self.debug(&sanitize(line.trim_end()));
    }
}

/// Pads `cells` into aligned columns separated by two spaces; the last column is not padded.
/// Widths are display widths (wide characters, emoji), and ANSI styling does not count.
pub fn columns(rows: &[Vec<String>]) -> String {
    let ncols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; ncols];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(console::measure_text_width(cell));
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                let pad = widths[i] - console::measure_text_width(cell) + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_by_display_width() {
        let rows = vec![
            vec!["NAME".into(), "X".into(), "END".into()],
            vec!["💜💜".into(), "".into(), "e".into()],
            vec!["a".into(), "longer".into(), "".into()],
        ];
        assert_eq!(
            columns(&rows),
            "NAME  X       END\n💜💜          e\na     longer\n"
        );
    }

    #[test]
    fn paint_off_is_plain() {
        let p = Paint { on: false };
        assert_eq!(p.red("x"), "x");
        let p = Paint { on: true };
        assert_eq!(p.red("x"), "\u{1b}[31mx\u{1b}[0m");
    }
}
