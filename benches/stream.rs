//! Throughput of the stream path on a realistic 50 MiB agent stream fed in 16 KiB chunks, as
//! reqwest hands it over: SSE framing alone; framing, event decoding and the piped rendering;
//! and the NDJSON passthrough of `--json` (framing, the light `peek`, the line writer).
//!
//!   cargo bench --bench stream
//!
//! divan prints time per iteration and, from the byte counter, MiB/s.

use std::io::{self, Write};
use std::sync::OnceLock;

use divan::counter::BytesCount;
use neynar_studio::api::events::{self, Peek};
use neynar_studio::api::sse::{SseEvent, SseParser};
use neynar_studio::emulator::session::firehose;
use neynar_studio::render::json::write_ndjson;
use neynar_studio::render::stream::StreamView;

const SIZE: usize = 50 << 20;
const CHUNK: usize = 16 << 10;

fn stream() -> &'static [u8] {
    static BODY: OnceLock<Vec<u8>> = OnceLock::new();
    BODY.get_or_init(|| firehose(SIZE))
}

/// Feeds the stream in 16 KiB chunks, handing each chunk's events to `each`.
fn frame(mut each: impl FnMut(&[SseEvent])) -> usize {
    let mut parser = SseParser::new();
    let mut events = Vec::new();
    let mut count = 0;
    for chunk in stream().chunks(CHUNK) {
        parser.feed(chunk, &mut events).expect("well-formed");
        count += events.len();
        each(&events);
        events.clear();
    }
    count
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn sse_parse(bencher: divan::Bencher) {
    bencher
        .counter(BytesCount::new(stream().len()))
        .bench(|| frame(|_| {}));
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn parse_decode_render_piped(bencher: divan::Bencher) {
    bencher.counter(BytesCount::new(stream().len())).bench(|| {
        let mut out = io::BufWriter::new(io::sink());
        let mut view = StreamView::plain(&mut out, false);
        frame(|batch| {
            for e in batch {
                view.event(&events::decode(&e.data), &e.data).expect("sink");
            }
        });
        view.finish().expect("sink");
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn ndjson_passthrough(bencher: divan::Bencher) {
    bencher.counter(BytesCount::new(stream().len())).bench(|| {
        let mut out = io::BufWriter::new(io::sink());
        let secrets = neynar_studio::secret::Redactor::new();
        let mut results = 0;
        frame(|batch| {
            for e in batch {
                let peek = events::peek(&e.data);
                if matches!(peek, Peek::Result(_)) {
                    results += 1;
                }
                write_ndjson(&mut out, &e.data, peek != Peek::NotJson, &secrets).expect("sink");
            }
            out.flush().expect("sink");
        });
        results
    });
}

fn main() {
    divan::main();
}
