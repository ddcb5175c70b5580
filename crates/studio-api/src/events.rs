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

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::{Map, Value};

/// One stream event. The hot kinds' text (assistant and user messages, deltas) borrows from
/// the event's data where it holds no escapes ([`Cow`]): a fast stream's events are read and
/// dropped by the hundred thousand, and allocating each string took about a tenth of the piped
/// rendering's CPU. [`decode_tree`] owns everything (`Event<'static>`).
#[derive(Debug, Clone, PartialEq)]
pub enum Event<'a> {
    Connection {
        message: Option<String>,
    },
    /// Boxed, as [`Event::Result`]: both are rare and large, and every event is as large as
    /// its largest kind (the rendering keeps a batch of events; 184 bytes each unboxed).
    System(Box<System>),
    Assistant(Assistant<'a>),
    User(User<'a>),
    /// Partial assistant output (`stream_event`).
    Delta(Delta<'a>),
    Result(Box<ResultSummary>),
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
pub struct Assistant<'a> {
    /// The guide's shape: `message` is a plain string.
    pub text: Option<Cow<'a, str>>,
    /// The SDK's shape: the Messages API content blocks.
    pub blocks: Vec<Block<'a>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block<'a> {
    Text(Cow<'a, str>),
    Thinking(Cow<'a, str>),
    ToolUse(ToolUse<'a>),
    Other(Option<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ToolUse<'a> {
    pub id: Option<Cow<'a, str>>,
    pub name: Cow<'a, str>,
    pub input: Input<'a>,
}

/// A tool call's input, kept as its JSON text and read a field at a time. The view reads one
/// or two fields of each call; building the tree of every input (a whole file, for `Write`)
/// was a large part of decoding a fast stream.
#[derive(Debug, Clone)]
pub struct Input<'a>(Cow<'a, str>);

impl<'a> Input<'a> {
    /// Text the scanner has checked.
    fn checked(json: &'a str) -> Input<'a> {
        Input(Cow::Borrowed(json))
    }

    /// The input's JSON text.
    pub fn json(&self) -> &str {
        &self.0
    }

    /// The input as a tree.
    pub fn value(&self) -> Value {
        serde_json::from_str(&self.0).unwrap_or(Value::Null)
    }

    /// Several top-level fields, read in one pass: `out[i]` is what `keys[i]` holds.
    pub fn fields<const N: usize>(&self, keys: [&str; N]) -> [Field<'_>; N] {
        let mut out: [Field<'_>; N] = std::array::from_fn(|_| Field::Missing);
        let scanned = self.0.trim_ascii_start().starts_with('{')
            && crate::scan::Doc::walk(&self.0, |c, k| {
                let Some(i) = keys.iter().position(|key| *key == k.raw_key()) else {
                    return c.skip();
                };
                let v = c.value()?;
                out[i] = match v.as_str() {
                    Some(s) => Field::Str(FieldStr(Lazy::Json(s, v.json()))),
                    None if v.is_array() => Field::Array,
                    None => Field::Other,
                };
                Ok(())
            })
            .is_ok();
        if !scanned {
            let value = self.value();
            for (slot, key) in out.iter_mut().zip(keys) {
                *slot = match value.get(key) {
                    None => Field::Missing,
                    Some(Value::String(s)) => {
                        Field::Str(FieldStr(Lazy::Text(std::borrow::Cow::Owned(s.clone()))))
                    }
                    Some(Value::Array(_)) => Field::Array,
                    Some(_) => Field::Other,
                };
            }
        }
        out
    }

    /// A top-level field, as a tree.
    pub fn get(&self, key: &str) -> Option<Value> {
        match crate::scan::get(&self.0, key) {
            Ok(v) => v.and_then(|v| v.to_value().ok()),
            Err(_) => self.value().get(key).cloned(),
        }
    }
}

/// One field of an [`Input`], as [`Input::fields`] reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum Field<'a> {
    Missing,
    Str(FieldStr<'a>),
    /// An array (read it whole with [`Input::get`]).
    Array,
    Other,
}

impl<'a> Field<'a> {
    /// The text, when the field is a string.
    pub fn str(self) -> Option<std::borrow::Cow<'a, str>> {
        match self {
            Field::Str(s) => Some(s.text()),
            _ => None,
        }
    }

    /// How many lines the text has (as `str::lines` counts them), when the field is a
    /// string: counted without decoding it (a written file's content is only counted).
    pub fn line_count(&self) -> Option<usize> {
        match self {
            Field::Str(FieldStr(Lazy::Json(s, _))) => Some(s.line_count()),
            Field::Str(FieldStr(Lazy::Text(t))) => Some(t.lines().count()),
            _ => None,
        }
    }
}

/// A string field of an [`Input`]: decoded only when its text is asked for.
#[derive(Debug, Clone)]
pub struct FieldStr<'a>(Lazy<'a>);

#[derive(Debug, Clone)]
enum Lazy<'a> {
    /// As the scanner found it (checked), with its JSON text (quotes included).
    Json(crate::scan::JStr<'a>, &'a str),
    Text(Cow<'a, str>),
}

impl<'a> FieldStr<'a> {
    /// The string's text.
    pub fn text(self) -> Cow<'a, str> {
        match self.0 {
            Lazy::Text(t) => t,
            // The scanner checked the string's escapes, so decoding it cannot fail; were it
            // to, serde_json decodes it (lossily at worst), as the tree walk would.
            Lazy::Json(s, json) => s.text().unwrap_or_else(|_| {
                Cow::Owned(serde_json::from_str::<String>(json).unwrap_or_default())
            }),
        }
    }
}

/// Equal when the texts are.
impl PartialEq for FieldStr<'_> {
    fn eq(&self, other: &FieldStr<'_>) -> bool {
        self.clone().text() == other.clone().text()
    }
}

impl From<Value> for Input<'static> {
    fn from(v: Value) -> Input<'static> {
        Input(Cow::Owned(v.to_string()))
    }
}

/// Equal when the JSON is (whatever its spelling).
impl PartialEq for Input<'_> {
    fn eq(&self, other: &Input<'_>) -> bool {
        self.0 == other.0 || self.value() == other.value()
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct User<'a> {
    pub text: Option<Cow<'a, str>>,
    pub results: Vec<ToolResult<'a>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ToolResult<'a> {
    pub tool_use_id: Option<Cow<'a, str>>,
    /// The result's text: a string, or the text blocks of a list joined.
    pub content: Cow<'a, str>,
    pub is_error: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Delta<'a> {
    Text(Cow<'a, str>),
    Thinking(Cow<'a, str>),
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

/// [`str_of`], as the text of a hot event.
fn cow_of(map: &Map<String, Value>, key: &str) -> Option<Cow<'static, str>> {
    str_of(map, key).map(Cow::Owned)
}

/// The text of a tool result's `content`: a string, or a list of blocks whose text is joined.
fn content_text(v: Option<&Value>) -> Cow<'static, str> {
    Cow::Owned(match v {
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
    })
}

fn blocks(content: Option<&Value>) -> Vec<Block<'static>> {
    let Some(Value::Array(items)) = content else {
        return match content {
            Some(Value::String(s)) => vec![Block::Text(Cow::Owned(s.clone()))],
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
                Some("text") => Block::Text(cow_of(obj, "text").unwrap_or_default()),
                Some("thinking") => Block::Thinking(cow_of(obj, "thinking").unwrap_or_default()),
                Some("tool_use") | Some("server_tool_use") => Block::ToolUse(ToolUse {
                    id: cow_of(obj, "id"),
                    name: cow_of(obj, "name").unwrap_or(Cow::Borrowed("tool")),
                    input: Input::from(obj.get("input").cloned().unwrap_or(Value::Null)),
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
/// The fast path reads the hot events (`stream_event`, `assistant`, `user`) in one pass with a
/// checking scanner that builds only the fields used; on a realistic 50 MiB agent stream the
/// decoding took most of the piped rendering's time. Anything else, and anything the scanner
/// leaves undecided, goes to the tolerant tree walk below, so the result is the same either
/// way (property tests check it).
pub fn decode(data: &str) -> Event<'_> {
    decode_top(data).0
}

/// What an event says at its top level beyond [`Event`], read in the same pass: what the view
/// needs to know before it reads the whole event again.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Top<'a> {
    /// `conversation_id`, when a string.
    pub conversation_id: Option<Cow<'a, str>>,
    /// `parent_tool_use_id`, when a string: the event comes from a subagent.
    pub parent_tool_use_id: Option<Cow<'a, str>>,
    /// The event holds one of the fields read from the whole event: a non-null `error`, a
    /// `message.model` of `<synthetic>` (both mark an API error), `tool_use_result` or
    /// `isReplay`.
    pub more: bool,
}

/// [`decode`], and the event's [`Top`].
pub fn decode_top(data: &str) -> (Event<'_>, Top<'_>) {
    decode_top_with(data, &mut Spare::default())
}

/// [`decode_top`], its vectors taken from `spare` (see [`Spare`]).
pub fn decode_top_with<'a>(data: &'a str, spare: &mut Spare) -> (Event<'a>, Top<'a>) {
    match fast::decode(data, spare) {
        Ok(both) => both,
        Err(_) => {
            let event = decode_tree(data);
            let top = match serde_json::from_str::<Value>(data) {
                Ok(Value::Object(map)) => top_of(&map),
                _ => Top::default(),
            };
            (event, top)
        }
    }
}

/// Emptied vectors of decoded events, to decode the next events into. A reader that decodes
/// many events with [`decode_top_with`] and hands each back with [`Spare::keep`] once it is
/// done with it allocates almost no vector per event: on a 50 MiB agent stream, allocating
/// and freeing an event's content vector had been a twentieth of the rendering's time.
/// Bounded: it keeps at most [`SPARE_MAX`] vectors, none of more than [`SPARE_CAPACITY`].
#[derive(Debug, Default)]
pub struct Spare {
    blocks: Vec<Vec<Block<'static>>>,
    results: Vec<Vec<ToolResult<'static>>>,
}

/// How many vectors of each kind a [`Spare`] keeps.
pub const SPARE_MAX: usize = 4096;
/// The largest capacity of a vector a [`Spare`] keeps (most events hold one block).
pub const SPARE_CAPACITY: usize = 4;

impl Spare {
    /// Keeps `event`'s vectors, emptied, for the next events.
    pub fn keep(&mut self, event: Event<'_>) {
        match event {
            Event::Assistant(a) => keep(&mut self.blocks, a.blocks),
            Event::User(u) => keep(&mut self.results, u.results),
            _ => {}
        }
    }

    /// How many vectors it holds, of blocks and of results.
    #[cfg(test)]
    fn held(&self) -> (usize, usize) {
        (self.blocks.len(), self.results.len())
    }

    fn blocks<'a>(&mut self) -> Vec<Block<'a>> {
        self.blocks.pop().unwrap_or_default()
    }

    fn results<'a>(&mut self) -> Vec<ToolResult<'a>> {
        self.results.pop().unwrap_or_default()
    }
}

/// Keeps `v`, emptied, in `kept`. Empty, it holds no borrowed text, so it can become a vector
/// of the same type for any lifetime: std collects a vector's `into_iter` in place when the
/// two element types have the same size and alignment (as here: one type, two lifetimes), so
/// the allocation is kept (a test checks it).
fn keep<T, U>(kept: &mut Vec<Vec<T>>, mut v: Vec<U>) {
    if v.capacity() == 0 || v.capacity() > SPARE_CAPACITY || kept.len() >= SPARE_MAX {
        return;
    }
    v.clear();
    kept.push(v.into_iter().filter_map(|_| None).collect());
}

fn top_of(map: &Map<String, Value>) -> Top<'static> {
    let synthetic = map
        .get("message")
        .and_then(|m| m.get("model"))
        .and_then(Value::as_str)
        == Some("<synthetic>");
    Top {
        conversation_id: cow_of(map, "conversation_id"),
        parent_tool_use_id: cow_of(map, "parent_tool_use_id"),
        more: map.get("error").is_some_and(|e| !e.is_null())
            || synthetic
            || map.contains_key("tool_use_result")
            || map.contains_key("isReplay"),
    }
}

/// The tolerant decoder: any JSON object, any field types.
pub fn decode_tree(data: &str) -> Event<'static> {
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(data) else {
        return Event::NotJson;
    };
    let kind = map.get("type").and_then(Value::as_str);
    match kind {
        Some("connection") => Event::Connection {
            message: str_of(&map, "message"),
        },
        Some("system") => Event::System(Box::new(System {
            subtype: str_of(&map, "subtype"),
            message: str_of(&map, "message"),
            session_id: str_of(&map, "session_id"),
            model: str_of(&map, "model"),
            cwd: str_of(&map, "cwd"),
            tools: map.get("tools").and_then(Value::as_array).map(Vec::len),
            permission_mode: str_of(&map, "permissionMode")
                .or_else(|| str_of(&map, "permission_mode")),
            status: str_of(&map, "status"),
        })),
        Some("assistant") => match map.get("message") {
            Some(Value::String(s)) => Event::Assistant(Assistant {
                text: Some(Cow::Owned(s.clone())),
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
                text: Some(Cow::Owned(s.clone())),
                results: Vec::new(),
            }),
            Some(Value::Object(msg)) => {
                let mut user = User::default();
                match msg.get("content") {
                    Some(Value::String(s)) => user.text = Some(Cow::Owned(s.clone())),
                    Some(Value::Array(items)) => {
                        for item in items.iter().filter_map(Value::as_object) {
                            match item.get("type").and_then(Value::as_str) {
                                Some("tool_result") => user.results.push(ToolResult {
                                    tool_use_id: cow_of(item, "tool_use_id"),
                                    content: content_text(item.get("content")),
                                    is_error: item
                                        .get("is_error")
                                        .and_then(Value::as_bool)
                                        .unwrap_or(false),
                                }),
                                Some("text") => user.text = cow_of(item, "text"),
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
                    Some("text_delta") => Delta::Text(cow_of(d, "text").unwrap_or_default()),
                    Some("thinking_delta") => {
                        Delta::Thinking(cow_of(d, "thinking").unwrap_or_default())
                    }
                    _ => Delta::Other,
                },
                None => Delta::Other,
            })
        }
        Some("result") => Event::Result(Box::new(result_summary(&map))),
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

/// The fast path: the hot events (`stream_event`, `assistant`, `user`) read in one pass by the
/// checking scanner (`crate::scan`), which builds only the fields the view uses. Any other
/// type, and anything the scanner does not decide, goes to the tree walk.
///
/// The SDK writes `type` first; then `message` and `event` are read where they stand. When
/// `type` comes later (or twice, and the last one differs), they are read again from the text
/// the first pass checked. Every field keeps its last occurrence, as serde_json's maps do.
mod fast {
    use std::borrow::Cow;

    use super::{Assistant, Block, Delta, Event, Input, Spare, ToolResult, ToolUse, Top, User};
    use crate::scan::{Bail, Cur, Doc, JStr, R, Val};

    #[derive(Clone, Copy, PartialEq)]
    enum Hot {
        Stream,
        Assistant,
        User,
    }

    fn hot(kind: &Val<'_>) -> Option<Hot> {
        let k = kind.as_str()?;
        if k.is("stream_event") {
            Some(Hot::Stream)
        } else if k.is("assistant") {
            Some(Hot::Assistant)
        } else if k.is("user") {
            Some(Hot::User)
        } else {
            None
        }
    }

    /// A `message` or `event` read in place: what it was read as.
    enum Read<'a> {
        Assistant(Assistant<'a>),
        User(User<'a>),
        Delta(Delta<'a>),
    }

    /// Reads a `message` (or `event`) as `as_` says into `out`, and says whether its `model`
    /// is `<synthetic>`. Written where it is kept: returned, the read was copied on at once
    /// with wider loads than the stores that had just made it (a store-forwarding stall).
    fn read<'a>(
        c: &mut Cur<'_, 'a>,
        as_: Hot,
        out: &mut Option<Read<'a>>,
        spare: &mut Spare,
    ) -> R<bool> {
        let mut synthetic = false;
        let read = match as_ {
            Hot::Assistant => Read::Assistant(assistant(c, &mut synthetic, spare)?),
            Hot::User => Read::User(user(c, &mut synthetic, spare)?),
            Hot::Stream => Read::Delta(stream_event(c)?),
        };
        // Replaced, and dropped only when there was one: the slot is nearly always empty, and
        // assigned over, it called the drop glue every time (0.8% of `render`'s
        // instructions, callgrind).
        if let Some(old) = out.replace(read) {
            drop(old);
        }
        Ok(synthetic)
    }

    pub fn decode<'a>(data: &'a str, spare: &mut Spare) -> R<(Event<'a>, Top<'a>)> {
        // The type, when it is one of the hot ones: read once, where it stands.
        let mut kind: Option<Hot> = None;
        // The last `message` and `event` members.
        let mut message: Option<Val<'_>> = None;
        let mut event: Option<Val<'_>> = None;
        // The member read in place (what it was read as, and whether it was `message`),
        // what it was read as, and the `<synthetic>` model of a `message` read in place.
        let mut got: Option<(Hot, bool)> = None;
        let mut read_in_place: Option<Read<'_>> = None;
        let mut message_synthetic: Option<bool> = None;
        let (mut conversation, mut parent) = (None, None);
        let (mut more, mut more_error) = (false, false);
        let doc = Doc::walk(data, |c, k| {
            let is_message = match k.raw_key() {
                "type" => {
                    kind = hot(&c.value()?);
                    return Ok(());
                }
                "message" => true,
                "event" => false,
                "conversation_id" => {
                    conversation = Some(c.value()?);
                    return Ok(());
                }
                "parent_tool_use_id" => {
                    parent = Some(c.value()?);
                    return Ok(());
                }
                "error" => {
                    more_error = !c.value()?.is_null();
                    return Ok(());
                }
                other => {
                    more |= matches!(other, "tool_use_result" | "isReplay");
                    return c.skip();
                }
            };
            let wanted = match (is_message, kind) {
                (true, Some(h @ (Hot::Assistant | Hot::User))) => Some(h),
                (false, Some(Hot::Stream)) => Some(Hot::Stream),
                _ => None,
            };
            // This occurrence replaces any earlier one of the same member.
            if got.is_some_and(|(_, m)| m == is_message) {
                got = None;
            }
            if is_message {
                message_synthetic = None;
            }
            let value = match (wanted, c.next_byte()?) {
                (Some(h), b'{') => {
                    let start = c.here();
                    let synthetic = read(c, h, &mut read_in_place, spare)?;
                    got = Some((h, is_message));
                    if is_message {
                        message_synthetic = Some(synthetic);
                    }
                    c.since(start)?
                }
                _ => c.value()?,
            };
            if is_message {
                message = Some(value);
            } else {
                event = Some(value);
            }
            Ok(())
        })?;
        let kind = kind.ok_or(Bail)?;
        let synthetic = match (&message, message_synthetic) {
            (Some(_), Some(synthetic)) => synthetic,
            (Some(v), None) => synthetic_model(&doc, v)?,
            (None, _) => false,
        };
        let member = match kind {
            Hot::Stream => event,
            Hot::Assistant | Hot::User => message,
        };
        let in_place = got == Some((kind, kind != Hot::Stream));
        let got = match member {
            None => None,
            Some(_) if in_place => read_in_place.take(),
            Some(v) => {
                let mut again = None;
                read(&mut doc.at(&v)?, kind, &mut again, spare)?;
                again
            }
        };
        let event = match (kind, got) {
            (_, Some(Read::Assistant(a))) => Event::Assistant(a),
            (_, Some(Read::User(u))) => Event::User(u),
            (_, Some(Read::Delta(d))) => Event::Delta(d),
            (Hot::Stream, None) => Event::Delta(Delta::Other),
            (Hot::Assistant, None) => Event::Assistant(Assistant::default()),
            (Hot::User, None) => Event::User(User::default()),
        };
        let top = Top {
            conversation_id: string(conversation)?,
            parent_tool_use_id: string(parent)?,
            more: more || more_error || synthetic,
        };
        Ok((event, top))
    }

    /// Whether a message's (last) `model` is `<synthetic>`, for a message not read in place
    /// (rare): it is read again only when it holds the text.
    fn synthetic_model<'a>(doc: &Doc<'a>, message: &Val<'a>) -> R<bool> {
        if !message.json().contains("<synthetic>") {
            return Ok(false);
        }
        match pick(&mut doc.at(message)?, ["model"])? {
            Some([model]) => Ok(is(&model, "<synthetic>")),
            None => Ok(false),
        }
    }

    /// A string's text, borrowed unless it holds escapes; `None` for any other value.
    #[inline(always)]
    fn string(v: Option<Val<'_>>) -> R<Option<Cow<'_, str>>> {
        v.and_then(|v| v.as_str()).map(|s| s.text()).transpose()
    }

    /// Whether `v` is the string `word`. Inlined: called, each comparison took about 60
    /// instructions (callgrind), most of them the call and a `memcmp` for a constant word.
    #[inline(always)]
    fn is(v: &Option<Val<'_>>, word: &str) -> bool {
        v.as_ref()
            .and_then(|v| v.as_str())
            .is_some_and(|k: JStr<'_>| k.is(word))
    }

    /// A `stream_event`'s `event`: its `delta`.
    fn stream_event<'a>(c: &mut Cur<'_, 'a>) -> R<Delta<'a>> {
        if c.next_byte()? != b'{' {
            c.skip()?;
            return Ok(Delta::Other);
        }
        let mut delta = Delta::Other;
        c.fields(|c, k| {
            if k.raw_key() != "delta" {
                return c.skip();
            }
            let Some([kind, text, thinking]) = pick(c, ["type", "text", "thinking"])? else {
                delta = Delta::Other;
                return Ok(());
            };
            delta = if is(&kind, "text_delta") {
                Delta::Text(string(text)?.unwrap_or_default())
            } else if is(&kind, "thinking_delta") {
                Delta::Thinking(string(thinking)?.unwrap_or_default())
            } else {
                Delta::Other
            };
            Ok(())
        })?;
        Ok(delta)
    }

    /// Walks a `message` object: each `content` goes to `content`, whether `model` is
    /// `<synthetic>` is noted, and the rest is skipped.
    fn message_fields<'d, 'a>(
        c: &mut Cur<'d, 'a>,
        synthetic: &mut bool,
        mut content: impl FnMut(&mut Cur<'d, 'a>) -> R<()>,
    ) -> R<()> {
        c.fields(|c, k| match k.raw_key() {
            "content" => content(c),
            "model" => {
                *synthetic = is(&Some(c.value()?), "<synthetic>");
                Ok(())
            }
            _ => c.skip(),
        })
    }

    /// An assistant event's `message`.
    fn assistant<'a>(
        c: &mut Cur<'_, 'a>,
        synthetic: &mut bool,
        spare: &mut Spare,
    ) -> R<Assistant<'a>> {
        match c.next_byte()? {
            b'"' => Ok(Assistant {
                text: string(Some(c.value()?))?,
                blocks: Vec::new(),
            }),
            b'{' => {
                let mut blocks = spare.blocks();
                message_fields(c, synthetic, |c| {
                    blocks.clear();
                    match c.next_byte()? {
                        b'[' => c.items(|c| {
                            blocks.push(block(c)?);
                            Ok(())
                        })?,
                        _ => {
                            if let Some(t) = string(Some(c.value()?))? {
                                blocks.push(Block::Text(t));
                            }
                        }
                    }
                    Ok(())
                })?;
                Ok(Assistant { text: None, blocks })
            }
            _ => {
                c.skip()?;
                Ok(Assistant::default())
            }
        }
    }

    /// The members named `keys` of the object at the cursor (the last of each, as serde_json's
    /// maps keep them); `None`, the value skipped, when it is not an object.
    fn pick<'a, const N: usize>(
        c: &mut Cur<'_, 'a>,
        keys: [&str; N],
    ) -> R<Option<[Option<Val<'a>>; N]>> {
        if c.next_byte()? != b'{' {
            c.skip()?;
            return Ok(None);
        }
        let mut out = [None; N];
        c.fields(
            |c, k| match keys.iter().position(|key| *key == k.raw_key()) {
                Some(i) => {
                    out[i] = Some(c.value()?);
                    Ok(())
                }
                None => c.skip(),
            },
        )?;
        Ok(Some(out))
    }

    fn block<'a>(c: &mut Cur<'_, 'a>) -> R<Block<'a>> {
        let Some([kind, text, thinking, id, name, input]) =
            pick(c, ["type", "text", "thinking", "id", "name", "input"])?
        else {
            return Ok(Block::Other(None));
        };
        let Some(kind) = kind.and_then(|k| k.as_str()) else {
            return Ok(Block::Other(None));
        };
        Ok(if kind.is("text") {
            Block::Text(string(text)?.unwrap_or_default())
        } else if kind.is("thinking") {
            Block::Thinking(string(thinking)?.unwrap_or_default())
        } else if kind.is("tool_use") || kind.is("server_tool_use") {
            Block::ToolUse(ToolUse {
                id: string(id)?,
                name: string(name)?.unwrap_or(Cow::Borrowed("tool")),
                input: Input::checked(input.map_or("null", |v| v.json())),
            })
        } else {
            Block::Other(Some(kind.owned()?))
        })
    }

    /// A user event's `message`.
    fn user<'a>(c: &mut Cur<'_, 'a>, synthetic: &mut bool, spare: &mut Spare) -> R<User<'a>> {
        match c.next_byte()? {
            b'"' => Ok(User {
                text: string(Some(c.value()?))?,
                results: Vec::new(),
            }),
            b'{' => {
                let mut user = User {
                    text: None,
                    results: spare.results(),
                };
                message_fields(c, synthetic, |c| {
                    user.text = None;
                    user.results.clear();
                    match c.next_byte()? {
                        b'[' => c.items(|c| user_item(c, &mut user))?,
                        _ => user.text = string(Some(c.value()?))?,
                    }
                    Ok(())
                })?;
                Ok(user)
            }
            _ => {
                c.skip()?;
                Ok(User::default())
            }
        }
    }

    fn user_item<'a>(c: &mut Cur<'_, 'a>, user: &mut User<'a>) -> R<()> {
        let Some([kind, id, content, is_error, text]) =
            pick(c, ["type", "tool_use_id", "content", "is_error", "text"])?
        else {
            return Ok(());
        };
        if is(&kind, "tool_result") {
            user.results.push(ToolResult {
                tool_use_id: string(id)?,
                content: result_text(c, content)?,
                is_error: is_error.and_then(|v| v.as_bool()).unwrap_or(false),
            });
        } else if is(&kind, "text") {
            user.text = string(text)?;
        }
        Ok(())
    }

    /// A tool result's text: the string, or the text of its blocks joined (as the tree walk).
    fn result_text<'a>(c: &Cur<'_, 'a>, content: Option<Val<'a>>) -> R<Cow<'a, str>> {
        let Some(content) = content else {
            return Ok(Cow::Borrowed(""));
        };
        if let Some(t) = string(Some(content))? {
            return Ok(t);
        }
        if !content.is_array() {
            return Ok(Cow::Borrowed(""));
        }
        let mut parts: Vec<Cow<'a, str>> = Vec::new();
        c.at_val(&content)?.items(|c| {
            if c.next_byte()? != b'{' {
                if let Some(t) = string(Some(c.value()?))? {
                    parts.push(t);
                }
                return Ok(());
            }
            let Some([text]) = pick(c, ["text"])? else {
                return Ok(());
            };
            if let Some(t) = string(text)? {
                parts.push(t);
            }
            Ok(())
        })?;
        Ok(match parts.len() {
            0 => Cow::Borrowed(""),
            1 => parts.swap_remove(0),
            _ => Cow::Owned(parts.join("\n")),
        })
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

/// Whether the fast path's scanner checks `data` as one JSON object, walking it without
/// building anything: the floor of [`decode`]'s cost, for `benches/stream.rs` (`check_only`).
#[doc(hidden)]
pub fn scanner_accepts(data: &str) -> bool {
    crate::scan::Doc::walk(data, |c, _| c.skip()).is_ok()
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
    // Unicode trimming only when an end is not already a brace, as an object's are.
    let b = data.as_bytes();
    let trimmed = if b.first() == Some(&b'{') && b.last() == Some(&b'}') {
        data
    } else {
        data.trim()
    };
    if !trimmed.starts_with('{') || !trimmed.ends_with('}') {
        return Peek::NotJson;
    }
    let bytes = trimmed.as_bytes();
    // The SDK and the API write `type` first: then the kind is read off the front, and only
    // results and errors (and anything escaped) are parsed.
    for prefix in [&b"{\"type\":\""[..], &b"{\"type\": \""[..]] {
        // The kinds of nearly every event, whole with their closing quote (none holds a quote
        // or a backslash): no search for the word's end.
        if let Some(rest) = bytes.strip_prefix(prefix)
            && [&b"stream_event\""[..], b"assistant\"", b"user\""]
                .iter()
                .any(|kind| rest.starts_with(kind))
        {
            return Peek::Other;
        }
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

/// Whether the text `conversation_id` appears in an event's data at all: a quick test before
/// any parse (`str::contains` was an eighth of the piped rendering's time).
fn mentions_conversation_id(data: &str) -> bool {
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"conversation_id"));
    FINDER.find(data.as_bytes()).is_some()
}

/// The `conversation_id` an event names at its top level, if any: the id `cancel` needs. Cheap
/// for the events that do not mention one.
pub fn conversation_id(data: &str) -> Option<String> {
    if !mentions_conversation_id(data) {
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
        let [path] = t.input.fields(["file_path"]);
        assert_eq!(path.str().as_deref(), Some("a.ts"));
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
            let kind = serde_json::from_str::<Value>(data).unwrap()["type"].clone();
            let hot = ["stream_event", "assistant", "user"].contains(&kind.as_str().unwrap());
            assert_eq!(
                fast::decode(data, &mut Spare::default()).is_ok(),
                hot,
                "{data}"
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
                    content: "".into(),
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
        #![proptest_config(ProptestConfig::with_cases(4096))]
        /// Three events' members mixed in any order, so that `type`, `message` and `event`
        /// come in any place and any of them two or three times: the fast decoder keeps the
        /// last of each, as serde_json's maps do, whatever it read in place on the way.
        #[test]
        fn repeated_and_reordered_members_decode_as_serde_json_reads_them(
            members in (
                crate::arbitrary::sdk_event(),
                crate::arbitrary::sdk_event(),
                prop_oneof![crate::arbitrary::sdk_event(), crate::arbitrary::json_object()],
            )
                .prop_flat_map(|(a, b, c)| {
                    let members: Vec<(String, Value)> = [a, b, c]
                        .into_iter()
                        .filter_map(|v| match v {
                            Value::Object(map) => Some(map),
                            _ => None,
                        })
                        .flatten()
                        .collect();
                    Just(members).prop_shuffle()
                })
        ) {
            let body: Vec<String> = members
                .iter()
                .map(|(k, v)| format!("{}:{v}", Value::String(k.clone())))
                .collect();
            let text = format!("{{{}}}", body.join(","));
            let map = serde_json::from_str::<Value>(&text).unwrap();
            prop_assert_eq!(decode_top(&text), (decode_tree(&text), top_of(map.as_object().unwrap())));
        }

    }

    /// A kept event's vector is the one the next event is decoded into: the allocation is
    /// kept (in place, not copied), emptied, and only small ones are kept.
    #[test]
    fn a_spare_hands_back_the_vectors_it_kept() {
        let mut spare = Spare::default();
        let tool = r#"{"type":"assistant","message":{"content":[{"type":"tool_use","id":"t1","name":"Bash","input":{"command":"ls"}}]}}"#;
        let result = r#"{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"t1","content":"a\nb"}]}}"#;
        let (Event::Assistant(a), _) = decode_top_with(tool, &mut spare) else {
            panic!("not an assistant event")
        };
        let blocks = a.blocks.as_ptr() as usize;
        spare.keep(Event::Assistant(a));
        let (Event::User(u), _) = decode_top_with(result, &mut spare) else {
            panic!("not a user event")
        };
        let results = u.results.as_ptr() as usize;
        spare.keep(Event::User(u));
        assert_eq!(spare.held(), (1, 1));
        let (again, _) = decode_top_with(tool, &mut spare);
        let Event::Assistant(a) = &again else {
            panic!("not an assistant event")
        };
        assert_eq!(a.blocks.as_ptr() as usize, blocks);
        assert_eq!(again, decode(tool));
        let (Event::User(u), _) = decode_top_with(result, &mut spare) else {
            panic!("not a user event")
        };
        assert_eq!(u.results.as_ptr() as usize, results);
        assert_eq!(u.results[0].content, "a\nb");
        assert_eq!(spare.held(), (0, 0));
        // A large vector is let go; other events hold none.
        let many = format!(
            r#"{{"type":"assistant","message":{{"content":[{}]}}}}"#,
            [r#"{"type":"text","text":"x"}"#; SPARE_CAPACITY + 1].join(",")
        );
        spare.keep(decode(&many));
        spare.keep(decode(
            r#"{"type":"stream_event","event":{"delta":{"type":"text_delta","text":"x"}}}"#,
        ));
        assert_eq!(spare.held(), (0, 0));
    }

    proptest! {
        /// Events decoded one after another into the vectors of the events before them (each
        /// handed back once compared) decode as each does alone.
        #[test]
        fn events_decoded_into_kept_vectors_decode_as_alone(
            events in proptest::collection::vec(crate::arbitrary::sdk_event(), 1..24)
        ) {
            let mut spare = Spare::default();
            for v in &events {
                let text = v.to_string();
                let (event, top) = decode_top_with(&text, &mut spare);
                prop_assert_eq!(&event, &decode_tree(&text));
                prop_assert_eq!(&top, &decode_top(&text).1);
                spare.keep(event);
            }
        }
    }

    proptest! {
        #[test]
        fn the_fast_decoder_agrees_with_the_tolerant_one(v in crate::arbitrary::json_object()) {
            let text = v.to_string();
            prop_assert_eq!(decode(&text), decode_tree(&text));
        }

        #[test]
        fn sdk_shaped_events_decode_the_same_both_ways(v in crate::arbitrary::sdk_event()) {
            for text in [v.to_string(), serde_json::to_string_pretty(&v).unwrap()] {
                prop_assert_eq!(decode(&text), decode_tree(&text));
                prop_assert_eq!(decode_top(&text).1, top_of(v.as_object().unwrap()));
            }
        }

        #[test]
        fn the_top_is_the_same_both_ways(v in crate::arbitrary::json_object()) {
            let text = v.to_string();
            let theirs = top_of(serde_json::from_str::<Value>(&text).unwrap().as_object().unwrap());
            prop_assert_eq!(decode_top(&text).1, theirs);
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
