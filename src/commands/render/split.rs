//! The NDJSON of a regular file, drawn by two workers that take its blocks in turn: each reads
//! a block, decodes its events, and draws them once the blocks before it have been drawn. A
//! block is read, decoded and drawn on one thread, so its bytes stay in that core's cache, and
//! one worker decodes while the other draws.
//!
//! Before, a file went through the live view's rendering (`generation::Rendered`): a reading
//! thread and a drawing thread, with the decoding shared between them. Every event's bytes
//! then went from one core to the other. Over the saved 50 MiB stream of `scripts/bench.sh`,
//! in 40 alternating runs, `render` took a median of 51.5 ms here against 53.9 ms
//! (CPU 94.5 against 99.0 ms), and `scripts/memory.sh`'s peaks for files fell (40 lines of
//! 3.9 MiB 26.4 to 15.1 MiB, 64 MiB of `{}` lines 17.0 to 11.4 MiB).
//!
//! A file is never short of data, so no read waits for more. The blocks are read in order
//! under one lock and drawn in order under another, and a worker never holds both. At most
//! two blocks are in hand at once (a batch's worth each, see [`BLOCK`]), so memory stays flat:
//! each worker reads into its own buffer and decodes into its own vectors ([`Kept`]), kept from
//! one of its blocks to the next.
//! A block that is not UTF-8 is taken a line at a time, each made valid as on a pipe. A line
//! longer than the event limit ends the run after the lines before it, with its number.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use studio_api::events::{self, Event, Spare, Top};

use super::read_error;
use crate::api::sse::MAX_EVENT;
use crate::commands::deploy::generation::{End, Rendered, Seen, trimmed};
use crate::error::{Error, Result};
use crate::render::stream::StreamView;

/// Draws the NDJSON of `file` (after `head`, what the detection already read) on `view`.
/// Returns the stream's end and the view, for the summary.
pub(super) fn draw(
    head: Vec<u8>,
    file: std::fs::File,
    view: StreamView,
    shown: &str,
) -> Result<(End, StreamView)> {
    let shared = Shared {
        file,
        shown,
        reading: Mutex::new(Reading {
            carry: head,
            seq: 0,
            done: false,
            failed: None,
        }),
        drawing: Mutex::new(Drawing {
            next: 0,
            view,
            end: End::default(),
            number: 0,
            failed: None,
        }),
        turn: Condvar::new(),
        drawn: AtomicUsize::new(0),
    };
    std::thread::scope(|scope| {
        // When no second thread can be started, one worker does it all.
        let second = std::thread::Builder::new()
            .name("render".into())
            .spawn_scoped(scope, || shared.work());
        shared.work();
        if let Ok(second) = second {
            // A panic there has been reported by the hook; the drawing below says the rest.
            let _ = second.join();
        }
    });
    let reading = shared
        .reading
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    let drawing = shared
        .drawing
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    // What failed first in the file's order: a drawing error or an over-long line is at or
    // before any block that was not read.
    if let Some(e) = drawing.failed.or(reading.failed) {
        return Err(e);
    }
    Ok((drawing.end, drawing.view))
}

fn stopped() -> Error {
    Error::failure("the rendering stopped unexpectedly")
}

struct Shared<'s> {
    file: std::fs::File,
    shown: &'s str,
    reading: Mutex<Reading>,
    drawing: Mutex<Drawing>,
    /// Signalled when a block has been drawn (or the drawing has failed).
    turn: Condvar,
    /// [`Drawing::next`], read without the lock while a worker waits for its turn.
    drawn: AtomicUsize,
}

/// How many times a worker looks whether its turn to draw has come before it sleeps until it
/// is woken: a fraction of a millisecond, less than a block takes to draw. On this project's
/// 2-core VM, waking a sleeping thread at every block cost `render` 2.4 ms of its 53 (median of
/// 15 alternating runs: 53.0 ms without looking, 50.6 ms looking 2,000 times, 51.6 ms 50,000).
const SPIN: u32 = 2_000;

/// What the reading keeps between blocks; held by the worker that reads.
struct Reading {
    /// The start of a line the last block cut off.
    carry: Vec<u8>,
    /// The next block's place in the file.
    seq: usize,
    /// No more blocks: the file ended, a line was too long, or something failed.
    done: bool,
    failed: Option<Error>,
}

impl Reading {
    /// The place of a block just read. Taken only once it has been read, so that every place
    /// handed out is drawn: a read that fails ends the reading before it.
    fn take_seq(&mut self) -> usize {
        self.seq += 1;
        self.seq - 1
    }
}

