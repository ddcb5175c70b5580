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
