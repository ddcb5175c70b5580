//! The generated app's database (Neon Postgres, or the user's own): provision, tables, a
//! table's schema, paged queries, read-only SQL, and row inserts, updates and deletes. Every
//! operation needs the deployment's id: [`Client::deployment_id`] resolves a name first.
//!
//! Models are tolerant views of the server's JSON: rows stay the server's objects (in the
//! server's key order), and a missing or wrongly typed field reads as `None`.

use serde::Serialize;
use serde_json::{Map, Value};

use super::client::{Client, Req, Target};
use super::error::ApiError;
use super::models::{Object, type_name};
use super::ops::{self, Op};
use super::secrets::object;

/// The most rows `query` returns per call.
pub const MAX_QUERY_PAGE: u32 = 1000;
/// The most rows `insert` takes per call.
pub const MAX_INSERT: usize = 100;
/// The longest statement `sql` takes, in characters.
pub const MAX_SQL: usize = 10_000;

/// One row: the server's object, in its key order.
pub type Row = Map<String, Value>;

fn decode(detail: String) -> ApiError {
    ApiError::Decode {
        status: 200,
        detail,
    }
}

fn map_of(value: Value) -> Result<Map<String, Value>, ApiError> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(decode(format!(
            "expected a JSON object, got {}",
            type_name(&other)
        ))),
    }
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn bool_of(v: &Value, key: &str) -> Option<bool> {
    v.get(key).and_then(Value::as_bool)
}

fn count_of(v: &Value, key: &str) -> Option<u64> {
    let n = v.get(key)?;
    n.as_u64()
        .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64))
}

fn strings_of(v: &Value, key: &str) -> Vec<String> {
    match v.get(key) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect(),
        _ => Vec::new(),
    }
}

fn array_of(map: &mut Map<String, Value>, key: &str) -> Result<Vec<Value>, ApiError> {
    match map.remove(key) {
        Some(Value::Array(items)) => Ok(items),
        Some(Value::Null) | None => Ok(Vec::new()),
        Some(other) => Err(decode(format!(
            "expected `{key}` to be an array, got {}",
            type_name(&other)
        ))),
    }
}

/// A table name as one URL path segment.
fn segment(table: &str) -> String {
    let mut out = String::with_capacity(table.len());
    for b in table.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn table_path(op: Op, table: &str) -> String {
    op.path.replace("{table_name}", &segment(table))
}

/// A table or view, as listed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Table(pub Value);

impl Table {
    pub fn name(&self) -> Option<&str> {
        str_of(&self.0, "name")
    }
    pub fn schema(&self) -> Option<&str> {
        str_of(&self.0, "schema")
    }
    /// `BASE TABLE` or `VIEW`.
    pub fn kind(&self) -> Option<&str> {
        str_of(&self.0, "type")
    }
    pub fn rows_estimate(&self) -> Option<u64> {
        count_of(&self.0, "rowCountEstimate")
    }
}

/// A column of a table's schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub data_type: String,
    pub nullable: Option<bool>,
    pub default: Option<String>,
    pub primary: bool,
}

/// An index of a table's schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    pub name: String,
    pub columns: Vec<String>,
    pub unique: bool,
    pub primary: bool,
}

/// A foreign key of a table's schema.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKey {
    pub name: String,
    pub column: String,
    pub table: String,
    pub referenced: String,
}

/// A table's schema: the typed view, and the server's object for `--json`.
#[derive(Debug, Clone, PartialEq)]
pub struct TableSchema {
    pub table: String,
    pub columns: Vec<Column>,
    pub indexes: Vec<Index>,
    pub foreign_keys: Vec<ForeignKey>,
    pub primary_key: Vec<String>,
    pub raw: Value,
}

