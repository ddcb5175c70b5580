//! The transport: the client, how a deployment is addressed, and the policy every request
//! follows. The endpoints are methods of [`Client`] in one module per resource
//! (`deployments`, `prompt`, `association`, `conversations`, `session`, `dev`, …).
//!
//! Policy, in one place:
//! - every request carries `x-api-key` and `user-agent: neynar-studio/<version>`;
//! - connect timeout 10 s; a total timeout per call (the global `--timeout`, 30 s by default),
//!   none for the event stream, whose liveness is the idle timeout's job;
//! - each operation declares once, in [`super::ops`], whether it is safe to repeat; those
//!   that are (GET, DELETE, the idempotent cancel) are retried on transient faults (no
//!   connection, a connection lost before the answer, 5xx, 429 with its `Retry-After`), at
//!   most 3 attempts with jittered exponential backoff; a POST that creates or spends is never
//!   repeated (a prompt costs LLM tokens), and reqwest's own retries
//!   are switched off for every request (`retry::never()`), HTTP/2 replays included;
//! - redirects are never followed: the key is a custom header that reqwest would carry to any
//!   host, so a 3xx is reported instead;
//! - an `http://` base URL is refused unless its host is loopback, and never goes through a
//!   proxy: `HTTP_PROXY` or `ALL_PROXY` would otherwise carry the request, key included, in
//!   clear to the proxy; https honours the environment's proxies;
//! - a success body is read up to [`MAX_BODY`] bytes and parsed only when it holds at most
//!   [`super::json::MAX_NODES`] values, so what a server sends cannot grow past the memory
//!   budget (docs/reliability.md);
//! - a `Retry-After` longer than what is left of the call's timeout ends the call at once
//!   (exit 5) instead of waiting past the limit the user set.
//!
//! This module builds URLs and reads JSON so that callers never do.

pub use crate::association::AccountAssociation;
pub use crate::deployments::ListQuery;
pub use crate::prompt::{Image, PromptReply, PromptRequest};

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue, RETRY_AFTER};
use reqwest::{Method, Url};
use serde::Serialize;
use serde_json::Value;

use super::error::{ApiError, one_line};
use super::ops::{Op, Retry};
use crate::key::ApiKey;

pub const USER_AGENT: &str = concat!("neynar-studio/", env!("CARGO_PKG_VERSION"));
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Attempts for a request that is safe to repeat, the first included.
pub const MAX_ATTEMPTS: u32 = 3;
/// The longest wait between two attempts, whatever `Retry-After` says (a longer one that still
/// fits the timeout is cut to this; one past the timeout ends the call).
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
/// The largest JSON body read. A list of 1000 deployments is well under 1 MiB; this only stops
/// a broken or hostile server from filling memory (with the value budget of `api::json`, a
/// parsed body, and its printing, stay within the 64 MiB budget of docs/reliability.md: a
/// 15 MiB list printed with `--json` peaked at 63 MiB).
pub const MAX_BODY: usize = 8 << 20;
/// How much of an error body is read to find its message.
const MAX_ERROR_BODY: usize = 64 << 10;
const BACKOFF_BASE: Duration = Duration::from_millis(250);

/// What `-v` shows: one line per attempt, and the waits between them.
#[derive(Debug)]
pub enum TraceEvent<'a> {
    Done {
        method: &'a Method,
        url: &'a Url,
        status: u16,
        elapsed: Duration,
    },
    Failed {
        method: &'a Method,
        url: &'a Url,
        error: &'a ApiError,
        elapsed: Duration,
    },
    Retry {
        wait: Duration,
        attempt: u32,
    },
}

pub type Trace = Arc<dyn Fn(TraceEvent<'_>) + Send + Sync>;

/// Which deployment a request is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Name(String),
    Id(uuid::Uuid),
}

impl Target {
    pub(crate) fn name(&self) -> Option<String> {
        match self {
            Target::Name(n) => Some(n.clone()),
            Target::Id(_) => None,
        }
    }
    pub(crate) fn id(&self) -> Option<String> {
        match self {
            Target::Id(id) => Some(id.to_string()),
            Target::Name(_) => None,
        }
    }
}

