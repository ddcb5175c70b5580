//! The emulator's HTTP surface: the router table, request checking like the real API (the
//! key, bodies, lookups), the fault options, and the generated apps' pages. The handlers live
//! with their resource: `deployments`, `association`, `generation` (prompts, cancel),
//! `conversations`, `dev` (status, start, stop, build, recover), `secrets`, `database` (the
//! app's SQLite database), `credits` (credit drops).

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::header::{CONTENT_TYPE, HOST};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use serde_json::{Map, Value, json};

use super::state::World;
use super::{Emu, association, conversations, deployments, dev, generation};
use super::{credits, database, secrets};
use super::{domains, export, files, publish};

/// The largest request body (a prompt with a few 5 MiB images, base64-encoded).
const MAX_BODY: usize = 32 << 20;

/// An answer that ends a request early: an error, or the 202 of a queued prompt. Small, so
/// that `Result`s carrying it stay cheap; it becomes a response at the handler's edge.
pub(super) struct Reject {
    status: StatusCode,
    content_type: &'static str,
    body: String,
}

impl IntoResponse for Reject {
    fn into_response(self) -> Response {
        (self.status, [(CONTENT_TYPE, self.content_type)], self.body).into_response()
    }
}

pub(super) type Res<T> = Result<T, Box<Reject>>;

pub(super) fn json_reject(status: StatusCode, value: &Value) -> Box<Reject> {
    Box::new(Reject {
        status,
        content_type: "application/json; charset=utf-8",
        body: value.to_string(),
    })
}

pub(super) fn json_response(status: StatusCode, value: &Value) -> Response {
    json_reject(status, value).into_response()
}

pub(super) fn fail(status: StatusCode, message: &str) -> Box<Reject> {
    json_reject(status, &json!({"error": message}))
}

pub(super) fn bad(message: impl AsRef<str>) -> Box<Reject> {
    fail(StatusCode::BAD_REQUEST, message.as_ref())
}

pub(super) fn not_found() -> Box<Reject> {
    fail(StatusCode::NOT_FOUND, "Deployment not found")
}

/// Handlers return `Res<Response>`: the early answer is a response too.
impl IntoResponse for Box<Reject> {
    fn into_response(self) -> Response {
        (*self).into_response()
    }
}

