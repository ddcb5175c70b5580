//! The generated app's database, on a real embedded SQL engine: each deployment's is an
//! in-memory SQLite database (rusqlite, its own bundled SQLite), made by `database/provision`.
//! The API cannot create tables (`sql` is read-only): on the real platform the generated app's
//! migrations do. The emulator stands in for them: a new database gets the tables of the
//! scripted counter app (`SEED`: `users` and `counters`, with a unique key, an index and a
//! foreign key; no rows), or the script `--db-schema FILE` gives. The endpoints:
//! `tables`, `tables/{t}/schema` (from SQLite's pragmas, named the way Postgres names them:
//! `t_pkey`, `t_col_key`, `t_col_fkey`), `query`, `sql` (SELECT, WITH and EXPLAIN only, at
//! most 10,000 characters, one statement, and read-only as SQLite judges it), and
//! `tables/{t}/rows` insert (1 to 100 rows, in one transaction), update and delete (equality
//! filters only, `where` required, at most `limit` rows, 1000 by default).
//!
//! Nothing a request sends is spliced into SQL as text: values are bound as parameters, and
//! table and column names must exist in the database's schema before they are quoted as
//! identifiers. A BYO `connection_string` is checked for its scheme and otherwise ignored (the
//! database is SQLite all the same); it is never echoed, not even in an error.
//!
//! Errors are the spec's `{"error", "code"?}`: 400 for a bad body or a statement SQLite
//! refuses, 404 for an unknown deployment or table or a database not provisioned yet.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use rusqlite::Connection;
use rusqlite::types::{Value as Sql, ValueRef};
use serde_json::{Map, Value, json};

use super::Emu;
use super::routes::{Reject, Res, bad, body_fid, body_object, fail, json_reject, json_response};
use super::routes::{query_fid, query_map};

/// The `sql` endpoint's limit, in characters.
const MAX_SQL: usize = 10_000;
/// A statement running longer is stopped, as Postgres's statement timeout would.
const STATEMENT_TIMEOUT: Duration = Duration::from_secs(5);
/// Rows a `sql` answer may carry.
const MAX_SQL_ROWS: usize = 100_000;

type Db = Arc<Mutex<Connection>>;

/// The tables of the scripted counter app, made in every new database (no rows).
pub const SEED: &str = "\
CREATE TABLE users (
  fid INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT,
  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE counters (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  fid INTEGER NOT NULL REFERENCES users (fid) ON DELETE CASCADE,
  label TEXT NOT NULL DEFAULT 'clicks',
  count INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT
);
CREATE INDEX counters_fid_idx ON counters (fid);
";

/// The database options of the emulator (`neynar-studio emulator` flags).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct DatabaseOptions {
    /// SQL script that makes the tables of every new database, instead of the scripted counter
    /// app's (`users`, `counters`); an empty file leaves it empty
    #[arg(long, value_name = "FILE", value_parser = read_script)]
    pub db_schema: Option<String>,
}

fn read_script(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
}

/// Every provisioned deployment's database.
#[derive(Default)]
pub struct Databases {
    by_deployment: Mutex<HashMap<uuid::Uuid, Db>>,
}

impl std::fmt::Debug for Databases {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Databases")
    }
}

impl Databases {
    fn get(&self, id: &uuid::Uuid) -> Option<Db> {
        self.by_deployment
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(id)
            .cloned()
    }
}

fn coded(status: StatusCode, code: &str, message: &str) -> Box<Reject> {
    json_reject(status, &json!({"error": message, "code": code}))
}

fn not_provisioned() -> Box<Reject> {
    coded(
        StatusCode::NOT_FOUND,
        "DATABASE_NOT_PROVISIONED",
        "No database is provisioned for this deployment",
    )
}

fn table_not_found(table: &str) -> Box<Reject> {
    fail(
        StatusCode::NOT_FOUND,
        &format!("Table \"{table}\" not found"),
    )
}

