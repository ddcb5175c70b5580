//! `secrets list`: key, type and the masked preview the API gives; never a value, not even
//! with `--json` (a value field is dropped on the way in).

use crate::commands::Ctx;
use crate::commands::conversations::DeploymentArg;
use crate::commands::db::resolve;
use crate::error::Result;
use crate::render::{columns, sanitize};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  neynar-studio secrets list
  neynar-studio secrets list -d server-250904162435170 --json")]
pub struct Args {
    #[command(flatten)]
    pub deployment: DeploymentArg,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let r = resolve(ctx, &args.deployment).await?;
    let mut list = r.client.secrets(&r.id, None).await?;
    list.sort_by(|a, b| a.key().cmp(&b.key()));
    if ctx.out.json {
        ctx.out.print_json(&list)?;
        return Ok(());
    }
    if list.is_empty() {
        ctx.out.note(&format!(
            "{} has no secrets yet. Set one with `neynar-studio secrets set KEY`.",
            r.target
        ));
        return Ok(());
    }
    let p = ctx.out.paint();
    let mut rows = vec![
        ["KEY", "TYPE", "PREVIEW"]
            .iter()
            .map(|h| p.bold(h))
            .collect::<Vec<_>>(),
    ];
    for s in &list {
        rows.push(vec![
            sanitize(s.key().unwrap_or("-")).into_owned(),
            sanitize(s.kind().unwrap_or("-")).into_owned(),
            sanitize(s.preview().unwrap_or("-")).into_owned(),
        ]);
    }
    ctx.out.print_table(&columns(&rows))?;
    Ok(())
}
