//! `neynar-studio db`: the generated app's database. Every verb takes `-d NAME|UUID`; the API
//! needs the deployment's id, so a name is resolved first (`GET by-name-and-fid`).
//!
//! Writes (`insert`, `update`, `delete`, `sql`) are sent once, never retried. `update` and
//! `delete` need `--where`, and confirm on a terminal (`--yes` elsewhere), showing the WHERE
//! clause. Values given as `K=V` are typed from the table's schema when it is known, else read
//! as JSON literals with a plain string as the fallback.

pub mod delete;
pub mod insert;
pub mod provision;
pub mod query;
pub mod schema;
pub mod sql;
pub mod tables;
pub mod update;

use clap::Subcommand;
use serde_json::{Map, Number, Value};

use crate::api::Client;
use crate::api::client::Target;
use crate::api::database::TableSchema;
use crate::commands::conversations::DeploymentArg;
use crate::commands::deploy::not_found;
use crate::commands::{Ctx, ask};
use crate::error::{Error, Result};
use crate::render::sanitize;

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Provision the app's database (Neon), or attach your own with --connection-string-stdin
    Provision(provision::Args),
    /// List the tables and views
    Tables(tables::Args),
    /// Show a table's columns, indexes and foreign keys
    Schema(schema::Args),
    /// Read a table's rows: a table on a terminal, or CSV, JSON, NDJSON
    Query(query::Args),
    /// Run a read-only SQL statement (SELECT, WITH or EXPLAIN; admin keys only)
    Sql(sql::Args),
    /// Insert rows from a JSON array or NDJSON (batches of 100)
    Insert(insert::Args),
    /// Update the rows matching --where (asks first)
    Update(update::Args),
    /// Delete the rows matching --where (asks first)
    Delete(delete::Args),
}

pub async fn run(ctx: &Ctx, cmd: DbCommand) -> Result<()> {
    match cmd {
        DbCommand::Provision(args) => provision::run(ctx, args).await,
        DbCommand::Tables(args) => tables::run(ctx, args).await,
        DbCommand::Schema(args) => schema::run(ctx, args).await,
        DbCommand::Query(args) => query::run(ctx, args).await,
        DbCommand::Sql(args) => sql::run(ctx, args).await,
        DbCommand::Insert(args) => insert::run(ctx, args).await,
        DbCommand::Update(args) => update::run(ctx, args).await,
        DbCommand::Delete(args) => delete::run(ctx, args).await,
    }
}

/// The deployment a `db` or `secrets` verb works on, resolved to what the API needs.
pub struct Resolved {
    pub client: Client,
    pub fid: u64,
    pub target: Target,
    pub id: String,
}

/// Resolves `-d` (or the current deployment) to its id.
pub async fn resolve(ctx: &Ctx, deployment: &DeploymentArg) -> Result<Resolved> {
    let target = deployment.target(ctx)?;
    let fid = ctx.fid()?;
    let client = ctx.client()?;
    let id = client
        .deployment_id(fid, &target)
        .await
        .map_err(|e| not_found(e.into(), &target, fid))?;
    Ok(Resolved {
        client,
        fid,
        target,
        id,
    })
}

pub use crate::commands::can_ask;

/// Refuses a destructive change without `--yes` when there is no terminal to ask on. Called
/// before anything is sent.
pub fn need_yes(yes: bool, what: &str) -> Result<()> {
    if yes || can_ask() {
        return Ok(());
    }
    Err(
        Error::usage(format!("refusing to {what} without confirmation"))
            .hint("pass --yes to confirm (there is no terminal to ask on)"),
    )
}

/// Asks `question` (ending in `[y/N] `) on the terminal unless `yes`; anything but yes stops
/// with `refused`.
pub async fn confirm(yes: bool, question: &str, refused: &str) -> Result<()> {
    if yes {
        return Ok(());
    }
    let answer = ask(question, false).await?;
    if matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes") {
        Ok(())
    } else {
        Err(Error::usage(format!("not confirmed; {refused}")))
    }
}

