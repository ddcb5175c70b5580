//! `neynar-studio credits show | claim`: the most recent credit drop, and claiming it. A claim
//! is sent once; a 409 means it was already claimed, a 410 that it expired.

use clap::Subcommand;

use crate::commands::Ctx;
use crate::error::{Error, Kind, Result};
use crate::render::{columns, sanitize};

#[derive(Debug, Subcommand)]
pub enum CreditsCommand {
    /// Show the most recent credit drop: amount, whether claimed, when it expires
    Show,
    /// Claim the most recent credit drop
    Claim,
}

pub async fn run(ctx: &Ctx, cmd: CreditsCommand) -> Result<()> {
    let fid = ctx.fid()?;
    let client = ctx.client()?;
    let no_drop = |e: crate::api::ApiError| {
        Error::from(e)
            .reword_on(404, format!("there is no credit drop for fid {fid}"))
            .hint_on(
                404,
                "credit drops come from using Studio; check again later",
            )
    };
    match cmd {
        CreditsCommand::Show => {
            let drop = client.credit_drop(fid).await.map_err(no_drop)?;
            if ctx.out.json {
                ctx.out.print_json(&drop)?;
                return Ok(());
            }
            let num = |v: Option<f64>| v.map(number).unwrap_or_else(|| "-".into());
            let state = match (drop.claimed(), drop.expired()) {
                (_, Some(true)) => "expired",
                (Some(true), _) => "claimed",
                (Some(false), _) => "not claimed",
                _ => "-",
            };
            let p = ctx.out.paint();
            let row = |k: &str, v: String| vec![p.dim(k), v];
            let mut rows = vec![
                row("reward", num(drop.reward())),
                row("state", state.to_string()),
                row("used", num(drop.used())),
                row("remaining", num(drop.remaining())),
                row(
                    "created",
                    sanitize(drop.created_at().unwrap_or("-")).into_owned(),
                ),
                row(
                    "expires",
                    sanitize(drop.expires_at().unwrap_or("-")).into_owned(),
                ),
            ];
            if let Some(pc) = drop.percentile() {
                rows.push(row("percentile", format!("{:.0}%", pc * 100.0)));
            }
            ctx.out.print_styled(&columns(&rows))?;
            if drop.claimed() == Some(false) && drop.expired() != Some(true) {
                ctx.out.note("claim it with `neynar-studio credits claim`");
            }
            Ok(())
        }
        CreditsCommand::Claim => {
            let answer = client.claim_credits(fid).await.map_err(|e| {
                let err = no_drop(e);
                match err.status() {
                    Some(409) => Error::new(Kind::Rejected, "the credit drop was already claimed")
                        .hint("see it with `neynar-studio credits show`"),
                    Some(410) => Error::new(
                        Kind::Rejected,
                        "the credit drop expired: drops can be claimed for 24 hours",
                    )
                    .hint("see it with `neynar-studio credits show`"),
                    _ => err,
                }
            })?;
            if ctx.out.json {
                ctx.out.print_json(&answer)?;
                return Ok(());
            }
            let reward = answer.f64("reward_amount").map(number);
            let balance = answer.f64("new_extra_credits").map(number);
            let text = match (reward, balance) {
                (Some(r), Some(b)) => format!("Claimed {r} credits; extra credits now {b}."),
                (Some(r), None) => format!("Claimed {r} credits."),
                _ => "Claimed the credit drop.".to_string(),
            };
            ctx.out.print(&text)?;
            Ok(())
        }
    }
}

/// A count without a needless fraction: 500, 12.5.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}
