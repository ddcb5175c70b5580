//! Config file parsing on arbitrary text: never panics, and an error always names a line
//! inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = neynar_studio::config::check_text(text);
    }
});
