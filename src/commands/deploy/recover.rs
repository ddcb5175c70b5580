//! `deploy recover`: the server's recovery agent reads the dev server's errors and fixes the
//! app (falling back to a full build). Streams like a prompt, drawn by the same renderer
//! (NDJSON under `--json`). Spends LLM tokens: sent once, never retried.

use std::time::Duration;

use super::build::{rejected, status_command};
use super::{TargetArgs, generation};
use crate::commands::Ctx;
use crate::error::Result;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Streams the recovery agent's work. Ctrl-C cancels it on the server (within a few seconds),
unless --detach.

Examples:
  neynar-studio deploy recover
  neynar-studio deploy recover server-250904162435170 --json | jq -r .type")]
pub struct Args {
    #[command(flatten)]
    pub target: TargetArgs,

    /// End the stream when it sends nothing at all for this long
    #[arg(long, value_name = "DUR", default_value = "5m", value_parser = crate::duration::parse_positive)]
    pub idle_timeout: Duration,

    /// On Ctrl-C, leave the work running on the server instead of cancelling it
    #[arg(long)]
    pub detach: bool,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let target = ctx.target_or_current(args.target.name, args.target.id)?;
    let fid = ctx.fid()?;
    let client = ctx.client()?;
    let namespace = args.target.namespace.as_deref();
    let slot = generation::ConversationSlot::default();
    generation::arm_interrupt(
        ctx,
        &client,
        fid,
        &target,
        namespace,
        None,
        &slot,
        args.detach,
    );
    let stream = client
        .recover(&target, namespace, args.idle_timeout)
        .await
        .map_err(|e| rejected(e, &target, fid))?;
    generation::follow_to_end(
        ctx,
        stream,
        generation::Follow {
            conversation: None,
            session: None,
            url: None,
            check: status_command(&target),
            slot,
        },
    )
    .await
}
