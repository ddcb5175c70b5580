//! `db delete TABLE --where K=V... [--yes]`: deletes the rows that match every `--where`
//! (equality, as the API takes it; `--where` is required). Asks first on a terminal, showing
//! the statement; `--yes` elsewhere. Sent once.

use super::{
    WhereArgs, clause, confirm, need_yes, no_table, resolve, schema_for_typing, typed_map,
};
use crate::commands::Ctx;
use crate::error::{Error, Result};
use crate::render::sanitize;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  neynar-studio db delete users --where id=42
  neynar-studio db delete sessions --where user_id=7 --where kind=web --yes")]
pub struct Args {
    #[command(flatten)]
    pub target: WhereArgs,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let table = &args.target.table;
    let shown = sanitize(table).into_owned();
    need_yes(args.target.yes, &format!("delete rows of {shown}"))?;
    let r = resolve(ctx, &args.target.deployment).await?;
    let schema = schema_for_typing(&r, table).await?;
    let filter = typed_map(&args.target.filter, schema.as_ref(), "--where")?;
    let statement = format!("DELETE FROM {shown} WHERE {}", clause(&filter, " AND "));
    confirm(
        args.target.yes,
        &format!("{}\nRun this on {}? [y/N] ", sanitize(&statement), r.target),
        "no rows were deleted",
    )
    .await?;
    let n = r
        .client
        .delete_rows(r.fid, &r.id, table, &filter)
        .await
        .map_err(|e| no_table(Error::from(e), table, &r.target))?;
    if ctx.out.json {
        ctx.out
            .print_json(&serde_json::json!({ "deletedCount": n }))?;
        return Ok(());
    }
    let rows = if n == 1 { "row" } else { "rows" };
    ctx.out.print(&format!("Deleted {n} {rows} of {shown}."))?;
    Ok(())
}
