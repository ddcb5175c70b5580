/*!
The one terminal writer: it owns stdout, stderr and the spinner, and every byte the CLI prints
goes through it (as gh's `iostreams` does).

What it guarantees, so that no caller has to remember:
- **Order.** stdout is buffered; before anything is drawn on stderr (a spinner frame, a note,
  an error) the stdout buffer is flushed, and a drawn spinner is wiped before stdout text is
  written. Text written before a spinner redraw is on the screen before the redraw, and a
  spinner frame never lands inside a line of text: while stdout has an unfinished line on the
  same screen, the spinner waits.
- **The cursor.** Hidden while a spinner draws; shown again when the spinner ends, on every
  exit path ([`Term::restore`] runs from error reports, signals and the panic hook, and a
  spinner handle restores it when dropped).
- **Width.** The terminal's width is read at each line (an `ioctl`, so a resize is followed at
  the next line). The CLI's own lines ([`Line`]) are cut to it with `…`, never wrapped;
  prose (the model's text, notes, errors) wraps at word boundaries. Piped, nothing is cut
  below [`PIPED_MAX`] characters and nothing is wrapped.
- **Sanitizing.** Everything handed to it is treated as untrusted and passes
  [`sanitize`](super::sanitize::sanitize): styling is data ([`Tone`]), never escape codes in
  strings, so text can never carry its own. The one exception is a line part marked
  [`Span::Own`]: a `'static` string, the CLI's own glyphs and gaps.
- **Redaction.** Every registered secret is masked ([`crate::secret`]) before anything is cut,
  so a cut never reveals a prefix. Streamed text is held back by up to the longest secret
  pattern's length until the next piece shows it is not the start of a secret, so a key split
  across two deltas is still masked.

Its state is behind one mutex. A thread that writes many lines in a row (the live view's
drawing thread, a batch of events at a time) holds it with [`Term::holding`], and its lines
then skip the lock; the other threads' output waits for the batch, and [`Term::restore`] never
waits long for it.

It writes and does nothing else: no HTTP, no files.
*/

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use super::sanitize::{sanitize, sanitize_line};
use crate::secret::Redactor;

/// Piped, a line of the CLI's own is cut at this many characters (a pipe has no width, but a
/// megabyte-long "line" helps nobody).
pub const PIPED_MAX: usize = 2000;
/// Streamed prose held back for a secret that may go on: at most this many bytes.
const HOLD_MAX: usize = 64 << 10;
/// Ten redraws a second: smooth enough for a spinner, cheap enough to idle on for ten minutes.
const TICK: Duration = Duration::from_millis(100);
/// How long the process's last words wait for a writer another thread holds (see
/// [`Term::last_err_lines`]).
const LAST_WORDS_WAIT: Duration = Duration::from_millis(100);
const FRAMES: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// One part of a line for [`Term::out_parts`]: text from elsewhere (`Given`, sanitized), or
/// the CLI's own (`Own`: a `'static` string such as `"▸ "`, written as it is; the type keeps
/// server and model text, which is never `'static`, out of it). A line's own glyphs were half
/// of the sanitizer's calls in `render` (callgrind).
#[derive(Debug, Clone, Copy)]
pub enum Span<'a> {
    Own(&'static str),
    Given(&'a str),
}

impl<'a> Span<'a> {
    fn text(self) -> &'a str {
        match self {
            Span::Own(t) => t,
            Span::Given(t) => t,
        }
    }
}

impl<'a> From<&'a str> for Span<'a> {
    fn from(text: &'a str) -> Span<'a> {
        Span::Given(text)
    }
}

/// The styles the CLI uses. Colour is applied by the writer, only where colour is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Bold,
    Dim,
    Red,
    Green,
    Yellow,
    Cyan,
    BoldRed,
}

impl Tone {
    fn style(self) -> console::Style {
        let s = console::Style::new().force_styling(true);
        match self {
            Tone::Plain => s,
            Tone::Bold => s.bold(),
            Tone::Dim => s.dim(),
            Tone::Red => s.red(),
            Tone::Green => s.green(),
            Tone::Yellow => s.yellow(),
            Tone::Cyan => s.cyan(),
            Tone::BoldRed => s.red().bold(),
        }
    }
}

/// One line of output as styled parts. Every part is untrusted text: the writer sanitizes it
/// (line breaks become a visible `\n`), masks secrets across the whole line, cuts it to the
/// width, then styles it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    parts: Vec<(Tone, String)>,
    /// Never cut: it holds a value a person copies (a URL, an id), which is useless cut. On a
    /// terminal narrower than it, the terminal wraps it.
    whole: bool,
}

macro_rules! tone_fns {
    ($($name:ident => $tone:ident),* $(,)?) => {
        $(
            pub fn $name(self, text: impl AsRef<str>) -> Line {
                self.push(Tone::$tone, text)
            }
        )*
    };
}

impl Line {
    pub fn new() -> Line {
        Line::default()
    }

    pub fn push(mut self, tone: Tone, text: impl AsRef<str>) -> Line {
        let text = text.as_ref();
        if !text.is_empty() {
            self.parts.push((tone, text.to_string()));
        }
        self
    }

    tone_fns! {
        plain => Plain,
        bold => Bold,
        dim => Dim,
        red => Red,
        green => Green,
        yellow => Yellow,
        cyan => Cyan,
        bold_red => BoldRed,
    }

    /// Appends another line's parts.
    pub fn then(mut self, other: Line) -> Line {
        self.whole |= other.whole;
        self.parts.extend(other.parts);
        self
    }

    /// Marks the line as one that is never cut (see [`Line`]).
    pub fn whole(mut self) -> Line {
        self.whole = true;
        self
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The line as text with [`super::Paint`]'s colours, for the tables composed that way
    /// (the writer still sanitizes and masks it when it is printed).
    pub fn painted(&self, p: super::Paint) -> String {
        paint(&self.parts, p.on)
    }

    /// The text without styling, as it would be printed piped (for tests and the spinner).
    pub fn plain_text(&self) -> String {
        self.parts.iter().map(|(_, t)| t.as_str()).collect()
    }
}

impl From<&str> for Line {
    fn from(text: &str) -> Line {
        Line::new().plain(text)
    }
}

impl From<String> for Line {
    fn from(text: String) -> Line {
        Line::new().plain(text)
    }
}

/// The parts of a line after sanitizing and masking: ready to cut and style.
fn prepare<'l>(line: &'l Line, one_line: bool, secrets: &Redactor) -> Parts<'l> {
    prepare_parts(
        line.parts
            .iter()
            .map(|(tone, text)| (*tone, Span::Given(text.as_str()))),
        one_line,
        secrets,
    )
}

