//! `render [FILE|-]`: draws a saved stream (`deploy prompt --json` NDJSON, or the raw SSE a
//! curl saved) exactly as the live view drew it, through the same renderer, and exits with
//! the code the live run had. Piped, it is the plain-text view: the fast path.
//!
//! The file is read in chunks on a blocking thread (a FIFO or a slow pipe never stalls the
//! runtime, so Ctrl-C still works), one event at a time: memory stays flat whatever its size.
//! A line (or SSE event) longer than the stream's event limit ends the run with exit 1.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;

use crate::api::sse::{EventRef, MAX_EVENT, SseParser};
use crate::commands::Ctx;
use crate::commands::deploy::generation::{End, Rendered, Seen, Sink};
use crate::error::{Error, Result};
use crate::render::Spinner;
use crate::render::stream::StreamView;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  neynar-studio deploy prompt \"a counter app\" --json > run.ndjson
  neynar-studio render run.ndjson
  curl -sN ... | neynar-studio render -        # raw SSE works too")]
pub struct Args {
    /// The saved stream: NDJSON from `deploy prompt --json`, or raw SSE; '-' or nothing reads
    /// stdin
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    if ctx.out.json {
        return Err(
            Error::usage("render draws a stream for people; --json does not apply")
                .hint("the saved NDJSON is already the JSON: use it as it is (jq reads it)"),
        );
    }
    let path = args.file.filter(|p| p.as_os_str() != "-");
    let shown = path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "stdin".into());
    let view = StreamView::on(
        ctx.out.term().clone(),
        Spinner::hidden(),
        ctx.out.quiet,
        ctx.out.verbose > 0,
    );
    let task = tokio::task::spawn_blocking(move || -> Result<End> {
        // A regular file is read through a second handle (sharing the offset) once the kind
        // of stream is known: see `draw_file`.
        let (reader, file): (Box<dyn Read>, Option<std::fs::File>) = match &path {
            Some(p) => {
                let file = std::fs::File::open(p).map_err(|e| {
                    Error::usage(format!("cannot read {}: {}", p.display(), io_words(&e)))
                })?;
                let regular = file
                    .metadata()
                    .is_ok_and(|m| m.is_file())
                    .then(|| file.try_clone().ok())
                    .flatten();
                (Box::new(file), regular)
            }
            None => (Box::new(std::io::stdin()), None),
        };
        let mut sink = Rendered::new(view)?;
        let end = draw(
            BufReader::with_capacity(64 << 10, reader),
            file,
            &mut sink,
            &shown,
        )?;
        let mut view = sink.into_view()?;
        match &end.result {
            Some((result, raw)) => view.summary(result, Some(raw), None, None)?,
            None => view.finish()?,
        }
        Ok(end)
    });
    let end = task
        .await
        .map_err(|e| Error::failure(format!("rendering stopped: {e}")))??;
    if !end.finished() {
        return Err(Error::failure(
            "the saved stream ends before the generation finished (no result event)",
        ));
    }
    end.into_result("")
}

fn io_words(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a directory".into(),
        _ => e.to_string(),
    }
}

/// Feeds every event of `input` to `sink`: SSE when the first line is an SSE field, NDJSON
/// otherwise. NDJSON from a regular `file` is read in large blocks straight into the batches.
fn draw(
    mut input: BufReader<Box<dyn Read>>,
    file: Option<std::fs::File>,
    sink: &mut Rendered,
    shown: &str,
) -> Result<End> {
    let mut end = End::default();
    let read_err =
        |e: std::io::Error| Error::failure(format!("cannot read {shown}: {}", io_words(&e)));
    let head = input.fill_buf().map_err(read_err)?;
    let first = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map(|i| &head[i..])
        .unwrap_or(&[]);
    let sse = [&b"data:"[..], b"event:", b"id:", b"retry:", b":"]
        .iter()
        .any(|p| first.starts_with(p));
    let record = |seen: Seen, end: &mut End| match seen {
        Seen::Result(r, raw) => end.result = Some((r, raw)),
        Seen::Error(m) => end.error_event = Some(m),
        Seen::Other => {}
    };
    if sse {
        let mut parser = SseParser::new();
        let mut failed: Option<std::io::Error> = None;
        loop {
            let chunk = input.fill_buf().map_err(read_err)?;
            if chunk.is_empty() {
                break;
            }
            let n = chunk.len();
            parser
                .feed_with(chunk, &mut |e: EventRef<'_>| {
                    if failed.is_some() {
                        return;
                    }
                    match sink.event(e) {
                        Ok(seen) => record(seen, &mut end),
                        Err(err) => failed = Some(err),
                    }
                })
                .map_err(|e| Error::failure(format!("{shown}: {e}")))?;
            if let Some(e) = failed.take() {
                return Err(e.into());
            }
            input.consume(n);
            sink.flush()?;
        }
        parser.finish();
        return Ok(end);
    }
    if let Some(file) = file {
        return draw_file(input, file, sink, shown);
    }
    // Lines are taken from the reader's buffer where they stand; only a line that runs past
    // the end of one read is gathered in `carry` (copying every line cost a tenth of the time).
    let mut carry: Vec<u8> = Vec::new();
    let mut number = 0usize;
    let too_long = |number: usize| {
        Error::failure(format!(
            "{shown}: line {number} is longer than {} MiB, the limit for one event",
            MAX_EVENT >> 20
        ))
    };
    let mut line = |bytes: &[u8], number: usize, end: &mut End| -> Result<()> {
        if bytes.len() > MAX_EVENT {
            return Err(too_long(number));
        }
        // Checked first: the lossy conversion walks text byte by byte (an eighth of the time).
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => std::borrow::Cow::Borrowed(t),
            Err(_) => String::from_utf8_lossy(bytes),
        };
        let data = text.trim();
        if !data.is_empty() {
            let seen = sink.event(EventRef {
                event: "message",
                data,
                id: "",
            })?;
            record(seen, end);
        }
        if number.is_multiple_of(64) {
            sink.flush()?;
        }
        Ok(())
    };
    loop {
        let buf = input.fill_buf().map_err(read_err)?;
        if buf.is_empty() {
            break;
        }
        let n = buf.len();
        let mut start = 0;
        while let Some(at) = memchr::memchr(b'\n', &buf[start..]) {
            let stop = start + at;
            number += 1;
            if carry.is_empty() {
                line(&buf[start..stop], number, &mut end)?;
            } else {
                carry.extend_from_slice(&buf[start..stop]);
                line(&carry, number, &mut end)?;
                carry.clear();
            }
            start = stop + 1;
        }
        carry.extend_from_slice(&buf[start..]);
        if carry.len() > MAX_EVENT {
            return Err(too_long(number + 1));
        }
        input.consume(n);
    }
    if !carry.is_empty() {
        number += 1;
        line(&carry, number, &mut end)?;
    }
    sink.flush()?;
    Ok(end)
}

