//! The generated app's secrets (environment variables): list, upsert, delete. All of them
//! need the deployment's id (see [`Client::deployment_id`]).
//!
//! A listed secret carries its key, id, type (`system` or `user`) and a masked preview; a
//! `value` field, should a server ever send one, is dropped on the way in so nothing can print
//! it.

use serde::Serialize;
use serde_json::Value;

use super::client::{Client, Req};
use super::error::ApiError;
use super::models::{Object, type_name};
use super::ops;

/// One secret as listed. Tolerant: every field is optional, unknown ones are kept, except any
/// value, which is never kept.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Secret(pub Object);

/// Field names that could carry a secret's value; dropped from listed secrets.
const VALUE_FIELDS: &[&str] = &["value", "secret", "plaintext", "decrypted_value"];

impl Secret {
    pub fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Object(mut map) => {
                for field in VALUE_FIELDS {
                    map.remove(*field);
                }
                Object::from_value(Value::Object(map)).map(Secret)
            }
            other => Err(format!("expected a JSON object, got {}", type_name(&other))),
        }
    }
    pub fn id(&self) -> Option<&str> {
        self.0.str("id").filter(|s| !s.is_empty())
    }
    pub fn key(&self) -> Option<&str> {
        self.0.str("key")
    }
    /// `system` (managed by Studio) or `user`.
    pub fn kind(&self) -> Option<&str> {
        self.0.str("type")
    }
    pub fn is_system(&self) -> bool {
        self.kind() == Some("system")
    }
    pub fn preview(&self) -> Option<&str> {
        self.0.str("preview")
    }
}

/// The secrets of a listing answer: `{"secrets": [...]}` or a bare array.
pub fn secrets_from(value: Value) -> Result<Vec<Secret>, String> {
    let items = match value {
        Value::Array(items) => items,
        Value::Object(mut map) => match map.remove("secrets") {
            Some(Value::Array(items)) => items,
            Some(other) => {
                return Err(format!(
                    "expected `secrets` to be an array, got {}",
                    type_name(&other)
                ));
            }
            None => return Err("the answer has no `secrets`".into()),
        },
        other => return Err(format!("expected a JSON object, got {}", type_name(&other))),
    };
    Ok(items
        .into_iter()
        .filter_map(|v| Secret::from_value(v).ok())
        .collect())
}

/// One secret to upsert. `Debug` does not show the value.
#[derive(Clone, Serialize)]
pub struct NewSecret {
    pub key: String,
    pub value: String,
}

impl std::fmt::Debug for NewSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewSecret")
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

#[derive(Serialize)]
struct Upsert<'a> {
    deployment_id: &'a str,
    secrets: &'a [NewSecret],
}

#[derive(Serialize)]
struct Remove<'a> {
    deployment_id: &'a str,
    ids: &'a [String],
}

impl Client {
    /// `GET /v2/studio/deployment/secrets/`: the deployment's secrets, optionally only `key`.
    pub async fn secrets(
        &self,
        deployment_id: &str,
        key: Option<&str>,
    ) -> Result<Vec<Secret>, ApiError> {
        let mut query = vec![("deployment_id", deployment_id.to_string())];
        if let Some(key) = key {
            query.push(("key", key.to_string()));
        }
        let req = Req {
            query,
            ..self.op(ops::SECRETS)
        };
        let value = self.call(req).await?;
        secrets_from(value).map_err(|detail| ApiError::Decode {
            status: 200,
            detail,
        })
    }

    /// `POST /v2/studio/deployment/secrets/`: creates or replaces secrets. Sent once.
    pub async fn upsert_secrets(
        &self,
        deployment_id: &str,
        secrets: &[NewSecret],
    ) -> Result<Object, ApiError> {
        let body = Upsert {
            deployment_id,
            secrets,
        };
        let value = self.call(self.op_json(ops::UPSERT_SECRETS, &body)?).await?;
        object(value)
    }

    /// `DELETE /v2/studio/deployment/secrets/`: deletes secrets by id.
    pub async fn delete_secrets(
        &self,
        deployment_id: &str,
        ids: &[String],
    ) -> Result<Object, ApiError> {
        let body = Remove { deployment_id, ids };
        let value = self.call(self.op_json(ops::DELETE_SECRETS, &body)?).await?;
        object(value)
    }
}

pub(crate) fn object(value: Value) -> Result<Object, ApiError> {
    Object::from_value(value).map_err(|detail| ApiError::Decode {
        status: 200,
        detail,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn listed_secrets_never_keep_a_value() {
        let list = secrets_from(json!({"success": true, "secrets": [
            {"id": "s1", "key": "API", "type": "user", "preview": "sk_l…t1b3", "value": "sk_live"},
            3
        ]}))
        .unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].key(), Some("API"));
        assert_eq!(list[0].preview(), Some("sk_l…t1b3"));
        assert!(list[0].0.get("value").is_none());
        assert!(!serde_json::to_string(&list).unwrap().contains("sk_live"));
        assert!(secrets_from(json!({"secrets": 1})).is_err());
        assert_eq!(secrets_from(json!([])).unwrap().len(), 0);
    }

    #[test]
    fn new_secret_debug_hides_the_value() {
        let s = NewSecret {
            key: "K".into(),
            value: "hunter2hunter2".into(),
        };
        assert!(!format!("{s:?}").contains("hunter2"));
    }
}
