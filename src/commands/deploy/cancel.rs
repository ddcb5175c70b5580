//! `deploy cancel`: stop a running generation (it spends tokens while it runs). Without
//! `--conversation`, the deployment's most recent conversation. Safe to repeat: "nothing was
//! running" is a success.

use super::{TargetArgs, generation, not_found, parse_uuid};
use crate::commands::Ctx;
use crate::error::Result;
use crate::render::sanitize;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Safe to repeat: when nothing is running it says so and exits 0.

Examples:
  neynar-studio deploy cancel
  neynar-studio deploy cancel server-250904162435170
  neynar-studio deploy cancel --conversation 7c9e6679-7425-40de-944b-e07fc1f90ae7 --json")]
pub struct Args {
    #[command(flatten)]
    pub target: TargetArgs,

    /// The conversation whose generation to stop [default: the most recent]
    #[arg(long = "conversation", value_name = "UUID", value_parser = parse_uuid)]
    pub conversation: Option<uuid::Uuid>,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let target = ctx.target_or_current(args.target.name, args.target.id)?;
    let fid = ctx.fid()?;
    let client = ctx.client()?;
    let done = generation::cancel_generation(
        &client,
        fid,
        &target,
        args.target.namespace.as_deref(),
        args.conversation.map(|c| c.to_string()),
    )
    .await
    .map_err(|e| not_found(e.into(), &target, fid))?;
    let shown = sanitize(&target.to_string()).into_owned();
    if ctx.out.json {
        let answer = match &done.answer {
            Some(a) => a.clone().into_value(),
            None => serde_json::json!({"cancelled": false}),
        };
        ctx.out.print_json(&answer)?;
        return Ok(());
    }
    let line = match (&done.conversation, done.stopped_one()) {
        (Some(c), true) => format!(
            "Cancelled the generation of {shown} (conversation {}).",
            sanitize(c)
        ),
        (Some(c), false) => format!(
            "Nothing was running on {shown} (conversation {}); nothing to cancel.",
            sanitize(c)
        ),
        (None, _) => format!("{shown} has no conversations; nothing was running."),
    };
    ctx.out.print(&line)?;
    Ok(())
}
