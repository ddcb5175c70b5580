//! JFS parsing, decoding and verification on arbitrary input: never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use neynar_studio::jfs;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(a) = jfs::parse_input(&text)
        && let Ok(d) = jfs::decode(&a)
    {
        let _ = jfs::verify(&a, &d);
    }
});
