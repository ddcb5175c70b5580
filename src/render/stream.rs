/*!
The live rendering of a prompt stream.

On a terminal: a spinner on stderr names what the agent is doing ("Thinking…", "Writing
src/app/page.tsx", "Running npm run build") with the elapsed time; assistant text goes to
stdout as it arrives (partial `stream_event` deltas included, and the full message that follows
is not printed again); each tool call is one line, each tool result one dim line (red when it
failed); the command prints a summary at the end.

The spinner and the text share one screen, so the spinner is taken away while a line is
printed (`suspend`) and stays away while a line of streamed text is unfinished (a redraw
there would land in the middle of the text). Piped, there is no spinner and no colour, and the
same information comes as plain lines. `-q` prints only the final result; `-v` adds the
agent's setup, thinking, and events this client does not know (on stderr).

Every string here came from the model or the server and is sanitized before printing.
*/

use std::collections::HashMap;
use std::io::{self, Write};
use std::time::Duration;

use serde_json::Value;

use super::{Output, Paint, Spinner, sanitize};
use crate::api::events::{Assistant, Block, Delta, Event, ResultSummary, System, ToolUse, User};

/// Longest tool argument or result line shown, in characters.
const MAX_LINE: usize = 100;

/// Shortens `text` to its first line and at most `max` characters, and says how many lines
/// were left out.
pub fn first_line(text: &str, max: usize) -> String {
    let text = text.trim_matches(|c| c == '\n' || c == '\r');
    let (first, rest) = match memchr::memchr(b'\n', text.as_bytes()) {
        Some(at) => (
            text[..at].trim_end_matches('\r'),
            text[at + 1..].lines().count(),
        ),
        None => (text, 0),
    };
    let out = match first.char_indices().nth(max) {
        Some((cut, _)) => {
            let mut short = first[..cut].to_string();
            short.push('…');
            short
        }
        None => first.to_string(),
    };
    match rest {
        0 => out,
        1 => format!("{out} (+1 line)"),
        n => format!("{out} (+{n} lines)"),
    }
}

/// The argument that says most about a tool call: the file, the command, the pattern, the URL.
pub fn tool_argument(tool: &ToolUse, cwd: Option<&str>) -> String {
    let input = &tool.input;
    let s = |k: &str| input.get(k).and_then(Value::as_str);
    let path = |p: &str| -> String {
        match cwd {
            Some(cwd) if !cwd.is_empty() => p
                .strip_prefix(cwd)
                .map(|rest| rest.trim_start_matches('/'))
                .filter(|rest| !rest.is_empty())
                .unwrap_or(p)
                .to_string(),
            _ => p.to_string(),
        }
    };
    let arg = if let Some(todos) = input.get("todos").and_then(Value::as_array) {
        let active = todos.iter().find_map(|t| {
            (t.get("status").and_then(Value::as_str) == Some("in_progress"))
                .then(|| {
                    t.get("activeForm")
                        .or(t.get("content"))
                        .and_then(Value::as_str)
                })
                .flatten()
        });
        let n = todos.len();
        let plural = if n == 1 { "" } else { "s" };
        match active {
            Some(a) => format!("{n} item{plural}, now: {a}"),
            None => format!("{n} item{plural}"),
        }
    } else if let Some(p) = s("file_path").or(s("notebook_path")) {
        path(p)
    } else if let Some(c) = s("command") {
        c.to_string()
    } else if let Some(p) = s("pattern") {
        match s("path") {
            Some(dir) => format!("{p} in {}", path(dir)),
            None => p.to_string(),
        }
    } else if let Some(u) = s("url") {
        u.to_string()
    } else if let Some(q) = s("query") {
        q.to_string()
    } else if let Some(d) = s("description") {
        d.to_string()
    } else if let Some(p) = s("path") {
        path(p)
    } else if let Some(obj) = input.as_object() {
        obj.values()
            .find_map(Value::as_str)
            .unwrap_or_default()
            .to_string()
    } else {
        String::new()
    };
    first_line(&arg, MAX_LINE)
}

