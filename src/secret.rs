//! The API key, as a type that cannot be printed by accident, and the redactor that scrubs
//! every known secret from text on its way out of the process.
//!
//! `ApiKey` has no `Display`, and its `Debug` shows nothing of the key. The redactor is the
//! second line of defence: the terminal writer (`render::term`), error reports, verbose traces
//! and the panic hook pass their text through it, so a key that slipped into a message by some
//! route nobody foresaw (a server echoing a header back, the model quoting it, a library's
//! error text) is still not shown.
//!
//! What is masked, by a secret's length (in characters):
//! - 12 or more: every run of [`WINDOW`] or more consecutive characters of the secret, not
//!   only the whole secret. A server that echoes a key with one character changed, or a line
//!   cut in the middle of the key, still shows no 12 characters of it.
//! - 6 to 11: every occurrence of the whole secret.
//! - 1 to 5: occurrences of the whole secret that stand alone (not inside a longer word of
//!   letters, digits, `-` or `_`): masking every "ab" in ordinary text would mangle it, and a
//!   secret that short protects nothing anyway.
//!
//! Streams that arrive in pieces (text deltas) hold back the last [`Redactor::hold_back`]
//! bytes until the next piece shows whether they start a secret (`render::term`).

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use aho_corasick::AhoCorasick;

/// Runs of this many characters of a long secret are masked wherever they appear.
pub const WINDOW: usize = 12;
/// What a masked run becomes.
pub const MASK: &str = "****";

/// The registered secrets, and the redactor built from them (rebuilt on each registration,
/// which happens a handful of times per run; reads are lock-light snapshots).
static REGISTRY: RwLock<Option<Arc<Redactor>>> = RwLock::new(None);
static SECRETS: RwLock<Vec<String>> = RwLock::new(Vec::new());
/// Bumped at each registration, so long-lived holders of a [`Redactor`] (the terminal writer)
/// know to take a new snapshot.
static GENERATION: AtomicU64 = AtomicU64::new(0);

/// How many secrets have been registered: a new value means a new snapshot is due.
pub fn generation() -> u64 {
    GENERATION.load(Ordering::Acquire)
}

pub use studio_api::ApiKey;

/// Validates an API key and registers it for masking: the one way the CLI makes an
/// [`ApiKey`]. The error never contains the key.
pub fn api_key(raw: impl Into<String>) -> Result<ApiKey, &'static str> {
    let key = ApiKey::new(raw)?;
    register(key.expose());
    Ok(key)
}

/// Adds a secret (the API key, a secret value, a connection string) to the set that
/// [`redact`] and every [`Redactor`] made afterwards scrub.
pub fn register(secret: &str) {
    if secret.is_empty() {
        return;
    }
    let mut list = SECRETS.write().unwrap_or_else(|e| e.into_inner());
    if list.iter().any(|s| s == secret) {
        return;
    }
    list.push(secret.to_string());
    let built = Arc::new(Redactor::build(&list));
    *REGISTRY.write().unwrap_or_else(|e| e.into_inner()) = Some(built);
    GENERATION.fetch_add(1, Ordering::AcqRel);
}

/// One pattern the automaton looks for.
#[derive(Clone, Debug)]
enum Pattern {
    /// A run of a longer secret (`secret`, from byte `at`), or a whole one (`at` 0): any match
    /// is masked, extended over as much of the secret as the text goes on matching.
    Any { secret: usize, at: usize },
    /// A short secret: masked only where it is not part of a longer word.
    Word,
}

/// The searchers: Teddy (the SIMD packed searcher, a few GB/s for tens of short patterns)
/// where the CPU has it, Aho-Corasick otherwise; both leftmost-first.
struct Automaton {
    packed: Option<aho_corasick::packed::Searcher>,
    ac: AhoCorasick,
    kinds: Vec<Pattern>,
    secrets: Vec<String>,
}

impl Automaton {
    fn find(&self, text: &str, from: usize) -> Option<(usize, usize, usize)> {
        let span = aho_corasick::Span::from(from..text.len());
        if let Some(packed) = &self.packed {
            return packed
                .find_in(text, span)
                .map(|m| (m.pattern().as_usize(), m.start(), m.end()));
        }
        self.ac
            .find(aho_corasick::Input::new(text).span(span))
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
    }
}

/// The masking rules for a set of secrets, with one multi-pattern automaton (Aho-Corasick:
/// one pass over the text whatever the number of windows). Cheap to clone (an `Arc` inside).
#[derive(Clone, Default)]
pub struct Redactor {
    inner: Option<Arc<Automaton>>,
    hold: usize,
    /// Whether some secret holds `"`, `/` or `\\`: the characters JSON may spell with a
    /// two-character escape (any other is only hidden by a `\\u` escape).
    escapable: bool,
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Redactor(<secrets>)")
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b >= 0x80
}

