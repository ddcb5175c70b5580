//! The emulator's HTTP surface: the Studio endpoints, request checking like the real API, the
//! fault options, and the generated apps' pages.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, HOST};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Map, Value, json};

use super::session;
use super::state::{Session, World};
use super::{Emu, Shape};
use crate::api::client::AccountAssociation;

/// The largest request body (a prompt with a few 5 MiB images, base64-encoded).
const MAX_BODY: usize = 32 << 20;
/// Silence longer than this in a stream gets keep-alive comments.
const KEEP_ALIVE: Duration = Duration::from_millis(500);

const ACTIONS: &[&str] = &["code-create", "code-edit", "debug", "info", "logs"];
const MEDIA_TYPES: &[&str] = &["image/jpeg", "image/png", "image/gif", "image/webp"];
const VARIANTS: &[&str] = &["canary", "beta", "stable"];

/// An answer that ends a request early: an error, or the 202 of a queued prompt. Small, so
/// that `Result`s carrying it stay cheap; it becomes a response at the handler's edge.
struct Reject {
    status: StatusCode,
    content_type: &'static str,
    body: String,
}

impl IntoResponse for Reject {
    fn into_response(self) -> Response {
        (self.status, [(CONTENT_TYPE, self.content_type)], self.body).into_response()
    }
}

type Res<T> = Result<T, Box<Reject>>;

fn json_reject(status: StatusCode, value: &Value) -> Box<Reject> {
    Box::new(Reject {
        status,
        content_type: "application/json; charset=utf-8",
        body: value.to_string(),
    })
}

fn json_response(status: StatusCode, value: &Value) -> Response {
    json_reject(status, value).into_response()
}

fn fail(status: StatusCode, message: &str) -> Box<Reject> {
    json_reject(status, &json!({"error": message}))
}

fn bad(message: impl AsRef<str>) -> Box<Reject> {
    fail(StatusCode::BAD_REQUEST, message.as_ref())
}

fn not_found() -> Box<Reject> {
    fail(StatusCode::NOT_FOUND, "Deployment not found")
}

/// Handlers return `Res<Response>`: the early answer is a response too.
impl IntoResponse for Box<Reject> {
    fn into_response(self) -> Response {
        (*self).into_response()
    }
}

pub fn router(emu: Arc<Emu>) -> Router {
    let deployments = get(list).post(create).delete(delete);
    Router::new()
        .route("/v2/studio/deployment", deployments.clone())
        .route("/v2/studio/deployment/", deployments)
        .route("/v2/studio/deployment/by-name-and-fid", get(get_one))
        .route(
            "/v2/studio/deployment/prompt",
            axum::routing::post(prompt_blocking),
        )
        .route(
            "/v2/studio/deployment/prompt/stream",
            axum::routing::post(prompt_stream),
        )
        .route(
            "/v2/studio/deployment/account-association",
            get(get_association).post(associate),
        )
        .route("/v2/studio/deployment/dev-status", get(dev_status))
        .route("/v2/studio/deployment/conversations", get(conversations))
        .route("/apps/{name}", get(app_by_path))
        .route("/apps/{name}/", get(app_by_path))
        .method_not_allowed_fallback(|| async {
            fail(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed").into_response()
        })
        .fallback(fallback)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(emu)
}

impl Emu {
    /// What every API request goes through: latency, injected failures, the key.
    async fn gate(&self, headers: &HeaderMap) -> Res<()> {
        if !self.config.latency.is_zero() {
            tokio::time::sleep(self.config.latency).await;
        }
        if self.config.fail_rate > 0.0 && self.roll() < self.config.fail_rate {
            return Err(Box::new(Reject {
                status: StatusCode::SERVICE_UNAVAILABLE,
                content_type: "text/html",
                body: "<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>\n".into(),
            }));
        }
        let key = headers
            .get("x-api-key")
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .unwrap_or("");
        if key.is_empty() {
            return Err(fail(StatusCode::UNAUTHORIZED, "Missing x-api-key header"));
        }
        if let Some(want) = &self.config.api_key
            && key != want
        {
            return Err(fail(StatusCode::UNAUTHORIZED, "Invalid API key"));
        }
        Ok(())
    }
}

fn query_map(raw: Option<String>) -> HashMap<String, String> {
    url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

fn body_object(body: Result<Bytes, BytesRejection>) -> Res<Map<String, Value>> {
    let bytes = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            fail(StatusCode::PAYLOAD_TOO_LARGE, "Request body too large")
        } else {
            bad("Could not read the request body")
        }
    })?;
    if bytes.is_empty() {
        return Err(bad("Request body is required"));
    }
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(bad("Request body must be a JSON object")),
        Err(_) => Err(bad("Invalid JSON in request body")),
    }
}

