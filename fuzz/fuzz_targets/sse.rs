//! The SSE parser on arbitrary bytes with arbitrary chunking: it must not panic, and any
//! chunking must give the same events and the same truncation as the whole input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use neynar_studio::api::sse::SseParser;

fn parse(chunks: &[&[u8]], limit: usize) -> (Result<Vec<neynar_studio::api::sse::SseEvent>, String>, bool) {
    let mut p = SseParser::with_limit(limit);
    let mut out = Vec::new();
    for c in chunks {
        if let Err(e) = p.feed(c, &mut out) {
            return (Err(e.to_string()), false);
        }
    }
    let truncated = p.finish();
    (Ok(out), truncated)
}

fuzz_target!(|data: &[u8]| {
    // The first bytes choose the chunk sizes; the rest is the stream.
    let split = data.len().min(8);
    let (sizes, body) = data.split_at(split);
    let mut chunks = Vec::new();
    let mut rest = body;
    let mut i = 0;
    while !rest.is_empty() {
        let n = (sizes.get(i % sizes.len().max(1)).copied().unwrap_or(1) as usize % 17).min(rest.len());
        let (a, b) = rest.split_at(n);
        chunks.push(a);
        rest = b;
        i += 1;
        if n == 0 && i > body.len() * 2 + 16 {
            chunks.push(rest);
            break;
        }
    }
    for limit in [64, 1 << 20] {
        let whole = parse(&[body], limit);
        let pieces = parse(&chunks, limit);
        // Errors (over the cap) may come at a different event; events must agree otherwise.
        if let (Ok(_), Ok(_)) = (&whole.0, &pieces.0) {
            assert_eq!(whole, pieces);
        }
    }
});