pub fn router(emu: Arc<Emu>) -> Router {
    let deployments = get(deployments::list)
        .post(deployments::create)
        .delete(deployments::delete);
    Router::new()
        .route("/v2/studio/deployment", deployments.clone())
        .route("/v2/studio/deployment/", deployments)
        .route(
            "/v2/studio/deployment/by-name-and-fid",
            get(deployments::get_one),
        )
        .route(
            "/v2/studio/deployment/prompt",
            post(generation::prompt_blocking),
        )
        .route(
            "/v2/studio/deployment/prompt/stream",
            post(generation::prompt_stream),
        )
        .route(
            "/v2/studio/deployment/account-association",
            get(association::get_association).post(association::associate),
        )
        .route("/v2/studio/deployment/dev-status", get(dev::dev_status))
        .route("/v2/studio/deployment/start", post(dev::start))
        .route("/v2/studio/deployment/stop", post(dev::stop))
        .route("/v2/studio/deployment/build", post(dev::build))
        .route("/v2/studio/deployment/recover", post(dev::recover))
        .route(
            "/v2/studio/deployment/conversations",
            get(conversations::list),
        )
        .route(
            "/v2/studio/deployment/conversations/messages",
            get(conversations::messages),
        )
        .route(
            "/v2/studio/deployment/session/cancel",
            post(generation::cancel),
        )
        // The app's code and its production life (issue 14).
        .route("/v2/studio/deployment/files", get(files::list))
        .route("/v2/studio/deployment/file", get(files::file))
        .route(
            "/v2/studio/deployment/upload-image-url",
            post(files::upload_image_url),
        )
        .route("/v2/studio/deployment/export-zip", get(export::export_zip))
        .route("/v2/studio/vercel", post(publish::publish))
        .route("/v2/studio/vercel/", post(publish::publish))
        .route("/v2/studio/vercel/status", get(publish::status))
        .route("/v2/studio/vercel/logs", get(publish::logs))
        .route("/v2/studio/vercel/domain", put(domains::assign))
        .route("/v2/studio/vercel/domain/check", get(domains::check))
        // Secrets, the app's database and credit drops (issue 15).
        .route(
            "/v2/studio/deployment/secrets",
            get(secrets::list)
                .post(secrets::upsert)
                .delete(secrets::delete),
        )
        .route(
            "/v2/studio/deployment/secrets/",
            get(secrets::list)
                .post(secrets::upsert)
                .delete(secrets::delete),
        )
        .route(
            "/v2/studio/deployment/database/provision",
            post(database::provision),
        )
        .route(
            "/v2/studio/deployment/database/tables",
            get(database::tables),
        )
        .route(
            "/v2/studio/deployment/database/tables/{table_name}/schema",
            get(database::schema),
        )
        .route(
            "/v2/studio/deployment/database/tables/{table_name}/rows",
            post(database::insert_rows)
                .patch(database::update_rows)
                .delete(database::delete_rows),
        )
        .route(
            "/v2/studio/deployment/database/query",
            post(database::query),
        )
        .route("/v2/studio/deployment/database/sql", post(database::sql))
        .route("/v2/studio/credit-drops", get(credits::get_drop))
        .route("/v2/studio/credit-drops/", get(credits::get_drop))
        .route("/v2/studio/credit-drops/claim", post(credits::claim))
        .route("/apps/{name}", get(app_by_path))
        .route("/apps/{name}/", get(app_by_path))
        .method_not_allowed_fallback(|| async {
            fail(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed").into_response()
        })
        .fallback(fallback)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(emu)
}

/// The request's `x-api-key`, trimmed ("" when missing).
fn api_key(headers: &HeaderMap) -> &str {
    headers
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or("")
}

impl Emu {
    /// Whether the request's key is a Studio admin key: the `--admin-key` one, or any accepted
    /// key when none is configured.
    pub(super) fn is_admin(&self, headers: &HeaderMap) -> bool {
        self.config
            .lifecycle
            .admin_key
            .as_deref()
            .is_none_or(|admin| admin == api_key(headers))
    }

    /// What every API request goes through: latency, injected failures, the key.
    pub(super) async fn gate(&self, headers: &HeaderMap) -> Res<()> {
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
        let key = api_key(headers);
        if key.is_empty() {
            return Err(fail(StatusCode::UNAUTHORIZED, "Missing x-api-key header"));
        }
        if let Some(want) = &self.config.api_key
            && key != want
            && self.config.lifecycle.admin_key.as_deref() != Some(key)
        {
            return Err(fail(StatusCode::UNAUTHORIZED, "Invalid API key"));
        }
        Ok(())
    }
}

pub(super) fn query_map(raw: Option<String>) -> HashMap<String, String> {
    url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

pub(super) fn body_object(body: Result<Bytes, BytesRejection>) -> Res<Map<String, Value>> {
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
pub(super) fn body_fid(map: &Map<String, Value>, required: bool) -> Res<Option<u64>> {
    match map.get("fid") {
        None | Some(Value::Null) if required => Err(bad("fid is required")),
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .map(Some)
            .ok_or_else(|| bad("fid must be a non-negative integer")),
    }
}

pub(super) fn query_fid(q: &HashMap<String, String>, required: bool) -> Res<Option<u64>> {
    match q.get("fid") {
        None if required => Err(bad("fid is required")),
        None => Ok(None),
        Some(v) => v
            .parse::<u64>()
            .map(Some)
            .map_err(|_| bad("fid must be a non-negative integer")),
    }
}

/// A boolean query parameter: `true` or `false` (false when absent).
pub(super) fn query_bool(q: &HashMap<String, String>, key: &str) -> Res<bool> {
    match q.get(key).map(String::as_str) {
        None | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(_) => Err(bad(format!("{key} must be true or false"))),
    }
}

pub(super) fn opt_str(map: &Map<String, Value>, key: &str) -> Res<Option<String>> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(bad(format!("{key} must be a string"))),
    }
}

pub(super) fn parse_id(raw: Option<String>) -> Res<Option<uuid::Uuid>> {
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
pub(super) struct Lookup {
    pub id: Option<uuid::Uuid>,
    pub name: Option<String>,
    pub fid: Option<u64>,
}

impl Lookup {
    pub(super) fn from_parts(
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
    pub(super) fn from_query(raw: Option<String>) -> Res<Lookup> {
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

    /// From a GET's query: `deployment_id` or `name`, and `fid` or `namespace` required.
    pub(super) fn from_query_owner(raw: Option<String>) -> Res<Lookup> {
        let mut q = query_map(raw);
        let fid = query_fid(&q, false)?;
        Self::from_parts(
            q.remove("deployment_id"),
            q.remove("name"),
            fid,
            q.remove("namespace"),
            true,
        )
    }

    /// From a GET's query that takes no fid (`dev-status`): `deployment_id` or `name`, and
    /// `namespace` optional.
    pub(super) fn from_query_no_fid(raw: Option<String>) -> Res<Lookup> {
        let mut q = query_map(raw);
        Self::from_parts(
            q.remove("deployment_id"),
            q.remove("name"),
            None,
            q.remove("namespace"),
            false,
        )
    }

    /// From a POST's body that takes no fid (`build`, `recover`).
    pub(super) fn from_body_no_fid(map: &Map<String, Value>) -> Res<Lookup> {
        Self::from_parts(
            opt_str(map, "deployment_id")?,
            opt_str(map, "name")?,
            None,
            opt_str(map, "namespace")?,
            false,
        )
    }

    /// From a POST's body: `deployment_id` or `name`, and `fid` or `namespace` required.
    pub(super) fn from_body(map: &Map<String, Value>) -> Res<Lookup> {
        Self::from_parts(
            opt_str(map, "deployment_id")?,
            opt_str(map, "name")?,
            body_fid(map, false)?,
            opt_str(map, "namespace")?,
            true,
        )
    }

    pub(super) fn find<'w>(&self, world: &'w mut World) -> Res<&'w mut super::state::Deployment> {
        world
            .find_mut(self.id.as_ref(), self.name.as_deref(), self.fid)
            .ok_or_else(not_found)
    }
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
            format!(
                "<!doctype html><title>neynar-studio emulator</title><h1>Studio API emulator</h1>{body}\n<p id=\"cancels\">cancels received: {}, sessions cancelled: {}</p>\n",
                world.cancels_received,
                world.cancels_effective
            ),
        )
            .into_response();
    }
    fail(StatusCode::NOT_FOUND, "Not found").into_response()
}

/// The same error in the `{"error": ..., "success": false}` shape the spec gives the `vercel/`
/// operations.
pub(super) fn success_false(mut reject: Box<Reject>) -> Box<Reject> {
    if let Ok(Value::Object(mut map)) = serde_json::from_str::<Value>(&reject.body) {
        map.insert("success".into(), Value::Bool(false));
        reject.body = Value::Object(map).to_string();
    }
    reject
}
