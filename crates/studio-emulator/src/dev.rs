//! The dev server and its status: `dev-status` (phases advancing as the session runs, in the
//! spec's `schema_version` 1 shape, or 0 with `--dev-status-schema 0`), `start` and `stop`
//! (`dev_server_state`; a Studio admin key; 408 with `--start-timeout`), and `build` and
//! `recover`, which stream a scripted agent session of their own.
//!
//! Admin keys: with `--admin-key K`, only K is a Studio admin key (start and stop answer 403
//! to any other; it may list conversations without a fid). Without it, every accepted key is
//! taken for an admin key, so that the emulator can be used with any key.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::Emu;
use super::generation::{begin, play};
use super::routes::{Lookup, Res, bad, body_object, fail, json_response, opt_str};
use super::session;
use super::state::{DevServer, Kind, Session};

/// The lifecycle options of the emulator (`neynar-studio emulator` flags).
#[derive(Debug, Clone, clap::Args)]
pub struct LifecycleOptions {
    /// The Studio admin key: start and stop need it (403 otherwise). Default: every accepted
    /// key is an admin key
    #[arg(long, value_name = "KEY")]
    pub admin_key: Option<String>,

    /// Make `start` time out: it answers 408, and the dev server comes up after --ready-after
    #[arg(long)]
    pub start_timeout: bool,

    /// The dev-status shape: 1 (phases, timestamps, metadata) or 0 (only ready_to_publish)
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u8).range(0..=1))]
    pub dev_status_schema: u8,

    /// export-zip: padding for benchmarks, a free plan (402).
    #[command(flatten)]
    pub export: super::export::ExportOptions,

    /// Publishing: builds that fail.
    #[command(flatten)]
    pub publish: super::publish::PublishOptions,
}

impl Default for LifecycleOptions {
    fn default() -> Self {
        LifecycleOptions {
            admin_key: None,
            start_timeout: false,
            dev_status_schema: 1,
            export: Default::default(),
            publish: Default::default(),
        }
    }
}

/// `GET dev-status`: by `deployment_id`, or `name` (and `namespace`); the spec takes no fid.
pub(super) async fn dev_status(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let lookup = Lookup::from_query_no_fid(raw)?;
    let now = Instant::now();
    let mut world = emu.world();
    let d = lookup.find(&mut world)?;
    let status = if emu.config.lifecycle.dev_status_schema == 0 {
        let running = d.running(now).is_some();
        json!({"schema_version": 0, "ready_to_publish": d.generated_app_exists && !running})
    } else {
        dev_status_of(d.session.as_ref(), d.generated_app_exists, now)
    };
    Ok(json_response(StatusCode::OK, &status))
}

/// `POST start`: the dev server runs again (`dev_server_state` `running`). With
/// `--start-timeout` it answers 408 and comes up after `--ready-after`, as a slow start does.
pub(super) async fn start(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let map = body_object(body)?;
    let lookup = Lookup::from_body(&map)?;
    admin_only(&emu, &headers)?;
    let now = Instant::now();
    let mut world = emu.world();
    let d = lookup.find(&mut world)?;
    if d.dev_server_state(now) == "running" {
        return Ok(done("Dev server is already running"));
    }
    d.updated_at = SystemTime::now();
    if emu.config.lifecycle.start_timeout {
        if d.dev_server == DevServer::Stopped {
            d.dev_server =
                DevServer::RunningFrom(studio_api::duration::deadline(now, emu.config.ready_after));
        }
        return Err(fail(
            StatusCode::REQUEST_TIMEOUT,
            "Timed out waiting for the dev server to start",
        ));
    }
    d.dev_server = DevServer::RunningFrom(now);
    Ok(done("Dev server started"))
}

/// `POST stop`: the dev server stops (`dev_server_state` `stopped`); stopping a stopped one
/// is success too.
pub(super) async fn stop(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let map = body_object(body)?;
    let lookup = Lookup::from_body(&map)?;
    admin_only(&emu, &headers)?;
    let mut world = emu.world();
    let d = lookup.find(&mut world)?;
    if d.dev_server == DevServer::Stopped {
        return Ok(done("Dev server is already stopped"));
    }
    d.dev_server = DevServer::Stopped;
    d.updated_at = SystemTime::now();
    Ok(done("Dev server stopped"))
}

fn done(message: &str) -> Response {
    json_response(
        StatusCode::OK,
        &json!({"success": true, "message": message}),
    )
}

fn admin_only(emu: &Emu, headers: &HeaderMap) -> Res<()> {
    if emu.is_admin(headers) {
        Ok(())
    } else {
        Err(fail(StatusCode::FORBIDDEN, "Studio admin access required"))
    }
}