impl Redactor {
    /// A snapshot of the registered secrets.
    pub fn new() -> Redactor {
        REGISTRY
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .as_deref()
            .cloned()
            .unwrap_or_default()
    }

    /// The rules for these secrets (for tests; the process-wide set is built by [`register`]).
    pub fn build(secrets: &[String]) -> Redactor {
        let mut patterns: Vec<String> = Vec::new();
        let mut kinds = Vec::new();
        for (index, secret) in secrets.iter().enumerate() {
            let chars: Vec<(usize, char)> = secret.char_indices().collect();
            let n = chars.len();
            if n >= WINDOW {
                // Every run of WINDOW characters holds a whole aligned block of WINDOW / 2: the
                // blocks are what is searched for (fewer, so fewer false starts), and a block
                // found counts once it extends to WINDOW characters of the secret.
                let block = WINDOW / 2;
                let mut start = 0;
                while start + block <= n {
                    let from = chars[start].0;
                    let to = chars.get(start + block).map_or(secret.len(), |c| c.0);
                    patterns.push(secret[from..to].to_string());
                    kinds.push(Pattern::Any {
                        secret: index,
                        at: from,
                    });
                    start += block;
                }
            } else if n >= 6 {
                patterns.push(secret.clone());
                kinds.push(Pattern::Any {
                    secret: index,
                    at: 0,
                });
            } else if n > 0 {
                patterns.push(secret.clone());
                kinds.push(Pattern::Word);
            }
        }
        if patterns.is_empty() {
            return Redactor::default();
        }
        // What a piece of streamed text must wait for: a run long enough to be masked.
        let hold = secrets
            .iter()
            .map(|s| {
                let n = s.chars().count();
                if n >= WINDOW {
                    s.char_indices().nth(WINDOW).map_or(s.len(), |(i, _)| i)
                } else {
                    s.len()
                }
            })
            .max()
            .unwrap_or(1)
            .saturating_sub(1);
        // Leftmost-first, non-overlapping: one pass with the SIMD prefilter; a match is then
        // extended by hand over the rest of its secret (overlapping search was several times
        // slower on the stream path).
        let built = aho_corasick::AhoCorasickBuilder::new()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(&patterns);
        let packed = aho_corasick::packed::Config::new()
            .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
            .builder()
            .extend(&patterns)
            .build();
        match built {
            Ok(ac) => Redactor {
                inner: Some(Arc::new(Automaton {
                    packed,
                    ac,
                    kinds,
                    secrets: secrets.to_vec(),
                })),
                hold,
                escapable: secrets.iter().any(|s| s.contains(['"', '/', '\\'])),
            },
            // Only an automaton too large to build fails (not with these sizes). Masking
            // nothing would be wrong, so fall back to masking the whole of every text.
            Err(_) => Redactor {
                inner: None,
                hold: usize::MAX,
                escapable: true,
            },
        }
    }

    /// Whether some secret holds a character JSON can spell with `\\"`, `\\/` or `\\\\`.
    pub fn escapable(&self) -> bool {
        self.escapable
    }

    /// Whether there is anything to mask at all.
    pub fn is_empty(&self) -> bool {
        self.inner.is_none() && self.hold == 0
    }

    /// How many bytes at the end of a stream's text must wait for more before they can be
    /// shown: one less than the longest pattern.
    pub fn hold_back(&self) -> usize {
        self.hold
    }

    /// The byte ranges of `text` to mask, sorted and merged.
    pub fn ranges(&self, text: &str) -> Vec<Range<usize>> {
        let Some(inner) = &self.inner else {
            if self.hold == usize::MAX && !text.is_empty() {
                return std::iter::once(0..text.len()).collect();
            }
            return Vec::new();
        };
        let auto = &**inner;
        let bytes = text.as_bytes();
        let mut out: Vec<Range<usize>> = Vec::new();
        let mut pos = 0;
        while pos < bytes.len() {
            let Some((pattern, m_start, m_end)) = auto.find(text, pos) else {
                break;
            };
            let (start, end) = match auto.kinds[pattern] {
                Pattern::Word => {
                    let before = m_start.checked_sub(1).map(|i| bytes[i]);
                    let after = bytes.get(m_end).copied();
                    if before.is_some_and(is_word_byte) || after.is_some_and(is_word_byte) {
                        // Not alone: look again from the next byte.
                        pos = m_start + 1;
                        continue;
                    }
                    (m_start, m_end)
                }
                Pattern::Any { secret, at } => {
                    let secret = auto.secrets[secret].as_bytes();
                    // Backward and forward over as much of the secret as the text matches.
                    let (mut s, mut k) = (m_start, at);
                    while s > 0 && k > 0 && bytes[s - 1] == secret[k - 1] {
                        s -= 1;
                        k -= 1;
                    }
                    let (mut e, mut k) = (m_end, at + (m_end - m_start));
                    while e < bytes.len() && k < secret.len() && bytes[e] == secret[k] {
                        e += 1;
                        k += 1;
                    }
                    // Long enough: the whole secret, or WINDOW characters of a longer one.
                    let run = bytes[s..e].iter().filter(|b| (**b & 0xc0) != 0x80).count();
                    let whole = e - s == secret.len();
                    if !whole && run < WINDOW {
                        pos = m_start + 1;
                        continue;
                    }
                    (s, e)
                }
            };
            match out.last_mut() {
                Some(last) if start <= last.end => last.end = last.end.max(end),
                _ => out.push(start..end),
            }
            pos = end.max(m_start + 1);
        }
        // A range must not split a character (a secret with non-ASCII text).
        for r in &mut out {
            while !text.is_char_boundary(r.start) {
                r.start -= 1;
            }
            while !text.is_char_boundary(r.end) {
                r.end += 1;
            }
        }
        out
    }

