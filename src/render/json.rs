//! JSON for stdout: pretty-printed, and with the characters the sanitizer makes visible
//! (DEL, C1 controls, bidi controls) written as `\u` escapes. serde_json already escapes C0
//! controls; the rest would otherwise reach a terminal raw inside strings. The document stays
//! valid and decodes to the same values.

use std::io;

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

use super::sanitize::{is_unsafe, json_escape};

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
            json_escape(c, writer)?;
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

/// Serializes `value` as one line of JSON (NDJSON) with unsafe characters escaped.
pub fn to_line(value: &impl Serialize) -> io::Result<String> {
    let text = serde_json::to_string(value).map_err(io::Error::other)?;
    let mut buf = Vec::with_capacity(text.len());
    escape_unsafe(&mut buf, &text)?;
    String::from_utf8(buf).map_err(io::Error::other)
}

/// Writes one stream event as one NDJSON line: the event's data as received, except that line
/// breaks become spaces (JSON whitespace: the same document, on one line) and characters a
/// terminal would interpret become `\u` escapes (they can only sit inside strings, where the
/// escape means the same). Data that is not JSON is wrapped as
/// `{"type":"unparsed","data":"..."}` so every line stays JSON.
///
/// Secrets are masked in what a JSON reader would decode, not only in the bytes: an event that
/// spells the key with `\u` escapes (`"\u0073k-..."`) is decoded, masked and written again.
/// Only events holding an escape that could spell a secret's character take that slow path;
/// the rest are masked byte for byte, which is the same thing for them.
pub fn write_ndjson<W: ?Sized + io::Write>(
    out: &mut W,
    data: &str,
    is_json: bool,
    secrets: &crate::secret::Redactor,
) -> io::Result<()> {
    if !is_json {
        let data = secrets.redact(data);
        let wrapped = serde_json::json!({"type": "unparsed", "data": data});
        let mut line = Vec::new();
        escape_unsafe(&mut line, &wrapped.to_string())?;
        line.push(b'\n');
        return out.write_all(&line);
    }
    let masked = if !secrets.is_empty()
        && may_hide_a_secret(data, secrets.escapable())
        && unescape(data).is_none_or(|u| secrets.hits(&u))
    {
        mask_decoded(data, secrets)
    } else {
        None
    };
    let redacted;
    let data = match &masked {
        Some(m) => m.as_str(),
        None => {
            redacted = secrets.redact(data);
            redacted.as_ref()
        }
    };
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
                json_escape(c, out)?;
            }
        }
        start = at + len;
    }
    out.write_all(&data.as_bytes()[start..])?;
    out.write_all(b"\n")
}

/// Whether JSON text holds an escape that decodes to something other than itself in a way a
/// byte search would miss: `\uXXXX`, or an escaped quote, slash or backslash.
fn may_hide_a_secret(data: &str, escapable: bool) -> bool {
    memchr::memchr_iter(b'\\', data.as_bytes()).any(|at| match data.as_bytes().get(at + 1) {
        Some(b'u') => true,
        Some(b'"' | b'/' | b'\\') => escapable,
        _ => false,
    })
}

/// The JSON text with its string escapes resolved (`\\uXXXX`, `\\"`, `\\/`, `\\\\`; the
/// others kept as they are): a cheap, linear look at what a JSON reader would see, so that only
/// an event where that holds a secret pays for the full decode.
fn unescape(data: &str) -> Option<String> {
    let bytes = data.as_bytes();
    let mut out = String::with_capacity(data.len());
    let mut at = 0;
    while let Some(off) = memchr::memchr(b'\\', &bytes[at..]) {
        let i = at + off;
        out.push_str(&data[at..i]);
        match bytes.get(i + 1) {
            Some(b'u') => {
                let code = data
                    .get(i + 2..i + 6)
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .and_then(char::from_u32);
                match code {
                    Some(c) => {
                        out.push(c);
                        at = i + 6;
                    }
                    // A surrogate half (or a broken escape): let the full decode decide.
                    None => return None,
                }
            }
            Some(&c @ (b'"' | b'/' | b'\\')) => {
                out.push(c as char);
                at = i + 2;
            }
            _ => {
                out.push('\\');
                at = i + 1;
            }
        }
    }
    out.push_str(&data[at..]);
    Some(out)
}

/// Decodes the event and, when a decoded string (or key) holds a secret, masks it there and
/// writes the event again compactly. `None` when nothing decoded holds one (the bytes are
/// then masked as they are), or when the data does not parse (not JSON a reader could decode).
fn mask_decoded(data: &str, secrets: &crate::secret::Redactor) -> Option<String> {
    fn any_hit(v: &serde_json::Value, secrets: &crate::secret::Redactor) -> bool {
        use serde_json::Value;
        match v {
            Value::String(s) => secrets.hits(s),
            Value::Array(items) => items.iter().any(|i| any_hit(i, secrets)),
            Value::Object(map) => map
                .iter()
                .any(|(k, v)| secrets.hits(k) || any_hit(v, secrets)),
            _ => false,
        }
    }
    fn walk(v: &mut serde_json::Value, secrets: &crate::secret::Redactor) {
        use serde_json::Value;
        match v {
            Value::String(s) if secrets.hits(s) => *s = secrets.redact(s).into_owned(),
            Value::Array(items) => items.iter_mut().for_each(|i| walk(i, secrets)),
            Value::Object(map) => {
                if map.keys().any(|k| secrets.hits(k)) {
                    let old = std::mem::take(map);
                    for (k, mut val) in old {
                        walk(&mut val, secrets);
                        map.insert(secrets.redact(&k).into_owned(), val);
                    }
                } else {
                    map.values_mut().for_each(|i| walk(i, secrets));
                }
            }
            _ => {}
        }
    }
    let mut value = serde_json::from_str::<serde_json::Value>(data).ok()?;
    if !any_hit(&value, secrets) {
        return None;
    }
    walk(&mut value, secrets);
    Some(value.to_string())
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
        // Beyond the Basic Multilingual Plane: a surrogate pair, still valid JSON.
        let tagged = line("{\"t\":\"a\u{e0041}\"}", true);
        assert_eq!(tagged, "{\"t\":\"a\\udb40\\udc41\"}\n");
        let v: serde_json::Value = serde_json::from_str(tagged.trim()).unwrap();
        assert_eq!(v["t"], "a\u{e0041}");
    }

    #[test]
    fn ndjson_masks_escaped_spellings_of_a_secret() {
        let secrets = crate::secret::Redactor::build(&["sk-ATTACK-0123456789abcdef".into()]);
        let line = |data: &str| {
            let mut out = Vec::new();
            write_ndjson(&mut out, data, true, &secrets).unwrap();
            String::from_utf8(out).unwrap()
        };
        // Plain, escaped with \u, and split by an escaped slash-free escape in the middle.
        for data in [
            r#"{"type":"x","text":"key sk-ATTACK-0123456789abcdef"}"#,
            r#"{"type":"x","text":"key \u0073k-ATTACK-0123456789abcdef"}"#,
            r#"{"type":"x","text":"key sk-ATTACK-01234\u0035\u00367\u00389abcdef"}"#,
            r#"{"type":"x","sk-ATTACK-0123\u00345":1}"#,
        ] {
            let out = line(data);
            let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
            let decoded = v.to_string();
            assert!(!decoded.contains("ATTACK-0123"), "{data} -> {out}");
            assert!(out.contains("****"), "{out}");
        }
        // No escapes and no secret: the bytes as received.
        assert_eq!(line(r#"{"type":"x","n":1}"#), "{\"type\":\"x\",\"n\":1}\n");
    }
}
