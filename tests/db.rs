//! `db` against httpmock: the name resolved to the deployment id, the exact bodies, whole
//! outputs in every format, paging with --all, batches of 100, confirmations, the SQL checks
//! made before sending, and a connection string in no output.

use httpmock::prelude::*;
use serde_json::{Value, json};

use crate::common::*;
use crate::secrets::{ID, resolves};

const PROVISION: &str = "/v2/studio/deployment/database/provision";
const TABLES: &str = "/v2/studio/deployment/database/tables";
const QUERY: &str = "/v2/studio/deployment/database/query";
const SQL: &str = "/v2/studio/deployment/database/sql";
const SCHEMA: &str = "/v2/studio/deployment/database/tables/users/schema";
const ROWS: &str = "/v2/studio/deployment/database/tables/users/rows";
const CONN: &str = "postgres://app:Pw9xQ2mK7zL4vB8n@db.example.com/app";

fn schema() -> Value {
    json!({
        "tableName": "users",
        "columns": [
            {"name": "id", "type": "integer", "nullable": false, "defaultValue": "nextval('users_id_seq'::regclass)", "isPrimaryKey": true, "position": 1},
            {"name": "email", "type": "text", "nullable": false, "defaultValue": null, "isPrimaryKey": false, "position": 2},
            {"name": "team_id", "type": "integer", "nullable": true, "defaultValue": null, "isPrimaryKey": false, "position": 3},
            {"name": "active", "type": "boolean", "nullable": true, "defaultValue": "true", "isPrimaryKey": false, "position": 4}
        ],
        "indexes": [
            {"name": "users_pkey", "columns": ["id"], "isUnique": true, "isPrimary": true},
            {"name": "users_email_key", "columns": ["email"], "isUnique": true, "isPrimary": false},
            {"name": "users_team_idx", "columns": ["team_id", "active"], "isUnique": false, "isPrimary": false}
        ],
        "foreignKeys": [
            {"constraintName": "users_team_id_fkey", "columnName": "team_id", "referencedTable": "teams", "referencedColumn": "id"}
        ],
        "primaryKeyColumns": ["id"]
    })
}

fn page(rows: Value, total: u64, has_more: bool) -> Value {
    json!({
        "columns": [{"name": "id", "type": "integer"}, {"name": "email", "type": "text"}, {"name": "active", "type": "boolean"}],
        "rows": rows, "totalCount": total, "limit": 2, "offset": 0, "hasMore": has_more
    })
}

fn two_rows() -> Value {
    json!([
        {"id": 1, "email": "ann@example.com", "active": true},
        {"id": 2, "email": "bo, \"the\" dev@example.com", "active": null}
    ])
}

