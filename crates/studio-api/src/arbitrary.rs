//! Arbitrary JSON for property tests: objects whose keys are often the API's own field names,
//! so the tests reach the interesting paths, not only unknown keys.

use proptest::prelude::*;
use serde_json::Value;

/// Arbitrary JSON values of any kind (arrays, scalars, objects).
pub fn json_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        json_object(),
        proptest::collection::vec(json_object(), 0..3).prop_map(Value::Array),
        Just(Value::Array(vec![Value::from("result")])),
        any::<bool>().prop_map(Value::Bool),
    ]
}

/// Arbitrary JSON objects, with the API's and the stream's field names likely.
pub fn json_object() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        prop_oneof![
            Just("result".to_string()),
            Just("assistant".to_string()),
            Just("user".to_string()),
            Just("tool_use".to_string()),
            Just("text".to_string()),
            Just("error".to_string()),
            any::<String>(),
        ]
        .prop_map(Value::String),
    ];
    let keys = prop_oneof![
        Just("type".to_string()),
        Just("message".to_string()),
        Just("content".to_string()),
        Just("subtype".to_string()),
        Just("is_error".to_string()),
        Just("event".to_string()),
        Just("delta".to_string()),
        Just("input".to_string()),
        Just("result".to_string()),
        Just("name".to_string()),
        Just("isReady".to_string()),
        Just("is_ready".to_string()),
        Just("deployments".to_string()),
        Just("url".to_string()),
        Just("created_at".to_string()),
        Just("error".to_string()),
        Just("tool_use_id".to_string()),
        Just("text".to_string()),
        any::<String>(),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(keys.clone(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
    .prop_map(|v| match v {
        Value::Object(_) => v,
        other => serde_json::json!({"type": "assistant", "message": other}),
    })
}

/// Events shaped like the SDK's hot ones (`stream_event`, `assistant`, `user`), with any field
/// of any type now and then, escapes and unusual text in the strings: what the fast decoder
/// reads itself rather than handing to the tree walk.
pub fn sdk_event() -> impl Strategy<Value = Value> {
    use serde_json::json;
    let text = prop_oneof![
        3 => "[a-z \\n\"\\\\/é中😀\t]{0,12}".prop_map(Value::String),
        1 => json_object(),
        1 => any::<i64>().prop_map(Value::from),
        1 => Just(Value::Null),
    ];
    let kind = prop_oneof![
        Just("text"),
        Just("thinking"),
        Just("tool_use"),
        Just("server_tool_use"),
        Just("tool_result"),
        Just("text_delta"),
        Just("thinking_delta"),
        Just("other"),
    ];
    let block = (
        kind,
        text.clone(),
        text.clone(),
        json_object(),
        any::<bool>(),
    )
        .prop_map(|(kind, a, b, input, flag)| {
            json!({"type": kind, "text": a, "thinking": a, "id": b, "name": b, "input": input,
                   "tool_use_id": b, "content": [a, {"text": b}], "is_error": flag})
        })
        .boxed();
    let content = prop_oneof![
        proptest::collection::vec(block.clone(), 0..4).prop_map(Value::Array),
        text.clone(),
    ];
    // The top-level fields the view looks at, present or not, of the usual type or another.
    let top = (
        proptest::option::of(text.clone()),
        proptest::option::of(text.clone()),
        proptest::option::of(prop_oneof![Just(Value::Null), text.clone()]),
        proptest::option::of(text.clone()),
        proptest::option::of(any::<bool>()),
        prop_oneof![Just("<synthetic>"), Just("claude-sonnet-4-5")],
    );
    (0..3usize, content, block, text, top).prop_map(
        |(which, content, block, text, (conversation, parent, error, result, replay, model))| {
            let mut v = match which {
                0 => json!({"type": "stream_event", "parent_tool_use_id": null,
                            "event": {"type": "content_block_delta", "index": 0, "delta": block}}),
                1 => json!({"type": "assistant", "uuid": text,
                            "message": {"role": "assistant", "model": model, "content": content}}),
                _ => json!({"type": "user",
                            "message": {"role": "user", "content": content, "model": model}}),
            };
            let fields = [
                ("conversation_id", conversation),
                ("parent_tool_use_id", parent),
                ("error", error),
                ("tool_use_result", result),
                ("isReplay", replay.map(Value::Bool)),
            ];
            for (key, value) in fields {
                if let (Some(value), Some(map)) = (value, v.as_object_mut()) {
                    map.insert(key.to_string(), value);
                }
            }
            v
        },
    )
}
