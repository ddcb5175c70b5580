//! Credit drops: the most recent one (claimed or not, expired or not), and claiming it. A
//! claim is sent once: a 409 means it was already claimed, a 410 that it expired.

use serde::Serialize;

use super::client::Client;
use super::error::ApiError;
use super::models::Object;
use super::ops;
use super::secrets::object;

/// The most recent credit drop. Tolerant: every field is optional.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct CreditDrop(pub Object);

impl CreditDrop {
    pub fn reward(&self) -> Option<f64> {
        self.0.f64("reward_amount")
    }
    pub fn claimed(&self) -> Option<bool> {
        self.0.bool("claimed")
    }
    pub fn expired(&self) -> Option<bool> {
        self.0.bool("expired")
    }
    pub fn used(&self) -> Option<f64> {
        self.0.f64("credits_used")
    }
    pub fn remaining(&self) -> Option<f64> {
        self.0.f64("credits_remaining")
    }
    pub fn created_at(&self) -> Option<&str> {
        self.0.str("created_at")
    }
    pub fn expires_at(&self) -> Option<&str> {
        self.0.str("allowance_expires_at")
    }
    pub fn percentile(&self) -> Option<f64> {
        self.0.f64("percentile_score")
    }
}

#[derive(Serialize)]
struct Fid {
    fid: u64,
}

impl Client {
    /// `GET /v2/studio/credit-drops/`: the most recent credit drop of `fid`.
    pub async fn credit_drop(&self, fid: u64) -> Result<CreditDrop, ApiError> {
        let req = super::client::Req {
            query: vec![("fid", fid.to_string())],
            ..self.op(ops::CREDITS)
        };
        object(self.call(req).await?).map(CreditDrop)
    }

    /// `POST /v2/studio/credit-drops/claim`: claims the most recent drop. Sent once.
    pub async fn claim_credits(&self, fid: u64) -> Result<Object, ApiError> {
        object(
            self.call(self.op_json(ops::CLAIM_CREDITS, &Fid { fid })?)
                .await?,
        )
    }
}
