//! The API key, as a type that cannot be printed by accident, and a registry that scrubs every
//! known secret from text on its way out of the process.
//!
//! `ApiKey` has no `Display`, and its `Debug` shows nothing of the key. The registry is the
//! second line of defence: error reports, verbose traces and the panic hook pass their text
//! through [`redact`], so a key that slipped into a message by some route nobody foresaw (a
//! server echoing a header back, a library's error text) is still not shown.

use std::borrow::Cow;
use std::fmt;
use std::sync::Mutex;

/// Secrets shorter than this are not scrubbed from text: replacing every occurrence of a
/// two-letter string would mangle ordinary output, and such a key protects nothing anyway.
const MIN_SCRUB_LEN: usize = 6;

/// The registered secrets, each with a prebuilt SIMD searcher: `redact` runs on every line the
/// CLI prints, streams included, so the common "not there" answer must be cheap.
static SECRETS: Mutex<Vec<(String, memchr::memmem::Finder<'static>)>> = Mutex::new(Vec::new());

/// A Neynar API key. Construct with [`ApiKey::new`], which also registers it for redaction.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Validates the key's shape (non-empty, printable, no whitespace) and registers it for
    /// redaction. The error never contains the key.
    pub fn new(key: impl Into<String>) -> Result<Self, &'static str> {
        let key = key.into();
        if key.is_empty() {
            return Err("the API key is empty");
        }
        if key.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("the API key contains whitespace or control characters");
        }
        register(&key);
        Ok(ApiKey(key))
    }

    /// The key itself, for the one place that needs it: the `x-api-key` header.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The key as `config show` prints it: the last four characters, and only when the key
    /// is long enough that four characters give nothing useful away.
    pub fn redacted(&self) -> String {
        let n = self.0.chars().count();
        if n >= 12 {
            let tail: String = self.0.chars().skip(n - 4).collect();
            format!("****{tail}")
        } else {
            "****".to_string()
        }
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// Adds a secret to the registry that [`redact`] scrubs.
pub fn register(secret: &str) {
    if secret.len() < MIN_SCRUB_LEN {
        return;
    }
    let mut list = SECRETS.lock().unwrap_or_else(|e| e.into_inner());
    if !list.iter().any(|(s, _)| s == secret) {
        let finder = memchr::memmem::Finder::new(secret.as_bytes()).into_owned();
        list.push((secret.to_string(), finder));
    }
}

/// A snapshot of the registered secrets, for hot loops (the prompt stream): no lock per use.
#[derive(Clone)]
pub struct Redactor {
    secrets: Vec<(String, memchr::memmem::Finder<'static>)>,
}

impl Redactor {
    pub fn new() -> Redactor {
        Redactor {
            secrets: SECRETS.lock().unwrap_or_else(|e| e.into_inner()).clone(),
        }
    }

    /// Replaces every secret in `text` with `****`.
    pub fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut out = Cow::Borrowed(text);
        for (secret, finder) in &self.secrets {
            if finder.find(out.as_bytes()).is_some() {
                out = Cow::Owned(out.replace(secret.as_str(), "****"));
            }
        }
        out
    }
}

impl Default for Redactor {
    fn default() -> Self {
        Self::new()
    }
}

/// Replaces every registered secret in `text` with `****`.
pub fn redact(text: &str) -> Cow<'_, str> {
    let list = SECRETS.lock().unwrap_or_else(|e| e.into_inner());
    let mut out = Cow::Borrowed(text);
    for (secret, finder) in list.iter() {
        if finder.find(out.as_bytes()).is_some() {
            out = Cow::Owned(out.replace(secret.as_str(), "****"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_redaction_never_show_the_key() {
        let key = ApiKey::new("sk-secret-value-9876").unwrap();
        assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
        assert_eq!(key.redacted(), "****9876");
        assert_eq!(
            redact("header x-api-key: sk-secret-value-9876 sent"),
            "header x-api-key: **** sent"
        );
    }

    #[test]
    fn short_keys_show_no_characters() {
        let key = ApiKey::new("abcdefgh").unwrap();
        assert_eq!(key.redacted(), "****");
    }

    #[test]
    fn invalid_keys_are_refused_without_echoing_them() {
        assert_eq!(ApiKey::new(""), Err("the API key is empty"));
        let err = ApiKey::new("has space").unwrap_err();
        assert!(!err.contains("has space"));
    }
}
