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
///
/// The fast path reads the event straight into borrowing structs (no JSON tree, no hashing of
/// keys): on a realistic 50 MiB agent stream that is most of the piped rendering's time. Any
/// event whose fields have unexpected types falls back to the tolerant tree walk below, so the
/// result is the same either way (a property test checks it).
pub fn decode(data: &str) -> Event {
    match serde_json::from_str::<wire::MapOnly<wire::Wire<'_>>>(data) {
        // Errors are rare and come in more shapes: the tree walk reads them.
        Ok(wire::MapOnly(w)) if !w.is_error_event() => w.into_event(),
        _ => decode_tree(data),
    }
}

/// The tolerant decoder: any JSON object, any field types.
pub fn decode_tree(data: &str) -> Event {
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

/// The typed, borrowing shapes of the fast path. Strict about types (a mismatch sends the
/// event to the tolerant decoder), lax about presence (every field is optional), and blind to
/// unknown fields.
mod wire {
    use std::borrow::Cow;

    use serde::Deserialize;
    use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
    use serde_json::Value;

    use super::{Assistant, Block, Delta, Event, ResultSummary, System, ToolResult, ToolUse, User};

    fn own(c: Option<Cow<'_, str>>) -> Option<String> {
        c.map(Cow::into_owned)
    }

    /// A struct read only from a JSON object. serde's derived structs also accept an array,
    /// field by field, which the tolerant decoder (rightly) does not: found by the `events`
    /// fuzz target, `["result"]` decoded as a result.
    pub struct MapOnly<T>(pub T);

    impl<'de, T: Deserialize<'de>> Deserialize<'de> for MapOnly<T> {
        fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V<T>(std::marker::PhantomData<T>);
            impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
                type Value = MapOnly<T>;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<MapOnly<T>, M::Error> {
                    T::deserialize(de::value::MapAccessDeserializer::new(map)).map(MapOnly)
                }
            }
            d.deserialize_map(V(std::marker::PhantomData))
        }
    }

    #[derive(Deserialize)]
    pub struct Wire<'a> {
        #[serde(rename = "type", borrow, default)]
        kind: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        subtype: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        message: Option<Message<'a>>,
        #[serde(borrow, default)]
        event: Option<MapOnly<StreamEvent<'a>>>,
        #[serde(default)]
        is_error: Option<bool>,
        #[serde(borrow, default)]
        result: Option<Cow<'a, str>>,
        #[serde(default)]
        duration_ms: Option<f64>,
        #[serde(default)]
        num_turns: Option<u64>,
        #[serde(default)]
        total_cost_usd: Option<f64>,
        #[serde(borrow, default)]
        session_id: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        model: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        cwd: Option<Cow<'a, str>>,
        #[serde(default)]
        tools: Option<Vec<IgnoredAny>>,
        #[serde(rename = "permissionMode", borrow, default)]
        permission_mode: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        status: Option<Cow<'a, str>>,
    }

    /// `message`: the guide's plain string, or an SDK message object with `content`.
    pub enum Message<'a> {
        Text(Cow<'a, str>),
        Object(Option<Content<'a>>),
    }

    /// `content`: a string, or a list of blocks.
    pub enum Content<'a> {
        Text(Cow<'a, str>),
        Blocks(Vec<WireBlock<'a>>),
    }

    #[derive(Deserialize)]
    pub struct WireBlock<'a> {
        #[serde(rename = "type", borrow, default)]
        kind: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        text: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        thinking: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        id: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        name: Option<Cow<'a, str>>,
        #[serde(default)]
        input: Option<Value>,
        #[serde(borrow, default)]
        tool_use_id: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        content: Option<Content<'a>>,
        #[serde(default)]
        is_error: Option<bool>,
    }

    #[derive(Deserialize)]
    pub struct StreamEvent<'a> {
        #[serde(borrow, default)]
        delta: Option<MapOnly<WireDelta<'a>>>,
    }

    #[derive(Deserialize)]
    pub struct WireDelta<'a> {
        #[serde(rename = "type", borrow, default)]
        kind: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        text: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        thinking: Option<Cow<'a, str>>,
    }

    impl<'de: 'a, 'a> Deserialize<'de> for Message<'a> {
        fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V<'a>(std::marker::PhantomData<&'a ()>);
            impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
                type Value = Message<'a>;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a string or a message object")
                }
                fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Message<'a>, E> {
                    Ok(Message::Text(Cow::Borrowed(v)))
                }
                fn visit_str<E>(self, v: &str) -> Result<Message<'a>, E> {
                    Ok(Message::Text(Cow::Owned(v.to_string())))
                }
                fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Message<'a>, M::Error> {
                    let mut content = None;
                    while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                        if key == "content" {
                            content = Some(map.next_value::<Content<'a>>()?);
                        } else {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                    Ok(Message::Object(content))
                }
            }
            d.deserialize_any(V(std::marker::PhantomData))
        }
    }

    impl<'de: 'a, 'a> Deserialize<'de> for Content<'a> {
        fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V<'a>(std::marker::PhantomData<&'a ()>);
            impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
                type Value = Content<'a>;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a string or a list of blocks")
                }
                fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Content<'a>, E> {
                    Ok(Content::Text(Cow::Borrowed(v)))
                }
                fn visit_str<E>(self, v: &str) -> Result<Content<'a>, E> {
                    Ok(Content::Text(Cow::Owned(v.to_string())))
                }
                fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Content<'a>, S::Error> {
                    let mut blocks = Vec::new();
                    while let Some(MapOnly(b)) = seq.next_element::<MapOnly<WireBlock<'a>>>()? {
                        blocks.push(b);
                    }
                    Ok(Content::Blocks(blocks))
                }
            }
            d.deserialize_any(V(std::marker::PhantomData))
        }
    }

    /// A tool result's text: the string, or the text of its blocks joined (as the tree walk).
    fn result_text(content: Option<Content<'_>>) -> String {
        match content {
            Some(Content::Text(t)) => t.into_owned(),
            Some(Content::Blocks(blocks)) => blocks
                .into_iter()
                .filter_map(|b| b.text)
                .collect::<Vec<_>>()
                .join("\n"),
            None => String::new(),
        }
    }

    impl Wire<'_> {
        pub fn is_error_event(&self) -> bool {
            self.kind.as_deref() == Some("error")
        }

        pub fn into_event(self) -> Event {
            match self.kind.as_deref() {
                Some("connection") => Event::Connection {
                    message: match self.message {
                        Some(Message::Text(t)) => Some(t.into_owned()),
                        _ => None,
                    },
                },
                Some("system") => Event::System(System {
                    subtype: own(self.subtype),
                    message: match self.message {
                        Some(Message::Text(t)) => Some(t.into_owned()),
                        _ => None,
                    },
                    session_id: own(self.session_id),
                    model: own(self.model),
                    cwd: own(self.cwd),
                    tools: self.tools.map(|t| t.len()),
                    permission_mode: own(self.permission_mode),
                    status: own(self.status),
                }),
                Some("assistant") => Event::Assistant(match self.message {
                    Some(Message::Text(t)) => Assistant {
                        text: Some(t.into_owned()),
                        blocks: Vec::new(),
                    },
                    Some(Message::Object(Some(Content::Blocks(blocks)))) => Assistant {
                        text: None,
                        blocks: blocks.into_iter().map(block).collect(),
                    },
                    Some(Message::Object(Some(Content::Text(t)))) => Assistant {
                        text: None,
                        blocks: vec![Block::Text(t.into_owned())],
                    },
                    Some(Message::Object(None)) | None => Assistant::default(),
                }),
                Some("user") => Event::User(match self.message {
                    Some(Message::Text(t)) => User {
                        text: Some(t.into_owned()),
                        results: Vec::new(),
                    },
                    Some(Message::Object(Some(Content::Text(t)))) => User {
                        text: Some(t.into_owned()),
                        results: Vec::new(),
                    },
                    Some(Message::Object(Some(Content::Blocks(blocks)))) => {
                        let mut user = User::default();
                        for b in blocks {
                            match b.kind.as_deref() {
                                Some("tool_result") => user.results.push(ToolResult {
                                    tool_use_id: own(b.tool_use_id),
                                    content: result_text(b.content),
                                    is_error: b.is_error.unwrap_or(false),
                                }),
                                Some("text") => user.text = own(b.text),
                                _ => {}
                            }
                        }
                        user
                    }
                    Some(Message::Object(None)) | None => User::default(),
                }),
                Some("stream_event") => Event::Delta(match self.event.and_then(|e| e.0.delta) {
                    Some(MapOnly(d)) => match d.kind.as_deref() {
                        Some("text_delta") => Delta::Text(own(d.text).unwrap_or_default()),
                        Some("thinking_delta") => {
                            Delta::Thinking(own(d.thinking).unwrap_or_default())
                        }
                        _ => Delta::Other,
                    },
                    None => Delta::Other,
                }),
                Some("result") => Event::Result(ResultSummary {
                    subtype: own(self.subtype),
                    is_error: self.is_error,
                    text: own(self.result).or(match self.message {
                        Some(Message::Text(t)) => Some(t.into_owned()),
                        _ => None,
                    }),
                    duration_ms: self.duration_ms,
                    num_turns: self.num_turns,
                    total_cost_usd: self.total_cost_usd,
                    session_id: own(self.session_id),
                }),
                other => Event::Unknown {
                    kind: other.map(String::from),
                },
            }
        }
    }

    fn block(b: WireBlock<'_>) -> Block {
        match b.kind.as_deref() {
            Some("text") => Block::Text(own(b.text).unwrap_or_default()),
            Some("thinking") => Block::Thinking(own(b.thinking).unwrap_or_default()),
            Some("tool_use") | Some("server_tool_use") => Block::ToolUse(ToolUse {
                id: own(b.id),
                name: own(b.name).unwrap_or_else(|| "tool".into()),
                input: b.input.unwrap_or(Value::Null),
            }),
            other => Block::Other(other.map(String::from)),
        }
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
    // The SDK and the API write `type` first: then the kind is read off the front, and only
    // results and errors (and anything escaped) are parsed.
    for prefix in [&b"{\"type\":\""[..], &b"{\"type\": \""[..]] {
        if let Some(rest) = bytes.strip_prefix(prefix)
            && let Some(end) = memchr::memchr2(b'"', b'\\', rest)
            && rest[end] == b'"'
        {
            let kind = &rest[..end];
            if kind != b"result" && kind != b"error" {
                return Peek::Other;
            }
            return peek_parse(data);
        }
    }
    // A `\u` escape could spell either word in disguise: such events are parsed too.
    let may_matter = memchr::memmem::find(bytes, b"\"result\"").is_some()
        || memchr::memmem::find(bytes, b"\"error\"").is_some()
        || memchr::memmem::find(bytes, b"\\u").is_some();
    if !may_matter {
        return Peek::Other;
    }
    peek_parse(data)
}