impl TableSchema {
    pub fn from_value(value: Value) -> Result<Self, ApiError> {
        let map = map_of(value)?;
        let raw = Value::Object(map);
        let list = |key: &str| -> Result<Vec<Value>, ApiError> {
            let mut m = match &raw {
                Value::Object(m) => m.clone(),
                _ => Map::new(),
            };
            array_of(&mut m, key)
        };
        let mut columns: Vec<(f64, Column)> = list("columns")?
            .iter()
            .filter_map(|c| {
                Some((
                    c.get("position")
                        .and_then(Value::as_f64)
                        .unwrap_or(f64::MAX),
                    Column {
                        name: str_of(c, "name")?.to_string(),
                        data_type: str_of(c, "type").unwrap_or("").to_string(),
                        nullable: bool_of(c, "nullable"),
                        default: str_of(c, "defaultValue").map(String::from),
                        primary: bool_of(c, "isPrimaryKey").unwrap_or(false),
                    },
                ))
            })
            .collect();
        columns.sort_by(|a, b| a.0.total_cmp(&b.0));
        let indexes = list("indexes")?
            .iter()
            .filter_map(|i| {
                Some(Index {
                    name: str_of(i, "name")?.to_string(),
                    columns: strings_of(i, "columns"),
                    unique: bool_of(i, "isUnique").unwrap_or(false),
                    primary: bool_of(i, "isPrimary").unwrap_or(false),
                })
            })
            .collect();
        let foreign_keys = list("foreignKeys")?
            .iter()
            .filter_map(|f| {
                Some(ForeignKey {
                    name: str_of(f, "constraintName").unwrap_or("").to_string(),
                    column: str_of(f, "columnName")?.to_string(),
                    table: str_of(f, "referencedTable")?.to_string(),
                    referenced: str_of(f, "referencedColumn").unwrap_or("").to_string(),
                })
            })
            .collect();
        Ok(TableSchema {
            table: str_of(&raw, "tableName").unwrap_or("").to_string(),
            columns: columns.into_iter().map(|(_, c)| c).collect(),
            indexes,
            foreign_keys,
            primary_key: strings_of(&raw, "primaryKeyColumns"),
            raw,
        })
    }

    /// The column's data type, if the schema has the column.
    pub fn type_of(&self, column: &str) -> Option<&str> {
        self.columns
            .iter()
            .find(|c| c.name == column)
            .map(|c| c.data_type.as_str())
    }
}

/// A column of a result: its name and type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResultColumn {
    pub name: String,
    #[serde(rename = "type")]
    pub data_type: String,
}

fn result_columns(items: Vec<Value>) -> Vec<ResultColumn> {
    items
        .iter()
        .filter_map(|c| {
            Some(ResultColumn {
                name: str_of(c, "name")?.to_string(),
                data_type: str_of(c, "type").unwrap_or("").to_string(),
            })
        })
        .collect()
}

fn rows(items: Vec<Value>) -> Vec<Row> {
    items
        .into_iter()
        .filter_map(|r| match r {
            Value::Object(m) => Some(m),
            _ => None,
        })
        .collect()
}

/// One page of a table query.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryPage {
    pub columns: Vec<ResultColumn>,
    pub rows: Vec<Row>,
    pub total: Option<u64>,
    pub has_more: bool,
}

impl QueryPage {
    pub fn from_value(value: Value) -> Result<Self, ApiError> {
        let mut map = map_of(value)?;
        if !map.contains_key("rows") {
            return Err(decode("the answer has no `rows`".into()));
        }
        let columns = result_columns(array_of(&mut map, "columns")?);
        let rows = rows(array_of(&mut map, "rows")?);
        let meta = Value::Object(map);
        Ok(QueryPage {
            columns,
            rows,
            total: count_of(&meta, "totalCount"),
            has_more: bool_of(&meta, "hasMore").unwrap_or(false),
        })
    }
}

/// The result of a SQL statement.
#[derive(Debug, Clone, PartialEq)]
pub struct SqlResult {
    pub columns: Vec<ResultColumn>,
    pub rows: Vec<Row>,
    pub row_count: Option<u64>,
    pub millis: Option<f64>,
}

impl SqlResult {
    pub fn from_value(value: Value) -> Result<Self, ApiError> {
        let mut map = map_of(value)?;
        if !map.contains_key("rows") {
            return Err(decode("the answer has no `rows`".into()));
        }
        let columns = result_columns(array_of(&mut map, "columns")?);
        let rows = rows(array_of(&mut map, "rows")?);
        let meta = Value::Object(map);
        Ok(SqlResult {
            columns,
            rows,
            row_count: count_of(&meta, "rowCount"),
            millis: meta.get("executionTimeMs").and_then(Value::as_f64),
        })
    }
}

/// Sort direction of a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Asc,
    Desc,
}

