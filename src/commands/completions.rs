/*!
`completions SHELL`: the shell's completion script on stdout. The committed copies in
`completions/` are checked against this output by a test, and tests run the real shells
(bash, zsh, fish) on them.

# Why dynamic completion

The scripts are clap_complete's *dynamic* ones (`CompleteEnv`, feature `unstable-dynamic`): a
few lines that register a function which calls `neynar-studio` itself (with
`NEYNAR_STUDIO_COMPLETE=<shell>` in its environment) on every TAB; the binary answers from the real clap command, in `main`,
before anything else runs. Chosen over patching the static scripts because:

- the static bash script of clap_complete 4.x is wrong for a hyphenated program name
  (clap-rs/clap#6421, #6529: it builds `neynar__studio__subcmd__deploy` while its case labels
  read `neynar__subcmd__studio__subcmd__deploy`, so nothing completes past the first word); a
  text patch of generated code would break silently with the next clap_complete;
- deployment names (`[NAME]` of the deploy verbs, `deploy use`) can only come from the program:
  the state file's recent names, and the API when configured. The static scripts cannot call
  back for them;
- one engine serves all five shells, so depth, flags and flag values behave the same in each.

The cost: the registered script needs `neynar-studio` on PATH, each TAB starts the binary (a
few milliseconds; the API is asked only for deployment names, bounded by [`API_BUDGET`]), and
the API is marked unstable by clap (the version is pinned by Cargo.lock; the shell tests catch a
change of behaviour).

Global options are hidden from subcommands' help (see `cli::command`), so `deploy get --<TAB>`
offers the command's own flags; typed far enough to match only a global one (`--js`), it
completes too.
*/

use std::ffi::OsString;
use std::time::Duration;

use clap_complete::CompletionCandidate;
use clap_complete::Shell;
use clap_complete::env::EnvCompleter;

use crate::commands::Ctx;
use crate::config::{Flags, Settings};
use crate::error::{Error, Result};
use crate::state::State;

/// The longest a TAB waits for the API's deployment names (the state file's come at once).
pub const API_BUDGET: Duration = Duration::from_millis(1500);

/// The variable that turns a run into a completion request. Not clap_complete's default
/// `COMPLETE`: a variable of that common name set for something else would turn every run into
/// a completion request.
pub const VAR: &str = "NEYNAR_STUDIO_COMPLETE";
const BIN: &str = "neynar-studio";

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  neynar-studio completions bash > ~/.local/share/bash-completion/completions/neynar-studio
  echo 'source <(neynar-studio completions zsh)' >> ~/.zshrc    # after compinit
  neynar-studio completions fish > ~/.config/fish/completions/neynar-studio.fish
  source <(neynar-studio completions bash)   # for this bash session only

The scripts call `neynar-studio` (which must be on PATH) to complete each word.")]
pub struct Args {
    /// The shell
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

/// The completion script for `shell`.
pub fn script(shell: Shell) -> Result<Vec<u8>> {
    let completer: &dyn EnvCompleter = match shell {
        Shell::Bash => &clap_complete::env::Bash,
        Shell::Zsh => &clap_complete::env::Zsh,
        Shell::Fish => &clap_complete::env::Fish,
        Shell::PowerShell => &clap_complete::env::Powershell,
        Shell::Elvish => &clap_complete::env::Elvish,
        other => {
            return Err(Error::usage(format!("no completion script for {other}")));
        }
    };
    let mut buf = Vec::new();
    completer.write_registration(VAR, BIN, BIN, BIN, &mut buf)?;
    Ok(buf)
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let text = String::from_utf8_lossy(&script(args.shell)?).into_owned();
    ctx.out.print_raw(&text)?;
    Ok(())
}

/// The configuration flags typed on the line being completed (`--profile`, `--api-url`,
/// `--config`, `--fid`), so names come from the API and profile the command would use.
fn flags_of(words: &[OsString]) -> Flags {
    let words: Vec<String> = words
        .iter()
        .map(|w| w.to_string_lossy().into_owned())
        .collect();
    let mut flags = Flags::default();
    let mut i = 0;
    while i < words.len() {
        let (name, inline) = match words[i].split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (words[i].as_str(), None),
        };
        let value = || inline.clone().or_else(|| words.get(i + 1).cloned());
        match name {
            "--profile" => flags.profile = value(),
            "--api-url" => flags.api_url = value(),
            "--config" => flags.config = value().map(Into::into),
            "--fid" => flags.fid = value().and_then(|v| crate::config::parse_fid(&v).ok()),
            _ => {}
        }
        i += 1;
    }
    flags
}

