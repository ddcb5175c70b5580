//! What `prompt`, `build` and `recover` share: following a generation's event stream into
//! NDJSON (`--json`) or the live renderer, turning how it ended into an exit code, and
//! cancelling it on the server when the user presses Ctrl-C (unless `--detach`).
//! `cancel` and the Ctrl-C hook find the conversation the same way: the one named, the one the
//! stream announced, or else the deployment's most recent.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::FutureExt;

use crate::api::Client;
use crate::api::client::Target;
use crate::api::error::ApiError;
use crate::api::events::{self, Event, Peek, ResultSummary};
use crate::api::models::Object;
use crate::api::sse::{EventRef, EventStream};
use crate::commands::Ctx;
use crate::error::{Error, Kind, Result};
use crate::render::json;
use crate::render::stream::StreamView;

/// After the result, how long to wait for the server to close the stream.
const AFTER_RESULT: Duration = Duration::from_secs(2);

/// The conversation a running stream announced (for the Ctrl-C cancel).
pub(crate) type ConversationSlot = Arc<Mutex<Option<String>>>;

/// What the renderer is told before and after the stream.
pub(crate) struct Follow<'a> {
    pub(crate) conversation: Option<String>,
    pub(crate) session: Option<String>,
    /// The app's URL, for the summary.
    pub(crate) url: Option<&'a str>,
    /// The command that shows the progress, for a stream that broke.
    pub(crate) check: String,
    pub(crate) slot: ConversationSlot,
}

/// Follows `stream` to its end into NDJSON or the renderer, and maps the end to the exit.
pub(crate) async fn follow_to_end(ctx: &Ctx, mut stream: EventStream, f: Follow<'_>) -> Result<()> {
    let started = Instant::now();
    let end = if ctx.out.json {
        let mut sink = Ndjson::new(ctx.out.term().clone())?;
        let end = follow(&mut stream, &mut sink, &f.slot).await?;
        sink.finish()?;
        end
    } else {
        let mut view = StreamView::new(&ctx.out);
        view.know(f.conversation.clone(), f.session.clone());
        let mut sink = Rendered::new(view)?;
        let end = follow(&mut stream, &mut sink, &f.slot).await?;
        let mut view = sink.into_view()?;
        match &end.result {
            Some((result, raw)) => {
                view.summary(result, Some(raw), Some(started.elapsed()), f.url)?
            }
            None => view.finish()?,
        }
        end
    };
    end.into_result(&f.check)
}

/// What `cancel` did.
pub(crate) struct Cancelled {
    /// The conversation asked about; `None` when the deployment has none.
    pub(crate) conversation: Option<String>,
    /// The API's answer (`cancelled`), when one was asked.
    pub(crate) answer: Option<Object>,
}

impl Cancelled {
    pub(crate) fn stopped_one(&self) -> bool {
        self.answer
            .as_ref()
            .and_then(|a| a.bool("cancelled"))
            .unwrap_or(false)
    }
}

/// Cancels the generation of `conversation`, or of the deployment's most recent conversation.
pub(crate) async fn cancel_generation(
    client: &Client,
    fid: u64,
    target: &Target,
    namespace: Option<&str>,
    conversation: Option<String>,
) -> std::result::Result<Cancelled, ApiError> {
    let conversation = match conversation {
        Some(c) => Some(c),
        None => latest_conversation(client, fid, target).await?,
    };
    let Some(id) = conversation else {
        return Ok(Cancelled {
            conversation: None,
            answer: None,
        });
    };
    let answer = client.cancel(fid, target, namespace, &id).await?;
    Ok(Cancelled {
        conversation: Some(id),
        answer: Some(answer),
    })
}

/// The id of the deployment's most recently updated conversation.
pub(crate) async fn latest_conversation(
    client: &Client,
    fid: u64,
    target: &Target,
) -> std::result::Result<Option<String>, ApiError> {
    let mut list = client.conversations(fid, target).await?;
    // RFC 3339 times compare as text.
    list.sort_by(|a, b| a.updated_at().cmp(&b.updated_at()));
    Ok(list.pop().and_then(|c| c.id().map(String::from)))
}

