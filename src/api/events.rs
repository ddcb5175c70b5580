/*!
A typed view of the prompt stream's events (API-NOTES §The stream).

Each SSE event's data is one JSON object with a `type`: the guide's simple shapes
(`{"type":"assistant","message":"Creating your miniapp..."}`) and the Claude Agent SDK's
message shapes (`assistant` whose `message` is a Messages API object with content blocks,
`user` with tool results, `system` / `init`, `stream_event` deltas, `result`), plus
`{"type":"error","message":...}`. Any field may be missing or of another type, new types
appear, and data may not be JSON at all: none of that is an error here. Unknown shapes
become [`Event::Unknown`] or [`Event::NotJson`], shown with `-v`.

Two readers: [`decode`] builds the full view for rendering; [`peek`] reads only what the exit
code needs (type, subtype, is_error, the final text) without building a tree, for NDJSON
passthrough.
*/

use serde::Deserialize;
use serde_json::{Map, Value};

/// One stream event.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Connection {
        message: Option<String>,
    },
    System(System),
    Assistant(Assistant),
    User(User),
    /// Partial assistant output (`stream_event`).
    Delta(Delta),
    Result(ResultSummary),
    Error {
        message: Option<String>,
    },
    /// JSON, but a type this client does not know (or no type at all).
    Unknown {
        kind: Option<String>,
    },
    /// Data that is not a JSON object.
    NotJson,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct System {
    pub subtype: Option<String>,
    pub message: Option<String>,
    pub session_id: Option<String>,
    pub model: Option<String>,
    pub cwd: Option<String>,
    pub tools: Option<usize>,
    pub permission_mode: Option<String>,
    pub status: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Assistant {
    /// The guide's shape: `message` is a plain string.
    pub text: Option<String>,
    /// The SDK's shape: the Messages API content blocks.
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Text(String),
    Thinking(String),
    ToolUse(ToolUse),
    Other(Option<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ToolUse {
    pub id: Option<String>,
    pub name: String,
    pub input: Value,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct User {
    pub text: Option<String>,
    pub results: Vec<ToolResult>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ToolResult {
    pub tool_use_id: Option<String>,
    /// The result's text: a string, or the text blocks of a list joined.
    pub content: String,
    pub is_error: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Delta {
    Text(String),
    Thinking(String),
    Other,
}

/// What a `result` event says: the end of the generation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResultSummary {
    pub subtype: Option<String>,
    pub is_error: Option<bool>,
    /// The final text (`result`, or the guide's `message`).
    pub text: Option<String>,
    pub duration_ms: Option<f64>,
    pub num_turns: Option<u64>,
    pub total_cost_usd: Option<f64>,
    pub session_id: Option<String>,
}

impl ResultSummary {
    /// Success unless the server says otherwise: `is_error: true` or a subtype other than
    /// `success` (`error_max_turns`, `error_during_execution`, ...).
    pub fn succeeded(&self) -> bool {
        self.is_error != Some(true) && self.subtype.as_deref().is_none_or(|s| s == "success")
    }
}

fn str_of(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.get(key).and_then(Value::as_str).map(String::from)
}

/// The text of a tool result's `content`: a string, or a list of blocks whose text is joined.
fn content_text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(blocks)) => blocks
            .iter()
            .filter_map(|b| match b {
                Value::String(s) => Some(s.as_str()),
                Value::Object(o) => o.get("text").and_then(Value::as_str),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

fn blocks(content: Option<&Value>) -> Vec<Block> {
    let Some(Value::Array(items)) = content else {
        return match content {
            Some(Value::String(s)) => vec![Block::Text(s.clone())],
            _ => Vec::new(),
        };
    };
    items
        .iter()
        .map(|item| {
            let Some(obj) = item.as_object() else {
                return Block::Other(None);
            };
            match obj.get("type").and_then(Value::as_str) {
                Some("text") => Block::Text(str_of(obj, "text").unwrap_or_default()),
                Some("thinking") => Block::Thinking(str_of(obj, "thinking").unwrap_or_default()),
                Some("tool_use") | Some("server_tool_use") => Block::ToolUse(ToolUse {
                    id: str_of(obj, "id"),
                    name: str_of(obj, "name").unwrap_or_else(|| "tool".into()),
                    input: obj.get("input").cloned().unwrap_or(Value::Null),
                }),
                other => Block::Other(other.map(String::from)),
            }
        })
        .collect()
}

fn result_summary(map: &Map<String, Value>) -> ResultSummary {
    ResultSummary {
        subtype: str_of(map, "subtype"),
        is_error: map.get("is_error").and_then(Value::as_bool),
        text: str_of(map, "result").or_else(|| str_of(map, "message")),
        duration_ms: map.get("duration_ms").and_then(Value::as_f64),
        num_turns: map.get("num_turns").and_then(Value::as_u64),
        total_cost_usd: map.get("total_cost_usd").and_then(Value::as_f64),
        session_id: str_of(map, "session_id"),
    }
}

/// Decodes one event's data. Never fails.
pub fn decode(data: &str) -> Event {
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(data) else {
        return Event::NotJson;
    };
    let kind = map.get("type").and_then(Value::as_str);
    match kind {
        Some("connection") => Event::Connection {
            message: str_of(&map, "message"),
        },
        Some("system") => Event::System(System {
            subtype: str_of(&map, "subtype"),
            message: str_of(&map, "message"),
            session_id: str_of(&map, "session_id"),
            model: str_of(&map, "model"),
            cwd: str_of(&map, "cwd"),
            tools: map.get("tools").and_then(Value::as_array).map(Vec::len),
            permission_mode: str_of(&map, "permissionMode")
                .or_else(|| str_of(&map, "permission_mode")),
            status: str_of(&map, "status"),
        }),
        Some("assistant") => match map.get("message") {
            Some(Value::String(s)) => Event::Assistant(Assistant {
                text: Some(s.clone()),
                blocks: Vec::new(),
            }),
            Some(Value::Object(msg)) => Event::Assistant(Assistant {
                text: None,
                blocks: blocks(msg.get("content")),
            }),
            _ => Event::Assistant(Assistant::default()),
        },
        Some("user") => match map.get("message") {
            Some(Value::String(s)) => Event::User(User {
                text: Some(s.clone()),
                results: Vec::new(),
            }),
            Some(Value::Object(msg)) => {
                let mut user = User::default();
                match msg.get("content") {
                    Some(Value::String(s)) => user.text = Some(s.clone()),
                    Some(Value::Array(items)) => {
                        for item in items.iter().filter_map(Value::as_object) {
                            match item.get("type").and_then(Value::as_str) {
                                Some("tool_result") => user.results.push(ToolResult {
                                    tool_use_id: str_of(item, "tool_use_id"),
                                    content: content_text(item.get("content")),
                                    is_error: item
                                        .get("is_error")
                                        .and_then(Value::as_bool)
                                        .unwrap_or(false),
                                }),
                                Some("text") => user.text = str_of(item, "text"),
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
                Event::User(user)
            }
            _ => Event::User(User::default()),
        },
        Some("stream_event") => {
            let delta = map
                .get("event")
                .and_then(|e| e.get("delta"))
                .and_then(Value::as_object);
            Event::Delta(match delta {
                Some(d) => match d.get("type").and_then(Value::as_str) {
                    Some("text_delta") => Delta::Text(str_of(d, "text").unwrap_or_default()),
                    Some("thinking_delta") => {
                        Delta::Thinking(str_of(d, "thinking").unwrap_or_default())
                    }
                    _ => Delta::Other,
                },
                None => Delta::Other,
            })
        }
        Some("result") => Event::Result(result_summary(&map)),
        Some("error") => Event::Error {
            message: str_of(&map, "message")
                .or_else(|| str_of(&map, "error"))
                .or_else(|| {
                    map.get("error")
                        .and_then(|e| e.get("message"))
                        .and_then(Value::as_str)
                        .map(String::from)
                }),
        },
        other => Event::Unknown {
            kind: other.map(String::from),
        },
    }
}

/// A string field, or `None` for any other JSON value (skipped without building it).
#[derive(Debug, Default, PartialEq)]
struct MaybeStr(Option<String>);

impl<'de> Deserialize<'de> for MaybeStr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = MaybeStr;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E>(self, v: &str) -> Result<MaybeStr, E> {
                Ok(MaybeStr(Some(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<MaybeStr, E> {
                Ok(MaybeStr(Some(v)))
            }
            fn visit_bool<E>(self, _: bool) -> Result<MaybeStr, E> {
                Ok(MaybeStr(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<MaybeStr, E> {
                Ok(MaybeStr(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<MaybeStr, E> {
                Ok(MaybeStr(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<MaybeStr, E> {
                Ok(MaybeStr(None))
            }
            fn visit_unit<E>(self) -> Result<MaybeStr, E> {
                Ok(MaybeStr(None))
            }
            fn visit_none<E>(self) -> Result<MaybeStr, E> {
                Ok(MaybeStr(None))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<MaybeStr, A::Error> {
                while a.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(MaybeStr(None))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<MaybeStr, A::Error> {
                while a
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(MaybeStr(None))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Default, Deserialize)]
struct PeekRaw {
    #[serde(rename = "type", default)]
    kind: MaybeStr,
    #[serde(default)]
    subtype: MaybeStr,
    #[serde(default)]
    is_error: Option<serde_json::Value>,
    #[serde(default)]
    result: MaybeStr,
    #[serde(default)]
    message: MaybeStr,
    #[serde(default)]
    duration_ms: Option<serde_json::Value>,
    #[serde(default)]
    num_turns: Option<serde_json::Value>,
    #[serde(default)]
    total_cost_usd: Option<serde_json::Value>,
}

/// What [`peek`] reads.
#[derive(Debug, Clone, PartialEq)]
pub enum Peek {
    Result(ResultSummary),
    Error(Option<String>),
    /// Any other valid JSON object.
    Other,
    /// Not a JSON object.
    NotJson,
}

/// Reads only what the exit code needs from one event's data, for NDJSON passthrough.
///
/// Most events are neither a result nor an error, and for those no JSON is parsed: a
/// `result` or `error` event necessarily holds the quoted word `"result"` or `"error"` (as its
/// type), which a byte search finds far faster than a parse. Only events holding one of them
/// are parsed, and the rest are only checked to look like an object. Measured on a 50 MiB
/// agent stream, this is what brings `--json` close to curl's speed (see benches/stream.rs).
pub fn peek(data: &str) -> Peek {
    let trimmed = data.trim();
    if !trimmed.starts_with('{') || !trimmed.ends_with('}') {
        return Peek::NotJson;
    }
    let bytes = trimmed.as_bytes();
    // A `\u` escape could spell either word in disguise: such events are parsed too.
    let may_matter = memchr::memmem::find(bytes, b"\"result\"").is_some()
        || memchr::memmem::find(bytes, b"\"error\"").is_some()
        || memchr::memmem::find(bytes, b"\\u").is_some();
    if !may_matter {
        return Peek::Other;
    }
    let Ok(raw) = serde_json::from_str::<PeekRaw>(data) else {
        return Peek::NotJson;
    };
    match raw.kind.0.as_deref() {
        Some("result") => Peek::Result(ResultSummary {
            subtype: raw.subtype.0,
            is_error: raw.is_error.and_then(|v| v.as_bool()),
            text: raw.result.0.or(raw.message.0),
            duration_ms: raw.duration_ms.and_then(|v| v.as_f64()),
            num_turns: raw.num_turns.and_then(|v| v.as_u64()),
            total_cost_usd: raw.total_cost_usd.and_then(|v| v.as_f64()),
            session_id: None,
        }),
        Some("error") => Peek::Error(raw.message.0),
        _ => Peek::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_guides_simple_events() {
        assert_eq!(
            decode(r#"{"type":"connection","message":"Streaming started"}"#),
            Event::Connection {
                message: Some("Streaming started".into())
            }
        );
        assert_eq!(
            decode(r#"{"type":"assistant","message":"Creating your miniapp..."}"#),
            Event::Assistant(Assistant {
                text: Some("Creating your miniapp...".into()),
                blocks: vec![]
            })
        );
        let Event::Result(r) =
            decode(r#"{"type":"result","subtype":"success","message":"Deployment complete"}"#)
        else {
            panic!("not a result");
        };
        assert!(r.succeeded());
        assert_eq!(r.text.as_deref(), Some("Deployment complete"));
        let Event::System(s) =
            decode(r#"{"type":"system","subtype":"init","message":"Initializing..."}"#)
        else {
            panic!("not system");
        };
        assert_eq!(s.subtype.as_deref(), Some("init"));
    }

    #[test]
    fn sdk_shapes() {
        let e = decode(
            r#"{"type":"assistant","message":{"content":[{"type":"thinking","thinking":"hm"},{"type":"text","text":"Hi"},{"type":"tool_use","id":"t1","name":"Write","input":{"file_path":"a.ts","content":"x"}},{"type":"image"}]}}"#,
        );
        let Event::Assistant(a) = e else { panic!() };
        assert_eq!(a.blocks.len(), 4);
        assert_eq!(a.blocks[0], Block::Thinking("hm".into()));
        assert_eq!(a.blocks[1], Block::Text("Hi".into()));
        let Block::ToolUse(t) = &a.blocks[2] else {
            panic!()
        };
        assert_eq!(t.name, "Write");
        assert_eq!(t.input["file_path"], "a.ts");
        assert_eq!(a.blocks[3], Block::Other(Some("image".into())));

        let Event::User(u) = decode(
            r#"{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"t1","content":[{"type":"text","text":"line1"},{"type":"text","text":"line2"}],"is_error":true}]}}"#,
        ) else {
            panic!()
        };
        assert_eq!(u.results[0].content, "line1\nline2");
        assert!(u.results[0].is_error);

        assert_eq!(
            decode(
                r#"{"type":"stream_event","event":{"type":"content_block_delta","delta":{"type":"text_delta","text":"Let"}}}"#
            ),
            Event::Delta(Delta::Text("Let".into()))
        );
        let Event::Result(r) = decode(
            r#"{"type":"result","subtype":"error_max_turns","is_error":true,"num_turns":40,"total_cost_usd":1.5,"duration_ms":1000}"#,
        ) else {
            panic!()
        };
        assert!(!r.succeeded());
        assert_eq!(r.num_turns, Some(40));
    }

    #[test]
    fn odd_data_is_tolerated() {
        assert_eq!(decode("not json"), Event::NotJson);
        assert_eq!(decode("[1,2]"), Event::NotJson);
        assert_eq!(decode(r#"{"no":"type"}"#), Event::Unknown { kind: None });
        assert_eq!(
            decode(r#"{"type":"rate_limit_event"}"#),
            Event::Unknown {
                kind: Some("rate_limit_event".into())
            }
        );
        assert_eq!(decode(r#"{"type":7}"#), Event::Unknown { kind: None });
        assert_eq!(
            decode(r#"{"type":"assistant","message":null}"#),
            Event::Assistant(Assistant::default())
        );
        assert_eq!(
            decode(
                r#"{"type":"user","message":{"content":[{"type":"tool_result","content":null,"is_error":"yes"}]}}"#
            ),
            Event::User(User {
                text: None,
                results: vec![ToolResult {
                    tool_use_id: None,
                    content: String::new(),
                    is_error: false
                }]
            })
        );
        assert_eq!(
            decode(r#"{"type":"error","message":"boom","timestamp":"t"}"#),
            Event::Error {
                message: Some("boom".into())
            }
        );
    }

    #[test]
    fn peek_reads_what_the_exit_code_needs() {
        assert_eq!(peek("nope"), Peek::NotJson);
        assert_eq!(peek("{broken"), Peek::NotJson);
        assert_eq!(peek("{\"type\":\"result\" broken}"), Peek::NotJson);
        // Objects that cannot be a result or an error are not parsed, only shape-checked.
        assert_eq!(peek("{\"type\":\"user\",\"x\":[}"), Peek::Other);
        assert_eq!(
            peek(
                r#"{"type":"user","message":{"content":[{"type":"tool_result","is_error":true}]}}"#
            ),
            Peek::Other
        );
        assert_eq!(
            peek(r#"{"type":"assistant","message":{"content":[{"type":"text","text":"x"}]}}"#),
            Peek::Other
        );
        assert_eq!(
            peek(r#"{"type":"error","message":"boom"}"#),
            Peek::Error(Some("boom".into()))
        );
        assert_eq!(
            peek(r#"{"type":"error","message":{"nested":1}}"#),
            Peek::Error(None)
        );
        let Peek::Result(r) = peek(
            r#"{"type":"result","subtype":"error_during_execution","is_error":true,"result":"failed","num_turns":3,"total_cost_usd":0.5,"duration_ms":12}"#,
        ) else {
            panic!()
        };
        assert!(!r.succeeded());
        assert_eq!(r.text.as_deref(), Some("failed"));
        assert_eq!(r.num_turns, Some(3));
        let Peek::Result(r) = peek(r#"{"type":"result","is_error":"no","subtype":5}"#) else {
            panic!()
        };
        assert!(r.succeeded());
    }

    proptest! {
        #[test]
        fn decoding_never_panics(s in any::<String>()) {
            let _ = decode(&s);
            let _ = peek(&s);
        }

        #[test]
        fn decoding_any_object_never_panics(v in crate::api::arbitrary::json_object()) {
            let text = v.to_string();
            let _ = decode(&text);
            let _ = peek(&text);
        }
    }
}
