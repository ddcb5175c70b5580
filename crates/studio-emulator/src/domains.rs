//! Custom `*.neynar.app` subdomains: `vercel/domain/check` says whether one is free (the
//! spec's pattern, 3-63 characters, is a 400; reserved names and names another live
//! deployment uses are unavailable), and `PUT vercel/domain` gives one to a published app
//! (`fid` in the query, `deployment_id` and `subdomain` in the body): 403 for another FID's
//! app, 404 for an unknown one, 409 when another deployment has it, 400 for a reserved name or
//! an app not published yet. Domains are unique across the emulator's live deployments.

use std::sync::Arc;
use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::Emu;
use super::routes::{
    Res, bad, body_object, fail, json_response, not_found, opt_str, parse_id, query_fid, query_map,
    success_false,
};
use super::state::World;

/// Names no app may have.
pub const RESERVED: &[&str] = &[
    "www",
    "api",
    "app",
    "apps",
    "admin",
    "administrator",
    "auth",
    "login",
    "signup",
    "account",
    "accounts",
    "billing",
    "blog",
    "cdn",
    "dashboard",
    "dev",
    "docs",
    "ftp",
    "help",
    "mail",
    "email",
    "smtp",
    "imap",
    "pop",
    "ns1",
    "ns2",
    "root",
    "static",
    "assets",
    "status",
    "support",
    "staging",
    "studio",
    "neynar",
    "farcaster",
    "warpcast",
    "vercel",
    "localhost",
    "test",
];

/// The suffix every custom domain gets.
const SUFFIX: &str = ".neynar.app";

/// Checks the spec's rule: 3-63 characters, `^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`.
pub fn valid(subdomain: &str) -> bool {
    let b = subdomain.as_bytes();
    let inner = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    (3..=63).contains(&b.len())
        && b.iter().all(|c| inner(c) || *c == b'-')
        && b.first().is_some_and(inner)
        && b.last().is_some_and(inner)
}

fn rule() -> Box<super::routes::Reject> {
    bad(
        "subdomain must be 3-63 characters of lowercase letters, digits and hyphens, starting and ending with a letter or digit",
    )
}

/// Whether a live deployment other than `except` uses `domain` as its production domain.
fn taken(world: &World, domain: &str, except: Option<uuid::Uuid>) -> bool {
    world.deployments.iter().any(|d| {
        d.deleted_at.is_none()
            && Some(d.id) != except
            && d.vercel.as_ref().is_some_and(|v| v.domain == domain)
    })
}

/// `GET vercel/domain/check?fid=&subdomain=`.
pub(super) async fn check(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Res<Response> {
    async {
        emu.gate(&headers).await?;
        let q = query_map(raw);
        query_fid(&q, true)?;
        let subdomain = q
            .get("subdomain")
            .filter(|s| !s.is_empty())
            .ok_or_else(|| bad("subdomain is required"))?;
        if !valid(subdomain) {
            return Err(rule());
        }
        let domain = format!("{subdomain}{SUFFIX}");
        let reason = if RESERVED.contains(&subdomain.as_str()) {
            Some("reserved")
        } else if taken(&emu.world(), &domain, None) {
            Some("taken")
        } else {
            None
        };
        let mut answer = json!({"available": reason.is_none(), "domain": domain});
        if let Some(reason) = reason {
            answer["reason"] = json!(reason);
        }
        Ok(json_response(StatusCode::OK, &answer))
    }
    .await
    .map_err(success_false)
}

/// `PUT vercel/domain?fid=` with `{deployment_id, subdomain}`.
pub(super) async fn assign(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    async {
        emu.gate(&headers).await?;
        let fid = query_fid(&query_map(raw), true)?.unwrap_or_default();
        let map: Map<String, Value> = body_object(body)?;
        let id = parse_id(opt_str(&map, "deployment_id")?)?
            .ok_or_else(|| bad("deployment_id is required"))?;
        let subdomain = opt_str(&map, "subdomain")?
            .filter(|s| !s.is_empty())
            .ok_or_else(|| bad("subdomain is required"))?;
        if !valid(&subdomain) {
            return Err(rule());
        }
        let domain = format!("{subdomain}{SUFFIX}");
        let admin = emu.is_admin(&headers);
        let mut world = emu.world();
        let is_taken = taken(&world, &domain, Some(id));
        let d = world
            .find_mut(Some(&id), None, None)
            .ok_or_else(not_found)?;
        if d.fid != fid && !admin {
            return Err(fail(
                StatusCode::FORBIDDEN,
                "This deployment belongs to another FID",
            ));
        }
        if RESERVED.contains(&subdomain.as_str()) {
            return Err(bad(format!("{subdomain} is a reserved name")));
        }
        let Some(v) = d.vercel.as_mut() else {
            return Err(bad(
                "This app has not been published to Vercel yet; publish it first",
            ));
        };
        if is_taken {
            return Err(fail(
                StatusCode::CONFLICT,
                &format!("{domain} is already taken"),
            ));
        }
        let previous = std::mem::replace(&mut v.domain, domain.clone());
        d.updated_at = SystemTime::now();
        Ok(json_response(
            StatusCode::OK,
            &json!({"success": true, "domain": domain, "previous_domain": previous}),
        ))
    }
    .await
    .map_err(success_false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_pattern() {
        for ok in ["abc", "my-app", "a1b", &"a".repeat(63)] {
            assert!(valid(ok), "{ok}");
        }
        for no in [
            "ab",
            "-ab",
            "ab-",
            "My-app",
            "a_b",
            "a.b",
            &"a".repeat(64),
            "ümlaut",
        ] {
            assert!(!valid(no), "{no}");
        }
    }
}
