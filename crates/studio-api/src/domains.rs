//! The production domain: whether a `*.neynar.app` subdomain is free (`vercel/domain/check`)
//! and giving it to the app (`vercel/domain`, which replaces the current one and is never
//! repeated). `vercel/domain` takes `fid` in the query and `deployment_id` in the body.

use serde::Serialize;

use super::client::{Client, Req};
use super::error::ApiError;
use super::models::Object;
use super::ops;

/// The spec's rule for a subdomain, checked before anything is sent: 3-63 characters,
/// lowercase letters, digits and '-', not starting or ending with '-'
/// (`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`).
pub fn valid_subdomain(s: &str) -> bool {
    let b = s.as_bytes();
    (3..=63).contains(&b.len())
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

fn decode(r: Result<Object, String>) -> Result<Object, ApiError> {
    r.map_err(|detail| ApiError::Decode {
        status: 200,
        detail,
    })
}

impl Client {
    /// `GET /v2/studio/vercel/domain/check`: `{available, domain, reason}`.
    pub async fn check_domain(&self, fid: u64, subdomain: &str) -> Result<Object, ApiError> {
        let value = self
            .call(Req {
                query: vec![
                    ("fid", fid.to_string()),
                    ("subdomain", subdomain.to_string()),
                ],
                ..self.op(ops::DOMAIN_CHECK)
            })
            .await?;
        decode(Object::from_value(value))
    }

    /// `PUT /v2/studio/vercel/domain`: `{success, domain, previous_domain}`. Sent once.
    pub async fn set_domain(
        &self,
        fid: u64,
        deployment_id: &uuid::Uuid,
        subdomain: &str,
    ) -> Result<Object, ApiError> {
        #[derive(Serialize)]
        struct Body<'a> {
            deployment_id: String,
            subdomain: &'a str,
        }
        let body = Body {
            deployment_id: deployment_id.to_string(),
            subdomain,
        };
        let req = Req {
            query: vec![("fid", fid.to_string())],
            ..self.op_json(ops::DOMAIN_SET, &body)?
        };
        let value = self.call(req).await?;
        decode(Object::from_value(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_pattern() {
        for ok in ["abc", "my-app", "a1b", &"a".repeat(63)] {
            assert!(valid_subdomain(ok), "{ok}");
        }
        for bad in [
            "ab",
            "-ab",
            "ab-",
            "My-app",
            "a_b",
            "a.b",
            "",
            &"a".repeat(64),
            "é-ab",
        ] {
            assert!(!valid_subdomain(bad), "{bad}");
        }
    }
}