/// The rewording of a 404 on a table.
pub fn no_table(err: Error, table: &str, target: &Target) -> Error {
    let shown = sanitize(table).into_owned();
    err.reword_on(404, format!("no table '{shown}' in the database of {target}"))
        .hint_on(
            404,
            "list the tables with `neynar-studio db tables`; a database is created with `neynar-studio db provision`",
        )
}

/// A `K=V` pair of `--where` or `--set`: split at the first '='.
pub fn parse_pair(raw: &str) -> std::result::Result<(String, String), String> {
    match raw.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!("'{}' is not COLUMN=VALUE", sanitize(raw))),
    }
}

/// The table's schema for typing values; `None` when it cannot be read (the values are then
/// typed as JSON literals). A missing table stops here.
pub async fn schema_for_typing(r: &Resolved, table: &str) -> Result<Option<TableSchema>> {
    match r.client.table_schema(r.fid, &r.id, table).await {
        Ok(s) => Ok(Some(s)),
        Err(e) => {
            let err = Error::from(e);
            match err.status() {
                Some(404) => Err(no_table(err, table, &r.target)),
                Some(401 | 403) => Err(err),
                _ => Ok(None),
            }
        }
    }
}

/// Types `raw` for a column of SQL type `sql_type` (`None`: unknown). Text-like columns take
/// the text as it is; numbers and booleans must parse; JSON columns and unknown ones read a
/// JSON literal, with the text itself as the fallback.
pub fn typed(column: &str, raw: &str, sql_type: Option<&str>) -> Result<Value> {
    let literal =
        || serde_json::from_str::<Value>(raw).unwrap_or_else(|_| Value::String(raw.into()));
    let Some(t) = sql_type.map(|t| t.to_ascii_lowercase()) else {
        return Ok(literal());
    };
    let bad = |what: &str| {
        Error::usage(format!(
            "'{}' is not {what}, as column {} ({t}) needs",
            sanitize(raw),
            sanitize(column)
        ))
    };
    let t_ref = t.as_str();
    if raw == "null" {
        // NULL, except in a text column, where it is the word.
        if !is_text(t_ref) {
            return Ok(Value::Null);
        }
    }
    if matches!(
        t_ref,
        "integer"
            | "int"
            | "int2"
            | "int4"
            | "int8"
            | "smallint"
            | "bigint"
            | "serial"
            | "bigserial"
            | "smallserial"
    ) {
        return raw
            .trim()
            .parse::<i64>()
            .map(|n| Value::Number(n.into()))
            .map_err(|_| bad("an integer"));
    }
    if t_ref.starts_with("numeric")
        || t_ref.starts_with("decimal")
        || matches!(
            t_ref,
            "real" | "double precision" | "float4" | "float8" | "float"
        )
    {
        return raw
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| bad("a number"));
    }
    if matches!(t_ref, "boolean" | "bool") {
        return match raw.trim().to_ascii_lowercase().as_str() {
            "true" | "t" | "yes" | "y" | "1" | "on" => Ok(Value::Bool(true)),
            "false" | "f" | "no" | "n" | "0" | "off" => Ok(Value::Bool(false)),
            _ => Err(bad("a boolean")),
        };
    }
    if is_text(t_ref) {
        return Ok(Value::String(raw.to_string()));
    }
    Ok(literal())
}

fn is_text(t: &str) -> bool {
    t == "text"
        || t.starts_with("character")
        || t.starts_with("varchar")
        || t.starts_with("char")
        || t == "uuid"
        || t == "citext"
        || t.starts_with("timestamp")
        || t.starts_with("date")
        || t.starts_with("time")
        || t == "interval"
        || t == "inet"
}