/// SQLite's refusal, as the API's 400.
fn sql_error(e: rusqlite::Error) -> Box<Reject> {
    match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::OperationInterrupted =>
        {
            coded(
                StatusCode::BAD_REQUEST,
                "STATEMENT_TIMEOUT",
                "canceling statement due to statement timeout",
            )
        }
        rusqlite::Error::SqliteFailure(_, Some(message)) => {
            coded(StatusCode::BAD_REQUEST, "SQL_ERROR", &message)
        }
        // Postgres's message, not the statement back with an offset.
        rusqlite::Error::SqlInputError { msg, .. } => {
            coded(StatusCode::BAD_REQUEST, "SQL_ERROR", &msg)
        }
        rusqlite::Error::MultipleStatement => coded(
            StatusCode::BAD_REQUEST,
            "SQL_ERROR",
            "Only one statement may be executed",
        ),
        other => coded(StatusCode::BAD_REQUEST, "SQL_ERROR", &other.to_string()),
    }
}

/// The deployment a request names (`deployment_id`, a UUID), owned by `fid` when given; a
/// key that is not a Studio admin key must give the fid.
fn deployment(
    emu: &Emu,
    headers: &HeaderMap,
    raw: Option<&str>,
    fid: Option<u64>,
) -> Res<uuid::Uuid> {
    let raw = raw
        .filter(|s| !s.is_empty())
        .ok_or_else(|| bad("deployment_id is required"))?;
    let id = uuid::Uuid::parse_str(raw).map_err(|_| bad("deployment_id must be a UUID"))?;
    if fid.is_none() && !emu.is_admin(headers) {
        return Err(bad("fid is required"));
    }
    let mut world = emu.world();
    let d = world
        .find_mut(Some(&id), None, fid)
        .ok_or_else(super::routes::not_found)?;
    Ok(d.id)
}

fn body_id(map: &Map<String, Value>) -> Res<Option<&str>> {
    match map.get("deployment_id") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(bad("deployment_id must be a string")),
    }
}

/// The database of the deployment a body names.
fn database_for_body(emu: &Emu, headers: &HeaderMap, map: &Map<String, Value>) -> Res<Db> {
    let fid = body_fid(map, false)?;
    let id = deployment(emu, headers, body_id(map)?, fid)?;
    emu.databases.get(&id).ok_or_else(not_provisioned)
}

/// The database of the deployment a query string names.
fn database_for_query(emu: &Emu, headers: &HeaderMap, raw: Option<String>) -> Res<Db> {
    let q = query_map(raw);
    let fid = query_fid(&q, false)?;
    let id = deployment(
        emu,
        headers,
        q.get("deployment_id").map(String::as_str),
        fid,
    )?;
    emu.databases.get(&id).ok_or_else(not_provisioned)
}

/// Runs `f` on the database off the async threads (a statement may take a while).
async fn with_db<T: Send + 'static>(
    db: Db,
    f: impl FnOnce(&mut Connection) -> Res<T> + Send + 'static,
) -> Res<T> {
    tokio::task::spawn_blocking(move || {
        let mut conn = db.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut conn)
    })
    .await
    .map_err(|_| fail(StatusCode::INTERNAL_SERVER_ERROR, "The query failed"))?
}

/// `"name"`: an identifier quoted for SQL (only ever one read from the schema).
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A column as `PRAGMA table_info` has it.
struct Column {
    position: i64,
    name: String,
    decl: String,
    not_null: bool,
    default: Option<String>,
    /// Its place in the primary key (0: not in it).
    pk: i64,
}

impl Column {
    /// The column's type as the API shows it: the declared type, lowercased.
    fn type_name(&self) -> String {
        if self.decl.is_empty() {
            "any".into()
        } else {
            self.decl.to_ascii_lowercase()
        }
    }
}

/// `table` or `view`, for a user object of that name.
fn kind_of(conn: &Connection, table: &str) -> Res<Option<String>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT type FROM sqlite_schema WHERE name = ?1 AND type IN ('table', 'view') \
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
        )
        .map_err(sql_error)?;
    let mut rows = stmt.query([table]).map_err(sql_error)?;
    match rows.next().map_err(sql_error)? {
        Some(row) => Ok(Some(row.get(0).map_err(sql_error)?)),
        None => Ok(None),
    }
}