/// What the drawing keeps; held by the worker that draws.
struct Drawing {
    /// The next block to draw.
    next: usize,
    view: StreamView,
    end: End,
    /// Lines drawn so far, for an over-long line's number.
    number: usize,
    failed: Option<Error>,
}

/// A block read, to be decoded and drawn.
struct Piece {
    seq: usize,
    bytes: Vec<u8>,
    /// What ends the run after the block's lines.
    overlong: Option<Overlong>,
}

enum Overlong {
    /// The line after the block's lines has no end within the limit.
    Next,
    /// The block's line `k` (counting from 1) is too long; the block holds the lines before
    /// it.
    At(usize),
}

/// A block's events, decoded, and what they mean for the exit.
struct Decoded<'t> {
    text: &'t str,
    ranges: Vec<std::ops::Range<usize>>,
    /// The first [`DECODED_MAX`] events, decoded.
    events: Vec<(Event<'t>, Top<'t>)>,
    /// The results and error events among them, in order (most blocks have none); those of the
    /// events decoded as they are drawn are added then.
    seen: Vec<Seen>,
}

impl Shared<'_> {
    fn work(&self) {
        let _leaving = Leaving(self);
        // The vectors of the events this worker drew, to decode its next ones into.
        let mut spare = Spare::default();
        // This worker's block buffer and decoding vectors, emptied, for its next block.
        let mut buffer = Vec::new();
        let mut kept = Kept::default();
        while let Some(piece) = self.read(std::mem::take(&mut buffer)) {
            let Piece {
                seq,
                bytes,
                overlong,
            } = piece;
            let open_end = usize::from(bytes.last().is_some_and(|b| *b != b'\n'));
            let used = match utf8(bytes) {
                Ok(text) => {
                    let (decoded, ends) = decode(&text, &mut spare, &mut kept);
                    self.draw_turn(seq, ends + open_end, overlong, |view, end| {
                        draw_decoded(view, end, decoded, &mut spare, &mut kept)
                    });
                    text.into_bytes()
                }
                Err(bytes) => {
                    let ends = memchr::memchr_iter(b'\n', &bytes).count();
                    self.draw_turn(seq, ends + open_end, overlong, |view, end| {
                        draw_lossy(view, end, &bytes)
                    });
                    bytes
                }
            };
            // A buffer that held an event near the limit is not kept.
            if used.capacity() <= BLOCK * 4 {
                buffer = used;
            }
        }
    }

    /// The next block, read under the reading lock; `None` when there is none.
    fn read(&self, buffer: Vec<u8>) -> Option<Piece> {
        let mut r = self.reading();
        if r.done {
            return None;
        }
        match next_block(&mut r, &self.file, buffer) {
            Ok(piece) => Some(piece),
            Err(e) => {
                r.done = true;
                r.failed = Some(read_error(self.shown, e));
                None
            }
        }
    }

    /// Waits for block `seq`'s turn, draws it with `draw`, and hands the turn on. `lines` is
    /// how many lines the block holds.
    fn draw_turn(
        &self,
        seq: usize,
        lines: usize,
        overlong: Option<Overlong>,
        draw: impl FnOnce(&mut StreamView, &mut End) -> std::io::Result<()>,
    ) {
        let mut d = self.wait_turn(seq);
        if d.failed.is_none() {
            let Drawing { view, end, .. } = &mut *d;
            let term = view.term().clone();
            // The writer is held for the block: its lines do not each lock it.
            if let Err(e) = term.holding(|| draw(view, end)) {
                d.failed = Some(e.into());
            }
        }
        if d.failed.is_none() {
            d.failed = match overlong {
                Some(Overlong::Next) => Some(self.too_long(d.number + 1)),
                Some(Overlong::At(k)) => Some(self.too_long(d.number + k)),
                None => None,
            };
            d.number += lines;
        }
        let failed = d.failed.is_some();
        d.next += 1;
        self.drawn.store(d.next, Ordering::Release);
        drop(d);
        self.turn.notify_all();
        // Nothing more is read once the drawing has failed (taken after the drawing lock is
        // let go: no worker holds both).
        if failed {
            self.reading().done = true;
        }
    }

    /// The drawing, once every block before `seq` has been drawn (or the drawing failed).
    fn wait_turn(&self, seq: usize) -> MutexGuard<'_, Drawing> {
        for _ in 0..SPIN {
            if self.drawn.load(Ordering::Acquire) >= seq {
                break;
            }
            std::hint::spin_loop();
        }
        let mut d = self.drawing();
        while d.next != seq && d.failed.is_none() {
            d = self.turn.wait(d).unwrap_or_else(PoisonError::into_inner);
        }
        d
    }

    /// The locks are taken whatever a panic left in them: the panic is reported by the hook,
    /// and [`Leaving`] has marked the drawing failed.
    fn reading(&self) -> MutexGuard<'_, Reading> {
        self.reading.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn drawing(&self) -> MutexGuard<'_, Drawing> {
        self.drawing.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn too_long(&self, number: usize) -> Error {
        Error::failure(format!(
            "{}: line {number} is longer than {} MiB, the limit for one event",
            self.shown,
            MAX_EVENT >> 20
        ))
    }
}