/// The body of `database/query`.
#[derive(Debug, Clone, Serialize)]
pub struct Query {
    pub deployment_id: String,
    pub fid: u64,
    pub table: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub columns: Option<Vec<String>>,
    #[serde(rename = "orderBy", skip_serializing_if = "Option::is_none")]
    pub order_by: Option<String>,
    #[serde(rename = "orderDirection", skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
}

#[derive(Serialize)]
struct Provision<'a> {
    deployment_id: &'a str,
    fid: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    connection_string: Option<&'a str>,
}

#[derive(Serialize)]
struct Sql<'a> {
    deployment_id: &'a str,
    fid: u64,
    sql: &'a str,
}

#[derive(Serialize)]
struct Insert<'a> {
    deployment_id: &'a str,
    fid: u64,
    rows: &'a [Row],
}

#[derive(Serialize)]
struct Change<'a> {
    deployment_id: &'a str,
    fid: u64,
    #[serde(rename = "where")]
    filter: &'a Row,
    #[serde(skip_serializing_if = "Option::is_none")]
    set: Option<&'a Row>,
}

impl Client {
    /// The deployment's id: a [`Target::Id`] as it is, a name resolved with
    /// `GET by-name-and-fid`.
    pub async fn deployment_id(&self, fid: u64, target: &Target) -> Result<String, ApiError> {
        match target {
            Target::Id(id) => Ok(id.to_string()),
            Target::Name(_) => {
                let deployment = self.get(fid, target, None).await?;
                deployment
                    .id()
                    .map(String::from)
                    .ok_or_else(|| decode("the deployment has no `id`".into()))
            }
        }
    }

    /// `POST database/provision`: a Neon database, or the given connection string attached.
    /// The spec calls it idempotent. Answers whether it was already provisioned.
    pub async fn provision(
        &self,
        fid: u64,
        deployment_id: &str,
        connection_string: Option<&str>,
    ) -> Result<Object, ApiError> {
        let body = Provision {
            deployment_id,
            fid,
            connection_string,
        };
        object(self.call(self.op_json(ops::DB_PROVISION, &body)?).await?)
    }

    /// `GET database/tables`: the tables and views, without system tables.
    pub async fn tables(&self, fid: u64, deployment_id: &str) -> Result<Vec<Table>, ApiError> {
        let req = Req {
            query: vec![
                ("deployment_id", deployment_id.to_string()),
                ("fid", fid.to_string()),
            ],
            ..self.op(ops::DB_TABLES)
        };
        let mut map = map_of(self.call(req).await?)?;
        if !map.contains_key("tables") {
            return Err(decode("the answer has no `tables`".into()));
        }
        Ok(array_of(&mut map, "tables")?
            .into_iter()
            .filter(Value::is_object)
            .map(Table)
            .collect())
    }

    /// `GET database/tables/{table}/schema`: columns, indexes, foreign keys.
    pub async fn table_schema(
        &self,
        fid: u64,
        deployment_id: &str,
        table: &str,
    ) -> Result<TableSchema, ApiError> {
        let path = table_path(ops::DB_SCHEMA, table);
        let req = Req {
            path: &path,
            query: vec![
                ("deployment_id", deployment_id.to_string()),
                ("fid", fid.to_string()),
            ],
            ..self.op(ops::DB_SCHEMA)
        };
        TableSchema::from_value(self.call(req).await?)
    }

    /// `POST database/query`: one page of a table (a read; retried on transient faults).
    pub async fn query(&self, query: &Query) -> Result<QueryPage, ApiError> {
        QueryPage::from_value(self.call(self.op_json(ops::DB_QUERY, query)?).await?)
    }

    /// `POST database/sql` (admin only): a SELECT, WITH or EXPLAIN statement. Sent once.
    pub async fn sql(
        &self,
        fid: u64,
        deployment_id: &str,
        sql: &str,
    ) -> Result<SqlResult, ApiError> {
        let body = Sql {
            deployment_id,
            fid,
            sql,
        };
        SqlResult::from_value(self.call(self.op_json(ops::DB_SQL, &body)?).await?)
    }

