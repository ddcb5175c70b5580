//! The one sanitizing function every server- or model-provided string passes before it is
//! printed, on a terminal and in a pipe alike. The terminal writer (`term`) calls it on every
//! byte it is given, so no caller can forget it.
//!
//! Made visible as `\u{1b}`-style escapes, never interpreted:
//! - C0 controls (except newline and tab), DEL, C1 controls (U+0080-U+009F): escape sequences,
//!   carriage returns, bells;
//! - the bidirectional formatting characters (U+061C, U+200E, U+200F, U+202A-U+202E,
//!   U+2066-U+2069), which reorder what is shown;
//! - invisible and zero-width characters (U+00AD, U+034F, U+115F, U+1160, U+17B4, U+17B5,
//!   U+180E, U+200B-U+200D, U+2028, U+2029, U+2060-U+2065, U+206A-U+206F, U+3164, U+FEFF,
//!   U+FFA0, U+FFF9-U+FFFB, U+1BCA0-U+1BCA3, U+1D173-U+1D17A, the tag characters
//!   U+E0000-U+E007F), which hide text or make two different names look the same.
//!
//! Backslashes are left alone, so the output never contains a character that would be escaped
//! again: sanitizing is idempotent.

use std::borrow::Cow;
use std::fmt;

/// Whether `c` must be made visible rather than printed.
pub fn is_unsafe(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{ad}'
        | '\u{34f}'
        | '\u{61c}'
        | '\u{115f}'
        | '\u{1160}'
        | '\u{17b4}'
        | '\u{17b5}'
        | '\u{180e}'
        | '\u{200b}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{2065}'
        | '\u{2066}'..='\u{206f}'
        | '\u{3164}'
        | '\u{feff}'
        | '\u{ffa0}'
        | '\u{fff9}'..='\u{fffb}'
        | '\u{1bca0}'..='\u{1bca3}'
        | '\u{1d173}'..='\u{1d17a}'
        | '\u{e0000}'..='\u{e007f}' => true,
        _ => false,
    }
}

/// The next unsafe character at or after byte `from` of valid UTF-8 `bytes`, as (offset,
/// length). Newline and tab count as unsafe only when `lines` is false. Runs of printable
/// ASCII (nearly all of JSON and code) are skipped 16 bytes at a time ([`printable_end`]);
/// only what follows one is decoded, a block at a time.
pub fn find_unsafe(bytes: &[u8], from: usize, lines: bool) -> Option<(usize, usize)> {
    const BLOCK: usize = 32;
    let n = bytes.len();
    let mut i = from;
    while i < n {
        // Printable ASCII before it: the byte found starts a character.
        let at = printable_end(bytes, i);
        if at >= n {
            return None;
        }
        match scan_block(bytes, at, (at + BLOCK).min(n), lines) {
            Ok(hit) => return Some(hit),
            // The block's last character may run past its end: carry on from there.
            Err(next) => i = next,
        }
    }
    None
}

/// The first byte at or after `from` that is not printable ASCII (0x20-0x7e), or the length.
/// SSE2 compares, 16 bytes at a time, on x86_64; a byte at a time after. (A range test
/// folded over 32-byte blocks, as before, was left a byte at a time by the compiler:
/// `find_unsafe` took 11.3 million instructions in `render` of a 10 MB stream, 9.6 now.)
#[inline]
fn printable_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    #[cfg(target_arch = "x86_64")]
    while let Some(part) = bytes.get(i..i + 16) {
        use std::arch::x86_64::{
            __m128i, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8,
            _mm_or_si128, _mm_set1_epi8, _mm_xor_si128,
        };
        // SAFETY: SSE2 is part of the x86_64 baseline, and `part` is 16 readable bytes (an
        // unaligned load).
        let outside = unsafe {
            // With the top bit flipped, 0x20..=0x7e is the signed range -96..=-2.
            let x = _mm_xor_si128(
                _mm_loadu_si128(part.as_ptr().cast::<__m128i>()),
                _mm_set1_epi8(i8::MIN),
            );
            let low = _mm_cmplt_epi8(x, _mm_set1_epi8(0x20 ^ i8::MIN));
            let high = _mm_cmpgt_epi8(x, _mm_set1_epi8(0x7e ^ i8::MIN));
            _mm_movemask_epi8(_mm_or_si128(low, high)) as u32
        };
        if outside != 0 {
            return i + outside.trailing_zeros() as usize;
        }
        i += 16;
    }
    // Eight bytes at once in a word (most parts of a line are shorter than 16 bytes: a tool's
    // name, a short path), then a byte at a time.
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    if let Some(part) = bytes.get(i..i + 8) {
        let mut b = [0; 8];
        b.copy_from_slice(part);
        let w = u64::from_ne_bytes(b);
        // A byte below 0x20, a byte with the top bit, or 0x7f (a zero byte of w ^ 0x7f..)
        // sets the top bit of some byte here; exact for whether there is one.
        let below = w.wrapping_sub(ONES * 0x20) & !w;
        let del = (w ^ (ONES * 0x7f)).wrapping_sub(ONES) & !(w ^ (ONES * 0x7f));
        if (below | del | w) & HIGH == 0 {
            i += 8;
        }
    }
    while let Some(&b) = bytes.get(i) {
        if !(0x20..=0x7e).contains(&b) {
            return i;
        }
        i += 1;
    }
    i
}

