/*!
Configuration: the file and its profiles, the environment and the flags, resolved with the
precedence of DESIGN.md (flag, environment, selected profile, top level, default). The state
file (the current deployment) is `crate::state`.

Every resolved value remembers where it came from, for `config show` and for error messages
that can say which setting to fix. The API key is never taken from a flag (it would show in
the process list and the shell history): only from the environment or the file, which is
written 0600 in a 0700 directory, atomically (temp file + rename), so an interrupted write
never leaves half a file.

This module does no printing; warnings are returned for the caller to show.
*/

use std::collections::BTreeMap;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::secret::ApiKey;

pub const ENV_API_KEY: &str = "NEYNAR_API_KEY";
pub const ENV_FID: &str = "NEYNAR_FID";
pub const ENV_API_URL: &str = "NEYNAR_API_URL";
pub const ENV_PROFILE: &str = "NEYNAR_STUDIO_PROFILE";
pub const ENV_CONFIG: &str = "NEYNAR_STUDIO_CONFIG";
pub const DEFAULT_API_URL: &str = "https://api.neynar.com";
pub const DEFAULT_PROFILE: &str = "default";

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag(&'static str),
    Env(&'static str),
    Profile(String),
    File,
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(flag) => write!(f, "flag {flag}"),
            Source::Env(var) => write!(f, "env {var}"),
            Source::Profile(name) => write!(f, "profile {name}"),
            Source::File => f.write_str("file"),
            Source::Default => f.write_str("default"),
        }
    }
}

impl Source {
    /// The short kind for `--json`: flag, env, profile, file, default.
    pub fn kind(&self) -> &'static str {
        match self {
            Source::Flag(_) => "flag",
            Source::Env(_) => "env",
            Source::Profile(_) => "profile",
            Source::File => "file",
            Source::Default => "default",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Sourced<T> {
    pub value: T,
    pub source: Source,
}

/// The global flags that feed configuration.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub config: Option<PathBuf>,
    pub profile: Option<String>,
    pub fid: Option<u64>,
    pub api_url: Option<String>,
}

/// Reads an environment variable; an empty value counts as unset.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The process environment, with empty values treated as unset.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    api_key: Option<String>,
    fid: Option<u64>,
    api_url: Option<String>,
    #[serde(default)]
    profiles: BTreeMap<String, Section>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Section {
    api_key: Option<String>,
    fid: Option<u64>,
    api_url: Option<String>,
}

/// Everything a command needs from configuration, resolved.
#[derive(Debug)]
pub struct Settings {
    /// `None` when no config directory can be found (no HOME, no passwd entry) and neither
    /// `--config` nor `NEYNAR_STUDIO_CONFIG` names a file: the environment alone is then the
    /// configuration, and only commands that need the file fail ([`Settings::require_path`]).
    pub path: Option<Sourced<PathBuf>>,
    pub file_exists: bool,
    pub profile: Sourced<String>,
    /// The profiles the file defines.
    pub profiles: Vec<String>,
    pub api_key: Option<Sourced<ApiKey>>,
    pub fid: Option<Sourced<u64>>,
    pub api_url: Sourced<String>,
    /// Things worth a warning (a config file readable by others).
    pub warnings: Vec<String>,
}

/// `<config dir>/neynar-studio/config.toml`.
pub fn default_config_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("neynar-studio").join("config.toml"))
}

/// The config file path: `--config`, then `NEYNAR_STUDIO_CONFIG`, then the platform default.
pub fn config_path(flags: &Flags, env: Env<'_>) -> Result<Sourced<PathBuf>> {
    if let Some(p) = &flags.config {
        return Ok(Sourced {
            value: p.clone(),
            source: Source::Flag("--config"),
        });
    }
    if let Some(p) = env(ENV_CONFIG) {
        return Ok(Sourced {
            value: PathBuf::from(p),
            source: Source::Env(ENV_CONFIG),
        });
    }
    default_config_path()
        .map(|value| Sourced {
            value,
            source: Source::Default,
        })
        .ok_or_else(no_config_dir)
}

fn no_config_dir() -> Error {
    Error::config("cannot find a config directory (is HOME set?)")
        .hint(format!("point {ENV_CONFIG} at a config file"))
}

