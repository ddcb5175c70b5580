//! The emulator's in-memory world: deployments, their sessions and associations, and how they
//! are shown in each API shape.

use std::collections::BTreeMap;
use std::time::{Duration, Instant, SystemTime};

use serde_json::{Map, Value, json};

use super::Shape;
use crate::api::client::AccountAssociation;

/// A generation in progress (or done) on a deployment. It runs on the server's clock: a client
/// that disconnects does not stop it.
#[derive(Debug, Clone)]
pub struct Session {
    pub session_id: String,
    pub conversation_id: String,
    /// When it started (its dev status advances through phases from here to `ends_at`).
    pub started: Instant,
    pub ends_at: Instant,
    pub prompt: String,
    /// Whether its effects (an app now exists) have been applied.
    pub applied: bool,
}

#[derive(Debug, Clone)]
pub struct Deployment {
    pub id: uuid::Uuid,
    pub name: String,
    pub fid: u64,
    pub display_name: Option<String>,
    pub env: BTreeMap<String, String>,
    pub created_at: SystemTime,
    pub updated_at: SystemTime,
    pub deleted_at: Option<SystemTime>,
    pub ready_at: Instant,
    pub generated_app_exists: bool,
    pub headline: Option<String>,
    pub session: Option<Session>,
    pub association: Option<AccountAssociation>,
}

pub fn timestamp(t: SystemTime) -> String {
    humantime::format_rfc3339_millis(t).to_string()
}

/// `server-YYMMDDHHMMSSmmm`, like the real API's names, from a creation time.
pub fn name_for(t: SystemTime) -> String {
    let ts = timestamp(t); // 2025-09-04T16:24:35.185Z
    let digits: String = ts.chars().filter(|c| c.is_ascii_digit()).collect(); // 20250904162435185
    format!("server-{}", digits.get(2..).unwrap_or(&digits))
}

impl Deployment {
    pub fn namespace(&self) -> String {
        format!("miniapp-generator-fid-{}", self.fid)
    }

    pub fn is_ready(&self, now: Instant) -> bool {
        now >= self.ready_at
    }

    /// The running session, if any.
    pub fn running(&self, now: Instant) -> Option<&Session> {
        self.session.as_ref().filter(|s| now < s.ends_at)
    }

    /// Applies the effects of a finished session: the app exists and shows the prompt.
    pub fn settle(&mut self, now: Instant) {
        if let Some(s) = &mut self.session
            && !s.applied
            && now >= s.ends_at
        {
            s.applied = true;
            self.generated_app_exists = true;
            self.headline = Some(s.prompt.clone());
            self.updated_at = SystemTime::now();
        }
    }

    pub fn url(&self, port: u16) -> String {
        format!("http://{}.localhost:{port}/", self.name)
    }

    /// The deployment as the API shows it.
    pub fn to_json(&self, shape: Shape, port: u16, now: Instant) -> Value {
        let ready = self.is_ready(now);
        let mut m = Map::new();
        match shape {
            Shape::Current => {
                m.insert("id".into(), json!(self.id.to_string()));
                m.insert("name".into(), json!(self.name));
                m.insert("namespace".into(), json!(self.namespace()));
                if let Some(d) = &self.display_name {
                    m.insert("display_name".into(), json!(d));
                }
                m.insert("is_ready".into(), json!(ready));
                m.insert("url".into(), json!(self.url(port)));
                m.insert("created_at".into(), json!(timestamp(self.created_at)));
                m.insert("updated_at".into(), json!(timestamp(self.updated_at)));
                m.insert(
                    "deleted_at".into(),
                    self.deleted_at
                        .map(|t| json!(timestamp(t)))
                        .unwrap_or(Value::Null),
                );
                m.insert(
                    "generated_app_exists".into(),
                    json!(self.generated_app_exists),
                );
                m.insert(
                    "generated_app_serving".into(),
                    json!(ready && self.generated_app_exists),
                );
                m.insert(
                    "dev_server_state".into(),
                    json!(if ready { "running" } else { "starting" }),
                );
                m.insert("has_database".into(), json!(false));
            }
            Shape::Tutorial => {
                m.insert("created_at".into(), json!(timestamp(self.created_at)));
                m.insert("namespace".into(), json!(self.namespace()));
                m.insert("name".into(), json!(self.name));
                if let Some(d) = &self.display_name {
                    m.insert("display_name".into(), json!(d));
                }
                m.insert("isReady".into(), json!(ready));
                if ready {
                    m.insert("url".into(), json!(self.url(port)));
                }
            }
        }
        Value::Object(m)
    }
}

/// All deployments, in creation order.
#[derive(Debug, Default)]
pub struct World {
    pub deployments: Vec<Deployment>,
}

impl World {
    /// Creates a deployment with a fresh name (never reused, even in the same millisecond).
    pub fn create(
        &mut self,
        fid: u64,
        display_name: Option<String>,
        env: BTreeMap<String, String>,
        ready_after: Duration,
    ) -> &Deployment {
        let mut created = SystemTime::now();
        let mut name = name_for(created);
        while self.deployments.iter().any(|d| d.name == name) {
            created += Duration::from_millis(1);
            name = name_for(created);
        }
        self.deployments.push(Deployment {
            id: uuid::Uuid::new_v4(),
            name,
            fid,
            display_name,
            env,
            created_at: created,
            updated_at: created,
            deleted_at: None,
            ready_at: crate::duration::deadline(Instant::now(), ready_after),
            generated_app_exists: false,
            headline: None,
            session: None,
            association: None,
        });
        let last = self.deployments.len() - 1;
        &self.deployments[last]
    }

    /// A live (not deleted) deployment by id, or by name (and fid when given).
    pub fn find_mut(
        &mut self,
        id: Option<&uuid::Uuid>,
        name: Option<&str>,
        fid: Option<u64>,
    ) -> Option<&mut Deployment> {
        let now = Instant::now();
        let found = self.deployments.iter_mut().find(|d| {
            d.deleted_at.is_none()
                && match (id, name) {
                    (Some(id), _) => &d.id == id,
                    (None, Some(name)) => d.name == name,
                    (None, None) => false,
                }
                && fid.is_none_or(|f| f == d.fid)
        })?;
        found.settle(now);
        Some(found)
    }
}
