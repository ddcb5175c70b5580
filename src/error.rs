//! The one error type of the CLI, and the one place that turns errors into exit codes.
//!
//! An [`Error`] has a [`Kind`] (which decides the exit code of DESIGN.md), a message that reads
//! as "what happened", and hints that say what to do next. `From<ApiError>` is where every
//! HTTP-level failure gets its wording and its kind; commands add hints that only they can
//! give (which deployment, which command to run next).

use std::fmt;
use std::io::Write;
use std::process::ExitCode;

use crate::api::error::{ApiError, one_line, plain_words, reason};
use crate::render::sanitize::sanitize;
use crate::secret;

/// The classes of failure, one per exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 1: server error, network error, a generation that ended in error.
    Failure,
    /// 2: bad flags or arguments, invalid input.
    Usage,
    /// 3: no API key or FID, a broken config file, 401, 403.
    Config,
    /// 4: 404.
    NotFound,
    /// 5: `wait` past its timeout, a silent stream, a request past its timeout.
    Timeout,
    /// 6: the API refused the request (400, 409, 413, 422).
    Rejected,
    /// 130: Ctrl-C.
    Interrupted,
    /// 143: SIGTERM (128 + 15, as shells report it).
    Terminated,
    /// 129: SIGHUP, the terminal went away (128 + 1).
    HangUp,
    /// The reader of stdout went away (`| head`): stop quietly, like ripgrep does.
    BrokenPipe,
}

impl Kind {
    pub fn exit_code(self) -> u8 {
        match self {
            Kind::Failure => 1,
            Kind::Usage => 2,
            Kind::Config => 3,
            Kind::NotFound => 4,
            Kind::Timeout => 5,
            Kind::Rejected => 6,
            Kind::Interrupted => 130,
            Kind::Terminated => 143,
            Kind::HangUp => 129,
            Kind::BrokenPipe => 0,
        }
    }
}

#[derive(Debug)]
pub struct Error {
    kind: Kind,
    message: String,
    hints: Vec<String>,
    /// Set when the error came from the API: the status, so commands can add hints per status.
    status: Option<u16>,
    /// The server's own message, when its error body had one.
    server_message: Option<String>,
    /// What a 404 was about, once a command said: the deployment itself, or something in it
    /// (a file, a table, a conversation). An unexplained 404 is taken to be the deployment.
    missing: Missing,
}

/// What a 404 was about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Missing {
    #[default]
    Unsaid,
    Deployment,
    SomethingInIt,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            hints: Vec::new(),
            status: None,
            server_message: None,
            missing: Missing::Unsaid,
        }
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Kind::Usage, message)
    }
    pub fn config(message: impl Into<String>) -> Self {
        Self::new(Kind::Config, message)
    }
    pub fn failure(message: impl Into<String>) -> Self {
        Self::new(Kind::Failure, message)
    }
    pub fn timeout(message: impl Into<String>) -> Self {
        Self::new(Kind::Timeout, message)
    }
    pub fn interrupted(message: impl Into<String>) -> Self {
        Self::new(Kind::Interrupted, message)
    }

    /// Adds a hint line (`hint: ...`).
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Appends context to the message: `invalid API URL 'x' (from env NEYNAR_API_URL)`.
    pub fn with_suffix(mut self, suffix: &str) -> Self {
        self.message.push_str(suffix);
        self
    }

    /// Adds a hint only when the error is the API's answer with this status.
    pub fn hint_on(self, status: u16, hint: impl Into<String>) -> Self {
        if self.status == Some(status) {
            self.hint(hint)
        } else {
            self
        }
    }

    /// Replaces the message when the API answered with this status, keeping the server's own
    /// words at the end: `no deployment 'x' for fid 3 (HTTP 404: Deployment not found)`.
    pub fn reword_on(mut self, status: u16, message: impl Into<String>) -> Self {
        if self.status == Some(status) {
            if status == 404 && self.missing == Missing::Unsaid {
                self.missing = Missing::SomethingInIt;
            }
            self.message = match &self.server_message {
                Some(m) => format!("{} (HTTP {status}: {m})", message.into()),
                None => format!("{} (HTTP {status})", message.into()),
            };
        }
        self
    }

    /// Marks a 404 as the deployment's own (not a file or a table in it).
    pub fn missing_deployment(mut self) -> Self {
        if self.status == Some(404) {
            self.missing = Missing::Deployment;
        }
        self
    }

    /// What a 404 was about, if a command said.
    pub fn missing(&self) -> Missing {
        self.missing
    }

    /// Replaces the message and the hints, keeping the kind and the status.
    pub fn replace(mut self, message: impl Into<String>, hints: Vec<String>) -> Self {
        self.message = message.into();
        self.hints = hints;
        self
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }
    pub fn message(&self) -> &str {
        &self.message
    }
    pub fn hints(&self) -> &[String] {
        &self.hints
    }
    pub fn status(&self) -> Option<u16> {
        self.status
    }
    /// The server's own message, when the error is the API's answer and it said something.
    pub fn server_message(&self) -> Option<&str> {
        self.server_message.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Error::new(Kind::BrokenPipe, "broken pipe");
        }
        Error::failure(format!("I/O error: {e}"))
    }
}

