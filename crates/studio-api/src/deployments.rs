//! Deployments: create, look up (by name and fid, or id), list with paging, delete. The
//! resource the rest hang off.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use super::client::{BodySize, Client, Req, Target, to_json};
use super::error::ApiError;
use super::models::{Deployment, Object, deployments_from};
use super::ops::{self, Retry};

/// Filters and paging for `list`; each is sent only when set.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub limit: Option<u32>,
    pub offset: Option<u32>,
    pub query: Option<String>,
    pub sort_by: Option<String>,
    pub include_deleted: bool,
}

impl Client {
    /// `POST /v2/studio/deployment/`
    pub async fn create(
        &self,
        fid: u64,
        display_name: Option<&str>,
        env: &BTreeMap<String, String>,
    ) -> Result<Deployment, ApiError> {
        #[derive(Serialize)]
        struct Body<'a> {
            fid: u64,
            #[serde(skip_serializing_if = "Option::is_none")]
            display_name: Option<&'a str>,
            #[serde(skip_serializing_if = "BTreeMap::is_empty")]
            env: &'a BTreeMap<String, String>,
        }
        let body = Body {
            fid,
            display_name,
            env,
        };
        let value = self.call(self.op_json(ops::CREATE, &body)?).await?;
        Deployment::from_value(value).map_err(|detail| ApiError::Decode {
            status: 200,
            detail,
        })
    }

    /// `GET /v2/studio/deployment/by-name-and-fid`, retried on transient faults.
    pub async fn get(
        &self,
        fid: u64,
        target: &Target,
        namespace: Option<&str>,
    ) -> Result<Deployment, ApiError> {
        self.get_deployment(fid, target, namespace, true, self.timeout)
            .await
    }

    /// One attempt of `get`, with its own timeout: for polling loops that do their own retrying.
    pub async fn get_once(
        &self,
        fid: u64,
        target: &Target,
        namespace: Option<&str>,
        timeout: Duration,
    ) -> Result<Deployment, ApiError> {
        self.get_deployment(fid, target, namespace, false, timeout)
            .await
    }

    async fn get_deployment(
        &self,
        fid: u64,
        target: &Target,
        namespace: Option<&str>,
        retry: bool,
        timeout: Duration,
    ) -> Result<Deployment, ApiError> {
        let mut query = match target {
            Target::Name(name) => vec![("name", name.clone()), ("fid", fid.to_string())],
            Target::Id(id) => vec![("deployment_id", id.to_string()), ("fid", fid.to_string())],
        };
        if let Some(ns) = namespace {
            query.push(("namespace", ns.to_string()));
        }
        let req = Req {
            query,
            // A polling loop asks for one attempt and does its own retrying.
            retry: retry && ops::GET_DEPLOYMENT.retry == Retry::Safe,
            timeout: Some(timeout),
            ..self.op(ops::GET_DEPLOYMENT)
        };
        let value = self.call(req).await?;
        Deployment::from_value(value).map_err(|detail| ApiError::Decode {
            status: 200,
            detail,
        })
    }

    /// `GET /v2/studio/deployment/` (one page).
    pub async fn list(&self, fid: u64, q: &ListQuery) -> Result<Vec<Deployment>, ApiError> {
        self.list_sized(fid, q).await.map(|(page, _)| page)
    }

    /// One page of `list`, with what its body cost: for `--all`, which keeps every page within
    /// the budget of one body.
    pub async fn list_sized(
        &self,
        fid: u64,
        q: &ListQuery,
    ) -> Result<(Vec<Deployment>, BodySize), ApiError> {
        let mut query = vec![("fid", fid.to_string())];
        if let Some(limit) = q.limit {
            query.push(("limit", limit.to_string()));
        }
        if let Some(offset) = q.offset {
            query.push(("offset", offset.to_string()));
        }
        if let Some(text) = &q.query {
            query.push(("query", text.clone()));
        }
        if let Some(sort) = &q.sort_by {
            query.push(("sort_by", sort.clone()));
        }
        if q.include_deleted {
            query.push(("include_deleted", "true".into()));
        }
        let req = Req {
            query,
            ..self.op(ops::LIST)
        };
        let (value, size) = self.call_sized(req).await?;
        let page = deployments_from(value).map_err(|detail| ApiError::Decode {
            status: 200,
            detail,
        })?;
        Ok((page, size))
    }

    /// `DELETE /v2/studio/deployment/`: one deployment, or with no target every deployment of
    /// the FID.
    pub async fn delete(
        &self,
        fid: u64,
        target: Option<&Target>,
        namespace: Option<&str>,
    ) -> Result<Object, ApiError> {
        #[derive(Serialize)]
        struct Body {
            fid: u64,
            #[serde(skip_serializing_if = "Option::is_none")]
            name: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            deployment_id: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            namespace: Option<String>,
        }
        let body = Body {
            fid,
            name: target.and_then(Target::name),
            deployment_id: target.and_then(Target::id),
            namespace: namespace.map(String::from),
        };
        let req = Req {
            body: Some(to_json(&body)?),
            ..self.op(ops::DELETE)
        };
        let value = self.call(req).await?;
        Object::from_value(value).map_err(|detail| ApiError::Decode {
            status: 200,
            detail,
        })
    }
}
