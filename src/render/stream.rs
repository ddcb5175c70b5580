/*!
The live rendering of a generation stream (`deploy prompt`, `render`), drawn through the one
writer ([`super::term`]), which sanitizes, masks secrets and fits every line to the terminal.

What a person sees: the model's prose as it arrives (wrapped at words); one line per tool call
(`▸ Bash npm run build`); under it, one line for its result (`↳ …`), tied to its call by
`tool_use_id`: a result that does not directly follow its own call names the call
(`↳ [Bash wc -l notes.txt] 3 notes.txt`), so parallel calls can be told apart. A subagent's
work (messages whose `parent_tool_use_id` is a Task/Agent call) is nested under that call with
`│`, and the call's result says how the subagent ended and what it reported. The spinner on
stderr names the current activity. The end is a summary: outcome, the failure's own words,
duration, turns, cost, model, URL, and the ids to continue with.

Memory is bounded whatever the stream sends: tool calls are remembered up to [`MAX_TOOLS`]
(oldest forgotten first), and streamed text is compared with the full message that follows by
length and hash, not kept.

# Every message type, and what is shown

The Claude Agent SDK's `SDKMessage` union (`agent-sdk-messages.txt`) plus Neynar's own. "shown"
is a line in the view; "spinner" changes only the spinner; "-v" is a dim line on stderr with
`-v`; "silent" is nothing (the event still counts for `--json` and the exit code). An unknown
type is never an error: it is "-v".

| message | shown as |
| --- | --- |
| `connection` (Neynar) | spinner ("Connected") |
| `error` (Neynar) | shown: `✗ error: …` in red; the run fails |
| `assistant` text | shown: prose (subagents': one dim nested line) |
| `assistant` thinking | spinner ("Thinking…"); the first line with -v |
| `assistant` tool_use | shown: `▸ Tool argument` (TodoWrite: `3/5 done · now: …`) |
| `assistant` with `error` or `model: "<synthetic>"` | shown: `✗ API error (kind): text` in red |
| `user` tool_result | shown: `↳ …` tied to its call (Read: line count; Edit/Write: created or updated `+N −M`; Bash failure: `exit N · last stderr line`; Task/Agent: status, tool uses, time, report) |
| `user` text, replays (`isReplay`) | silent |
| `stream_event` text delta | shown: prose as it arrives |
| `stream_event` thinking delta | spinner ("Thinking…") |
| other `stream_event`s | silent |
| `result` success | summary: `✓ Done in …` |
| `result` error (`error_*` subtype, or `is_error`) | summary: `✗ Failed: <errors[] or result>`, exit 1 |
| `system/init` | spinner; model, session and cwd kept for the summary; the details with -v |
| `system/compact_boundary` | shown: `── conversation compacted (…) ──` |
| `system/status` | spinner ("Compacting…" and others); -v |
| `system/api_retry` | shown: `! API error N, retrying in Ns (attempt a of m)` in yellow |
| `system/control_request_progress` | -v |
| `system/model_refusal_fallback` | shown: `! the model refused; falling back to …` |
| `system/model_refusal_no_fallback` | shown: `✗ the model refused: …` |
| `system/local_command_output` | shown: its content, as prose |
| `system/hook_started`, `hook_progress` | -v |
| `system/hook_response` | -v; shown when its outcome is `error` |
| `system/plugin_install` | -v; shown when `failed` |
| `system/task_started` | shown (nested): `◆ started: description` unless its Task call is shown; spinner |
| `system/task_progress` | spinner (`Explore: Read · 12 tool uses`) |
| `system/task_updated` | shown when it failed or was killed; else -v |
| `system/task_notification` | shown (nested): `◆ completed/failed/stopped: summary` unless its Task result is shown |
| `system/background_tasks_changed` | -v |
| `system/thinking_tokens` | spinner ("Thinking… ~N tokens") |
| `system/session_state_changed` | -v |
| `system/worker_shutting_down` | shown: `! the agent's worker is shutting down: reason` |
| `system/commands_changed` | silent |
| `system/notification` | shown when priority is high or immediate; else -v |
| `system/files_persisted` | -v; failures shown |
| `system/memory_recall` | -v |
| `system/elicitation_complete` | -v |
| `system/permission_denied` | shown: `✗ Tool denied: message` |
| `system/mirror_error` | -v |
| `system/informational` | shown for warning and notice levels; else -v |
| `system/session_writes_lost` | shown: `! the agent could not save its session (ENOSPC)` |
| `tool_progress` | spinner (`Running npm test · 12s`) |
| `tool_use_summary` | shown: dim `≡ summary` |
| `rate_limit_event` | shown when the status is not `allowed`; else -v |
| `auth_status` | shown when it carries an error; else -v |
| `prompt_suggestion` | -v |
| `conversation_reset` | shown: `── new conversation <id> ──`; the id kept for the summary |
*/

use std::borrow::Cow;
use std::collections::{HashMap, VecDeque};
use std::io;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Map, Value};

use super::term::{Line, Span, Spinner, Term, Tone};
use super::{Output, sanitize};
use crate::api::events::{
    Assistant, Block, Delta, Event, Field, ResultSummary, ToolUse, Top, User,
};

/// Tool calls remembered to tie results to them and nest subagents; the oldest are forgotten
/// beyond this (a result then shows with its call unnamed).
pub const MAX_TOOLS: usize = 4096;
/// The longest label (tool and argument) kept per call, in characters.
const LABEL_MAX: usize = 160;
/// The longest label naming a call beside a result that arrived out of order.
const LABEL_IN_RESULT: usize = 28;

/// Shortens `text` to its first line and at most `max` characters, and says how many lines
/// were left out.
pub fn first_line(text: &str, max: usize) -> String {
    first_line_cow(text, max).into_owned()
}

/// [`first_line`], borrowed when the text is one line short enough (most are): a tool call's
/// label and a result's line were each copied once more than drawn.
fn first_line_cow(text: &str, max: usize) -> Cow<'_, str> {
    let text = text.trim_matches(|c| c == '\n' || c == '\r');
    let (first, rest) = match memchr::memchr(b'\n', text.as_bytes()) {
        Some(at) => (
            text[..at].trim_end_matches('\r'),
            line_count(&text[at + 1..]),
        ),
        None => (text, 0),
    };
    // A character takes at least one byte: a line no longer than `max` bytes is not cut.
    let out = match (first.len() > max)
        .then(|| first.char_indices().nth(max))
        .flatten()
    {
        Some((cut, _)) => {
            let mut short = first[..cut].to_string();
            short.push('…');
            Cow::Owned(short)
        }
        None => Cow::Borrowed(first),
    };
    if rest == 0 {
        return out;
    }
    // Pushed, not formatted: `format!` was nearly half of this function's instructions.
    let mut line = String::with_capacity(out.len() + 20);
    line.push_str(&out);
    if rest == 1 {
        line.push_str(" (+1 line)");
    } else {
        line.push_str(" (+");
        line.push_str(itoa::Buffer::new().format(rest));
        line.push_str(" lines)");
    }
    Cow::Owned(line)
}

/// The first line only, at most `max` characters, without the count of the others.
fn head(text: &str, max: usize) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    match line.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_string(),
    }
}

/// The todo list's progress: `3/5 done · now: Creating the counter`.
fn todo_progress(todos: &[Value]) -> String {
    fn status(t: &Value) -> &str {
        t.get("status").and_then(Value::as_str).unwrap_or("")
    }
    let done = todos.iter().filter(|t| status(t) == "completed").count();
    let active = todos
        .iter()
        .find(|t| status(t) == "in_progress")
        .and_then(|t| {
            t.get("activeForm")
                .or(t.get("content"))
                .and_then(Value::as_str)
        });
    let n = todos.len();
    match active {
        Some(a) => format!("{done}/{n} done · now: {a}"),
        None if done == n && n > 0 => format!("{done}/{n} done"),
        None => format!("{done}/{n} done"),
    }
}

