//! Credit drops: `GET credit-drops/` (the FID's most recent drop, claimed or expired alike) and
//! `POST credit-drops/claim`. Every FID but 0 has one drop, made when first asked about; it
//! may be claimed once (409 after) within 24 hours of its creation (410 after, `expired`
//! true). FID 0 has none (404). `--credit-drop-age DUR` backdates each new drop by DUR, so a
//! test sees an expired drop without waiting a day.
//!
//! Error bodies are the spec's: `{"message": ...}` for 404, 409 and 410.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::Emu;
use super::routes::{Res, body_fid, body_object, json_reject, json_response, query_fid, query_map};
use super::state::timestamp;

/// How long a drop can be claimed and contributes to the allowance.
const WINDOW: Duration = Duration::from_secs(24 * 60 * 60);

/// The credit-drop options of the emulator (`neynar-studio emulator` flags).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct CreditOptions {
    /// Backdate every new credit drop by DUR (24h or more: it is expired, and a claim is 410)
    #[arg(long, value_name = "DUR", default_value = "0s", value_parser = parse_age)]
    pub credit_drop_age: Duration,
}

fn parse_age(raw: &str) -> Result<Duration, String> {
    humantime::parse_duration(raw.trim())
        .map_err(|_| format!("'{raw}' is not a duration; use a number with a unit, like 25h"))
}

/// One FID's drop.
#[derive(Debug, Clone)]
pub struct Drop {
    created_at: SystemTime,
    reward: u64,
    raw_score: f64,
    percentile: f64,
    claimed: bool,
}

/// Every FID's drop, and the extra credits claims have added.
#[derive(Debug, Default)]
pub struct Drops {
    drops: HashMap<u64, Drop>,
    extra_credits: HashMap<u64, u64>,
}

impl Drops {
    /// The FID's drop, made on first use (none for FID 0).
    fn get(&mut self, fid: u64, age: Duration) -> Option<&mut Drop> {
        if fid == 0 {
            return None;
        }
        Some(self.drops.entry(fid).or_insert_with(|| {
            // A score of its own for each FID, the same on every run.
            let raw = (fid.wrapping_mul(2_654_435_761) % 1000) as f64 / 1000.0;
            Drop {
                created_at: SystemTime::now()
                    .checked_sub(age)
                    .unwrap_or(SystemTime::UNIX_EPOCH),
                reward: 100 + (fid % 10) * 50,
                raw_score: raw,
                percentile: ((raw * 0.9 + 0.05) * 100.0).round() / 100.0,
                claimed: false,
            }
        }))
    }
}

impl Drop {
    fn expires_at(&self) -> SystemTime {
        self.created_at + WINDOW
    }

    fn expired(&self, now: SystemTime) -> bool {
        now >= self.expires_at()
    }

    fn to_json(&self, now: SystemTime) -> Value {
        // Nothing is spent in the emulator: what remains is the whole reward.
        json!({
            "created_at": timestamp(self.created_at),
            "raw_score": self.raw_score,
            "percentile_score": self.percentile,
            "reward_amount": self.reward,
            "claimed": self.claimed,
            "credits_used": 0,
            "credits_remaining": self.reward,
            "allowance_expires_at": timestamp(self.expires_at()),
            "expired": self.expired(now),
        })
    }
}

fn message(status: StatusCode, text: &str) -> Box<super::routes::Reject> {
    json_reject(status, &json!({"message": text}))
}

fn no_drop() -> Box<super::routes::Reject> {
    message(StatusCode::NOT_FOUND, "No credit drop found")
}

/// `GET credit-drops/?fid=N`: the most recent drop, whatever its state.
pub(super) async fn get_drop(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let fid = query_fid(&query_map(raw), true)?.unwrap_or(0);
    let mut drops = emu.credit_drops();
    let drop = drops
        .get(fid, emu.config.credits.credit_drop_age)
        .ok_or_else(no_drop)?;
    Ok(json_response(
        StatusCode::OK,
        &drop.to_json(SystemTime::now()),
    ))
}

/// `POST credit-drops/claim` `{fid}`: once, within 24 hours.
pub(super) async fn claim(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let map = body_object(body)?;
    let fid = body_fid(&map, true)?.unwrap_or(0);
    let mut drops = emu.credit_drops();
    let drop = drops
        .get(fid, emu.config.credits.credit_drop_age)
        .ok_or_else(no_drop)?;
    if drop.claimed {
        return Err(message(
            StatusCode::CONFLICT,
            "Credit drop has already been claimed",
        ));
    }
    if drop.expired(SystemTime::now()) {
        return Err(message(StatusCode::GONE, "Credit drop has expired"));
    }
    drop.claimed = true;
    let reward = drop.reward;
    let extra = drops.extra_credits.entry(fid).or_insert(0);
    *extra += reward;
    Ok(json_response(
        StatusCode::OK,
        &json!({"claimed": true, "reward_amount": reward, "new_extra_credits": *extra}),
    ))
}
