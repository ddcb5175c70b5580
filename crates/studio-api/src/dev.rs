//! The generated app's dev server: its status (the generator's phases), start and stop, and the
//! two generations that work on the app itself, build and recover, which stream like a prompt.
//!
//! `start` and `stop` need a Studio admin key; `build` and `recover` spend LLM tokens and are
//! never repeated (see [`super::ops`]).

use std::time::Duration;

use serde::Serialize;

use super::client::{Client, Req, Target};
use super::error::ApiError;
use super::models::{DevStatus, Object};
use super::ops::{self, Op};
use super::sse::EventStream;

/// `build`'s tool: `npm run build` (dev server recovery) or `vercel build` (production).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BuildType {
    Npm,
    Vercel,
}

/// The body that selects a deployment, with or without the fid (the spec differs by operation).
#[derive(Serialize)]
struct Select<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    fid: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deployment_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    namespace: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    build_type: Option<BuildType>,
}

impl<'a> Select<'a> {
    fn new(fid: Option<u64>, target: &Target, namespace: Option<&'a str>) -> Self {
        Select {
            fid,
            name: target.name(),
            deployment_id: target.id(),
            namespace,
            build_type: None,
        }
    }
}

impl Client {
    /// `GET /v2/studio/deployment/dev-status`: by deployment id, or by name and namespace (no
    /// fid, as the spec has it).
    pub async fn dev_status(
        &self,
        target: &Target,
        namespace: Option<&str>,
    ) -> Result<DevStatus, ApiError> {
        let mut query = target.query();
        if let Some(ns) = namespace {
            query.push(("namespace", ns.to_string()));
        }
        let req = Req {
            query,
            ..self.op(ops::DEV_STATUS)
        };
        let value = self.call(req).await?;
        DevStatus::from_value(value).map_err(|detail| ApiError::Decode {
            status: 200,
            detail,
        })
    }

    /// `POST /v2/studio/deployment/start` (Studio admin): starts the dev server.
    pub async fn start(
        &self,
        fid: u64,
        target: &Target,
        namespace: Option<&str>,
    ) -> Result<Object, ApiError> {
        self.dev_call(ops::START, Select::new(Some(fid), target, namespace))
            .await
    }

    /// `POST /v2/studio/deployment/stop` (Studio admin): stops the dev server.
    pub async fn stop(
        &self,
        fid: u64,
        target: &Target,
        namespace: Option<&str>,
    ) -> Result<Object, ApiError> {
        self.dev_call(ops::STOP, Select::new(Some(fid), target, namespace))
            .await
    }

    /// `POST /v2/studio/deployment/build`: the build, and the agent that fixes it, as events.
    /// Like the prompt stream: no total timeout; `idle` ends a silent stream.
    pub async fn build(
        &self,
        target: &Target,
        namespace: Option<&str>,
        build_type: Option<BuildType>,
        idle: Duration,
    ) -> Result<EventStream, ApiError> {
        let body = Select {
            build_type,
            ..Select::new(None, target, namespace)
        };
        self.open_stream(ops::BUILD, &body, idle).await
    }

    /// `POST /v2/studio/deployment/recover`: the recovery agent's work, as events.
    pub async fn recover(
        &self,
        target: &Target,
        namespace: Option<&str>,
        idle: Duration,
    ) -> Result<EventStream, ApiError> {
        self.open_stream(ops::RECOVER, &Select::new(None, target, namespace), idle)
            .await
    }

    async fn dev_call(&self, op: Op, body: Select<'_>) -> Result<Object, ApiError> {
        let value = self.call(self.op_json(op, &body)?).await?;
        Object::from_value(value).map_err(|detail| ApiError::Decode {
            status: 200,
            detail,
        })
    }

    /// Sends a streaming operation once and hands back its events. The wait for the response
    /// headers counts as silence too.
    async fn open_stream(
        &self,
        op: Op,
        body: &impl Serialize,
        idle: Duration,
    ) -> Result<EventStream, ApiError> {
        let req = Req {
            timeout: None,
            accept: "text/event-stream",
            ..self.op_json(op, body)?
        };
        let url = self.url(req.path, &req.query);
        let resp = match tokio::time::timeout(idle, self.send(&req, &url)).await {
            Ok(result) => result?,
            Err(_) => return Err(ApiError::Idle { after: idle }),
        };
        Ok(EventStream::new(resp, idle))
    }
}
