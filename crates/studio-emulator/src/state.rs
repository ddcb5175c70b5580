//! The emulator's in-memory world: deployments, their sessions and associations, and how they
//! are shown in each API shape.

use std::collections::BTreeMap;
use std::time::{Duration, Instant, SystemTime};

use serde_json::{Map, Value, json};

use super::Shape;
use studio_api::client::AccountAssociation;

/// What a session was started by: a prompt, or the build and recover operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Prompt,
    Build,
    Recover,
}

/// A generation in progress (or done) on a deployment. It runs on the server's clock: a client
/// that disconnects does not stop it; a cancel does.
#[derive(Debug)]
pub struct Session {
    pub session_id: String,
    pub conversation_id: String,
    pub kind: Kind,
    /// When it started (its dev status advances through phases from here to `ends_at`).
    pub started: Instant,
    pub started_wall: SystemTime,
    pub ends_at: Instant,
    /// How long it was to take (a cancel ends it sooner).
    pub planned: Duration,
    pub prompt: String,
    /// Whether its effects (an app now exists) have been applied.
    pub applied: bool,
    /// The script's events, each with when it is due after `started` (at the emulator's
    /// speed); the conversation records each once it is due.
    pub frames: Vec<(Duration, Value)>,
    /// How many of `frames` the conversation has recorded.
    pub recorded: usize,
    /// When a cancel stopped it.
    pub cancelled_at: Option<Instant>,
    /// Tells the stream a cancel came: when, and the events it ends with.
    pub cancel: tokio::sync::watch::Sender<Option<(Instant, Vec<Value>)>>,
}

impl Session {
    /// Stops the session now: the script is cut at `now` and ends with `last` (the SDK's
    /// interrupted result), which the stream sends and the conversation records.
    pub fn cancel(&mut self, now: Instant, last: Vec<Value>) {
        let at = now.saturating_duration_since(self.started);
        self.frames.retain(|(due, _)| *due <= at);
        self.frames.extend(last.iter().cloned().map(|v| (at, v)));
        self.cancelled_at = Some(now);
        self.ends_at = now;
        self.cancel.send_replace(Some((now, last)));
    }
}

/// One message of a conversation, as `conversations/messages` shows it.
#[derive(Debug, Clone)]
pub struct Message {
    pub id: uuid::Uuid,
    pub created_at: SystemTime,
    /// `user` (what a person sent) or `system` (what the agent and its tools said).
    pub origin: &'static str,
    pub kind: String,
    pub subtype: Option<String>,
    /// The text a user sent, or the agent's SDK message as JSON text.
    pub message: String,
}

/// A conversation: the prompts sent in it and the sessions' messages, oldest first.
#[derive(Debug, Clone)]
pub struct Conversation {
    pub id: String,
    pub created_at: SystemTime,
    pub updated_at: SystemTime,
    pub title: Option<String>,
    /// The last user message, shortened to 80 characters.
    pub preview: Option<String>,
    pub messages: Vec<Message>,
}

/// The dev server's process, as `dev_server_state` shows it once the deployment is ready.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DevServer {
    /// Running from this instant on (starting before it).
    RunningFrom(Instant),
    Stopped,
}

#[derive(Debug)]
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
    pub conversations: Vec<Conversation>,
    pub dev_server: DevServer,
    /// The generated app's files (`files`, `file`, `export-zip`).
    pub workspace: super::files::Workspace,
    /// Its production life on Vercel, once published (`vercel/`, its status, logs, domain).
    pub vercel: Option<super::publish::Vercel>,
    /// Whether `database/provision` made its database (see `database`).
    pub has_database: bool,
}

/// A user's message in a conversation.
pub fn user_message(text: &str, at: SystemTime) -> Message {
    Message {
        id: uuid::Uuid::new_v4(),
        created_at: at,
        origin: "user",
        kind: "user".into(),
        subtype: None,
        message: text.to_string(),
    }
}