/// Whether a tool starts a subagent (Claude Code renamed Task to Agent).
fn is_subagent_tool(name: &str) -> bool {
    matches!(name, "Task" | "Agent")
}

/// The argument that says most about a tool call: the file, the command, the pattern, the URL.
pub fn tool_argument(tool: &ToolUse, cwd: Option<&str>) -> String {
    tool_facts(tool, cwd).0.into_owned()
}

/// [`tool_argument`], and the lines of the `content` the call writes (for `Write`), from one
/// reading of the input.
///
/// Borrowed from the call's input where it can be (a path or a command without escapes): made
/// into a `String` for every call, then copied into the call's label, it was one allocation
/// and copy more than needed per call.
fn tool_facts<'t>(tool: &'t ToolUse, cwd: Option<&str>) -> (Cow<'t, str>, Option<usize>) {
    let input = &tool.input;
    let path = |p: Cow<'t, str>| -> Cow<'t, str> {
        let rest = match cwd {
            Some(cwd) if !cwd.is_empty() => p
                .strip_prefix(cwd)
                .map(|rest| rest.trim_start_matches('/'))
                .filter(|rest| !rest.is_empty()),
            _ => None,
        };
        match (rest.map(str::len), p) {
            (None, p) => p,
            (Some(n), Cow::Borrowed(b)) => Cow::Borrowed(&b[b.len() - n..]),
            (Some(n), Cow::Owned(o)) => Cow::Owned(o[o.len() - n..].to_string()),
        }
    };
    let [
        todos,
        description,
        prompt,
        subagent_type,
        file_path,
        notebook_path,
        command,
        pattern,
        dir,
        url,
        query,
        content,
    ] = input.fields([
        "todos",
        "description",
        "prompt",
        "subagent_type",
        "file_path",
        "notebook_path",
        "command",
        "pattern",
        "path",
        "url",
        "query",
        "content",
    ]);
    let lines = content.line_count();
    // Each string is decoded only where it is used (most calls use one).
    let arg: Cow<'t, str> = if todos == Field::Array
        && let Some(Value::Array(todos)) = input.get("todos")
    {
        Cow::Owned(todo_progress(&todos))
    } else if is_subagent_tool(&tool.name) {
        let what = description
            .str()
            .or_else(|| prompt.str())
            .unwrap_or_default();
        match subagent_type.str() {
            Some(kind) => Cow::Owned(format!("({kind}) {what}")),
            None => what,
        }
    } else if let Some(p) = file_path.str().or_else(|| notebook_path.str()) {
        path(p)
    } else if let Some(c) = command.str() {
        c
    } else if let Some(p) = pattern.str() {
        match dir.str() {
            Some(dir) => Cow::Owned(format!("{p} in {}", path(dir))),
            None => p,
        }
    } else if let Some(u) = url.str() {
        u
    } else if let Some(q) = query.str() {
        q
    } else if let Some(d) = description.str() {
        d
    } else if let Some(p) = dir.str() {
        path(p)
    } else if let Value::Object(obj) = input.value() {
        Cow::Owned(
            obj.values()
                .find_map(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        )
    } else {
        Cow::Borrowed("")
    };
    // The argument itself when it is already one short line (no copy).
    let whole = matches!(first_line_cow(&arg, LABEL_MAX), Cow::Borrowed(b) if b.len() == arg.len());
    let arg = if whole {
        arg
    } else {
        Cow::Owned(first_line(&arg, LABEL_MAX))
    };
    (arg, lines)
}

/// What the spinner says while a tool runs.
pub fn activity(tool: &ToolUse, cwd: Option<&str>) -> String {
    let arg = tool_argument(tool, cwd);
    let verb = match tool.name.as_ref() {
        "Write" => "Writing",
        "Edit" | "MultiEdit" | "NotebookEdit" => "Editing",
        "Read" => "Reading",
        "Bash" | "BashOutput" => "Running",
        "Glob" | "Grep" => "Searching",
        "WebFetch" => "Fetching",
        "WebSearch" => "Searching the web for",
        "TodoWrite" => return format!("Planning ({arg})"),
        "Task" | "Agent" => "Delegating:",
        other => return format!("Using {other}"),
    };
    if arg.is_empty() {
        verb.trim_end_matches(':').to_string()
    } else {
        format!("{verb} {arg}")
    }
}

/// `text.lines().count()`, counted in one pass over the bytes instead of a search per line
/// (results and written files are counted whole; most lines are short).
fn line_count(text: &str) -> usize {
    // memchr's count is vectorized; a plain filter-count is not.
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).count();
    ends + usize::from(!text.is_empty() && !text.ends_with('\n'))
}

/// Line ends from the model as the terminal should see them.
fn newlines(text: &str) -> std::borrow::Cow<'_, str> {
    // Most texts are a streamed word or two: a plain loop beats a call into `memchr` there.
    let has_cr = if text.len() < 64 {
        text.bytes().any(|b| b == b'\r')
    } else {
        memchr::memchr(b'\r', text.as_bytes()).is_some()
    };
    if has_cr {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A hash of streamed text, to compare it with the full message without keeping it: fed in
/// pieces, it is the hash of the pieces joined. Eight bytes at a time (FxHash's step); the
/// bytes of a piece that do not fill a word wait in `tail` for the next piece. Byte by byte
/// (FNV-1a, before) it took 0.8% of `render`'s instructions (callgrind).
#[derive(Clone, Copy, PartialEq)]
struct TextHash {
    h: u64,
    /// Bytes waiting for a whole word, lowest first, and how many.
    tail: u64,
    held: u32,
}

impl TextHash {
    fn new() -> TextHash {
        TextHash {
            h: 0,
            tail: 0,
            held: 0,
        }
    }

    fn word(&mut self, w: u64) {
        self.h = (self.h.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn feed(&mut self, mut bytes: &[u8]) {
        while self.held != 0 {
            let Some((&b, rest)) = bytes.split_first() else {
                return;
            };
            self.tail |= u64::from(b) << (8 * self.held);
            self.held += 1;
            bytes = rest;
            if self.held == 8 {
                let w = std::mem::take(&mut self.tail);
                self.held = 0;
                self.word(w);
            }
        }
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut b = [0; 8];
            b.copy_from_slice(w);
            self.word(u64::from_le_bytes(b));
        }
        for &b in words.remainder() {
            self.tail |= u64::from(b) << (8 * self.held);
            self.held += 1;
        }
    }
}

/// One remembered tool call.
#[derive(Debug, Clone)]
struct Call {
    /// `Bash wc -l calc.py`: to name the call when its result arrives out of order. It
    /// begins with the tool's name.
    label: String,
    /// The length of the name at the start of `label`.
    name_len: usize,
    /// Nesting depth: 0 for the main agent, 1 inside a subagent, and so on.
    depth: usize,
    /// For Write: the lines of the content written (when the result says nothing more).
    lines: Option<usize>,
}

impl Call {
    /// The tool's name.
    fn name(&self) -> &str {
        self.label.get(..self.name_len).unwrap_or_default()
    }
}

/// The calls, bounded: a map and the order they came in (each id held once, shared).
#[derive(Default)]
struct Calls {
    by_id: HashMap<Arc<str>, Call, foldhash::fast::RandomState>,
    order: VecDeque<Arc<str>>,
}

impl Calls {
    fn insert(&mut self, id: &str, call: Call) {
        // A call id seen before keeps its place (and its key, not made again).
        if let Some(known) = self.by_id.get_mut(id) {
            *known = call;
            return;
        }
        let id: Arc<str> = Arc::from(id);
        self.by_id.insert(id.clone(), call);
        self.order.push_back(id);
        while self.order.len() > MAX_TOOLS {
            if let Some(old) = self.order.pop_front() {
                self.by_id.remove(&old);
            }
        }
    }
    fn get(&self, id: &str) -> Option<&Call> {
        self.by_id.get(id)
    }
}

/// The id of the call whose line was printed last, if no line came after it: kept in one
/// buffer, written again call after call (as an `Arc` shared with the map, its reference
/// count's atomic operations were a fifth of the drawing of a tool call, perf).
#[derive(Default)]
struct LastCall {
    id: String,
    set: bool,
}

impl LastCall {
    fn set(&mut self, id: &str) {
        self.id.clear();
        self.id.push_str(id);
        self.set = true;
    }

    fn clear(&mut self) {
        self.set = false;
    }

    fn is(&self, id: &str) -> bool {
        self.set && self.id == id
    }
}

/// What is known of the session, for the summary.
#[derive(Debug, Clone, Default)]
pub struct SessionInfo {
    pub model: Option<String>,
    pub session_id: Option<String>,
    pub conversation_id: Option<String>,
}

pub struct StreamView {
    term: Arc<Term>,
    spinner: Spinner,
    quiet: bool,
    verbose: bool,
    cwd: Option<String>,
    /// Length and hash of the text streamed since the last full assistant message.
    streamed_len: usize,
    streamed_hash: TextHash,
    calls: Calls,
    /// The call whose line was printed last (its result then needs no label).
    last_call: LastCall,
    info: SessionInfo,
}

/// The raw event of an event that holds nothing beyond the core view (see
/// [`StreamView::event_top`]).
static NOTHING_MORE: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);

fn s<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    map.get(key).and_then(Value::as_str)
}