#[test]
fn provision_and_attach_without_showing_the_connection_string() {
    let env = TestEnv::new();
    let server = server();
    let get = resolves(&server);
    let neon = server.mock(|when, then| {
        expect(
            when,
            POST,
            PROVISION,
            "",
            Some(json!({"deployment_id": ID, "fid": 3})),
        );
        json_reply(
            then,
            200,
            json!({"success": true, "alreadyProvisioned": false}),
        );
    });
    let r = run(env
        .api(&server.base_url())
        .args(["db", "provision", "-d", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nProvisioned a database for server-1.\n--- stderr\n"
    );
    neon.assert_calls(1);
    let own = server.mock(|when, then| {
        expect(
            when,
            POST,
            PROVISION,
            "",
            Some(json!({"deployment_id": ID, "fid": 3, "connection_string": CONN})),
        );
        json_reply(
            then,
            400,
            json!({"error": format!("could not connect to {CONN}"), "code": "BadConnection"}),
        );
    });
    let r = run(env
        .api(&server.base_url())
        .args([
            "db",
            "provision",
            "--connection-string-stdin",
            "-d",
            "server-1",
        ])
        .write_stdin(format!("{CONN}\n")));
    assert_eq!(r.code, 6, "{}", r.transcript());
    assert!(
        !r.stdout.contains(CONN) && !r.stderr.contains(CONN),
        "{}",
        r.transcript()
    );
    assert!(!r.stderr.contains("Pw9xQ2mK7zL4vB8n"), "{}", r.stderr);
    assert!(
        r.stderr.contains("could not connect to ****"),
        "{}",
        r.stderr
    );
    own.assert_calls(1);
    get.assert_calls(2);
}

#[test]
fn tables_and_schema_like_psql() {
    let env = TestEnv::new();
    let server = server();
    let _get = resolves(&server);
    let tables = server.mock(|when, then| {
        expect(when, GET, TABLES, &format!("deployment_id={ID}&fid=3"), None);
        json_reply(then, 200, json!({"tables": [
            {"name": "users", "schema": "public", "type": "BASE TABLE", "rowCountEstimate": 1200},
            {"name": "active_users", "schema": "public", "type": "VIEW", "rowCountEstimate": null}
        ]}));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["db", "tables", "-d", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\n\
SCHEMA  NAME          TYPE   ROWS\n\
public  users         table  ~1200\n\
public  active_users  view   -\n\
--- stderr\n"
    );
    tables.assert_calls(1);
    let sch = server.mock(|when, then| {
        expect(
            when,
            GET,
            SCHEMA,
            &format!("deployment_id={ID}&fid=3"),
            None,
        );
        json_reply(then, 200, schema());
    });
    let r = run(env
        .api(&server.base_url())
        .args(["db", "schema", "users", "-d", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\n\
Table \"users\"\n\
COLUMN   TYPE     NULLABLE  DEFAULT\n\
id       integer  not null  nextval('users_id_seq'::regclass)\n\
email    text     not null\n\
team_id  integer\n\
active   boolean            true\n\
Indexes:\n    \"users_pkey\" PRIMARY KEY, (id)\n    \"users_email_key\" UNIQUE, (email)\n    \"users_team_idx\" (team_id, active)\n\
Foreign-key constraints:\n    \"users_team_id_fkey\" FOREIGN KEY (team_id) REFERENCES teams(id)\n\
--- stderr\n"
    );
    let r = run(env
        .api(&server.base_url())
        .args(["db", "schema", "users", "-d", "server-1", "--json"]));
    assert_eq!(r.json(), schema());
    sch.assert_calls(2);
    // A table that is not there.
    let missing = server.mock(|when, then| {
        expect(
            when,
            GET,
            "/v2/studio/deployment/database/tables/nope/schema",
            &format!("deployment_id={ID}&fid=3"),
            None,
        );
        json_reply(then, 404, json!({"error": "Table not found"}));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["db", "schema", "nope", "-d", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 4\n--- stdout\n--- stderr\n\
error: no table 'nope' in the database of server-1 (HTTP 404: Table not found)\n\
hint: list the tables with `neynar-studio db tables`; a database is created with `neynar-studio db provision`\n"
    );
    missing.assert_calls(1);
}

#[test]
fn query_in_every_format() {
    let env = TestEnv::new();
    let server = server();
    let _get = resolves(&server);
    let q = server.mock(|when, then| {
        expect(
            when,
            POST,
            QUERY,
            "",
            Some(json!({"deployment_id": ID, "fid": 3, "table": "users",
                "columns": ["id", "email", "active"], "orderBy": "id", "orderDirection": "desc", "limit": 2, "offset": 0})),
        );
        json_reply(then, 200, page(two_rows(), 5, true));
    });
    let base = [
        "db",
        "query",
        "users",
        "-d",
        "server-1",
        "--columns",
        "id,email,active",
        "--order-by",
        "id:desc",
        "--limit",
        "2",
        "--offset",
        "0",
    ];
    let r = run(env.api(&server.base_url()).args(base));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\n\
id\temail\tactive\n\
1\tann@example.com\ttrue\n\
2\tbo, \"the\" dev@example.com\t\n\
--- stderr\n\
2 of 5 rows (more with --offset 2, or --all)\n"
    );
    let r = run(env
        .api(&server.base_url())
        .args(base)
        .args(["--format", "csv"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\n\
id,email,active\n\
1,ann@example.com,true\n\
2,\"bo, \"\"the\"\" dev@example.com\",\n\
--- stderr\n"
    );
    let r = run(env
        .api(&server.base_url())
        .args(base)
        .args(["--format", "json"]));
    assert_eq!(r.json(), two_rows());
    assert_eq!(
        r.stdout,
        "[\n  {\"id\":1,\"email\":\"ann@example.com\",\"active\":true},\n  {\"id\":2,\"email\":\"bo, \\\"the\\\" dev@example.com\",\"active\":null}\n]\n"
    );
    let r = run(env.api(&server.base_url()).args(base).arg("--json"));
    assert_eq!(r.json(), two_rows());
    let r = run(env
        .api(&server.base_url())
        .args(base)
        .args(["--format", "ndjson"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\n\
{\"id\":1,\"email\":\"ann@example.com\",\"active\":true}\n\
{\"id\":2,\"email\":\"bo, \\\"the\\\" dev@example.com\",\"active\":null}\n\
--- stderr\n"
    );
    q.assert_calls(5);
}

#[test]
fn query_all_pages_until_the_end() {
    let env = TestEnv::new();
    let server = server();
    let _get = resolves(&server);
    let first = server.mock(|when, then| {
        expect(
            when,
            POST,
            QUERY,
            "",
            Some(json!({"deployment_id": ID, "fid": 3, "table": "users", "limit": 1000})),
        );
        json_reply(then, 200, page(two_rows(), 3, true));
    });
    let second = server.mock(|when, then| {
        expect(
            when,
            POST,
            QUERY,
            "",
            Some(json!({"deployment_id": ID, "fid": 3, "table": "users", "limit": 1000, "offset": 2})),
        );
        json_reply(
            then,
            200,
            page(json!([{"id": 3, "email": "cy@example.com", "active": false}]), 3, false),
        );
    });
    let r = run(env.api(&server.base_url()).args([
        "db", "query", "users", "-d", "server-1", "--all", "--format", "ndjson",
    ]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\n\
{\"id\":1,\"email\":\"ann@example.com\",\"active\":true}\n\
{\"id\":2,\"email\":\"bo, \\\"the\\\" dev@example.com\",\"active\":null}\n\
{\"id\":3,\"email\":\"cy@example.com\",\"active\":false}\n\
--- stderr\n"
    );
    let r = run(env.api(&server.base_url()).args([
        "db", "query", "users", "-d", "server-1", "--all", "--format", "json",
    ]));
    assert_eq!(
        r.json(),
        json!([two_rows()[0], two_rows()[1], {"id": 3, "email": "cy@example.com", "active": false}])
    );
    let r = run(env
        .api(&server.base_url())
        .args(["db", "query", "users", "-d", "server-1", "--all"]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\n\
id\temail\tactive\n\
1\tann@example.com\ttrue\n\
2\tbo, \"the\" dev@example.com\t\n\
3\tcy@example.com\tfalse\n\
--- stderr\n3 of 3 rows\n"
    );
    first.assert_calls(3);
    second.assert_calls(3);
}

#[test]
fn sql_checks_before_sending() {
    let env = TestEnv::new();
    let server = server();
    let _get = resolves(&server);
    let sql = server.mock(|when, then| {
        expect(
            when,
            POST,
            SQL,
            "",
            Some(json!({"deployment_id": ID, "fid": 3, "sql": "SELECT count(*) AS n FROM users"})),
        );
        json_reply(then, 200, json!({"columns": [{"name": "n", "type": "bigint"}], "rows": [{"n": 3}], "rowCount": 1, "executionTimeMs": 4}));
    });
    let r = run(env.api(&server.base_url()).args([
        "db",
        "sql",
        "SELECT count(*) AS n FROM users",
        "-d",
        "server-1",
    ]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nn\n3\n--- stderr\n1 row (4 ms)\n"
    );
    let r = run(env
        .api(&server.base_url())
        .args(["db", "sql", "-", "-d", "server-1", "--format", "csv"])
        .write_stdin("SELECT count(*) AS n FROM users\n"));
    assert_eq!(r.transcript(), "exit: 0\n--- stdout\nn\n3\n--- stderr\n");
    std::fs::write(env.home().join("q.sql"), "SELECT count(*) AS n FROM users").unwrap();
    let r = run(env
        .api(&server.base_url())
        .args(["db", "sql", "--file", "q.sql", "-d", "server-1", "--json"]));
    assert_eq!(r.json(), json!([{"n": 3}]));
    sql.assert_calls(3);

    let r =
        run(env
            .api(&server.base_url())
            .args(["db", "sql", "DELETE FROM users", "-d", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\n\
error: DELETE is not allowed: `db sql` runs only SELECT, WITH and EXPLAIN statements\n\
hint: change rows with `neynar-studio db insert`, `db update` or `db delete`\n"
    );
    let long = format!("SELECT '{}'", "x".repeat(10_000));
    let r = run(env
        .api(&server.base_url())
        .args(["db", "sql", &long, "-d", "server-1"]));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\n\
error: the SQL statement is 10009 characters long; the API takes at most 10,000\n"
    );
    sql.assert_calls(3);
    // 403: the key is not an admin's.
    let refused = server.mock(|when, then| {
        expect(
            when,
            POST,
            SQL,
            "",
            Some(json!({"deployment_id": ID, "fid": 3, "sql": "SELECT 1"})),
        );
        json_reply(then, 403, json!({"error": "Admin access required"}));
    });
    let r = run(env
        .api(&server.base_url())
        .args(["db", "sql", "SELECT 1", "-d", "server-1"]));
    assert_eq!(r.code, 3, "{}", r.transcript());
    assert!(
        r.stderr.contains("hint: `db sql` needs an admin key"),
        "{}",
        r.stderr
    );
    refused.assert_calls(1);
}

#[test]
fn insert_sends_batches_of_100_once() {
    let env = TestEnv::new();
    let server = server();
    let _get = resolves(&server);
    let rows: Vec<Value> = (1..=150)
        .map(|i| json!({"email": format!("u{i}@example.com")}))
        .collect();
    let first = server.mock(|when, then| {
        expect(
            when,
            POST,
            ROWS,
            "",
            Some(json!({"deployment_id": ID, "fid": 3, "rows": rows[..100]})),
        );
        json_reply(then, 200, json!({"insertedCount": 100, "rows": []}));
    });
    let second = server.mock(|when, then| {
        expect(
            when,
            POST,
            ROWS,
            "",
            Some(json!({"deployment_id": ID, "fid": 3, "rows": rows[100..]})),
        );
        json_reply(then, 200, json!({"insertedCount": 50, "rows": []}));
    });
    let ndjson: String = rows.iter().map(|r| format!("{r}\n")).collect();
    let r = run(env
        .api(&server.base_url())
        .args(["db", "insert", "users", "-", "-d", "server-1"])
        .write_stdin(ndjson));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nInserted 150 rows into users.\n--- stderr\n"
    );
    std::fs::write(
        env.home().join("rows.json"),
        serde_json::to_string_pretty(&rows).unwrap(),
    )
    .unwrap();
    let r = run(env.api(&server.base_url()).args([
        "db",
        "insert",
        "users",
        "--file",
        "rows.json",
        "-d",
        "server-1",
        "--json",
    ]));
    assert_eq!(r.json(), json!({"insertedCount": 150}));
    first.assert_calls(2);
    second.assert_calls(2);
}

#[test]
fn insert_never_retries_and_says_what_went_in() {
    let env = TestEnv::new();
    let server = server();
    let _get = resolves(&server);
    let rows: Vec<Value> = (1..=150).map(|i| json!({"id": i})).collect();
    let first = server.mock(|when, then| {
        expect(
            when,
            POST,
            ROWS,
            "",
            Some(json!({"deployment_id": ID, "fid": 3, "rows": rows[..100]})),
        );
        json_reply(then, 200, json!({"insertedCount": 100, "rows": []}));
    });
    let second = server.mock(|when, then| {
        expect(
            when,
            POST,
            ROWS,
            "",
            Some(json!({"deployment_id": ID, "fid": 3, "rows": rows[100..]})),
        );
        json_reply(then, 503, json!({"error": "Service Unavailable"}));
    });
    let ndjson: String = rows.iter().map(|r| format!("{r}\n")).collect();
    let r = run(env
        .api(&server.base_url())
        .args(["db", "insert", "users", "-", "-d", "server-1"])
        .write_stdin(ndjson));
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(
        r.stderr.contains("hint: 100 rows were inserted before this batch (batches of 100); the failed batch and the rest were not"),
        "{}",
        r.stderr
    );
    first.assert_calls(1);
    second.assert_calls(1);
    // Not a row: refused before the batch is sent.
    let r = run(env
        .api(&server.base_url())
        .args(["db", "insert", "users", "-", "-d", "server-1"])
        .write_stdin("{\"id\": 1}\n[2]\n"));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: stdin: line 2 is not a JSON object (a row)\n"
    );
    first.assert_calls(1);
}

#[test]
fn update_types_values_from_the_schema_and_needs_yes() {
    let env = TestEnv::new();
    let server = server();
    let get = resolves(&server);
    let sch = server.mock(|when, then| {
        expect(
            when,
            GET,
            SCHEMA,
            &format!("deployment_id={ID}&fid=3"),
            None,
        );
        json_reply(then, 200, schema());
    });
    let update = server.mock(|when, then| {
        expect(
            when,
            PATCH,
            ROWS,
            "",
            Some(json!({"deployment_id": ID, "fid": 3,
                "where": {"id": 42, "email": "007"}, "set": {"active": false, "team_id": null}})),
        );
        json_reply(then, 200, json!({"updatedCount": 1}));
    });
    let args = [
        "db",
        "update",
        "users",
        "--where",
        "id=42",
        "--where",
        "email=007",
        "--set",
        "active=f",
        "--set",
        "team_id=null",
        "-d",
        "server-1",
    ];
    let r = run(env.api(&server.base_url()).args(args));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\n\
error: refusing to update rows of users without confirmation\n\
hint: pass --yes to confirm (there is no terminal to ask on)\n"
    );
    get.assert_calls(0);
    let r = run(env.api(&server.base_url()).args(args).arg("--yes"));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nUpdated 1 row of users.\n--- stderr\n"
    );
    update.assert_calls(1);
    // A column the table does not have, or a value its type refuses.
    let r = run(env.api(&server.base_url()).args([
        "db", "update", "users", "--where", "idd=1", "--set", "active=t", "-y", "-d", "server-1",
    ]));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\n\
error: --where names column 'idd', which table 'users' does not have\n\
hint: its columns: id, email, team_id, active\n"
    );
    let r = run(env.api(&server.base_url()).args([
        "db", "update", "users", "--where", "id=x1", "--set", "active=t", "-y", "-d", "server-1",
    ]));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: 'x1' is not an integer, as column id (integer) needs\n"
    );
    update.assert_calls(1);
    sch.assert_calls(3);
    // --where is required.
    let r = run(env
        .api(&server.base_url())
        .args(["db", "update", "users", "--set", "active=t", "-y"]));
    assert_eq!(r.code, 2, "{}", r.transcript());
}

#[test]
fn delete_without_a_schema_uses_json_literals() {
    let env = TestEnv::new();
    let server = server();
    let _get = resolves(&server);
    let sch = server.mock(|when, then| {
        expect(
            when,
            GET,
            SCHEMA,
            &format!("deployment_id={ID}&fid=3"),
            None,
        );
        json_reply(then, 500, json!({"error": "boom"}));
    });
    let delete = server.mock(|when, then| {
        expect(
            when,
            DELETE,
            ROWS,
            "",
            Some(json!({"deployment_id": ID, "fid": 3, "where": {"id": 7, "email": "bo@example.com"}})),
        );
        json_reply(then, 200, json!({"deletedCount": 2}));
    });
    let r = run(env.api(&server.base_url()).args([
        "db",
        "delete",
        "users",
        "--where",
        "id=7",
        "--where",
        "email=bo@example.com",
        "--yes",
        "-d",
        "server-1",
    ]));
    assert_eq!(
        r.transcript(),
        "exit: 0\n--- stdout\nDeleted 2 rows of users.\n--- stderr\n"
    );
    delete.assert_calls(1);
    assert!(sch.calls() >= 1);
}

#[test]
fn delete_asks_on_a_terminal_showing_the_where_clause() {
    let env = TestEnv::new();
    let server = server();
    let _get = resolves(&server);
    let _sch = server.mock(|when, then| {
        expect(
            when,
            GET,
            SCHEMA,
            &format!("deployment_id={ID}&fid=3"),
            None,
        );
        json_reply(then, 200, schema());
    });
    let delete = server.mock(|when, then| {
        expect(
            when,
            DELETE,
            ROWS,
            "",
            Some(json!({"deployment_id": ID, "fid": 3, "where": {"email": "o'neil@example.com"}})),
        );
        json_reply(then, 200, json!({"deletedCount": 1}));
    });
    let r = env.on_terminal(
        &server.base_url(),
        "db delete users --where \"email=o'neil@example.com\" -d server-1",
        "n\n",
    );
    let screen = r.stdout.replace('\r', "");
    assert_eq!(r.code, 2, "{screen}");
    assert!(
        screen.contains(
            "DELETE FROM users WHERE email = 'o''neil@example.com'\nRun this on server-1? [y/N] "
        ),
        "{screen}"
    );
    assert!(
        screen.ends_with("error: not confirmed; no rows were deleted\n"),
        "{screen}"
    );
    delete.assert_calls(0);
    let r = env.on_terminal(
        &server.base_url(),
        "db delete users --where \"email=o'neil@example.com\" -d server-1",
        "y\n",
    );
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stdout
            .replace('\r', "")
            .ends_with("Deleted 1 row of users.\n"),
        "{}",
        r.stdout
    );
    delete.assert_calls(1);
}

#[test]
fn query_on_a_terminal_is_a_table_with_a_footer() {
    let env = TestEnv::new();
    let server = server();
    let _get = resolves(&server);
    let q = server.mock(|when, then| {
        expect(
            when,
            POST,
            QUERY,
            "",
            Some(json!({"deployment_id": ID, "fid": 3, "table": "users", "limit": 2})),
        );
        json_reply(then, 200, page(two_rows(), 5, true));
    });
    let r = env.on_terminal(
        &server.base_url(),
        "db query users --limit 2 -d server-1",
        "",
    );
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(
        r.stdout.replace('\r', ""),
        "id  email                      active\n\
1   ann@example.com            true\n\
2   bo, \"the\" dev@example.com\n\
2 of 5 rows (more with --offset 2, or --all)\n"
    );
    q.assert_calls(1);
}
