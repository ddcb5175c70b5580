//! What can go wrong talking to the Studio API, as data. The wording a user reads and the
//! exit code are decided in one place, `crate::error`, from these variants.

use std::time::Duration;

/// An error from the HTTP layer. Every string in it that came from the server is already
/// collapsed to one line and shortened; it is sanitized when printed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// The server answered with a non-success status.
    #[error("HTTP {status}")]
    Status {
        status: u16,
        /// The `error` (or `message`) field of a JSON error body.
        message: Option<String>,
        /// What the body was when it held no message: "text/html, 512 bytes", "empty".
        body: String,
        /// The server's `Retry-After`, already capped.
        retry_after: Option<Duration>,
    },
    /// No connection could be made (refused, DNS, TLS handshake).
    #[error("could not connect to {host}: {detail}")]
    Connect { host: String, detail: String },
    /// The connection broke before or while the response arrived.
    #[error("the connection failed: {detail}")]
    Network {
        detail: String,
        before_response: bool,
    },
    /// No answer within the request's total timeout.
    #[error("no answer within {}", crate::duration::format(*after))]
    Timeout { after: Duration },
    /// A success status whose body is not what the endpoint returns.
    #[error("unexpected response: {detail}")]
    Decode { status: u16, detail: String },
    /// A response body larger than the client accepts.
    #[error("the response is larger than {limit_mib} MiB")]
    TooLarge { limit_mib: u64 },
    /// A redirect that was not followed because it leaves the API's origin.
    #[error("redirected to {location}")]
    Redirect { status: u16, location: String },
    /// The API URL is not usable.
    #[error("invalid API URL: {reason}")]
    BadUrl { url: String, reason: String },
    /// The API URL would send the key in clear text.
    #[error("refusing to send the API key over plain http to {host}")]
    Insecure { host: String },
    /// The event stream broke its framing rules or limits.
    #[error("{0}")]
    Stream(String),
    /// The event stream sent nothing at all for the idle timeout.
    #[error("the stream sent nothing for {}", crate::duration::format(*after))]
    Idle { after: Duration },
    /// The server asked (`Retry-After`) for a wait longer than what is left of the timeout.
    #[error("the server asked to retry after {}", crate::duration::format(*asked))]
    RetryPastTimeout { asked: Duration, limit: Duration },
}

impl ApiError {
    /// Faults worth another attempt for a request that is safe to repeat (only GET and DELETE
    /// ever are): no connection, a lost connection, 5xx and 429. A timeout is not: a server
    /// too slow to answer once will not answer three times faster, and the user gave the limit.
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Connect { .. } | ApiError::Network { .. } => true,
            ApiError::Status { status, .. } => *status == 429 || (500..=599).contains(status),
            _ => false,
        }
    }

    /// The HTTP status, where the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// How long the server asked us to wait before the next attempt.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ApiError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// A transport failure in the user's words: what happened, and what to do. The libraries
/// (reqwest, hyper, rustls, the resolver) describe the same faults in their own terms
/// (`received corrupt message of type InvalidContentType`, `unexpected EOF during chunk size
/// line`); this matches those texts, so no library's wording reaches the user. `None` for a
/// text not known here (it is then shown as it is, which a test for each known case guards).
pub fn plain_words(detail: &str, host: &str) -> Option<(String, String)> {
    let d = detail.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| d.contains(w));
    let check_url = "check the API URL (`neynar-studio config show`)";
    if has(&["connection refused"]) {
        return Some((
            format!("nothing is listening at {host} (connection refused)"),
            format!("{check_url}; for the local emulator, start it with `neynar-studio emulator`"),
        ));
    }
    if has(&[
        "failed to lookup address",
        "name or service not known",
        "nodename nor servname",
        "no address associated",
        "temporary failure in name resolution",
        "dns error",
    ]) {
        return Some((
            format!("the host name in the API URL ({host}) could not be found (DNS)"),
            format!("{check_url} for a typo, and the network connection"),
        ));
    }
    if has(&[
        "invalidcontenttype",
        "corrupt message",
        "wrong version number",
        "http request to https",
    ]) {
        return Some((
            format!("{host} does not speak TLS: the API URL says https://, the server answers plain http"),
            "use http:// for a loopback server such as the emulator (`--api-url http://127.0.0.1:8787`)".into(),
        ));
    }
    if has(&[
        "certificate",
        "unknownissuer",
        "notvalidforname",
        "badsignature",
    ]) {
        let why = if has(&["expired"]) {
            "has expired"
        } else if has(&["notvalidforname", "not valid for name"]) {
            "is for another host name"
        } else if has(&[
            "unknownissuer",
            "unknown issuer",
            "self-signed",
            "self signed",
            // What webpki says of a self-signed certificate that no trusted anchor signed.
            "badsignature",
            "unsupportedsignaturealgorithm",
        ]) {
            "is not signed by a trusted authority"
        } else {
            "is not valid"
        };
        return Some((
            format!("the TLS certificate of {host} {why}; nothing was sent"),
            format!(
                "{check_url}; a proxy that intercepts TLS needs its certificate authority in the \
                 system's trust store"
            ),
        ));
    }
    if has(&[
        "handshake",
        "tls",
        "alert received",
        "peer is incompatible",
        "peerincompatible",
    ]) {
        return Some((
            format!("the secure connection (TLS) to {host} could not be set up"),
            check_url.into(),
        ));
    }
    if has(&[
        "unexpected eof",
        "end of file before message length",
        "incompletemessage",
        "connection closed before message completed",
        "error reading a body from connection",
        "error decoding response body",
        "message completed",
    ]) {
        return Some((
            format!("{host} closed the connection before its answer was complete"),
            "try again; if it keeps happening, the server or a proxy on the way is cutting the \
             connection"
                .into(),
        ));
    }
    if has(&["connection reset", "broken pipe", "connection aborted"]) {
        return Some((
            format!("the connection to {host} was cut (reset by the server or the network)"),
            "try again; if it keeps happening, check the network and the API URL".into(),
        ));
    }
    if has(&[
        "network is unreachable",
        "no route to host",
        "host is unreachable",
    ]) {
        return Some((
            format!("{host} cannot be reached from this machine (no route)"),
            "check the network connection and the API URL".into(),
        ));
    }
    None
}