/// The columns of an existing table or view (404 when there is none).
fn columns_of(conn: &Connection, table: &str) -> Res<(String, Vec<Column>)> {
    let kind = kind_of(conn, table)?.ok_or_else(|| table_not_found(table))?;
    let mut stmt = conn
        .prepare_cached(
            "SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1)",
        )
        .map_err(sql_error)?;
    let columns = stmt
        .query_map([table], |r| {
            Ok(Column {
                position: r.get::<_, i64>(0)? + 1,
                name: r.get(1)?,
                decl: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                not_null: r.get::<_, i64>(3)? != 0,
                default: r.get(4)?,
                pk: r.get(5)?,
            })
        })
        .map_err(sql_error)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(sql_error)?;
    Ok((kind, columns))
}

/// A name the request gave, checked against the table's columns.
fn column<'c>(columns: &'c [Column], table: &str, name: &str) -> Res<&'c Column> {
    columns.iter().find(|c| c.name == name).ok_or_else(|| {
        bad(format!(
            "column \"{name}\" of relation \"{table}\" does not exist"
        ))
    })
}

/// A JSON value as an SQL parameter: booleans as 1/0, arrays and objects as JSON text.
fn to_sql(v: &Value) -> Sql {
    match v {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Sql::Integer(i),
            None => Sql::Real(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Sql::Text(s.clone()),
        other => Sql::Text(other.to_string()),
    }
}

/// An SQL value as JSON: blobs in Postgres's `\x` hex form.
fn to_json(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => json!(i),
        ValueRef::Real(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => {
            let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
            Value::String(format!("\\x{hex}"))
        }
    }
}

/// The type of a result column SQLite declares none for, from its first non-null value.
fn type_from_values(rows: &[Value], name: &str) -> String {
    let first = rows.iter().map(|r| &r[name]).find(|v| !v.is_null());
    match first {
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => "integer",
        Some(Value::Number(_)) => "real",
        Some(Value::String(_)) => "text",
        _ => "unknown",
    }
    .into()
}

/// Every row of a prepared statement, as objects in column order.
fn rows_of(stmt: &mut rusqlite::Statement<'_>, params: &[Sql], max: usize) -> Res<Vec<Value>> {
    let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    let mut rows = stmt
        .query(rusqlite::params_from_iter(params.iter()))
        .map_err(sql_error)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(sql_error)? {
        if out.len() == max {
            return Err(coded(
                StatusCode::BAD_REQUEST,
                "RESULT_TOO_LARGE",
                &format!("The result has more than {max} rows; add a LIMIT"),
            ));
        }
        let mut obj = Map::with_capacity(names.len());
        for (i, name) in names.iter().enumerate() {
            obj.insert(name.clone(), to_json(row.get_ref(i).map_err(sql_error)?));
        }
        out.push(Value::Object(obj));
    }
    Ok(out)
}

/// An integer field of a body ("type: number" in the spec, so 5.0 is 5).
fn int_field(map: &Map<String, Value>, key: &str, min: i64, max: i64, default: i64) -> Res<i64> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(default),
        Some(v) => {
            let f = v
                .as_f64()
                .filter(|f| f.fract() == 0.0)
                .ok_or_else(|| bad(format!("{key} must be an integer")))?;
            if f < min as f64 || f > max as f64 {
                return Err(bad(format!("{key} must be between {min} and {max}")));
            }
            Ok(f as i64)
        }
    }
}

/// The table a path names, once the path parameter is decoded.
fn path_table(name: &str) -> Res<String> {
    if name.is_empty() {
        return Err(bad("table_name is required"));
    }
    Ok(name.to_string())
}

