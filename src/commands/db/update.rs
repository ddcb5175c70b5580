//! `db update TABLE --where K=V... --set K=V... [--yes]`: sets columns on the rows that match
//! every `--where` (equality, as the API takes it). Asks first on a terminal, showing the
//! statement; `--yes` elsewhere. Sent once.

use super::{
    WhereArgs, clause, confirm, need_yes, no_table, parse_pair, resolve, schema_for_typing,
    typed_map,
};
use crate::commands::Ctx;
use crate::error::{Error, Result};
use crate::render::sanitize;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Values are typed from the table's schema (42 is a number in an integer column and text in a
text column); in a column of unknown type they are JSON literals, or text.

Examples:
  neynar-studio db update users --where id=42 --set email=new@example.com
  neynar-studio db update users --where plan=trial --set plan=pro --yes")]
pub struct Args {
    #[command(flatten)]
    pub target: WhereArgs,

    /// Set COLUMN to VALUE (repeatable; required)
    #[arg(long = "set", value_name = "COLUMN=VALUE", value_parser = parse_pair, required = true)]
    pub set: Vec<(String, String)>,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let table = &args.target.table;
    let shown = sanitize(table).into_owned();
    need_yes(args.target.yes, &format!("update rows of {shown}"))?;
    let r = resolve(ctx, &args.target.deployment).await?;
    let schema = schema_for_typing(&r, table).await?;
    let filter = typed_map(&args.target.filter, schema.as_ref(), "--where")?;
    let set = typed_map(&args.set, schema.as_ref(), "--set")?;
    let statement = format!(
        "UPDATE {shown} SET {} WHERE {}",
        clause(&set, ", "),
        clause(&filter, " AND ")
    );
    confirm(
        args.target.yes,
        &format!("{}\nRun this on {}? [y/N] ", sanitize(&statement), r.target),
        "no rows were updated",
    )
    .await?;
    let n = r
        .client
        .update_rows(r.fid, &r.id, table, &filter, &set)
        .await
        .map_err(|e| no_table(Error::from(e), table, &r.target))?;
    if ctx.out.json {
        ctx.out
            .print_json(&serde_json::json!({ "updatedCount": n }))?;
        return Ok(());
    }
    let rows = if n == 1 { "row" } else { "rows" };
    ctx.out.print(&format!("Updated {n} {rows} of {shown}."))?;
    Ok(())
}