/// How `deploy cancel` is spelled for this deployment, for hints.
pub(crate) fn cancel_command(target: &Target) -> String {
    match target {
        Target::Name(n) => format!("neynar-studio deploy cancel {n}"),
        Target::Id(id) => format!("neynar-studio deploy cancel --id {id}"),
    }
}

/// Arms Ctrl-C for a generation: with `detach`, it only says the generation goes on; without,
/// the interrupt cancels it on the server (bounded by the caller, see `commands::run`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn arm_interrupt(
    ctx: &Ctx,
    client: &Client,
    fid: u64,
    target: &Target,
    namespace: Option<&str>,
    known: Option<String>,
    slot: &ConversationSlot,
    detach: bool,
) {
    let still = format!(
        "the generation is still running on the server; cancel it with `{}`",
        cancel_command(target)
    );
    if detach {
        ctx.on_interrupt(still);
        return;
    }
    let client = client.clone();
    let target = target.clone();
    let namespace = namespace.map(String::from);
    let slot = slot.clone();
    ctx.on_interrupt_cancel(
        move || {
            Box::pin(async move {
                let seen = slot.lock().ok().and_then(|s| s.clone());
                let conversation = known.or(seen);
                cancel_generation(&client, fid, &target, namespace.as_deref(), conversation)
                    .await
                    .map(|c| c.stopped_one())
                    .map_err(|e| Error::from(e).message().to_string())
            })
        },
        still,
    );
}

/// How a stream ended.
#[derive(Debug, Default)]
pub(crate) struct End {
    /// The result event, decoded and as received (for the failure's own words).
    pub(crate) result: Option<(ResultSummary, String)>,
    pub(crate) error_event: Option<Option<String>>,
    broken: Option<ApiError>,
    /// The stream ended in the middle of an event.
    truncated: bool,
}

impl End {
    /// Notes what one event means for the end: the last result and the last error event are
    /// kept.
    pub(crate) fn note(&mut self, seen: Seen) {
        match seen {
            Seen::Result(r, raw) => self.result = Some((r, raw)),
            Seen::Error(m) => self.error_event = Some(m),
            Seen::Other => {}
        }
    }

    /// The exit: 0 for a success result; 1 for an error result, an `error` event, a stream
    /// that broke or ended without a result; 5 for a silent stream.
    /// Whether the stream carried its end (a result or an error event).
    pub(crate) fn finished(&self) -> bool {
        self.result.is_some() || self.error_event.is_some()
    }

    pub(crate) fn into_result(self, check: &str) -> Result<()> {
        if let Some(message) = self.error_event {
            let text = message
                .map(|m| {
                    format!(
                        "the generation failed: {}",
                        crate::api::error::one_line(&m, 500)
                    )
                })
                .unwrap_or_else(|| "the generation failed (the stream sent an error event)".into());
            return Err(Error::failure(text));
        }
        if let Some((result, raw)) = self.result {
            if result.succeeded() {
                return Ok(());
            }
            let raw = match serde_json::from_str::<serde_json::Value>(&raw) {
                Ok(serde_json::Value::Object(m)) => m,
                _ => serde_json::Map::new(),
            };
            let why = crate::render::stream::failure_reason(&result, &raw).join("; ");
            return Err(Error::failure(format!(
                "the generation ended in error: {}",
                crate::api::error::one_line(&why, 500)
            )));
        }
        let still_running = format!(
            "the generation may still be running on the server: `{check}` shows its progress"
        );
        match self.broken {
            Some(e @ ApiError::Idle { .. }) => {
                let err = Error::from(e);
                Err(Error::new(Kind::Timeout, err.message().to_string())
                    .hint(still_running)
                    .hint("allow longer silences with --idle-timeout"))
            }
            Some(e) => Err(Error::failure(format!(
                "the stream broke before the generation finished: {}",
                Error::from(e).message()
            ))
            .hint(still_running)),
            None => Err(Error::failure(if self.truncated {
                "the connection closed in the middle of an event, before the generation finished"
            } else {
                "the connection closed before the generation finished"
            })
            .hint(still_running)),
        }
    }
}

/// What an event means for the exit code.
pub(crate) enum Seen {
    Result(ResultSummary, String),
    Error(Option<String>),
    Other,
}

