/*!
JSON within a memory budget: a document's bytes are capped where they are read, and this module
caps what they turn into once parsed.

A byte cap alone does not bound memory: `[0,0,0,...]` costs two bytes a value on the wire and
some 80 bytes a value in a `serde_json::Value` (more with the growth of the vectors holding
them), so a 127 MiB body of `0,` took 4.8 GB to parse. Before parsing, [`check`] counts the
values a document can hold with one linear pass over its bytes (every `[`, `{`, `,` and `:`
outside strings starts at most one value or key) and refuses a document over [`MAX_NODES`].
Strings cost what their bytes cost, which the byte cap already bounds. Nesting is bounded by
serde_json's own recursion limit (128).

The scan is a few hundred MB/s on one core, a small fraction of the parse it guards.
*/

/// The most values (object keys included) one JSON document may hold. A page of 1000
/// deployments with every field the API sends is about 30,000; this leaves ample room while
/// keeping a parsed document near 20 MiB at worst.
pub const MAX_NODES: usize = 250_000;

/// An upper bound of the values and keys `bytes` holds as JSON, stopping early once it passes
/// `limit`. Not a validator: malformed input gets a number too, and the parser refuses it.
pub fn count_nodes(bytes: &[u8], limit: usize) -> usize {
    let mut nodes = 1;
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            // Jump to the next quote or backslash: strings are most of a typical body.
            match memchr::memchr2(b'"', b'\\', &bytes[i..]) {
                Some(j) => {
                    i += j;
                    if bytes[i] == b'\\' {
                        i += 2;
                    } else {
                        in_string = false;
                        i += 1;
                    }
                }
                None => break,
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' | b',' | b':' => {
                nodes += 1;
                if nodes > limit {
                    return nodes;
                }
            }
            _ => {}
        }
        i += 1;
    }
    nodes
}

/// Refuses a document that would hold more than `limit` values once parsed, with words that
/// name the limit.
pub fn check(bytes: &[u8], limit: usize) -> Result<(), String> {
    if count_nodes(bytes, limit) > limit {
        return Err(format!(
            "the JSON body holds more than {limit} values; refusing to parse it"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_values_and_keys_outside_strings() {
        assert_eq!(count_nodes(b"0", 100), 1);
        assert_eq!(count_nodes(b"[0,1,2]", 100), 4);
        assert_eq!(count_nodes(br#"{"a":1,"b":[]}"#, 100), 6);
        // Structural bytes inside strings, escaped quotes included, are not counted.
        assert_eq!(count_nodes(br#"["[,{:\",]"]"#, 100), 2);
        assert_eq!(count_nodes(br#"["\\",1]"#, 100), 3);
    }

    #[test]
    fn the_count_never_undercounts_a_parse() {
        for text in [
            r#"[[],[],[[]],{}]"#,
            r#"{"a":{"b":{"c":[1,2,{"d":null}]}}}"#,
            r#"[0,0,0,0,0,0,0]"#,
        ] {
            fn size(v: &serde_json::Value) -> usize {
                1 + match v {
                    serde_json::Value::Array(a) => a.iter().map(size).sum(),
                    serde_json::Value::Object(m) => m.values().map(|v| 1 + size(v)).sum(),
                    _ => 0,
                }
            }
            let v: serde_json::Value = serde_json::from_str(text).unwrap();
            assert!(
                count_nodes(text.as_bytes(), usize::MAX) >= size(&v),
                "{text}"
            );
        }
    }

    /// The stream skips the scan for data shorter than the budget: sound because the count is
    /// at most one more than the bytes (so data shorter than the budget stays within it).
    #[test]
    fn never_more_values_than_bytes() {
        for text in [
            "[]",
            "[[[[]]]]",
            "0",
            "[0,0]",
            "{\"a\":{}}",
            ",,,,",
            "{:,[",
            "",
        ] {
            assert!(
                count_nodes(text.as_bytes(), usize::MAX) <= text.len() + 1,
                "{text}"
            );
        }
    }

    #[test]
    fn a_flood_of_tiny_values_is_refused() {
        let flood = "0,".repeat(1000);
        assert_eq!(
            check(flood.as_bytes(), 100),
            Err("the JSON body holds more than 100 values; refusing to parse it".into())
        );
        assert!(check(b"[1,2,3]", 100).is_ok());
    }
}