/// `fid` from a body: a non-negative integer.
fn body_fid(map: &Map<String, Value>, required: bool) -> Res<Option<u64>> {
    match map.get("fid") {
        None | Some(Value::Null) if required => Err(bad("fid is required")),
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .map(Some)
            .ok_or_else(|| bad("fid must be a non-negative integer")),
    }
}

fn query_fid(q: &HashMap<String, String>, required: bool) -> Res<Option<u64>> {
    match q.get("fid") {
        None if required => Err(bad("fid is required")),
        None => Ok(None),
        Some(v) => v
            .parse::<u64>()
            .map(Some)
            .map_err(|_| bad("fid must be a non-negative integer")),
    }
}

fn opt_str(map: &Map<String, Value>, key: &str) -> Res<Option<String>> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(bad(format!("{key} must be a string"))),
    }
}

fn parse_id(raw: Option<String>) -> Res<Option<uuid::Uuid>> {
    raw.map(|s| uuid::Uuid::parse_str(&s).map_err(|_| bad("deployment_id must be a UUID")))
        .transpose()
}

/// The FID a namespace belongs to (`miniapp-generator-fid-N`).
fn namespace_fid(ns: &str) -> Res<u64> {
    ns.strip_prefix("miniapp-generator-fid-")
        .and_then(|n| n.parse().ok())
        .ok_or_else(not_found)
}

/// Which deployment a request names: `deployment_id` or `name`, within a fid or namespace.
struct Lookup {
    id: Option<uuid::Uuid>,
    name: Option<String>,
    fid: Option<u64>,
}

impl Lookup {
    fn from_parts(
        id: Option<String>,
        name: Option<String>,
        fid: Option<u64>,
        namespace: Option<String>,
        need_owner: bool,
    ) -> Res<Lookup> {
        let id = parse_id(id)?;
        if id.is_none() && name.as_deref().is_none_or(str::is_empty) {
            return Err(bad("name or deployment_id is required"));
        }
        let ns_fid = namespace.as_deref().map(namespace_fid).transpose()?;
        if let (Some(a), Some(b)) = (fid, ns_fid)
            && a != b
        {
            return Err(not_found());
        }
        let fid = fid.or(ns_fid);
        if need_owner && fid.is_none() {
            return Err(bad("fid is required"));
        }
        Ok(Lookup { id, name, fid })
    }

    /// From a GET's query: `deployment_id` or `name`, with `fid` or `namespace` optional.
    fn from_query(raw: Option<String>) -> Res<Lookup> {
        let mut q = query_map(raw);
        let fid = query_fid(&q, false)?;
        Self::from_parts(
            q.remove("deployment_id"),
            q.remove("name"),
            fid,
            q.remove("namespace"),
            false,
        )
    }

    /// From a POST's body: `deployment_id` or `name`, and `fid` or `namespace` required.
    fn from_body(map: &Map<String, Value>) -> Res<Lookup> {
        Self::from_parts(
            opt_str(map, "deployment_id")?,
            opt_str(map, "name")?,
            body_fid(map, false)?,
            opt_str(map, "namespace")?,
            true,
        )
    }

    fn find<'w>(&self, world: &'w mut World) -> Res<&'w mut super::state::Deployment> {
        world
            .find_mut(self.id.as_ref(), self.name.as_deref(), self.fid)
            .ok_or_else(not_found)
    }
}

