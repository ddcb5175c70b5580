//! `deploy stop`: stop the generated app's dev server (a Studio admin operation). The app goes
//! offline, so it asks first on a terminal and needs `--yes` elsewhere.

use super::TargetArgs;
use super::start::{Switch, switch};
use crate::commands::{Ctx, ask};
use crate::error::{Error, Result};
use crate::render::sanitize;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Needs a Studio admin key. Asks for confirmation on a terminal; pass --yes in scripts.

Examples:
  neynar-studio deploy stop
  neynar-studio deploy stop server-250904162435170 --yes")]
pub struct Args {
    #[command(flatten)]
    pub target: TargetArgs,

    /// Do not ask for confirmation (needed when there is no terminal)
    #[arg(short = 'y', long)]
    pub yes: bool,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let target = ctx.target_or_current(args.target.name, args.target.id)?;
    let shown = sanitize(&target.to_string()).into_owned();
    if !args.yes {
        let terminal = crate::commands::can_ask();
        if !terminal {
            return Err(Error::usage(format!(
                "refusing to stop the dev server of {shown} without confirmation"
            ))
            .hint("pass --yes to confirm (there is no terminal to ask on)"));
        }
    }
    let fid = ctx.fid()?;
    let client = ctx.client()?;
    if !args.yes {
        let answer = ask(
            &format!("Stop the dev server of {shown}? The app goes offline. [y/N] "),
            false,
        )
        .await?;
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes") {
            return Err(Error::usage(
                "not confirmed; the dev server was not stopped",
            ));
        }
    }
    switch(
        ctx,
        &client,
        fid,
        &target,
        args.target.namespace.as_deref(),
        Switch::Stop,
    )
    .await
}