/// `POST database/provision` `{deployment_id, fid, connection_string?}`: idempotent.
pub(super) async fn provision(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let map = body_object(body)?;
    let fid = body_fid(&map, true)?;
    let id = deployment(&emu, &headers, body_id(&map)?, fid)?;
    match map.get("connection_string") {
        None | Some(Value::Null) => {}
        Some(Value::String(s))
            if s.starts_with("postgres://") || s.starts_with("postgresql://") => {}
        Some(_) => {
            // Never echoed: it holds a password.
            return Err(coded(
                StatusCode::BAD_REQUEST,
                "INVALID_CONNECTION_STRING",
                "connection_string must be a postgres:// or postgresql:// URL",
            ));
        }
    }
    let already = {
        let mut all = emu
            .databases
            .by_deployment
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        match all.entry(id) {
            std::collections::hash_map::Entry::Occupied(_) => true,
            std::collections::hash_map::Entry::Vacant(slot) => {
                let conn = Connection::open_in_memory().map_err(sql_error)?;
                conn.pragma_update(None, "foreign_keys", true)
                    .map_err(sql_error)?;
                let script = emu.config.database.db_schema.as_deref().unwrap_or(SEED);
                conn.execute_batch(script).map_err(|e| {
                    coded(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "SCHEMA_FAILED",
                        &format!("The database schema script failed: {e}"),
                    )
                })?;
                slot.insert(Arc::new(Mutex::new(conn)));
                false
            }
        }
    };
    if let Some(d) = emu.world().find_mut(Some(&id), None, None) {
        d.has_database = true;
    }
    Ok(json_response(
        StatusCode::OK,
        &json!({"success": true, "alreadyProvisioned": already}),
    ))
}

/// `GET database/tables?deployment_id=…`: tables and views, by name.
pub(super) async fn tables(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let db = database_for_query(&emu, &headers, raw)?;
    let tables = with_db(db, |conn| {
        let mut stmt = conn
            .prepare(
                "SELECT name, type FROM sqlite_schema WHERE type IN ('table', 'view') \
                 AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
            )
            .map_err(sql_error)?;
        let found = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(sql_error)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(sql_error)?;
        let mut out = Vec::with_capacity(found.len());
        for (name, kind) in found {
            let (kind, estimate) = if kind == "view" {
                ("VIEW", Value::Null)
            } else {
                let count: i64 = conn
                    .query_row(&format!("SELECT COUNT(*) FROM {}", ident(&name)), [], |r| {
                        r.get(0)
                    })
                    .map_err(sql_error)?;
                ("BASE TABLE", json!(count))
            };
            out.push(json!({"name": name, "schema": "public", "type": kind, "rowCountEstimate": estimate}));
        }
        Ok(out)
    })
    .await?;
    Ok(json_response(StatusCode::OK, &json!({"tables": tables})))
}

/// `GET database/tables/{t}/schema?deployment_id=…`: columns, indexes, foreign keys.
pub(super) async fn schema(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    Path(table): Path<String>,
    RawQuery(raw): RawQuery,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let table = path_table(&table)?;
    let db = database_for_query(&emu, &headers, raw)?;
    let body = with_db(db, move |conn| table_schema(conn, &table)).await?;
    Ok(json_response(StatusCode::OK, &body))
}

