//! Publishing to Vercel: `vercel/` starts a production deployment that moves through Vercel's
//! states on the emulator's clock (QUEUED, BUILDING, then READY, or ERROR with
//! `--publish-fails`), paced by `--speed`; `vercel/status` shows where it is and
//! `vercel/logs` the build log lines due so far (a Studio admin key: 403 otherwise). Errors
//! come in the `{"success": false, "error": ...}` shape the spec gives these operations; a
//! publish while one is in progress is a 409.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::Emu;
use super::routes::{Lookup, Res, body_object, fail, json_response, query_map, success_false};

/// The publish options of the emulator (`neynar-studio emulator` flags).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct PublishOptions {
    /// Make every Vercel build fail: the deployment ends in ERROR, its logs say why
    #[arg(long)]
    pub publish_fails: bool,
}

/// How long a deployment is queued, then building, at speed 1.
const QUEUED: Duration = Duration::from_millis(1500);
const BUILDING: Duration = Duration::from_millis(6000);

/// A deployment's Vercel project and its latest production deployment.
#[derive(Debug, Clone)]
pub struct Vercel {
    pub project_id: String,
    /// The latest deployment's id (`dpl_…`).
    pub deployment: String,
    pub started: Instant,
    pub started_wall: SystemTime,
    pub queued: Duration,
    pub building: Duration,
    pub fails: bool,
    /// The names (never the values) of the environment variables it was given.
    pub env_names: Vec<String>,
    /// The production domain: `NAME.neynar.app`, or a custom one (`vercel/domain`).
    pub domain: String,
}

impl Vercel {
    pub fn state(&self, now: Instant) -> &'static str {
        let at = now.saturating_duration_since(self.started);
        if at < self.queued {
            "QUEUED"
        } else if at < self.queued + self.building {
            "BUILDING"
        } else if self.fails {
            "ERROR"
        } else {
            "READY"
        }
    }

    pub fn in_progress(&self, now: Instant) -> bool {
        matches!(self.state(now), "QUEUED" | "BUILDING")
    }

    /// The build log: (share of the build time it comes at, stream, text).
    fn script(&self, name: &str) -> Vec<(f64, &'static str, String)> {
        let mut lines = vec![
            (
                0.0,
                "stdout",
                "Running build in Washington, D.C., USA (East) – iad1".to_string(),
            ),
            (
                0.02,
                "stdout",
                format!(
                    "Cloning github.com/neynar-studio/{name} (Branch: main, Commit: {})",
                    &self.deployment[4..11]
                ),
            ),
            (0.08, "stdout", "Cloning completed: 412.000ms".to_string()),
            (0.1, "stdout", "Running \"vercel build\"".to_string()),
            (0.12, "stdout", "Vercel CLI 48.1.0".to_string()),
        ];
        if !self.env_names.is_empty() {
            lines.push((
                0.14,
                "stdout",
                format!(
                    "Using {} environment variables: {}",
                    self.env_names.len(),
                    self.env_names.join(", ")
                ),
            ));
        }
        lines.extend([
            (0.16, "stdout", "Installing dependencies...".to_string()),
            (0.4, "stdout", "added 412 packages in 9s".to_string()),
            (
                0.42,
                "stdout",
                "Detected Next.js version: 15.5.2".to_string(),
            ),
            (0.44, "stdout", "Running \"npm run build\"".to_string()),
            (0.46, "stdout", "> next build".to_string()),
            (0.48, "stdout", "   ▲ Next.js 15.5.2".to_string()),
            (
                0.5,
                "stdout",
                "   Creating an optimized production build ...".to_string(),
            ),
        ]);
        if self.fails {
            lines.extend([
                (0.8, "stderr", "Failed to compile.".to_string()),
                (
                    0.82,
                    "stderr",
                    "./src/app/page.tsx:4:7\nType error: Cannot find name 'Counter'.".to_string(),
                ),
                (
                    0.95,
                    "stderr",
                    "Error: Command \"npm run build\" exited with 1".to_string(),
                ),
            ]);
        } else {
            lines.extend([
                (
                    0.8,
                    "stdout",
                    " ✓ Compiled successfully in 7.9s".to_string(),
                ),
                (
                    0.86,
                    "stdout",
                    " ✓ Generating static pages (5/5)".to_string(),
                ),
                (
                    0.9,
                    "stdout",
                    "Build Completed in /vercel/output [38s]".to_string(),
                ),
                (0.94, "stdout", "Deploying outputs...".to_string()),
                (
                    1.0,
                    "stdout",
                    format!("Deployment completed: https://{}", self.domain),
                ),
            ]);
        }
        lines
    }

    /// The log events due at `now`, oldest first.
    pub fn logs(&self, name: &str, now: Instant) -> Vec<Value> {
        let at = now.saturating_duration_since(self.started);
        self.script(name)
            .into_iter()
            .filter_map(|(share, kind, text)| {
                let offset = self.queued + self.building.mul_f64(share);
                (offset <= at).then(|| {
                    let ms = millis(self.started_wall + offset);
                    json!({"type": kind, "created": ms, "date": ms, "text": text})
                })
            })
            .collect()
    }
}

