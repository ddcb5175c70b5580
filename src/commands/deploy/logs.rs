//! `deploy logs`: the production build's log events, one line each (time, stream, text),
//! sanitized by the writer. `vercel/logs` needs a Studio admin key: a 403 says so.

use super::{TargetArgs, not_found};
use crate::commands::Ctx;
use crate::error::Result;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Needs a Studio admin key. Shows the build logs of the production deployment (see
`deploy publish`), oldest first, one event a line.

Examples:
  neynar-studio deploy logs
  neynar-studio deploy logs server-250904162435170 --limit 500
  neynar-studio deploy logs --json | jq -r '.logs[] | select(.type == \"stderr\") | .text'")]
pub struct Args {
    #[command(flatten)]
    pub target: TargetArgs,

    /// The most log events to get (the server's default is 100)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: Option<u32>,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let target = ctx.target_or_current(args.target.name, args.target.id)?;
    let fid = ctx.fid()?;
    let client = ctx.client()?;
    let logs = client
        .production_logs(fid, &target, args.target.namespace.as_deref(), args.limit)
        .await
        .map_err(|e| {
            let err = not_found(e.into(), &target, fid)
                .reword_on(403, "reading the production build logs needs a Studio admin key");
            crate::commands::files::only_hint_on(
                err,
                403,
                "use a key with the Studio admin role (NEYNAR_API_KEY or `neynar-studio config init`)",
            )
        })?;
    if ctx.out.json {
        ctx.out.print_json(&logs)?;
        return Ok(());
    }
    let events = logs.events();
    if events.is_empty() {
        ctx.out.note(&format!(
            "{target} has no production build logs (is it published? see `neynar-studio deploy publish`)"
        ));
        return Ok(());
    }
    let mut text = String::new();
    for e in &events {
        if let Some(ms) = e.created_ms().filter(|ms| *ms > 0.0) {
            let t = std::time::UNIX_EPOCH + std::time::Duration::from_millis(ms as u64);
            text.push_str(&format!("{} ", humantime::format_rfc3339_seconds(t)));
        }
        if e.kind() == Some("stderr") {
            text.push_str("stderr ");
        }
        // One event, one line: a line break inside the text would forge another event.
        text.push_str(
            &e.text()
                .trim_end_matches(['\r', '\n'])
                .replace(['\r', '\n'], " "),
        );
        text.push('\n');
    }
    // Sanitized and masked by the writer.
    ctx.out.print_raw(&text)?;
    Ok(())
}