/// An agent's event as a conversation message; the connection event and partial output
/// (`stream_event`) are not recorded.
fn agent_message(data: &Value, at: SystemTime) -> Option<Message> {
    let kind = data.get("type").and_then(Value::as_str)?;
    if kind == "connection" || kind == "stream_event" {
        return None;
    }
    Some(Message {
        id: uuid::Uuid::new_v4(),
        created_at: at,
        origin: "system",
        kind: kind.to_string(),
        subtype: data
            .get("subtype")
            .and_then(Value::as_str)
            .map(String::from),
        message: data.to_string(),
    })
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

    /// Records the session's events that are due in its conversation, and applies the effects
    /// of a finished prompt session (the app exists and shows the prompt; a cancelled one
    /// changes nothing).
    pub fn settle(&mut self, now: Instant) {
        let Some(s) = &mut self.session else {
            return;
        };
        let at = now.saturating_duration_since(s.started);
        let due = s.frames.iter().take_while(|(d, _)| *d <= at).count();
        if due > s.recorded {
            // What the agent wrote is in the app from the moment the stream shows it.
            for (_, data) in &s.frames[s.recorded..due] {
                self.workspace.apply(data);
            }
            let conversation = self
                .conversations
                .iter_mut()
                .find(|c| c.id == s.conversation_id);
            if let Some(c) = conversation {
                for (offset, data) in &s.frames[s.recorded..due] {
                    if let Some(m) = agent_message(data, s.started_wall + *offset) {
                        c.updated_at = m.created_at;
                        c.messages.push(m);
                    }
                }
            }
            s.recorded = due;
        }
        if !s.applied && now >= s.ends_at {
            s.applied = true;
            if s.cancelled_at.is_none() && s.kind == Kind::Prompt {
                self.generated_app_exists = true;
                self.headline = Some(s.prompt.clone());
            }
            self.updated_at = SystemTime::now();
        }
    }

    /// The conversation `id`, created (titled after `first`) when new.
    pub fn conversation(&mut self, id: &str, first: &str) -> &mut Conversation {
        let at = match self.conversations.iter().position(|c| c.id == id) {
            Some(at) => at,
            None => {
                let now = SystemTime::now();
                let title: String = first
                    .lines()
                    .next()
                    .unwrap_or(first)
                    .chars()
                    .take(60)
                    .collect();
                self.conversations.push(Conversation {
                    id: id.to_string(),
                    created_at: now,
                    updated_at: now,
                    title: Some(title),
                    preview: None,
                    messages: Vec::new(),
                });
                self.conversations.len() - 1
            }
        };
        &mut self.conversations[at]
    }

    /// The dev server's state: starting until ready (or restarted), then running, or stopped.
    pub fn dev_server_state(&self, now: Instant) -> &'static str {
        match self.dev_server {
            DevServer::Stopped => "stopped",
            DevServer::RunningFrom(t) if now < t || now < self.ready_at => "starting",
            DevServer::RunningFrom(_) => "running",
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
                let dev = self.dev_server_state(now);
                m.insert(
                    "generated_app_serving".into(),
                    json!(dev == "running" && self.generated_app_exists),
                );
                m.insert("dev_server_state".into(), json!(dev));
                m.insert("has_database".into(), json!(self.has_database));
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
    /// Cancels received (`session/cancel`), and how many of them stopped a running session.
    pub cancels_received: u64,
    pub cancels_effective: u64,
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
        let workspace = super::files::Workspace::template(&name);
        self.deployments.push(Deployment {
            id: uuid::Uuid::new_v4(),
            name,
            fid,
            display_name,
            env,
            created_at: created,
            updated_at: created,
            deleted_at: None,
            ready_at: studio_api::duration::deadline(Instant::now(), ready_after),
            generated_app_exists: false,
            headline: None,
            session: None,
            association: None,
            conversations: Vec::new(),
            dev_server: DevServer::RunningFrom(Instant::now() + ready_after),
            workspace,
            vercel: None,
            has_database: false,
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