/// The largest config file read. A config is a few hundred bytes; a file linked to
/// `/dev/zero` must not fill memory.
pub const MAX_CONFIG: u64 = 1 << 20;

/// Checks a profile name: letters, digits, `-` and `_`.
pub fn validate_profile(name: &str) -> Result<()> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(Error::usage(format!(
            "invalid profile name '{}': use letters, digits, '-' and '_'",
            crate::render::sanitize(name)
        )));
    }
    Ok(())
}

/// The 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

fn parse_error(
    path: &Path,
    text: &str,
    message: &str,
    span: Option<std::ops::Range<usize>>,
) -> Error {
    let location = match span {
        Some(span) => {
            let (line, col) = line_col(text, span.start);
            format!(", line {line}, column {col}")
        }
        None => String::new(),
    };
    Error::config(format!(
        "invalid config file {}{location}: {}",
        path.display(),
        message.trim()
    ))
    .hint("fix that line, or move the file away and run `neynar-studio config init`")
}

fn parse_file(path: &Path, text: &str) -> Result<FileConfig> {
    toml::from_str::<FileConfig>(text)
        .map_err(|e| parse_error(path, text, &without_value(e.message()), e.span()))
}

/// serde's type errors quote the value (`invalid type: string "nsk-...", expected u64`): an
/// API key put under `fid` would be printed. The value is left out; the line and column say
/// where it is.
fn without_value(message: &str) -> String {
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let found = match rest.split([' ', ',']).next().unwrap_or("") {
                "string" => "text",
                "integer" => "a whole number",
                "floating" => "a decimal number",
                "boolean" => "true or false",
                "sequence" => "a list",
                "map" => "a table",
                _ => "a value",
            };
            let wanted = match rest.rsplit_once(", expected ").map(|(_, e)| e.trim()) {
                Some("u64" | "u32" | "i64" | "u16" | "usize") => "a whole number",
                Some("a string" | "a borrowed string") => "text in quotes",
                Some(other) if !other.contains(['"', '`', '\'']) => other,
                _ => "another kind of value",
            };
            let what = if prefix == "invalid type: " {
                "the wrong type"
            } else {
                "a value out of range"
            };
            return format!("{what} (found {found}, expected {wanted}; the value is not shown)");
        }
    }
    message.to_string()
}

/// Checks config text as `load` would read it (for the fuzzer and for tools): `Ok` when it
/// parses, else the error naming the line.
pub fn check_text(text: &str) -> Result<()> {
    parse_file(Path::new("config.toml"), text).map(|_| ())
}

/// Reads the file if it exists, at most [`MAX_CONFIG`] bytes. `Ok(None)` when it does not.
fn read_file(path: &Path) -> Result<Option<String>> {
    use crate::local::ReadError;
    match crate::local::read_capped_sync(path, MAX_CONFIG) {
        Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| {
            Error::config(format!(
                "cannot read config file {}: it is not UTF-8 text",
                path.display()
            ))
        }),
        Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(ReadError::Io(e)) => Err(Error::config(format!(
            "cannot read config file {}: {e}",
            path.display()
        ))),
        Err(ReadError::TooLarge) => Err(Error::config(format!(
            "config file {} is larger than {}; a config file is a few lines",
            path.display(),
            crate::local::show_cap(MAX_CONFIG)
        ))
        .hint("check that --config or NEYNAR_STUDIO_CONFIG names the right file")),
    }
}

/// A warning when the file is readable or writable by group or others.
#[cfg(unix)]
fn permission_warning(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then(|| {
        format!(
            "config file {} is accessible by other users (mode {mode:o}); it holds your API key. \
             Fix with: chmod 600 {}",
            path.display(),
            path.display()
        )
    })
}

#[cfg(not(unix))]
fn permission_warning(_path: &Path) -> Option<String> {
    None
}

impl Settings {
    /// Resolves every setting. With `profile_must_exist`, selecting a profile the file does not
    /// define is an error (commands that create profiles pass `false`).
    pub fn load(flags: &Flags, env: Env<'_>, profile_must_exist: bool) -> Result<Settings> {
        Self::load_with_default(flags, env, profile_must_exist, default_config_path())
    }