fn table_schema(conn: &Connection, table: &str) -> Res<Value> {
    let (_, columns) = columns_of(conn, table)?;
    let mut pk: Vec<&Column> = columns.iter().filter(|c| c.pk > 0).collect();
    pk.sort_by_key(|c| c.pk);
    let pk_names: Vec<&str> = pk.iter().map(|c| c.name.as_str()).collect();
    let cols: Vec<Value> = columns
        .iter()
        .map(|c| {
            json!({
                "name": c.name,
                "type": c.type_name(),
                "nullable": !c.not_null && c.pk == 0,
                "defaultValue": c.default,
                "isPrimaryKey": c.pk > 0,
                "position": c.position,
            })
        })
        .collect();

    // Indexes: SQLite's, with its automatic names given Postgres's; a rowid primary key
    // (INTEGER PRIMARY KEY) has no index of its own in SQLite but one in Postgres.
    let mut indexes = Vec::new();
    let list: Vec<(String, bool, String)> = {
        let mut stmt = conn
            .prepare("SELECT name, \"unique\", origin FROM pragma_index_list(?1) ORDER BY seq DESC")
            .map_err(sql_error)?;
        stmt.query_map([table], |r| {
            Ok((r.get(0)?, r.get::<_, i64>(1)? != 0, r.get(2)?))
        })
        .map_err(sql_error)?
        .collect::<rusqlite::Result<_>>()
        .map_err(sql_error)?
    };
    let mut has_pk_index = false;
    for (name, unique, origin) in list {
        let index_columns: Vec<String> = {
            let mut stmt = conn
                .prepare("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")
                .map_err(sql_error)?;
            stmt.query_map([&name], |r| {
                Ok(r.get::<_, Option<String>>(0)?.unwrap_or_default())
            })
            .map_err(sql_error)?
            .collect::<rusqlite::Result<_>>()
            .map_err(sql_error)?
        };
        let primary = origin == "pk";
        has_pk_index |= primary;
        let shown = if primary {
            format!("{table}_pkey")
        } else if origin == "u" {
            format!("{table}_{}_key", index_columns.join("_"))
        } else {
            name
        };
        indexes.push(json!({"name": shown, "columns": index_columns, "isUnique": unique, "isPrimary": primary}));
    }
    if !has_pk_index && !pk_names.is_empty() {
        indexes.insert(
            0,
            json!({"name": format!("{table}_pkey"), "columns": pk_names, "isUnique": true, "isPrimary": true}),
        );
    }

    let foreign_keys: Vec<Value> = {
        let mut stmt = conn
            .prepare(
                "SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?1) ORDER BY id, seq",
            )
            .map_err(sql_error)?;
        let found: Vec<(String, String, Option<String>)> = stmt
            .query_map([table], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(sql_error)?
            .collect::<rusqlite::Result<_>>()
            .map_err(sql_error)?;
        let mut out = Vec::with_capacity(found.len());
        for (target, from, to) in found {
            // No column named: the referenced table's primary key.
            let to = match to {
                Some(to) => to,
                None => conn
                    .query_row(
                        "SELECT name FROM pragma_table_info(?1) WHERE pk = 1",
                        [&target],
                        |r| r.get(0),
                    )
                    .unwrap_or_else(|_| "rowid".into()),
            };
            out.push(json!({
                "constraintName": format!("{table}_{from}_fkey"),
                "columnName": from,
                "referencedTable": target,
                "referencedColumn": to,
            }));
        }
        out
    };

    Ok(json!({
        "tableName": table,
        "columns": cols,
        "indexes": indexes,
        "foreignKeys": foreign_keys,
        "primaryKeyColumns": pk_names,
    }))
}

/// `POST database/query` `{deployment_id, table, columns?, orderBy?, orderDirection?, limit?,
/// offset?}`: a page of rows and the table's total count.
pub(super) async fn query(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let map = body_object(body)?;
    let table = match map.get("table") {
        Some(Value::String(t)) if !t.is_empty() => t.clone(),
        None | Some(Value::Null) => return Err(bad("table is required")),
        Some(_) => return Err(bad("table must be a non-empty string")),
    };
    let wanted: Option<Vec<String>> = match map.get("columns") {
        None | Some(Value::Null) => None,
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .map(|v| v.as_str().map(String::from))
                .collect::<Option<_>>()
                .ok_or_else(|| bad("columns must be strings"))?,
        ),
        Some(_) => return Err(bad("columns must be an array of strings")),
    };
    let order_by = match map.get("orderBy") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(bad("orderBy must be a string")),
    };
    let descending = match map.get("orderDirection") {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) if s == "asc" => false,
        Some(Value::String(s)) if s == "desc" => true,
        Some(_) => return Err(bad("orderDirection must be asc or desc")),
    };
    let limit = int_field(&map, "limit", 1, 1000, 100)?;
    let offset = int_field(&map, "offset", 0, i64::MAX, 0)?;
    let db = database_for_body(&emu, &headers, &map)?;
    let body = with_db(db, move |conn| {
        let (_, columns) = columns_of(conn, &table)?;
        let selected: Vec<&Column> = match &wanted {
            Some(names) if !names.is_empty() => names
                .iter()
                .map(|n| column(&columns, &table, n))
                .collect::<Res<_>>()?,
            _ => columns.iter().collect(),
        };
        let list: Vec<String> = selected.iter().map(|c| ident(&c.name)).collect();
        let mut sql = format!("SELECT {} FROM {}", list.join(", "), ident(&table));
        if let Some(o) = &order_by {
            let c = column(&columns, &table, o)?;
            sql.push_str(&format!(
                " ORDER BY {} {}",
                ident(&c.name),
                if descending { "DESC" } else { "ASC" }
            ));
        }
        sql.push_str(" LIMIT ?1 OFFSET ?2");
        let total: i64 = conn
            .query_row(
                &format!("SELECT COUNT(*) FROM {}", ident(&table)),
                [],
                |r| r.get(0),
            )
            .map_err(sql_error)?;
        let mut stmt = conn.prepare(&sql).map_err(sql_error)?;
        let rows = rows_of(
            &mut stmt,
            &[Sql::Integer(limit), Sql::Integer(offset)],
            usize::MAX,
        )?;
        let meta: Vec<Value> = selected
            .iter()
            .map(|c| json!({"name": c.name, "type": c.type_name()}))
            .collect();
        let has_more = offset.saturating_add(rows.len() as i64) < total;
        Ok(json!({
            "columns": meta,
            "rows": rows,
            "totalCount": total,
            "limit": limit,
            "offset": offset,
            "hasMore": has_more,
        }))
    })
    .await?;
    Ok(json_response(StatusCode::OK, &body))
}

