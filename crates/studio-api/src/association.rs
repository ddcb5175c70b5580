//! The account association: a JSON Farcaster Signature linking the app's domain to a
//! Farcaster account, sent and read back.

use serde::Serialize;

use super::client::{Client, Req, Target};
use super::error::ApiError;
use super::models::Object;
use super::ops;

/// The three JFS strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct AccountAssociation {
    pub header: String,
    pub payload: String,
    pub signature: String,
}

impl Client {
    /// `POST /v2/studio/deployment/account-association`
    pub async fn associate(
        &self,
        fid: u64,
        target: &Target,
        association: &AccountAssociation,
    ) -> Result<Object, ApiError> {
        #[derive(Serialize)]
        struct Body<'a> {
            fid: u64,
            #[serde(skip_serializing_if = "Option::is_none")]
            name: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            deployment_id: Option<String>,
            account_association: &'a AccountAssociation,
        }
        let body = Body {
            fid,
            name: target.name(),
            deployment_id: target.id(),
            account_association: association,
        };
        let value = self.call(self.op_json(ops::ASSOCIATE, &body)?).await?;
        Object::from_value(value).map_err(|detail| ApiError::Decode {
            status: 200,
            detail,
        })
    }

    /// `GET /v2/studio/deployment/account-association` (current spec): by deployment id, or by
    /// name and namespace.
    pub async fn get_association(
        &self,
        target: &Target,
        namespace: Option<&str>,
    ) -> Result<Object, ApiError> {
        let mut query = match target {
            Target::Id(id) => vec![("deployment_id", id.to_string())],
            Target::Name(name) => vec![("name", name.clone())],
        };
        if let Some(ns) = namespace {
            query.push(("namespace", ns.to_string()));
        }
        let req = Req {
            query,
            ..self.op(ops::GET_ASSOCIATION)
        };
        let value = self.call(req).await?;
        Object::from_value(value).map_err(|detail| ApiError::Decode {
            status: 200,
            detail,
        })
    }
}
