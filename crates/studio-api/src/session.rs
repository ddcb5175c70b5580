//! The generation session: cancelling the one that runs. The spec calls it idempotent (safe to
//! call when nothing runs: `cancelled: false`), so it is retried like a read.

use serde::Serialize;

use super::client::{Client, Target};
use super::error::ApiError;
use super::models::Object;
use super::ops;

impl Client {
    /// `POST /v2/studio/deployment/session/cancel`. The answer's `cancelled` says whether a
    /// running session was found and stopped.
    pub async fn cancel(
        &self,
        fid: u64,
        target: &Target,
        namespace: Option<&str>,
        conversation_id: &str,
    ) -> Result<Object, ApiError> {
        #[derive(Serialize)]
        struct Body<'a> {
            conversation_id: &'a str,
            fid: u64,
            #[serde(skip_serializing_if = "Option::is_none")]
            name: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            deployment_id: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            namespace: Option<&'a str>,
        }
        let body = Body {
            conversation_id,
            fid,
            name: target.name(),
            deployment_id: target.id(),
            namespace,
        };
        let value = self.call(self.op_json(ops::CANCEL, &body)?).await?;
        Object::from_value(value).map_err(|detail| ApiError::Decode {
            status: 200,
            detail,
        })
    }
}
