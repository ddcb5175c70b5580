/*!
The state file: the small per-user file that remembers the current deployment, kept per
profile AND per API URL, so trying the emulator (`--api-url http://127.0.0.1:8787`) and going
back to the real API never mixes their deployments. It lives in the platform state directory
(`<state dir>/neynar-studio/state.json`).

What it keeps for each (profile, API URL):
- the current deployment, with how and when it was set (`set by deploy create at 2026-11-23
  07:50 UTC`), so an error about a saved name can say where the name came from;
- the deployment created last and when (`wait` forgives a 404 for a while after a create);
- a short list of recent names, most recent first, for shell completion.

Writes are a read-modify-write under an advisory lock (`flock` on a `state.json.lock` beside
it, on Unix), then an atomic rename: two processes updating at once (say `deploy use` under
two profiles) never lose each other's update. Reads take no lock (the rename makes every read
see a whole file).

A file that does not parse is not silently replaced: it is moved aside to
`state.json.corrupt-<unix seconds>` and a warning says so. A file of the first format (per
profile only, `{"profiles": {"default": {"current": ...}}}`) is read: its names are used for
their profile at any API URL, described as remembered by an earlier version, until the profile
records a deployment in the new format (which drops the old entry).

This module does no printing: warnings go to the callback the caller gives.
*/

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::config::write_private;
use crate::error::{Error, Result};

/// How many recent names are kept per (profile, API URL).
pub const RECENT_MAX: usize = 10;

const FORMAT_VERSION: u32 = 2;

/// The largest state file read; it holds a few names (a larger one is treated as corrupt).
const MAX_BYTES: u64 = 1 << 20;

#[derive(Debug, Default, Serialize, Deserialize)]
struct StateFile {
    #[serde(default)]
    version: u32,
    /// One entry per (profile, API URL).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    apis: Vec<ApiState>,
    /// The first format: per profile only. Read, and dropped profile by profile as each one
    /// records a deployment in the new format.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    profiles: BTreeMap<String, LegacyProfile>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ApiState {
    profile: String,
    api_url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    current: Option<Current>,
    /// The deployment created last, and when (Unix seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created: Option<(String, u64)>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    recent: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Current {
    name: String,
    /// The command that set it: `deploy create`, `deploy use`.
    set_by: String,
    /// Unix seconds.
    at: u64,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
struct LegacyProfile {
    #[serde(default)]
    current: Option<String>,
    #[serde(default)]
    created: Option<(String, u64)>,
}

/// A remembered current deployment and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remembered {
    pub name: String,
    /// `set by deploy create at 2026-11-23 07:50 UTC`.
    pub how: String,
}

/// Receives the warnings of the state file (a corrupt file moved aside).
pub type Warn = Arc<dyn Fn(&str) + Send + Sync>;

/// The state file at a path.
#[derive(Clone)]
pub struct State {
    path: PathBuf,
    warn: Option<Warn>,
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State").field("path", &self.path).finish()
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// `2026-11-23 07:50 UTC`.
pub fn format_time(unix: u64) -> String {
    let t = UNIX_EPOCH + Duration::from_secs(unix);
    let s = humantime::format_rfc3339_seconds(t).to_string();
    match (s.get(..10), s.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time} UTC"),
        _ => s,
    }
}

/// The key of an API URL: without a trailing slash, so `http://x/` and `http://x` are one.
fn url_key(url: &str) -> String {
    url.trim().trim_end_matches('/').to_string()
}

impl StateFile {
    fn entry(&self, profile: &str, url: &str) -> Option<&ApiState> {
        let url = url_key(url);
        self.apis
            .iter()
            .find(|e| e.profile == profile && e.api_url == url)
    }

    fn entry_mut(&mut self, profile: &str, url: &str) -> &mut ApiState {
        let url = url_key(url);
        let at = match self
            .apis
            .iter()
            .position(|e| e.profile == profile && e.api_url == url)
        {
            Some(i) => i,
            None => {
                self.apis.push(ApiState {
                    profile: profile.to_string(),
                    api_url: url,
                    current: None,
                    created: None,
                    recent: Vec::new(),
                });
                self.apis.len() - 1
            }
        };
        &mut self.apis[at]
    }
}

impl State {
    /// `<state dir>/neynar-studio/state.json` (the local data dir where there is no state dir).
    pub fn default_path() -> Option<PathBuf> {
        dirs::state_dir()
            .or_else(dirs::data_local_dir)
            .map(|d| d.join("neynar-studio").join("state.json"))
    }