async fn create(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let map = body_object(body)?;
    let fid = body_fid(&map, true)?.unwrap_or_default();
    let display_name = opt_str(&map, "display_name")?;
    let env = match map.get("env") {
        None | Some(Value::Null) => BTreeMap::new(),
        Some(Value::Object(vars)) => {
            let mut env = BTreeMap::new();
            for (k, v) in vars {
                let v = v
                    .as_str()
                    .ok_or_else(|| bad(format!("env.{k} must be a string")))?;
                env.insert(k.clone(), v.to_string());
            }
            env
        }
        Some(_) => return Err(bad("env must be an object of strings")),
    };
    let mut world = emu.world();
    let d = world.create(fid, display_name, env, emu.config.ready_after);
    Ok(json_response(
        StatusCode::OK,
        &d.to_json(emu.config.shape, emu.port, Instant::now()),
    ))
}

async fn list(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let q = query_map(raw);
    let fid = query_fid(&q, true)?.unwrap_or_default();
    let now = Instant::now();
    let mut world = emu.world();
    for d in world.deployments.iter_mut() {
        d.settle(now);
    }
    if emu.config.shape == Shape::Tutorial {
        // The guide's API has no paging or filters.
        let items: Vec<Value> = world
            .deployments
            .iter()
            .filter(|d| d.fid == fid && d.deleted_at.is_none())
            .map(|d| d.to_json(Shape::Tutorial, emu.port, now))
            .collect();
        return Ok(json_response(
            StatusCode::OK,
            &json!({"deployments": items}),
        ));
    }
    let limit = match q.get("limit") {
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| bad("limit must be an integer between 1 and 1000"))?,
        None => 50,
    };
    let offset = match q.get("offset") {
        Some(v) => v
            .parse::<usize>()
            .map_err(|_| bad("offset must be a non-negative integer"))?,
        None => 0,
    };
    let sort_by = q.get("sort_by").map(String::as_str).unwrap_or("updated_at");
    if sort_by != "created_at" && sort_by != "updated_at" {
        return Err(bad("sort_by must be one of created_at, updated_at"));
    }
    let include_deleted = match q.get("include_deleted").map(String::as_str) {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(bad("include_deleted must be true or false")),
    };
    let text = q.get("query").map(|s| s.to_lowercase());
    let mut items: Vec<&super::state::Deployment> = world
        .deployments
        .iter()
        .filter(|d| d.fid == fid && (include_deleted || d.deleted_at.is_none()))
        .filter(|d| {
            text.as_deref().is_none_or(|t| {
                d.name.to_lowercase().contains(t)
                    || d.display_name
                        .as_deref()
                        .is_some_and(|n| n.to_lowercase().contains(t))
                    || d.fid.to_string() == t
            })
        })
        .collect();
    let key = |d: &super::state::Deployment| -> SystemTime {
        if sort_by == "created_at" {
            d.created_at
        } else {
            d.updated_at
        }
    };
    items.sort_by(|a, b| key(b).cmp(&key(a)).then_with(|| b.name.cmp(&a.name)));
    let page: Vec<Value> = items
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|d| d.to_json(Shape::Current, emu.port, now))
        .collect();
    Ok(json_response(StatusCode::OK, &Value::Array(page)))
}

async fn get_one(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let lookup = Lookup::from_query(raw)?;
    let mut world = emu.world();
    let d = lookup.find(&mut world)?;
    Ok(json_response(
        StatusCode::OK,
        &d.to_json(emu.config.shape, emu.port, Instant::now()),
    ))
}

async fn delete(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let map = body_object(body)?;
    let fid = body_fid(&map, true)?.unwrap_or_default();
    let id = opt_str(&map, "deployment_id")?;
    let name = opt_str(&map, "name")?;
    let namespace = opt_str(&map, "namespace")?;
    let mut world = emu.world();
    let now = SystemTime::now();
    let deleted = if id.is_some() || name.is_some() {
        let lookup = Lookup::from_parts(id, name, Some(fid), namespace, true)?;
        let d = lookup.find(&mut world)?;
        d.deleted_at = Some(now);
        d.updated_at = now;
        1
    } else {
        let mut n = 0;
        for d in world
            .deployments
            .iter_mut()
            .filter(|d| d.fid == fid && d.deleted_at.is_none())
        {
            d.deleted_at = Some(now);
            d.updated_at = now;
            n += 1;
        }
        n
    };
    let body = match emu.config.shape {
        Shape::Current | Shape::Tutorial => json!({"success": true, "deletedCount": deleted}),
    };
    Ok(json_response(StatusCode::OK, &body))
}

