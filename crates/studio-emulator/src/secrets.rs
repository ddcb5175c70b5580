//! A deployment's secrets (its environment variables): `GET secrets/` (list, optionally one
//! `key`), `POST secrets/` (upsert by key) and `DELETE secrets/` (by id).
//!
//! Each deployment starts with the system secrets the platform manages (`type` `system`:
//! `NEYNAR_API_KEY`, `NEYNAR_CLIENT_ID`), which cannot be changed or deleted (400), and with
//! the `env` it was created with as user secrets. A value is never sent back: the list shows
//! a masked `preview` (`sk_l…t1b3`; values shorter than 12 characters show no character).
//!
//! Error bodies are the spec's `ErrorRes`: `{"message", "code", "property"?, "status"}`.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::Emu;
use super::routes::{Reject, Res, body_object, json_reject, json_response, query_map};

/// The platform's own variables, present in every deployment.
const SYSTEM: &[&str] = &["NEYNAR_API_KEY", "NEYNAR_CLIENT_ID"];

#[derive(Debug, Clone)]
struct Secret {
    id: String,
    key: String,
    value: String,
    system: bool,
}

/// Every deployment's secrets, in the order they were first set.
#[derive(Debug, Default)]
pub struct Store {
    by_deployment: HashMap<uuid::Uuid, Vec<Secret>>,
}

impl Store {
    /// The deployment's secrets, seeded on first use with the system ones and `env`.
    fn of(&mut self, id: uuid::Uuid, env: &BTreeMap<String, String>) -> &mut Vec<Secret> {
        self.by_deployment.entry(id).or_insert_with(|| {
            let system = SYSTEM.iter().map(|key| Secret {
                id: uuid::Uuid::new_v4().to_string(),
                key: (*key).to_string(),
                value: format!(
                    "{}-{}",
                    key.to_ascii_lowercase(),
                    uuid::Uuid::new_v4().simple()
                ),
                system: true,
            });
            let user = env.iter().map(|(key, value)| Secret {
                id: uuid::Uuid::new_v4().to_string(),
                key: key.clone(),
                value: value.clone(),
                system: false,
            });
            system.chain(user).collect()
        })
    }
}