impl Target {
    /// The query pairs that select the deployment: `deployment_id`, or `name`.
    pub(crate) fn query(&self) -> Vec<(&'static str, String)> {
        match self {
            Target::Id(id) => vec![("deployment_id", id.to_string())],
            Target::Name(name) => vec![("name", name.clone())],
        }
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Name(n) => f.write_str(n),
            Target::Id(id) => write!(f, "id {id}"),
        }
    }
}

/// One request, described. Built from its operation with [`Client::op`], which sets the
/// method, the path and the retry policy the operation declares.
pub(crate) struct Req<'a> {
    pub(crate) method: Method,
    pub(crate) path: &'a str,
    pub(crate) query: Vec<(&'static str, String)>,
    /// Shared, not copied, by each attempt: a prompt with images is tens of MiB.
    pub(crate) body: Option<bytes::Bytes>,
    /// `None`: no total timeout (the stream).
    pub(crate) timeout: Option<Duration>,
    /// Whether transient faults are retried: the operation's [`Retry`] policy.
    pub(crate) retry: bool,
    pub(crate) accept: &'static str,
}

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: Url,
    key: ApiKey,
    pub(crate) timeout: Duration,
    trace: Option<Trace>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base.as_str())
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// Checks an API base URL: http(s), a host, and plain http only for loopback.
pub fn validate_base_url(raw: &str) -> Result<Url, ApiError> {
    let bad = |reason: &str| ApiError::BadUrl {
        url: raw.to_string(),
        reason: reason.to_string(),
    };
    let mut url = Url::parse(raw.trim()).map_err(|e| bad(&e.to_string()))?;
    if url.cannot_be_a_base() {
        return Err(bad("not a base URL"));
    }
    let host = url
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| bad("it has no host"))?
        .to_string();
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        "http" => return Err(ApiError::Insecure { host }),
        other => return Err(bad(&format!("the scheme must be https, not {other}"))),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("credentials in the URL are not supported"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("it must not have a query or fragment"));
    }
    // Endpoint paths are joined onto the base, so the base path must end with '/'.
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// 127.0.0.0/8, ::1 and localhost (DESIGN: the only hosts that may see the key in clear).
pub fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    host.parse::<std::net::IpAddr>()
        .map(|ip| ip.to_canonical().is_loopback())
        .unwrap_or(false)
}