/// The NDJSON of a regular file, read in blocks of whole lines straight into the batches'
/// buffers (see [`Rendered::lines`]): a file is never short of data, so no read waits. A
/// block that is not UTF-8 is taken a line at a time, each made valid as on a pipe.
fn draw_file(
    input: BufReader<Box<dyn Read>>,
    file: std::fs::File,
    sink: &mut Rendered,
    shown: &str,
) -> Result<End> {
    let mut end = End::default();
    let read_err =
        |e: std::io::Error| Error::failure(format!("cannot read {shown}: {}", io_words(&e)));
    let too_long = |number: usize| {
        Error::failure(format!(
            "{shown}: line {number} is longer than {} MiB, the limit for one event",
            MAX_EVENT >> 20
        ))
    };
    let mut record = |seen: Seen| match seen {
        Seen::Result(r, raw) => end.result = Some((r, raw)),
        Seen::Error(m) => end.error_event = Some(m),
        Seen::Other => {}
    };
    // What the detection read, then the rest of the file (the two handles share the offset).
    let mut carry = input.buffer().to_vec();
    // Lines handed over so far.
    let mut number = 0usize;
    loop {
        let mut block = sink.spare();
        block.append(&mut carry);
        let mut eof = false;
        // Read until the block holds a batch's worth and a line end (or the file ends).
        loop {
            let room = BLOCK.saturating_sub(block.len()).max(64 << 10);
            let n = fill(&file, &mut block, room).map_err(read_err)?;
            if n < room {
                eof = true;
                break;
            }
            let last = memchr::memrchr(b'\n', &block);
            if block.len() >= BLOCK && last.is_some() {
                break;
            }
            if last.is_none() && block.len() > MAX_EVENT {
                return Err(too_long(number + 1));
            }
        }
        let cut = if eof {
            block.len()
        } else {
            memchr::memrchr(b'\n', &block).map_or(block.len(), |i| i + 1)
        };
        carry.extend_from_slice(&block[cut..]);
        block.truncate(cut);
        // An over-long line: what comes before it is drawn, then the run ends. A block no
        // longer than the limit holds none, and its lines are counted where they are split
        // (a pass of its own to count them was a fiftieth of the time, perf).
        let mut long = None;
        let counted = block.len() <= MAX_EVENT;
        if !counted {
            let mut start = 0;
            for stop in memchr::memchr_iter(b'\n', &block).chain(std::iter::once(block.len())) {
                if stop == block.len() && start == stop {
                    break;
                }
                number += 1;
                if stop - start > MAX_EVENT {
                    long = Some((start, number));
                    break;
                }
                start = stop + 1;
            }
        }
        if let Some((at, _)) = long {
            block.truncate(at);
        }
        // The last line, when the file ends without a line end.
        let open_end = usize::from(block.last().is_some_and(|b| *b != b'\n'));
        let ends = match utf8(block) {
            Ok(text) => sink.lines(text, &mut record)?,
            Err(block) => {
                let mut ends = 0;
                for (i, line) in block.split(|b| *b == b'\n').enumerate() {
                    ends = i;
                    let text = String::from_utf8_lossy(line);
                    let data = text.trim();
                    if !data.is_empty() {
                        record(sink.event(EventRef {
                            event: "message",
                            data,
                            id: "",
                        })?);
                    }
                }
                sink.flush()?;
                ends
            }
        };
        if counted {
            number += ends + open_end;
        }
        if let Some((_, number)) = long {
            return Err(too_long(number));
        }
        if eof {
            break;
        }
    }
    Ok(end)
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

/// How much of a file one block holds: a batch's worth (see `generation::Rendered`).
const BLOCK: usize = 256 << 10;
