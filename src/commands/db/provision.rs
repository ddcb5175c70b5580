//! `db provision`: a Neon database for the app, or your own attached. The connection string
//! is never in argv: it is read hidden on a terminal or as one line of stdin, never printed,
//! and masked everywhere like the API key.

use std::io::IsTerminal;

use super::resolve;
use crate::commands::conversations::DeploymentArg;
use crate::commands::{Ctx, ask, read_stdin_line};
use crate::error::{Error, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Provisioning is idempotent: a deployment that has a database keeps it.

Examples:
  neynar-studio db provision
  neynar-studio db provision -d server-250904162435170
  pass show neon/url | neynar-studio db provision --connection-string-stdin")]
pub struct Args {
    /// Attach your own PostgreSQL database: read its connection string from stdin (asked
    /// hidden on a terminal), never from the command line
    #[arg(long)]
    pub connection_string_stdin: bool,

    #[command(flatten)]
    pub deployment: DeploymentArg,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let connection = if args.connection_string_stdin {
        // A terminal on stdin is read hidden, whatever stderr is.
        let read = if std::io::stdin().is_terminal() {
            Some(ask("PostgreSQL connection string (hidden): ", true).await?)
        } else {
            read_stdin_line().await?
        };
        let value = read.map(|s| s.trim().to_string()).unwrap_or_default();
        if value.is_empty() {
            return Err(Error::usage("no connection string was given on stdin")
                .hint("pipe it in, e.g. `pass show neon/url | neynar-studio db provision --connection-string-stdin`"));
        }
        crate::secret::register(&value);
        Some(value)
    } else {
        None
    };
    let r = resolve(ctx, &args.deployment).await?;
    let spinner = ctx.out.spinner("provisioning the database");
    let answer = r
        .client
        .provision(r.fid, &r.id, connection.as_deref())
        .await;
    drop(spinner);
    let answer = answer.map_err(|e| {
        Error::from(e).hint_on(
            400,
            "check the connection string: postgres://USER:PASSWORD@HOST/DB",
        )
    })?;
    if ctx.out.json {
        ctx.out.print_json(&answer)?;
        return Ok(());
    }
    let already = answer
        .bool("alreadyProvisioned")
        .or(answer.bool("already_provisioned"))
        .unwrap_or(false);
    let text = match (already, connection.is_some()) {
        (true, _) => format!("{} already has a database.", r.target),
        (false, true) => format!("Attached your database to {}.", r.target),
        (false, false) => format!("Provisioned a database for {}.", r.target),
    };
    ctx.out.print(&text)?;
    Ok(())
}