/// On a worker's way out of a panic: the other stops too, rather than wait for a block that
/// will not be drawn.
struct Leaving<'a, 's>(&'a Shared<'s>);

impl Drop for Leaving<'_, '_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.reading().done = true;
            self.0.drawing().failed.get_or_insert_with(stopped);
            self.0.turn.notify_all();
        }
    }
}

/// Reads the next block: a batch's worth of whole lines (or the file's end).
fn next_block(r: &mut Reading, file: &std::fs::File, mut block: Vec<u8>) -> std::io::Result<Piece> {
    block.clear();
    block.append(&mut r.carry);
    let mut eof = false;
    // Read until the block holds a batch's worth and a line end (or the file ends).
    loop {
        let room = BLOCK.saturating_sub(block.len()).max(64 << 10);
        let n = fill(file, &mut block, room)?;
        if n < room {
            eof = true;
            break;
        }
        let last = memchr::memrchr(b'\n', &block);
        if block.len() >= BLOCK && last.is_some() {
            break;
        }
        if last.is_none() && block.len() > MAX_EVENT {
            r.done = true;
            block.clear();
            return Ok(Piece {
                seq: r.take_seq(),
                bytes: block,
                overlong: Some(Overlong::Next),
            });
        }
    }
    let cut = if eof {
        block.len()
    } else {
        memchr::memrchr(b'\n', &block).map_or(block.len(), |i| i + 1)
    };
    r.carry.extend_from_slice(&block[cut..]);
    block.truncate(cut);
    // An over-long line: what comes before it is drawn, then the run ends. A block no longer
    // than the limit holds none.
    let mut overlong = None;
    if block.len() > MAX_EVENT {
        let mut start = 0;
        for (k, stop) in memchr::memchr_iter(b'\n', &block)
            .chain(std::iter::once(block.len()))
            .enumerate()
        {
            if stop - start > MAX_EVENT {
                block.truncate(start);
                overlong = Some(Overlong::At(k + 1));
                break;
            }
            start = stop + 1;
        }
    }
    r.done |= eof || overlong.is_some();
    Ok(Piece {
        seq: r.take_seq(),
        bytes: block,
        overlong,
    })
}

/// At most this many events of a block are decoded before its turn to be drawn (the rest as
/// they are drawn), so that a block of tiny events (`{}` after `{}`) does not hold a decoded
/// event (112 bytes) for every 3 bytes of data. Real blocks hold about a thousand.
const DECODED_MAX: usize = 4096;

/// Splits `text` into its events (each line that is not blank, trimmed, as a pipe's lines are
/// taken) and decodes them; also returns how many line ends `text` holds.
fn decode<'t>(text: &'t str, spare: &mut Spare, kept: &mut Kept) -> (Decoded<'t>, usize) {
    let bytes = text.as_bytes();
    let mut ranges = std::mem::take(&mut kept.ranges);
    let mut seen = Vec::new();
    let mut start = 0;
    let mut pieces = 0;
    for stop in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())) {
        pieces += 1;
        let (from, to) = (start, stop);
        start = stop + 1;
        // '\n' is ASCII, so both ends are char boundaries.
        let Some(range) = trimmed(text, from..to) else {
            continue;
        };
        ranges.push(range);
    }
    let mut events = relife(std::mem::take(&mut kept.events));
    events.extend(ranges.iter().take(DECODED_MAX).map(|r| {
        let data = &text[r.clone()];
        let both = events::decode_top_with(data, spare);
        see(&mut seen, &both.0, data);
        both
    }));
    let decoded = Decoded {
        text,
        ranges,
        events,
        seen,
    };
    (decoded, pieces - 1)
}