fn u(map: &Map<String, Value>, key: &str) -> Option<u64> {
    map.get(key).and_then(Value::as_u64)
}

/// Whole seconds below a minute (`4s`), minutes and seconds above (`2m 05s`).
fn secs(ms: u64) -> String {
    let s = ms / 1000;
    if s < 60 {
        format!("{s}s")
    } else {
        format!("{}m {:02}s", s / 60, s % 60)
    }
}

impl StreamView {
    /// The live view of a command, through its writer.
    pub fn new(output: &Output) -> Self {
        StreamView::on(
            output.term().clone(),
            output.spinner("Sending the prompt…"),
            output.quiet,
            output.verbose > 0,
        )
    }

    /// A view over a given writer, without a spinner (tests, benchmarks, `render` piped).
    /// The writer this view draws with.
    pub fn term(&self) -> &Arc<Term> {
        &self.term
    }

    pub fn on(term: Arc<Term>, spinner: Spinner, quiet: bool, verbose: bool) -> Self {
        StreamView {
            term,
            spinner,
            quiet,
            verbose,
            cwd: None,
            streamed_len: 0,
            streamed_hash: TextHash::new(),
            calls: Calls::default(),
            last_call: LastCall::default(),
            info: SessionInfo::default(),
        }
    }

    /// A view writing to `out` with no spinner and no colour (tests and benchmarks).
    pub fn plain(out: Box<dyn io::Write + Send>, quiet: bool) -> Self {
        let term = Term::over(out, Box::new(io::sink()), None);
        StreamView::on(term, Spinner::hidden(), quiet, false)
    }

    /// Ids known before the stream starts (`--conversation`, `--session`, a 202 answer).
    pub fn know(&mut self, conversation: Option<String>, session: Option<String>) {
        if conversation.is_some() {
            self.info.conversation_id = conversation;
        }
        if session.is_some() {
            self.info.session_id = session;
        }
    }

    pub fn info(&self) -> &SessionInfo {
        &self.info
    }

    fn status(&mut self, message: impl AsRef<str>) {
        if self.spinner.is_enabled() {
            self.spinner.set_message(message);
        }
    }

    fn debug(&self, text: &str) {
        if self.verbose {
            self.term.err_line(&Line::new().dim(text));
        }
    }

    /// Sends what was written to the terminal or pipe.
    pub fn flush(&mut self) -> io::Result<()> {
        self.term.flush()
    }

    fn indent(depth: usize) -> String {
        "  │ ".repeat(depth)
    }