/// [`prepare`] for parts given as borrowed text.
fn prepare_parts<'l>(
    parts: impl Iterator<Item = (Tone, Span<'l>)>,
    one_line: bool,
    secrets: &Redactor,
) -> Parts<'l> {
    // Pushed one by one: collected, each part came back from the iterator through memory and
    // was copied on with wider loads than its stores (a store-forwarding stall, perf).
    let mut clean = Parts::new();
    for (tone, span) in parts {
        let t = match span {
            Span::Own(text) => Cow::Borrowed(text),
            Span::Given(text) if one_line => sanitize_line(text),
            Span::Given(text) => sanitize(text),
        };
        clean.push((tone, t));
    }
    if secrets.is_empty() {
        return clean;
    }
    // The parts joined, in a buffer kept for the next line: a secret may run across parts.
    thread_local! {
        static WHOLE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    let ranges = match clean.as_slice() {
        [(_, only)] => secrets.ranges(only),
        _ => WHOLE.with_borrow_mut(|whole| {
            whole.clear();
            clean.iter().for_each(|(_, t)| whole.push_str(t));
            let ranges = secrets.ranges(whole);
            if whole.capacity() > 64 << 10 {
                *whole = String::new();
            }
            ranges
        }),
    };
    if ranges.is_empty() {
        return clean;
    }
    // Map the masked ranges of the whole line back onto the parts: a masked run becomes
    // `****` in the part where it starts, and vanishes from the parts it runs on into.
    let mut out = Parts::with_capacity(clean.len());
    let mut offset = 0;
    for (tone, text) in clean {
        let (start, end) = (offset, offset + text.len());
        offset = end;
        let mut kept = String::new();
        let mut at = start;
        for r in ranges.iter().filter(|r| r.start < end && r.end > start) {
            let from = r.start.max(start);
            kept.push_str(&text[at - start..from - start]);
            if r.start >= start {
                kept.push_str(crate::secret::MASK);
            }
            at = r.end.min(end);
        }
        kept.push_str(&text[at - start..]);
        out.push((tone, Cow::Owned(kept)));
    }
    out
}

/// Cuts prepared parts to `width` display columns, marking the cut with `…`. In place: the
/// parts are nearly always left as they are, and handing them in and back moved them twice.
fn cut(parts: &mut Parts<'_>, width: usize) {
    // A character takes at least as many bytes as columns: short lines need no measuring.
    if parts.iter().map(|(_, t)| t.len()).sum::<usize>() <= width {
        return;
    }
    let total: usize = parts
        .iter()
        .map(|(_, t)| console::measure_text_width(t))
        .sum();
    if total <= width {
        return;
    }
    let mut room = width.saturating_sub(1);
    let mut out = Parts::new();
    for (tone, text) in parts.drain(..) {
        let w = console::measure_text_width(&text);
        if w <= room {
            room -= w;
            out.push((tone, text));
            continue;
        }
        let short = console::truncate_str(&text, room, "").into_owned();
        out.push((tone, Cow::Owned(format!("{short}…"))));
        break;
    }
    *parts = out;
}

/// A line's parts once sanitized and masked: borrowed from the line where nothing changed.
type Parts<'a> = smallvec::SmallVec<[(Tone, Cow<'a, str>); 6]>;

fn paint<S: AsRef<str>>(parts: &[(Tone, S)], color: bool) -> String {
    let mut s =
        String::with_capacity(parts.iter().map(|(_, t)| t.as_ref().len()).sum::<usize>() + 1);
    paint_into(&mut s, parts, color);
    s
}

fn paint_into<S: AsRef<str>>(s: &mut String, parts: &[(Tone, S)], color: bool) {
    for (tone, text) in parts {
        let text = text.as_ref();
        if color && *tone != Tone::Plain {
            s.push_str(&tone.style().apply_to(text).to_string());
        } else {
            s.push_str(text);
        }
    }
}

/// Greedy word wrap of styled parts to `width` columns. Words longer than a line are broken.
fn wrap(parts: Vec<(Tone, String)>, width: usize) -> Vec<Vec<(Tone, String)>> {
    let width = width.max(8);
    let mut lines: Vec<Vec<(Tone, String)>> = vec![Vec::new()];
    let mut col = 0;
    let push = |lines: &mut Vec<Vec<(Tone, String)>>, tone: Tone, text: &str| {
        if lines.is_empty() {
            lines.push(Vec::new());
        }
        if let Some(line) = lines.last_mut() {
            match line.last_mut() {
                Some((t, s)) if *t == tone => s.push_str(text),
                _ => line.push((tone, text.to_string())),
            }
        }
    };
    for (tone, text) in parts {
        for (i, segment) in text.split('\n').enumerate() {
            if i > 0 {
                lines.push(Vec::new());
                col = 0;
            }
            for word in segment.split_inclusive(' ') {
                let bare = word.trim_end_matches(' ');
                let w = console::measure_text_width(bare);
                if col > 0 && col + w > width {
                    // Drop the trailing space of the line being ended.
                    if let Some(line) = lines.last_mut()
                        && let Some((_, s)) = line.last_mut()
                    {
                        let trimmed = s.trim_end_matches(' ').len();
                        s.truncate(trimmed);
                    }
                    lines.push(Vec::new());
                    col = 0;
                }
                let mut rest = word;
                while console::measure_text_width(rest.trim_end_matches(' ')) > width - col {
                    let head = console::truncate_str(rest, width - col, "").into_owned();
                    if head.is_empty() {
                        break;
                    }
                    push(&mut lines, tone, &head);
                    rest = &rest[head.len()..];
                    lines.push(Vec::new());
                    col = 0;
                }
                push(&mut lines, tone, rest);
                col += console::measure_text_width(rest);
            }
        }
    }
    lines
}

struct SpinState {
    id: u64,
    message: String,
    started: Instant,
    frame: usize,
    drawn: bool,
}