/// A prompt that was accepted: the script to play and the ids.
struct Started {
    frames: Vec<session::Frame>,
    conversation_id: String,
    started: Instant,
}

/// Checks a prompt body and starts a session, or answers 400/404/202.
fn start_session(emu: &Emu, map: &Map<String, Value>) -> Res<Started> {
    let prompt = opt_str(map, "prompt")?.unwrap_or_default();
    if prompt.trim().is_empty() {
        return Err(bad("prompt is required"));
    }
    let action = opt_str(map, "action")?;
    if let Some(a) = &action
        && !ACTIONS.contains(&a.as_str())
    {
        return Err(bad(format!("action must be one of {}", ACTIONS.join(", "))));
    }
    let conversation = opt_str(map, "conversation_id")?;
    if let Some(c) = &conversation
        && uuid::Uuid::parse_str(c).is_err()
    {
        return Err(bad("conversation_id must be a UUID"));
    }
    let session_id = opt_str(map, "session_id")?;
    if let Some(v) = opt_str(map, "system_prompt_variant")?
        && !VARIANTS.contains(&v.as_str())
    {
        return Err(bad(
            "system_prompt_variant must be one of canary, beta, stable",
        ));
    }
    match map.get("images") {
        None | Some(Value::Null) => {}
        Some(Value::Array(images)) => {
            for (i, image) in images.iter().enumerate() {
                let media = image.get("mediaType").and_then(Value::as_str);
                if !media.is_some_and(|m| MEDIA_TYPES.contains(&m)) {
                    return Err(bad(format!(
                        "images[{i}].mediaType must be one of {}",
                        MEDIA_TYPES.join(", ")
                    )));
                }
                if image
                    .get("data")
                    .and_then(Value::as_str)
                    .is_none_or(str::is_empty)
                {
                    return Err(bad(format!("images[{i}].data is required")));
                }
            }
        }
        Some(_) => return Err(bad("images must be an array")),
    }
    let lookup = Lookup::from_body(map)?;
    let now = Instant::now();
    let mut world = emu.world();
    let d = lookup.find(&mut world)?;
    if !d.is_ready(now) {
        return Err(bad(
            "Deployment is not ready yet; wait until is_ready is true",
        ));
    }
    if let Some(running) = d.running(now) {
        return Err(json_reject(
            StatusCode::ACCEPTED,
            &json!({"queued": true, "session_id": running.session_id, "conversation_id": running.conversation_id}),
        ));
    }
    let session_id = session_id.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let conversation_id = conversation.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let frames = session::script(&prompt, action.as_deref(), &session_id, emu.config.speed);
    // A firehose session is over as soon as it is sent: it never queues the next prompt.
    let took = if emu.config.firehose.is_some() {
        Duration::ZERO
    } else {
        session::duration(&frames, emu.config.speed)
    };
    d.session = Some(Session {
        session_id,
        conversation_id: conversation_id.clone(),
        started: now,
        ends_at: crate::duration::deadline(now, took),
        prompt,
        applied: false,
    });
    d.updated_at = SystemTime::now();
    Ok(Started {
        frames,
        conversation_id,
        started: now,
    })
}