/// The canonical reason phrase of the statuses this API uses.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// Collapses server text to one line and at most `max` characters, so one error stays one
/// line whatever the server sent.
pub fn one_line(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max + 3));
    let mut last_space = false;
    let mut count = 0;
    for c in text.trim().chars() {
        let c = if c == '\n' || c == '\r' || c == '\t' {
            ' '
        } else {
            c
        };
        if c == ' ' && last_space {
            continue;
        }
        last_space = c == ' ';
        if count == max {
            out.push('…');
            break;
        }
        out.push(c);
        count += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transient_faults() {
        let status = |s| ApiError::Status {
            status: s,
            message: None,
            body: "empty".into(),
            retry_after: None,
        };
        assert!(status(500).is_transient());
        assert!(status(503).is_transient());
        assert!(status(429).is_transient());
        assert!(!status(404).is_transient());
        assert!(!status(400).is_transient());
        assert!(
            ApiError::Connect {
                host: "h".into(),
                detail: "refused".into()
            }
            .is_transient()
        );
        assert!(
            !ApiError::Timeout {
                after: Duration::from_secs(1)
            }
            .is_transient()
        );
        assert!(
            ApiError::Network {
                detail: "reset".into(),
                before_response: false
            }
            .is_transient()
        );
    }

    #[test]
    fn library_words_become_the_users() {
        let cases = [
            (
                "Connection refused (os error 111)",
                "nothing is listening at h:1 (connection refused)",
            ),
            (
                "failed to lookup address information: Name or service not known",
                "the host name in the API URL (h:1) could not be found (DNS)",
            ),
            (
                "received corrupt message of type InvalidContentType",
                "h:1 does not speak TLS: the API URL says https://, the server answers plain http",
            ),
            (
                "invalid peer certificate: UnknownIssuer",
                "the TLS certificate of h:1 is not signed by a trusted authority; nothing was sent",
            ),
            (
                "invalid peer certificate: NotValidForName",
                "the TLS certificate of h:1 is for another host name; nothing was sent",
            ),
            (
                "invalid peer certificate: BadSignature",
                "the TLS certificate of h:1 is not signed by a trusted authority; nothing was sent",
            ),
            (
                "invalid peer certificate: Expired",
                "the TLS certificate of h:1 has expired; nothing was sent",
            ),
            (
                "unexpected EOF during chunk size line",
                "h:1 closed the connection before its answer was complete",
            ),
            (
                "connection closed before message completed",
                "h:1 closed the connection before its answer was complete",
            ),
            (
                "Connection reset by peer (os error 104)",
                "the connection to h:1 was cut (reset by the server or the network)",
            ),
        ];
        for (detail, want) in cases {
            let (what, hint) = plain_words(detail, "h:1").unwrap_or_else(|| panic!("{detail}"));
            assert_eq!(what, want);
            assert!(!hint.is_empty());
        }
        assert_eq!(plain_words("something new", "h:1"), None);
    }

    #[test]
    fn one_line_collapses_and_truncates() {
        assert_eq!(one_line("  a\n\n b\r\nc  ", 50), "a b c");
        assert_eq!(one_line("abcdef", 3), "abc…");
    }
}