struct Inner {
    out: Box<dyn Write + Send>,
    err: Box<dyn Write + Send>,
    /// Whether stdout has unflushed bytes.
    out_dirty: bool,
    spinner: Option<SpinState>,
    next_id: u64,
    ticker: bool,
    cursor_hidden: bool,
    /// Display columns written on stdout's current line (0: at the start of a line).
    col: usize,
    /// Streamed prose held back until it cannot be the start of a secret.
    held: String,
    /// The partial word at the end of streamed prose, waiting for its end to be wrapped.
    word: String,
    /// Spaces after the last word, written before the next word unless the line wraps there.
    spaces: usize,
    /// Streamed prose has been written and not yet ended.
    prose_open: bool,
    /// The last prose line ended because it was full: the spaces that follow are the break,
    /// not indentation.
    wrapped: bool,
    secrets: Redactor,
    secrets_generation: u64,
    /// Secrets set by a test: not replaced by the registry's.
    pinned_secrets: bool,
    color_out: bool,
    color_err: bool,
    /// The buffer each line is styled into, kept from line to line.
    line_buf: String,
}

/// The writer. One per process ([`Term::global`]); tests and benchmarks make their own over
/// any writer with [`Term::over`].
pub struct Term {
    inner: Mutex<Inner>,
    out_tty: bool,
    err_tty: bool,
    /// A fixed width instead of the terminal's (tests).
    fixed_width: Option<usize>,
}

static GLOBAL: OnceLock<Arc<Term>> = OnceLock::new();

thread_local! {
    /// The writer this thread holds in [`Term::holding`], and the state behind its mutex.
    static HELD: std::cell::Cell<(*const Term, *mut Inner)> =
        const { std::cell::Cell::new((std::ptr::null(), std::ptr::null_mut())) };
    /// A [`Locked::Held`] is alive on this thread.
    static IN_USE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The writer's state just locked, with the secrets snapshot brought up to date (a key
/// registered after the writer was made, when the configuration loads, is masked from then
/// on).
fn fresh(mut inner: MutexGuard<'_, Inner>) -> Locked<'_> {
    let generation = crate::secret::generation();
    if inner.secrets_generation != generation && !inner.pinned_secrets {
        inner.secrets = Redactor::new();
        inner.secrets_generation = generation;
    }
    Locked::Own(inner)
}

/// The writer's state, locked by this call or held by the thread ([`Term::holding`]).
enum Locked<'a> {
    Own(MutexGuard<'a, Inner>),
    Held(&'a mut Inner),
}

impl std::ops::Deref for Locked<'_> {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        match self {
            Locked::Own(g) => g,
            Locked::Held(i) => i,
        }
    }
}

impl std::ops::DerefMut for Locked<'_> {
    fn deref_mut(&mut self) -> &mut Inner {
        match self {
            Locked::Own(g) => g,
            Locked::Held(i) => i,
        }
    }
}

impl Drop for Locked<'_> {
    fn drop(&mut self) {
        if matches!(self, Locked::Held(_)) {
            IN_USE.set(false);
        }
    }
}

impl Term {
    /// The process's writer on the real stdout and stderr.
    pub fn global() -> Arc<Term> {
        GLOBAL
            .get_or_init(|| {
                let out_tty = io::stdout().is_terminal();
                let err_tty = io::stderr().is_terminal();
                Arc::new(Term::build(
                    Box::new(io::BufWriter::with_capacity(64 << 10, io::stdout())),
                    Box::new(io::stderr()),
                    out_tty,
                    err_tty,
                    None,
                ))
            })
            .clone()
    }

    /// The process's writer if it was ever made (for the panic hook and signal paths, which
    /// must not create one).
    pub fn existing() -> Option<Arc<Term>> {
        GLOBAL.get().cloned()
    }

    /// A writer over given streams, neither a terminal unless `width` is given (then both are,
    /// with that fixed width): for tests and benchmarks.
    pub fn over(
        out: Box<dyn Write + Send>,
        err: Box<dyn Write + Send>,
        width: Option<usize>,
    ) -> Arc<Term> {
        let tty = width.is_some();
        Arc::new(Term::build(out, err, tty, tty, width))
    }

    fn build(
        out: Box<dyn Write + Send>,
        err: Box<dyn Write + Send>,
        out_tty: bool,
        err_tty: bool,
        fixed_width: Option<usize>,
    ) -> Term {
        Term {
            inner: Mutex::new(Inner {
                out,
                err,
                out_dirty: false,
                spinner: None,
                next_id: 1,
                ticker: false,
                cursor_hidden: false,
                col: 0,
                held: String::new(),
                word: String::new(),
                spaces: 0,
                prose_open: false,
                wrapped: false,
                secrets: Redactor::new(),
                secrets_generation: crate::secret::generation(),
                pinned_secrets: false,
                color_out: false,
                color_err: false,
                line_buf: String::new(),
            }),
            out_tty,
            err_tty,
            fixed_width,
        }
    }