/// The first keyword of a statement, past whitespace, comments and opening parentheses.
fn first_keyword(sql: &str) -> String {
    let mut rest = sql;
    loop {
        let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '(');
        if let Some(after) = trimmed.strip_prefix("--") {
            rest = after.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(after) = trimmed.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, r)| r);
        } else {
            rest = trimmed;
            break;
        }
    }
    rest.chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_uppercase()
}

fn read_only_refusal() -> Box<Reject> {
    coded(
        StatusCode::BAD_REQUEST,
        "FORBIDDEN_STATEMENT",
        "Only SELECT, WITH, and EXPLAIN queries are allowed",
    )
}

/// `POST database/sql` `{deployment_id, sql}`: one read-only statement (admin only).
pub(super) async fn sql(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let map = body_object(body)?;
    let text = match map.get("sql") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        None | Some(Value::Null) => return Err(bad("sql is required")),
        Some(_) => return Err(bad("sql must be a non-empty string")),
    };
    if text.chars().count() > MAX_SQL {
        return Err(bad(format!("sql must be at most {MAX_SQL} characters")));
    }
    if !matches!(first_keyword(&text).as_str(), "SELECT" | "WITH" | "EXPLAIN") {
        return Err(read_only_refusal());
    }
    let db = database_for_body(&emu, &headers, &map)?;
    if !emu.is_admin(&headers) {
        return Err(fail(StatusCode::FORBIDDEN, "Admin access required"));
    }
    let body = with_db(db, move |conn| {
        let started = Instant::now();
        let deadline = started + STATEMENT_TIMEOUT;
        conn.progress_handler(10_000, Some(move || Instant::now() > deadline))
            .map_err(sql_error)?;
        let result = run_read_only(conn, &text);
        conn.progress_handler(0, None::<fn() -> bool>)
            .map_err(sql_error)?;
        let (columns, rows) = result?;
        Ok(json!({
            "columns": columns,
            "rowCount": rows.len(),
            "rows": rows,
            "executionTimeMs": (started.elapsed().as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0,
        }))
    })
    .await?;
    Ok(json_response(StatusCode::OK, &body))
}

fn run_read_only(conn: &Connection, text: &str) -> Res<(Vec<Value>, Vec<Value>)> {
    let mut stmt = conn.prepare(text).map_err(sql_error)?;
    // `WITH x AS (...) DELETE ...` starts like a query: SQLite knows whether it writes.
    if !stmt.readonly() {
        return Err(read_only_refusal());
    }
    let declared: Vec<(String, Option<String>)> = stmt
        .columns()
        .iter()
        .map(|c| {
            (
                c.name().to_string(),
                c.decl_type().map(str::to_ascii_lowercase),
            )
        })
        .collect();
    let rows = rows_of(&mut stmt, &[], MAX_SQL_ROWS)?;
    let columns = declared
        .into_iter()
        .map(|(name, decl)| {
            let kind = decl
                .filter(|d| !d.is_empty())
                .unwrap_or_else(|| type_from_values(&rows, &name));
            json!({"name": name, "type": kind})
        })
        .collect();
    Ok((columns, rows))
}