    /// [`StreamView::line`] for a line given as borrowed parts (see [`Term::out_parts`]).
    fn line_parts(&mut self, depth: usize, parts: &[(Tone, Span<'_>)]) -> io::Result<()> {
        self.last_call.clear();
        if depth == 0 {
            return self.term.out_parts(parts);
        }
        let indent = Self::indent(depth);
        let mut all = Vec::with_capacity(parts.len() + 1);
        all.push((Tone::Dim, Span::Given(indent.as_str())));
        all.extend_from_slice(parts);
        self.term.out_parts(&all)
    }

    fn line(&mut self, depth: usize, line: Line) -> io::Result<()> {
        self.last_call.clear();
        if depth == 0 {
            return self.term.out_line(&line);
        }
        let line = Line::new().dim(Self::indent(depth)).then(line);
        self.term.out_line(&line)
    }

    /// Renders one event. `data` is the raw event: fields beyond the core view are read from
    /// it when an event needs them.
    pub fn event(&mut self, event: &Event, data: &str) -> io::Result<()> {
        let top = crate::api::events::decode_top(data).1;
        self.event_top(event, &top, data)
    }

    /// [`StreamView::event`], with the event's [`Top`] read already (by the decoder, in the
    /// same pass as the event).
    pub fn event_top(&mut self, event: &Event, top: &Top, data: &str) -> io::Result<()> {
        let raw = || match serde_json::from_str::<Value>(data) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        // Most events hold nothing beyond the core view: then they are not read again.
        let more = top.more || top.parent_tool_use_id.is_some();
        // Ids to continue with, from whatever carries them.
        if !matches!(event, Event::Delta(_))
            && let Some(c) = &top.conversation_id
        {
            self.info.conversation_id = Some(c.to_string());
        }
        if self.quiet {
            if let Event::System(sys) = event
                && sys.subtype.as_deref() == Some("init")
            {
                self.info.model = sys.model.clone().or(self.info.model.take());
                self.info.session_id = sys.session_id.clone().or(self.info.session_id.take());
            }
            return Ok(());
        }
        match event {
            Event::Connection { .. } => self.status("Connected; starting…"),
            Event::System(_) => self.system(&raw())?,
            // An empty map shared, not made: dropping one made for every event was 0.3% of
            // `render`'s instructions (callgrind).
            Event::Assistant(a) if more => self.assistant(a, &raw())?,
            Event::Assistant(a) => self.assistant(a, &NOTHING_MORE)?,
            Event::User(u) if more => self.user(u, &raw())?,
            Event::User(u) => self.user(u, &NOTHING_MORE)?,
            Event::Delta(Delta::Text(t)) => {
                if !t.is_empty() {
                    self.status("Writing…");
                    let t = newlines(t);
                    self.streamed_len += t.len();
                    self.streamed_hash.feed(t.as_bytes());
                    self.last_call.clear();
                    self.term.out_prose(&t)?;
                }
            }
            Event::Delta(Delta::Thinking(_)) => self.status("Thinking…"),
            Event::Delta(Delta::Other) => {}
            Event::Result(_) => self.term.end_prose()?,
            Event::Error { message } => {
                let text = message.as_deref().unwrap_or("the stream sent an error");
                self.line(0, Line::new().red("✗ error: ").plain(text))?;
            }
            Event::Unknown { kind } => self.meta(kind.as_deref(), &raw(), data)?,
            Event::NotJson => {
                self.debug(&format!(
                    "event data that is not JSON: {}",
                    first_line(&sanitize(data), 200)
                ));
            }
        }
        Ok(())
    }

    /// The depth of a message from its `parent_tool_use_id`.
    fn depth_of(&self, raw: &Map<String, Value>) -> usize {
        s(raw, "parent_tool_use_id")
            .and_then(|p| self.calls.get(p))
            .map_or(0, |c| c.depth + 1)
    }

    fn system(&mut self, raw: &Map<String, Value>) -> io::Result<()> {
        let subtype = s(raw, "subtype").unwrap_or("");
        match subtype {
            "init" => {
                self.cwd = s(raw, "cwd").map(String::from);
                if let Some(m) = s(raw, "model") {
                    self.info.model = Some(m.to_string());
                }
                if let Some(id) = s(raw, "session_id") {
                    self.info.session_id = Some(id.to_string());
                }
                self.status("Starting the agent…");
                if self.verbose {
                    let mut parts = Vec::new();
                    for (k, label) in [
                        ("session_id", "session"),
                        ("model", "model"),
                        ("cwd", "cwd"),
                        ("permissionMode", "permissions"),
                    ] {
                        if let Some(v) = s(raw, k) {
                            parts.push(format!("{label} {v}"));
                        }
                    }
                    if let Some(n) = raw.get("tools").and_then(Value::as_array) {
                        parts.push(format!("{} tools", n.len()));
                    }
                    self.debug(&format!("agent: {}", parts.join(" · ")));
                }
            }
            "compact_boundary" => {
                let meta = raw.get("compact_metadata").and_then(Value::as_object);
                let mut what = Vec::new();
                if let Some(m) = meta {
                    if let Some(t) = s(m, "trigger") {
                        what.push(t.to_string());
                    }
                    match (u(m, "pre_tokens"), u(m, "post_tokens")) {
                        (Some(a), Some(b)) => what.push(format!("{a} → {b} tokens")),
                        (Some(a), None) => what.push(format!("{a} tokens before")),
                        _ => {}
                    }
                }
                let detail = if what.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", what.join(", "))
                };
                self.line(
                    0,
                    Line::new().dim(format!("── conversation compacted{detail} ──")),
                )?;
            }
            "status" => {
                match s(raw, "status") {
                    Some("compacting") => self.status("Compacting the conversation…"),
                    Some(other) => self.status(format!("{other}…")),
                    None => {}
                }
                if let Some(err) = s(raw, "compact_error") {
                    self.line(0, Line::new().yellow("! compacting failed: ").plain(err))?;
                }
                self.debug(&format!(
                    "system: status {}",
                    s(raw, "status").unwrap_or("")
                ));
            }
            "api_retry" => {
                let status = raw
                    .get("error_status")
                    .and_then(Value::as_u64)
                    .map(|n| format!("API error {n}"))
                    .unwrap_or_else(|| "API error".into());
                let wait = u(raw, "retry_delay_ms")
                    .map(|ms| format!(", retrying in {}", secs(ms)))
                    .unwrap_or_else(|| ", retrying".into());
                let attempt = match (u(raw, "attempt"), u(raw, "max_retries")) {
                    (Some(a), Some(m)) => format!(" (attempt {a} of {m})"),
                    _ => String::new(),
                };
                self.line(0, Line::new().yellow(format!("! {status}{wait}{attempt}")))?;
            }
            "model_refusal_fallback" => {
                let to = s(raw, "fallback_model").unwrap_or("another model");
                self.line(
                    0,
                    Line::new().yellow(format!("! the model refused; falling back to {to}")),
                )?;
            }
            "model_refusal_no_fallback" => {
                let why = s(raw, "api_refusal_explanation")
                    .or(s(raw, "content"))
                    .unwrap_or("");
                self.line(
                    0,
                    Line::new()
                        .red("✗ the model refused: ")
                        .plain(head(why, 300)),
                )?;
            }
            "local_command_output" => {
                if let Some(c) = s(raw, "content") {
                    self.term.out_prose(c)?;
                    self.term.end_prose()?;
                }
            }
            "hook_response" if s(raw, "outcome") == Some("error") => {
                let name = s(raw, "hook_name").unwrap_or("a hook");
                let why = s(raw, "stderr")
                    .filter(|e| !e.trim().is_empty())
                    .unwrap_or("");
                self.line(
                    0,
                    Line::new()
                        .yellow(format!("! hook {name} failed"))
                        .plain(if why.is_empty() { "" } else { ": " })
                        .plain(head(why, 200)),
                )?;
            }
            "plugin_install" if s(raw, "status") == Some("failed") => {
                let name = s(raw, "name").unwrap_or("a plugin");
                let why = s(raw, "error").unwrap_or("");
                self.line(
                    0,
                    Line::new()
                        .yellow(format!("! installing {name} failed: "))
                        .plain(why),
                )?;
            }
            "task_started" => {
                let depth = self.task_depth(raw);
                let known_call =
                    s(raw, "tool_use_id").is_some_and(|id| self.calls.get(id).is_some());
                let what = s(raw, "description").unwrap_or("a subagent");
                self.status(format!("Subagent: {what}"));
                if !known_call {
                    let kind = s(raw, "subagent_type")
                        .map(|k| format!(" ({k})"))
                        .unwrap_or_default();
                    self.line(
                        depth,
                        Line::new()
                            .cyan("◆ ")
                            .plain(format!("started{kind}: {what}")),
                    )?;
                }
            }
            "task_progress" => {
                let what = s(raw, "subagent_type")
                    .or(s(raw, "description"))
                    .unwrap_or("Subagent");
                let mut parts = vec![head(what, 60)];
                if let Some(t) = s(raw, "last_tool_name") {
                    parts.push(t.to_string());
                }
                if let Some(n) = raw
                    .get("usage")
                    .and_then(|v| v.get("tool_uses"))
                    .and_then(Value::as_u64)
                {
                    parts.push(format!("{n} tool uses"));
                }
                self.status(parts.join(" · "));
            }
            "task_updated" => {
                let patch = raw.get("patch").and_then(Value::as_object);
                let status = patch.and_then(|p| s(p, "status"));
                if matches!(status, Some("failed" | "killed")) {
                    let why = patch.and_then(|p| s(p, "error")).unwrap_or("");
                    self.line(
                        0,
                        Line::new()
                            .red(format!("◆ subagent {}", status.unwrap_or("")))
                            .plain(if why.is_empty() { "" } else { ": " })
                            .plain(head(why, 300)),
                    )?;
                } else {
                    self.debug(&format!("system: task_updated {}", status.unwrap_or("")));
                }
            }
            "task_notification" => {
                let known = s(raw, "tool_use_id").is_some_and(|id| self.calls.get(id).is_some());
                if !known {
                    let status = s(raw, "status").unwrap_or("finished");
                    let summary = s(raw, "summary").unwrap_or("");
                    let tone = if status == "completed" {
                        Tone::Cyan
                    } else {
                        Tone::Red
                    };
                    let depth = self.task_depth(raw);
                    self.line(
                        depth,
                        Line::new()
                            .push(tone, format!("◆ {status}"))
                            .plain(if summary.is_empty() { "" } else { ": " })
                            .plain(head(summary, 300)),
                    )?;
                }
            }
            "thinking_tokens" => match u(raw, "estimated_tokens") {
                Some(n) => self.status(format!("Thinking… ~{n} tokens")),
                None => self.status("Thinking…"),
            },
            "worker_shutting_down" => {
                let why = s(raw, "reason").unwrap_or("");
                self.line(
                    0,
                    Line::new()
                        .yellow("! the agent's worker is shutting down")
                        .plain(if why.is_empty() { "" } else { ": " })
                        .plain(why),
                )?;
            }
            "notification" if matches!(s(raw, "priority"), Some("high" | "immediate")) => {
                self.line(
                    0,
                    Line::new().yellow("! ").plain(s(raw, "text").unwrap_or("")),
                )?;
            }
            "files_persisted" => {
                let failed = raw.get("failed").and_then(Value::as_array);
                for f in failed.into_iter().flatten().filter_map(Value::as_object) {
                    self.line(
                        0,
                        Line::new()
                            .yellow(format!(
                                "! could not save {}: ",
                                s(f, "filename").unwrap_or("a file")
                            ))
                            .plain(s(f, "error").unwrap_or("")),
                    )?;
                }
            }
            "permission_denied" => {
                let tool = s(raw, "tool_name").unwrap_or("a tool");
                let why = s(raw, "message")
                    .or(s(raw, "decision_reason"))
                    .unwrap_or("");
                let depth = self.depth_of(raw);
                self.line(
                    depth,
                    Line::new()
                        .red(format!("✗ {tool} denied"))
                        .plain(if why.is_empty() { "" } else { ": " })
                        .plain(head(why, 300)),
                )?;
            }
            "informational" if matches!(s(raw, "level"), Some("warning" | "notice")) => {
                self.line(
                    0,
                    Line::new()
                        .yellow("! ")
                        .plain(head(s(raw, "content").unwrap_or(""), 500)),
                )?;
            }
            "session_writes_lost" => {
                let code = s(raw, "error_code").unwrap_or("a write error");
                self.line(
                    0,
                    Line::new().yellow(format!("! the agent could not save its session ({code})")),
                )?;
            }
            "commands_changed" => {}
            other => {
                let detail = s(raw, "status")
                    .or(s(raw, "hook_name"))
                    .or(s(raw, "message"))
                    .unwrap_or("");
                let other = if other.is_empty() {
                    "(no subtype)"
                } else {
                    other
                };
                self.debug(&format!("system: {other} {}", head(detail, 200)));
            }
        }
        Ok(())
    }

    /// The depth at which a task's lines go: under its Task call when known.
    fn task_depth(&self, raw: &Map<String, Value>) -> usize {
        s(raw, "tool_use_id")
            .and_then(|id| self.calls.get(id))
            .map_or(0, |c| c.depth + 1)
    }

    /// The top-level types beyond the core ones.
    fn meta(&mut self, kind: Option<&str>, raw: &Map<String, Value>, data: &str) -> io::Result<()> {
        match kind {
            Some("tool_progress") => {
                let tool = s(raw, "tool_name").unwrap_or("a tool");
                let label = s(raw, "tool_use_id")
                    .and_then(|id| self.calls.get(id))
                    .map(|c| c.label.clone())
                    .unwrap_or_else(|| tool.to_string());
                let t = raw
                    .get("elapsed_time_seconds")
                    .and_then(Value::as_f64)
                    .filter(|t| t.is_finite() && *t >= 0.0)
                    .map(|t| format!(" · {}s", t as u64))
                    .unwrap_or_default();
                self.status(format!("{label}{t}"));
            }
            Some("tool_use_summary") => {
                if let Some(summary) = s(raw, "summary") {
                    self.line(0, Line::new().dim(format!("≡ {}", head(summary, 500))))?;
                }
            }
            Some("rate_limit_event") => {
                let info = raw.get("rate_limit_info").and_then(Value::as_object);
                let status = info.and_then(|i| s(i, "status")).unwrap_or("");
                if status.is_empty() || status == "allowed" {
                    self.debug(&format!(
                        "rate limit: {}",
                        if status.is_empty() { "?" } else { status }
                    ));
                } else {
                    let until = info
                        .and_then(|i| i.get("resetsAt").or(i.get("resets_at")))
                        .and_then(|v| {
                            v.as_u64()
                                .map(|n| n.to_string())
                                .or(v.as_str().map(String::from))
                        })
                        .map(|t| format!(" until {t}"))
                        .unwrap_or_default();
                    let what = info
                        .and_then(|i| s(i, "rateLimitType").or(s(i, "rate_limit_type")))
                        .map(|t| format!(" ({t})"))
                        .unwrap_or_default();
                    self.line(
                        0,
                        Line::new().yellow(format!("! rate limit {status}{what}{until}")),
                    )?;
                }
            }
            Some("auth_status") => match s(raw, "error") {
                Some(err) => self.line(0, Line::new().red("✗ authentication: ").plain(err))?,
                None => self.debug("auth status"),
            },
            Some("prompt_suggestion") => {
                self.debug(&format!(
                    "suggested next prompt: {}",
                    s(raw, "suggestion").unwrap_or("")
                ));
            }
            Some("conversation_reset") => {
                let id = s(raw, "new_conversation_id").unwrap_or("?");
                self.info.conversation_id = s(raw, "new_conversation_id").map(String::from);
                self.line(0, Line::new().dim(format!("── new conversation {id} ──")))?;
            }
            Some(other) => self.debug(&format!(
                "event of a type this client does not know: {other}"
            )),
            None => self.debug(&format!(
                "event without a type: {}",
                first_line(&sanitize(data), 200)
            )),
        }
        Ok(())
    }

    fn assistant(&mut self, a: &Assistant, raw: &Map<String, Value>) -> io::Result<()> {
        // Most events hold nothing beyond the core view, and their `raw` is empty: it is not
        // looked into (three lookups an event were 0.6% of `render`'s instructions).
        let (depth, model, api_error) = if raw.is_empty() {
            (0, None, None)
        } else {
            let message = raw.get("message").and_then(Value::as_object);
            (
                self.depth_of(raw),
                message.and_then(|m| s(m, "model")),
                raw.get("error").filter(|e| !e.is_null()),
            )
        };
        if api_error.is_some() || model == Some("<synthetic>") {
            let kind = api_error
                .and_then(|e| {
                    e.as_str()
                        .map(String::from)
                        .or(e.get("type").and_then(Value::as_str).map(String::from))
                })
                .map(|k| format!(" ({k})"))
                .unwrap_or_default();
            let text: String = a
                .blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Text(t) => Some(t.as_ref()),
                    _ => None,
                })
                .chain(a.text.as_deref())
                .collect::<Vec<_>>()
                .join(" ");
            self.term.end_prose()?;
            self.streamed_len = 0;
            self.streamed_hash = TextHash::new();
            return self.line(
                depth,
                Line::new()
                    .red(format!("✗ API error{kind}: "))
                    .plain(head(&text, 500)),
            );
        }
        if depth == 0
            && let Some(m) = model
        {
            self.info.model = Some(m.to_string());
        }
        if let Some(text) = &a.text {
            self.full_text(text, depth)?;
        }
        for block in &a.blocks {
            match block {
                Block::Text(text) => self.full_text(text, depth)?,
                Block::Thinking(t) => {
                    self.status("Thinking…");
                    if self.verbose && !t.is_empty() {
                        self.debug(&format!("thinking: {}", first_line(t, 200)));
                    }
                }
                Block::ToolUse(tool) => self.tool_call(tool, depth)?,
                Block::Other(_) => {}
            }
        }
        Ok(())
    }

    fn tool_call(&mut self, tool: &ToolUse, depth: usize) -> io::Result<()> {
        self.term.end_prose()?;
        let (arg, lines) = tool_facts(tool, self.cwd.as_deref());
        if self.spinner.is_enabled() {
            let act = activity(tool, self.cwd.as_deref());
            let act = match depth {
                0 => act,
                _ => format!("Subagent › {act}"),
            };
            self.status(act);
        }
        let name = if tool.name.is_empty() {
            "tool"
        } else {
            tool.name.as_ref()
        };
        let gap = if arg.is_empty() { "" } else { " " };
        self.line_parts(
            depth,
            &[
                (Tone::Cyan, Span::Own("▸ ")),
                (Tone::Bold, Span::Given(name)),
                (Tone::Plain, Span::Own(gap)),
                (Tone::Plain, Span::Given(&arg)),
            ],
        )?;
        if let Some(id) = &tool.id {
            // The name whole (names are short), then as much of the argument as fits.
            let name = first_line_cow(name, LABEL_MAX);
            let mut label = String::with_capacity(name.len() + 1 + arg.len());
            label.push_str(&name);
            label.push(' ');
            label.push_str(&arg);
            // A character takes at least one byte: a label no longer than the limit stays.
            if label.len() > LABEL_MAX
                && let Some((cut, _)) = label
                    .char_indices()
                    .nth(LABEL_MAX.max(name.chars().count()))
            {
                label.truncate(cut);
                label.push('…');
            }
            label.truncate(label.trim_end().len().max(name.len()));
            self.calls.insert(
                id,
                Call {
                    name_len: name.len(),
                    label,
                    depth,
                    lines,
                },
            );
            self.last_call.set(id);
        }
        Ok(())
    }

    /// A complete piece of assistant text. What deltas already showed is not shown again.
    fn full_text(&mut self, text: &str, depth: usize) -> io::Result<()> {
        let text = newlines(text);
        if depth > 0 {
            // A subagent's prose: one dim line under its call.
            let first = head(&text, 300);
            if !first.is_empty() {
                self.line(depth, Line::new().dim(first))?;
            }
            return Ok(());
        }
        let (len, hash) = (self.streamed_len, self.streamed_hash);
        self.streamed_len = 0;
        self.streamed_hash = TextHash::new();
        let rest = if len == 0 {
            self.term.end_prose()?;
            &*text
        } else {
            let same = text.is_char_boundary(len.min(text.len())) && text.len() >= len && {
                let mut h = TextHash::new();
                h.feed(&text.as_bytes()[..len]);
                h == hash
            };
            if same {
                &text[len..]
            } else {
                // The message differs from what was streamed: show it whole, on its own lines.
                self.term.end_prose()?;
                &*text
            }
        };
        let rest = if self.term.mid_line() {
            rest.trim_end()
        } else {
            rest.trim()
        };
        if !rest.is_empty() {
            self.last_call.clear();
            self.term.out_prose(rest)?;
        }
        self.term.end_prose()?;
        self.status("Thinking…");
        Ok(())
    }

    fn user(&mut self, u: &User, raw: &Map<String, Value>) -> io::Result<()> {
        // An empty `raw` (most events) is not looked into, as in `assistant`.
        let more = !raw.is_empty();
        if more && raw.get("isReplay").and_then(Value::as_bool) == Some(true) {
            return Ok(());
        }
        let meta = if more {
            raw.get("tool_use_result")
        } else {
            None
        };
        for r in &u.results {
            let call = r.tool_use_id.as_deref().and_then(|id| self.calls.get(id));
            let depth = call.map_or_else(|| self.depth_of(raw), |c| c.depth);
            let name = call.map_or("", Call::name);
            // One result per message is the rule; `tool_use_result` describes it.
            let meta = if u.results.len() == 1 { meta } else { None };
            let written = call.and_then(|c| c.lines);
            let Some((tone, text)) = summarize(name, &r.content, r.is_error, meta, written) else {
                continue;
            };
            let follows = r
                .tool_use_id
                .as_deref()
                .is_some_and(|id| self.last_call.is(id));
            // Short, so the result itself still fits beside it on a narrow terminal.
            let label = call.filter(|_| !follows).map(|c| {
                let (text, more) = match c.label.char_indices().nth(LABEL_IN_RESULT) {
                    Some((cut, _)) => (c.label[..cut].trim_end(), "…] "),
                    None => (c.label.as_str(), "] "),
                };
                let mut label = String::with_capacity(text.len() + 6);
                label.push('[');
                label.push_str(text);
                label.push_str(more);
                label
            });
            self.line_parts(
                depth,
                &[
                    (Tone::Dim, Span::Own("  ")),
                    if r.is_error {
                        (Tone::Red, Span::Own("✗ "))
                    } else {
                        (Tone::Dim, Span::Own("↳ "))
                    },
                    (Tone::Dim, Span::Given(label.as_deref().unwrap_or(""))),
                    (tone, Span::Given(&text)),
                ],
            )?;
        }
        Ok(())
    }

    /// The summary at the end. `url` is the app's; `elapsed` is how long the run took, shown
    /// when the result carries no `duration_ms` (a saved stream has none to give).
    pub fn summary(
        &mut self,
        result: &ResultSummary,
        raw: Option<&str>,
        elapsed: Option<Duration>,
        url: Option<&str>,
    ) -> io::Result<()> {
        self.spinner.finish();
        let raw = raw
            .and_then(|d| serde_json::from_str::<Value>(d).ok())
            .and_then(|v| match v {
                Value::Object(m) => Some(m),
                _ => None,
            })
            .unwrap_or_default();
        if let Some(id) = result.session_id.clone() {
            self.info.session_id = Some(id);
        }
        if self.quiet {
            if let Some(text) = &result.text {
                self.term.out_text(text.trim_end())?;
                self.term.out_text("\n")?;
            }
            return self.term.flush();
        }
        self.term.end_prose()?;
        let took = result
            .duration_ms
            .filter(|ms| ms.is_finite() && *ms >= 0.0 && *ms < 1e15)
            .map(|ms| Duration::from_millis(ms as u64))
            .or(elapsed);
        let mut facts = Vec::new();
        if let Some(n) = result.num_turns {
            facts.push(format!("{n} turn{}", if n == 1 { "" } else { "s" }));
        }
        if let Some(c) = result.total_cost_usd.filter(|c| c.is_finite()) {
            facts.push(format!("${c:.4}"));
        }
        if let Some(m) = &self.info.model {
            facts.push(m.clone());
        }
        let facts = if facts.is_empty() {
            String::new()
        } else {
            format!(" · {}", facts.join(" · "))
        };
        // A saved stream's result without `duration_ms` says nothing of how long the run took.
        let took = |word: &str| match took {
            Some(took) => format!(" {word} {}", crate::duration::format(took)),
            None => String::new(),
        };
        self.term.out_text("\n")?;
        if result.succeeded() {
            self.line(
                0,
                Line::new()
                    .green("✓ Done")
                    .plain(format!("{}{facts}", took("in"))),
            )?;
        } else {
            let why = failure_reason(result, &raw);
            self.line(
                0,
                Line::new()
                    .red("✗ Failed")
                    .plain(format!("{}{facts}", took("after"))),
            )?;
            for reason in why {
                self.line(0, Line::new().plain("  ").red(reason))?;
            }
        }
        if let Some(url) = url {
            self.line(0, Line::new().plain("  ").cyan(url).whole())?;
        }
        self.continue_line()?;
        self.term.flush()
    }

    /// `continue with: --conversation … --session …`, when known.
    fn continue_line(&mut self) -> io::Result<()> {
        let mut ids = Vec::new();
        if let Some(c) = &self.info.conversation_id {
            ids.push(format!("--conversation {c}"));
        }
        if let Some(s) = &self.info.session_id {
            ids.push(format!("--session {s}"));
        }
        // Never cut: a person copies the ids (a narrow terminal wraps the line instead).
        if !ids.is_empty() {
            self.line(
                0,
                Line::new()
                    .dim(format!("  continue with: {}", ids.join(" ")))
                    .whole(),
            )?;
        }
        Ok(())
    }

    /// Takes the spinner off the screen for good (a stream that ended without a result).
    pub fn finish(&mut self) -> io::Result<()> {
        self.spinner.finish();
        if !self.quiet {
            self.term.end_prose()?;
        }
        self.term.flush()
    }
}