/// Types every pair; a column the schema does not have is refused when the schema is known.
pub fn typed_map(
    pairs: &[(String, String)],
    schema: Option<&TableSchema>,
    flag: &str,
) -> Result<Map<String, Value>> {
    let mut map = Map::new();
    for (k, v) in pairs {
        let sql_type = match schema {
            Some(s) if !s.columns.is_empty() => Some(s.type_of(k).ok_or_else(|| {
                let known: Vec<&str> = s.columns.iter().map(|c| c.name.as_str()).collect();
                Error::usage(format!(
                    "{flag} names column '{}', which table '{}' does not have",
                    sanitize(k),
                    sanitize(&s.table)
                ))
                .hint(format!("its columns: {}", sanitize(&known.join(", "))))
            })?),
            _ => None,
        };
        if map.insert(k.clone(), typed(k, v, sql_type)?).is_some() {
            return Err(Error::usage(format!(
                "{flag} {} is given more than once",
                sanitize(k)
            )));
        }
    }
    Ok(map)
}

/// A value as SQL text, for showing a WHERE or SET clause.
pub fn sql_literal(v: &Value) -> String {
    match v {
        Value::Null => "NULL".into(),
        Value::String(s) => format!("'{}'", s.replace('\'', "''")),
        other => other.to_string(),
    }
}

/// `a = 1 AND b = 'x'`.
pub fn clause(map: &Map<String, Value>, join: &str) -> String {
    map.iter()
        .map(|(k, v)| format!("{} = {}", k, sql_literal(v)))
        .collect::<Vec<_>>()
        .join(join)
}

/// Shared flags of `update` and `delete`.
#[derive(Debug, Clone, clap::Args)]
pub struct WhereArgs {
    /// The table
    #[arg(value_name = "TABLE")]
    pub table: String,

    /// Only rows where COLUMN equals VALUE (repeatable, all must match; required)
    #[arg(long = "where", value_name = "COLUMN=VALUE", value_parser = parse_pair, required = true)]
    pub filter: Vec<(String, String)>,

    /// Do not ask for confirmation (needed when there is no terminal)
    #[arg(short = 'y', long)]
    pub yes: bool,

    #[command(flatten)]
    pub deployment: DeploymentArg,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_follow_the_column_type() {
        assert_eq!(typed("n", "42", Some("integer")).unwrap(), json!(42));
        assert!(typed("n", "4x", Some("bigint")).is_err());
        assert_eq!(
            typed("p", "1.5", Some("numeric(10,2)")).unwrap(),
            json!(1.5)
        );
        assert_eq!(typed("b", "t", Some("boolean")).unwrap(), json!(true));
        assert!(typed("b", "maybe", Some("boolean")).is_err());
        assert_eq!(typed("s", "42", Some("text")).unwrap(), json!("42"));
        assert_eq!(typed("s", "null", Some("text")).unwrap(), json!("null"));
        assert_eq!(typed("n", "null", Some("integer")).unwrap(), json!(null));
        assert_eq!(
            typed("j", r#"{"a":1}"#, Some("jsonb")).unwrap(),
            json!({"a": 1})
        );
        // Unknown: a JSON literal, or the text.
        assert_eq!(typed("x", "42", None).unwrap(), json!(42));
        assert_eq!(typed("x", "true", None).unwrap(), json!(true));
        assert_eq!(typed("x", "bob", None).unwrap(), json!("bob"));
        assert_eq!(typed("x", "\"7\"", None).unwrap(), json!("7"));
    }

    #[test]
    fn clauses_read_like_sql() {
        let mut m = Map::new();
        m.insert("id".into(), json!(5));
        m.insert("name".into(), json!("o'neil"));
        m.insert("gone".into(), json!(null));
        assert_eq!(
            clause(&m, " AND "),
            "id = 5 AND name = 'o''neil' AND gone = NULL"
        );
        assert_eq!(parse_pair("a=b=c"), Ok(("a".into(), "b=c".into())));
        assert!(parse_pair("=x").is_err());
        assert!(parse_pair("x").is_err());
    }
}