/// Draws a block's events, and keeps their vectors in `spare` and the block's own in `kept`,
/// for the worker's next block.
fn draw_decoded(
    view: &mut StreamView,
    end: &mut End,
    d: Decoded<'_>,
    spare: &mut Spare,
    kept: &mut Kept,
) -> std::io::Result<()> {
    let Decoded {
        text,
        ranges,
        mut events,
        mut seen,
    } = d;
    let mut decoded = events.drain(..);
    let mut out = Ok(());
    for range in &ranges {
        let data = &text[range.clone()];
        let (event, top) = match decoded.next() {
            Some(both) => both,
            None => {
                let both = events::decode_top_with(data, spare);
                see(&mut seen, &both.0, data);
                both
            }
        };
        out = view.event_top(&event, &top, data);
        spare.keep(event);
        if out.is_err() {
            break;
        }
    }
    drop(decoded);
    kept.keep(ranges, events);
    out?;
    for seen in seen {
        end.note(seen);
    }
    view.flush()
}

/// Notes what a decoded event means for the exit, as [`Rendered::take`] reads it. That says
/// [`Seen::Other`] of every event that does not decode as a result or an error (it decodes the
/// event the same way), so only those are read again: reading every line for it was 1.9% of
/// `render`'s instructions (callgrind).
fn see(seen: &mut Vec<Seen>, event: &Event<'_>, data: &str) {
    if matches!(event, Event::Result(_) | Event::Error { .. }) {
        match Rendered::take(data) {
            Seen::Other => {}
            s => seen.push(s),
        }
    }
}

/// A worker's decoding vectors, emptied, for its next block.
///
/// Made anew for each block, a block of small events (text deltas: about 1,400 in 256 KiB)
/// needed a vector of events over 128 KiB, which glibc maps afresh and unmaps on free (`main`
/// sets the trim threshold, which fixes the mapping threshold at 128 KiB): its pages were
/// faulted in at every block, and each unmapping interrupted the other core to flush its TLB.
/// Kept, `render` of 23 MB of text deltas took 22.6 ms against 29.8 (median of 25 alternating
/// runs; 661 page faults against 4,035), and the 50 MiB stream of `scripts/bench.sh` 47.3
/// against 48.9 ms (30 runs).
#[derive(Default)]
struct Kept {
    ranges: Vec<std::ops::Range<usize>>,
    events: Vec<(Event<'static>, Top<'static>)>,
}

/// The most line ranges a [`Kept`] holds on to (1 MiB): a block of tiny lines (`{}` after
/// `{}`) needs more, for itself only.
const KEPT_RANGES_MAX: usize = 1 << 16;

impl Kept {
    fn keep(&mut self, mut ranges: Vec<std::ops::Range<usize>>, events: Vec<(Event<'_>, Top<'_>)>) {
        if ranges.capacity() <= KEPT_RANGES_MAX {
            ranges.clear();
            self.ranges = ranges;
        }
        // At most DECODED_MAX events are decoded ahead: bounded already.
        self.events = relife(events);
    }
}

/// An emptied vector, for elements of another type of the same size and alignment (here: the
/// same events, of another lifetime): std collects it in place, so its allocation is kept.
fn relife<T, U>(mut v: Vec<T>) -> Vec<U> {
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}

/// A block that is not UTF-8: each line made valid, as on a pipe.
fn draw_lossy(view: &mut StreamView, end: &mut End, bytes: &[u8]) -> std::io::Result<()> {
    for line in bytes.split(|b| *b == b'\n') {
        let text = String::from_utf8_lossy(line);
        let data = text.trim();
        if data.is_empty() {
            continue;
        }
        end.note(Rendered::take(data));
        let (event, top) = events::decode_top(data);
        view.event_top(&event, &top, data)?;
    }
    view.flush()
}

/// Appends up to `room` bytes of `file` to `block` and returns how many: fewer only at the
/// file's end. Read straight into the block's spare room, as much as each read gives: std's
/// `read_to_end` starts every call at 8 KiB and doubles, six reads for each block (1,215
/// reads for 50 MiB, against about 200 here).
#[cfg(unix)]
fn fill(file: &std::fs::File, block: &mut Vec<u8>, room: usize) -> std::io::Result<usize> {
    use std::os::fd::AsRawFd;
    block.reserve(room);
    let mut got = 0;
    while got < room {
        let spare = block.spare_capacity_mut();
        let want = (room - got).min(spare.len());
        // SAFETY: `spare` is `want` or more writable bytes the vector owns; the kernel writes
        // at most `want` of them, and only the `n` it reports are then counted as the
        // vector's.
        let n = unsafe { libc::read(file.as_raw_fd(), spare.as_mut_ptr().cast(), want) };
        if n < 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return Err(e);
        }
        if n == 0 {
            break;
        }
        let n = n as usize;
        // SAFETY: the kernel has written these `n` bytes, right after the vector's length.
        unsafe { block.set_len(block.len() + n) };
        got += n;
    }
    Ok(got)
}

