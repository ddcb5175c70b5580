//! Tolerant views of the API's JSON.
//!
//! The Studio API has changed shape more than once (`isReady` / `is_ready`, a bare list or
//! `{"deployments": [...]}`), and fields come and go. So a model here is the server's JSON
//! object itself, with known camelCase spellings renamed to snake_case on the way in and typed
//! accessors that answer `None` for a missing, `null` or wrongly typed field. Nothing the server
//! sends can make decoding fail short of "this is not an object", and `--json` prints the object
//! back with every unknown field kept, in the server's order.

use serde::Serialize;
use serde_json::{Map, Value};

/// camelCase spellings seen in the guide or plausible from the API, and the snake_case name
/// the client uses and prints.
const ALIASES: &[(&str, &str)] = &[
    ("isReady", "is_ready"),
    ("displayName", "display_name"),
    ("createdAt", "created_at"),
    ("updatedAt", "updated_at"),
    ("deletedAt", "deleted_at"),
    ("generatedAppExists", "generated_app_exists"),
    ("generatedAppServing", "generated_app_serving"),
    ("githubUrl", "github_url"),
    ("devServerState", "dev_server_state"),
    ("hasDatabase", "has_database"),
    ("deploymentId", "deployment_id"),
    ("deletedCount", "deleted_count"),
    ("conversationId", "conversation_id"),
    ("sessionId", "session_id"),
];

/// Renames known camelCase keys to snake_case, keeping order. When both spellings are present
/// the snake_case one wins (it is the newer API's).
pub fn normalize(map: Map<String, Value>) -> Map<String, Value> {
    if !map
        .keys()
        .any(|k| ALIASES.iter().any(|(camel, _)| camel == k))
    {
        return map;
    }
    let has = |name: &str| map.contains_key(name);
    let mut out = Map::with_capacity(map.len());
    for (key, value) in map.iter() {
        match ALIASES.iter().find(|(camel, _)| camel == key) {
            Some((_, snake)) if has(snake) => {}
            Some((_, snake)) => {
                out.insert((*snake).to_string(), value.clone());
            }
            None => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    out
}

/// A JSON object from the API, normalized, with typed accessors.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Object(Map<String, Value>);

impl Object {
    pub fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Object(map) => Ok(Object(normalize(map))),
            other => Err(format!("expected a JSON object, got {}", type_name(&other))),
        }
    }
    pub fn str(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(Value::as_str)
    }
    pub fn bool(&self, key: &str) -> Option<bool> {
        self.0.get(key).and_then(Value::as_bool)
    }
    pub fn f64(&self, key: &str) -> Option<f64> {
        self.0.get(key).and_then(Value::as_f64)
    }
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }
    pub fn as_map(&self) -> &Map<String, Value> {
        &self.0
    }
    pub fn into_value(self) -> Value {
        Value::Object(self.0)
    }
}

/// The JSON type of a value, for error messages.
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A miniapp generator deployment.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Deployment(pub Object);

impl Deployment {
    pub fn from_value(value: Value) -> Result<Self, String> {
        Object::from_value(value).map(Deployment)
    }
    pub fn name(&self) -> Option<&str> {
        self.0.str("name").filter(|s| !s.is_empty())
    }
    pub fn id(&self) -> Option<&str> {
        self.0.str("id").filter(|s| !s.is_empty())
    }
    pub fn namespace(&self) -> Option<&str> {
        self.0.str("namespace")
    }
    pub fn display_name(&self) -> Option<&str> {
        self.0.str("display_name").filter(|s| !s.is_empty())
    }
    /// `Some(true)` only when the server said so, whichever spelling it used.
    pub fn is_ready(&self) -> Option<bool> {
        self.0.bool("is_ready")
    }
    pub fn url(&self) -> Option<&str> {
        self.0.str("url").filter(|s| !s.is_empty())
    }
    pub fn created_at(&self) -> Option<&str> {
        self.0.str("created_at")
    }
    pub fn updated_at(&self) -> Option<&str> {
        self.0.str("updated_at")
    }
    pub fn deleted_at(&self) -> Option<&str> {
        self.0.str("deleted_at")
    }
    pub fn generated_app_exists(&self) -> Option<bool> {
        self.0.bool("generated_app_exists")
    }
    pub fn generated_app_serving(&self) -> Option<bool> {
        self.0.bool("generated_app_serving")
    }
}