    /// `text` with every masked range replaced by `****`.
    pub fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let ranges = self.ranges(text);
        if ranges.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for r in ranges {
            out.push_str(&text[at..r.start]);
            out.push_str(MASK);
            at = r.end;
        }
        out.push_str(&text[at..]);
        Cow::Owned(out)
    }

    /// Whether `text` holds anything to mask.
    pub fn hits(&self, text: &str) -> bool {
        !self.ranges(text).is_empty()
    }
}

/// Replaces every registered secret (and every long run of one) in `text` with `****`.
pub fn redact(text: &str) -> Cow<'_, str> {
    let guard = REGISTRY.read().unwrap_or_else(|e| e.into_inner());
    match guard.as_deref() {
        Some(r) => Cow::Owned(r.redact(text).into_owned()),
        None => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_redaction_never_show_the_key() {
        let key = api_key("sk-secret-value-9876").unwrap();
        assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
        assert_eq!(key.redacted(), "****9876");
        assert_eq!(
            redact("header x-api-key: sk-secret-value-9876 sent"),
            "header x-api-key: **** sent"
        );
    }

    #[test]
    fn any_twelve_characters_of_a_long_key_are_masked() {
        let r = Redactor::build(&["sk-ATTACK-0123456789abcdef".into()]);
        // Cut before the end, as a truncated line would be.
        assert_eq!(r.redact("…sk-ATTACK-0123456789abcde…"), "…****…");
        // A run from the middle.
        assert_eq!(r.redact("x ATTACK-0123456 y"), "x **** y");
        // One character changed: both halves long enough are still masked.
        assert_eq!(r.redact("sk-ATTACK-0123X56789abcdef"), "****X56789abcdef");
        // Eleven characters are allowed through (they are not enough to use).
        assert_eq!(r.redact("sk-ATTACK-0"), "sk-ATTACK-0");
        assert_eq!(r.hold_back(), WINDOW - 1);
    }

    #[test]
    fn every_run_of_twelve_is_masked_wherever_it_starts() {
        let key = "0123456789abcdefghijklmnopqrstuvwxyz";
        let r = Redactor::build(&[key.into()]);
        for start in 0..=(key.len() - WINDOW) {
            for len in WINDOW..=(key.len() - start) {
                let text = format!("<{}>", &key[start..start + len]);
                assert_eq!(r.redact(&text), "<****>", "{start}+{len}");
            }
            let short = format!("<{}>", &key[start..start + WINDOW - 1]);
            assert_eq!(r.redact(&short), short);
        }
        // Non-ASCII around and inside does not split a character.
        let r = Redactor::build(&["ключ-секрет-значение".into()]);
        assert_eq!(r.redact("é ключ-секрет-значение é"), "é **** é");
    }

    #[test]
    fn short_keys() {
        let r = Redactor::build(&["abcdefgh".into(), "xy1".into()]);
        assert_eq!(r.redact("key abcdefgh!"), "key ****!");
        assert_eq!(r.redact("xy1 and xy12 and axy1"), "**** and xy12 and axy1");
        assert_eq!(r.hold_back(), 7);
    }

    #[test]
    fn overlapping_matches_merge() {
        let r = Redactor::build(&["0123456789abcdefghij".into()]);
        assert_eq!(
            r.ranges("..0123456789abcdefghij.."),
            vec![2..22],
            "one range for the whole key"
        );
    }

    #[test]
    fn short_keys_show_no_characters() {
        let key = api_key("abcdefgh").unwrap();
        assert_eq!(key.redacted(), "****");
    }

    #[test]
    fn invalid_keys_are_refused_without_echoing_them() {
        assert_eq!(api_key(""), Err("the API key is empty"));
        let err = api_key("has space").unwrap_err();
        assert!(!err.contains("has space"));
    }
}
