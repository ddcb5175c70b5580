//! `secrets unset KEY... [--yes] [--force]`: removes secrets. The API deletes by id, so the
//! keys are looked up first; a key that is not there is an error (nothing is removed). System
//! secrets (managed by Studio) need `--force`. Asks on a terminal; `--yes` elsewhere.

use super::{check_keys, keys_text};
use crate::commands::Ctx;
use crate::commands::conversations::DeploymentArg;
use crate::commands::db::{confirm, need_yes, resolve};
use crate::error::{Error, Kind, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Asks for confirmation on a terminal; pass --yes in scripts. System secrets (managed by Studio)
are refused unless --force is given.

Examples:
  neynar-studio secrets unset OLD_TOKEN
  neynar-studio secrets unset A B --yes -d server-250904162435170")]
pub struct Args {
    /// The variable names
    #[arg(value_name = "KEY", required = true)]
    pub keys: Vec<String>,

    /// Do not ask for confirmation (needed when there is no terminal)
    #[arg(short = 'y', long)]
    pub yes: bool,

    /// Also remove system secrets (managed by Studio; the app may stop working)
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub deployment: DeploymentArg,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let mut keys: Vec<String> = Vec::new();
    for k in check_keys(&args.keys)? {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    need_yes(args.yes, &format!("remove {}", keys_text(&keys)))?;
    let r = resolve(ctx, &args.deployment).await?;
    let listed = r.client.secrets(&r.id, None).await?;
    let mut ids = Vec::new();
    let mut missing = Vec::new();
    let mut system = Vec::new();
    for key in &keys {
        let found: Vec<_> = listed.iter().filter(|s| s.key() == Some(key)).collect();
        if found.is_empty() {
            missing.push(key.clone());
        }
        for s in found {
            if s.is_system() {
                system.push(key.clone());
            }
            match s.id() {
                Some(id) => ids.push(id.to_string()),
                None => {
                    return Err(Error::failure(format!(
                        "the API listed {key} without an id, so it cannot be removed"
                    )));
                }
            }
        }
    }
    if !missing.is_empty() {
        return Err(Error::new(
            Kind::NotFound,
            format!("{} has no secret {}", r.target, keys_text(&missing)),
        )
        .hint("see the secrets with `neynar-studio secrets list`; nothing was removed"));
    }
    system.dedup();
    if !system.is_empty() && !args.force {
        return Err(Error::usage(format!(
            "{} is managed by Studio (a system secret); refusing to remove it",
            keys_text(&system)
        ))
        .hint("pass --force to remove it anyway; the app may stop working"));
    }
    let what = if system.is_empty() {
        String::new()
    } else {
        format!(" ({} is a system secret)", keys_text(&system))
    };
    confirm(
        args.yes,
        &format!(
            "Remove {} from {}{what}? [y/N] ",
            keys_text(&keys),
            r.target
        ),
        "no secret was removed",
    )
    .await?;
    let answer = r.client.delete_secrets(&r.id, &ids).await?;
    if ctx.out.json {
        ctx.out.print_json(&answer)?;
        return Ok(());
    }
    ctx.out
        .print(&format!("Removed {} from {}.", keys_text(&keys), r.target))?;
    Ok(())
}
