//! `db tables`: the tables and views of the app's database, like psql's `\dt`.

use super::resolve;
use crate::commands::Ctx;
use crate::commands::conversations::DeploymentArg;
use crate::error::Result;
use crate::render::{columns, sanitize};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  neynar-studio db tables
  neynar-studio db tables -d server-250904162435170 --json")]
pub struct Args {
    #[command(flatten)]
    pub deployment: DeploymentArg,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let r = resolve(ctx, &args.deployment).await?;
    let tables = r.client.tables(r.fid, &r.id).await?;
    if ctx.out.json {
        ctx.out.print_json(&tables)?;
        return Ok(());
    }
    if tables.is_empty() {
        ctx.out.note(&format!(
            "the database of {} has no tables yet (`neynar-studio db provision` creates the database)",
            r.target
        ));
        return Ok(());
    }
    let p = ctx.out.paint();
    let mut rows = vec![
        ["SCHEMA", "NAME", "TYPE", "ROWS"]
            .iter()
            .map(|h| p.bold(h))
            .collect::<Vec<_>>(),
    ];
    let text = |v: Option<&str>| sanitize(v.unwrap_or("-")).into_owned();
    for t in &tables {
        let kind = match t.kind() {
            Some("BASE TABLE") => "table".to_string(),
            Some("VIEW") => "view".to_string(),
            other => text(other),
        };
        rows.push(vec![
            text(t.schema()),
            text(t.name()),
            kind,
            t.rows_estimate()
                .map(|n| format!("~{n}"))
                .unwrap_or_else(|| "-".into()),
        ]);
    }
    ctx.out.print_table(&columns(&rows))?;
    Ok(())
}