    pub fn at(path: PathBuf) -> State {
        State { path, warn: None }
    }

    /// Where warnings go (a corrupt file moved aside).
    pub fn with_warn(mut self, warn: Warn) -> State {
        self.warn = Some(warn);
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn warn(&self, text: &str) {
        if let Some(w) = &self.warn {
            w(text);
        }
    }

    /// Reads the file. `Ok(None)` when it is missing, `Err` with the reason when it is corrupt.
    fn read(&self) -> std::result::Result<Option<StateFile>, String> {
        use std::io::Read;
        // Checked before opening: opening a FIFO would block until something writes to it.
        match std::fs::metadata(&self.path) {
            Ok(m) if !m.is_file() => return Err("it is not a regular file".into()),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.to_string()),
        }
        let file = match std::fs::File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.to_string()),
        };
        let mut bytes = Vec::new();
        file.take(MAX_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())?;
        if bytes.len() as u64 > MAX_BYTES {
            return Err(format!("it is larger than {MAX_BYTES} bytes"));
        }
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| format!("it is not valid JSON: {e}"))
    }

    /// Moves a corrupt file aside and says so. Called with the lock held (or for a read, which
    /// then re-checks under the lock).
    fn quarantine(&self, why: &str) {
        let aside = PathBuf::from(format!("{}.corrupt-{}", self.path.display(), now()));
        match std::fs::rename(&self.path, &aside) {
            Ok(()) => self.warn(&format!(
                "the state file {} could not be read ({why}); it was moved to {} and a new one \
                 started (the current deployment is forgotten: `neynar-studio deploy use NAME`)",
                self.path.display(),
                aside.display()
            )),
            Err(e) => self.warn(&format!(
                "the state file {} could not be read ({why}) nor moved aside ({e}); it is \
                 ignored",
                self.path.display()
            )),
        }
    }

    /// The file's content for a read: empty when missing; a corrupt file is moved aside.
    fn load(&self) -> StateFile {
        match self.read() {
            Ok(Some(s)) => s,
            Ok(None) => StateFile::default(),
            Err(_) => {
                // Under the lock, so a writer that is halfway through is not taken for
                // corruption, and only one process moves the file.
                let _lock = self.lock().ok();
                match self.read() {
                    Ok(Some(s)) => s,
                    Ok(None) => StateFile::default(),
                    Err(why) => {
                        self.quarantine(&why);
                        StateFile::default()
                    }
                }
            }
        }
    }

    fn lock(&self) -> Result<lock::Guard> {
        let lock_path = PathBuf::from(format!("{}.lock", self.path.display()));
        if let Some(dir) = self.path.parent()
            && !dir.as_os_str().is_empty()
            && !dir.exists()
        {
            let mut builder = std::fs::DirBuilder::new();
            builder.recursive(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::DirBuilderExt;
                builder.mode(0o700);
            }
            builder.create(dir).map_err(|e| {
                Error::failure(format!(
                    "cannot create the state directory {}: {e}",
                    dir.display()
                ))
            })?;
        }
        lock::Guard::exclusive(&lock_path).map_err(|e| {
            Error::failure(format!(
                "cannot lock the state file {}: {e}",
                lock_path.display()
            ))
        })
    }

    /// Read-modify-write under the lock.
    fn update<T>(&self, change: impl FnOnce(&mut StateFile) -> T) -> Result<T> {
        let _lock = self.lock()?;
        let mut state = match self.read() {
            Ok(Some(s)) => s,
            Ok(None) => StateFile::default(),
            Err(why) => {
                self.quarantine(&why);
                StateFile::default()
            }
        };
        let out = change(&mut state);
        state.version = FORMAT_VERSION;
        let bytes = serde_json::to_vec_pretty(&state)
            .map_err(|e| Error::failure(format!("cannot encode the state file: {e}")))?;
        write_private(&self.path, &bytes)?;
        Ok(out)
    }

    /// The current deployment of `profile` at `api_url`, and where it came from.
    pub fn remembered(&self, profile: &str, api_url: &str) -> Option<Remembered> {
        let state = self.load();
        if let Some(e) = state.entry(profile, api_url) {
            return e.current.as_ref().map(|c| Remembered {
                name: c.name.clone(),
                how: format!("set by {} at {}", c.set_by, format_time(c.at)),
            });
        }
        state
            .profiles
            .get(profile)
            .and_then(|p| p.current.clone())
            .map(|name| Remembered {
                name,
                how: "remembered by an earlier version of neynar-studio".into(),
            })
    }

    /// The current deployment's name of `profile` at `api_url`.
    pub fn current(&self, profile: &str, api_url: &str) -> Option<String> {
        self.remembered(profile, api_url).map(|r| r.name)
    }

    /// Recent names of `profile` at `api_url`, most recent first.
    pub fn recent(&self, profile: &str, api_url: &str) -> Vec<String> {
        self.load()
            .entry(profile, api_url)
            .map(|e| e.recent.clone())
            .unwrap_or_default()
    }

    /// Makes `name` current for `profile` at `api_url`, noting the command that did it
    /// (`deploy create` also notes that it was just created).
    pub fn set_current(
        &self,
        profile: &str,
        api_url: &str,
        name: &str,
        set_by: &str,
    ) -> Result<()> {
        let at = now();
        self.update(|state| {
            state.profiles.remove(profile);
            let entry = state.entry_mut(profile, api_url);
            entry.current = Some(Current {
                name: name.to_string(),
                set_by: set_by.to_string(),
                at,
            });
            if set_by == "deploy create" {
                entry.created = Some((name.to_string(), at));
            }
            entry.recent.retain(|n| n != name);
            entry.recent.insert(0, name.to_string());
            entry.recent.truncate(RECENT_MAX);
        })
    }

    /// Forgets `name` (or, with `None`, every deployment) of `profile` at `api_url`: as
    /// current, as just created, and from the recent names.
    pub fn forget(&self, profile: &str, api_url: &str, name: Option<&str>) -> Result<()> {
        let matches = |n: &str| name.is_none_or(|name| n == name);
        let state = self.load();
        let legacy = state
            .profiles
            .get(profile)
            .and_then(|p| p.current.as_deref())
            .is_some_and(matches);
        let here = state.entry(profile, api_url).is_some_and(|e| {
            e.current.as_ref().is_some_and(|c| matches(&c.name))
                || e.created.as_ref().is_some_and(|(n, _)| matches(n))
                || e.recent.iter().any(|n| matches(n))
        });
        if !legacy && !here {
            return Ok(());
        }
        self.update(|state| {
            if let Some(p) = state.profiles.get_mut(profile)
                && p.current.as_deref().is_some_and(matches)
            {
                state.profiles.remove(profile);
            }
            let url = url_key(api_url);
            if let Some(e) = state
                .apis
                .iter_mut()
                .find(|e| e.profile == profile && e.api_url == url)
            {
                if e.current.as_ref().is_some_and(|c| matches(&c.name)) {
                    e.current = None;
                }
                if e.created.as_ref().is_some_and(|(n, _)| matches(n)) {
                    e.created = None;
                }
                e.recent.retain(|n| !matches(n));
            }
        })
    }

    /// Whether `name` was created by this profile at this API less than `window` ago.
    pub fn created_within(
        &self,
        profile: &str,
        api_url: &str,
        name: &str,
        window: Duration,
    ) -> bool {
        let state = self.load();
        let created = match state.entry(profile, api_url) {
            Some(e) => e.created.clone(),
            None => state.profiles.get(profile).and_then(|p| p.created.clone()),
        };
        created.is_some_and(|(n, at)| n == name && now().saturating_sub(at) < window.as_secs())
    }
}