/// The blocking prompt's answer (`{conversation_id, response}` in practice; the older spec
/// allows any JSON).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct PromptAnswer(pub Value);

impl PromptAnswer {
    /// The model's final answer, when it is text.
    pub fn text(&self) -> Option<&str> {
        self.0.get("response").and_then(Value::as_str)
    }

    /// The `response` field (or the whole answer, when it has none), for showing as JSON.
    pub fn response(&self) -> &Value {
        self.0.get("response").unwrap_or(&self.0)
    }
}

/// A list response: a bare array (the specs) or `{"deployments": [...]}` (the guide).
/// Elements that are not objects are skipped rather than failing the whole list.
pub fn deployments_from(value: Value) -> Result<Vec<Deployment>, String> {
    let items = match value {
        Value::Array(items) => items,
        Value::Object(mut map) => match map.remove("deployments") {
            Some(Value::Array(items)) => items,
            Some(other) => {
                return Err(format!(
                    "expected \"deployments\" to be an array, got {}",
                    type_name(&other)
                ));
            }
            None => {
                return Err(
                    "expected a list of deployments, got an object without \"deployments\"".into(),
                );
            }
        },
        other => {
            return Err(format!(
                "expected a list of deployments, got {}",
                type_name(&other)
            ));
        }
    };
    Ok(items
        .into_iter()
        .filter_map(|v| Deployment::from_value(v).ok())
        .collect())
}

/// `GET dev-status`: the app's development progress, as the generator records it in its
/// `dev-status.json`. The spec allows two shapes (`schema_version` 0: only `ready_to_publish`;
/// 1: phases and timestamps) and leaves the phases' own fields open, so every accessor is
/// optional and nothing here fails on a shape it does not know.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct DevStatus(pub Object);

/// Where a generation stands, from the dev status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// No phase has started (or the app reports only `ready_to_publish`).
    NotStarted,
    /// Started and not completed.
    Running {
        phase: Option<u64>,
        of: usize,
        phase_name: Option<String>,
        since: Option<String>,
    },
    Completed {
        at: String,
    },
}

impl DevStatus {
    pub fn from_value(value: Value) -> Result<Self, String> {
        Object::from_value(value).map(DevStatus)
    }
    pub fn schema_version(&self) -> Option<u64> {
        self.0.f64("schema_version").map(|v| v as u64)
    }
    pub fn ready_to_publish(&self) -> Option<bool> {
        self.0.bool("ready_to_publish")
    }
    pub fn current_phase(&self) -> Option<u64> {
        self.0
            .f64("current_phase")
            .filter(|v| *v >= 0.0)
            .map(|v| v as u64)
    }
    pub fn started_at(&self) -> Option<&str> {
        self.0.str("started_at").filter(|s| !s.is_empty())
    }
    pub fn completed_at(&self) -> Option<&str> {
        self.0.str("completed_at").filter(|s| !s.is_empty())
    }
    pub fn last_updated_at(&self) -> Option<&str> {
        self.0.str("last_updated_at").filter(|s| !s.is_empty())
    }
    /// The phases, by their key (`"1"`, `"2"`, … or names).
    pub fn phases(&self) -> Option<&Map<String, Value>> {
        self.0.get("phases").and_then(Value::as_object)
    }
    /// The current phase's name, from whichever of `name`, `title`, `label` it has.
    pub fn phase_name(&self) -> Option<String> {
        let phase = self.phases()?.get(&self.current_phase()?.to_string())?;
        ["name", "title", "label"]
            .iter()
            .find_map(|k| phase.get(*k).and_then(Value::as_str))
            .map(String::from)
    }
    pub fn progress(&self) -> Progress {
        match (self.started_at(), self.completed_at()) {
            (_, Some(at)) => Progress::Completed { at: at.to_string() },
            (Some(since), None) => Progress::Running {
                phase: self.current_phase(),
                of: self.phases().map(Map::len).unwrap_or(0),
                phase_name: self.phase_name(),
                since: Some(since.to_string()),
            },
            (None, None) => Progress::NotStarted,
        }
    }
}

/// `GET conversations`: one conversation of a deployment.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Conversation(pub Object);