fn millis(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// An id like Vercel's: `prefix` and 24 letters and digits.
fn vercel_id(prefix: &str) -> String {
    let id: String = uuid::Uuid::new_v4()
        .simple()
        .to_string()
        .chars()
        .take(24)
        .collect();
    format!("{prefix}{id}")
}

/// The default production domain of a deployment.
pub fn default_domain(name: &str) -> String {
    format!("{name}.neynar.app")
}

/// `POST vercel/`: publishes; `env` must be an object of strings.
pub(super) async fn publish(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    publish_inner(&emu, &headers, body)
        .await
        .map_err(success_false)
}

async fn publish_inner(
    emu: &Emu,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    emu.gate(headers).await?;
    let map = body_object(body)?;
    let env: BTreeMap<String, String> = match map.get("env") {
        None | Some(Value::Null) => BTreeMap::new(),
        Some(Value::Object(env)) => env
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => Ok((k.clone(), s.clone())),
                _ => Err(super::routes::bad(format!("env.{k} must be a string"))),
            })
            .collect::<Res<_>>()?,
        Some(_) => {
            return Err(super::routes::bad("env must be an object of string values"));
        }
    };
    let lookup = Lookup::from_body(&map)?;
    let now = Instant::now();
    let mut world = emu.world();
    let d = lookup.find(&mut world)?;
    if !d.is_ready(now) {
        return Err(super::routes::bad(
            "Deployment is not ready yet; wait until is_ready is true",
        ));
    }
    if d.vercel.as_ref().is_some_and(|v| v.in_progress(now)) {
        return Err(fail(
            StatusCode::CONFLICT,
            "A Vercel deployment is already in progress for this app",
        ));
    }
    if d.running(now).is_some() {
        return Err(fail(
            StatusCode::CONFLICT,
            "A session is running on this deployment; publish when it has finished",
        ));
    }
    let speed = emu.config.speed.max(0.001);
    let (project_id, domain) = match &d.vercel {
        Some(v) => (v.project_id.clone(), v.domain.clone()),
        None => (vercel_id("prj_"), default_domain(&d.name)),
    };
    let vercel = Vercel {
        project_id,
        deployment: vercel_id("dpl_"),
        started: now,
        started_wall: SystemTime::now(),
        queued: QUEUED.div_f64(speed),
        building: BUILDING.div_f64(speed),
        fails: emu.config.lifecycle.publish.publish_fails,
        env_names: env.keys().cloned().collect(),
        domain,
    };
    let answer = json!({
        "success": true,
        "deployment_url": d.url(emu.port),
        "production_url": format!("https://{}", vercel.domain),
        "project_id": vercel.project_id,
    });
    d.vercel = Some(vercel);
    d.updated_at = SystemTime::now();
    Ok(json_response(StatusCode::OK, &answer))
}

fn never_published() -> Box<super::routes::Reject> {
    fail(
        StatusCode::NOT_FOUND,
        "This app has not been published to Vercel yet",
    )
}

/// `GET vercel/status`: the latest production deployment's state.
pub(super) async fn status(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Res<Response> {
    async {
        emu.gate(&headers).await?;
        let lookup = Lookup::from_query(raw)?;
        let now = Instant::now();
        let mut world = emu.world();
        let d = lookup.find(&mut world)?;
        let v = d.vercel.as_ref().ok_or_else(never_published)?;
        // The deployed Vercel app (the spec's words): its production domain, which follows
        // `vercel/domain`; the dev server's URL is the deployment's own `url`.
        let url = format!("https://{}", v.domain);
        Ok(json_response(
            StatusCode::OK,
            &json!({
                "success": true,
                "deployment_state": v.state(now),
                "deployment_url": url,
                "project_id": v.project_id,
                "created_at": millis(v.started_wall),
                "target": "production",
            }),
        ))
    }
    .await
    .map_err(success_false)
}

/// `GET vercel/logs`: the latest `limit` (default 100) build log events, oldest first.
pub(super) async fn logs(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Res<Response> {
    async {
        emu.gate(&headers).await?;
        let limit = match query_map(raw.clone()).get("limit") {
            None => 100,
            Some(l) => l
                .parse::<usize>()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or_else(|| super::routes::bad("limit must be a positive integer"))?,
        };
        let lookup = Lookup::from_query(raw)?;
        if !emu.is_admin(&headers) {
            return Err(fail(StatusCode::FORBIDDEN, "Studio admin access required"));
        }
        let now = Instant::now();
        let mut world = emu.world();
        let d = lookup.find(&mut world)?;
        let v = d.vercel.as_ref().ok_or_else(never_published)?;
        let mut logs = v.logs(&d.name, now);
        let skip = logs.len().saturating_sub(limit);
        logs.drain(..skip);
        Ok(json_response(
            StatusCode::OK,
            &json!({"success": true, "logs": logs}),
        ))
    }
    .await
    .map_err(success_false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_and_logs_follow_the_clock() {
        let now = Instant::now();
        let mut v = Vercel {
            project_id: vercel_id("prj_"),
            deployment: vercel_id("dpl_"),
            started: now,
            started_wall: SystemTime::now(),
            queued: Duration::from_secs(1),
            building: Duration::from_secs(4),
            fails: false,
            env_names: vec!["GREETING".into()],
            domain: default_domain("server-1"),
        };
        assert_eq!(v.state(now), "QUEUED");
        assert!(v.logs("server-1", now).is_empty());
        let mid = now + Duration::from_secs(3);
        assert_eq!(v.state(mid), "BUILDING");
        let some = v.logs("server-1", mid).len();
        assert!(some > 3);
        let end = now + Duration::from_secs(5);
        assert_eq!(v.state(end), "READY");
        let all = v.logs("server-1", end);
        assert!(all.len() > some);
        assert!(
            all.iter()
                .any(|l| l["text"].as_str().unwrap().contains("GREETING"))
        );
        v.fails = true;
        assert_eq!(v.state(end), "ERROR");
        assert_eq!(v.logs("server-1", end).last().unwrap()["type"], "stderr");
    }
}