#[cfg(not(unix))]
fn fill(file: &std::fs::File, block: &mut Vec<u8>, room: usize) -> std::io::Result<usize> {
    use std::io::Read;
    file.take(room as u64).read_to_end(block)
}

/// `block` as text when it is UTF-8, and back as it was when not: checked with simdutf8
/// (AVX2 where the CPU has it, found at run time). Over a 50 MiB stream in blocks already in
/// the cache, as here, it took 0.8 ms where `String::from_utf8` took 2.1-2.8 ms.
fn utf8(block: Vec<u8>) -> std::result::Result<String, Vec<u8>> {
    if simdutf8::basic::from_utf8(&block).is_err() {
        return Err(block);
    }
    // SAFETY: simdutf8 has just checked that the bytes are UTF-8.
    Ok(unsafe { String::from_utf8_unchecked(block) })
}

/// How much of a file one block holds (see [`split`]): as much as a batch of the live view
/// (`generation::Rendered`). 64 and 128 KiB, and 512 KiB, measured no faster.
const BLOCK: usize = 256 << 10;

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes until it has been written to `left` times, then panics.
    struct Breaks {
        left: usize,
    }

    impl std::io::Write for Breaks {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.left = self.left.checked_sub(1).expect("the writer breaks");
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// A panic while a block is drawn, on either worker, ends the rendering: the other worker
    /// does not wait for its turn forever.
    #[test]
    fn a_panic_in_one_worker_stops_the_other() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("run.ndjson");
        let line =
            r#"{"type":"assistant","message":{"content":[{"type":"text","text":"a step"}]}}"#;
        // About 40 blocks of some 3,300 lines, so that each worker draws some: the writer
        // breaks in the first block, and in later ones, drawn by either worker (both are
        // seen: the spawned worker's panics are reported as "the rendering stopped").
        let text = format!("{line}\n").repeat((10 << 20) / line.len());
        std::fs::write(&path, text).unwrap();
        for left in [1, 3_000, 7_000, 20_000, 50_000, 90_000] {
            let file = std::fs::File::open(&path).unwrap();
            let view = StreamView::plain(Box::new(Breaks { left }), false);
            let (done, ended) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    draw(Vec::new(), file, view, "run.ndjson").map(|_| ())
                }));
                let _ = done.send(outcome.map(|r| r.map_err(|e| e.to_string())));
            });
            match ended.recv_timeout(std::time::Duration::from_secs(60)) {
                // The panic was on this worker: it went on up, once the other had stopped.
                Ok(Err(_)) => {}
                // It was on the other: the drawing says so.
                Ok(Ok(r)) => assert_eq!(
                    r,
                    Err("the rendering stopped unexpectedly".to_string()),
                    "{left}"
                ),
                Err(_) => panic!("the rendering hung after a panic ({left} writes)"),
            }
        }
    }

    /// A worker's vectors come back empty with their allocations, and none is kept past its
    /// bound.
    #[test]
    fn a_worker_keeps_its_decoding_vectors() {
        let text = "{\"type\":\"stream_event\"}\n".repeat(3_000);
        let mut kept = Kept::default();
        let mut spare = Spare::default();
        let (decoded, ends) = decode(&text, &mut spare, &mut kept);
        assert_eq!(
            (ends, decoded.ranges.len(), decoded.events.len()),
            (3_000, 3_000, 3_000)
        );
        let at = (
            decoded.ranges.as_ptr() as usize,
            decoded.events.as_ptr() as usize,
        );
        let Decoded { ranges, events, .. } = decoded;
        kept.keep(ranges, events);
        assert!(kept.ranges.is_empty() && kept.events.is_empty());
        let (decoded, _) = decode(&text, &mut spare, &mut kept);
        assert_eq!(
            (
                decoded.ranges.as_ptr() as usize,
                decoded.events.as_ptr() as usize
            ),
            at
        );
        let mut kept = Kept::default();
        kept.keep(Vec::with_capacity(KEPT_RANGES_MAX + 1), Vec::new());
        assert_eq!(kept.ranges.capacity(), 0);
    }
}