/// The character-by-character part of [`find_unsafe`], over the characters that start in
/// `bytes[from..to]`. Returns the first unsafe one, or where to go on from: the block's end, or
/// the first printable ASCII byte after what it decoded, so that the ASCII around a curly quote
/// or an accent goes back to the 16-byte skip (decoded a character at a time to the block's
/// end, the prose of a 10 MB stream took 1,600 instructions a piece, callgrind).
fn scan_block(bytes: &[u8], from: usize, to: usize, lines: bool) -> Result<(usize, usize), usize> {
    let mut i = from;
    while i < to {
        let b = bytes[i];
        if b < 0x80 {
            match b {
                b'\n' | b'\t' if lines => {}
                0x00..=0x1f | 0x7f => return Ok((i, 1)),
                _ if i > from => return Err(i),
                _ => {}
            }
            i += 1;
            continue;
        }
        let len = match b {
            0xc0..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf7 => 4,
            // A continuation byte: only when `from` was not a character start (never, for
            // offsets this module hands out); step over it.
            _ => {
                i += 1;
                continue;
            }
        };
        let end = (i + len).min(bytes.len());
        if decode(&bytes[i..end]).is_some_and(is_unsafe) {
            return Ok((i, len));
        }
        i = end;
    }
    Err(i)
}

/// The character `bytes` encode, one whole UTF-8 sequence (from a `str`): its code point read
/// straight off the bits (`str::from_utf8` and `chars` cost five times as much, for each
/// arrow and bullet of every drawn line); `None` for anything else.
#[inline]
fn decode(bytes: &[u8]) -> Option<char> {
    let tail = |b: u8| u32::from(b & 0x3f);
    let code = match *bytes {
        [a, b] if a & 0xe0 == 0xc0 => (u32::from(a & 0x1f) << 6) | tail(b),
        [a, b, c] if a & 0xf0 == 0xe0 => (u32::from(a & 0x0f) << 12) | (tail(b) << 6) | tail(c),
        [a, b, c, d] if a & 0xf8 == 0xf0 => {
            (u32::from(a & 0x07) << 18) | (tail(b) << 12) | (tail(c) << 6) | tail(d)
        }
        _ => {
            return std::str::from_utf8(bytes)
                .ok()
                .and_then(|s| s.chars().next());
        }
    };
    char::from_u32(code)
}

/// Returns `text` with every unsafe character replaced by its `\u{..}` escape. Borrows when
/// there is nothing to replace, which is almost always.
/// Inlined, as [`sanitize_line`] is: the text comes back borrowed nearly always, and a `Cow`
/// returned through memory was copied at once with wider loads than its stores (a
/// store-forwarding stall at every part of every line drawn, perf).
#[inline]
pub fn sanitize(text: &str) -> Cow<'_, str> {
    match find_unsafe(text.as_bytes(), 0, true) {
        None => Cow::Borrowed(text),
        Some(first) => Cow::Owned(escape_from(text, first)),
    }
}