    /// `POST database/tables/{table}/rows`: at most [`MAX_INSERT`] rows; never retried.
    /// Answers the count inserted.
    pub async fn insert_rows(
        &self,
        fid: u64,
        deployment_id: &str,
        table: &str,
        rows: &[Row],
    ) -> Result<u64, ApiError> {
        let body = Insert {
            deployment_id,
            fid,
            rows,
        };
        let value = self.table_call(ops::DB_INSERT, table, &body).await?;
        Ok(count_of(&value, "insertedCount").unwrap_or(rows.len() as u64))
    }

    /// `PATCH database/tables/{table}/rows`: sets `set` where every `filter` column equals its
    /// value. Never retried. Answers the count updated.
    pub async fn update_rows(
        &self,
        fid: u64,
        deployment_id: &str,
        table: &str,
        filter: &Row,
        set: &Row,
    ) -> Result<u64, ApiError> {
        let body = Change {
            deployment_id,
            fid,
            filter,
            set: Some(set),
        };
        let value = self.table_call(ops::DB_UPDATE, table, &body).await?;
        count_of(&value, "updatedCount")
            .ok_or_else(|| decode("the answer has no `updatedCount`".into()))
    }

    /// `DELETE database/tables/{table}/rows`: deletes where every `filter` column equals its
    /// value. Never retried. Answers the count deleted.
    pub async fn delete_rows(
        &self,
        fid: u64,
        deployment_id: &str,
        table: &str,
        filter: &Row,
    ) -> Result<u64, ApiError> {
        let body = Change {
            deployment_id,
            fid,
            filter,
            set: None,
        };
        let value = self.table_call(ops::DB_DELETE, table, &body).await?;
        count_of(&value, "deletedCount")
            .or_else(|| count_of(&value, "deleted_count"))
            .ok_or_else(|| decode("the answer has no `deletedCount`".into()))
    }

    async fn table_call(
        &self,
        op: Op,
        table: &str,
        body: &impl Serialize,
    ) -> Result<Value, ApiError> {
        let path = table_path(op, table);
        let req = Req {
            path: &path,
            ..self.op_json(op, body)?
        };
        let value = self.call(req).await?;
        Ok(Value::Object(map_of(value)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn table_names_are_one_segment() {
        assert_eq!(
            table_path(ops::DB_SCHEMA, "a b/c?"),
            "v2/studio/deployment/database/tables/a%20b%2Fc%3F/schema"
        );
        assert_eq!(
            table_path(ops::DB_INSERT, "users"),
            "v2/studio/deployment/database/tables/users/rows"
        );
    }

    #[test]
    fn schemas_are_read_tolerantly_in_column_order() {
        let s = TableSchema::from_value(json!({
            "tableName": "users",
            "columns": [
                {"name": "email", "type": "text", "nullable": true, "defaultValue": null, "isPrimaryKey": false, "position": 2},
                {"name": "id", "type": "integer", "nullable": false, "defaultValue": "nextval('users_id_seq')", "isPrimaryKey": true, "position": 1},
                {"type": "no name"}
            ],
            "indexes": [{"name": "users_pkey", "columns": ["id"], "isUnique": true, "isPrimary": true}],
            "foreignKeys": null,
            "primaryKeyColumns": ["id"]
        }))
        .unwrap();
        assert_eq!(s.table, "users");
        assert_eq!(s.columns.len(), 2);
        assert_eq!(s.columns[0].name, "id");
        assert_eq!(s.type_of("email"), Some("text"));
        assert_eq!(s.indexes[0].columns, vec!["id".to_string()]);
        assert!(s.foreign_keys.is_empty());
        assert!(TableSchema::from_value(json!([])).is_err());
        assert!(TableSchema::from_value(json!({"columns": 1})).is_err());
    }

    #[test]
    fn pages_keep_the_row_order_of_keys() {
        let p = QueryPage::from_value(json!({
            "columns": [{"name": "z", "type": "int"}, {"name": "a", "type": "text"}],
            "rows": [{"z": 1, "a": "x"}, 5],
            "totalCount": 10.0, "limit": 1, "offset": 0, "hasMore": true
        }))
        .unwrap();
        assert_eq!(p.rows.len(), 1);
        assert_eq!(p.rows[0].keys().collect::<Vec<_>>(), vec!["z", "a"]);
        assert_eq!(p.total, Some(10));
        assert!(p.has_more);
        assert!(QueryPage::from_value(json!({"columns": []})).is_err());
    }
}
