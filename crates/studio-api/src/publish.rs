//! Production: publishing the app to Vercel through GitHub (`vercel/`), the rollout's state
//! (`vercel/status`) and its build logs (`vercel/logs`, Studio admin).
//!
//! Publishing creates a public GitHub repository and a Vercel project: it is never repeated
//! (see [`super::ops`]).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::client::{Client, Req, Target};
use super::error::ApiError;
use super::models::Object;
use super::ops;

/// `vercel/status`'s answer: `deployment_state` (Vercel's `QUEUED`, `BUILDING`, `READY`,
/// `ERROR`, `CANCELED`, ...), `deployment_url`, `target`, `created_at`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct ProductionStatus(pub Object);

/// Where a rollout stands, from its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rollout {
    Ready,
    Failed,
    InProgress,
}

impl ProductionStatus {
    pub fn state(&self) -> Option<&str> {
        self.0.str("deployment_state")
    }
    pub fn url(&self) -> Option<&str> {
        self.0.str("deployment_url")
    }
    pub fn target(&self) -> Option<&str> {
        self.0.str("target")
    }
    /// Ready, failed, or still going (an unknown or missing state counts as going).
    pub fn rollout(&self) -> Rollout {
        match self.state().map(str::to_ascii_uppercase).as_deref() {
            Some("READY") => Rollout::Ready,
            Some("ERROR" | "CANCELED" | "CANCELLED" | "FAILED") => Rollout::Failed,
            _ => Rollout::InProgress,
        }
    }
}

/// One build log event.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct LogEvent(pub Object);

impl LogEvent {
    pub fn text(&self) -> &str {
        self.0.str("text").unwrap_or("")
    }
    pub fn kind(&self) -> Option<&str> {
        self.0.str("type")
    }
    /// Milliseconds since the epoch (`created`, or `date`).
    pub fn created_ms(&self) -> Option<f64> {
        self.0.f64("created").or_else(|| self.0.f64("date"))
    }
}

/// `vercel/logs`' answer: `{"success": true, "logs": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Logs(pub Object);

impl Logs {
    pub fn from_value(value: Value) -> Result<Self, String> {
        let object = Object::from_value(value)?;
        match object.get("logs") {
            Some(Value::Array(_)) | None => Ok(Logs(object)),
            Some(other) => Err(format!(
                "`logs` should be an array, got {}",
                super::models::type_name(other)
            )),
        }
    }
    pub fn events(&self) -> Vec<LogEvent> {
        self.0
            .get("logs")
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|v| Object::from_value(v.clone()).ok().map(LogEvent))
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[derive(Serialize)]
struct PublishBody<'a> {
    fid: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deployment_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    namespace: Option<&'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    env: &'a BTreeMap<String, String>,
}

fn decode<T>(r: Result<T, String>) -> Result<T, ApiError> {
    r.map_err(|detail| ApiError::Decode {
        status: 200,
        detail,
    })
}

fn select(fid: u64, target: &Target, namespace: Option<&str>) -> Vec<(&'static str, String)> {
    let mut query = target.query();
    query.push(("fid", fid.to_string()));
    if let Some(ns) = namespace {
        query.push(("namespace", ns.to_string()));
    }
    query
}

impl Client {
    /// `POST /v2/studio/vercel/`: publishes the app (sent once, never repeated). Answers
    /// `deployment_url`, `production_url` and `project_id`.
    pub async fn publish(
        &self,
        fid: u64,
        target: &Target,
        namespace: Option<&str>,
        env: &BTreeMap<String, String>,
    ) -> Result<Object, ApiError> {
        let body = PublishBody {
            fid,
            name: target.name(),
            deployment_id: target.id(),
            namespace,
            env,
        };
        let value = self.call(self.op_json(ops::PUBLISH, &body)?).await?;
        decode(Object::from_value(value))
    }

    /// `GET /v2/studio/vercel/status`: the production rollout's state.
    pub async fn production_status(
        &self,
        fid: u64,
        target: &Target,
        namespace: Option<&str>,
    ) -> Result<ProductionStatus, ApiError> {
        let value = self
            .call(Req {
                query: select(fid, target, namespace),
                ..self.op(ops::PUBLISH_STATUS)
            })
            .await?;
        decode(Object::from_value(value).map(ProductionStatus))
    }

    /// `GET /v2/studio/vercel/logs` (Studio admin): the production build's log events.
    pub async fn production_logs(
        &self,
        fid: u64,
        target: &Target,
        namespace: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Logs, ApiError> {
        let mut query = select(fid, target, namespace);
        if let Some(limit) = limit {
            query.push(("limit", limit.max(1).to_string()));
        }
        let value = self
            .call(Req {
                query,
                ..self.op(ops::PUBLISH_LOGS)
            })
            .await?;
        decode(Logs::from_value(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rollouts() {
        let s = |v: Value| ProductionStatus(Object::from_value(v).unwrap()).rollout();
        assert_eq!(s(json!({"deployment_state": "READY"})), Rollout::Ready);
        assert_eq!(s(json!({"deployment_state": "error"})), Rollout::Failed);
        assert_eq!(
            s(json!({"deployment_state": "BUILDING"})),
            Rollout::InProgress
        );
        assert_eq!(s(json!({})), Rollout::InProgress);
    }

    #[test]
    fn logs_are_tolerant() {
        let l = Logs::from_value(json!({"success": true, "logs": [
            {"type": "stdout", "created": 1, "date": 1, "text": "ok"}, "x", {"type": "stderr"}
        ]}))
        .unwrap();
        let e = l.events();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].text(), "ok");
        assert_eq!(e[1].text(), "");
        assert!(Logs::from_value(json!({"logs": {}})).is_err());
    }
}