/// A `where` or `set` object: required, not empty.
fn object_field<'m>(map: &'m Map<String, Value>, key: &str) -> Res<&'m Map<String, Value>> {
    match map.get(key) {
        Some(Value::Object(o)) if !o.is_empty() => Ok(o),
        Some(Value::Object(_)) => Err(bad(format!("{key} must have at least one column"))),
        None | Some(Value::Null) => Err(bad(format!("{key} is required"))),
        Some(_) => Err(bad(format!("{key} must be an object"))),
    }
}

/// `"a" = ?3 AND "b" IS ?4`: equality on existing columns (`IS` for null), parameters from
/// `first`.
fn where_clause(
    columns: &[Column],
    table: &str,
    conditions: &Map<String, Value>,
    first: usize,
    params: &mut Vec<Sql>,
) -> Res<String> {
    let mut parts = Vec::with_capacity(conditions.len());
    for (i, (name, value)) in conditions.iter().enumerate() {
        let c = column(columns, table, name)?;
        if value.is_array() || value.is_object() {
            return Err(bad(format!(
                "where supports equality only: {name} must be a string, number, boolean or null"
            )));
        }
        let op = if value.is_null() { "IS" } else { "=" };
        parts.push(format!("{} {op} ?{}", ident(&c.name), first + i));
        params.push(to_sql(value));
    }
    Ok(parts.join(" AND "))
}

/// What picks a row in a subquery: `rowid`, or the primary key of a WITHOUT ROWID table.
fn row_key(conn: &Connection, table: &str, columns: &[Column]) -> String {
    let has_rowid = conn
        .prepare(&format!("SELECT rowid FROM {} LIMIT 0", ident(table)))
        .is_ok();
    if has_rowid {
        return "rowid".into();
    }
    let mut pk: Vec<&Column> = columns.iter().filter(|c| c.pk > 0).collect();
    pk.sort_by_key(|c| c.pk);
    let names: Vec<String> = pk.iter().map(|c| ident(&c.name)).collect();
    format!("({})", names.join(", "))
}

/// The base table a row operation names (a view is refused).
fn base_table(conn: &Connection, table: &str) -> Res<Vec<Column>> {
    let (kind, columns) = columns_of(conn, table)?;
    if kind != "table" {
        return Err(bad(format!(
            "\"{table}\" is a view; rows can be changed in tables only"
        )));
    }
    Ok(columns)
}

/// `POST tables/{t}/rows` `{deployment_id, rows: [...]}`: 1 to 100 rows, all or none; answers
/// them as stored (defaults and generated keys filled in).
pub(super) async fn insert_rows(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    Path(table): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let table = path_table(&table)?;
    let map = body_object(body)?;
    let rows: Vec<Map<String, Value>> = match map.get("rows") {
        Some(Value::Array(items)) if items.is_empty() => {
            return Err(bad("rows must have at least one row"));
        }
        Some(Value::Array(items)) if items.len() > 100 => {
            return Err(bad("rows must have at most 100 rows"));
        }
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_object().cloned())
            .collect::<Option<_>>()
            .ok_or_else(|| bad("each row must be an object"))?,
        None | Some(Value::Null) => return Err(bad("rows is required")),
        Some(_) => return Err(bad("rows must be an array")),
    };
    let db = database_for_body(&emu, &headers, &map)?;
    let inserted = with_db(db, move |conn| {
        let columns = base_table(conn, &table)?;
        let tx = conn.transaction().map_err(sql_error)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut names = Vec::with_capacity(row.len());
            let mut params = Vec::with_capacity(row.len());
            for (name, value) in row {
                names.push(ident(&column(&columns, &table, name)?.name));
                params.push(to_sql(value));
            }
            let sql = if names.is_empty() {
                format!("INSERT INTO {} DEFAULT VALUES RETURNING *", ident(&table))
            } else {
                let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
                format!(
                    "INSERT INTO {} ({}) VALUES ({}) RETURNING *",
                    ident(&table),
                    names.join(", "),
                    marks.join(", ")
                )
            };
            let mut stmt = tx.prepare_cached(&sql).map_err(sql_error)?;
            out.extend(rows_of(&mut stmt, &params, usize::MAX)?);
        }
        tx.commit().map_err(sql_error)?;
        Ok(out)
    })
    .await?;
    Ok(json_response(
        StatusCode::OK,
        &json!({"insertedCount": inserted.len(), "rows": inserted}),
    ))
}

