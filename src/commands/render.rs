//! `render [FILE|-]`: draws a saved stream (`deploy prompt --json` NDJSON, or the raw SSE a
//! curl saved) exactly as the live view drew it, through the same renderer, and exits with
//! the code the live run had. Piped, it is the plain-text view: the fast path.
//!
//! The stream is read on blocking threads (a FIFO or a slow pipe never stalls the runtime, so
//! Ctrl-C still works), a bounded piece at a time: memory stays flat whatever its size. A pipe,
//! and SSE, go through the live view's two-thread rendering (`generation::Rendered`); NDJSON
//! in a regular file goes to two workers that each read, decode and draw blocks of it in turn
//! ([`split`]). A line (or SSE event) longer than the stream's event limit ends the run with
//! exit 1.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;

use crate::api::sse::{EventRef, MAX_EVENT, SseParser};
use crate::commands::Ctx;
use crate::commands::deploy::generation::{End, Rendered, Sink};
use crate::error::{Error, Result};
use crate::render::Spinner;
use crate::render::stream::StreamView;

mod split;

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
        // of stream is known: see `split`.
        let (reader, file): (Box<dyn Read>, Option<std::fs::File>) = match &path {
            Some(p) => {
                let file = std::fs::File::open(p).map_err(|e| {
                    Error::usage(format!("cannot read {}: {}", p.display(), io_words(&e)))
                })?;
                let meta = file.metadata().ok();
                // A directory opens on Linux, and its first read fails: refused here, as a
                // path that is not there is (both are the argument's fault).
                if meta.as_ref().is_some_and(std::fs::Metadata::is_dir) {
                    return Err(Error::usage(format!(
                        "cannot read {}: it is a directory",
                        p.display()
                    ))
                    .hint(
                        "give the file a `deploy prompt --json` run was saved to, or - for stdin",
                    ));
                }
                let regular = meta
                    .is_some_and(|m| m.is_file())
                    .then(|| file.try_clone().ok())
                    .flatten();
                (Box::new(file), regular)
            }
            None => (Box::new(std::io::stdin()), None),
        };
        let mut input = BufReader::with_capacity(64 << 10, reader);
        let sse = is_sse(&mut input).map_err(|e| read_error(&shown, e))?;
        let (end, mut view) = match file {
            // NDJSON from a regular file: two workers that each read, decode and draw.
            Some(file) if !sse => split::draw(input.buffer().to_vec(), file, view, &shown)?,
            _ => {
                let mut sink = Rendered::new(view)?;
                let end = draw(input, sse, &mut sink, &shown)?;
                (end, sink.into_view()?)
            }
        };
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

/// Whether the stream is SSE: its first line (past any whitespace) is an SSE field.
fn is_sse(input: &mut BufReader<Box<dyn Read>>) -> std::io::Result<bool> {
    let head = input.fill_buf()?;
    let first = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map(|i| &head[i..])
        .unwrap_or(&[]);
    Ok([&b"data:"[..], b"event:", b"id:", b"retry:", b":"]
        .iter()
        .any(|p| first.starts_with(p)))
}

fn read_error(shown: &str, e: std::io::Error) -> Error {
    Error::failure(format!("cannot read {shown}: {}", io_words(&e)))
}

/// Feeds every event of `input` to `sink`: SSE when `sse`, NDJSON lines otherwise (from a
/// pipe, or a file that is not a regular one; see [`split`] for those).
fn draw(
    mut input: BufReader<Box<dyn Read>>,
    sse: bool,
    sink: &mut Rendered,
    shown: &str,
) -> Result<End> {
    let mut end = End::default();
    let read_err = |e: std::io::Error| read_error(shown, e);
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
                        Ok(seen) => end.note(seen),
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
            end.note(seen);
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
