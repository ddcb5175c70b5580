//! The one sanitizing function every server- or model-provided string passes before it is
//! printed, on a terminal and in a pipe alike.
//!
//! C0 controls (except newline and tab), DEL, C1 controls (U+0080-U+009F) and the bidirectional
//! formatting characters (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) are shown as
//! `\u{1b}`-style escapes: visible, never interpreted. Backslashes are left alone, so the
//! output never contains a character that would be escaped again: sanitizing is idempotent.

use std::borrow::Cow;
use std::fmt;

/// Whether `c` must be made visible rather than printed.
pub fn is_unsafe(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{061c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// The next unsafe character at or after byte `from` of valid UTF-8 `bytes`, as (offset,
/// length). Newline and tab count as unsafe only when `lines` is false. Works on bytes (the
/// encodings of the unsafe characters are fixed), which is several times faster than decoding
/// characters on the stream path.
pub fn find_unsafe(bytes: &[u8], from: usize, lines: bool) -> Option<(usize, usize)> {
    // (`lines` only matters in `scan_block`: a block with a newline is read bytewise.)
    const BLOCK: usize = 32;
    let n = bytes.len();
    let mut i = from;
    while i < n {
        // Blocks of printable ASCII (nearly all of JSON) are skipped with one branch-free range
        // test per byte, which the compiler vectorizes; any other block is read byte by byte.
        let block_end = (i + BLOCK).min(n);
        let flagged = bytes[i..block_end]
            .iter()
            .fold(false, |hit, &b| hit | (b.wrapping_sub(0x20) > 0x5e));
        if !flagged {
            i = block_end;
            continue;
        }
        if let Some(hit) = scan_block(bytes, i, block_end, lines) {
            return Some(hit);
        }
        i = block_end;
    }
    None
}

/// The byte-by-byte part of [`find_unsafe`], over `bytes[from..to]` (a character may run past
/// `to`; its continuation bytes are read from `bytes`).
fn scan_block(bytes: &[u8], from: usize, to: usize, lines: bool) -> Option<(usize, usize)> {
    let n = bytes.len();
    let mut i = from;
    while i < to {
        let b = bytes[i];
        match b {
            b'\n' | b'\t' if lines => {}
            0x00..=0x1f | 0x7f => return Some((i, 1)),
            // C1 controls: U+0080-U+009F are C2 80..C2 9F.
            0xc2 if i + 1 < n && (0x80..=0x9f).contains(&bytes[i + 1]) => return Some((i, 2)),
            // U+061C: D8 9C.
            0xd8 if i + 1 < n && bytes[i + 1] == 0x9c => return Some((i, 2)),
            // U+200E, U+200F, U+202A-U+202E: E2 80 8E/8F/AA-AE; U+2066-U+2069: E2 81 A6-A9.
            0xe2 if i + 2 < n => {
                let (b1, b2) = (bytes[i + 1], bytes[i + 2]);
                if (b1 == 0x80 && matches!(b2, 0x8e | 0x8f | 0xaa..=0xae))
                    || (b1 == 0x81 && (0xa6..=0xa9).contains(&b2))
                {
                    return Some((i, 3));
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Returns `text` with every unsafe character replaced by its `\u{..}` escape. Borrows when
/// there is nothing to replace, which is almost always.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let Some(first) = find_unsafe(bytes, 0, true) else {
        return Cow::Borrowed(text);
    };
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
    Cow::Owned(out)
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
    fn newline_tab_and_unicode_pass() {
        assert_eq!(sanitize("a\nb\tc 💜 é"), "a\nb\tc 💜 é");
    }

    #[test]
    fn display_wrapper_sanitizes() {
        assert_eq!(format!("{}", Untrusted("x\x1by")), "x\\u{1b}y");
    }

    proptest! {
        #[test]
        fn the_byte_scan_agrees_with_the_character_test(s in any::<String>()) {
            let by_chars: Vec<(usize, usize)> = s
                .char_indices()
                .filter(|(_, c)| is_unsafe(*c))
                .map(|(i, c)| (i, c.len_utf8()))
                .collect();
            let mut by_bytes = Vec::new();
            let mut from = 0;
            while let Some((at, len)) = find_unsafe(s.as_bytes(), from, true) {
                by_bytes.push((at, len));
                from = at + len;
            }
            prop_assert_eq!(by_bytes, by_chars);
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
        fn control_heavy_strings(s in "[\\x00-\\x1f\\x7f-\\u{9f}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}a\\\\{}]{0,40}") {
            let out = sanitize(&s).into_owned();
            prop_assert!(!out.chars().any(is_unsafe));
            prop_assert_eq!(sanitize(&out).into_owned(), out);
        }
    }
}