/// What the spinner says while a tool runs.
pub fn activity(tool: &ToolUse, cwd: Option<&str>) -> String {
    let arg = tool_argument(tool, cwd);
    let verb = match tool.name.as_str() {
        "Write" => "Writing",
        "Edit" | "MultiEdit" | "NotebookEdit" => "Editing",
        "Read" => "Reading",
        "Bash" | "BashOutput" => "Running",
        "Glob" | "Grep" => "Searching",
        "WebFetch" => "Fetching",
        "WebSearch" => "Searching the web for",
        "TodoWrite" => return "Planning".into(),
        "Task" => "Delegating:",
        other => return format!("Using {}", sanitize(other)),
    };
    if arg.is_empty() {
        verb.trim_end_matches(':').to_string()
    } else {
        format!("{verb} {}", sanitize(&arg))
    }
}

/// Line ends from the model as the terminal should see them.
fn newlines(text: &str) -> String {
    text.replace("\r\n", "\n")
}

pub struct StreamView<W: Write> {
    out: W,
    paint: Paint,
    spinner: Spinner,
    quiet: bool,
    verbose: bool,
    /// Writes `-v` detail (stderr).
    debug: Box<dyn Fn(&str)>,
    cwd: Option<String>,
    /// Text printed from deltas since the last full assistant message.
    streamed: String,
    /// stdout is in the middle of a line of streamed text.
    mid_line: bool,
    /// Tool names by tool_use id, to label their results.
    tools: HashMap<String, String>,
    secrets: crate::secret::Redactor,
}

impl<W: Write> StreamView<W> {
    pub fn new(out: W, output: &Output) -> Self {
        let debug_out = output.clone();
        StreamView {
            out,
            paint: output.paint(),
            spinner: output.spinner("Sending the prompt…"),
            quiet: output.quiet,
            verbose: output.verbose > 0,
            debug: Box::new(move |text| debug_out.debug(text)),
            cwd: None,
            streamed: String::new(),
            mid_line: false,
            tools: HashMap::new(),
            secrets: crate::secret::Redactor::new(),
        }
    }

    /// A renderer writing to `out` with explicit settings (for tests and benchmarks).
    pub fn plain(out: W, quiet: bool) -> Self {
        StreamView {
            out,
            paint: Paint { on: false },
            spinner: Spinner::hidden(),
            quiet,
            verbose: false,
            debug: Box::new(|_| {}),
            cwd: None,
            streamed: String::new(),
            mid_line: false,
            tools: HashMap::new(),
            secrets: crate::secret::Redactor::new(),
        }
    }

    pub fn spinner(&self) -> &Spinner {
        &self.spinner
    }

    fn status(&mut self, message: impl Into<String>) {
        if self.spinner.is_enabled() {
            self.spinner.set_message(message);
        }
    }

    /// Writes `text` to stdout with the spinner out of the way. With a spinner on screen the
    /// text is flushed at once (the spinner redraws right after); without one, writes gather
    /// until [`StreamView::flush`], which the caller does before every network wait.
    fn write(&mut self, text: &str) -> io::Result<()> {
        let out = &mut self.out;
        let text = self.secrets.redact(text);
        let spinning = self.spinner.is_visible();
        self.spinner.suspend(|| {
            out.write_all(text.as_bytes())?;
            if spinning { out.flush() } else { Ok(()) }
        })
    }

    /// Sends what was written to the terminal or pipe.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// Ends an unfinished line of streamed text.
    fn end_line(&mut self) -> io::Result<()> {
        if self.mid_line {
            self.mid_line = false;
            self.write("\n")?;
            self.spinner.resume();
        }
        Ok(())
    }

    /// Prints a whole line (ending any unfinished one first).
    fn line(&mut self, text: &str) -> io::Result<()> {
        self.end_line()?;
        self.write(&format!("{text}\n"))
    }

