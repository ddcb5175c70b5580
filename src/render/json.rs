//! JSON for stdout: pretty-printed, and with the characters the sanitizer makes visible
//! (DEL, C1 controls, bidi controls) written as `\u` escapes. serde_json already escapes C0
//! controls; the rest would otherwise reach a terminal raw inside strings. The document stays
//! valid and decodes to the same values.

use std::io;

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

use super::sanitize::is_unsafe;

struct SafeFormatter(PrettyFormatter<'static>);

macro_rules! delegate {
    ($($name:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {
        $(
            fn $name<W: ?Sized + io::Write>(&mut self, writer: &mut W $(, $arg: $ty)*) -> io::Result<()> {
                self.0.$name(writer $(, $arg)*)
            }
        )*
    };
}

impl Formatter for SafeFormatter {
    delegate! {
        begin_array(),
        end_array(),
        begin_array_value(first: bool),
        end_array_value(),
        begin_object(),
        end_object(),
        begin_object_key(first: bool),
        begin_object_value(),
        end_object_value(),
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        escape_unsafe(writer, fragment)
    }
}

/// Writes `text`, replacing unsafe characters with JSON `\uXXXX` escapes.
pub fn escape_unsafe<W: ?Sized + io::Write>(writer: &mut W, text: &str) -> io::Result<()> {
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if is_unsafe(c) {
            writer.write_all(&text.as_bytes()[start..i])?;
            write!(writer, "\\u{:04x}", c as u32)?;
            start = i + c.len_utf8();
        }
    }
    writer.write_all(&text.as_bytes()[start..])
}

/// Serializes `value` as pretty JSON with unsafe characters escaped.
pub fn to_pretty(value: &impl Serialize) -> io::Result<String> {
    let mut buf = Vec::new();
    let mut ser =
        serde_json::Serializer::with_formatter(&mut buf, SafeFormatter(PrettyFormatter::new()));
    value.serialize(&mut ser).map_err(io::Error::other)?;
    String::from_utf8(buf).map_err(io::Error::other)
}

/// Writes one stream event as one NDJSON line: the event's data as received, except that line
/// breaks become spaces (JSON whitespace: the same document, on one line) and characters a
/// terminal would interpret become `\u` escapes (they can only sit inside strings, where the
/// escape means the same). Data that is not JSON is wrapped as
/// `{"type":"unparsed","data":"..."}` so every line stays JSON.
pub fn write_ndjson<W: io::Write>(
    out: &mut W,
    data: &str,
    is_json: bool,
    secrets: &crate::secret::Redactor,
) -> io::Result<()> {
    let data = secrets.redact(data);
    let data = data.as_ref();
    if !is_json {
        let wrapped = serde_json::json!({"type": "unparsed", "data": data});
        let mut line = Vec::new();
        escape_unsafe(&mut line, &wrapped.to_string())?;
        line.push(b'\n');
        return out.write_all(&line);
    }
    // Copy the runs between the characters that change: most events that reach here only
    // hold harmless non-ASCII (“quotes”, ✓) sharing a lead byte with a bidi control.
    let bytes = data.as_bytes();
    let mut start = 0;
    while let Some((at, len)) = super::sanitize::find_unsafe(bytes, start, false) {
        out.write_all(&bytes[start..at])?;
        match bytes[at] {
            b'\n' | b'\r' => out.write_all(b" ")?,
            b'\t' => out.write_all(b"\t")?,
            _ => {
                let c = data[at..].chars().next().unwrap_or_default();
                write!(out, "\\u{:04x}", c as u32)?;
            }
        }
        start = at + len;
    }
    out.write_all(&data.as_bytes()[start..])?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escapes_what_a_terminal_would_interpret() {
        let v = json!({"a": "x\u{1b}[2Jy", "b": "\u{9b}31m\u{202e}", "c": [1, "ok 💜"]});
        let text = to_pretty(&v).unwrap();
        assert_eq!(
            text,
            "{\n  \"a\": \"x\\u001b[2Jy\",\n  \"b\": \"\\u009b31m\\u202e\",\n  \"c\": [\n    1,\n    \"ok 💜\"\n  ]\n}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn ndjson_lines() {
        let line = |data: &str, is_json| {
            let mut out = Vec::new();
            write_ndjson(&mut out, data, is_json, &crate::secret::Redactor::new()).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(line(r#"{"type":"x"}"#, true), "{\"type\":\"x\"}\n");
        assert_eq!(line("{\"type\":\r\n\"x\"}", true), "{\"type\":  \"x\"}\n");
        assert_eq!(
            line("{\"t\":\"a\u{9b}b\u{202e}\"}", true),
            "{\"t\":\"a\\u009bb\\u202e\"}\n"
        );
        let v: serde_json::Value =
            serde_json::from_str(line("{\"t\":\"a\u{9b}b\"}", true).trim()).unwrap();
        assert_eq!(v["t"], "a\u{9b}b");
        assert_eq!(
            line("not json\u{1b}", false),
            "{\"type\":\"unparsed\",\"data\":\"not json\\u001b\"}\n"
        );
    }
}