/// Where the events go: NDJSON or the live rendering.
pub(crate) trait Sink {
    fn event(&mut self, event: EventRef<'_>) -> std::io::Result<Seen>;
    /// Called before every wait for the network: everything received is out before it.
    fn flush(&mut self) -> std::io::Result<()>;
}

/// `--json`: each event as one NDJSON line, through the writer (which hands the JSON module
/// its stdout; the module escapes and masks what JSON readers would decode). Only what the
/// exit code needs is decoded, here, as the events come. The escaping, masking and writing run
/// on a second thread, a batch at a time, as the rendering's drawing does ([`Rendered`]): on a
/// fast stream they were half of the work, behind the reading and framing on one thread. A
/// batch goes over when it is full and before every wait for the network, and the thread
/// writes and flushes each as it comes, so what was received is out without waiting for more.
/// At most `QUEUE` batches wait; a slow reader of stdout slows the reading, as before.
pub(crate) struct Ndjson {
    batch: Lines,
    writer: Option<Writer>,
}

/// A batch of events for the writing thread: their data, and whether each is JSON.
#[derive(Default)]
struct Lines {
    text: Text,
    json: Vec<bool>,
}

struct Writer {
    to: std::sync::mpsc::SyncSender<Lines>,
    /// Written batches come back, to be emptied and filled again here (see `Worker::back`).
    back: std::sync::mpsc::Receiver<Lines>,
    thread: Thread<std::io::Result<()>>,
}

impl Ndjson {
    /// Starts the writing thread (an error only when the system cannot start a thread). The
    /// secrets to mask are those registered now.
    pub(crate) fn new(term: std::sync::Arc<crate::render::Term>) -> std::io::Result<Ndjson> {
        let secrets = crate::secret::Redactor::new();
        let (to, from) = std::sync::mpsc::sync_channel::<Lines>(QUEUE);
        let (give_back, back) = std::sync::mpsc::sync_channel::<Lines>(QUEUE + 2);
        let filler = std::thread::current();
        let write = move || -> std::io::Result<()> {
            for lines in from {
                // A place in the queue is free: the filling thread may wait for one.
                filler.unpark();
                term.with_stdout(|out| {
                    for (range, is_json) in lines.text.ranges.iter().zip(&lines.json) {
                        json::write_ndjson(out, lines.text.data(range), *is_json, &secrets)?;
                    }
                    Ok(())
                })?;
                term.flush()?;
                // Never waits: at most QUEUE + 2 batches exist.
                let _ = give_back.try_send(lines);
            }
            Ok(())
        };
        let thread = Thread::spawn("ndjson", write)?;
        Ok(Ndjson {
            batch: Lines::default(),
            writer: Some(Writer { to, back, thread }),
        })
    }

    /// Hands the batch to the writing thread. When that thread has stopped (stdout closed),
    /// its error.
    fn send(&mut self) -> std::io::Result<()> {
        if self.batch.json.is_empty() {
            return Ok(());
        }
        let Some(writer) = &self.writer else {
            return Err(std::io::Error::other("the output has already stopped"));
        };
        let next = match writer.back.try_recv() {
            Ok(mut old) => {
                old.json.clear();
                Lines {
                    text: old.text.emptied(),
                    json: old.json,
                }
            }
            Err(_) => Lines::default(),
        };
        let lines = std::mem::replace(&mut self.batch, next);
        if !hand_over(&writer.to, lines)? {
            // It stopped on an error: take it.
            return match self.stop() {
                Ok(()) => Err(std::io::Error::other("the output stopped")),
                Err(e) => Err(e),
            };
        }
        Ok(())
    }

    /// Waits for the writing thread to write everything sent.
    fn stop(&mut self) -> std::io::Result<()> {
        let Some(Writer { to, back, thread }) = self.writer.take() else {
            return Ok(());
        };
        drop(to);
        let joined = thread.join()?;
        drop(back);
        match joined {
            Ok(written) => written,
            // The panic hook has said what happened.
            Err(_) => Err(std::io::Error::other("the output stopped unexpectedly")),
        }
    }