fn status_line(status: u16) -> String {
    match reason(status) {
        "" => format!("HTTP {status}"),
        r => format!("HTTP {status} {r}"),
    }
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        match e {
            ApiError::Status {
                status,
                message,
                body,
                retry_after,
            } => {
                let kind = match status {
                    401 | 403 => Kind::Config,
                    404 => Kind::NotFound,
                    400 | 409 | 413 | 422 => Kind::Rejected,
                    _ => Kind::Failure,
                };
                let what = match status {
                    401 => "the API rejected the API key",
                    403 => "the API refused access",
                    404 => "not found",
                    400 | 409 | 413 | 422 => "the API rejected the request",
                    429 => "the API is rate limiting requests",
                    500..=599 => "the API failed",
                    _ => "unexpected answer from the API",
                };
                let message = message.filter(|m| !m.is_empty());
                let text = match &message {
                    Some(m) => format!("{m} ({})", status_line(status)),
                    None => format!("{what} ({}; {body})", status_line(status)),
                };
                let mut err = Error::new(kind, text);
                err.status = Some(status);
                err.server_message = message;
                match status {
                    401 => err.hint(
                        "check the key with `neynar-studio config show`; set it with \
                         `neynar-studio config init` or NEYNAR_API_KEY",
                    ),
                    403 => err.hint(
                        "the Studio API is allowlisted: the key must be enabled for it, and the \
                         FID must be the one the key belongs to",
                    ),
                    429 => match retry_after {
                        Some(d) => err.hint(format!(
                            "the API asked to wait {} before retrying",
                            crate::duration::format(d)
                        )),
                        None => err.hint("wait a little and try again"),
                    },
                    502..=504 => err.hint("this is usually temporary; try again shortly"),
                    _ => err,
                }
            }
            ApiError::Connect { host, detail } => match plain_words(&detail, &host) {
                Some((what, hint)) => Error::failure(what).hint(hint),
                None => Error::failure(format!("could not connect to {host}: {detail}")).hint(
                    "check the network and the API URL (`neynar-studio config show`)",
                ),
            },
            ApiError::Network { detail, .. } => match plain_words(&detail, "the API") {
                Some((what, hint)) => Error::failure(what).hint(hint),
                None => Error::failure(format!("the connection to the API failed: {detail}")),
            },
            ApiError::Timeout { after } => Error::timeout(format!(
                "the API did not answer within {}",
                crate::duration::format(after)
            ))
            .hint("allow longer with --timeout, e.g. --timeout 2m"),
            ApiError::Decode { status, detail } => Error::failure(format!(
                "unexpected response from the API ({}): {detail}",
                status_line(status)
            )),
            ApiError::TooLarge { limit_mib } => Error::failure(format!(
                "the API's response is larger than {limit_mib} MiB; refusing to read it"
            )),
            ApiError::Redirect { status, location } => Error::failure(format!(
                "the API redirected ({}) to {location}; not following it, so the API key is not \
                 sent to another host",
                status_line(status)
            ))
            .hint("if the API moved, set the new URL with `neynar-studio config set api-url URL`"),
            ApiError::BadUrl { url, reason } => {
                Error::usage(format!("invalid API URL '{url}': {reason}"))
                    .hint("use the form https://api.neynar.com")
            }
            ApiError::Insecure { host } => Error::usage(format!(
                "refusing to send the API key over plain http:// to {host}"
            ))
            .hint("use https://, or http:// only for a loopback host (127.0.0.1, ::1, localhost)"),
            ApiError::Stream(detail) => Error::failure(detail),
            ApiError::Idle { after } => Error::timeout(format!(
                "the stream sent nothing for {}; giving up",
                crate::duration::format(after)
            ))
            .hint("the generation may still be running on the server; allow longer silences with --idle-timeout"),
            ApiError::RetryPastTimeout { asked, limit } => Error::timeout(format!(
                "the API asked to retry after {}, past the timeout of {}; giving up now",
                crate::duration::format(asked),
                crate::duration::format(limit)
            ))
            .hint("try again later, or allow longer with --timeout"),
        }
    }
}