async fn prompt_stream(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let started = start_session(&emu, &body_object(body)?)?;
    if let Some(body) = emu.firehose_body() {
        // As fast as the client reads: 64 KiB slices of one prepared body (no copies).
        let chunks: Vec<Result<Bytes, std::io::Error>> = (0..body.len())
            .step_by(64 << 10)
            .map(|at| Ok(body.slice(at..(at + (64 << 10)).min(body.len()))))
            .collect();
        return Ok(event_stream(Body::from_stream(futures_util::stream::iter(
            chunks,
        ))));
    }
    let speed = emu.config.speed.max(0.001);
    let drop_after = emu.config.drop_stream_after;
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(16);
    tokio::spawn(async move {
        let mut due = started.started;
        for (sent, frame) in started.frames.into_iter().enumerate() {
            if drop_after.is_some_and(|n| sent >= n) {
                // Let the events already sent reach the client before the connection breaks.
                tokio::time::sleep(Duration::from_millis(100)).await;
                let _ = tx
                    .send(Err(std::io::Error::other(
                        "stream dropped (--drop-stream-after)",
                    )))
                    .await;
                return;
            }
            due = crate::duration::deadline(due, frame.after.div_f64(speed));
            // Long silences carry keep-alive comments, as real servers and proxies send.
            loop {
                let left = due.saturating_duration_since(Instant::now());
                if left <= KEEP_ALIVE {
                    tokio::time::sleep(left).await;
                    break;
                }
                tokio::time::sleep(KEEP_ALIVE).await;
                if tx
                    .send(Ok(Bytes::from_static(b": keep-alive\n\n")))
                    .await
                    .is_err()
                {
                    return;
                }
            }
            let mut event = format!("data: {}\n\n", frame.data);
            if sent == 0 {
                event.push_str(": keep-alive\n\n");
            }
            if tx.send(Ok(Bytes::from(event))).await.is_err() {
                return;
            }
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    Ok(event_stream(Body::from_stream(stream)))
}

/// A 200 event-stream response with `body`.
fn event_stream(body: Body) -> Response {
    (
        StatusCode::OK,
        [
            (CONTENT_TYPE, "text/event-stream"),
            (CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

async fn prompt_blocking(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let started = start_session(&emu, &body_object(body)?)?;
    let took = session::duration(&started.frames, emu.config.speed);
    tokio::time::sleep_until(crate::duration::deadline(started.started, took).into()).await;
    Ok(json_response(
        StatusCode::OK,
        &json!({"conversation_id": started.conversation_id, "response": session::final_text(&started.frames)}),
    ))
}

async fn associate(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let map = body_object(body)?;
    let Some(Value::Object(assoc)) = map.get("account_association") else {
        return Err(bad("account_association is required"));
    };
    let part = |k: &str| -> Res<String> {
        assoc
            .get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .ok_or_else(|| bad(format!("account_association.{k} is required")))
    };
    let association = AccountAssociation {
        header: part("header")?,
        payload: part("payload")?,
        signature: part("signature")?,
    };
    let checked =
        crate::jfs::decode(&association).and_then(|d| crate::jfs::verify(&association, &d));
    if let Err(e) = checked {
        return Err(bad(format!("Invalid account association: {e}")));
    }
    let lookup = Lookup::from_body(&map)?;
    let mut world = emu.world();
    let d = lookup.find(&mut world)?;
    d.association = Some(association);
    d.updated_at = SystemTime::now();
    Ok(json_response(
        StatusCode::OK,
        &json!({"success": true, "message": "Account association updated"}),
    ))
}

async fn get_association(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let lookup = Lookup::from_query(raw)?;
    let mut world = emu.world();
    let d = lookup.find(&mut world)?;
    match &d.association {
        Some(a) => Ok(json_response(StatusCode::OK, &json!(a))),
        None => Err(fail(
            StatusCode::NOT_FOUND,
            "No account association found for this deployment",
        )),
    }
}

/// The phases of the emulator's dev status: a scripted session spends a third of its time in
/// each.
const PHASES: [&str; 3] = ["Plan", "Build", "Check"];

/// `GET dev-status`: the spec's `schema_version` 1 shape (phases, timestamps, metadata), with
/// the phases advancing while the deployment's scripted session runs.
async fn dev_status(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let lookup = Lookup::from_query(raw)?;
    let now = Instant::now();
    let mut world = emu.world();
    let d = lookup.find(&mut world)?;
    Ok(json_response(
        StatusCode::OK,
        &dev_status_of(d.session.as_ref(), d.generated_app_exists, now),
    ))
}

/// `GET conversations`: the deployment's conversation (the emulator keeps the last session's),
/// in the spec's shape. `fid` is required, as for a non-admin key.
async fn conversations(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let q = query_map(raw.clone());
    query_fid(&q, true)?;
    let lookup = Lookup::from_query(raw)?;
    let now = Instant::now();
    let mut world = emu.world();
    let d = lookup.find(&mut world)?;
    let list: Vec<Value> = d
        .session
        .iter()
        .map(|s| {
            let started = SystemTime::now() - now.saturating_duration_since(s.started);
            let preview: String = s.prompt.chars().take(80).collect();
            json!({
                "id": s.conversation_id,
                "created_at": super::state::timestamp(started),
                "updated_at": super::state::timestamp(d.updated_at),
                "deployment_id": d.id.to_string(),
                "admin": false,
                "title": null,
                "last_message_preview": preview,
            })
        })
        .collect();
    Ok(json_response(
        StatusCode::OK,
        &json!({"conversations": list}),
    ))
}

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
    let metadata = json!({"session_id": s.session_id, "conversation_id": s.conversation_id});
    if now >= s.ends_at {
        return json!({
            "schema_version": 1,
            "ready_to_publish": true,
            "current_phase": PHASES.len(),
            "started_at": wall(s.started),
            "last_updated_at": wall(s.ends_at),
            "completed_at": wall(s.ends_at),
            "phases": phases(PHASES.len(), None),
            "metadata": metadata,
        });
    }
    let total = s.ends_at.saturating_duration_since(s.started).as_secs_f64();
    let elapsed = now.saturating_duration_since(s.started).as_secs_f64();
    let at = if total > 0.0 {
        ((elapsed / total * PHASES.len() as f64) as usize).min(PHASES.len() - 1)
    } else {
        PHASES.len() - 1
    };
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

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page a generated app serves: the last prompt as its headline.
fn app_page(emu: &Emu, name: &str) -> Response {
    let mut world = emu.world();
    let Some(d) = world.find_mut(None, Some(name), None) else {
        return (
            StatusCode::NOT_FOUND,
            [(CONTENT_TYPE, "text/html; charset=utf-8")],
            format!(
                "<!doctype html><title>Not found</title><h1>No app named {}</h1>\n",
                escape(name)
            ),
        )
            .into_response();
    };
    let title = d.display_name.clone().unwrap_or_else(|| d.name.clone());
    let body = match &d.headline {
        Some(h) => format!("<h1>{}</h1>\n<p>Generated from that prompt by the emulator's scripted agent.</p>", escape(h)),
        None => "<h1>Not generated yet</h1>\n<p>Prompt it: <code>neynar-studio deploy prompt \"what to build\"</code></p>".to_string(),
    };
    let html = format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{}</title>\n<style>body{{font-family:system-ui;background:#6d28d9;color:#fff;padding:3rem}}</style></head>\n<body>{body}\n<p><small>{} · fid {} · neynar-studio emulator</small></p></body></html>\n",
        escape(&title),
        escape(&d.name),
        d.fid
    );
    ([(CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

async fn app_by_path(State(emu): State<Arc<Emu>>, Path(name): Path<String>) -> Response {
    app_page(&emu, &name)
}

/// `NAME.localhost:PORT` serves that app; anything else under /v2 is an API 404.
async fn fallback(State(emu): State<Arc<Emu>>, headers: HeaderMap, uri: Uri) -> Response {
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let host = host.split(':').next().unwrap_or("");
    if let Some(name) = host.strip_suffix(".localhost")
        && !name.is_empty()
        && !uri.path().starts_with("/v2/")
    {
        return app_page(&emu, name);
    }
    if uri.path() == "/" {
        // Which deployments exist, and whose, is the API's to tell: listed only to a request
        // with the key `--api-key` requires; anyone else sees counts.
        let authorized = emu.config.api_key.as_deref().is_some_and(|want| {
            headers
                .get("x-api-key")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|got| got.trim() == want)
        });
        let world = emu.world();
        let live: Vec<_> = world
            .deployments
            .iter()
            .filter(|d| d.deleted_at.is_none())
            .collect();
        let body = if authorized {
            let items: Vec<String> = live
                .iter()
                .map(|d| {
                    format!(
                        "<li><a href=\"/apps/{0}/\">{0}</a> (fid {1})</li>",
                        escape(&d.name),
                        d.fid
                    )
                })
                .collect();
            format!("<ul>{}</ul>", items.join(""))
        } else {
            let fids: std::collections::BTreeSet<u64> = live.iter().map(|d| d.fid).collect();
            format!(
                "<p>{} deployments of {} FIDs. The list needs the key (x-api-key) given to --api-key.</p>",
                live.len(),
                fids.len()
            )
        };
        return (
            [(CONTENT_TYPE, "text/html; charset=utf-8")],
            format!("<!doctype html><title>neynar-studio emulator</title><h1>Studio API emulator</h1>{body}\n"),
        )
            .into_response();
    }
    fail(StatusCode::NOT_FOUND, "Not found").into_response()
}