    /// Writes what is left, and waits until it is written.
    pub(crate) fn finish(mut self) -> std::io::Result<()> {
        self.send()?;
        self.stop()
    }
}

/// Hands `item` to a worker's queue, waiting while the queue is full: `Ok(false)` when the
/// worker has stopped. The thread that fills a queue is the runtime's only one (or render's
/// reading one), so it never blocks where a stop signal cannot reach it: a worker stuck writing
/// to a stdout that nobody reads (piped into a reader that ignores Ctrl-C, as `less` does)
/// never makes room, and Ctrl-C must still end the run. The worker wakes this thread as it
/// takes an item; after a stop signal (`commands::signalled`) the wait ends with an error.
fn hand_over<T>(to: &std::sync::mpsc::SyncSender<T>, mut item: T) -> std::io::Result<bool> {
    loop {
        match to.try_send(item) {
            Ok(()) => return Ok(true),
            Err(std::sync::mpsc::TrySendError::Disconnected(_)) => return Ok(false),
            Err(std::sync::mpsc::TrySendError::Full(back)) => {
                if crate::commands::signalled() {
                    return Err(stopped());
                }
                item = back;
                std::thread::park_timeout(LOOK_AGAIN);
            }
        }
    }
}

/// How often a thread waiting for a worker looks whether a stop signal has come (it is woken
/// sooner when the worker makes progress).
const LOOK_AGAIN: std::time::Duration = std::time::Duration::from_millis(50);

/// How long the output of a run that a stop signal ends is waited for: what was received is
/// written by then, unless stdout is not being read.
const STOP_WAIT: std::time::Duration = std::time::Duration::from_millis(300);

fn stopped() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::Interrupted, "interrupted")
}

/// A worker thread, and word of its end: it can be waited for without blocking for good.
struct Thread<T> {
    handle: std::thread::JoinHandle<T>,
    /// Disconnected when the worker's function has returned (or panicked).
    ended: std::sync::mpsc::Receiver<()>,
}

impl<T: Send + 'static> Thread<T> {
    fn spawn(name: &str, f: impl FnOnce() -> T + Send + 'static) -> std::io::Result<Thread<T>> {
        let (end, ended) = std::sync::mpsc::channel::<()>();
        let handle = std::thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                let _end = end;
                f()
            })?;
        Ok(Thread { handle, ended })
    }

    /// Waits for the worker to end. Once a stop signal has come, for [`STOP_WAIT`] at most:
    /// a worker stuck writing to a stdout nobody reads is then left behind (the process ends
    /// without it), with an error.
    fn join(self) -> std::io::Result<std::thread::Result<T>> {
        let mut deadline = None;
        loop {
            match self.ended.recv_timeout(LOOK_AGAIN) {
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                // Its function has returned: joining takes no time.
                _ => return Ok(self.handle.join()),
            }
            if crate::commands::signalled() {
                let end = *deadline.get_or_insert_with(|| std::time::Instant::now() + STOP_WAIT);
                if std::time::Instant::now() >= end {
                    return Err(stopped());
                }
            }
        }
    }
}

impl Drop for Ndjson {
    fn drop(&mut self) {
        // On an early return (an error, Ctrl-C), what was handed over is still written (after
        // a stop signal, for `STOP_WAIT` at most: see `Thread::join`).
        let _ = self.stop();
    }
}

