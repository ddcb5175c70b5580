//! `deploy build`: run the app's build on the server; when it fails, the server's build-fixer
//! agent works on it. Both stream like a prompt and are drawn by the same renderer (NDJSON
//! under `--json`). Spends LLM tokens: sent once, never retried.

use std::time::Duration;

use super::{TargetArgs, generation, not_found};
use crate::api::client::Target;
use crate::api::dev::BuildType;
use crate::api::error::ApiError;
use crate::commands::Ctx;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Type {
    /// `npm run build`: checks the dev server's app
    Npm,
    /// `vercel build`: the production build
    Vercel,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Streams the build and the fixing agent's work. Ctrl-C cancels it on the server (within a
few seconds), unless --detach.

Examples:
  neynar-studio deploy build
  neynar-studio deploy build server-250904162435170 --type npm
  neynar-studio deploy build --json > build.ndjson")]
pub struct Args {
    #[command(flatten)]
    pub target: TargetArgs,

    /// The build tool [default: the server's, vercel]
    #[arg(long = "type", value_enum, value_name = "TYPE")]
    pub build_type: Option<Type>,

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
    let build_type = args.build_type.map(|t| match t {
        Type::Npm => BuildType::Npm,
        Type::Vercel => BuildType::Vercel,
    });
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
        .build(&target, namespace, build_type, args.idle_timeout)
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

/// A refused build or recover, in the user's words.
pub(super) fn rejected(e: ApiError, target: &Target, fid: u64) -> Error {
    not_found(e.into(), target, fid).hint_on(
        409,
        format!(
            "a generation is already running; wait for it (`{}`) or cancel it (`{}`)",
            status_command(target),
            generation::cancel_command(target)
        ),
    )
}

pub(super) fn status_command(target: &Target) -> String {
    match target {
        Target::Name(n) => format!("neynar-studio deploy status {n}"),
        Target::Id(id) => format!("neynar-studio deploy status --id {id}"),
    }
}