/// Prints an error the way DESIGN.md says (`error: ...`, `hint: ...`) on stderr and returns
/// the exit code. The one place where errors become exit codes.
pub fn report(result: Result<()>) -> ExitCode {
    // Whatever happened, the terminal is put back first: stdout flushed, the spinner wiped,
    // the cursor shown.
    let term = crate::render::Term::global();
    term.restore();
    let err = match result {
        Ok(()) => return ExitCode::SUCCESS,
        Err(e) => e,
    };
    if err.kind == Kind::BrokenPipe {
        return ExitCode::from(err.kind.exit_code());
    }
    // The writer sanitizes and masks; one line each, however long the server's text was.
    // They are written even when a stuck thread holds the writer (a stdout nobody reads).
    use crate::render::Line;
    let mut lines = vec![
        Line::new()
            .bold_red("error:")
            .plain(" ")
            .plain(one_line(&without_os_codes(&err.message), 2000)),
    ];
    for hint in &err.hints {
        lines.push(
            Line::new()
                .cyan("hint:")
                .plain(" ")
                .plain(one_line(hint, 2000)),
        );
    }
    term.last_err_lines(&lines);
    ExitCode::from(err.kind.exit_code())
}

/// A command-line error from clap in this tool's form: `error:` with the message (clap's
/// continuation lines joined to it), then `hint:` lines for clap's tips and usage, and which
/// `--help` to read, instead of clap's own layout. Exit 2.
/// `command` is the subcommand typed (`neynar-studio deploy get`), for the `--help` hint where
/// clap's text names none.
pub fn from_clap(e: &clap::Error, command: &str) -> Error {
    let text = e.render().to_string();
    let mut message = String::new();
    let mut hints = Vec::new();
    let mut help = format!("{command} --help");
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with("For more information") {
            continue;
        }
        if let Some(m) = t.strip_prefix("error: ") {
            message = m.to_string();
        } else if let Some(tip) = t.strip_prefix("tip: ") {
            hints.push(tip.to_string());
        } else if let Some(usage) = t.strip_prefix("Usage: ") {
            // `neynar-studio config set <KEY> [VALUE]` -> `neynar-studio config set --help`
            let words: Vec<&str> = usage
                .split_whitespace()
                .take_while(|w| !w.starts_with(['<', '[', '-']))
                .collect();
            if !words.is_empty() {
                help = format!("{} --help", words.join(" "));
            }
            hints.push(format!("usage: {usage}"));
        } else if message.is_empty() {
            message = t.to_string();
        } else {
            message.push(' ');
            message.push_str(t);
        }
    }
    hints.push(format!("see `{help}`"));
    let mut err = Error::usage(message);
    err.hints = hints;
    err
}

/// Drops the standard library's ` (os error 13)` from I/O errors' text: the words before it
/// ("Permission denied") are the user's; the number is not.
pub fn without_os_codes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(" (os error ") {
        let tail = &rest[at + " (os error ".len()..];
        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && tail[digits..].starts_with(')') {
            out.push_str(&rest[..at]);
            rest = &tail[digits + 1..];
        } else {
            out.push_str(&rest[..at + 1]);
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// A panic hook that prints the panic without any registered secret in it, and says it is a
/// bug, instead of Rust's default text (which could quote a value that holds the key).
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        let location = info.location().map(|l| (l.file(), l.line()));
        if let Some(term) = crate::render::Term::existing() {
            term.restore();
        }
        let _ = std::io::stderr().write_all(panic_text(&payload, location).as_bytes());
    }));
}

