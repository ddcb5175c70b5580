//! The emulator's secrets, database and credit drops over HTTP, as the v3.174 spec has them:
//! secrets listed with masked previews and never their values, system secrets protected; a
//! real SQLite database per deployment (provision, tables, schema, query, read-only sql, row
//! insert, update and delete with equality filters); a credit drop per FID, claimed once,
//! expired after 24 hours (`--credit-drop-age`). Exact bodies and status codes.

use serde_json::{Value, json};

use crate::emulator::{Emulator, http};

fn call(emu: &Emulator, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    call_as(emu, "k", method, path, body)
}

fn call_as(
    emu: &Emulator,
    key: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let text = body.map(|b| b.to_string());
    let (status, body) = http(emu.port, method, path, Some(key), text.as_deref());
    let value = serde_json::from_str(&body).unwrap_or_else(|_| panic!("not JSON: {body}"));
    (status, value)
}

/// A deployment of fid 3 (created with `env`): its id.
fn create(emu: &Emulator, env: Value) -> String {
    let (status, d) = call(
        emu,
        "POST",
        "/v2/studio/deployment",
        Some(json!({"fid": 3, "env": env})),
    );
    assert_eq!(status, 200, "{d}");
    d["id"].as_str().unwrap().to_string()
}

fn secrets(emu: &Emulator, id: &str) -> Vec<Value> {
    let (status, body) = call(
        emu,
        "GET",
        &format!("/v2/studio/deployment/secrets/?deployment_id={id}"),
        None,
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["success"], true);
    body["secrets"].as_array().unwrap().clone()
}