/// `sk_l…t1b3`: the first and last four characters of a long value, nothing of a short one.
pub fn preview(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() < 12 {
        return "••••".into();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

fn error(status: StatusCode, code: &str, message: &str, property: Option<&str>) -> Box<Reject> {
    let mut body = json!({"code": code, "message": message, "status": status.as_u16()});
    if let Some(p) = property {
        body["property"] = json!(p);
    }
    json_reject(status, &body)
}

fn invalid(message: &str, property: &str) -> Box<Reject> {
    error(
        StatusCode::BAD_REQUEST,
        "InvalidField",
        message,
        Some(property),
    )
}

/// The live deployment `deployment_id` names: its id and the env it was created with.
fn deployment(emu: &Emu, raw: Option<&str>) -> Res<(uuid::Uuid, BTreeMap<String, String>)> {
    let raw = raw
        .filter(|s| !s.is_empty())
        .ok_or_else(|| invalid("deployment_id is required", "deployment_id"))?;
    let id = uuid::Uuid::parse_str(raw)
        .map_err(|_| invalid("deployment_id must be a UUID", "deployment_id"))?;
    let mut world = emu.world();
    let d = world.find_mut(Some(&id), None, None).ok_or_else(|| {
        error(
            StatusCode::NOT_FOUND,
            "NotFound",
            "Deployment not found",
            None,
        )
    })?;
    Ok((d.id, d.env.clone()))
}

fn body_deployment_id(map: &Map<String, Value>) -> Res<Option<&str>> {
    match map.get("deployment_id") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(invalid("deployment_id must be a string", "deployment_id")),
    }
}

/// An environment variable name: a letter or `_`, then letters, digits and `_`.
fn valid_key(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && key.len() <= 256
}

/// `GET secrets/?deployment_id=…[&key=…]`.
pub(super) async fn list(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let q = query_map(raw);
    let (id, env) = deployment(&emu, q.get("deployment_id").map(String::as_str))?;
    let mut store = emu.secrets();
    let secrets: Vec<Value> = store
        .of(id, &env)
        .iter()
        .filter(|s| q.get("key").is_none_or(|k| *k == s.key))
        .map(|s| {
            json!({
                "id": s.id,
                "key": s.key,
                "type": if s.system { "system" } else { "user" },
                "preview": preview(&s.value),
            })
        })
        .collect();
    Ok(json_response(
        StatusCode::OK,
        &json!({"success": true, "secrets": secrets}),
    ))
}

/// `POST secrets/` `{deployment_id, secrets: [{key, value}, ...]}`: sets each key (a new one
/// gets an id, an existing one keeps its id). All or nothing.
pub(super) async fn upsert(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let map = body_object(body).map_err(|_| invalid("Invalid request body", "body"))?;
    let given = match map.get("secrets") {
        Some(Value::Array(items)) if !items.is_empty() => items,
        Some(Value::Array(_)) => {
            return Err(invalid("secrets must not be empty", "secrets"));
        }
        None | Some(Value::Null) => return Err(invalid("secrets is required", "secrets")),
        Some(_) => return Err(invalid("secrets must be an array", "secrets")),
    };
    let mut pairs = Vec::with_capacity(given.len());
    for item in given {
        let (Some(Value::String(key)), Some(Value::String(value))) =
            (item.get("key"), item.get("value"))
        else {
            return Err(invalid(
                "each secret needs a string key and a string value",
                "secrets",
            ));
        };
        if !valid_key(key) {
            return Err(invalid(
                "secret keys are letters, digits and _, not starting with a digit",
                "secrets",
            ));
        }
        pairs.push((key.clone(), value.clone()));
    }
    let (id, env) = deployment(&emu, body_deployment_id(&map)?)?;
    let mut store = emu.secrets();
    let secrets = store.of(id, &env);
    if let Some((key, _)) = pairs
        .iter()
        .find(|(key, _)| secrets.iter().any(|s| s.system && s.key == *key))
    {
        return Err(error(
            StatusCode::BAD_REQUEST,
            "SystemSecret",
            &format!("{key} is a system secret and cannot be changed"),
            Some("secrets"),
        ));
    }
    for (key, value) in pairs {
        match secrets.iter_mut().find(|s| s.key == key) {
            Some(s) => s.value = value,
            None => secrets.push(Secret {
                id: uuid::Uuid::new_v4().to_string(),
                key,
                value,
                system: false,
            }),
        }
    }
    Ok(json_response(StatusCode::OK, &json!({"success": true})))
}

/// `DELETE secrets/` `{deployment_id, ids: [...]}`: every id must be one of the deployment's
/// user secrets (404 for an unknown id, 400 for a system one); all or nothing.
pub(super) async fn delete(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let map = body_object(body).map_err(|_| invalid("Invalid request body", "body"))?;
    let ids: Vec<&str> = match map.get("ids") {
        Some(Value::Array(items)) if !items.is_empty() => items
            .iter()
            .map(|v| v.as_str())
            .collect::<Option<_>>()
            .ok_or_else(|| invalid("ids must be strings", "ids"))?,
        Some(Value::Array(_)) => return Err(invalid("ids must not be empty", "ids")),
        None | Some(Value::Null) => return Err(invalid("ids is required", "ids")),
        Some(_) => return Err(invalid("ids must be an array", "ids")),
    };
    let (id, env) = deployment(&emu, body_deployment_id(&map)?)?;
    let mut store = emu.secrets();
    let secrets = store.of(id, &env);
    for wanted in &ids {
        match secrets.iter().find(|s| s.id == *wanted) {
            None => {
                return Err(error(
                    StatusCode::NOT_FOUND,
                    "NotFound",
                    &format!("Secret {wanted} not found"),
                    Some("ids"),
                ));
            }
            Some(s) if s.system => {
                return Err(error(
                    StatusCode::BAD_REQUEST,
                    "SystemSecret",
                    &format!("{} is a system secret and cannot be deleted", s.key),
                    Some("ids"),
                ));
            }
            Some(_) => {}
        }
    }
    secrets.retain(|s| !ids.contains(&s.id.as_str()));
    Ok(json_response(StatusCode::OK, &json!({"success": true})))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previews_show_no_short_value_and_eight_characters_of_a_long_one() {
        assert_eq!(preview("sk_live_123456t1b3"), "sk_l…t1b3");
        assert_eq!(preview("hi"), "••••");
        assert_eq!(preview("elevenchars"), "••••");
        assert_eq!(preview("ünïcødé-välüé"), "ünïc…älüé");
    }

    #[test]
    fn keys_are_environment_variable_names() {
        assert!(valid_key("API_KEY") && valid_key("_x1"));
        assert!(!valid_key("") && !valid_key("1A") && !valid_key("A-B") && !valid_key("A B"));
    }
}