fn install_crypto_provider() {
    // Fails only when a provider is already installed, which is what we want.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl Client {
    pub fn new(
        base_url: &str,
        key: ApiKey,
        timeout: Duration,
        trace: Option<Trace>,
    ) -> Result<Self, ApiError> {
        let base = validate_base_url(base_url)?;
        install_crypto_provider();
        let mut builder = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(CONNECT_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .retry(reqwest::retry::never());
        if base.scheme() == "http" {
            // Plain http is loopback only (checked above): a proxy from the environment would
            // receive the request, key included, in clear, and has no business with loopback.
            builder = builder.no_proxy();
            // Plain http (loopback only) never uses TLS, and redirects are not followed, so
            // the system's root certificates need not be read: that is most of the start-up
            // time of a command against the emulator (measured with strace: ~150 files).
            builder = builder.tls_certs_only(std::iter::empty());
        }
        let http = builder.build().map_err(|e| ApiError::BadUrl {
            url: base_url.to_string(),
            reason: format!("could not set up the HTTP client: {}", innermost(&e)),
        })?;
        Ok(Client {
            http,
            base,
            key,
            timeout,
            trace,
        })
    }

    // ----- the machinery -----

    /// A request for `op`: its method, path and retry policy, the client's timeout, JSON.
    pub(crate) fn op(&self, op: Op) -> Req<'static> {
        Req {
            method: op.verb.method(),
            path: op.path,
            query: Vec::new(),
            body: None,
            timeout: Some(self.timeout),
            retry: op.retry == Retry::Safe,
            accept: "application/json",
        }
    }

    /// A request for `op` with a JSON body.
    pub(crate) fn op_json(&self, op: Op, body: &impl Serialize) -> Result<Req<'static>, ApiError> {
        Ok(Req {
            body: Some(to_json(body)?),
            ..self.op(op)
        })
    }

    pub(crate) fn url(&self, path: &str, query: &[(&'static str, String)]) -> Url {
        let mut url = self.base.clone();
        let joined = format!("{}{}", self.base.path(), path);
        url.set_path(&joined);
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        url
    }

    /// Runs a request to a JSON answer, retrying transient faults when the request allows it.
    pub(crate) async fn call(&self, req: Req<'_>) -> Result<Value, ApiError> {
        self.call_sized(req).await.map(|(value, _)| value)
    }

    /// [`Client::call`], also saying what the body cost.
    pub(crate) async fn call_sized(&self, req: Req<'_>) -> Result<(Value, BodySize), ApiError> {
        let url = self.url(req.path, &req.query);
        let mut attempt = 1;
        let first = Instant::now();
        loop {
            let started = Instant::now();
            let result = match self.send(&req, &url).await {
                Ok(resp) => {
                    let left = req.timeout.map(|t| t.saturating_sub(started.elapsed()));
                    read_json(resp, left).await
                }
                Err(e) => Err(e),
            };
            match result {
                Err(e) if req.retry && attempt < MAX_ATTEMPTS && e.is_transient() => {
                    let wait = match e.retry_after() {
                        Some(asked) => {
                            // The timeout is the whole call's: a server asking for a wait past
                            // it is answered at once rather than waited out.
                            if let Some(limit) = req.timeout {
                                let left = limit.saturating_sub(first.elapsed());
                                if asked > left {
                                    return Err(ApiError::RetryPastTimeout { asked, limit });
                                }
                            }
                            asked.min(MAX_RETRY_AFTER)
                        }
                        None => backoff(attempt),
                    };
                    if let Some(trace) = &self.trace {
                        trace(TraceEvent::Retry { wait, attempt });
                    }
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// Sends one request and returns the response if its status is a success; any other status
    /// becomes `ApiError::Status` with the server's message. Traces the attempt for `-v`.
    pub(crate) async fn send(
        &self,
        req: &Req<'_>,
        url: &Url,
    ) -> Result<reqwest::Response, ApiError> {
        let started = Instant::now();
        let result = self.send_raw(req, url).await;
        if let Some(trace) = &self.trace {
            let elapsed = started.elapsed();
            match &result {
                Ok(resp) => trace(TraceEvent::Done {
                    method: &req.method,
                    url,
                    status: resp.status().as_u16(),
                    elapsed,
                }),
                Err(error) => trace(TraceEvent::Failed {
                    method: &req.method,
                    url,
                    error,
                    elapsed,
                }),
            }
        }
        let resp = result?;
        let status = resp.status();
        if status.is_success() {
            return Ok(resp);
        }
        if status.is_redirection() {
            let location = resp
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(|l| one_line(l, 200))
                .unwrap_or_else(|| "(no Location)".into());
            return Err(ApiError::Redirect {
                status: status.as_u16(),
                location,
            });
        }
        Err(status_error(resp, req.timeout).await)
    }

    async fn send_raw(&self, req: &Req<'_>, url: &Url) -> Result<reqwest::Response, ApiError> {
        let mut key = HeaderValue::from_str(self.key.expose()).map_err(|_| ApiError::BadUrl {
            url: self.base.to_string(),
            reason: "the API key is not a valid header value".into(),
        })?;
        key.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert("x-api-key", key);
        headers.insert(ACCEPT, HeaderValue::from_static(req.accept));
        let mut builder = self
            .http
            .request(req.method.clone(), url.clone())
            .headers(headers);
        if let Some(body) = &req.body {
            builder = builder
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        if let Some(timeout) = req.timeout {
            builder = builder.timeout(timeout);
        }
        builder
            .send()
            .await
            .map_err(|e| from_reqwest(&e, url, req.timeout))
    }
}

pub(crate) fn to_json(body: &impl Serialize) -> Result<bytes::Bytes, ApiError> {
    serde_json::to_vec(body)
        .map(bytes::Bytes::from)
        .map_err(|e| ApiError::Decode {
            status: 0,
            detail: format!("could not encode the request: {e}"),
        })
}

/// Jittered exponential backoff: half the step fixed, half random, so that clients that
/// failed together do not retry together.
fn backoff(attempt: u32) -> Duration {
    let step = BACKOFF_BASE.saturating_mul(1 << attempt.saturating_sub(1).min(6));
    let half = step / 2;
    half + half.mul_f64(fastrand::f64())
}

/// The most specific message in an error's source chain: "Connection refused (os error 111)"
/// rather than reqwest's "error sending request for url (...)".
pub fn innermost(e: &(dyn std::error::Error + 'static)) -> String {
    let mut current = e;
    while let Some(next) = current.source() {
        current = next;
    }
    one_line(&current.to_string(), 200)
}

fn from_reqwest(e: &reqwest::Error, url: &Url, timeout: Option<Duration>) -> ApiError {
    if e.is_timeout() {
        return ApiError::Timeout {
            after: timeout.unwrap_or(CONNECT_TIMEOUT),
        };
    }
    let detail = innermost(e);
    if e.is_connect() {
        let host = match (url.host_str(), url.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            _ => url.to_string(),
        };
        return ApiError::Connect { host, detail };
    }
    ApiError::Network {
        detail,
        before_response: e.is_request(),
    }
}

/// Reads a body up to `limit` bytes, chunk by chunk, so an oversized body fails cleanly instead
/// of being buffered whole. `Ok(None)` when the limit was passed.
async fn read_limited(
    resp: &mut reqwest::Response,
    limit: usize,
    timeout: Option<Duration>,
) -> Result<Option<Vec<u8>>, ApiError> {
    // Sized from the announced length when it fits, so the buffer does not end up twice the
    // body by doubling; a wrong announcement costs nothing but a regrowth.
    let announced = resp.content_length().unwrap_or(0);
    let mut body = Vec::with_capacity(usize::try_from(announced).unwrap_or(0).min(limit));
    loop {
        let chunk = resp
            .chunk()
            .await
            .map_err(|e| from_reqwest(&e, resp.url(), timeout))?;
        match chunk {
            Some(bytes) => {
                if body.len() + bytes.len() > limit {
                    return Ok(None);
                }
                body.extend_from_slice(&bytes);
            }
            None => return Ok(Some(body)),
        }
    }
}

/// What a JSON body cost: its bytes, and the values it holds (an upper bound).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BodySize {
    pub bytes: usize,
    pub nodes: usize,
}

fn content_type(resp: &reqwest::Response) -> String {
    resp.headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| one_line(v.split(';').next().unwrap_or(v), 60))
        .unwrap_or_default()
}

/// Reads a success body as JSON. Invalid UTF-8 inside strings becomes U+FFFD rather than an
/// error; a body that is not JSON at all is an error naming what it was.
pub(crate) async fn read_json(
    mut resp: reqwest::Response,
    timeout: Option<Duration>,
) -> Result<(Value, BodySize), ApiError> {
    let status = resp.status().as_u16();
    let ctype = content_type(&resp);
    let body = read_limited(&mut resp, MAX_BODY, timeout)
        .await?
        .ok_or(ApiError::TooLarge {
            limit_mib: (MAX_BODY >> 20) as u64,
        })?;
    let nodes = super::json::count_nodes(&body, super::json::MAX_NODES);
    if nodes > super::json::MAX_NODES {
        return Err(ApiError::Decode {
            status,
            detail: format!(
                "the JSON body holds more than {} values; refusing to parse it",
                super::json::MAX_NODES
            ),
        });
    }
    let size = BodySize {
        bytes: body.len(),
        nodes,
    };
    // Borrowed when the body is valid UTF-8, as it nearly always is: no second copy.
    let text = String::from_utf8_lossy(&body);
    let value = serde_json::from_str(&text).map_err(|e| ApiError::Decode {
        status,
        detail: describe_bad_body(&ctype, body.len(), &e),
    })?;
    Ok((value, size))
}

fn describe_bad_body(ctype: &str, len: usize, e: &serde_json::Error) -> String {
    if len == 0 {
        return "the body is empty, expected JSON".into();
    }
    let what = if ctype.is_empty() {
        "no content type".to_string()
    } else {
        ctype.to_string()
    };
    if e.is_eof() {
        format!("the JSON body is cut short ({what}, {len} bytes)")
    } else if ctype.contains("json") {
        format!("the body is not valid JSON ({what}, {len} bytes): {e}")
    } else {
        format!("expected JSON, got {what} ({len} bytes)")
    }
}

/// Builds `ApiError::Status` from an error response: the message from a JSON `{"error": ...}`
/// (or `{"message": ...}`) body, otherwise a short description of what the body was.
async fn status_error(mut resp: reqwest::Response, timeout: Option<Duration>) -> ApiError {
    let status = resp.status().as_u16();
    let retry_after = resp
        .headers()
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_retry_after(v, std::time::SystemTime::now()));
    let ctype = content_type(&resp);
    let body = match read_limited(&mut resp, MAX_ERROR_BODY, timeout).await {
        Ok(Some(body)) => body,
        Ok(None) => {
            return ApiError::Status {
                status,
                message: None,
                body: format!(
                    "{} body over {} KiB",
                    or_unknown(&ctype),
                    MAX_ERROR_BODY >> 10
                ),
                retry_after,
            };
        }
        Err(_) => Vec::new(),
    };
    let message = serde_json::from_slice::<Value>(&body).ok().and_then(|v| {
        let field = |k| v.get(k).and_then(Value::as_str).map(|s| one_line(s, 300));
        field("error").or_else(|| field("message"))
    });
    let description = if body.is_empty() {
        "empty body".to_string()
    } else {
        format!("{}, {} bytes", or_unknown(&ctype), body.len())
    };
    ApiError::Status {
        status,
        message,
        body: description,
        retry_after,
    }
}

fn or_unknown(ctype: &str) -> &str {
    if ctype.is_empty() { "untyped" } else { ctype }
}

/// `Retry-After` as delay-seconds or an HTTP date, as the server asked (not capped: the caller
/// compares it with its timeout). A date in the past means "now".
pub fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let value = value.trim();
    let wait = if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        Duration::from_secs(value.parse::<u64>().unwrap_or(u64::MAX))
    } else {
        let at = httpdate::parse_http_date(value).ok()?;
        at.duration_since(now).unwrap_or(Duration::ZERO)
    };
    Some(wait)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::SystemTime;

    #[test]
    fn base_urls() {
        assert_eq!(
            validate_base_url("https://api.neynar.com")
                .unwrap()
                .as_str(),
            "https://api.neynar.com/"
        );
        assert_eq!(
            validate_base_url("http://127.0.0.1:8787/prefix")
                .unwrap()
                .as_str(),
            "http://127.0.0.1:8787/prefix/"
        );
        assert!(validate_base_url("http://localhost:1").is_ok());
        assert!(validate_base_url("http://127.8.9.10").is_ok());
        assert!(validate_base_url("http://[::1]:9").is_ok());
        assert_eq!(
            validate_base_url("http://api.neynar.com"),
            Err(ApiError::Insecure {
                host: "api.neynar.com".into()
            })
        );
        assert!(matches!(
            validate_base_url("http://10.0.0.1"),
            Err(ApiError::Insecure { .. })
        ));
        assert!(matches!(
            validate_base_url("ftp://x"),
            Err(ApiError::BadUrl { .. })
        ));
        assert!(matches!(
            validate_base_url("api.neynar.com"),
            Err(ApiError::BadUrl { .. })
        ));
    }

    #[test]
    fn loopback_hosts() {
        assert!(is_loopback("localhost"));
        assert!(is_loopback("LOCALHOST"));
        assert!(is_loopback("127.0.0.1"));
        assert!(is_loopback("127.255.0.9"));
        assert!(is_loopback("[::1]"));
        assert!(is_loopback("::ffff:127.0.0.1"));
        assert!(!is_loopback("::ffff:10.0.0.1"));
        assert!(!is_loopback("localhost.evil.com"));
        assert!(!is_loopback("128.0.0.1"));
        assert!(!is_loopback("0.0.0.0"));
    }

    #[test]
    fn retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after("0", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("600", now),
            Some(Duration::from_secs(600))
        );
        assert_eq!(
            parse_retry_after("1000000000000000000000", now),
            Some(Duration::from_secs(u64::MAX))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(5));
        assert_eq!(parse_retry_after(&later, now), Some(Duration::from_secs(5)));
        let past = httpdate::fmt_http_date(now - Duration::from_secs(5));
        assert_eq!(parse_retry_after(&past, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }

    #[test]
    fn backoff_grows_with_jitter() {
        for _ in 0..50 {
            let first = backoff(1);
            let second = backoff(2);
            assert!(first >= Duration::from_millis(125) && first <= Duration::from_millis(250));
            assert!(second >= Duration::from_millis(250) && second <= Duration::from_millis(500));
        }
    }
}
