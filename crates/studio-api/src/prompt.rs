//! The prompt: the blocking endpoint and the event stream, and the 202 "queued" answer when a
//! session already runs. Never repeated: a prompt spends LLM tokens.

use std::time::Duration;

use reqwest::StatusCode;
use serde::Serialize;

use super::client::{Client, Req, Target, read_json};
use super::error::ApiError;
use super::models::{Object, PromptAnswer};
use super::ops;
use super::sse::EventStream;

/// An image for a multimodal prompt (the current spec's `images` items).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Image {
    #[serde(rename = "mediaType")]
    pub media_type: String,
    pub data: String,
}

/// The body of both prompt endpoints: the guide's fields, and the newer ones only when set.
#[derive(Debug, Clone, Serialize)]
pub struct PromptRequest {
    pub fid: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deployment_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    pub prompt: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<Image>,
    /// `canary`, `beta` or `stable` (the server's default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_prompt_variant: Option<String>,
}

impl PromptRequest {
    pub fn new(fid: u64, target: &Target, namespace: Option<String>, prompt: String) -> Self {
        PromptRequest {
            fid,
            name: target.name(),
            deployment_id: target.id(),
            namespace,
            prompt,
            action: None,
            conversation_id: None,
            session_id: None,
            images: Vec::new(),
            system_prompt_variant: None,
        }
    }
}

/// What the streaming prompt endpoint answered.
pub enum PromptReply {
    /// The generation's event stream.
    Stream(Box<EventStream>),
    /// 202: a session is already running and the prompt was queued to it.
    Queued(Object),
}

impl Client {
    /// `POST /v2/studio/deployment/prompt`: blocks until the generation ends. `timeout` must be
    /// generous: the guide says 5-10 minutes.
    pub async fn prompt(
        &self,
        req: &PromptRequest,
        timeout: Duration,
    ) -> Result<PromptAnswer, ApiError> {
        let r = Req {
            timeout: Some(timeout),
            ..self.op_json(ops::PROMPT, req)?
        };
        self.call(r).await.map(PromptAnswer)
    }

    /// `POST /v2/studio/deployment/prompt/stream`: the generation as Server-Sent Events, or a
    /// 202 when the prompt was queued to a running session. No total timeout; the stream ends
    /// when `idle` passes with no bytes at all.
    pub async fn prompt_stream(
        &self,
        req: &PromptRequest,
        idle: Duration,
    ) -> Result<PromptReply, ApiError> {
        let r = Req {
            timeout: None,
            accept: "text/event-stream",
            ..self.op_json(ops::PROMPT_STREAM, req)?
        };
        let url = self.url(r.path, &r.query);
        // The wait for the response headers counts as silence too.
        let resp = match tokio::time::timeout(idle, self.send(&r, &url)).await {
            Ok(result) => result?,
            Err(_) => return Err(ApiError::Idle { after: idle }),
        };
        if resp.status() == StatusCode::ACCEPTED {
            let (value, _) = read_json(resp, Some(self.timeout)).await?;
            return Object::from_value(value)
                .map(PromptReply::Queued)
                .map_err(|detail| ApiError::Decode {
                    status: 202,
                    detail,
                });
        }
        Ok(PromptReply::Stream(Box::new(EventStream::new(resp, idle))))
    }
}
