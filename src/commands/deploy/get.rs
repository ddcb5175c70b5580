//! `deploy get`: one deployment, as a key/value view or its JSON.

use std::time::SystemTime;

use super::{TargetArgs, not_found};
use crate::commands::Ctx;
use crate::error::Result;
use crate::render::deployment;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  neynar-studio deploy get                          # the current deployment
  neynar-studio deploy get server-250904162435170
  neynar-studio deploy get --id 0b7e9c1e-1c4f-4d0c-9a57-2f6d1f3b8e21 --json")]
pub struct Args {
    #[command(flatten)]
    pub target: TargetArgs,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let target = ctx.target_or_current(args.target.name, args.target.id)?;
    let fid = ctx.fid()?;
    let client = ctx.client()?;
    let d = client
        .get(fid, &target, args.target.namespace.as_deref())
        .await
        .map_err(|e| not_found(e.into(), &target, fid))?;
    if ctx.out.json {
        ctx.out.print_json(&d)?;
    } else {
        ctx.out
            .print_styled(&deployment::detail(&d, SystemTime::now(), ctx.out.paint()))?;
    }
    Ok(())
}