/// (key, type, preview) of each secret, in order.
fn summary(list: &[Value]) -> Vec<(String, String, String)> {
    list.iter()
        .map(|s| {
            let mut keys: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
            keys.sort();
            assert_eq!(keys, ["id", "key", "preview", "type"], "{s}");
            (
                s["key"].as_str().unwrap().to_string(),
                s["type"].as_str().unwrap().to_string(),
                s["preview"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn id_of(list: &[Value], key: &str) -> String {
    list.iter()
        .find(|s| s["key"] == key)
        .unwrap_or_else(|| panic!("no {key}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn t(key: &str, kind: &str, preview: &str) -> (String, String, String) {
    (key.into(), kind.into(), preview.into())
}

#[test]
fn secrets_are_listed_masked_upserted_and_deleted_and_system_ones_are_protected() {
    let emu = Emulator::start(&["--ready-after", "0s"]);
    let id = create(&emu, json!({"GREETING": "hello there, world"}));
    let list = secrets(&emu, &id);
    let seeded = summary(&list);
    assert_eq!(seeded.len(), 3, "{list:?}");
    assert_eq!(
        (&seeded[0].0, &seeded[0].1),
        (&"NEYNAR_API_KEY".to_string(), &"system".to_string())
    );
    assert_eq!(
        (&seeded[1].0, &seeded[1].1),
        (&"NEYNAR_CLIENT_ID".to_string(), &"system".to_string())
    );
    assert_eq!(seeded[2], t("GREETING", "user", "hell…orld"));

    // Upsert: a new key, and a new value for an existing one (same id); values never return.
    let greeting = id_of(&list, "GREETING");
    let (status, body) = call(
        &emu,
        "POST",
        "/v2/studio/deployment/secrets/",
        Some(json!({"deployment_id": id, "secrets": [
            {"key": "STRIPE_KEY", "value": "sk_live_0123456789t1b3"},
            {"key": "GREETING", "value": "short"},
        ]})),
    );
    assert_eq!((status, body), (200, json!({"success": true})));
    let list = secrets(&emu, &id);
    assert_eq!(
        summary(&list)[2..],
        [
            t("GREETING", "user", "••••"),
            t("STRIPE_KEY", "user", "sk_l…t1b3")
        ]
    );
    assert_eq!(id_of(&list, "GREETING"), greeting);
    let raw = http(
        emu.port,
        "GET",
        &format!("/v2/studio/deployment/secrets/?deployment_id={id}"),
        Some("k"),
        None,
    )
    .1;
    assert!(
        !raw.contains("0123456789") && !raw.contains("short"),
        "{raw}"
    );

    // The key filter.
    let (status, body) = call(
        &emu,
        "GET",
        &format!("/v2/studio/deployment/secrets?deployment_id={id}&key=STRIPE_KEY"),
        None,
    );
    assert_eq!(status, 200);
    assert_eq!(
        summary(body["secrets"].as_array().unwrap()),
        [t("STRIPE_KEY", "user", "sk_l…t1b3")]
    );

    // System secrets can be neither changed nor deleted; nothing is deleted when one id fails.
    let system = id_of(&list, "NEYNAR_API_KEY");
    let stripe = id_of(&list, "STRIPE_KEY");
    let (status, body) = call(
        &emu,
        "POST",
        "/v2/studio/deployment/secrets/",
        Some(json!({"deployment_id": id, "secrets": [{"key": "NEYNAR_API_KEY", "value": "mine"}]})),
    );
    assert_eq!(
        (status, body),
        (
            400,
            json!({"code": "SystemSecret", "message": "NEYNAR_API_KEY is a system secret and cannot be changed", "status": 400, "property": "secrets"})
        )
    );
    let (status, body) = call(
        &emu,
        "DELETE",
        "/v2/studio/deployment/secrets/",
        Some(json!({"deployment_id": id, "ids": [stripe, system]})),
    );
    assert_eq!(
        (status, body),
        (
            400,
            json!({"code": "SystemSecret", "message": "NEYNAR_API_KEY is a system secret and cannot be deleted", "status": 400, "property": "ids"})
        )
    );
    assert_eq!(secrets(&emu, &id).len(), 4);

    let (status, body) = call(
        &emu,
        "DELETE",
        "/v2/studio/deployment/secrets/",
        Some(json!({"deployment_id": id, "ids": [stripe]})),
    );
    assert_eq!((status, body), (200, json!({"success": true})));
    let after = summary(&secrets(&emu, &id));
    assert_eq!(
        after.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(),
        ["NEYNAR_API_KEY", "NEYNAR_CLIENT_ID", "GREETING"]
    );

    // Errors in the spec's ErrorRes shape.
    let (status, body) = call(
        &emu,
        "DELETE",
        "/v2/studio/deployment/secrets/",
        Some(json!({"deployment_id": id, "ids": [stripe]})),
    );
    assert_eq!(
        (status, body),
        (
            404,
            json!({"code": "NotFound", "message": format!("Secret {stripe} not found"), "status": 404, "property": "ids"})
        )
    );
    let (status, body) = call(
        &emu,
        "GET",
        "/v2/studio/deployment/secrets/?deployment_id=00000000-0000-4000-8000-000000000000",
        None,
    );
    assert_eq!(
        (status, body),
        (
            404,
            json!({"code": "NotFound", "message": "Deployment not found", "status": 404})
        )
    );
    let (status, body) = call(
        &emu,
        "POST",
        "/v2/studio/deployment/secrets/",
        Some(json!({"deployment_id": id, "secrets": [{"key": "1BAD", "value": "x"}]})),
    );
    assert_eq!(status, 400);
    assert_eq!(body["code"], "InvalidField");
    let (status, body) = call(
        &emu,
        "POST",
        "/v2/studio/deployment/secrets/",
        Some(json!({"deployment_id": id, "secrets": []})),
    );
    assert_eq!(
        (status, body),
        (
            400,
            json!({"code": "InvalidField", "message": "secrets must not be empty", "status": 400, "property": "secrets"})
        )
    );
}

fn provision(emu: &Emulator, id: &str) -> (u16, Value) {
    call(
        emu,
        "POST",
        "/v2/studio/deployment/database/provision",
        Some(json!({"deployment_id": id, "fid": 3})),
    )
}

fn rows(emu: &Emulator, method: &str, table: &str, body: Value) -> (u16, Value) {
    call(
        emu,
        method,
        &format!("/v2/studio/deployment/database/tables/{table}/rows"),
        Some(body),
    )
}

fn query(emu: &Emulator, body: Value) -> (u16, Value) {
    call(
        emu,
        "POST",
        "/v2/studio/deployment/database/query",
        Some(body),
    )
}

#[test]
fn the_database_is_provisioned_once_and_shows_its_tables_and_schema() {
    let emu = Emulator::start(&["--ready-after", "0s"]);
    let id = create(&emu, json!({}));
    let tables_path = format!("/v2/studio/deployment/database/tables?deployment_id={id}&fid=3");
    let (status, body) = call(&emu, "GET", &tables_path, None);
    assert_eq!(
        (status, body),
        (
            404,
            json!({"error": "No database is provisioned for this deployment", "code": "DATABASE_NOT_PROVISIONED"})
        )
    );

    // A BYO connection string is checked, never echoed; a bad one provisions nothing.
    let (status, body) = call(
        &emu,
        "POST",
        "/v2/studio/deployment/database/provision",
        Some(json!({"deployment_id": id, "fid": 3, "connection_string": "mysql://u:hunter2@h/db"})),
    );
    assert_eq!(
        (status, &body),
        (
            400,
            &json!({"error": "connection_string must be a postgres:// or postgresql:// URL", "code": "INVALID_CONNECTION_STRING"})
        )
    );
    assert!(!body.to_string().contains("hunter2"));
    let (status, body) = call(
        &emu,
        "POST",
        "/v2/studio/deployment/database/provision",
        Some(
            json!({"deployment_id": id, "fid": 3, "connection_string": "postgresql://u:hunter2@h/db"}),
        ),
    );
    assert_eq!(
        (status, body),
        (200, json!({"success": true, "alreadyProvisioned": false}))
    );
    assert_eq!(
        provision(&emu, &id),
        (200, json!({"success": true, "alreadyProvisioned": true}))
    );
    let (status, d) = call(
        &emu,
        "GET",
        &format!("/v2/studio/deployment/by-name-and-fid?deployment_id={id}"),
        None,
    );
    assert_eq!((status, &d["has_database"]), (200, &json!(true)));

    let (status, body) = call(&emu, "GET", &tables_path, None);
    assert_eq!(
        (status, body),
        (
            200,
            json!({"tables": [
                {"name": "counters", "schema": "public", "type": "BASE TABLE", "rowCountEstimate": 0},
                {"name": "users", "schema": "public", "type": "BASE TABLE", "rowCountEstimate": 0},
            ]})
        )
    );

    let (status, body) = call(
        &emu,
        "GET",
        &format!("/v2/studio/deployment/database/tables/counters/schema?deployment_id={id}&fid=3"),
        None,
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({
            "tableName": "counters",
            "columns": [
                {"name": "id", "type": "integer", "nullable": false, "defaultValue": null, "isPrimaryKey": true, "position": 1},
                {"name": "fid", "type": "integer", "nullable": false, "defaultValue": null, "isPrimaryKey": false, "position": 2},
                {"name": "label", "type": "text", "nullable": false, "defaultValue": "'clicks'", "isPrimaryKey": false, "position": 3},
                {"name": "count", "type": "integer", "nullable": false, "defaultValue": "0", "isPrimaryKey": false, "position": 4},
                {"name": "updated_at", "type": "text", "nullable": true, "defaultValue": null, "isPrimaryKey": false, "position": 5},
            ],
            "indexes": [
                {"name": "counters_pkey", "columns": ["id"], "isUnique": true, "isPrimary": true},
                {"name": "counters_fid_idx", "columns": ["fid"], "isUnique": false, "isPrimary": false},
            ],
            "foreignKeys": [
                {"constraintName": "counters_fid_fkey", "columnName": "fid", "referencedTable": "users", "referencedColumn": "fid"},
            ],
            "primaryKeyColumns": ["id"],
        })
    );
    let (status, body) = call(
        &emu,
        "GET",
        &format!("/v2/studio/deployment/database/tables/users/schema?deployment_id={id}&fid=3"),
        None,
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["indexes"],
        json!([
            {"name": "users_pkey", "columns": ["fid"], "isUnique": true, "isPrimary": true},
            {"name": "users_username_key", "columns": ["username"], "isUnique": true, "isPrimary": false},
        ])
    );

    // Unknown things.
    let (status, body) = call(
        &emu,
        "GET",
        &format!("/v2/studio/deployment/database/tables/nope/schema?deployment_id={id}&fid=3"),
        None,
    );
    assert_eq!(
        (status, body),
        (404, json!({"error": "Table \"nope\" not found"}))
    );
    let (status, body) = call(
        &emu,
        "GET",
        &format!("/v2/studio/deployment/database/tables?deployment_id={id}&fid=4"),
        None,
    );
    assert_eq!(
        (status, body),
        (404, json!({"error": "Deployment not found"}))
    );
    let (status, body) = call(
        &emu,
        "GET",
        "/v2/studio/deployment/database/tables?deployment_id=nope",
        None,
    );
    assert_eq!(
        (status, body),
        (400, json!({"error": "deployment_id must be a UUID"}))
    );
}

#[test]
fn rows_inserted_are_queried_updated_and_deleted_with_equality_filters() {
    let emu = Emulator::start(&["--ready-after", "0s"]);
    let id = create(&emu, json!({}));
    assert_eq!(provision(&emu, &id).0, 200);

    let (status, body) = rows(
        &emu,
        "POST",
        "users",
        json!({"deployment_id": id, "fid": 3, "rows": [
            {"fid": 3, "username": "dwr", "display_name": "Dan", "created_at": "2025-01-01"},
            {"fid": 5, "username": "v", "display_name": null, "created_at": "2025-01-02"},
        ]}),
    );
    assert_eq!(
        (status, body),
        (
            200,
            json!({"insertedCount": 2, "rows": [
                {"fid": 3, "username": "dwr", "display_name": "Dan", "created_at": "2025-01-01"},
                {"fid": 5, "username": "v", "display_name": null, "created_at": "2025-01-02"},
            ]})
        )
    );
    // Generated values come back.
    let (status, body) = rows(
        &emu,
        "POST",
        "counters",
        json!({"deployment_id": id, "rows": [{"fid": 3}, {"fid": 3, "label": "likes", "count": 7}, {"fid": 5, "count": 2}]}),
    );
    assert_eq!(
        (status, body),
        (
            200,
            json!({"insertedCount": 3, "rows": [
                {"id": 1, "fid": 3, "label": "clicks", "count": 0, "updated_at": null},
                {"id": 2, "fid": 3, "label": "likes", "count": 7, "updated_at": null},
                {"id": 3, "fid": 5, "label": "clicks", "count": 2, "updated_at": null},
            ]})
        )
    );
    // A constraint failure inserts nothing of the batch.
    let (status, body) = rows(
        &emu,
        "POST",
        "counters",
        json!({"deployment_id": id, "rows": [{"fid": 3}, {"fid": 99}]}),
    );
    assert_eq!(
        (status, body),
        (
            400,
            json!({"error": "FOREIGN KEY constraint failed", "code": "SQL_ERROR"})
        )
    );
    let (status, body) = rows(
        &emu,
        "POST",
        "counters",
        json!({"deployment_id": id, "rows": [{"fid": 3, "nope": 1}]}),
    );
    assert_eq!(
        (status, body),
        (
            400,
            json!({"error": "column \"nope\" of relation \"counters\" does not exist"})
        )
    );
    let too_many: Vec<Value> = (0..101).map(|_| json!({"fid": 3})).collect();
    let (status, body) = rows(
        &emu,
        "POST",
        "counters",
        json!({"deployment_id": id, "rows": too_many}),
    );
    assert_eq!(
        (status, body),
        (400, json!({"error": "rows must have at most 100 rows"}))
    );

    // Query: columns, order, paging, the total.
    let (status, body) = query(
        &emu,
        json!({"deployment_id": id, "fid": 3, "table": "counters", "columns": ["id", "count"], "orderBy": "count", "orderDirection": "desc", "limit": 2}),
    );
    assert_eq!(
        (status, body),
        (
            200,
            json!({
                "columns": [{"name": "id", "type": "integer"}, {"name": "count", "type": "integer"}],
                "rows": [{"id": 2, "count": 7}, {"id": 3, "count": 2}],
                "totalCount": 3, "limit": 2, "offset": 0, "hasMore": true,
            })
        )
    );
    let (status, body) = query(
        &emu,
        json!({"deployment_id": id, "table": "counters", "columns": ["id"], "orderBy": "count", "orderDirection": "desc", "limit": 2, "offset": 2}),
    );
    assert_eq!(
        (status, body),
        (
            200,
            json!({"columns": [{"name": "id", "type": "integer"}], "rows": [{"id": 1}], "totalCount": 3, "limit": 2, "offset": 2, "hasMore": false})
        )
    );
    for (bad, error) in [
        (json!({"limit": 1001}), "limit must be between 1 and 1000"),
        (json!({"limit": 0}), "limit must be between 1 and 1000"),
        (
            json!({"offset": -1}),
            "offset must be between 0 and 9223372036854775807",
        ),
        (
            json!({"orderDirection": "up"}),
            "orderDirection must be asc or desc",
        ),
        (
            json!({"orderBy": "x\"; DROP TABLE users; --"}),
            "column \"x\"; DROP TABLE users; --\" of relation \"counters\" does not exist",
        ),
    ] {
        let mut b = json!({"deployment_id": id, "table": "counters"});
        b.as_object_mut()
            .unwrap()
            .extend(bad.as_object().unwrap().clone());
        assert_eq!(query(&emu, b), (400, json!({"error": error})));
    }
    assert_eq!(
        query(&emu, json!({"deployment_id": id, "table": "nope"})),
        (404, json!({"error": "Table \"nope\" not found"}))
    );

    // Update: equality filters (null matches null), a limit.
    let (status, body) = rows(
        &emu,
        "PATCH",
        "counters",
        json!({"deployment_id": id, "set": {"count": 10, "updated_at": "now"}, "where": {"fid": 3, "updated_at": null}, "limit": 1}),
    );
    assert_eq!((status, body), (200, json!({"updatedCount": 1})));
    let (status, body) = rows(
        &emu,
        "PATCH",
        "counters",
        json!({"deployment_id": id, "set": {"count": 11}, "where": {"fid": 3}}),
    );
    assert_eq!((status, body), (200, json!({"updatedCount": 2})));
    let (status, body) = rows(
        &emu,
        "PATCH",
        "counters",
        json!({"deployment_id": id, "set": {"count": 1}, "where": {"fid": {"gt": 1}}}),
    );
    assert_eq!(
        (status, body),
        (
            400,
            json!({"error": "where supports equality only: fid must be a string, number, boolean or null"})
        )
    );
    let (status, body) = rows(
        &emu,
        "PATCH",
        "counters",
        json!({"deployment_id": id, "set": {"count": 1}, "where": {}}),
    );
    assert_eq!(
        (status, body),
        (400, json!({"error": "where must have at least one column"}))
    );
    let (status, body) = rows(
        &emu,
        "PATCH",
        "counters",
        json!({"deployment_id": id, "set": {"count": 1}}),
    );
    assert_eq!((status, body), (400, json!({"error": "where is required"})));

    // Delete: equality, a limit; where is required.
    let (status, body) = rows(
        &emu,
        "DELETE",
        "counters",
        json!({"deployment_id": id, "where": {"count": 11}, "limit": 1}),
    );
    assert_eq!((status, body), (200, json!({"deletedCount": 1})));
    let (status, body) = rows(&emu, "DELETE", "counters", json!({"deployment_id": id}));
    assert_eq!((status, body), (400, json!({"error": "where is required"})));
    let (status, body) = rows(
        &emu,
        "DELETE",
        "users",
        json!({"deployment_id": id, "where": {"username": "v"}}),
    );
    assert_eq!((status, body), (200, json!({"deletedCount": 1})));

    // What is left, via read-only SQL (the foreign key cascaded).
    let (status, body) = call(
        &emu,
        "POST",
        "/v2/studio/deployment/database/sql",
        Some(
            json!({"deployment_id": id, "sql": "SELECT c.id, c.count, u.username, c.count * 1.5 AS half FROM counters c JOIN users u USING (fid) ORDER BY c.id"}),
        ),
    );
    assert_eq!(status, 200, "{body}");
    let took = body["executionTimeMs"].as_f64().unwrap();
    assert!((0.0..5000.0).contains(&took));
    assert_eq!(
        body,
        json!({
            "columns": [
                {"name": "id", "type": "integer"},
                {"name": "count", "type": "integer"},
                {"name": "username", "type": "text"},
                {"name": "half", "type": "real"},
            ],
            "rowCount": 1,
            "rows": [{"id": 2, "count": 11, "username": "dwr", "half": 16.5}],
            "executionTimeMs": took,
        })
    );
}

#[test]
fn sql_runs_only_read_only_statements_within_the_limit() {
    let emu = Emulator::start(&["--ready-after", "0s", "--admin-key", "admin"]);
    let id = create(&emu, json!({}));
    assert_eq!(provision(&emu, &id).0, 200);
    let sql = |key: &str, text: &str| {
        call_as(
            &emu,
            key,
            "POST",
            "/v2/studio/deployment/database/sql",
            Some(json!({"deployment_id": id, "fid": 3, "sql": text})),
        )
    };
    let refused = json!({"error": "Only SELECT, WITH, and EXPLAIN queries are allowed", "code": "FORBIDDEN_STATEMENT"});
    for text in [
        "DELETE FROM users",
        "drop table users",
        "/* select */ INSERT INTO users (fid, username) VALUES (1, 'x')",
        "PRAGMA writable_schema = 1",
        "WITH x AS (SELECT 1) DELETE FROM users",
    ] {
        assert_eq!(sql("admin", text), (400, refused.clone()), "{text}");
    }
    assert_eq!(
        sql("admin", "SELECT 1; DELETE FROM users"),
        (
            400,
            json!({"error": "Only one statement may be executed", "code": "SQL_ERROR"})
        )
    );
    let long = format!("SELECT 1 {}", " ".repeat(10_000));
    assert_eq!(
        sql("admin", &long),
        (
            400,
            json!({"error": "sql must be at most 10000 characters"})
        )
    );
    assert_eq!(
        sql("admin", "SELECT nope FROM users"),
        (
            400,
            json!({"error": "no such column: nope", "code": "SQL_ERROR"})
        )
    );
    // Admin only.
    assert_eq!(
        sql("k", "SELECT 1"),
        (403, json!({"error": "Admin access required"}))
    );
    let (status, body) = sql(
        "admin",
        "EXPLAIN QUERY PLAN SELECT * FROM counters WHERE fid = 3",
    );
    assert_eq!(status, 200, "{body}");
    assert!(body["rowCount"].as_u64().unwrap() >= 1, "{body}");
    let (status, body) = sql(
        "admin",
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 3) SELECT x FROM n",
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["rows"], json!([{"x": 1}, {"x": 2}, {"x": 3}]));
    assert_eq!(body["rowCount"], 3);

    // A statement that would never end is stopped, as Postgres's statement timeout does.
    let started = std::time::Instant::now();
    assert_eq!(
        sql(
            "admin",
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n",
        ),
        (
            400,
            json!({"error": "canceling statement due to statement timeout", "code": "STATEMENT_TIMEOUT"})
        )
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

fn drop_of(emu: &Emulator, fid: u64) -> (u16, Value) {
    call(
        emu,
        "GET",
        &format!("/v2/studio/credit-drops/?fid={fid}"),
        None,
    )
}

fn claim(emu: &Emulator, fid: u64) -> (u16, Value) {
    call(
        emu,
        "POST",
        "/v2/studio/credit-drops/claim",
        Some(json!({"fid": fid})),
    )
}

fn millis(ts: &Value) -> u128 {
    let t = humantime::parse_rfc3339(ts.as_str().unwrap()).unwrap();
    t.duration_since(std::time::UNIX_EPOCH).unwrap().as_millis()
}

#[test]
fn a_credit_drop_is_claimed_once_within_24_hours() {
    let emu = Emulator::start(&[]);
    let (status, d) = drop_of(&emu, 3);
    assert_eq!(status, 200, "{d}");
    let mut keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "allowance_expires_at",
            "claimed",
            "created_at",
            "credits_remaining",
            "credits_used",
            "expired",
            "percentile_score",
            "raw_score",
            "reward_amount"
        ]
    );
    assert_eq!(
        millis(&d["allowance_expires_at"]) - millis(&d["created_at"]),
        24 * 3600 * 1000
    );
    assert_eq!(
        (
            &d["claimed"],
            &d["expired"],
            &d["reward_amount"],
            &d["credits_used"],
            &d["credits_remaining"]
        ),
        (
            &json!(false),
            &json!(false),
            &json!(250),
            &json!(0),
            &json!(250)
        )
    );

    assert_eq!(
        claim(&emu, 3),
        (
            200,
            json!({"claimed": true, "reward_amount": 250, "new_extra_credits": 250})
        )
    );
    assert_eq!(
        claim(&emu, 3),
        (
            409,
            json!({"message": "Credit drop has already been claimed"})
        )
    );
    let (status, again) = drop_of(&emu, 3);
    assert_eq!((status, &again["claimed"]), (200, &json!(true)));
    assert_eq!(again["created_at"], d["created_at"]);

    // FID 0 has no drop.
    assert_eq!(
        drop_of(&emu, 0),
        (404, json!({"message": "No credit drop found"}))
    );
    assert_eq!(
        claim(&emu, 0),
        (404, json!({"message": "No credit drop found"}))
    );
    assert_eq!(
        claim_raw(&emu, json!({})),
        (400, json!({"error": "fid is required"}))
    );
}

fn claim_raw(emu: &Emulator, body: Value) -> (u16, Value) {
    call(emu, "POST", "/v2/studio/credit-drops/claim", Some(body))
}

#[test]
fn a_credit_drop_older_than_24_hours_is_expired_and_cannot_be_claimed() {
    let emu = Emulator::start(&["--credit-drop-age", "24h"]);
    let (status, d) = drop_of(&emu, 7);
    assert_eq!(status, 200, "{d}");
    assert_eq!(
        (&d["expired"], &d["claimed"]),
        (&json!(true), &json!(false))
    );
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis();
    assert!(millis(&d["allowance_expires_at"]) <= now);
    assert_eq!(
        claim(&emu, 7),
        (410, json!({"message": "Credit drop has expired"}))
    );

    // A minute short of a day: still claimable.
    let emu = Emulator::start(&["--credit-drop-age", "23h 59m"]);
    let (status, d) = drop_of(&emu, 7);
    assert_eq!((status, &d["expired"]), (200, &json!(false)));
    assert_eq!(
        claim(&emu, 7),
        (
            200,
            json!({"claimed": true, "reward_amount": 450, "new_extra_credits": 450})
        )
    );
}

#[test]
fn db_schema_replaces_the_counter_apps_tables() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("schema.sql");
    std::fs::write(
        &script,
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);\nCREATE VIEW long_notes AS SELECT * FROM notes WHERE length(body) > 10;\n",
    )
    .unwrap();
    let emu = Emulator::start(&[
        "--ready-after",
        "0s",
        "--db-schema",
        script.to_str().unwrap(),
    ]);
    let id = create(&emu, json!({}));
    assert_eq!(provision(&emu, &id).0, 200);
    let (status, body) = call(
        &emu,
        "GET",
        &format!("/v2/studio/deployment/database/tables?deployment_id={id}"),
        None,
    );
    assert_eq!(
        (status, body),
        (
            200,
            json!({"tables": [
                {"name": "long_notes", "schema": "public", "type": "VIEW", "rowCountEstimate": null},
                {"name": "notes", "schema": "public", "type": "BASE TABLE", "rowCountEstimate": 0},
            ]})
        )
    );
    // Rows change in tables only.
    let (status, body) = rows(
        &emu,
        "POST",
        "long_notes",
        json!({"deployment_id": id, "rows": [{"body": "x"}]}),
    );
    assert_eq!(
        (status, body),
        (
            400,
            json!({"error": "\"long_notes\" is a view; rows can be changed in tables only"})
        )
    );

    // An empty script: an empty database.
    let empty = dir.path().join("empty.sql");
    std::fs::write(&empty, "").unwrap();
    let emu = Emulator::start(&[
        "--ready-after",
        "0s",
        "--db-schema",
        empty.to_str().unwrap(),
    ]);
    let id = create(&emu, json!({}));
    assert_eq!(provision(&emu, &id).0, 200);
    let (status, body) = call(
        &emu,
        "GET",
        &format!("/v2/studio/deployment/database/tables?deployment_id={id}"),
        None,
    );
    assert_eq!((status, body), (200, json!({"tables": []})));
}