/// [`sanitize`] of a text with an unsafe character at `first`.
#[inline(never)]
fn escape_from(text: &str, first: (usize, usize)) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 16);
    let mut start = 0;
    let mut next = Some(first);
    while let Some((at, len)) = next {
        out.push_str(&text[start..at]);
        let c = text[at..].chars().next().unwrap_or_default();
        out.push_str(&format!("\\u{{{:x}}}", c as u32));
        start = at + len;
        next = find_unsafe(bytes, start, true);
    }
    out.push_str(&text[start..]);
    out
}

/// Like [`sanitize`], for text that must stay on one line (a table cell, a tool line, a
/// name): line breaks become a visible `\n` and tabs a space.
#[inline]
pub fn sanitize_line(text: &str) -> Cow<'_, str> {
    // One pass for what is nearly always true: nothing unsafe, and no line break or tab.
    if is_one_clean_line(text) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(one_line(text))
}

/// Whether [`sanitize_line`] leaves `text` as it is: nothing unsafe, no line break, no tab.
#[inline]
pub fn is_one_clean_line(text: &str) -> bool {
    find_unsafe(text.as_bytes(), 0, false).is_none()
}

/// [`sanitize_line`] of a text with something to change.
#[inline(never)]
fn one_line(text: &str) -> String {
    let clean = sanitize(text);
    if !clean.contains(['\n', '\t']) {
        return clean.into_owned();
    }
    clean.replace('\n', "\\n").replace('\t', " ")
}

/// Like [`sanitize`], but colour codes (SGR: `ESC [ digits ; … m`, which only style text)
/// pass. For text the CLI composed itself with [`super::Paint`] from cells it sanitized
/// first: a tag of colour is all any leftover could add; clearing, moving, titles, clipboard
/// writes (CSI other than `m`, OSC, DCS) are still made visible.
pub fn sanitize_styled(text: &str) -> Cow<'_, str> {
    if !text.contains('\u{1b}') {
        return sanitize(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\u{1b}') {
        out.push_str(&sanitize(&rest[..at]));
        let tail = &rest[at..];
        let sgr = tail.strip_prefix("\u{1b}[").and_then(|t| {
            let n = t
                .bytes()
                .take_while(|b| b.is_ascii_digit() || *b == b';')
                .count();
            (t.as_bytes().get(n) == Some(&b'm')).then_some(n + 3)
        });
        match sgr {
            Some(len) => {
                out.push_str(&tail[..len]);
                rest = &tail[len..];
            }
            None => {
                out.push_str("\\u{1b}");
                rest = &tail[1..];
            }
        }
    }
    out.push_str(&sanitize(rest));
    Cow::Owned(out)
}

/// Writes `c` as a JSON string escape (`\u0000`, or a UTF-16 surrogate pair beyond the Basic
/// Multilingual Plane, as JSON requires).
pub fn json_escape<W: ?Sized + std::io::Write>(c: char, out: &mut W) -> std::io::Result<()> {
    let mut units = [0u16; 2];
    for unit in c.encode_utf16(&mut units) {
        write!(out, "\\u{:04x}", unit)?;
    }
    Ok(())
}

/// Text that came from outside (the server, the model). Its `Display` sanitizes, so it cannot
/// be printed raw by accident.
#[derive(Debug, Clone, Copy)]
pub struct Untrusted<'a>(pub &'a str);