    /// [`Settings::load`] with the platform's default path given (`None`: no config directory).
    fn load_with_default(
        flags: &Flags,
        env: Env<'_>,
        profile_must_exist: bool,
        default: Option<PathBuf>,
    ) -> Result<Settings> {
        // No config directory (no HOME) is not an error by itself: the environment may hold
        // everything. `--config` and NEYNAR_STUDIO_CONFIG always give a path.
        let path = match (&flags.config, env(ENV_CONFIG), default) {
            (None, None, None) => None,
            _ => config_path(flags, env).ok(),
        };
        let text = match &path {
            Some(path) => read_file(&path.value)?,
            None => None,
        };
        let file_exists = text.is_some();
        let mut warnings = Vec::new();
        let file = match (&text, &path) {
            (Some(text), Some(path)) => {
                if let Some(w) = permission_warning(&path.value) {
                    warnings.push(w);
                }
                parse_file(&path.value, text)?
            }
            _ => FileConfig::default(),
        };
        let file_name = || {
            path.as_ref()
                .map(|p| p.value.display().to_string())
                .unwrap_or_else(|| "the config file".into())
        };
        let profile = match (&flags.profile, env(ENV_PROFILE)) {
            (Some(p), _) => Sourced {
                value: p.clone(),
                source: Source::Flag("--profile"),
            },
            (None, Some(p)) => Sourced {
                value: p,
                source: Source::Env(ENV_PROFILE),
            },
            (None, None) => Sourced {
                value: DEFAULT_PROFILE.to_string(),
                source: Source::Default,
            },
        };
        validate_profile(&profile.value)?;
        let profiles: Vec<String> = file.profiles.keys().cloned().collect();
        let section = if profile.value == DEFAULT_PROFILE {
            None
        } else {
            match file.profiles.get(&profile.value) {
                Some(s) => Some(s.clone()),
                None if profile_must_exist => {
                    let hint = if profiles.is_empty() {
                        format!(
                            "create it with `neynar-studio --profile {} config init`",
                            profile.value
                        )
                    } else {
                        format!("profiles in that file: {}", profiles.join(", "))
                    };
                    return Err(Error::config(format!(
                        "profile '{}' ({}) is not defined in {}",
                        profile.value,
                        profile.source,
                        file_name()
                    ))
                    .hint(hint));
                }
                None => None,
            }
        };
        let in_profile = Source::Profile(profile.value.clone());

        // API key: environment, profile, file. Never a flag.
        let key_raw = env(ENV_API_KEY)
            .map(|v| (v, Source::Env(ENV_API_KEY)))
            .or_else(|| {
                section
                    .as_ref()
                    .and_then(|s| s.api_key.clone())
                    .map(|v| (v, in_profile.clone()))
            })
            .or_else(|| file.api_key.clone().map(|v| (v, Source::File)));
        let api_key = match key_raw {
            Some((raw, source)) => Some(Sourced {
                value: crate::secret::api_key(raw.trim()).map_err(|why| {
                    Error::config(format!("the API key from {source} is not usable: {why}"))
                })?,
                source,
            }),
            None => None,
        };

        let fid = match (flags.fid, env(ENV_FID)) {
            (Some(fid), _) => Some(Sourced {
                value: fid,
                source: Source::Flag("--fid"),
            }),
            (None, Some(raw)) => Some(Sourced {
                value: parse_fid(&raw)
                    .map_err(|why| Error::usage(format!("{ENV_FID} is not a valid FID: {why}")))?,
                source: Source::Env(ENV_FID),
            }),
            (None, None) => section
                .as_ref()
                .and_then(|s| s.fid)
                .map(|value| Sourced {
                    value,
                    source: in_profile.clone(),
                })
                .or_else(|| {
                    file.fid.map(|value| Sourced {
                        value,
                        source: Source::File,
                    })
                }),
        };
        if let Some(f) = &fid
            && f.value == 0
        {
            return Err(Error::config(format!(
                "the FID from {} is 0; a Farcaster ID is a positive number",
                f.source
            )));
        }

        let api_url = flags
            .api_url
            .clone()
            .map(|value| Sourced {
                value,
                source: Source::Flag("--api-url"),
            })
            .or_else(|| {
                env(ENV_API_URL).map(|value| Sourced {
                    value,
                    source: Source::Env(ENV_API_URL),
                })
            })
            .or_else(|| {
                section
                    .as_ref()
                    .and_then(|s| s.api_url.clone())
                    .map(|value| Sourced {
                        value,
                        source: in_profile.clone(),
                    })
            })
            .or_else(|| {
                file.api_url.clone().map(|value| Sourced {
                    value,
                    source: Source::File,
                })
            })
            .unwrap_or_else(|| Sourced {
                value: DEFAULT_API_URL.to_string(),
                source: Source::Default,
            });

        Ok(Settings {
            path,
            file_exists,
            profile,
            profiles,
            api_key,
            fid,
            api_url,
            warnings,
        })
    }