/// Why a result failed, in its own words: `errors[]`, else the result text when `is_error`,
/// else the subtype in words.
pub fn failure_reason(result: &ResultSummary, raw: &Map<String, Value>) -> Vec<String> {
    let errors: Vec<String> = raw
        .get("errors")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|e| {
            e.as_str()
                .map(String::from)
                .or_else(|| e.get("message").and_then(Value::as_str).map(String::from))
        })
        .filter(|e| !e.trim().is_empty())
        .take(5)
        .map(|e| head(&e, 500))
        .collect();
    if !errors.is_empty() {
        return errors;
    }
    if let Some(t) = result.text.as_deref().filter(|t| !t.trim().is_empty()) {
        return vec![head(t, 500)];
    }
    vec![match result.subtype.as_deref() {
        Some("error_max_turns") => "the agent reached its turn limit".to_string(),
        Some("error_max_budget_usd") => "the agent reached its budget".to_string(),
        Some("error_during_execution") => "the agent failed while running".to_string(),
        Some("error_max_structured_output_retries") => {
            "the agent could not produce its structured output".to_string()
        }
        Some(other) if other != "success" => other.to_string(),
        _ => "the result was marked as an error".to_string(),
    }]
}

/// Counts the `+` and `−` lines of a `structuredPatch`.
fn patch_counts(patch: &Value) -> Option<(usize, usize)> {
    let hunks = patch.as_array()?;
    let (mut add, mut del) = (0, 0);
    for h in hunks {
        for l in h
            .get("lines")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            match l.as_str().and_then(|l| l.chars().next()) {
                Some('+') => add += 1,
                Some('-') => del += 1,
                _ => {}
            }
        }
    }
    Some((add, del))
}

