/*!
The state file: the small per-user file that remembers the current deployment. It lives in the
platform state directory (`<state dir>/neynar-studio/state.json`) and is rewritten atomically.

This module does no printing.
*/

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::config::write_private;
use crate::error::{Error, Result};

#[derive(Debug, Default, Serialize, Deserialize)]
struct StateFile {
    #[serde(default)]
    profiles: BTreeMap<String, ProfileState>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
struct ProfileState {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    current: Option<String>,
    /// The deployment this profile created last, and when (Unix seconds): `wait` forgives a
    /// 404 for a while after a create, while the API catches up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created: Option<(String, u64)>,
}

/// The state file: small, per-user, rewritten atomically; a corrupt one is treated as empty.
#[derive(Debug, Clone)]
pub struct State {
    path: PathBuf,
}

impl State {
    /// `<state dir>/neynar-studio/state.json` (the local data dir where there is no state dir).
    pub fn default_path() -> Option<PathBuf> {
        dirs::state_dir()
            .or_else(dirs::data_local_dir)
            .map(|d| d.join("neynar-studio").join("state.json"))
    }

    pub fn at(path: PathBuf) -> State {
        State { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn load(&self) -> StateFile {
        std::fs::read(&self.path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    fn save(&self, state: &StateFile) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(state)
            .map_err(|e| Error::failure(format!("cannot encode the state file: {e}")))?;
        write_private(&self.path, &bytes)
    }

    /// The current deployment of `profile`.
    pub fn current(&self, profile: &str) -> Option<String> {
        self.load()
            .profiles
            .get(profile)
            .and_then(|p| p.current.clone())
    }

    /// Makes `name` current; with `created`, also notes that it was just created.
    pub fn set_current(&self, profile: &str, name: &str, created: bool) -> Result<()> {
        let mut state = self.load();
        let entry = state.profiles.entry(profile.to_string()).or_default();
        entry.current = Some(name.to_string());
        if created {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            entry.created = Some((name.to_string(), now));
        }
        self.save(&state)
    }

    /// Forgets `name` (or, with `None`, every deployment) as current and as just created.
    pub fn forget(&self, profile: &str, name: Option<&str>) -> Result<()> {
        let mut state = self.load();
        let Some(entry) = state.profiles.get_mut(profile) else {
            return Ok(());
        };
        let matches = |n: &String| name.is_none_or(|name| n == name);
        let mut changed = false;
        if entry.current.as_ref().is_some_and(matches) {
            entry.current = None;
            changed = true;
        }
        if entry.created.as_ref().is_some_and(|(n, _)| matches(n)) {
            entry.created = None;
            changed = true;
        }
        if changed { self.save(&state) } else { Ok(()) }
    }

    /// Whether `name` was created by this profile less than `window` ago.
    pub fn created_within(&self, profile: &str, name: &str, window: Duration) -> bool {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        self.load()
            .profiles
            .get(profile)
            .and_then(|p| p.created.clone())
            .is_some_and(|(n, at)| n == name && now.saturating_sub(at) < window.as_secs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_remembers_per_profile() {
        let dir = tempfile::tempdir().unwrap();
        let state = State::at(dir.path().join("sub").join("state.json"));
        assert_eq!(state.current("default"), None);
        state.set_current("default", "server-1", true).unwrap();
        state.set_current("staging", "server-2", false).unwrap();
        assert_eq!(state.current("default").as_deref(), Some("server-1"));
        assert_eq!(state.current("staging").as_deref(), Some("server-2"));
        assert!(state.created_within("default", "server-1", Duration::from_secs(30)));
        assert!(!state.created_within("staging", "server-2", Duration::from_secs(30)));
        state.forget("default", Some("server-9")).unwrap();
        assert_eq!(state.current("default").as_deref(), Some("server-1"));
        state.forget("default", None).unwrap();
        assert_eq!(state.current("default"), None);
        std::fs::write(state.path(), "{corrupt").unwrap();
        assert_eq!(state.current("staging"), None);
    }
}