/// `POST build`: `build_type` `npm` or `vercel` (the default), streamed like a prompt.
pub(super) async fn build(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let map = body_object(body)?;
    let build_type = opt_str(&map, "build_type")?.unwrap_or_else(|| "vercel".into());
    if build_type != "npm" && build_type != "vercel" {
        return Err(bad("build_type must be one of npm, vercel"));
    }
    maintain(&emu, &map, Kind::Build, &build_type)
}

/// `POST recover`: reads the dev server's errors, fixes them, rebuilds; the dev server runs
/// again afterwards.
pub(super) async fn recover(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let map = body_object(body)?;
    maintain(&emu, &map, Kind::Recover, "npm")
}

/// Starts a build or recover session: 404 for an unknown deployment, 400 before it is ready,
/// 409 while another session runs.
fn maintain(emu: &Emu, map: &Map<String, Value>, kind: Kind, build_type: &str) -> Res<Response> {
    let lookup = Lookup::from_body_no_fid(map)?;
    let now = Instant::now();
    let mut world = emu.world();
    let d = lookup.find(&mut world)?;
    if !d.is_ready(now) {
        return Err(bad(
            "Deployment is not ready yet; wait until is_ready is true",
        ));
    }
    if d.running(now).is_some() {
        return Err(fail(
            StatusCode::CONFLICT,
            "A session is already running on this deployment",
        ));
    }
    let recover = kind == Kind::Recover;
    let session_id = uuid::Uuid::new_v4().to_string();
    let frames = session::maintenance(recover, build_type, &session_id, emu.config.speed);
    let asked = if recover {
        "Recover the dev server".to_string()
    } else {
        format!("Build the app ({build_type})")
    };
    if recover {
        // The recovered dev server comes up when the session ends.
        let took = session::duration(&frames, emu.config.speed);
        d.dev_server = DevServer::RunningFrom(studio_api::duration::deadline(now, took));
    }
    let started = begin(emu, d, kind, ("system", asked), None, session_id, frames);
    drop(world);
    Ok(play(emu, started))
}

/// The phases of the emulator's dev status: a scripted session spends a third of its time in
/// each.
const PHASES: [&str; 3] = ["Plan", "Build", "Check"];

/// The dev status of a deployment whose session is `session`, at `now`.
fn dev_status_of(session: Option<&Session>, app_exists: bool, now: Instant) -> Value {
    // A past instant on the wall clock.
    let wall =
        |t: Instant| super::state::timestamp(SystemTime::now() - now.saturating_duration_since(t));
    let phases = |done: usize, running: Option<usize>| -> Value {
        let mut map = Map::new();
        for (i, name) in PHASES.iter().enumerate() {
            let status = if i < done {
                "completed"
            } else if Some(i) == running {
                "in_progress"
            } else {
                "pending"
            };
            map.insert((i + 1).to_string(), json!({"name": name, "status": status}));
        }
        Value::Object(map)
    };
    let Some(s) = session else {
        return json!({
            "schema_version": 1,
            "ready_to_publish": app_exists,
            "current_phase": 0,
            "started_at": null,
            "last_updated_at": null,
            "completed_at": null,
            "phases": phases(0, None),
            "metadata": {},
        });
    };
    let mut metadata = json!({"session_id": s.session_id, "conversation_id": s.conversation_id});
    // Where the script is (or was stopped): a third of its planned time in each phase.
    let total = s.planned.as_secs_f64();
    let until = s.cancelled_at.unwrap_or(now).min(now);
    let elapsed = until.saturating_duration_since(s.started).as_secs_f64();
    let at = if total > 0.0 {
        ((elapsed / total * PHASES.len() as f64) as usize).min(PHASES.len() - 1)
    } else {
        PHASES.len() - 1
    };
    if let Some(cancelled) = s.cancelled_at {
        metadata["outcome"] = json!("cancelled");
        let mut list = phases(at, None);
        list[(at + 1).to_string()]["status"] = json!("cancelled");
        return json!({
            "schema_version": 1,
            "ready_to_publish": app_exists,
            "current_phase": at + 1,
            "started_at": wall(s.started),
            "last_updated_at": wall(cancelled),
            "completed_at": wall(cancelled),
            "phases": list,
            "metadata": metadata,
        });
    }
    if now >= s.ends_at {
        return json!({
            "schema_version": 1,
            "ready_to_publish": app_exists || s.kind == Kind::Prompt,
            "current_phase": PHASES.len(),
            "started_at": wall(s.started),
            "last_updated_at": wall(s.ends_at),
            "completed_at": wall(s.ends_at),
            "phases": phases(PHASES.len(), None),
            "metadata": metadata,
        });
    }
    let phase_began = s.started + Duration::from_secs_f64(total * at as f64 / PHASES.len() as f64);
    json!({
        "schema_version": 1,
        "ready_to_publish": app_exists,
        "current_phase": at + 1,
        "started_at": wall(s.started),
        "last_updated_at": wall(phase_began),
        "completed_at": null,
        "phases": phases(at, Some(at)),
        "metadata": metadata,
    })
}