    /// The writer's state, with the secrets snapshot brought up to date (a key registered
    /// after the writer was made, when the configuration loads, is masked from then on).
    /// Inside [`Term::holding`] on this thread, the state it holds, without locking again.
    fn lock(&self) -> Locked<'_> {
        let (term, inner) = HELD.get();
        if std::ptr::eq(term, self) {
            if IN_USE.replace(true) {
                // Two at once would deadlock on the mutex; here it is refused instead.
                panic!("the terminal writer is already in use on this thread");
            }
            // SAFETY: `inner` is the state behind this writer's mutex, which `holding` keeps
            // locked (and does not touch) until it has cleared `HELD`; IN_USE makes this the
            // only reference to it until the `Locked` is dropped.
            return Locked::Held(unsafe { &mut *inner });
        }
        fresh(self.inner.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Runs `f` with the writer held by this thread: its calls in `f` take the state without
    /// locking the mutex each time (two atomic operations a line; the drawing thread of a
    /// fast stream spent 2.5% of its time in them, perf). Other threads wait until `f`
    /// returns; the drawing thread holds it for one batch (a few hundred microseconds).
    pub fn holding<R>(&self, f: impl FnOnce() -> R) -> R {
        if std::ptr::eq(HELD.get().0, self) {
            return f();
        }
        /// Clears `HELD` before the guard unlocks, on every way out of `f`.
        struct Release<'a> {
            _guard: Locked<'a>,
        }
        impl Drop for Release<'_> {
            fn drop(&mut self) {
                HELD.set((std::ptr::null(), std::ptr::null_mut()));
            }
        }
        let mut guard = self.lock();
        let inner: *mut Inner = &mut *guard;
        let _release = Release { _guard: guard };
        HELD.set((self, inner));
        f()
    }

    pub fn stdout_tty(&self) -> bool {
        self.out_tty
    }

    pub fn stderr_tty(&self) -> bool {
        self.err_tty
    }

    /// Sets colour for each stream (decided by `Output` from `--color` and `NO_COLOR`).
    pub fn set_color(&self, out: bool, err: bool) {
        let mut inner = self.lock();
        inner.color_out = out;
        inner.color_err = err;
    }

    /// Masks exactly these secrets from now on, whatever is registered (tests).
    pub fn pin_secrets(&self, secrets: Redactor) {
        let mut inner = self.lock();
        inner.secrets = secrets;
        inner.pinned_secrets = true;
    }

    /// Whether stdout and stderr draw on the same screen (both terminals).
    fn shared_screen(&self) -> bool {
        self.out_tty && self.err_tty
    }

    /// The width of the terminal stdout (or for `err`, stderr) is on, read now.
    fn width(&self, err: bool) -> Option<usize> {
        if let Some(w) = self.fixed_width {
            return Some(w);
        }
        let tty = if err { self.err_tty } else { self.out_tty };
        if !tty {
            return None;
        }
        let term = if err {
            console::Term::stderr()
        } else {
            console::Term::stdout()
        };
        term.size_checked()
            .map(|(_, cols)| usize::from(cols))
            .filter(|c| *c > 0)
            .or(Some(80))
    }

    // ---- stdout ----------------------------------------------------------------------------

    /// Wipes a drawn spinner so stdout text can take its place.
    fn clear_spinner(&self, inner: &mut Inner) {
        if let Some(s) = &mut inner.spinner
            && s.drawn
        {
            s.drawn = false;
            let _ = inner.err.write_all(b"\r\x1b[2K");
            let _ = inner.err.flush();
        }
    }

    fn write_out(&self, inner: &mut Inner, text: &str) -> io::Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        if self.shared_screen() {
            self.clear_spinner(inner);
        }
        inner.out.write_all(text.as_bytes())?;
        inner.out_dirty = true;
        // Columns matter only where there is a width; elsewhere "mid-line or not" is enough,
        // and bytes tell that without measuring.
        let measure = |t: &str| {
            if self.out_tty || self.fixed_width.is_some() {
                console::measure_text_width(t)
            } else {
                t.len()
            }
        };
        // Most writes end a line, or hold no line end (a streamed word).
        let bytes = text.as_bytes();
        if bytes.last() == Some(&b'\n') {
            inner.col = 0;
        } else if let Some(at) = memchr::memrchr(b'\n', bytes) {
            inner.col = measure(&text[at + 1..]);
        } else {
            inner.col += measure(text);
        }
        Ok(())
    }

    /// Ends streamed prose: what was held back is masked and written, and an unfinished line
    /// is ended.
    fn settle(&self, inner: &mut Inner) -> io::Result<()> {
        if !inner.prose_open && inner.held.is_empty() && inner.word.is_empty() {
            inner.spaces = 0;
            return Ok(());
        }
        let held = std::mem::take(&mut inner.held);
        let masked = inner.secrets.redact(&held).into_owned();
        self.prose_emit(inner, &masked)?;
        let word = std::mem::take(&mut inner.word);
        self.place_word(inner, &word)?;
        inner.spaces = 0;
        if inner.prose_open && inner.col > 0 {
            self.write_out(inner, "\n")?;
        }
        inner.prose_open = false;
        Ok(())
    }

    /// Writes a whole line of the CLI's own on stdout: sanitized, masked, cut to the width.
    pub fn out_line(&self, line: &Line) -> io::Result<()> {
        let width = self.width(false).unwrap_or(PIPED_MAX);
        let mut inner = self.lock();
        self.settle(&mut inner)?;
        let mut parts = prepare(line, true, &inner.secrets);
        if !line.whole {
            cut(&mut parts, width);
        }
        self.write_parts(&mut inner, &parts)
    }

    /// [`Term::out_line`] for a line given as borrowed parts (a line that may be cut), built
    /// without copying them: the live view writes one or two such lines per event.
    pub fn out_parts<'a, S: Into<Span<'a>> + Copy>(&self, parts: &[(Tone, S)]) -> io::Result<()> {
        let width = self.width(false).unwrap_or(PIPED_MAX);
        let mut inner = self.lock();
        self.settle(&mut inner)?;
        let spans = parts.iter().map(|&(tone, s)| (tone, s.into()));
        // Nearly every line: no colour, nothing to mask, nothing to make visible, and no
        // longer in bytes than the width in columns (a character takes at least as many bytes
        // as columns), so nothing to cut. Its parts go straight into the line buffer; the
        // general way below built, measured and painted a vector of them (a third of the
        // line's instructions in `render`, callgrind).
        if !inner.color_out
            && inner.secrets.is_empty()
            && spans.clone().map(|(_, s)| s.text().len()).sum::<usize>() <= width
            && spans.clone().all(|(_, s)| match s {
                Span::Own(_) => true,
                Span::Given(t) => super::sanitize::is_one_clean_line(t),
            })
        {
            let mut text = std::mem::take(&mut inner.line_buf);
            text.clear();
            spans.for_each(|(_, s)| text.push_str(s.text()));
            text.push('\n');
            let written = self.write_out(&mut inner, &text);
            if text.capacity() <= 64 << 10 {
                inner.line_buf = text;
            }
            return written;
        }
        let mut parts = prepare_parts(
            spans.filter(|(_, s)| !s.text().is_empty()),
            true,
            &inner.secrets,
        );
        cut(&mut parts, width);
        self.write_parts(&mut inner, &parts)
    }

    /// Styles prepared parts into the line buffer and writes them, with the line end.
    fn write_parts(&self, inner: &mut Inner, parts: &[(Tone, Cow<'_, str>)]) -> io::Result<()> {
        let mut text = std::mem::take(&mut inner.line_buf);
        text.clear();
        paint_into(&mut text, parts, inner.color_out);
        text.push('\n');
        let written = self.write_out(inner, &text);
        // Kept for the next line unless a long one made it large.
        if text.capacity() <= 64 << 10 {
            inner.line_buf = text;
        }
        written
    }

    /// Draws a block of lines in place of the block drawn before (`previous` rows, the
    /// number the last call returned): on a terminal the cursor goes up that many rows and
    /// the screen below it is cleared first, and each line is cut to the width so that one
    /// line is one row, but for a [`Line::whole`] line, which the terminal wraps and which
    /// counts the rows it takes. Piped, the lines are simply written (the caller redraws only
    /// on a change, so a log gets one block per change). Returns the number of rows drawn.
    pub fn redraw(&self, previous: usize, lines: &[Line]) -> io::Result<usize> {
        let width = self.width(false).unwrap_or(PIPED_MAX);
        let mut inner = self.lock();
        self.settle(&mut inner)?;
        if self.out_tty && previous > 0 {
            if self.shared_screen() {
                self.clear_spinner(&mut inner);
            }
            inner
                .out
                .write_all(format!("\x1b[{previous}A\r\x1b[J").as_bytes())?;
            inner.col = 0;
        }
        let mut rows = 0;
        for line in lines {
            let mut parts = prepare(line, true, &inner.secrets);
            if self.out_tty && !line.whole {
                cut(&mut parts, width);
            }
            // A whole line (an id a person copies) is wrapped by the terminal: its rows.
            let columns: usize = parts
                .iter()
                .map(|(_, t)| console::measure_text_width(t))
                .sum();
            rows += columns.div_ceil(width.max(1)).max(1);
            let text = paint(&parts, inner.color_out);
            self.write_out(&mut inner, &text)?;
            self.write_out(&mut inner, "\n")?;
        }
        inner.out.flush()?;
        Ok(rows)
    }

    /// Writes text on stdout as it is (a result: JSON, a name, a table, a script): sanitized
    /// and masked, not cut or wrapped. It carries its own line ends.
    pub fn out_text(&self, text: &str) -> io::Result<()> {
        let mut inner = self.lock();
        self.settle(&mut inner)?;
        let clean = sanitize(text);
        let masked = inner.secrets.redact(&clean).into_owned();
        self.write_out(&mut inner, &masked)
    }

    /// Writes text with colour codes the CLI added itself ([`super::Paint`]): only colour
    /// (SGR) sequences pass; sanitized and masked otherwise like [`Term::out_text`].
    /// With `cut_lines`, on a terminal each line is cut to the width (a table's rows).
    pub fn out_styled(&self, text: &str, cut_lines: bool) -> io::Result<()> {
        let width = self.width(false).filter(|_| cut_lines);
        let mut inner = self.lock();
        self.settle(&mut inner)?;
        let clean = super::sanitize::sanitize_styled(text);
        let masked = inner.secrets.redact(&clean).into_owned();
        let fitted = match width {
            Some(w) => masked
                .split('\n')
                .map(|line| {
                    if console::measure_text_width(line) > w {
                        console::truncate_str(line, w, "…").into_owned()
                    } else {
                        line.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n"),
            None => masked,
        };
        self.write_out(&mut inner, &fitted)
    }

    /// Streams prose (the model's text) on stdout as it arrives: sanitized, masked across
    /// pieces, wrapped at word boundaries on a terminal. [`Term::end_prose`] ends it.
    pub fn out_prose(&self, text: &str) -> io::Result<()> {
        let mut inner = self.lock();
        let clean = sanitize(text);
        inner.prose_open = true;
        let hold = inner.secrets.hold_back();
        if inner.secrets.is_empty() && inner.held.is_empty() {
            // No secret to find across pieces: nothing is held back.
            return self.prose_emit(&mut inner, &clean);
        }
        inner.held.push_str(&clean);
        let len = inner.held.len();
        let mut keep_from = len.saturating_sub(hold);
        if let Some(last) = inner.secrets.ranges(&inner.held).last()
            && last.end > keep_from
        {
            // A secret runs to (near) the end and may go on in the next piece: hold all of it,
            // or the rest of it would no longer be recognised. A run is at most as long as the
            // text that repeats secrets, so it is capped.
            keep_from = if len > HOLD_MAX { len } else { last.start };
        }
        while !inner.held.is_char_boundary(keep_from) {
            keep_from -= 1;
        }
        if keep_from == 0 {
            return Ok(());
        }
        // Emitted from the held text itself unless something in it is masked.
        let mut held = std::mem::take(&mut inner.held);
        let emitted = match inner.secrets.redact(&held[..keep_from]) {
            Cow::Borrowed(clean) => self.prose_emit(&mut inner, clean),
            Cow::Owned(masked) => self.prose_emit(&mut inner, &masked),
        };
        held.drain(..keep_from);
        inner.held = held;
        emitted
    }

    /// Ends streamed prose (a line end if a line is unfinished).
    pub fn end_prose(&self) -> io::Result<()> {
        let mut inner = self.lock();
        self.settle(&mut inner)
    }

    /// Whether stdout is in the middle of a line (streamed prose not yet ended).
    pub fn mid_line(&self) -> bool {
        let inner = self.lock();
        inner.prose_open && (inner.col > 0 || !inner.held.is_empty() || !inner.word.is_empty())
    }

    /// Writes masked, sanitized prose through the word wrapper.
    fn prose_emit(&self, inner: &mut Inner, text: &str) -> io::Result<()> {
        let Some(width) = self.width(false) else {
            return self.write_out(inner, text);
        };
        let width = width.max(8);
        for c in text.chars() {
            match c {
                '\n' => {
                    let word = std::mem::take(&mut inner.word);
                    self.place_word(inner, &word)?;
                    inner.spaces = 0;
                    inner.wrapped = false;
                    self.write_out(inner, "\n")?;
                }
                ' ' | '\t' => {
                    let word = std::mem::take(&mut inner.word);
                    self.place_word(inner, &word)?;
                    inner.spaces += if c == '\t' { 4 } else { 1 };
                }
                _ => {
                    inner.word.push(c);
                    // A word as long as a line cannot wait for its end.
                    if console::measure_text_width(&inner.word) >= width {
                        let word = std::mem::take(&mut inner.word);
                        self.place_word(inner, &word)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Puts one finished word on the current line after the spaces before it, or at the start
    /// of the next line (without them) if it does not fit.
    fn place_word(&self, inner: &mut Inner, word: &str) -> io::Result<()> {
        if word.is_empty() {
            return Ok(());
        }
        let mut spaces = std::mem::take(&mut inner.spaces);
        if std::mem::take(&mut inner.wrapped) && inner.col == 0 {
            spaces = 0;
        }
        let Some(width) = self.width(false) else {
            self.write_out(inner, &" ".repeat(spaces))?;
            return self.write_out(inner, word);
        };
        let width = width.max(8);
        let w = console::measure_text_width(word);
        if inner.col > 0 && inner.col + spaces + w > width {
            self.write_out(inner, "\n")?;
            inner.wrapped = false;
        } else if spaces > 0 {
            // At the start of a line, spaces are indentation (code in the prose): kept.
            let room = width.saturating_sub(inner.col + w);
            self.write_out(inner, &" ".repeat(spaces.min(room)))?;
        }
        let mut rest = word;
        while console::measure_text_width(rest) > width - inner.col.min(width) && inner.col < width
        {
            let head = console::truncate_str(rest, width - inner.col, "").into_owned();
            if head.is_empty() {
                break;
            }
            self.write_out(inner, &head)?;
            self.write_out(inner, "\n")?;
            rest = &rest[head.len()..];
        }
        self.write_out(inner, rest)?;
        if inner.col >= width {
            self.write_out(inner, "\n")?;
            inner.wrapped = true;
        }
        Ok(())
    }

    /// Lends stdout to a writer of machine output (NDJSON), which escapes and masks its own
    /// bytes (`render::json`): the order guarantees still hold.
    pub fn with_stdout<R>(&self, f: impl FnOnce(&mut dyn Write) -> io::Result<R>) -> io::Result<R> {
        let mut inner = self.lock();
        self.settle(&mut inner)?;
        if self.shared_screen() {
            self.clear_spinner(&mut inner);
        }
        inner.out_dirty = true;
        f(&mut inner.out)
    }

    /// Sends buffered stdout to the terminal or pipe.
    pub fn flush(&self) -> io::Result<()> {
        let mut inner = self.lock();
        inner.out_dirty = false;
        inner.out.flush()
    }

    // ---- stderr ----------------------------------------------------------------------------

    /// Writes a line on stderr (a note, a warning, an error, a trace): stdout is flushed
    /// first, a drawn spinner wiped; sanitized, masked, wrapped at words on a terminal.
    pub fn err_line(&self, line: &Line) {
        let width = self.width(true);
        let mut inner = self.lock();
        self.err_line_in(&mut inner, line, width);
    }

    /// [`Term::err_line`] for each of `lines`, for the last words of the process: when
    /// another thread holds the writer for longer than [`LAST_WORDS_WAIT`] (stuck writing to
    /// a stdout that nobody reads, after Ctrl-C), the lines go straight to stderr, masked and
    /// sanitized as the writer would, without colour, so that the process still ends.
    pub fn last_err_lines(&self, lines: &[Line]) {
        let width = self.width(true);
        match self.lock_within(LAST_WORDS_WAIT) {
            Some(mut inner) => {
                for line in lines {
                    self.err_line_in(&mut inner, line, width);
                }
            }
            None => {
                let secrets = Redactor::new();
                let mut text = String::new();
                for line in lines {
                    paint_into(&mut text, &prepare(line, false, &secrets), false);
                    text.push('\n');
                }
                let _ = io::stderr().write_all(text.as_bytes());
            }
        }
    }

    /// [`Term::lock`], or `None` when another thread still holds the writer after `patience`.
    fn lock_within(&self, patience: Duration) -> Option<Locked<'_>> {
        if std::ptr::eq(HELD.get().0, self) {
            return Some(self.lock());
        }
        let deadline = Instant::now() + patience;
        loop {
            match self.inner.try_lock() {
                Ok(inner) => return Some(fresh(inner)),
                Err(std::sync::TryLockError::Poisoned(e)) => return Some(fresh(e.into_inner())),
                Err(std::sync::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(std::sync::TryLockError::WouldBlock) => return None,
            }
        }
    }

    fn err_line_in(&self, inner: &mut Inner, line: &Line, width: Option<usize>) {
        let _ = self.settle_for_err(inner);
        let parts = prepare(line, false, &inner.secrets);
        let color = inner.color_err;
        let text = match width {
            Some(w) => wrap(
                parts
                    .into_iter()
                    .map(|(t, s)| (t, s.into_owned()))
                    .collect(),
                w.saturating_sub(1),
            )
            .iter()
            .map(|l| paint(l, color))
            .collect::<Vec<_>>()
            .join("\n"),
            None => paint(&parts, color),
        };
        let _ = inner.err.write_all(text.as_bytes());
        let _ = inner.err.write_all(b"\n");
        let _ = inner.err.flush();
    }

    /// Before stderr output: stdout's buffered text goes first; on a shared screen an
    /// unfinished stdout line is ended, so the stderr line starts on a line of its own.
    fn settle_for_err(&self, inner: &mut Inner) -> io::Result<()> {
        self.clear_spinner(inner);
        if self.shared_screen() && inner.prose_open {
            self.settle(inner)?;
        } else if self.shared_screen() && inner.col > 0 {
            self.write_out(inner, "\n")?;
        }
        if inner.out_dirty {
            inner.out_dirty = false;
            inner.out.flush()?;
        }
        Ok(())
    }

    /// Writes raw bytes on stderr that the CLI made itself (a question before reading an
    /// answer): masked and sanitized like the rest, no line end added.
    pub fn err_prompt(&self, text: &str) {
        let mut inner = self.lock();
        let _ = self.settle_for_err(&mut inner);
        let clean = sanitize(text);
        let masked = inner.secrets.redact(&clean).into_owned();
        let _ = inner.err.write_all(masked.as_bytes());
        let _ = inner.err.flush();
    }

    // ---- the spinner -----------------------------------------------------------------------

    /// Starts a spinner (replacing any other); `enabled` false gives a handle that never draws.
    pub fn spinner(self: &Arc<Self>, enabled: bool, message: &str) -> Spinner {
        if !enabled || !self.err_tty {
            return Spinner { term: None, id: 0 };
        }
        let id = {
            let mut inner = self.lock();
            let id = inner.next_id;
            inner.next_id += 1;
            inner.spinner = Some(SpinState {
                id,
                message: message.to_string(),
                started: Instant::now(),
                frame: 0,
                drawn: false,
            });
            if !inner.ticker {
                inner.ticker = true;
                let term = Arc::clone(self);
                let spawned = std::thread::Builder::new()
                    .name("spinner".into())
                    .spawn(move || term.tick_loop());
                if spawned.is_err() {
                    inner.ticker = false;
                }
            }
            id
        };
        self.draw();
        Spinner {
            term: Some(Arc::clone(self)),
            id,
        }
    }

    /// The ticker thread: redraws every [`TICK`] while a spinner lives, then ends.
    fn tick_loop(&self) {
        loop {
            std::thread::sleep(TICK);
            {
                let mut inner = self.lock();
                if inner.spinner.is_none() {
                    inner.ticker = false;
                    return;
                }
                if let Some(s) = &mut inner.spinner {
                    s.frame = (s.frame + 1) % FRAMES.len();
                }
            }
            self.draw();
        }
    }

    /// Draws the spinner line now (if one lives and the screen allows it).
    fn draw(&self) {
        let width = self.width(true).unwrap_or(80);
        let mut inner = self.lock();
        if inner.spinner.is_none() {
            return;
        }
        // Never inside an unfinished line of stdout text on the same screen.
        if self.shared_screen()
            && (inner.col > 0 || !inner.held.is_empty() || !inner.word.is_empty())
        {
            return;
        }
        if inner.out_dirty {
            inner.out_dirty = false;
            let _ = inner.out.flush();
        }
        let Some(s) = &inner.spinner else { return };
        let secs = s.started.elapsed().as_secs();
        let elapsed = if secs < 60 {
            format!("{secs}s")
        } else {
            format!("{}m {:02}s", secs / 60, secs % 60)
        };
        let frame = FRAMES[s.frame];
        // frame, space, message, space, elapsed: the message gets what is left, and the line
        // stays one column short of the edge (no wrap on terminals that wrap at the margin).
        let room = width.saturating_sub(console::measure_text_width(&elapsed) + 4);
        let line = Line::new().plain(&s.message);
        let mut parts = prepare(&line, true, &inner.secrets);
        cut(&mut parts, room);
        let color = inner.color_err;
        let msg = paint(&parts, color);
        let (frame, elapsed) = if color {
            (
                Tone::Cyan.style().apply_to(frame).to_string(),
                Tone::Dim.style().apply_to(&elapsed).to_string(),
            )
        } else {
            (frame.to_string(), elapsed)
        };
        let hide = if inner.cursor_hidden { "" } else { "\x1b[?25l" };
        let text = format!("{hide}\r{frame} {msg} {elapsed}\x1b[K");
        inner.cursor_hidden = true;
        if let Some(s) = &mut inner.spinner {
            s.drawn = true;
        }
        let _ = inner.err.write_all(text.as_bytes());
        let _ = inner.err.flush();
    }

    fn set_spinner_message(&self, id: u64, message: &str) {
        let mut inner = self.lock();
        if let Some(s) = &mut inner.spinner
            && s.id == id
            && s.message != message
        {
            s.message = message.to_string();
        }
    }

    fn finish_spinner(&self, id: u64) {
        let mut inner = self.lock();
        if inner.spinner.as_ref().is_some_and(|s| s.id == id) {
            self.clear_spinner(&mut inner);
            inner.spinner = None;
            if inner.cursor_hidden {
                inner.cursor_hidden = false;
                let _ = inner.err.write_all(b"\x1b[?25h");
                let _ = inner.err.flush();
            }
        }
    }

    /// Puts the terminal back as it was: the spinner wiped, the cursor shown, stdout flushed
    /// (an unfinished line ended). For every exit path: error reports, signals, panics. Never
    /// blocks for long: a writer held by a stuck thread is skipped.
    pub fn restore(&self) {
        let mut inner = match self.inner.try_lock() {
            Ok(g) => g,
            Err(std::sync::TryLockError::Poisoned(e)) => e.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => {
                // The spinner thread holds it for microseconds; anything else is stuck.
                std::thread::sleep(Duration::from_millis(20));
                match self.inner.try_lock() {
                    Ok(g) => g,
                    Err(std::sync::TryLockError::Poisoned(e)) => e.into_inner(),
                    Err(_) => {
                        // A spinner or a hidden cursor can only be on a terminal.
                        if io::stderr().is_terminal() {
                            let _ = io::stderr().write_all(b"\r\x1b[2K\x1b[?25h");
                        }
                        return;
                    }
                }
            }
        };
        self.clear_spinner(&mut inner);
        inner.spinner = None;
        let _ = self.settle(&mut inner);
        let _ = inner.out.flush();
        inner.out_dirty = false;
        if inner.cursor_hidden {
            inner.cursor_hidden = false;
            let _ = inner.err.write_all(b"\x1b[?25h");
            let _ = inner.err.flush();
        }
    }
}

/// A spinner on stderr, owned by the writer. Dropping the handle ends it (wiped, cursor back).
pub struct Spinner {
    term: Option<Arc<Term>>,
    id: u64,
}

impl Spinner {
    /// A spinner that never draws.
    pub fn hidden() -> Spinner {
        Spinner { term: None, id: 0 }
    }

    /// Whether it draws at all (a terminal, not quiet, not finished).
    pub fn is_enabled(&self) -> bool {
        self.term.is_some()
    }

    pub fn set_message(&mut self, message: impl AsRef<str>) {
        if let Some(term) = &self.term {
            term.set_spinner_message(self.id, message.as_ref());
        }
    }

    /// Takes the spinner off the screen for good.
    pub fn finish(&mut self) {
        if let Some(term) = self.term.take() {
            term.finish_spinner(self.id);
        }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.finish();
    }
}

/// A `Write` that collects into shared memory, for tests: `Term::over(Box::new(buf.clone()), ..)`
/// and read back with [`SharedBuf::text`].
#[derive(Clone, Default)]
pub struct SharedBuf(pub Arc<Mutex<Vec<u8>>>);

impl SharedBuf {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
    }
}

impl Write for SharedBuf {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(width: Option<usize>, secrets: &[&str]) -> (Arc<Term>, SharedBuf, SharedBuf) {
        let (out, err) = (SharedBuf::default(), SharedBuf::default());
        let t = Term::over(Box::new(out.clone()), Box::new(err.clone()), width);
        t.pin_secrets(Redactor::build(
            &secrets.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        ));
        (t, out, err)
    }

    const KEY: &str = "sk-ATTACK-0123456789abcdef";

    /// Held by one thread, the writer takes that thread's lines in order (masked as ever,
    /// nested holds included) and another thread's line only once the hold ends; a panic
    /// inside a hold leaves it usable.
    #[test]
    fn a_held_writer_keeps_order_and_is_let_go_on_every_way_out() {
        let (t, out, _) = term(None, &[KEY]);
        let (started, go) = std::sync::mpsc::channel();
        let other = {
            let t = t.clone();
            std::thread::spawn(move || {
                go.recv().unwrap();
                t.out_line(&Line::from("from the other thread")).unwrap();
            })
        };
        t.holding(|| {
            t.out_line(&Line::from("one")).unwrap();
            started.send(()).unwrap();
            // The other thread is now waiting for the writer.
            std::thread::sleep(Duration::from_millis(50));
            t.holding(|| t.out_prose(&format!("two {KEY}")).unwrap());
            t.end_prose().unwrap();
        });
        other.join().unwrap();
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            t.holding(|| {
                t.out_line(&Line::from("three")).unwrap();
                panic!("inside the hold");
            })
        }));
        assert!(panicked.is_err());
        t.out_line(&Line::from("four")).unwrap();
        t.flush().unwrap();
        assert_eq!(
            out.text(),
            "one\ntwo ****\nfrom the other thread\nthree\nfour\n"
        );
    }

    #[test]
    fn a_key_split_across_deltas_is_masked() {
        let (t, out, _) = term(None, &[KEY]);
        for piece in ["here: sk-AT", "TACK-01234", "56789abcdef", " done"] {
            t.out_prose(piece).unwrap();
        }
        t.end_prose().unwrap();
        t.flush().unwrap();
        assert_eq!(out.text(), "here: **** done\n");
    }

    #[test]
    fn lines_are_masked_before_they_are_cut() {
        let (t, out, _) = term(Some(30), &[KEY]);
        t.out_line(
            &Line::new()
                .bold("Bash")
                .plain(format!(" curl -H 'x-api-key: {KEY}' https://x")),
        )
        .unwrap();
        t.flush().unwrap();
        assert_eq!(out.text(), "Bash curl -H 'x-api-key: ****…\n");
    }

    /// A key split across a line's parts is found in the parts joined (in a buffer kept from
    /// line to line, so a longer line before leaves nothing behind), and so is one in a line
    /// of one part.
    #[test]
    fn a_key_split_across_parts_is_masked_line_after_line() {
        let (t, out, _) = term(None, &[KEY]);
        let (head, tail) = KEY.split_at(9);
        let long = format!("{} and more text than the next line", "x".repeat(80));
        t.out_parts(&[(Tone::Plain, long.as_str()), (Tone::Dim, "!")])
            .unwrap();
        let tail = format!("{tail} rest");
        t.out_parts(&[(Tone::Bold, "k="), (Tone::Plain, head), (Tone::Dim, &tail)])
            .unwrap();
        t.out_parts(&[(Tone::Plain, KEY)]).unwrap();
        t.out_parts(&[(Tone::Plain, "k="), (Tone::Plain, head)])
            .unwrap();
        t.flush().unwrap();
        assert_eq!(
            out.text(),
            format!("{long}!\nk=**** rest\n****\nk={head}\n")
        );
    }

    proptest::proptest! {
        /// A line of parts is written as the same line of a [`Line`] is, whichever way it
        /// goes (straight into the buffer when nothing needs cutting, colour, masking or
        /// making visible; the general way otherwise): hostile characters, line breaks,
        /// wide characters, lines longer than the width, and the CLI's own glyphs.
        #[test]
        fn parts_are_written_as_the_line_of_them(
            parts in proptest::collection::vec(
                (0..3usize, "[a-z \u{1b}\u{7f}\u{9b}\u{202e}\u{200b}\n\t界é]{0,12}"),
                0..5,
            ),
            width in proptest::option::of(1..40usize),
        ) {
            let (direct, out, _) = term(width, &[]);
            let (general, expected, _) = term(width, &[]);
            let glyphs = ["▸ ", "  ", "↳ "];
            let spans: Vec<(Tone, Span<'_>)> = parts
                .iter()
                .map(|(own, text)| match *own {
                    0 => (Tone::Dim, Span::Own(glyphs[text.len() % 3])),
                    _ => (Tone::Plain, Span::Given(text.as_str())),
                })
                .collect();
            direct.out_parts(&spans).unwrap();
            direct.flush().unwrap();
            let line = spans
                .iter()
                .fold(Line::new(), |line, (_, s)| line.plain(s.text()));
            general.out_line(&line).unwrap();
            general.flush().unwrap();
            proptest::prop_assert_eq!(out.text(), expected.text());
        }
    }

    #[test]
    fn lines_are_cut_to_the_width_and_sanitized() {
        let (t, out, _) = term(Some(20), &[]);
        t.out_line(&Line::new().plain("a\u{1b}]52;c;x\u{7}b and a long tail here"))
            .unwrap();
        t.out_line(&Line::new().plain("two\nlines")).unwrap();
        t.flush().unwrap();
        assert_eq!(out.text(), "a\\u{1b}]52;c;x\\u{7}…\ntwo\\nlines\n");
    }

    #[test]
    fn prose_wraps_at_words() {
        let (t, out, _) = term(Some(20), &[]);
        t.out_prose("The quick brown fox jum").unwrap();
        t.out_prose("ps over the lazy dog.\nNext").unwrap();
        t.end_prose().unwrap();
        t.flush().unwrap();
        assert_eq!(
            out.text(),
            "The quick brown fox\njumps over the lazy\ndog.\nNext\n"
        );
    }

    #[test]
    fn piped_prose_is_not_wrapped() {
        let (t, out, _) = term(None, &[]);
        t.out_prose("The quick brown fox jumps over the lazy dog.")
            .unwrap();
        t.end_prose().unwrap();
        t.flush().unwrap();
        assert_eq!(out.text(), "The quick brown fox jumps over the lazy dog.\n");
    }

    #[test]
    fn stderr_lines_wrap_and_are_masked() {
        let (t, _, err) = term(Some(24), &[KEY]);
        t.err_line(
            &Line::new()
                .red("error:")
                .plain(format!(" the server sent back {KEY} as it was")),
        );
        assert_eq!(err.text(), "error: the server sent\nback **** as it was\n");
    }

    #[test]
    fn spinner_text_is_masked_and_sanitized_and_the_cursor_comes_back() {
        let (t, _, err) = term(Some(60), &[KEY]);
        let mut s = t.spinner(true, &format!("Running curl {KEY}\u{1b}]0;title\u{7}"));
        s.finish();
        let text = err.text();
        assert!(!text.contains("ATTACK"), "{text:?}");
        assert!(
            text.contains("Running curl ****\\u{1b}]0;title\\u{7}"),
            "{text:?}"
        );
        assert!(text.starts_with("\x1b[?25l"));
        assert!(text.ends_with("\x1b[?25h"), "{text:?}");
    }

    #[test]
    fn stdout_text_comes_before_the_next_spinner_frame() {
        let (t, out, err) = term(Some(60), &[]);
        let s = t.spinner(true, "Thinking…");
        t.out_line(&Line::from("I'll build that.")).unwrap();
        // The spinner was wiped for the line; the text is flushed before it draws again.
        t.draw();
        assert_eq!(out.text(), "I'll build that.\n");
        assert!(err.text().contains("\r\x1b[2K"));
        drop(s);
    }

    #[test]
    fn no_spinner_inside_an_unfinished_line() {
        let (t, _, err) = term(Some(60), &[]);
        let _s = t.spinner(true, "Writing…");
        let before = err.text().len();
        t.out_prose("half a line").unwrap();
        t.draw();
        // Only the wipe, no new frame.
        assert_eq!(&err.text()[before..], "\r\x1b[2K");
    }
}