impl Conversation {
    pub fn id(&self) -> Option<&str> {
        self.0.str("id").filter(|s| !s.is_empty())
    }
    pub fn title(&self) -> Option<&str> {
        self.0.str("title").filter(|s| !s.is_empty())
    }
    /// The last user message, shortened by the server.
    pub fn preview(&self) -> Option<&str> {
        self.0.str("last_message_preview").filter(|s| !s.is_empty())
    }
    pub fn updated_at(&self) -> Option<&str> {
        self.0.str("updated_at")
    }
}

/// The `conversations` array of a list answer (a bare array is taken too); entries that are
/// not objects are skipped.
pub fn conversations_from(value: Value) -> Result<Vec<Conversation>, String> {
    let items = match value {
        Value::Array(items) => items,
        Value::Object(mut map) => match map.remove("conversations") {
            Some(Value::Array(items)) => items,
            Some(other) => {
                return Err(format!(
                    "expected `conversations` to be an array, got {}",
                    type_name(&other)
                ));
            }
            None => return Err("the answer has no `conversations`".into()),
        },
        other => {
            return Err(format!("expected a JSON object, got {}", type_name(&other)));
        }
    };
    Ok(items
        .into_iter()
        .filter_map(|v| Object::from_value(v).ok().map(Conversation))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn both_ready_spellings() {
        let guide = Deployment::from_value(json!({"name": "a", "isReady": true})).unwrap();
        let spec = Deployment::from_value(json!({"name": "a", "is_ready": false})).unwrap();
        assert_eq!(guide.is_ready(), Some(true));
        assert_eq!(spec.is_ready(), Some(false));
        assert_eq!(
            serde_json::to_value(&guide).unwrap(),
            json!({"name": "a", "is_ready": true})
        );
    }

    #[test]
    fn snake_case_wins_when_both_are_sent() {
        let d = Deployment::from_value(json!({"isReady": false, "name": "a", "is_ready": true}))
            .unwrap();
        assert_eq!(d.is_ready(), Some(true));
        assert_eq!(
            serde_json::to_value(&d).unwrap(),
            json!({"name": "a", "is_ready": true})
        );
    }

    #[test]
    fn unknown_fields_are_kept_in_order() {
        let d =
            Deployment::from_value(json!({"zeta": 1, "name": "a", "alpha": {"x": [1]}})).unwrap();
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            r#"{"zeta":1,"name":"a","alpha":{"x":[1]}}"#
        );
    }

    #[test]
    fn missing_null_and_mistyped_fields_are_none() {
        let d = Deployment::from_value(json!({"name": null, "is_ready": "yes", "url": 5})).unwrap();
        assert_eq!(d.name(), None);
        assert_eq!(d.is_ready(), None);
        assert_eq!(d.url(), None);
        assert_eq!(d.created_at(), None);
        let empty = Deployment::from_value(json!({})).unwrap();
        assert_eq!(empty.id(), None);
    }

    #[test]
    fn non_objects_are_refused_with_their_type() {
        assert_eq!(
            Deployment::from_value(json!([1])).unwrap_err(),
            "expected a JSON object, got an array"
        );
    }

    proptest::proptest! {
        #[test]
        fn every_model_decodes_any_object(v in crate::arbitrary::json_object()) {
            let d = Deployment::from_value(v.clone()).unwrap();
            let _ = (d.name(), d.id(), d.namespace(), d.display_name(), d.is_ready(), d.url());
            let _ = (d.created_at(), d.updated_at(), d.deleted_at());
            let _ = (d.generated_app_exists(), d.generated_app_serving());
            let _ = serde_json::to_string(&d).unwrap();
            let o = Object::from_value(v.clone()).unwrap();
            let _ = (o.str("error"), o.bool("success"), o.f64("deleted_count"));
            let _ = deployments_from(v.clone());
            let _ = deployments_from(serde_json::json!([v.clone(), v.clone()]));
            let _ = deployments_from(serde_json::json!({"deployments": [v]}));
        }
    }

    #[test]
    fn lists_in_both_shapes() {
        let spec = deployments_from(json!([{"name": "a"}, {"name": "b"}])).unwrap();
        let guide = deployments_from(json!({"deployments": [{"name": "a"}, 7]})).unwrap();
        assert_eq!(spec.len(), 2);
        assert_eq!(guide.len(), 1);
        assert_eq!(guide[0].name(), Some("a"));
        assert!(deployments_from(json!({"items": []})).is_err());
        assert!(deployments_from(json!("nope")).is_err());
    }
}
