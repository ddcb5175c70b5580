//! Stream event decoding: never panics, and the light reader used for NDJSON agrees with the
//! full decoder on what decides the exit code.
#![no_main]

use libfuzzer_sys::fuzz_target;
use neynar_studio::api::events::{Event, Peek, decode, peek};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let full = decode(&text);
    let light = peek(&text);
    match (&full, &light) {
        (Event::Result(a), Peek::Result(b)) => assert_eq!(a.succeeded(), b.succeeded()),
        (Event::Result(_), other) => panic!("decode says result, peek says {other:?}"),
        (Event::Error { .. }, Peek::Error(_)) => {}
        (Event::Error { .. }, other) => panic!("decode says error, peek says {other:?}"),
        _ => {}
    }
});