    /// The config file's path, for the commands that read or write the file itself.
    pub fn require_path(&self) -> Result<&Sourced<PathBuf>> {
        self.path.as_ref().ok_or_else(no_config_dir)
    }

    /// The API key, or the error DESIGN.md asks for (exit 3, with a hint).
    pub fn require_key(&self) -> Result<&ApiKey> {
        match &self.api_key {
            Some(k) => Ok(&k.value),
            None => Err(
                Error::config(format!("no API key configured{}", self.where_looked())).hint(
                    format!(
                        "run `neynar-studio config init`, or set {ENV_API_KEY} (and {ENV_FID})"
                    ),
                ),
            ),
        }
    }

    /// The FID, or the error DESIGN.md asks for (exit 3, with a hint).
    pub fn require_fid(&self) -> Result<u64> {
        match &self.fid {
            Some(f) => Ok(f.value),
            None => Err(
                Error::config(format!("no FID configured{}", self.where_looked())).hint(format!(
                    "run `neynar-studio config init --fid N`, set {ENV_FID}, or pass --fid N"
                )),
            ),
        }
    }

    fn where_looked(&self) -> String {
        let profile = if self.profile.value == DEFAULT_PROFILE {
            String::new()
        } else {
            format!(" for profile '{}'", self.profile.value)
        };
        match &self.path {
            Some(path) if self.file_exists => format!(
                "{profile} (looked in {} and the environment)",
                path.value.display()
            ),
            Some(path) => format!(
                "{profile} ({} does not exist, and the environment has none)",
                path.value.display()
            ),
            None => format!(
                "{profile} (no config directory could be found, and the environment has none)"
            ),
        }
    }
}

/// The largest FID the API takes (its `fid` is an int32).
pub const MAX_FID: u64 = i32::MAX as u64;

/// Parses a FID: a positive whole number that fits the API's int32. Every refusal names the
/// valid range (a number too large for u64 is out of range, not "not a number").
pub fn parse_fid(raw: &str) -> std::result::Result<u64, String> {
    let raw = raw.trim();
    let range = format!("a Farcaster ID is a whole number from 1 to {MAX_FID}");
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match raw.parse::<u64>() {
        Ok(n) if (1..=MAX_FID).contains(&n) => Ok(n),
        Ok(0) => Err(format!("0 is not a Farcaster ID: {range}")),
        Ok(_) => Err(format!("'{raw}' is out of range: {range}")),
        Err(_) if digits(raw.trim_start_matches('+')) => {
            Err(format!("'{raw}' is out of range: {range}"))
        }
        Err(_) if raw.starts_with('-') && digits(&raw[1..]) => {
            Err(format!("'{raw}' is negative: {range}"))
        }
        Err(_) => Err(format!(
            "'{}' is not a number: {range}, like 1568",
            crate::render::sanitize(raw)
        )),
    }
}

// ----- editing the file -----

/// A setting `config set` / `unset` can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    ApiKey,
    Fid,
    ApiUrl,
}

impl Key {
    pub fn parse(name: &str) -> Result<Key> {
        match name.replace('-', "_").to_ascii_lowercase().as_str() {
            "api_key" => Ok(Key::ApiKey),
            "fid" => Ok(Key::Fid),
            "api_url" => Ok(Key::ApiUrl),
            _ => Err(Error::usage(format!(
                "unknown setting '{}'",
                crate::render::sanitize(name)
            ))
            .hint("settings: api-key, fid, api-url")),
        }
    }
    pub fn toml_name(self) -> &'static str {
        match self {
            Key::ApiKey => "api_key",
            Key::Fid => "fid",
            Key::ApiUrl => "api_url",
        }
    }
}