    /// Prints streamed text as it comes; the spinner stays away while a line is unfinished.
    fn stream_text(&mut self, text: &str) -> io::Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        let clean = sanitize(&newlines(text)).into_owned();
        if !clean.ends_with('\n') {
            self.spinner.pause();
        }
        self.write(&clean)?;
        self.mid_line = !clean.ends_with('\n');
        if !self.mid_line {
            self.spinner.resume();
        }
        Ok(())
    }

    /// Renders one event. `data` is the raw event, for `-v` on shapes this client doesn't know.
    pub fn event(&mut self, event: &Event, data: &str) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        match event {
            Event::Connection { .. } => self.status("Connected; starting…"),
            Event::System(system) => self.system(system),
            Event::Assistant(a) => self.assistant(a)?,
            Event::User(u) => self.user(u)?,
            Event::Delta(Delta::Text(t)) => {
                self.streamed.push_str(t);
                self.status("Writing…");
                self.stream_text(t)?;
            }
            Event::Delta(Delta::Thinking(_)) => self.status("Thinking…"),
            Event::Delta(Delta::Other) => {}
            Event::Result(_) => self.end_line()?,
            Event::Error { .. } => self.end_line()?,
            Event::Unknown { kind } => {
                if self.verbose {
                    let kind = kind.as_deref().map(|k| sanitize(k).into_owned());
                    (self.debug)(&match kind {
                        Some(k) => format!("event of a type this client does not know: {k}"),
                        None => {
                            format!("event without a type: {}", first_line(&sanitize(data), 200))
                        }
                    });
                }
            }
            Event::NotJson => {
                if self.verbose {
                    (self.debug)(&format!(
                        "event data that is not JSON: {}",
                        first_line(&sanitize(data), 200)
                    ));
                }
            }
        }
        Ok(())
    }

    fn system(&mut self, s: &System) {
        match s.subtype.as_deref() {
            Some("init") => {
                self.cwd = s.cwd.clone();
                self.status("Starting the agent…");
                if self.verbose {
                    let mut parts = Vec::new();
                    if let Some(v) = &s.session_id {
                        parts.push(format!("session {}", sanitize(v)));
                    }
                    if let Some(v) = &s.model {
                        parts.push(format!("model {}", sanitize(v)));
                    }
                    if let Some(v) = &s.cwd {
                        parts.push(format!("cwd {}", sanitize(v)));
                    }
                    if let Some(n) = s.tools {
                        parts.push(format!("{n} tools"));
                    }
                    if let Some(v) = &s.permission_mode {
                        parts.push(format!("permissions {}", sanitize(v)));
                    }
                    if let Some(v) = &s.message {
                        parts.push(sanitize(v).into_owned());
                    }
                    (self.debug)(&format!("agent: {}", parts.join(" · ")));
                }
            }
            other => {
                if s.status.as_deref() == Some("compacting") {
                    self.status("Compacting the conversation…");
                }
                if self.verbose {
                    let what = [other, s.status.as_deref(), s.message.as_deref()]
                        .into_iter()
                        .flatten()
                        .map(|v| sanitize(v).into_owned())
                        .collect::<Vec<_>>()
                        .join(" ");
                    (self.debug)(&format!("system: {what}"));
                }
            }
        }
    }

    fn assistant(&mut self, a: &Assistant) -> io::Result<()> {
        if let Some(text) = &a.text {
            self.full_text(text)?;
        }
        for block in &a.blocks {
            match block {
                Block::Text(text) => self.full_text(text)?,
                Block::Thinking(t) => {
                    self.status("Thinking…");
                    if self.verbose && !t.is_empty() {
                        (self.debug)(&format!("thinking: {}", first_line(&sanitize(t), 200)));
                    }
                }
                Block::ToolUse(tool) => {
                    let arg = sanitize(&tool_argument(tool, self.cwd.as_deref())).into_owned();
                    let name = sanitize(&tool.name).into_owned();
                    if let Some(id) = &tool.id {
                        self.tools.insert(id.clone(), name.clone());
                    }
                    // Piped, nobody sees the spinner: do not even build its message.
                    if self.spinner.is_enabled() {
                        self.status(activity(tool, self.cwd.as_deref()));
                    }
                    let line = if arg.is_empty() {
                        format!("{} {}", self.paint.cyan("▸"), self.paint.bold(&name))
                    } else {
                        format!("{} {} {arg}", self.paint.cyan("▸"), self.paint.bold(&name))
                    };
                    self.line(&line)?;
                }
                Block::Other(_) => {}
            }
        }
        Ok(())
    }

    /// A complete piece of assistant text. What deltas already showed is not shown again.
    fn full_text(&mut self, text: &str) -> io::Result<()> {
        let text = newlines(text);
        let streamed = std::mem::take(&mut self.streamed);
        let rest = if streamed.is_empty() {
            self.end_line()?;
            text.as_str()
        } else if let Some(rest) = text.strip_prefix(newlines(&streamed).as_str()) {
            rest
        } else {
            // The message differs from what was streamed: show it whole, on its own lines.
            self.end_line()?;
            text.as_str()
        };
        let rest = rest.trim_end();
        if !rest.is_empty() {
            self.stream_text(rest)?;
        }
        self.end_line()?;
        self.status("Thinking…");
        Ok(())
    }

    fn user(&mut self, u: &User) -> io::Result<()> {
        for r in &u.results {
            let content = sanitize(&r.content).into_owned();
            let summary = first_line(&content, MAX_LINE);
            let summary = if summary.is_empty() {
                "(no output)".to_string()
            } else {
                summary
            };
            let line = if r.is_error {
                format!("  {} {}", self.paint.red("✗"), self.paint.red(&summary))
            } else {
                format!("  {}", self.paint.dim(&format!("↳ {summary}")))
            };
            self.line(&line)?;
            self.status("Thinking…");
        }
        Ok(())
    }

    /// The closing lines: the outcome, duration, turns, cost and the app's URL.
    pub fn summary(
        &mut self,
        result: &ResultSummary,
        elapsed: Duration,
        url: Option<&str>,
    ) -> io::Result<()> {
        self.spinner.finish();
        if self.quiet {
            if let Some(text) = &result.text {
                let text = sanitize(text.trim_end()).into_owned();
                self.write(&format!("{text}\n"))?;
            }
            return self.out.flush();
        }
        self.end_line()?;
        let took = result
            .duration_ms
            .filter(|ms| ms.is_finite() && *ms >= 0.0)
            .map(|ms| Duration::from_millis(ms as u64))
            .unwrap_or(elapsed);
        let mut facts = Vec::new();
        if let Some(n) = result.num_turns {
            facts.push(format!("{n} turn{}", if n == 1 { "" } else { "s" }));
        }
        if let Some(c) = result.total_cost_usd.filter(|c| c.is_finite()) {
            facts.push(format!("${c:.4}"));
        }
        let facts = if facts.is_empty() {
            String::new()
        } else {
            format!(" · {}", facts.join(" · "))
        };
        let took = crate::duration::format(took);
        let head = if result.succeeded() {
            format!("{} Done in {took}{facts}", self.paint.green("✓"))
        } else {
            let why = result
                .subtype
                .as_deref()
                .map(|s| format!(" ({})", sanitize(s)))
                .unwrap_or_default();
            format!("{} Failed{why} after {took}{facts}", self.paint.red("✗"))
        };
        self.write("\n")?;
        self.line(&head)?;
        if let Some(url) = url {
            self.line(&format!("  {}", self.paint.cyan(&sanitize(url))))?;
        }
        self.out.flush()
    }

    /// Takes the spinner off the screen for good.
    pub fn finish(&mut self) -> io::Result<()> {
        self.spinner.finish();
        if !self.quiet {
            self.end_line()?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::events::decode;

    fn render(events: &[&str], quiet: bool) -> String {
        let mut buf = Vec::new();
        {
            let mut view = StreamView::plain(&mut buf, quiet);
            for e in events {
                view.event(&decode(e), e).unwrap();
            }
            view.finish().unwrap();
        }
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn deltas_then_the_full_message_print_once() {
        let out = render(
            &[
                r#"{"type":"stream_event","event":{"delta":{"type":"text_delta","text":"Let me "}}}"#,
                r#"{"type":"stream_event","event":{"delta":{"type":"text_delta","text":"look."}}}"#,
                r#"{"type":"assistant","message":{"content":[{"type":"text","text":"Let me look."}]}}"#,
                r#"{"type":"assistant","message":{"content":[{"type":"text","text":"Next."}]}}"#,
            ],
            false,
        );
        assert_eq!(out, "Let me look.\nNext.\n");
    }

    #[test]
    fn a_message_that_differs_from_its_deltas_is_shown_whole() {
        let out = render(
            &[
                r#"{"type":"stream_event","event":{"delta":{"type":"text_delta","text":"Draft"}}}"#,
                r#"{"type":"assistant","message":{"content":[{"type":"text","text":"Final text"}]}}"#,
            ],
            false,
        );
        assert_eq!(out, "Draft\nFinal text\n");
    }

    #[test]
    fn tools_and_results_are_one_line_each() {
        let out = render(
            &[
                r#"{"type":"system","subtype":"init","cwd":"/workspace/gen"}"#,
                r#"{"type":"assistant","message":{"content":[{"type":"tool_use","id":"t1","name":"Write","input":{"file_path":"/workspace/gen/src/app/page.tsx","content":"x"}}]}}"#,
                r#"{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"t1","content":"ok\nmore\nlines","is_error":false}]}}"#,
                r#"{"type":"assistant","message":{"content":[{"type":"tool_use","id":"t2","name":"Bash","input":{"command":"npm run build"}}]}}"#,
                r#"{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"t2","content":"Type error","is_error":true}]}}"#,
            ],
            false,
        );
        assert_eq!(
            out,
            "▸ Write src/app/page.tsx\n  ↳ ok (+2 lines)\n▸ Bash npm run build\n  ✗ Type error\n"
        );
    }

    #[test]
    fn hostile_text_is_sanitized() {
        let out = render(
            &[r#"{"type":"assistant","message":"hi \u001b[2J\u202eevil\u0007"}"#],
            false,
        );
        assert_eq!(out, "hi \\u{1b}[2J\\u{202e}evil\\u{7}\n");
    }

    #[test]
    fn quiet_prints_only_the_result() {
        let mut buf = Vec::new();
        {
            let mut view = StreamView::plain(&mut buf, true);
            view.event(&decode(r#"{"type":"assistant","message":"hi"}"#), "")
                .unwrap();
            let result = ResultSummary {
                text: Some("All done".into()),
                ..ResultSummary::default()
            };
            view.summary(&result, Duration::from_secs(1), Some("https://x"))
                .unwrap();
        }
        assert_eq!(String::from_utf8(buf).unwrap(), "All done\n");
    }

    #[test]
    fn tool_arguments() {
        let tool = |name: &str, input: Value| ToolUse {
            id: None,
            name: name.into(),
            input,
        };
        let cwd = Some("/w");
        assert_eq!(
            tool_argument(
                &tool("Read", serde_json::json!({"file_path": "/w/a.ts"})),
                cwd
            ),
            "a.ts"
        );
        assert_eq!(
            tool_argument(
                &tool("Read", serde_json::json!({"file_path": "/other/a.ts"})),
                cwd
            ),
            "/other/a.ts"
        );
        assert_eq!(
            tool_argument(
                &tool(
                    "Grep",
                    serde_json::json!({"pattern": "use", "path": "/w/src"})
                ),
                cwd
            ),
            "use in src"
        );
        assert_eq!(
            tool_argument(
                &tool("WebFetch", serde_json::json!({"url": "https://x"})),
                cwd
            ),
            "https://x"
        );
        assert_eq!(
            tool_argument(
                &tool(
                    "TodoWrite",
                    serde_json::json!({"todos": [{"status": "in_progress", "activeForm": "Adding state"}, {"status": "pending"}]})
                ),
                cwd
            ),
            "2 items, now: Adding state"
        );
        assert_eq!(
            tool_argument(&tool("Bash", serde_json::json!({"command": "a\nb"})), cwd),
            "a (+1 line)"
        );
        assert_eq!(tool_argument(&tool("X", serde_json::json!(5)), cwd), "");
        assert_eq!(
            activity(
                &tool("Bash", serde_json::json!({"command": "npm run build"})),
                cwd
            ),
            "Running npm run build"
        );
        assert_eq!(
            activity(
                &tool(
                    "Write",
                    serde_json::json!({"file_path": "/w/src/app/page.tsx"})
                ),
                cwd
            ),
            "Writing src/app/page.tsx"
        );
        assert_eq!(
            activity(&tool("Mystery", serde_json::json!({})), cwd),
            "Using Mystery"
        );
    }
}