/// The advisory lock: `flock` on Unix. Elsewhere there is none (the write is still atomic; two
/// processes updating at the same instant may lose one update).
mod lock {
    use std::path::Path;

    pub struct Guard {
        #[allow(dead_code)]
        file: std::fs::File,
    }

    impl Guard {
        pub fn exclusive(path: &Path) -> std::io::Result<Guard> {
            let mut options = std::fs::OpenOptions::new();
            options.create(true).truncate(false).write(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let file = options.open(path)?;
            #[cfg(unix)]
            {
                use std::os::unix::io::AsRawFd;
                loop {
                    // SAFETY: flock on a descriptor this function owns; it is released when
                    // the file is closed (the guard dropped).
                    let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
                    if rc == 0 {
                        break;
                    }
                    let err = std::io::Error::last_os_error();
                    if err.kind() != std::io::ErrorKind::Interrupted {
                        return Err(err);
                    }
                }
            }
            Ok(Guard { file })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    const A: &str = "https://api.neynar.com";
    const B: &str = "http://127.0.0.1:8787";

    #[test]
    fn state_remembers_per_profile_and_api_url() {
        let dir = tempfile::tempdir().unwrap();
        let state = State::at(dir.path().join("sub").join("state.json"));
        assert_eq!(state.current("default", A), None);
        state
            .set_current("default", B, "server-1", "deploy create")
            .unwrap();
        state
            .set_current("staging", A, "server-2", "deploy use")
            .unwrap();
        assert_eq!(state.current("default", A), None);
        assert_eq!(state.current("default", B).as_deref(), Some("server-1"));
        assert_eq!(
            state
                .current("default", "http://127.0.0.1:8787/")
                .as_deref(),
            Some("server-1")
        );
        assert_eq!(state.current("staging", A).as_deref(), Some("server-2"));
        let how = state.remembered("default", B).unwrap().how;
        assert!(how.starts_with("set by deploy create at "), "{how}");
        assert!(how.ends_with(" UTC"), "{how}");
        assert!(state.created_within("default", B, "server-1", Duration::from_secs(30)));
        assert!(!state.created_within("default", A, "server-1", Duration::from_secs(30)));
        assert!(!state.created_within("staging", A, "server-2", Duration::from_secs(30)));
        state.forget("default", B, Some("server-9")).unwrap();
        assert_eq!(state.current("default", B).as_deref(), Some("server-1"));
        state.forget("default", B, None).unwrap();
        assert_eq!(state.current("default", B), None);
        assert_eq!(state.current("staging", A).as_deref(), Some("server-2"));
    }

    #[test]
    fn recent_names_are_most_recent_first_and_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let state = State::at(dir.path().join("state.json"));
        for i in 0..15 {
            state
                .set_current("default", A, &format!("server-{i}"), "deploy use")
                .unwrap();
        }
        state
            .set_current("default", A, "server-3", "deploy use")
            .unwrap();
        let recent = state.recent("default", A);
        assert_eq!(recent.len(), RECENT_MAX);
        assert_eq!(recent[..3], ["server-3", "server-14", "server-13"]);
        assert!(state.recent("default", B).is_empty());
        state.forget("default", A, Some("server-14")).unwrap();
        assert_eq!(state.recent("default", A)[..2], ["server-3", "server-13"]);
    }

    #[test]
    fn a_corrupt_state_file_is_moved_aside_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let warnings = Arc::new(Mutex::new(Vec::<String>::new()));
        let sink = warnings.clone();
        let state = State::at(dir.path().join("state.json"))
            .with_warn(Arc::new(move |w| sink.lock().unwrap().push(w.to_string())));
        std::fs::write(state.path(), "{\"version\": 2, \"apis\": [{\"prof").unwrap();
        assert_eq!(state.current("default", A), None);
        let warnings = warnings.lock().unwrap().clone();
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("could not be read"), "{}", warnings[0]);
        assert!(!state.path().exists());
        let aside: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("state.json.corrupt-"))
            .collect();
        assert_eq!(aside.len(), 1);
        assert_eq!(
            std::fs::read_to_string(dir.path().join(&aside[0])).unwrap(),
            "{\"version\": 2, \"apis\": [{\"prof"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_device_as_state_file_is_set_aside_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let state = State::at(dir.path().join("state.json"));
        let path = std::ffi::CString::new(state.path().to_str().unwrap()).unwrap();
        // SAFETY: mkfifo with a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o600) }, 0);
        assert_eq!(state.current("default", A), None);
        assert!(!state.path().exists());
        std::os::unix::fs::symlink("/dev/zero", state.path()).unwrap();
        state
            .set_current("default", A, "server-1", "deploy use")
            .unwrap();
        assert_eq!(state.current("default", A).as_deref(), Some("server-1"));
    }

    #[test]
    fn the_first_format_is_read_for_its_profile_at_any_url_until_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let state = State::at(dir.path().join("state.json"));
        std::fs::write(
            state.path(),
            r#"{"profiles": {"default": {"current": "server-old", "created": ["server-old", 1]}, "staging": {"current": "server-st"}}}"#,
        )
        .unwrap();
        let r = state.remembered("default", A).unwrap();
        assert_eq!(r.name, "server-old");
        assert_eq!(r.how, "remembered by an earlier version of neynar-studio");
        assert_eq!(state.current("default", B).as_deref(), Some("server-old"));
        state
            .set_current("default", B, "server-new", "deploy use")
            .unwrap();
        assert_eq!(state.current("default", B).as_deref(), Some("server-new"));
        assert_eq!(state.current("default", A), None);
        assert_eq!(state.current("staging", A).as_deref(), Some("server-st"));
    }

    #[test]
    fn format_time_reads_as_utc_minutes() {
        assert_eq!(format_time(1_795_420_200), "2026-11-23 07:50 UTC");
    }
}
