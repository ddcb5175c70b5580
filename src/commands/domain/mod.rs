//! `neynar-studio domain`: the app's `*.neynar.app` production domain: whether a subdomain
//! is free, and giving it to the app. The spec's rule for a subdomain is checked before any
//! request (exit 2, the rule in the message).

pub mod check;
pub mod set;

use clap::Subcommand;

use crate::commands::Ctx;
use crate::error::Result;

#[derive(Debug, Subcommand)]
pub enum DomainCommand {
    /// Check whether SUBDOMAIN.neynar.app is free
    Check(check::Args),
    /// Give the app the production domain SUBDOMAIN.neynar.app (replaces the current one)
    Set(set::Args),
}

pub async fn run(ctx: &Ctx, cmd: DomainCommand) -> Result<()> {
    match cmd {
        DomainCommand::Check(args) => check::run(ctx, args).await,
        DomainCommand::Set(args) => set::run(ctx, args).await,
    }
}

/// The spec's rule, as clap's value parser: the rule is in the message.
pub fn parse_subdomain(raw: &str) -> std::result::Result<String, String> {
    let s = raw.strip_suffix(".neynar.app").unwrap_or(raw);
    if crate::api::domains::valid_subdomain(s) {
        Ok(s.to_string())
    } else {
        Err(format!(
            "'{}' is not a valid subdomain: it must be 3-63 characters of lowercase letters, \
             digits and '-', not starting or ending with '-' (^[a-z0-9]([a-z0-9-]*[a-z0-9])?$)",
            crate::render::sanitize(raw)
        ))
    }
}
