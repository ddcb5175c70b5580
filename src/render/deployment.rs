//! Deployments for humans: the key/value view of `get` and the table of `list`.

use std::time::SystemTime;

use super::{Paint, columns, sanitize};
use crate::api::models::Deployment;

/// A timestamp as the server sent it, with how long ago it was when it parses.
fn when(ts: &str, now: SystemTime) -> String {
    let clean = sanitize(ts);
    match humantime::parse_rfc3339_weak(ts) {
        Ok(t) => format!("{clean} ({})", crate::duration::ago(t, now)),
        Err(_) => clean.into_owned(),
    }
}

fn ago(ts: Option<&str>, now: SystemTime) -> String {
    match ts {
        Some(ts) => match humantime::parse_rfc3339_weak(ts) {
            Ok(t) => crate::duration::ago(t, now),
            Err(_) => sanitize(ts).into_owned(),
        },
        None => "-".into(),
    }
}

fn ready_cell(d: &Deployment, p: Paint) -> String {
    if d.deleted_at().is_some() {
        return p.red("deleted");
    }
    match d.is_ready() {
        Some(true) => p.green("yes"),
        Some(false) => p.yellow("no"),
        None => "-".into(),
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// The key/value view of one deployment. Only the fields the server sent are shown; unknown
/// fields are left to `--json`.
pub fn detail(d: &Deployment, now: SystemTime, p: Paint) -> String {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row = |key: &str, value: String| rows.push(vec![p.bold(key), value]);
    let text = |v: &str| sanitize(v).into_owned();
    row("Name", d.name().map(text).unwrap_or_else(|| "-".into()));
    if let Some(v) = d.display_name() {
        row("Display name", text(v));
    }
    if let Some(v) = d.id() {
        row("ID", text(v));
    }
    if let Some(v) = d.namespace() {
        row("Namespace", text(v));
    }
    row("Ready", ready_cell(d, p));
    if let Some(v) = d.url() {
        row("URL", p.cyan(&text(v)));
    }
    match (d.generated_app_exists(), d.generated_app_serving()) {
        (Some(true), Some(true)) => row("App", "generated, serving".into()),
        (Some(true), Some(false)) => row("App", "generated, not serving".into()),
        (Some(true), None) => row("App", "generated".into()),
        (Some(false), _) => row("App", "not generated yet".into()),
        (None, _) => {}
    }
    for (key, label) in [
        ("status", "Status"),
        ("dev_server_state", "Dev server"),
        ("github_url", "GitHub"),
    ] {
        if let Some(v) = d.0.str(key) {
            row(label, text(v));
        }
    }
    if let Some(v) = d.0.bool("has_database") {
        row("Database", yes_no(v).into());
    }
    if let Some(v) = d.created_at() {
        row("Created", when(v, now));
    }
    if let Some(v) = d.updated_at() {
        row("Updated", when(v, now));
    }
    if let Some(v) = d.deleted_at() {
        row("Deleted", when(v, now));
    }
    columns(&rows)
}

/// The table of `list`: NAME, DISPLAY NAME, READY, CREATED (relative), URL.
pub fn table(list: &[Deployment], now: SystemTime, p: Paint) -> String {
    let mut rows = vec![
        ["NAME", "DISPLAY NAME", "READY", "CREATED", "URL"]
            .iter()
            .map(|h| p.bold(h))
            .collect::<Vec<_>>(),
    ];
    let text = |v: Option<&str>| {
        v.map(|v| sanitize(v).into_owned())
            .unwrap_or_else(|| "-".into())
    };
    for d in list {
        rows.push(vec![
            text(d.name()),
            text(d.display_name()),
            ready_cell(d, p),
            ago(d.created_at(), now),
            text(d.url()),
        ]);
    }
    columns(&rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::time::Duration;

    fn now() -> SystemTime {
        humantime::parse_rfc3339("2025-09-04T19:30:00Z").unwrap()
    }

    #[test]
    fn table_of_the_guides_list() {
        let list = crate::api::models::deployments_from(json!({"deployments": [
            {"name": "server-250904162435170", "display_name": "tetris app", "created_at": "2025-09-04T16:24:35.185Z", "isReady": true},
            {"name": "server-250904173546281", "created_at": "2025-09-04T17:35:46.281Z", "isReady": false}
        ]}))
        .unwrap();
        assert_eq!(
            table(&list, now(), Paint { on: false }),
            "NAME                    DISPLAY NAME  READY  CREATED  URL\n\
             server-250904162435170  tetris app    yes    3h ago   -\n\
             server-250904173546281  -             no     1h ago   -\n"
        );
    }

    #[test]
    fn detail_sanitizes_and_skips_missing() {
        let d = Deployment::from_value(json!({
            "name": "srv\u{1b}[2J", "is_ready": true, "url": "https://x.studio.neynar.com",
            "created_at": "2025-09-04T16:24:35.185Z", "generated_app_exists": false,
            "deleted_at": null
        }))
        .unwrap();
        assert_eq!(
            detail(&d, now() + Duration::from_secs(0), Paint { on: false }),
            "Name     srv\\u{1b}[2J\n\
             Ready    yes\n\
             URL      https://x.studio.neynar.com\n\
             App      not generated yet\n\
             Created  2025-09-04T16:24:35.185Z (3h ago)\n"
        );
    }
}
