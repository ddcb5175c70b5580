//! Conversations: a deployment's conversations, and one conversation's messages (cursor
//! paging, newest first from the API).

use serde::Serialize;
use serde_json::Value;

use super::client::{Client, Target};
use super::error::ApiError;
use super::models::{Conversation, Object, conversations_from, type_name};
use super::ops;

/// The most messages the API gives per page.
pub const MAX_PAGE: u32 = 100;

/// One message of a conversation. Tolerant: every field is optional, unknown ones are kept.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Message(pub Object);

impl Message {
    pub fn id(&self) -> Option<&str> {
        self.0.str("id")
    }
    pub fn created_at(&self) -> Option<&str> {
        self.0.str("created_at")
    }
    /// `user`, `system` or `admin`.
    pub fn origin(&self) -> Option<&str> {
        self.0.str("origin")
    }
    pub fn kind(&self) -> Option<&str> {
        self.0.str("type")
    }
    pub fn subtype(&self) -> Option<&str> {
        self.0.str("subtype")
    }
    /// The content: text, or the stream event it was recorded from, as JSON text.
    pub fn text(&self) -> Option<&str> {
        self.0.str("message")
    }
}

/// How a stored message is replayed: a prompt the user typed, or a stream event (the data of
/// an SSE event, as the live stream would have carried it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replay {
    Prompt(String),
    Event(String),
}

impl Message {
    /// The message as it was seen live. A message whose content is a stream event (a JSON
    /// object with a `type`) is that event; plain text from the user is their prompt; any
    /// other plain text is the assistant's (the guide's string-message shape).
    pub fn replay(&self) -> Option<Replay> {
        let text = self.text()?;
        if let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text)
            && map.get("type").is_some_and(Value::is_string)
        {
            return Some(Replay::Event(text.to_string()));
        }
        let from_user = self.origin() == Some("user") || self.kind() == Some("user");
        if from_user {
            return Some(Replay::Prompt(text.to_string()));
        }
        let kind = match self.kind() {
            Some("system") | Some("result") | Some("error") => self.kind().unwrap_or("assistant"),
            _ => "assistant",
        };
        let mut event = serde_json::Map::new();
        event.insert("type".into(), kind.into());
        if let Some(subtype) = self.subtype() {
            event.insert("subtype".into(), subtype.into());
        }
        event.insert("message".into(), text.into());
        Some(Replay::Event(Value::Object(event).to_string()))
    }
}

/// One page of messages, and the cursor to the older ones (`None` at the oldest).
#[derive(Debug, Clone)]
pub struct MessagesPage {
    pub messages: Vec<Message>,
    pub next: Option<String>,
}

impl MessagesPage {
    pub fn from_value(value: Value) -> Result<Self, String> {
        let Value::Object(mut map) = value else {
            return Err(format!("expected a JSON object, got {}", type_name(&value)));
        };
        let messages = match map.remove("messages") {
            Some(Value::Array(items)) => items
                .into_iter()
                .filter_map(|v| Object::from_value(v).ok().map(Message))
                .collect(),
            Some(other) => {
                return Err(format!(
                    "expected `messages` to be an array, got {}",
                    type_name(&other)
                ));
            }
            None => return Err("the answer has no `messages`".into()),
        };
        let next = map
            .get("next")
            .and_then(|n| n.get("cursor"))
            .and_then(Value::as_str)
            .filter(|c| !c.is_empty())
            .map(String::from);
        Ok(MessagesPage { messages, next })
    }
}

impl Client {
    /// `GET /v2/studio/deployment/conversations`: the conversations of one deployment (by id,
    /// or by name) of `fid`.
    pub async fn conversations(
        &self,
        fid: u64,
        target: &Target,
    ) -> Result<Vec<Conversation>, ApiError> {
        let mut query = target.query();
        query.push(("fid", fid.to_string()));
        let req = super::client::Req {
            query,
            ..self.op(ops::CONVERSATIONS)
        };
        let value = self.call(req).await?;
        conversations_from(value).map_err(|detail| ApiError::Decode {
            status: 200,
            detail,
        })
    }

    /// `GET /v2/studio/deployment/conversations/messages`: one page, newest first; `cursor`
    /// continues from a previous page's `next`. `limit` is capped at [`MAX_PAGE`].
    pub async fn messages(
        &self,
        fid: u64,
        target: &Target,
        conversation_id: &str,
        limit: Option<u32>,
        cursor: Option<&str>,
    ) -> Result<MessagesPage, ApiError> {
        let mut query = target.query();
        query.push(("fid", fid.to_string()));
        query.push(("conversation_id", conversation_id.to_string()));
        if let Some(limit) = limit {
            query.push(("limit", limit.clamp(1, MAX_PAGE).to_string()));
        }
        if let Some(cursor) = cursor {
            query.push(("cursor", cursor.to_string()));
        }
        let req = super::client::Req {
            query,
            ..self.op(ops::MESSAGES)
        };
        let value = self.call(req).await?;
        MessagesPage::from_value(value).map_err(|detail| ApiError::Decode {
            status: 200,
            detail,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn replays() {
        let m = |v: Value| Message(Object::from_value(v).unwrap());
        assert_eq!(
            m(json!({"message": "make it blue", "origin": "user"})).replay(),
            Some(Replay::Prompt("make it blue".into()))
        );
        let event = r#"{"type":"assistant","message":{"content":[]}}"#;
        assert_eq!(
            m(json!({"message": event, "origin": "system"})).replay(),
            Some(Replay::Event(event.into()))
        );
        assert_eq!(
            m(json!({"message": "Done.", "origin": "system"})).replay(),
            Some(Replay::Event(
                r#"{"type":"assistant","message":"Done."}"#.into()
            ))
        );
        assert_eq!(m(json!({"origin": "user"})).replay(), None);
    }

    #[test]
    fn pages_and_cursors() {
        let page = MessagesPage::from_value(json!({
            "messages": [{"id": "m1", "message": "hi", "origin": "user", "extra": 1}, 7],
            "next": {"cursor": "c2"}
        }))
        .unwrap();
        assert_eq!(page.messages.len(), 1);
        assert_eq!(page.messages[0].text(), Some("hi"));
        assert_eq!(page.next.as_deref(), Some("c2"));
        let last =
            MessagesPage::from_value(json!({"messages": [], "next": {"cursor": null}})).unwrap();
        assert_eq!(last.next, None);
        assert!(MessagesPage::from_value(json!([])).is_err());
        assert!(MessagesPage::from_value(json!({"messages": 1})).is_err());
    }
}
