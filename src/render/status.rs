//! `deploy status`: the deployment's readiness, its dev server, its database, the generator's
//! phases (dev-status `schema_version` 0 or 1), whether a generation runs, and production.
//! Builds lines; the writer sanitizes, cuts and styles them.

use serde_json::Value;

use super::Line;
use crate::api::models::{Conversation, Deployment, DevStatus, Progress};

const KEY: usize = 13;

fn row(key: &str, value: Line) -> Line {
    Line::new().bold(format!("{key:<KEY$}")).then(value)
}

fn yes_no(v: Option<bool>) -> Option<&'static str> {
    v.map(|b| if b { "yes" } else { "no" })
}

/// Whether a generation is running, as far as the dev status tells.
pub fn generation_running(status: Option<&DevStatus>) -> Option<bool> {
    status.map(|s| matches!(s.progress(), Progress::Running { .. }))
}

/// The status view, one line a fact.
pub fn lines(d: &Deployment, dev: Option<&DevStatus>, latest: Option<&Conversation>) -> Vec<Line> {
    let mut out = Vec::new();
    if let Some(name) = d.name() {
        out.push(row("Deployment", Line::new().plain(name).whole()));
    }
    match d.is_ready() {
        Some(true) => out.push(row("Ready", Line::new().green("yes"))),
        Some(false) => out.push(row("Ready", Line::new().yellow("no (starting)"))),
        None => {}
    }
    if let Some(state) = d.0.str("dev_server_state") {
        let value = match state {
            "running" => Line::new().green(state),
            "crashed" | "hung" => Line::new().red(state),
            _ => Line::new().yellow(state),
        };
        out.push(row("Dev server", value));
    }
    let app = match (d.generated_app_exists(), d.generated_app_serving()) {
        (Some(true), Some(true)) => Some("generated, serving"),
        (Some(true), Some(false)) => Some("generated, not serving"),
        (Some(true), None) => Some("generated"),
        (Some(false), _) => Some("not generated yet"),
        (None, _) => None,
    };
    if let Some(app) = app {
        out.push(row("App", Line::new().plain(app)));
    }
    if let Some(db) = yes_no(d.0.bool("has_database")) {
        out.push(row("Database", Line::new().plain(db)));
    }
    if let Some(s) = dev {
        out.push(row("Generation", progress(s)));
        if let Some(ready) = yes_no(s.ready_to_publish()) {
            out.push(row("Publishable", Line::new().plain(ready)));
        }
        out.extend(phases(s));
    }
    if let Some(c) = latest {
        let id = c.id().unwrap_or("?");
        let mut value = Line::new().plain(id);
        if let Some(t) = c.title().or(c.preview()) {
            value = value.plain(format!(" \"{t}\""));
        }
        // Whole: the id is what `--conversation` takes, useless cut on a narrow terminal.
        out.push(row("Conversation", value).whole());
    }
    if let Some(p) = d.0.get("production_app_status").and_then(Value::as_object) {
        let text = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or("");
        let mut value = Line::new().plain(if text("deployment_state").is_empty() {
            "unknown"
        } else {
            text("deployment_state")
        });
        if !text("deployment_url").is_empty() {
            value = value.plain(" ").plain(text("deployment_url"));
        }
        if !text("target").is_empty() {
            value = value.dim(format!(" ({})", text("target")));
        }
        // Whole, like the conversation: the URL is for copying.
        out.push(row("Production", value).whole());
    }
    out
}

/// Whether a generation runs, in a line: the phase and since when, or when it finished.
pub fn progress(s: &DevStatus) -> Line {
    match s.progress() {
        Progress::Running {
            phase,
            of,
            phase_name,
            since,
        } => {
            let mut text = String::from("running");
            match (phase, of) {
                (Some(n), of) if of > 0 => text.push_str(&format!(": phase {n} of {of}")),
                (Some(n), _) => text.push_str(&format!(": phase {n}")),
                (None, _) => {}
            }
            if let Some(name) = phase_name {
                text.push_str(&format!(" ({name})"));
            }
            if let Some(since) = since {
                text.push_str(&format!(", since {since}"));
            }
            Line::new().yellow(text)
        }
        Progress::Completed { at } => Line::new().green(format!("finished at {at}")),
        Progress::NotStarted if s.schema_version() == Some(0) => {
            Line::new().plain("no phases reported")
        }
        Progress::NotStarted => Line::new().plain("none running"),
    }
}

/// One line per phase (schema 1): its key, its name and its status, the current one marked.
fn phases(s: &DevStatus) -> Vec<Line> {
    let Some(phases) = s.phases() else {
        return Vec::new();
    };
    let current = s.current_phase().map(|c| c.to_string());
    let mut keys: Vec<&String> = phases.keys().collect();
    // Numbered phases in their order, named ones after.
    keys.sort_by_key(|k| (k.parse::<u64>().unwrap_or(u64::MAX), k.to_string()));
    keys.into_iter()
        .filter_map(|key| {
            let phase = phases.get(key.as_str())?;
            let field = |names: &[&str]| {
                names
                    .iter()
                    .find_map(|k| phase.get(*k).and_then(Value::as_str))
                    .unwrap_or("")
                    .to_string()
            };
            let name = field(&["name", "title", "label"]);
            let state = field(&["status", "state"]);
            let mark = if current.as_deref() == Some(key.as_str()) {
                "> "
            } else {
                "  "
            };
            let mut line = Line::new().plain(format!("{:<KEY$}{mark}{key}", ""));
            if !name.is_empty() {
                line = line.plain(format!(" {name}"));
            }
            if !state.is_empty() {
                let tone = match state.as_str() {
                    "completed" | "done" | "complete" => Line::new().green(format!(" {state}")),
                    "failed" | "error" => Line::new().red(format!(" {state}")),
                    _ => Line::new().dim(format!(" {state}")),
                };
                line = line.then(tone);
            }
            Some(line)
        })
        .collect()
}
