//! End to end (issue 15): the data commands, the real binary against a real emulator process
//! over loopback. A deployment created with `--wait`, its database provisioned (the scripted
//! app's `users` and `counters`, on SQLite), rows inserted from an NDJSON file and from a JSON
//! array on stdin, read back in every format and with `--all`, changed with `update` and
//! `delete` (refused off a terminal without `--yes`, nothing changed; asked on one), `sql` refusing a
//! DELETE before anything is sent and running a SELECT with the emulator's admin key; a
//! secret set from stdin, listed and unset (its value in no output); the credit drop shown,
//! claimed, and claimed again.

use serde_json::{Value, json};

use crate::common::*;
use crate::emulator::Emulator;

/// A value no output may ever contain.
const SECRET: &str = "sk_live_e2e_9f8e7d6c5b4a39281706";

/// Every output of the test, for the secret check at the end.
struct Cli<'a> {
    env: &'a TestEnv,
    url: String,
    seen: Vec<String>,
}

impl Cli<'_> {
    fn cmd(&self) -> assert_cmd::Command {
        self.env.api(&self.url)
    }

    fn keep(&mut self, r: Run) -> Run {
        for text in [&r.stdout, &r.stderr] {
            assert!(
                !text.contains(SECRET),
                "the secret leaked:\n{}",
                r.transcript()
            );
            self.seen.push(text.clone());
        }
        r
    }

    fn run(&mut self, args: &[&str]) -> Run {
        let r = run(self.cmd().args(args));
        self.keep(r)
    }

    fn run_stdin(&mut self, args: &[&str], stdin: &str) -> Run {
        let r = run(self.cmd().args(args).write_stdin(stdin.to_string()));
        self.keep(r)
    }

    /// The rows of `table`, ordered by `key`, as JSON.
    fn rows(&mut self, table: &str, key: &str) -> Value {
        let r = self.run(&["db", "query", table, "--order-by", key, "--format", "json"]);
        assert_eq!(r.code, 0, "{}", r.transcript());
        r.json()
    }
}

fn ok(stdout: &str, stderr: &str) -> String {
    format!("exit: 0\n--- stdout\n{stdout}--- stderr\n{stderr}")
}

/// What a destructive command says off a terminal without `--yes`.
fn refusal(what: &str) -> String {
    format!(
        "error: refusing to {what} without confirmation\n\
         hint: pass --yes to confirm (there is no terminal to ask on)\n"
    )
}

fn failed(code: i32, stderr: &str) -> String {
    format!("exit: {code}\n--- stdout\n--- stderr\n{stderr}")
}

/// `credits show` with its two timestamps (now, and a day later) masked.
fn masked(stdout: &str) -> String {
    stdout
        .lines()
        .map(|l| match l.split_once("  ") {
            Some((k @ ("created" | "expires"), v)) => {
                assert!(v.trim().ends_with('Z'), "{l}");
                format!("{k} TIME\n")
            }
            _ => format!("{l}\n"),
        })
        .collect()
}

fn shown(state: &str) -> String {
    format!(
        "reward      250\nstate       {state}\nused        0\nremaining   250\n\
         created TIME\nexpires TIME\npercentile  30%\n"
    )
}

const USERS: &str = r#"{"fid": 1, "username": "alice", "display_name": "Alice", "created_at": "2026-11-01 10:00:00"}
{"fid": 2, "username": "bob", "display_name": null, "created_at": "2026-11-02 10:00:00"}

{"fid": 3, "username": "carol", "display_name": "Carol \"C\", Jr.", "created_at": "2026-11-03 10:00:00"}
"#;