/// The config file as a document that keeps its comments and layout when edited.
pub struct ConfigEdit {
    path: PathBuf,
    doc: toml_edit::DocumentMut,
}

impl ConfigEdit {
    /// Opens the file for editing, or starts an empty one. A malformed file is an error: we
    /// never overwrite what we could not read.
    pub fn open(path: &Path) -> Result<ConfigEdit> {
        let text = read_file(path)?.unwrap_or_default();
        let doc = text
            .parse::<toml_edit::DocumentMut>()
            .map_err(|e| parse_error(path, &text, e.message(), e.span()))?;
        Ok(ConfigEdit {
            path: path.to_path_buf(),
            doc,
        })
    }

    fn table_mut(&mut self, profile: &str) -> &mut toml_edit::Table {
        if profile == DEFAULT_PROFILE {
            return self.doc.as_table_mut();
        }
        let profiles = self.doc.entry("profiles").or_insert_with(|| {
            let mut t = toml_edit::Table::new();
            t.set_implicit(true);
            toml_edit::Item::Table(t)
        });
        if !profiles.is_table() {
            *profiles = toml_edit::Item::Table(toml_edit::Table::new());
        }
        let profiles = match profiles.as_table_mut() {
            Some(t) => t,
            None => unreachable_table(),
        };
        let section = profiles
            .entry(profile)
            .or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()));
        if !section.is_table() {
            *section = toml_edit::Item::Table(toml_edit::Table::new());
        }
        match section.as_table_mut() {
            Some(t) => t,
            None => unreachable_table(),
        }
    }

    pub fn set_str(&mut self, profile: &str, key: Key, value: &str) {
        self.table_mut(profile)[key.toml_name()] = toml_edit::value(value);
    }

    pub fn set_int(&mut self, profile: &str, key: Key, value: u64) {
        self.table_mut(profile)[key.toml_name()] = toml_edit::value(value as i64);
    }

    /// Removes a setting; `false` when it was not there.
    pub fn unset(&mut self, profile: &str, key: Key) -> bool {
        if profile != DEFAULT_PROFILE
            && self
                .doc
                .get("profiles")
                .and_then(|p| p.get(profile))
                .is_none()
        {
            return false;
        }
        self.table_mut(profile).remove(key.toml_name()).is_some()
    }

    /// Writes the file atomically with mode 0600, after checking the result still parses as a
    /// config (so an edit can never leave a file the next run refuses).
    ///
    /// A config file that is a symbolic link (dotfiles kept in a repository) stays one: its
    /// target is written, atomically, by a temp file in the target's directory.
    pub fn save(&self) -> Result<()> {
        let text = self.doc.to_string();
        parse_file(&self.path, &text)?;
        write_private(&link_target(&self.path)?, text.as_bytes())
    }
}

/// The file a path names once symbolic links are followed (the path itself when it is not a
/// link, or does not exist yet). A dangling link names the file it would create.
fn link_target(path: &Path) -> Result<PathBuf> {
    let mut current = path.to_path_buf();
    // The kernel's own limit on links followed in one lookup.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&current).map_err(|e| {
                    Error::config(format!("cannot follow the link {}: {e}", current.display()))
                })?;
                current = match current.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(Error::config(format!(
        "cannot follow the link {}: too many levels of links",
        path.display()
    )))
}

/// `toml_edit` tables are made tables just above; this keeps the code free of `unwrap`.
fn unreachable_table() -> ! {
    unreachable!("the item was just made a table")
}

