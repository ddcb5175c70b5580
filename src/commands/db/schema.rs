//! `db schema TABLE`: a table's columns, indexes and foreign keys, as psql's `\d` shows them.

use super::{no_table, resolve};
use crate::api::database::TableSchema;
use crate::commands::Ctx;
use crate::commands::conversations::DeploymentArg;
use crate::error::{Error, Result};
use crate::render::{Paint, columns, sanitize};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  neynar-studio db schema users
  neynar-studio db schema users --json")]
pub struct Args {
    /// The table
    #[arg(value_name = "TABLE")]
    pub table: String,

    #[command(flatten)]
    pub deployment: DeploymentArg,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let r = resolve(ctx, &args.deployment).await?;
    let schema = r
        .client
        .table_schema(r.fid, &r.id, &args.table)
        .await
        .map_err(|e| no_table(Error::from(e), &args.table, &r.target))?;
    if ctx.out.json {
        ctx.out.print_json(&schema.raw)?;
        return Ok(());
    }
    let name = if schema.table.is_empty() {
        args.table.as_str()
    } else {
        schema.table.as_str()
    };
    ctx.out
        .print_styled(&describe(&schema, name, ctx.out.paint()))?;
    Ok(())
}

/// psql's `\d TABLE`: the columns, then "Indexes:" and "Foreign-key constraints:".
pub fn describe(s: &TableSchema, name: &str, p: Paint) -> String {
    let mut out = format!("Table \"{}\"\n", sanitize(name));
    let mut rows = vec![
        ["COLUMN", "TYPE", "NULLABLE", "DEFAULT"]
            .iter()
            .map(|h| p.bold(h))
            .collect::<Vec<_>>(),
    ];
    for c in &s.columns {
        rows.push(vec![
            sanitize(&c.name).into_owned(),
            sanitize(&c.data_type).into_owned(),
            match c.nullable {
                Some(false) => "not null".into(),
                _ => String::new(),
            },
            sanitize(c.default.as_deref().unwrap_or("")).into_owned(),
        ]);
    }
    out.push_str(&columns(&rows));
    if !s.indexes.is_empty() {
        out.push_str("Indexes:\n");
        for i in &s.indexes {
            let kind = if i.primary {
                " PRIMARY KEY,"
            } else if i.unique {
                " UNIQUE,"
            } else {
                ""
            };
            out.push_str(&format!(
                "    \"{}\"{kind} ({})\n",
                sanitize(&i.name),
                sanitize(&i.columns.join(", "))
            ));
        }
    }
    if !s.foreign_keys.is_empty() {
        out.push_str("Foreign-key constraints:\n");
        for f in &s.foreign_keys {
            out.push_str(&format!(
                "    \"{}\" FOREIGN KEY ({}) REFERENCES {}({})\n",
                sanitize(&f.name),
                sanitize(&f.column),
                sanitize(&f.table),
                sanitize(&f.referenced)
            ));
        }
    }
    out
}