/// `PATCH tables/{t}/rows` `{deployment_id, set, where, limit?}`.
pub(super) async fn update_rows(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    Path(table): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let table = path_table(&table)?;
    let map = body_object(body)?;
    let set = object_field(&map, "set")?.clone();
    let conditions = object_field(&map, "where")?.clone();
    let limit = int_field(&map, "limit", 1, 1000, 1000)?;
    let db = database_for_body(&emu, &headers, &map)?;
    let count = with_db(db, move |conn| {
        let columns = base_table(conn, &table)?;
        let mut params = Vec::new();
        let mut assignments = Vec::with_capacity(set.len());
        for (i, (name, value)) in set.iter().enumerate() {
            assignments.push(format!(
                "{} = ?{}",
                ident(&column(&columns, &table, name)?.name),
                i + 1
            ));
            params.push(to_sql(value));
        }
        let filter = where_clause(&columns, &table, &conditions, params.len() + 1, &mut params)?;
        params.push(Sql::Integer(limit));
        let key = row_key(conn, &table, &columns);
        let sql = format!(
            "UPDATE {t} SET {} WHERE {key} IN (SELECT {key} FROM {t} WHERE {filter} LIMIT ?{})",
            assignments.join(", "),
            params.len(),
            t = ident(&table),
        );
        conn.execute(&sql, rusqlite::params_from_iter(params.iter()))
            .map_err(sql_error)
    })
    .await?;
    Ok(json_response(
        StatusCode::OK,
        &json!({"updatedCount": count}),
    ))
}

/// `DELETE tables/{t}/rows` `{deployment_id, where, limit?}`.
pub(super) async fn delete_rows(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    Path(table): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let table = path_table(&table)?;
    let map = body_object(body)?;
    let conditions = object_field(&map, "where")?.clone();
    let limit = int_field(&map, "limit", 1, 1000, 1000)?;
    let db = database_for_body(&emu, &headers, &map)?;
    let count = with_db(db, move |conn| {
        let columns = base_table(conn, &table)?;
        let mut params = Vec::new();
        let filter = where_clause(&columns, &table, &conditions, 1, &mut params)?;
        params.push(Sql::Integer(limit));
        let key = row_key(conn, &table, &columns);
        let sql = format!(
            "DELETE FROM {t} WHERE {key} IN (SELECT {key} FROM {t} WHERE {filter} LIMIT ?{})",
            params.len(),
            t = ident(&table),
        );
        conn.execute(&sql, rusqlite::params_from_iter(params.iter()))
            .map_err(sql_error)
    })
    .await?;
    Ok(json_response(
        StatusCode::OK,
        &json!({"deletedCount": count}),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_keyword_is_found_past_comments_and_parentheses() {
        assert_eq!(first_keyword("  select 1"), "SELECT");
        assert_eq!(
            first_keyword("-- hi\n/* x */ (WITH a AS (SELECT 1) SELECT * FROM a)"),
            "WITH"
        );
        assert_eq!(first_keyword("explain query plan select 1"), "EXPLAIN");
        assert_eq!(first_keyword("/* select */ delete from t"), "DELETE");
        assert_eq!(first_keyword("-- select"), "");
    }

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(ident("a\"b"), "\"a\"\"b\"");
    }
}
