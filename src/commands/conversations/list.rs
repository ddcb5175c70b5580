//! `conversations list`: a deployment's conversations, the most recently updated first.

use super::DeploymentArg;
use crate::commands::Ctx;
use crate::commands::deploy::not_found;
use crate::error::Result;
use crate::render::conversation;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  neynar-studio conversations list
  neynar-studio conv list -d server-250904162435170
  neynar-studio conv list --json | jq -r '.[0].id'")]
pub struct Args {
    #[command(flatten)]
    pub deployment: DeploymentArg,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let target = args.deployment.target(ctx)?;
    let fid = ctx.fid()?;
    let client = ctx.client()?;
    let mut list = client
        .conversations(fid, &target)
        .await
        .map_err(|e| not_found(e.into(), &target, fid))?;
    // Most recent first (RFC 3339 times compare as text).
    list.sort_by(|a, b| b.updated_at().cmp(&a.updated_at()));
    if ctx.out.json {
        ctx.out.print_json(&list)?;
        return Ok(());
    }
    if list.is_empty() {
        ctx.out.note(&format!(
            "{target} has no conversations yet. Start one with `neynar-studio deploy prompt`."
        ));
        return Ok(());
    }
    ctx.out
        .print_table(&conversation::table(&list, ctx.out.paint()))?;
    Ok(())
}