/// Deployment names for `[NAME]`: the current one and the recent ones of this profile and API
/// URL first, then the API's (when a key and FID are configured, within [`API_BUDGET`]).
/// Silent on every failure: a TAB must never print an error into the user's command line.
pub fn deployment_names() -> Vec<CompletionCandidate> {
    let words: Vec<OsString> = std::env::args_os().collect();
    let flags = flags_of(&words);
    let env = crate::config::process_env;
    let Ok(settings) = Settings::load(&flags, &env, true) else {
        return Vec::new();
    };
    let profile = settings.profile.value.clone();
    let url = settings.api_url.value.clone();
    let mut names: Vec<(String, &'static str)> = Vec::new();
    if let Some(path) = State::default_path() {
        let state = State::at(path);
        let current = state.current(&profile, &url);
        if let Some(c) = &current {
            names.push((c.clone(), "current deployment"));
        }
        for n in state.recent(&profile, &url) {
            if current.as_ref() != Some(&n) {
                names.push((n, "recently used"));
            }
        }
    }
    for n in api_names(&settings) {
        if !names.iter().any(|(have, _)| *have == n) {
            names.push((n, "deployment"));
        }
    }
    names
        .into_iter()
        .filter(|(n, _)| crate::commands::deploy::parse_name(n).is_ok())
        .map(|(n, help)| CompletionCandidate::new(n).help(Some(help.into())))
        .collect()
}

/// Profile names for `--profile`: `default` and those the config file defines.
pub fn profile_names() -> Vec<CompletionCandidate> {
    let words: Vec<OsString> = std::env::args_os().collect();
    let mut flags = flags_of(&words);
    flags.profile = None;
    let env = |k: &str| {
        if k == crate::config::ENV_PROFILE {
            None
        } else {
            crate::config::process_env(k)
        }
    };
    let mut names = vec![crate::config::DEFAULT_PROFILE.to_string()];
    if let Ok(settings) = Settings::load(&flags, &env, false) {
        names.extend(settings.profiles);
    }
    names.into_iter().map(CompletionCandidate::new).collect()
}

fn api_names(settings: &Settings) -> Vec<String> {
    let (Some(key), Some(fid)) = (&settings.api_key, &settings.fid) else {
        return Vec::new();
    };
    let Ok(client) = crate::api::client::Client::new(
        &settings.api_url.value,
        key.value.clone(),
        API_BUDGET,
        None,
    ) else {
        return Vec::new();
    };
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return Vec::new();
    };
    let query = crate::api::client::ListQuery {
        limit: Some(50),
        ..Default::default()
    };
    let list = runtime
        .block_on(async { tokio::time::timeout(API_BUDGET, client.list(fid.value, &query)).await });
    match list {
        Ok(Ok(list)) => list
            .iter()
            .filter_map(|d| d.name().map(String::from))
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_are_read_from_the_line_being_completed() {
        let words: Vec<OsString> = [
            "neynar-studio",
            "--",
            "neynar-studio",
            "--profile",
            "staging",
            "deploy",
            "get",
            "--api-url=http://127.0.0.1:9",
            "--fid",
            "42",
            "",
        ]
        .iter()
        .map(OsString::from)
        .collect();
        let f = flags_of(&words);
        assert_eq!(f.profile.as_deref(), Some("staging"));
        assert_eq!(f.api_url.as_deref(), Some("http://127.0.0.1:9"));
        assert_eq!(f.fid, Some(42));
        assert_eq!(f.config, None);
    }
}