/// What the panic hook prints: the message with secrets scrubbed and controls made visible,
/// and that it is a bug.
pub fn panic_text(payload: &str, location: Option<(&str, u32)>) -> String {
    let at = location
        .map(|(file, line)| format!(" at {file}:{line}"))
        .unwrap_or_default();
    let text = format!("neynar-studio crashed{at}: {payload}");
    format!(
        "error: {}\nhint: this is a bug; please report it with the command you ran\n",
        sanitize(&one_line(&secret::redact(&text), 2000))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(s: u16, msg: Option<&str>, body: &str) -> Error {
        Error::from(ApiError::Status {
            status: s,
            message: msg.map(String::from),
            body: body.into(),
            retry_after: None,
        })
    }

    #[test]
    fn statuses_map_to_design_exit_codes() {
        let code = |s| status(s, None, "empty").kind().exit_code();
        assert_eq!(code(400), 6);
        assert_eq!(code(401), 3);
        assert_eq!(code(403), 3);
        assert_eq!(code(404), 4);
        assert_eq!(code(409), 6);
        assert_eq!(code(413), 6);
        assert_eq!(code(422), 6);
        assert_eq!(code(429), 1);
        assert_eq!(code(500), 1);
        assert_eq!(code(503), 1);
        assert_eq!(code(418), 1);
    }

    #[test]
    fn messages_prefer_the_servers_words() {
        assert_eq!(
            status(400, Some("Deployment is not ready"), "").message(),
            "Deployment is not ready (HTTP 400 Bad Request)"
        );
        assert_eq!(
            status(502, None, "text/html, 120 bytes").message(),
            "the API failed (HTTP 502 Bad Gateway; text/html, 120 bytes)"
        );
    }

    #[test]
    fn the_panic_text_holds_no_secret() {
        crate::secret::register("panic-secret-key-123456");
        assert_eq!(
            panic_text(
                "called with panic-secret-key-123456\u{1b}[2J",
                Some(("src/x.rs", 7))
            ),
            "error: neynar-studio crashed at src/x.rs:7: called with ****\\u{1b}[2J\nhint: this is a bug; please report it with the command you ran\n"
        );
    }

    #[test]
    fn clap_errors_read_as_error_and_hints() {
        let cmd = || crate::cli::command();
        let err = |args: &[&str]| {
            let e = cmd()
                .try_get_matches_from(args.iter().copied())
                .unwrap_err();
            let e = from_clap(&e, "neynar-studio");
            (e.message().to_string(), e.hints().to_vec())
        };
        assert_eq!(
            err(&["neynar-studio", "config", "set"]),
            (
                "the following required arguments were not provided: <KEY>".to_string(),
                vec![
                    "usage: neynar-studio config set <KEY> [VALUE]".to_string(),
                    "see `neynar-studio config set --help`".to_string(),
                ]
            )
        );
        let (message, hints) = err(&["neynar-studio", "deploy", "get", "--nope"]);
        assert_eq!(message, "unexpected argument '--nope' found");
        assert_eq!(
            hints.last().map(String::as_str),
            Some("see `neynar-studio deploy get --help`")
        );
    }

    #[test]
    fn os_error_numbers_are_dropped() {
        assert_eq!(
            without_os_codes("cannot write /x: Permission denied (os error 13)"),
            "cannot write /x: Permission denied"
        );
        assert_eq!(without_os_codes("a (os error x) b"), "a (os error x) b");
        assert_eq!(
            without_os_codes("a (os error 2) and b (os error 21)!"),
            "a and b!"
        );
    }

    #[test]
    fn reword_keeps_the_server_text() {
        let e = status(404, Some("Deployment not found"), "")
            .reword_on(404, "no deployment 'x' for fid 3")
            .reword_on(400, "not this one");
        assert_eq!(
            e.message(),
            "no deployment 'x' for fid 3 (HTTP 404: Deployment not found)"
        );
    }
}