#[test]
fn the_data_workflow_end_to_end() {
    let emu = Emulator::start(&["--ready-after", "300ms", "--admin-key", KEY]);
    let env = TestEnv::new();
    let mut cli = Cli {
        env: &env,
        url: emu.url.clone(),
        seen: Vec::new(),
    };

    let r = cli.run(&["deploy", "create", "--wait"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let name = r.stdout.lines().next().unwrap().to_string();
    assert!(name.starts_with("server-"), "{name}");

    // Provision: the scripted app's tables.
    let r = cli.run(&["db", "provision"]);
    assert_eq!(
        r.transcript(),
        ok(&format!("Provisioned a database for {name}.\n"), "")
    );
    let r = cli.run(&["db", "tables"]);
    assert_eq!(
        r.transcript(),
        ok(
            "SCHEMA  NAME      TYPE   ROWS\n\
             public  counters  table  ~0\n\
             public  users     table  ~0\n",
            ""
        )
    );

    // Insert: NDJSON from a file (a blank line skipped), a JSON array on stdin.
    std::fs::write(env.home().join("users.ndjson"), USERS).unwrap();
    let r = cli.run(&["db", "insert", "users", "--file", "users.ndjson"]);
    assert_eq!(r.transcript(), ok("Inserted 3 rows into users.\n", ""));
    let r = cli.run_stdin(
        &["db", "insert", "counters", "-"],
        r#"[{"fid": 1, "count": 5}, {"fid": 2, "label": "likes", "count": 7},
            {"fid": 3, "label": "likes", "count": 0, "updated_at": "2026-11-04 09:30:00"}]"#,
    );
    assert_eq!(r.transcript(), ok("Inserted 3 rows into counters.\n", ""));

    // Query, piped: tab-separated with a header; the count on stderr.
    let r = cli.run(&["db", "query", "users", "--order-by", "fid"]);
    assert_eq!(
        r.transcript(),
        ok(
            "fid\tusername\tdisplay_name\tcreated_at\n\
             1\talice\tAlice\t2026-11-01 10:00:00\n\
             2\tbob\t\t2026-11-02 10:00:00\n\
             3\tcarol\tCarol \"C\", Jr.\t2026-11-03 10:00:00\n",
            "3 of 3 rows\n"
        )
    );
    let r = cli.run(&[
        "db",
        "query",
        "users",
        "--columns",
        "fid,username",
        "--order-by",
        "fid:desc",
        "--limit",
        "2",
    ]);
    assert_eq!(
        r.transcript(),
        ok(
            "fid\tusername\n3\tcarol\n2\tbob\n",
            "2 of 3 rows (more with --offset 2, or --all)\n"
        )
    );
    let r = cli.run(&[
        "db",
        "query",
        "users",
        "--order-by",
        "fid",
        "--format",
        "csv",
    ]);
    assert_eq!(
        r.transcript(),
        ok(
            "fid,username,display_name,created_at\n\
             1,alice,Alice,2026-11-01 10:00:00\n\
             2,bob,,2026-11-02 10:00:00\n\
             3,carol,\"Carol \"\"C\"\", Jr.\",2026-11-03 10:00:00\n",
            ""
        )
    );
    let users = json!([
        {"fid": 1, "username": "alice", "display_name": "Alice", "created_at": "2026-11-01 10:00:00"},
        {"fid": 2, "username": "bob", "display_name": null, "created_at": "2026-11-02 10:00:00"},
        {"fid": 3, "username": "carol", "display_name": "Carol \"C\", Jr.", "created_at": "2026-11-03 10:00:00"},
    ]);
    assert_eq!(cli.rows("users", "fid"), users);
    let r = cli.run(&[
        "db",
        "query",
        "users",
        "--order-by",
        "fid",
        "--format",
        "ndjson",
        "--all",
    ]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(r.stderr, "");
    let lines: Vec<Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(Value::Array(lines), users);
    let counters = json!([
        {"id": 1, "fid": 1, "label": "clicks", "count": 5, "updated_at": null},
        {"id": 2, "fid": 2, "label": "likes", "count": 7, "updated_at": null},
        {"id": 3, "fid": 3, "label": "likes", "count": 0, "updated_at": "2026-11-04 09:30:00"},
    ]);
    assert_eq!(cli.rows("counters", "id"), counters);

    // Update: refused off a terminal without --yes, before anything is sent.
    let r = cli.run(&[
        "db",
        "update",
        "counters",
        "--where",
        "label=likes",
        "--set",
        "count=8",
    ]);
    assert_eq!(
        r.transcript(),
        failed(2, &refusal("update rows of counters"))
    );
    assert_eq!(cli.rows("counters", "id"), counters);
    let r = cli.run(&[
        "db",
        "update",
        "counters",
        "--where",
        "label=likes",
        "--set",
        "count=8",
        "--yes",
    ]);
    assert_eq!(r.transcript(), ok("Updated 2 rows of counters.\n", ""));
    let mut changed = counters.clone();
    changed[1]["count"] = json!(8);
    changed[2]["count"] = json!(8);
    assert_eq!(cli.rows("counters", "id"), changed);

    // Delete: likewise.
    let r = cli.run(&["db", "delete", "counters", "--where", "fid=3"]);
    assert_eq!(
        r.transcript(),
        failed(2, &refusal("delete rows of counters"))
    );
    assert_eq!(cli.rows("counters", "id"), changed);
    let r = cli.run(&["db", "delete", "counters", "--where", "fid=3", "--yes"]);
    assert_eq!(r.transcript(), ok("Deleted 1 row of counters.\n", ""));
    changed.as_array_mut().unwrap().pop();
    assert_eq!(cli.rows("counters", "id"), changed);

    // On a terminal, the statement is shown and asked about: no changes nothing, yes runs it.
    let r = env.on_terminal(&emu.url, "db delete counters --where fid=1", "n\n");
    cli.seen.push(r.stdout.clone());
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(
        r.stdout
            .contains("DELETE FROM counters WHERE fid = 1\r\nRun this on ")
            && r.stdout
                .contains("error: not confirmed; no rows were deleted"),
        "{}",
        r.transcript()
    );
    assert_eq!(cli.rows("counters", "id"), changed);
    let r = env.on_terminal(
        &emu.url,
        "db update counters --where fid=1 --set count=6",
        "y\n",
    );
    cli.seen.push(r.stdout.clone());
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stdout
            .contains("UPDATE counters SET count = 6 WHERE fid = 1\r\nRun this on ")
            && r.stdout.ends_with("Updated 1 row of counters.\r\n"),
        "{}",
        r.transcript()
    );
    changed[0]["count"] = json!(6);
    assert_eq!(cli.rows("counters", "id"), changed);

    // sql: a DELETE is refused before anything is sent (also with no server at all).
    let refused = "error: DELETE is not allowed: `db sql` runs only SELECT, WITH and EXPLAIN statements\n\
                   hint: change rows with `neynar-studio db insert`, `db update` or `db delete`\n";
    let r = cli.run(&["db", "sql", "DELETE FROM counters"]);
    assert_eq!(r.transcript(), failed(2, refused));
    let nowhere = run(env
        .api(&format!("http://127.0.0.1:{}", closed_port()))
        .args(["db", "sql", "DELETE FROM counters", "-d", &name]));
    assert_eq!(nowhere.transcript(), failed(2, refused));
    assert_eq!(cli.rows("counters", "id"), changed);
    // A SELECT runs with the admin key ...
    let r = cli.run(&[
        "db",
        "sql",
        "SELECT u.username, c.count FROM counters c JOIN users u ON u.fid = c.fid ORDER BY c.id",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(
        r.json(),
        json!([{"username": "alice", "count": 6}, {"username": "bob", "count": 8}])
    );
    let r = cli.run(&["db", "sql", "SELECT count(*) AS n FROM users"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(r.stdout, "n\n3\n");
    assert!(
        r.stderr.starts_with("1 row (") && r.stderr.ends_with(" ms)\n"),
        "{}",
        r.stderr
    );
    // ... and not with another key.
    let r = run(cli
        .cmd()
        .env("NEYNAR_API_KEY", "nsk-not-the-admin-key")
        .args(["db", "sql", "SELECT 1"]));
    assert_eq!(r.code, 3, "{}", r.transcript());
    assert!(
        r.stderr.contains(
            "hint: `db sql` needs an admin key; `db query TABLE` reads a table with any key\n"
        ),
        "{}",
        r.stderr
    );

    // Secrets: set from stdin, listed masked, unset; the value in no output.
    let r = cli.run_stdin(&["secrets", "set", "STRIPE_KEY"], &format!("{SECRET}\n"));
    assert_eq!(
        r.transcript(),
        ok(
            &format!("Set STRIPE_KEY on {name}.\n"),
            "the app sees new values after its dev server restarts (`neynar-studio deploy start`)\n"
        )
    );
    let r = cli.run(&["secrets", "list"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(r.stderr, "");
    // The system secrets' previews are the emulator's, made per deployment.
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", r.stdout);
    assert_eq!(lines[0], "KEY               TYPE    PREVIEW");
    assert!(
        lines[1].starts_with("NEYNAR_API_KEY    system  neyn…"),
        "{}",
        r.stdout
    );
    assert!(
        lines[2].starts_with("NEYNAR_CLIENT_ID  system  neyn…"),
        "{}",
        r.stdout
    );
    assert_eq!(lines[3], "STRIPE_KEY        user    sk_l…1706");
    let r = cli.run(&["secrets", "list", "--json"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let listed = r.json();
    let stripe: Vec<&Value> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["key"] == "STRIPE_KEY")
        .collect();
    assert_eq!(stripe.len(), 1, "{listed}");
    assert_eq!(stripe[0]["preview"], "sk_l…1706");
    assert!(stripe[0].get("value").is_none(), "{listed}");
    let r = cli.run(&["secrets", "unset", "STRIPE_KEY"]);
    assert_eq!(r.transcript(), failed(2, &refusal("remove STRIPE_KEY")));
    let r = cli.run(&["secrets", "unset", "NEYNAR_API_KEY", "--yes"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    let r = cli.run(&["secrets", "unset", "STRIPE_KEY", "--yes"]);
    assert_eq!(
        r.transcript(),
        ok(&format!("Removed STRIPE_KEY from {name}.\n"), "")
    );
    let r = cli.run(&["secrets", "list"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(!r.stdout.contains("STRIPE_KEY"), "{}", r.stdout);

    // Credits: shown, claimed, claimed again.
    let r = cli.run(&["credits", "show"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(
        masked(&r.stdout),
        shown("not claimed"),
        "{}",
        r.transcript()
    );
    assert_eq!(r.stderr, "claim it with `neynar-studio credits claim`\n");
    let r = cli.run(&["credits", "claim"]);
    assert_eq!(
        r.transcript(),
        ok("Claimed 250 credits; extra credits now 250.\n", "")
    );
    let r = cli.run(&["credits", "claim"]);
    assert_eq!(
        r.transcript(),
        failed(
            6,
            "error: the credit drop was already claimed\nhint: see it with `neynar-studio credits show`\n"
        )
    );
    let r = cli.run(&["credits", "show"]);
    assert_eq!(masked(&r.stdout), shown("claimed"), "{}", r.transcript());

    // The secret's value was never printed, by any command.
    for text in &cli.seen {
        assert!(!text.contains(SECRET) && !text.contains("9f8e7d"), "{text}");
    }
}

#[test]
fn an_expired_credit_drop_reads_expired() {
    let emu = Emulator::start(&["--ready-after", "0s", "--credit-drop-age", "25h"]);
    let env = TestEnv::new();
    let r = run(env.api(&emu.url).args(["credits", "show"]));
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(masked(&r.stdout), shown("expired"), "{}", r.transcript());
    assert_eq!(r.stderr, "");
    let r = run(env.api(&emu.url).args(["credits", "claim"]));
    assert_eq!(
        r.transcript(),
        failed(
            6,
            "error: the credit drop expired: drops can be claimed for 24 hours\n\
             hint: see it with `neynar-studio credits show`\n"
        )
    );
}