impl fmt::Display for Untrusted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&sanitize(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn escapes_controls_and_bidi() {
        assert_eq!(sanitize("plain text"), "plain text");
        assert!(matches!(sanitize("plain"), Cow::Borrowed(_)));
        assert_eq!(sanitize("\x1b[31mred\x1b[0m"), "\\u{1b}[31mred\\u{1b}[0m");
        assert_eq!(
            sanitize("bell\x07 bs\x08 cr\r del\x7f"),
            "bell\\u{7} bs\\u{8} cr\\u{d} del\\u{7f}"
        );
        assert_eq!(sanitize("c1 \u{9b}31m"), "c1 \\u{9b}31m");
        assert_eq!(
            sanitize("\u{202e}evil\u{2066}x\u{2069}"),
            "\\u{202e}evil\\u{2066}x\\u{2069}"
        );
        assert_eq!(sanitize("nul\0"), "nul\\u{0}");
    }

    #[test]
    fn invisible_characters_are_made_visible() {
        for c in [
            '\u{200b}',
            '\u{200c}',
            '\u{200d}',
            '\u{2060}',
            '\u{feff}',
            '\u{ad}',
            '\u{2028}',
            '\u{2029}',
            '\u{e0041}',
            '\u{180e}',
            '\u{3164}',
            '\u{115f}',
        ] {
            let text = format!("a{c}b");
            assert_eq!(sanitize(&text), format!("a\\u{{{:x}}}b", c as u32));
        }
        // Ordinary non-ASCII text is untouched.
        assert_eq!(sanitize("café ✓ 💜 日本"), "café ✓ 💜 日本");
    }

    #[test]
    fn styled_text_keeps_colour_only() {
        assert_eq!(
            sanitize_styled("\u{1b}[1mNAME\u{1b}[0m \u{1b}]52;c;eA==\u{7} \u{1b}[2J"),
            "\u{1b}[1mNAME\u{1b}[0m \\u{1b}]52;c;eA==\\u{7} \\u{1b}[2J"
        );
    }

    #[test]
    fn one_line_text() {
        assert_eq!(sanitize_line("a\nb\tc"), "a\\nb c");
        assert_eq!(sanitize_line("row\u{1b}[2J"), "row\\u{1b}[2J");
    }

    #[test]
    fn json_escapes_use_surrogate_pairs() {
        let mut out = Vec::new();
        json_escape('\u{e0041}', &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "\\udb40\\udc41");
        let mut out = Vec::new();
        json_escape('\u{202e}', &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "\\u202e");
    }

    #[test]
    fn newline_tab_and_unicode_pass() {
        assert_eq!(sanitize("a\nb\tc 💜 é"), "a\nb\tc 💜 é");
    }

    #[test]
    fn display_wrapper_sanitizes() {
        assert_eq!(format!("{}", Untrusted("x\x1by")), "x\\u{1b}y");
    }

    proptest! {
        /// The one-pass shortcut gives what sanitizing, then replacing line breaks and tabs,
        /// gives: for any text, and for text of the characters that matter.
        #[test]
        fn sanitize_line_is_sanitize_then_one_line(
            s in prop_oneof![any::<String>(), "[a \n\t\r\u{1b}\u{200b}é]{0,40}"]
        ) {
            let slow = sanitize(&s).replace('\n', "\\n").replace('\t', " ");
            prop_assert_eq!(sanitize_line(&s), slow);
        }

        #[test]
        fn the_byte_scan_agrees_with_the_character_test(
            // Any text, and long printable runs (which are skipped 16 bytes at a time) with
            // the odd character at every offset.
            s in prop_oneof![
                any::<String>(),
                "([ -~]{0,40}[\x00-\x1f\x7f\u{80}\u{9f}\u{a0}\u{200b}é✓💜\u{e0041}]?){0,6}",
            ],
            lines in any::<bool>(),
        ) {
            let by_chars: Vec<(usize, usize)> = s
                .char_indices()
                .filter(|(_, c)| is_unsafe(*c) || (!lines && matches!(c, '\n' | '\t')))
                .map(|(i, c)| (i, c.len_utf8()))
                .collect();
            let mut by_bytes = Vec::new();
            let mut from = 0;
            while let Some((at, len)) = find_unsafe(s.as_bytes(), from, lines) {
                by_bytes.push((at, len));
                from = at + len;
            }
            prop_assert_eq!(by_bytes, by_chars);
        }

        #[test]
        fn a_character_is_decoded_off_its_bits(c in any::<char>()) {
            let mut buf = [0; 4];
            prop_assert_eq!(decode(c.encode_utf8(&mut buf).as_bytes()), Some(c));
        }

        #[test]
        fn output_has_no_unsafe_characters(s in any::<String>()) {
            prop_assert!(!sanitize(&s).chars().any(is_unsafe));
        }

        #[test]
        fn sanitizing_twice_equals_once(s in any::<String>()) {
            let once = sanitize(&s).into_owned();
            prop_assert_eq!(sanitize(&once).into_owned(), once);
        }

        #[test]
        fn control_heavy_strings(s in "[\\x00-\\x1f\\x7f-\\u{9f}\\u{200b}-\\u{200d}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}\\u{e0000}-\\u{e007f}a\\\\{}é]{0,40}") {
            let out = sanitize(&s).into_owned();
            prop_assert!(!out.chars().any(is_unsafe));
            prop_assert_eq!(sanitize(&out).into_owned(), out);
        }
    }
}