/// The parse behind [`peek`], for the events that may decide the exit code.
fn peek_parse(data: &str) -> Peek {
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

/// The `conversation_id` an event names at its top level, if any: the id `cancel` needs. Cheap
/// for the events that do not mention one.
pub fn conversation_id(data: &str) -> Option<String> {
    if !data.contains("conversation_id") {
        return None;
    }
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(data) else {
        return None;
    };
    map.get("conversation_id")
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty())
        .map(String::from)
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

    /// Found by the `events` fuzz target: serde's derived structs read arrays by position, so
    /// the fast decoder took `["result"]` for a result event.
    #[test]
    fn an_array_is_not_an_event() {
        assert_eq!(decode("[\"result\"\n ]"), Event::NotJson);
        assert_eq!(peek("[\"result\"\n ]"), Peek::NotJson);
        let nested = r#"{"type":"assistant","message":{"content":[["text","hello"]]}}"#;
        assert_eq!(decode(nested), decode_tree(nested));
        assert_eq!(
            decode(nested),
            Event::Assistant(Assistant {
                text: None,
                blocks: vec![Block::Other(None)]
            })
        );
        let delta = r#"{"type":"stream_event","event":["x",["text_delta","hi"]]}"#;
        assert_eq!(decode(delta), decode_tree(delta));
    }

    #[test]
    fn the_fast_decoder_agrees_on_the_fixture() {
        let fixture = include_str!("../../../tests/fixtures/agent-session.sse");
        for event in fixture.split("\n\n").filter(|e| !e.trim().is_empty()) {
            let data = event.trim_start_matches("data: ");
            assert!(
                serde_json::from_str::<wire::Wire<'_>>(data).is_ok(),
                "fell back: {data}"
            );
            assert_eq!(decode(data), decode_tree(data), "{data}");
        }
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
        fn the_fast_decoder_agrees_with_the_tolerant_one(v in crate::arbitrary::json_object()) {
            let text = v.to_string();
            prop_assert_eq!(decode(&text), decode_tree(&text));
        }

        #[test]
        fn any_json_decodes_the_same_both_ways(v in crate::arbitrary::json_value()) {
            let text = v.to_string();
            prop_assert_eq!(decode(&text), decode_tree(&text));
        }

        #[test]
        fn decoding_never_panics(s in any::<String>()) {
            let _ = decode(&s);
            let _ = peek(&s);
        }

        #[test]
        fn decoding_any_object_never_panics(v in crate::arbitrary::json_object()) {
            let text = v.to_string();
            let _ = decode(&text);
            let _ = peek(&text);
        }
    }
}
