//! Throughput of the stream path on a realistic 50 MiB agent stream fed in 16 KiB chunks, as
//! reqwest hands it over: SSE framing alone; framing and only checking each event as JSON (our
//! scanner, and serde_json for reference); framing and event decoding; framing, decoding and
//! the piped rendering on one thread; the piped rendering alone, on events decoded beforehand
//! (the drawing thread's share: the CLI decodes and draws on two threads, see
//! `commands::deploy::generation::Rendered`); and the NDJSON passthrough of `--json`
//! (framing, the light `peek`, the line writer).
//!
//!   cargo bench --bench stream
//!
//! divan prints time per iteration and, from the byte counter, MiB/s.

use std::io::{self, Write};
use std::sync::OnceLock;

use divan::counter::BytesCount;
use neynar_studio::api::events::{self, Peek};
use neynar_studio::api::sse::{EventRef, SseParser};
use neynar_studio::emulator::session::firehose;
use neynar_studio::render::json::write_ndjson;
use neynar_studio::render::stream::StreamView;

const SIZE: usize = 50 << 20;
const CHUNK: usize = 16 << 10;

fn stream() -> &'static [u8] {
    static BODY: OnceLock<Vec<u8>> = OnceLock::new();
    BODY.get_or_init(|| firehose(SIZE))
}

/// Feeds the stream in 16 KiB chunks, as the CLI does, handing each event to `each` and
/// calling `chunk_done` after each chunk (where the CLI flushes).
fn frame(mut each: impl FnMut(EventRef<'_>), mut chunk_done: impl FnMut()) -> usize {
    let mut parser = SseParser::new();
    let mut count = 0;
    for chunk in stream().chunks(CHUNK) {
        parser
            .feed_with(chunk, &mut |e: EventRef<'_>| {
                count += 1;
                each(e)
            })
            .expect("well-formed");
        chunk_done();
    }
    count
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn sse_parse(bencher: divan::Bencher) {
    bencher
        .counter(BytesCount::new(stream().len()))
        .bench(|| frame(|_| {}, || {}));
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn parse_decode_render_piped(bencher: divan::Bencher) {
    bencher.counter(BytesCount::new(stream().len())).bench(|| {
        let mut view = StreamView::plain(Box::new(io::BufWriter::new(io::sink())), false);
        let view = std::cell::RefCell::new(&mut view);
        frame(
            |e| {
                let (event, top) = events::decode_top(e.data);
                view.borrow_mut()
                    .event_top(&event, &top, e.data)
                    .expect("sink")
            },
            || view.borrow_mut().flush().expect("sink"),
        );
        view.borrow_mut().finish().expect("sink");
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn ndjson_passthrough(bencher: divan::Bencher) {
    bencher.counter(BytesCount::new(stream().len())).bench(|| {
        let out = std::cell::RefCell::new(io::BufWriter::new(io::sink()));
        let secrets = neynar_studio::secret::Redactor::new();
        let mut results = 0;
        frame(
            |e| {
                let peek = events::peek(e.data);
                if matches!(peek, Peek::Result(_)) {
                    results += 1;
                }
                write_ndjson(
                    &mut *out.borrow_mut(),
                    e.data,
                    peek != Peek::NotJson,
                    &secrets,
                )
                .expect("sink");
            },
            || out.borrow_mut().flush().expect("sink"),
        );
        results
    });
}

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn parse_decode(bencher: divan::Bencher) {
    bencher.counter(BytesCount::new(stream().len())).bench(|| {
        let mut n = 0usize;
        frame(
            |e| {
                if matches!(events::decode(e.data), events::Event::Delta(_)) {
                    n += 1
                }
            },
            || {},
        );
        n
    });
}

/// Framing and only checking each event as JSON, building nothing: the floor under
/// `parse_decode` (the decoder checks every event while it reads it).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn check_only(bencher: divan::Bencher) {
    bencher.counter(BytesCount::new(stream().len())).bench(|| {
        let mut n = 0usize;
        frame(|e| n += usize::from(events::scanner_accepts(e.data)), || {});
        n
    });
}

/// The same floor with serde_json (`IgnoredAny` builds nothing), for reference.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn check_only_serde_json(bencher: divan::Bencher) {
    bencher.counter(BytesCount::new(stream().len())).bench(|| {
        let mut n = 0usize;
        frame(
            |e| n += usize::from(serde_json::from_str::<serde::de::IgnoredAny>(e.data).is_ok()),
            || {},
        );
        n
    });
}

/// The view alone, on events decoded beforehand.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn render_piped_only(bencher: divan::Bencher) {
    type Decoded = Vec<(events::Event<'static>, events::Top<'static>, &'static str)>;
    static DATA: OnceLock<Vec<String>> = OnceLock::new();
    static DECODED: OnceLock<Decoded> = OnceLock::new();
    let data = DATA.get_or_init(|| {
        let mut all = Vec::new();
        frame(|e| all.push(e.data.to_string()), || {});
        all
    });
    let decoded = DECODED.get_or_init(|| {
        data.iter()
            .map(|d| {
                let (event, top) = events::decode_top(d);
                (event, top, d.as_str())
            })
            .collect()
    });
    bencher.counter(BytesCount::new(stream().len())).bench(|| {
        let mut view = StreamView::plain(Box::new(io::BufWriter::new(io::sink())), false);
        for (i, (event, top, data)) in decoded.iter().enumerate() {
            view.event_top(event, top, data).expect("sink");
            if i % 64 == 0 {
                view.flush().expect("sink");
            }
        }
        view.finish().expect("sink");
    });
}