impl Sink for Ndjson {
    fn event(&mut self, event: EventRef<'_>) -> std::io::Result<Seen> {
        let peek = events::peek(event.data);
        self.batch.text.push(event.data);
        self.batch.json.push(peek != Peek::NotJson);
        if self.batch.text.text.len() >= BATCH_BYTES {
            self.send()?;
        }
        Ok(match peek {
            Peek::Result(r) => Seen::Result(r, event.data.to_string()),
            Peek::Error(m) => Seen::Error(m),
            Peek::Other | Peek::NotJson => Seen::Other,
        })
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

/// The view, fed from a second thread: this one reads and frames the events, the other draws
/// them, a batch (what one read brought) at a time, and the decoding goes to whichever thread
/// has time. A batch is decoded here when the drawing thread is behind (a batch already waits
/// for it), and left to that thread otherwise; so on a fast stream both threads stay busy and
/// the rendering takes about half the time it took on one thread (measured in
/// benches/stream.rs and scripts/bench.sh). Decoded events borrow their text from the batch
/// they travel in ([`Sent`]), so their strings are not copied. Results and errors are read
/// here as they come: the exit code and the end of the stream depend on them. At most `QUEUE`
/// batches wait, so memory stays bounded; a slow reader of stdout slows the reading, as
/// before.
pub(crate) struct Rendered {
    batch: Text,
    worker: Option<Worker>,
}

/// A batch's events: their data, kept in one buffer.
#[derive(Default)]
struct Text {
    text: String,
    /// Where each event's data stands in `text`.
    ranges: Vec<std::ops::Range<usize>>,
}

impl Text {
    fn data(&self, range: &std::ops::Range<usize>) -> &str {
        self.text.get(range.clone()).unwrap_or_default()
    }

    /// Adds one event's data.
    fn push(&mut self, data: &str) {
        let start = self.text.len();
        self.text.push_str(data);
        self.ranges.push(start..self.text.len());
    }

    /// The batch emptied, to be filled again (a sent batch comes back to the thread that
    /// fills it, see `Worker::back`). One that held a huge event does not keep its memory.
    fn emptied(mut self) -> Text {
        self.text.clear();
        self.ranges.clear();
        if self.text.capacity() > BATCH_BYTES * 4 {
            self.text = String::new();
        }
        self
    }
}

/// The events of a batch decoded on the reading thread, one for each of its first ranges (at
/// most [`DECODED_MAX`]); the drawing thread decodes the rest.
type Decoded<'a> = Vec<(Event<'a>, events::Top<'a>)>;

self_cell::self_cell!(
    /// A batch on its way to the drawing thread: its text, and the events decoded from it,
    /// which borrow their strings from it.
    struct Sent {
        owner: Text,
        #[covariant]
        dependent: Decoded,
    }
);

struct Worker {
    to: std::sync::mpsc::SyncSender<Sent>,
    /// Drawn batches come back, to be emptied and filled again here: freeing on one thread
    /// what the other allocated cost more system time than the drawing saved.
    back: std::sync::mpsc::Receiver<Sent>,
    /// Batches sent and not yet taken by the drawing thread.
    waiting: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    /// The drawing thread has drawn everything it was given and waits for the next batch.
    idle: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Thread<(StreamView, std::io::Result<()>)>,
}

/// Batches waiting for the drawing thread.
const QUEUE: usize = 2;
/// A batch is sent once its data reaches this, whatever the reads.
const BATCH_BYTES: usize = 256 << 10;
/// At most this many events of a batch are decoded ahead, so that a batch of tiny events
/// (`{}` after `{}`) does not hold a decoded event (112 bytes) for every 3 bytes of data.
/// Real batches hold about a thousand.
const DECODED_MAX: usize = 4096;
/// While decoding a batch ahead, the reading thread looks every this many events whether the
/// drawing thread has run out of work (about 50 µs of decoding apart).
const IDLE_CHECK: usize = 32;

impl Rendered {
    /// Starts the drawing thread (an error only when the system cannot start a thread).
    pub(crate) fn new(mut view: StreamView) -> std::io::Result<Rendered> {
        let (to, from) = std::sync::mpsc::sync_channel::<Sent>(QUEUE);
        let (give_back, back) = std::sync::mpsc::sync_channel::<Sent>(QUEUE + 2);
        let waiting = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let taken = waiting.clone();
        let idle = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let waits = idle.clone();
        let filler = std::thread::current();
        let draw = move || {
            loop {
                let sent = match from.try_recv() {
                    Ok(sent) => sent,
                    Err(std::sync::mpsc::TryRecvError::Disconnected) => break,
                    Err(std::sync::mpsc::TryRecvError::Empty) => {
                        waits.store(true, std::sync::atomic::Ordering::Relaxed);
                        let next = from.recv();
                        waits.store(false, std::sync::atomic::Ordering::Relaxed);
                        match next {
                            Ok(sent) => sent,
                            Err(_) => break,
                        }
                    }
                };
                taken.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
                // A place in the queue is free: the filling thread may wait for one.
                filler.unpark();
                // The writer is held for the batch: its lines do not each lock it.
                let term = view.term().clone();
                let drawn = term.holding(|| {
                    sent.with_dependent(|batch, decoded| {
                        for (i, range) in batch.ranges.iter().enumerate() {
                            let data = batch.data(range);
                            match decoded.get(i) {
                                Some((event, top)) => view.event_top(event, top, data)?,
                                None => {
                                    // Used where it was returned: taken apart, it was
                                    // copied at once (a store-forwarding stall, perf).
                                    let decoded = events::decode_top(data);
                                    view.event_top(&decoded.0, &decoded.1, data)?
                                }
                            }
                        }
                        view.flush()
                    })
                });
                if let Err(e) = drawn {
                    return (view, Err(e));
                }
                // Never waits: at most QUEUE + 2 batches exist.
                let _ = give_back.try_send(sent);
            }
            (view, Ok(()))
        };
        let thread = Thread::spawn("view", draw)?;
        Ok(Rendered {
            batch: Text::default(),
            worker: Some(Worker {
                to,
                back,
                waiting,
                idle,
                thread,
            }),
        })
    }

    /// Hands the batch to the drawing thread, decoded here when that thread is behind. When
    /// that thread has stopped (stdout closed), its error.
    fn send(&mut self) -> std::io::Result<()> {
        if self.batch.ranges.is_empty() {
            return Ok(());
        }
        let Some(worker) = &self.worker else {
            return Ok(());
        };
        // The next batch reuses a drawn one, emptied here (see `Worker::back`).
        let next = match worker.back.try_recv() {
            Ok(old) => old.into_owner().emptied(),
            Err(_) => Text::default(),
        };
        let batch = std::mem::replace(&mut self.batch, next);
        // A batch still waits for the drawing thread: it is behind, so this one is decoded
        // here, until that thread runs out of work. Then the batch goes over as it is, and
        // that thread decodes the rest: deciding once for the whole batch left it idle while
        // this one decoded, 8% of the time, with this thread the slower of the two (perf).
        let behind = worker.waiting.load(std::sync::atomic::Ordering::Relaxed) > 0;
        let idle = &worker.idle;
        let sent = Sent::new(batch, |batch| {
            if !behind {
                return Vec::new();
            }
            let mut decoded = Vec::with_capacity(batch.ranges.len().min(DECODED_MAX));
            for (i, range) in batch.ranges.iter().take(DECODED_MAX).enumerate() {
                if i % IDLE_CHECK == 0 && idle.load(std::sync::atomic::Ordering::Relaxed) {
                    break;
                }
                decoded.push(events::decode_top(batch.data(range)));
            }
            decoded
        });
        worker
            .waiting
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if !hand_over(&worker.to, sent)? {
            // It stopped on an error: take it.
            return match self.stop() {
                Ok(_) => Err(std::io::Error::other("the view stopped")),
                Err(e) => Err(e),
            };
        }
        Ok(())
    }

    /// Waits for the drawing thread to draw everything sent, and takes the view back.
    fn stop(&mut self) -> std::io::Result<StreamView> {
        let Some(Worker {
            to, back, thread, ..
        }) = self.worker.take()
        else {
            return Err(std::io::Error::other("the view has already stopped"));
        };
        drop(to);
        let joined = thread.join()?;
        drop(back);
        match joined {
            Ok((view, Ok(()))) => Ok(view),
            Ok((_, Err(e))) => Err(e),
            // The panic hook has said what happened.
            Err(_) => Err(std::io::Error::other("the view stopped unexpectedly")),
        }
    }

    /// Draws what is left and hands the view back, for the summary.
    pub(crate) fn into_view(mut self) -> std::io::Result<StreamView> {
        self.send()?;
        self.stop()
    }
}

impl Drop for Rendered {
    fn drop(&mut self) {
        // On an early return, what was received is still drawn (at most `QUEUE` batches; after
        // a stop signal, for `STOP_WAIT` at most).
        let _ = self.stop();
    }
}

impl Rendered {
    /// What one event's data means for the exit: results and errors are read here (`peek`
    /// finds every one; it decides the exit code of --json too).
    pub(crate) fn take(data: &str) -> Seen {
        if !matches!(events::peek(data), Peek::Result(_) | Peek::Error(_)) {
            return Seen::Other;
        }
        match events::decode_top(data).0 {
            Event::Result(r) => Seen::Result(*r, data.to_string()),
            Event::Error { message } => Seen::Error(message),
            _ => Seen::Other,
        }
    }
}

/// Where `text[range]` stands once trimmed as [`str::trim`] trims it; `None` when nothing is
/// left. A line that starts and ends with a visible ASCII byte (every JSON object does) is
/// taken as it is, without walking its ends as characters.
pub(crate) fn trimmed(text: &str, range: std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
    let line = text.get(range.clone())?;
    let visible = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_graphic());
    if visible(line.as_bytes().first()) && visible(line.as_bytes().last()) {
        return Some(range);
    }
    let data = line.trim();
    if data.is_empty() {
        return None;
    }
    let start = range.start + (data.as_ptr() as usize - line.as_ptr() as usize);
    Some(start..start + data.len())
}

impl Sink for Rendered {
    fn event(&mut self, event: EventRef<'_>) -> std::io::Result<Seen> {
        let seen = Rendered::take(event.data);
        self.batch.push(event.data);
        if self.batch.text.len() >= BATCH_BYTES {
            self.send()?;
        }
        Ok(seen)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

/// One event of [`follow`]: handed to the sink, and what it means for the end noted.
fn take(
    event: EventRef<'_>,
    sink: &mut dyn Sink,
    end: &mut End,
    failed: &mut Option<std::io::Error>,
    slot: &ConversationSlot,
) {
    if failed.is_some() {
        return;
    }
    if let Some(c) = events::conversation_id(event.data)
        && let Ok(mut s) = slot.lock()
    {
        *s = Some(c);
    }
    match sink.event(event) {
        Ok(seen) => end.note(seen),
        Err(e) => *failed = Some(e),
    }
}

async fn follow(
    stream: &mut EventStream,
    sink: &mut dyn Sink,
    slot: &ConversationSlot,
) -> Result<End> {
    let mut end = End::default();
    let mut failed: Option<std::io::Error> = None;
    loop {
        let after_result = end.result.is_some();
        // What has arrived already is taken without waiting, and the sink is flushed only
        // before a wait: everything received is out before the next wait, and a fast stream
        // is handed over in a few large pieces instead of one per network read (a 50 MiB
        // stream came in about 1,100 reads: as many writes and thread wake-ups).
        let mut ready = None;
        for attempt in 0..2 {
            if attempt > 0 {
                // Lets the connection's task read what the socket holds (the runtime polls
                // its sockets before it runs this task again).
                tokio::task::yield_now().await;
            }
            let mut each = |event: EventRef<'_>| take(event, sink, &mut end, &mut failed, slot);
            ready = stream.next_chunk(&mut each).now_or_never();
            if ready.is_some() {
                break;
            }
        }
        let step = match ready {
            // After the result, an error is the end as much as the end is (as when waiting).
            Some(Err(_)) if after_result => Ok(false),
            Some(step) => step,
            None => {
                if failed.is_none() {
                    sink.flush()?;
                }
                let mut each = |event: EventRef<'_>| take(event, sink, &mut end, &mut failed, slot);
                if after_result {
                    match tokio::time::timeout(AFTER_RESULT, stream.next_chunk(&mut each)).await {
                        Ok(Ok(more)) => Ok(more),
                        _ => Ok(false),
                    }
                } else {
                    stream.next_chunk(&mut each).await
                }
            }
        };
        if let Some(e) = failed {
            return Err(e.into());
        }
        match step {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                end.broken = Some(e);
                break;
            }
        }
    }
    sink.flush()?;
    end.truncated = stream.truncated();
    Ok(end)
}

#[cfg(test)]
mod tests {
    use super::trimmed;
    use proptest::prelude::*;

    proptest! {
        /// The fast path agrees with `str::trim` on every line, blank lines, Unicode spaces and
        /// lines that end in a multi-byte character included.
        #[test]
        fn trimmed_trims_as_str_trim(line in "[ \t\r\u{a0}\u{2003}a{}é\"]{0,12}", pad in "[a ]{0,3}") {
            let text = format!("{pad}\n{line}\n{pad}");
            let from = pad.len() + 1;
            let range = from..from + line.len();
            let want = line.trim();
            match trimmed(&text, range) {
                None => prop_assert!(want.is_empty()),
                Some(r) => {
                    prop_assert!(!want.is_empty());
                    prop_assert_eq!(&text[r], want);
                }
            }
        }
    }
}
