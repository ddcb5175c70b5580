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
- Every byte goes through one writer, [`term::Term`]: it orders stdout, stderr and the
  spinner, sanitizes everything it is given (escape sequences, controls and invisible
  characters made visible), masks every registered secret (before any line is cut, and across
  the pieces of streamed text), and fits lines to the terminal. JSON output escapes the same
  characters as `\u` escapes, which keeps the document valid and equal.
- `-q` prints the result and errors, nothing else.

This module writes to the terminal and does nothing else: no HTTP, no files.
*/

pub mod association;
pub mod conversation;
pub mod deployment;
pub mod json;
pub mod sanitize;
pub mod status;
pub mod stream;
pub mod term;

use std::io;
use std::sync::Arc;

use serde::Serialize;

pub use crate::secret::redact;
pub use sanitize::{Untrusted, sanitize};
pub use term::{Line, Spinner, Term, Tone};

use crate::api::client::TraceEvent;

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// Styling for one stream: a no-op when colour is off. For text the CLI composes itself and
/// hands to [`Output::print`] whole; the writer's own [`Line`] tones are preferred.
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

/// How this run prints: the global output flags, and the one writer ([`Term`]) every byte goes
/// through.
#[derive(Clone)]
pub struct Output {
    pub json: bool,
    pub quiet: bool,
    pub verbose: u8,
    pub stdout_tty: bool,
    pub stderr_tty: bool,
    color_out: bool,
    color_err: bool,
    term: Arc<Term>,
}

impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Output")
            .field("json", &self.json)
            .field("quiet", &self.quiet)
            .field("verbose", &self.verbose)
            .finish_non_exhaustive()
    }
}

impl Output {
    /// Detects terminals and decides colour: `--color always|never` wins, then `NO_COLOR`
    /// (any non-empty value), then whether the stream is a terminal.
    pub fn new(json: bool, quiet: bool, verbose: u8, color: ColorWhen, no_color_env: bool) -> Self {
        Self::on(Term::global(), json, quiet, verbose, color, no_color_env)
    }

    /// The same over a given writer (tests, benchmarks).
    pub fn on(
        term: Arc<Term>,
        json: bool,
        quiet: bool,
        verbose: u8,
        color: ColorWhen,
        no_color_env: bool,
    ) -> Self {
        let stdout_tty = term.stdout_tty();
        let stderr_tty = term.stderr_tty();
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
            term,
        };
        out.term.set_color(out.color_out, out.color_err);
        console::set_colors_enabled(out.color_out);
        console::set_colors_enabled_stderr(out.color_err);
        out
    }

    /// The writer.
    pub fn term(&self) -> &Arc<Term> {
        &self.term
    }

    /// Styling for stdout.
    pub fn paint(&self) -> Paint {
        Paint { on: self.color_out }
    }

    /// Styling for stderr.
    pub fn paint_err(&self) -> Paint {
        Paint { on: self.color_err }
    }

    /// Writes `text` and a newline to stdout (sanitized and masked by the writer).
    pub fn print(&self, text: &str) -> io::Result<()> {
        self.term.out_text(text)?;
        self.term.out_text("\n")?;
        self.term.flush()
    }

    /// Writes `text` to stdout as it is (it carries its own newlines).
    pub fn print_raw(&self, text: &str) -> io::Result<()> {
        self.term.out_text(text)?;
        self.term.flush()
    }

    /// Writes a table the CLI composed with [`Paint`] from sanitized cells: colour codes
    /// pass, anything else is made visible; on a terminal each row is cut to the width.
    pub fn print_table(&self, text: &str) -> io::Result<()> {
        self.term.out_styled(text, true)?;
        self.term.flush()
    }

    /// Writes text the CLI composed with [`Paint`] (details: `key  value` lines): colour
    /// codes pass, anything else is made visible; values are never cut (a cut URL or id is
    /// useless), so a terminal narrower than one wraps it.
    pub fn print_styled(&self, text: &str) -> io::Result<()> {
        self.term.out_styled(text, false)?;
        self.term.flush()
    }

    /// Writes prose (the model's answer) on stdout, wrapped at words on a terminal.
    pub fn prose(&self, text: &str) -> io::Result<()> {
        self.term.out_prose(text)?;
        self.term.end_prose()?;
        self.term.flush()
    }

    /// Writes one line of the CLI's own on stdout, cut to the terminal's width.
    pub fn line(&self, line: &Line) -> io::Result<()> {
        self.term.out_line(line)?;
        self.term.flush()
    }

    /// Redraws a block of lines in place on a terminal (see [`Term::redraw`]).
    pub fn redraw(&self, previous: usize, lines: &[Line]) -> io::Result<usize> {
        self.term.redraw(previous, lines)
    }

    /// Writes one JSON document to stdout.
    pub fn print_json(&self, value: &impl Serialize) -> io::Result<()> {
        let text = json::to_pretty(value)?;
        self.print(&text)
    }

    /// Writes one JSON document on one line (NDJSON streams).
    pub fn print_json_line(&self, value: &impl Serialize) -> io::Result<()> {
        let text = json::to_line(value)?;
        self.print(&text)
    }

    /// A progress note on stderr; silenced by `-q`.
    pub fn note(&self, text: &str) {
        if !self.quiet {
            self.term.err_line(&Line::from(text));
        }
    }

    /// A note on stderr about what a command decided on the user's behalf (such as the prompt
    /// action). `-q` silences it too: with `-q` only the result and errors are printed.
    pub fn notice(&self, text: &str) {
        self.note(text);
    }

    /// A warning on stderr; `-q` silences it (only the result and errors).
    pub fn warn(&self, text: &str) {
        if !self.quiet {
            self.term
                .err_line(&Line::new().yellow("warning:").plain(" ").plain(text));
        }
    }

    /// Detail for `-v`, on stderr.
    pub fn debug(&self, text: &str) {
        if self.verbose > 0 {
            self.term.err_line(&Line::new().dim(text));
        }
    }

    /// A spinner on stderr, drawn only on a terminal and without `-q`.
    pub fn spinner(&self, message: impl Into<String>) -> Spinner {
        self.term
            .spinner(self.stderr_tty && !self.quiet, &message.into())
    }

    /// The `-v` line for one HTTP attempt: method, URL, status and milliseconds. The key is in
    /// a header, never in the URL, and the writer masks it anyway.
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
        self.debug(line.trim_end());
    }
}

/// Pads `cells` into aligned columns separated by two spaces; the last column is not padded.
/// Widths are display widths (wide characters, emoji), and ANSI styling does not count.
pub fn columns(rows: &[Vec<String>]) -> String {
    // A cell never holds a line break (a name with a newline would forge a row).
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| {
                    sanitize::sanitize_styled(c)
                        .replace('\n', "\\n")
                        .replace('\t', " ")
                })
                .collect()
        })
        .collect();
    let rows = &rows;
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
