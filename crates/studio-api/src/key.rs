//! The API key, as a type that cannot be printed by accident: no `Display`, and a `Debug`
//! that shows nothing of it. The one place that reads it is the `x-api-key` header.

use std::fmt;

/// A Neynar API key. Construct with [`ApiKey::new`]; a program that masks secrets in its output registers it there too.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Validates the key's shape (non-empty, printable, no whitespace). The error never
    /// contains the key.
    pub fn new(key: impl Into<String>) -> Result<Self, &'static str> {
        let key = key.into();
        if key.is_empty() {
            return Err("the API key is empty");
        }
        if key.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("the API key contains whitespace or control characters");
        }
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