/// The result line's text for a tool, or `None` when it is not worth a line.
fn summarize<'a>(
    tool: &str,
    content: &'a str,
    is_error: bool,
    meta: Option<&Value>,
    written: Option<usize>,
) -> Option<(Tone, Cow<'a, str>)> {
    let obj = meta.and_then(Value::as_object);
    if is_error {
        if tool == "Bash" || content.starts_with("Exit code") {
            // `Exit code 1\n<output>`: the code, and the last line of stderr (or output).
            let mut lines = content.lines();
            let first = lines.next().unwrap_or("");
            let code = first.strip_prefix("Exit code ").map(str::trim);
            let stderr_last = obj
                .and_then(|o| s(o, "stderr"))
                .and_then(|e| e.lines().rev().map(str::trim).find(|l| !l.is_empty()))
                .map(String::from)
                .or_else(|| {
                    let rest: Vec<&str> = lines.collect();
                    rest.iter()
                        .rev()
                        .map(|l| l.trim())
                        .find(|l| !l.is_empty())
                        .map(String::from)
                });
            let mut text = match code {
                Some(c) => format!("exit {c}"),
                None => head(first, 300),
            };
            if let Some(last) = stderr_last {
                text.push_str(" · ");
                text.push_str(&head(&last, 300));
            }
            return Some((Tone::Red, text.into()));
        }
        let clean = content
            .trim()
            .trim_start_matches("<tool_use_error>")
            .trim_end_matches("</tool_use_error>");
        return Some((Tone::Red, head(clean, 300).into()));
    }
    match tool {
        "TodoWrite" => None,
        "Read" => {
            let n = obj
                .and_then(|o| o.get("file"))
                .and_then(|f| f.get("numLines"))
                .and_then(Value::as_u64)
                .map(|n| n as usize)
                .unwrap_or_else(|| line_count(content));
            Some((
                Tone::Dim,
                format!("{n} line{}", if n == 1 { "" } else { "s" }).into(),
            ))
        }
        "Write" | "Edit" | "MultiEdit" | "NotebookEdit" => {
            let kind = obj.and_then(|o| s(o, "type"));
            let counts = obj
                .and_then(|o| o.get("structuredPatch"))
                .and_then(patch_counts);
            let text = match (kind, counts) {
                (Some("create"), _) => {
                    let n = obj
                        .and_then(|o| s(o, "content"))
                        .map(line_count)
                        .unwrap_or(0);
                    format!("created +{n}")
                }
                (_, Some((a, d))) => format!("updated +{a} −{d}"),
                _ if tool == "Write" => match written {
                    Some(n) => format!("wrote {n} line{}", if n == 1 { "" } else { "s" }),
                    None => "written".to_string(),
                },
                _ => "updated".to_string(),
            };
            Some((Tone::Dim, text.into()))
        }
        "Task" | "Agent" => {
            let mut facts = Vec::new();
            if let Some(o) = obj {
                if let Some(st) = s(o, "status") {
                    facts.push(st.to_string());
                }
                if let Some(n) = u(o, "totalToolUseCount") {
                    facts.push(format!("{n} tool uses"));
                }
                if let Some(ms) = u(o, "totalDurationMs") {
                    facts.push(secs(ms));
                }
            }
            let report = obj
                .and_then(|o| o.get("content"))
                .and_then(Value::as_array)
                .and_then(|blocks| {
                    blocks
                        .iter()
                        .find_map(|b| b.get("text").and_then(Value::as_str))
                })
                .unwrap_or(content);
            let report = head(report, 300);
            let text = match (facts.is_empty(), report.is_empty()) {
                (true, _) => report,
                (false, true) => facts.join(" · "),
                (false, false) => format!("{}: {report}", facts.join(" · ")),
            };
            Some((
                Tone::Dim,
                if text.is_empty() {
                    "(no report)".into()
                } else {
                    text.into()
                },
            ))
        }
        _ => {
            let summary = first_line_cow(content, 300);
            Some((
                Tone::Dim,
                if summary.trim().is_empty() {
                    "(no output)".into()
                } else {
                    summary
                },
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::events::decode;
    use crate::render::term::SharedBuf;

    fn render_at(events: &[&str], quiet: bool, width: Option<usize>) -> String {
        let buf = SharedBuf::default();
        let term = Term::over(Box::new(buf.clone()), Box::new(io::sink()), width);
        let mut view = StreamView::on(term, Spinner::hidden(), quiet, false);
        for e in events {
            view.event(&decode(e), e).unwrap();
        }
        view.finish().unwrap();
        buf.text()
    }

    fn render(events: &[&str], quiet: bool) -> String {
        render_at(events, quiet, None)
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
                r#"{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"t2","content":"Exit code 2\nsrc/a.ts: Type error","is_error":true}]}}"#,
            ],
            false,
        );
        assert_eq!(
            out,
            "▸ Write src/app/page.tsx\n  ↳ wrote 1 line\n▸ Bash npm run build\n  ✗ exit 2 · src/a.ts: Type error\n"
        );
    }

    #[test]
    fn parallel_results_name_their_call() {
        let out = render(
            &[
                r#"{"type":"assistant","message":{"content":[{"type":"tool_use","id":"a","name":"Bash","input":{"command":"wc -l calc.py"}},{"type":"tool_use","id":"b","name":"Bash","input":{"command":"wc -l notes.txt"}}]}}"#,
                r#"{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"b","content":"3 notes.txt"}]}}"#,
                r#"{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"a","content":"32 calc.py"}]}}"#,
            ],
            false,
        );
        assert_eq!(
            out,
            "▸ Bash wc -l calc.py\n▸ Bash wc -l notes.txt\n  ↳ 3 notes.txt\n  ↳ [Bash wc -l calc.py] 32 calc.py\n"
        );
    }

    #[test]
    fn subagents_nest_under_their_call() {
        let out = render(
            &[
                r#"{"type":"assistant","message":{"content":[{"type":"tool_use","id":"task1","name":"Agent","input":{"description":"Explore the code","subagent_type":"Explore","prompt":"..."}}]}}"#,
                r#"{"type":"assistant","parent_tool_use_id":"task1","message":{"content":[{"type":"tool_use","id":"r1","name":"Read","input":{"file_path":"a.rs"}}]}}"#,
                r#"{"type":"user","parent_tool_use_id":"task1","message":{"content":[{"type":"tool_result","tool_use_id":"r1","content":"     1\tfn main() {}\n     2\t"}]},"tool_use_result":{"type":"text","file":{"numLines":2}}}"#,
                r#"{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"task1","content":[{"type":"text","text":"The code is small.\nMore."}]}]},"tool_use_result":{"status":"completed","totalToolUseCount":1,"totalDurationMs":4000,"content":[{"type":"text","text":"The code is small.\nMore."}]}}"#,
            ],
            false,
        );
        assert_eq!(
            out,
            "▸ Agent (Explore) Explore the code\n  │ ▸ Read a.rs\n  │   ↳ 2 lines\n  ↳ [Agent (Explore) Explore the…] completed · 1 tool uses · 4s: The code is small.\n"
        );
    }

    #[test]
    fn todo_progress_and_edit_counts() {
        let out = render(
            &[
                r#"{"type":"assistant","message":{"content":[{"type":"tool_use","id":"t","name":"TodoWrite","input":{"todos":[{"content":"A","status":"completed","activeForm":"Doing A"},{"content":"B","status":"in_progress","activeForm":"Doing B"},{"content":"C","status":"pending"}]}}]}}"#,
                r#"{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"t","content":"Todos have been modified successfully"}]}}"#,
                r#"{"type":"assistant","message":{"content":[{"type":"tool_use","id":"e","name":"Edit","input":{"file_path":"x.ts"}}]}}"#,
                r#"{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"e","content":"ok"}]},"tool_use_result":{"type":"update","structuredPatch":[{"lines":[" a","-b","+c","+d"]}]}}"#,
            ],
            false,
        );
        assert_eq!(
            out,
            "▸ TodoWrite 1/3 done · now: Doing B\n▸ Edit x.ts\n  ↳ updated +2 −1\n"
        );
    }

    #[test]
    fn hostile_text_is_sanitized() {
        let out = render(
            &[r#"{"type":"assistant","message":"hi \u001b[2J\u202eevil\u0007\u200b"}"#],
            false,
        );
        assert_eq!(out, "hi \\u{1b}[2J\\u{202e}evil\\u{7}\\u{200b}\n");
    }

    #[test]
    fn api_errors_and_compaction_are_visible() {
        let out = render(
            &[
                r#"{"type":"assistant","error":"rate_limit","message":{"model":"<synthetic>","content":[{"type":"text","text":"API Error: 429 too many"}]}}"#,
                r#"{"type":"system","subtype":"compact_boundary","compact_metadata":{"trigger":"auto","pre_tokens":150000,"post_tokens":30000}}"#,
                r#"{"type":"system","subtype":"api_retry","attempt":2,"max_retries":10,"retry_delay_ms":4000,"error_status":529}"#,
                r#"{"type":"rate_limit_event","rate_limit_info":{"status":"allowed"}}"#,
                r#"{"type":"rate_limit_event","rate_limit_info":{"status":"rejected","rateLimitType":"five_hour"}}"#,
                r#"{"type":"brand_new_type","x":1}"#,
            ],
            false,
        );
        assert_eq!(
            out,
            "✗ API error (rate_limit): API Error: 429 too many\n── conversation compacted (auto, 150000 → 30000 tokens) ──\n! API error 529, retrying in 4s (attempt 2 of 10)\n! rate limit rejected (five_hour)\n"
        );
    }

    #[test]
    fn failures_say_why() {
        let buf = SharedBuf::default();
        let term = Term::over(Box::new(buf.clone()), Box::new(io::sink()), None);
        let mut view = StreamView::on(term, Spinner::hidden(), false, false);
        let data = r#"{"type":"result","subtype":"error_max_turns","is_error":true,"num_turns":40,"errors":["Reached maximum number of turns (40)"],"session_id":"s-1"}"#;
        let crate::api::events::Event::Result(result) = decode(data) else {
            panic!("not a result")
        };
        view.summary(&result, Some(data), Some(Duration::from_secs(5)), None)
            .unwrap();
        assert_eq!(
            buf.text(),
            "\n✗ Failed after 5.0s · 40 turns\n  Reached maximum number of turns (40)\n  continue with: --session s-1\n"
        );
        // `success` with is_error: the result text is the reason.
        let reason = failure_reason(
            &ResultSummary {
                subtype: Some("success".into()),
                is_error: Some(true),
                text: Some("Credit balance is too low".into()),
                ..Default::default()
            },
            &Map::new(),
        );
        assert_eq!(reason, vec!["Credit balance is too low".to_string()]);
    }

    #[test]
    fn quiet_prints_only_the_result() {
        let buf = SharedBuf::default();
        let term = Term::over(Box::new(buf.clone()), Box::new(io::sink()), None);
        let mut view = StreamView::on(term, Spinner::hidden(), true, false);
        view.event(&decode(r#"{"type":"assistant","message":"hi"}"#), "")
            .unwrap();
        let result = ResultSummary {
            text: Some("All done".into()),
            ..ResultSummary::default()
        };
        view.summary(
            &result,
            None,
            Some(Duration::from_secs(1)),
            Some("https://x"),
        )
        .unwrap();
        assert_eq!(buf.text(), "All done\n");
    }

    #[test]
    fn lines_fit_the_width() {
        let out = render_at(
            &[
                r#"{"type":"assistant","message":{"content":[{"type":"tool_use","id":"t","name":"Bash","input":{"command":"a very long command line that goes on and on past forty columns"}}]}}"#,
            ],
            false,
            Some(40),
        );
        assert_eq!(out, "▸ Bash a very long command line that go…\n");
    }

    proptest::proptest! {
        /// Streamed text hashes as the same text at once, however it was cut into pieces;
        /// and a text that differs in a byte or in length hashes differently.
        #[test]
        fn streamed_pieces_hash_as_the_whole(
            text in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..80),
            cuts in proptest::collection::vec(0..80usize, 0..6),
            flip in 0..80usize,
        ) {
            let whole = {
                let mut h = TextHash::new();
                h.feed(&text);
                h
            };
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(text.len())).collect();
            cuts.sort_unstable();
            let mut pieces = TextHash::new();
            let mut at = 0;
            for c in cuts.into_iter().chain([text.len()]) {
                pieces.feed(&text[at..c]);
                at = c;
            }
            proptest::prop_assert!(pieces == whole);
            if !text.is_empty() {
                let mut other = text.clone();
                other[flip % text.len()] ^= 1;
                let mut h = TextHash::new();
                h.feed(&other);
                proptest::prop_assert!(h != whole);
                let mut shorter = TextHash::new();
                shorter.feed(&text[..text.len() - 1]);
                proptest::prop_assert!(shorter != whole);
            }
        }

        /// [`line_count`] counts what `str::lines` yields, whatever the line ends.
        #[test]
        fn line_count_is_lines_count(s in "[ab\\r\\n]{0,40}") {
            proptest::prop_assert_eq!(line_count(&s), s.lines().count());
        }
    }

    #[test]
    fn tool_arguments() {
        let tool = |name: &str, input: Value| ToolUse::<'static> {
            id: None,
            name: name.to_string().into(),
            input: input.into(),
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
                &tool(
                    "Grep",
                    serde_json::json!({"pattern": "use", "path": "/w/src"})
                ),
                cwd
            ),
            "use in src"
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
            activity(&tool("Mystery", serde_json::json!({})), cwd),
            "Using Mystery"
        );
    }
}