/// Writes `bytes` to `path` atomically: a 0600 temp file in the same directory, synced, then
/// renamed over the target. Creates the directory 0700 when missing.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let fail = |what: &str, e: std::io::Error| {
        Error::config(format!("cannot {what} {}: {e}", path.display()))
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.exists() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder
            .create(&dir)
            .map_err(|e| fail("create the directory for", e))?;
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".neynar-studio-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| fail("write", e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o600))
            .map_err(|e| fail("write", e))?;
    }
    tmp.write_all(bytes).map_err(|e| fail("write", e))?;
    tmp.as_file().sync_all().map_err(|e| fail("write", e))?;
    tmp.persist(path).map_err(|e| fail("write", e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned().filter(|v| !v.is_empty())
    }

    fn write(dir: &Path, text: &str) -> PathBuf {
        let path = dir.join("config.toml");
        std::fs::write(&path, text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        path
    }

    const FILE: &str = "api_key = \"top-level-key-0001\"\nfid = 1568\n\n[profiles.staging]\napi_key = \"staging-key-0002\"\nfid = 42\napi_url = \"http://127.0.0.1:9\"\n";

    #[test]
    fn precedence_flag_env_profile_file_default() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), FILE);
        let flags = Flags {
            config: Some(path.clone()),
            ..Flags::default()
        };
        let s = Settings::load(&flags, &env_of(&[]), true).unwrap();
        assert_eq!(s.fid.as_ref().unwrap().value, 1568);
        assert_eq!(s.fid.as_ref().unwrap().source, Source::File);
        assert_eq!(s.api_url.value, DEFAULT_API_URL);
        assert_eq!(s.api_url.source, Source::Default);

        let s = Settings::load(&flags, &env_of(&[(ENV_PROFILE, "staging")]), true).unwrap();
        assert_eq!(s.fid.as_ref().unwrap().value, 42);
        assert_eq!(
            s.fid.as_ref().unwrap().source,
            Source::Profile("staging".into())
        );
        assert_eq!(
            s.api_key.as_ref().unwrap().value.expose(),
            "staging-key-0002"
        );
        assert_eq!(s.api_url.value, "http://127.0.0.1:9");

        let s = Settings::load(
            &flags,
            &env_of(&[
                (ENV_PROFILE, "staging"),
                (ENV_FID, "7"),
                (ENV_API_KEY, "env-key-000003"),
            ]),
            true,
        )
        .unwrap();
        assert_eq!(s.fid.as_ref().unwrap().value, 7);
        assert_eq!(s.fid.as_ref().unwrap().source, Source::Env(ENV_FID));
        assert_eq!(s.api_key.as_ref().unwrap().value.expose(), "env-key-000003");

        let flags = Flags {
            fid: Some(9),
            profile: Some(DEFAULT_PROFILE.into()),
            api_url: Some("https://x.example".into()),
            ..flags
        };
        let s = Settings::load(
            &flags,
            &env_of(&[(ENV_PROFILE, "staging"), (ENV_FID, "7")]),
            true,
        )
        .unwrap();
        assert_eq!(s.fid.as_ref().unwrap().source, Source::Flag("--fid"));
        assert_eq!(s.profile.value, DEFAULT_PROFILE);
        assert_eq!(s.api_key.as_ref().unwrap().source, Source::File);
        assert_eq!(s.api_url.source, Source::Flag("--api-url"));
    }

    #[test]
    fn unknown_profile_is_an_error_naming_the_others() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), FILE);
        let flags = Flags {
            config: Some(path),
            profile: Some("prod".into()),
            ..Flags::default()
        };
        let err = Settings::load(&flags, &env_of(&[]), true).unwrap_err();
        assert_eq!(err.kind(), crate::error::Kind::Config);
        assert!(
            err.message()
                .starts_with("profile 'prod' (flag --profile) is not defined in")
        );
        assert_eq!(err.hints(), ["profiles in that file: staging"]);
        assert!(Settings::load(&flags, &env_of(&[]), false).is_ok());
    }

    #[test]
    fn malformed_toml_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "fid = 3\napi_key = \"unterminated\n");
        let flags = Flags {
            config: Some(path.clone()),
            ..Flags::default()
        };
        let err = Settings::load(&flags, &env_of(&[]), true).unwrap_err();
        assert_eq!(err.kind().exit_code(), 3);
        let expected = format!("invalid config file {}, line 2,", path.display());
        assert!(err.message().starts_with(&expected), "{}", err.message());
    }

    #[test]
    fn wrong_types_and_unknown_keys_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "api_key = \"k\"\nfid = \"1568\"\n");
        let flags = Flags {
            config: Some(path.clone()),
            ..Flags::default()
        };
        let err = Settings::load(&flags, &env_of(&[]), true).unwrap_err();
        assert!(
            err.message().contains(", line 2, column 7"),
            "{}",
            err.message()
        );
        let path = write(dir.path(), "api-key = \"k\"\n");
        let err = Settings::load(&flags, &env_of(&[]), true).unwrap_err();
        assert!(err.message().contains("line 1"), "{}", err.message());
        assert!(err.message().contains("api-key"), "{}", err.message());
        drop(path);
    }

    #[test]
    fn missing_key_and_fid_say_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let flags = Flags {
            config: Some(dir.path().join("none.toml")),
            ..Flags::default()
        };
        let s = Settings::load(&flags, &env_of(&[]), true).unwrap();
        let err = s.require_key().unwrap_err();
        assert_eq!(err.kind().exit_code(), 3);
        assert!(err.hints()[0].contains("neynar-studio config init"));
        assert!(err.hints()[0].contains(ENV_API_KEY));
        let err = s.require_fid().unwrap_err();
        assert!(err.hints()[0].contains(ENV_FID));
    }

    /// With no HOME and no passwd entry (arbitrary-UID containers) every command exited 3,
    /// even with the key, FID and URL in the environment.
    #[test]
    fn the_environment_alone_needs_no_config_directory() {
        let env = env_of(&[
            (ENV_API_KEY, "env-key-000003"),
            (ENV_FID, "7"),
            (ENV_API_URL, "http://127.0.0.1:9"),
        ]);
        let s = Settings::load_with_default(&Flags::default(), &env, true, None).unwrap();
        assert!(s.path.is_none());
        assert_eq!(s.require_key().unwrap().expose(), "env-key-000003");
        assert_eq!(s.require_fid().unwrap(), 7);
        assert_eq!(s.api_url.value, "http://127.0.0.1:9");
        let err = s.require_path().unwrap_err();
        assert_eq!(err.kind().exit_code(), 3);
        assert_eq!(
            err.message(),
            "cannot find a config directory (is HOME set?)"
        );
        let s = Settings::load_with_default(&Flags::default(), &env_of(&[]), true, None).unwrap();
        assert_eq!(
            s.require_key().unwrap_err().message(),
            "no API key configured (no config directory could be found, and the environment has none)"
        );
    }

    /// A key put under `fid` was quoted by the type error.
    #[test]
    fn type_errors_never_quote_the_value() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "fid = \"nsk-secret-0123456789\"\n");
        let flags = Flags {
            config: Some(path.clone()),
            ..Flags::default()
        };
        let err = Settings::load(&flags, &env_of(&[]), true).unwrap_err();
        assert_eq!(
            err.message(),
            format!(
                "invalid config file {}, line 1, column 7: the wrong type (found text, expected a whole number; the value is not shown)",
                path.display()
            )
        );
        assert_eq!(
            without_value("invalid value: integer `-3`, expected u64"),
            "a value out of range (found a whole number, expected a whole number; the value is not shown)"
        );
    }

    #[test]
    fn a_config_linked_to_dev_zero_is_refused_at_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::os::unix::fs::symlink("/dev/zero", &path).unwrap();
        let flags = Flags {
            config: Some(path.clone()),
            ..Flags::default()
        };
        let err = Settings::load(&flags, &env_of(&[]), true).unwrap_err();
        assert_eq!(err.kind().exit_code(), 3);
        assert_eq!(
            err.message(),
            format!(
                "config file {} is larger than 1 MiB; a config file is a few lines",
                path.display()
            )
        );
    }

    #[test]
    fn fids_are_validated() {
        assert_eq!(parse_fid("1568"), Ok(1568));
        assert!(parse_fid("0").is_err());
        assert!(parse_fid("-3").is_err());
        assert!(parse_fid("abc").is_err());
        assert!(parse_fid("99999999999").is_err());
    }

    #[test]
    fn edits_keep_comments_and_write_0600() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "# my settings\nfid = 1\n");
        let mut edit = ConfigEdit::open(&path).unwrap();
        edit.set_int(DEFAULT_PROFILE, Key::Fid, 2);
        edit.set_str("staging", Key::ApiUrl, "https://x.example");
        edit.save().unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "# my settings\nfid = 2\n\n[profiles.staging]\napi_url = \"https://x.example\"\n"
        );
        let mut edit = ConfigEdit::open(&path).unwrap();
        assert!(edit.unset("staging", Key::ApiUrl));
        assert!(!edit.unset("nope", Key::ApiUrl));
        assert!(!edit.unset(DEFAULT_PROFILE, Key::ApiKey));
        edit.save().unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }
}
