//! `neynar-studio secrets`: the generated app's environment variables. Values never travel in
//! argv: `set KEY` asks hidden on a terminal or reads one line of stdin per key, and
//! `--env-file F` reads dotenv lines. Every value read joins the API key in the writer's
//! masking set, so a server or agent echoing it back prints `****`. `list` shows the masked
//! preview only.

pub mod list;
pub mod set;
pub mod unset;

use std::path::Path;

use clap::Subcommand;

use crate::commands::Ctx;
use crate::error::{Error, Result};
use crate::render::sanitize;

#[derive(Debug, Subcommand)]
pub enum SecretsCommand {
    /// List the secrets: key, type and a masked preview (never a value)
    #[command(visible_alias = "ls")]
    List(list::Args),
    /// Set secrets: values asked hidden on a terminal, read from stdin, or from --env-file
    Set(set::Args),
    /// Remove secrets (asks first; system secrets need --force)
    Unset(unset::Args),
}

pub async fn run(ctx: &Ctx, cmd: SecretsCommand) -> Result<()> {
    match cmd {
        SecretsCommand::List(args) => list::run(ctx, args).await,
        SecretsCommand::Set(args) => set::run(ctx, args).await,
        SecretsCommand::Unset(args) => unset::run(ctx, args).await,
    }
}

/// Whether `key` is a shell-style variable name.
/// Checks the KEY arguments (see [`parse_key`]).
pub fn check_keys(raw: &[String]) -> Result<Vec<String>> {
    raw.iter()
        .map(|k| {
            parse_key(k).map_err(|why| {
                let e = Error::usage(why);
                if k.contains('=') {
                    e.hint("e.g. `neynar-studio secrets set KEY` and type the value, or `--env-file .env`")
                } else {
                    e
                }
            })
        })
        .collect()
}

pub fn valid_key(key: &str) -> bool {
    key.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A KEY argument: a variable name, never `KEY=VALUE` (the value would be in argv). Checked
/// by the command rather than by clap, whose message would repeat the value; a value given
/// anyway is registered for masking.
pub fn parse_key(raw: &str) -> std::result::Result<String, String> {
    if let Some((key, value)) = raw.split_once('=') {
        crate::secret::register(value);
        // The value is not repeated in the message.
        return Err(format!(
            "'{}=…' puts the value on the command line, where other users and the shell history can read it; give the KEY alone and the value on stdin (or use --env-file)",
            sanitize(key)
        ));
    }
    if !valid_key(raw) {
        return Err(format!(
            "'{}' is not a valid variable name: use letters, digits and '_', not starting with a digit",
            sanitize(raw)
        ));
    }
    Ok(raw.to_string())
}

/// Reads KEY=VALUE lines (dotenv syntax: comments, quotes, `export`) with `dotenvy`. Every
/// value of at least `mask_from` characters is registered for masking (`secrets set`: all of
/// them; `deploy create`, whose variables are often `DEBUG=1`, only the secret-like ones);
/// duplicate keys are refused.
pub fn read_env_file(path: &Path, mask_from: usize) -> Result<Vec<(String, String)>> {
    let shown = sanitize(&path.display().to_string()).into_owned();
    let iter = dotenvy::from_path_iter(path).map_err(|e| env_error(&shown, e))?;
    let mut pairs: Vec<(String, String)> = Vec::new();
    for item in iter {
        let (key, value) = item.map_err(|e| env_error(&shown, e))?;
        if value.chars().count() >= mask_from {
            crate::secret::register(&value);
        }
        if !valid_key(&key) {
            return Err(Error::usage(format!(
                "{shown}: '{}' is not a valid variable name",
                sanitize(&key)
            )));
        }
        if pairs.iter().any(|(k, _)| *k == key) {
            return Err(Error::usage(format!(
                "{shown}: {key} is given more than once"
            )));
        }
        pairs.push((key, value));
    }
    Ok(pairs)
}

fn env_error(shown: &str, e: dotenvy::Error) -> Error {
    match e {
        dotenvy::Error::LineParse(_, index) => Error::usage(format!(
            "{shown} is not a KEY=VALUE file: it cannot be read at character {index}"
        ))
        .hint("write one KEY=VALUE per line; quote values with spaces"),
        dotenvy::Error::Io(io) => Error::usage(format!("cannot read {shown}: {io}")),
        other => Error::usage(format!("cannot read {shown}: {other}")),
    }
}

/// Joins keys for a message: `A, B and C`.
pub fn keys_text(keys: &[String]) -> String {
    match keys {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_alone() {
        assert_eq!(parse_key("API_KEY"), Ok("API_KEY".into()));
        let refused = parse_key("API_KEY=sk_live_abc").unwrap_err();
        assert!(!refused.contains("sk_live"), "{refused}");
        assert!(parse_key("1X").is_err());
        assert!(parse_key("A-B").is_err());
        assert_eq!(
            keys_text(&["A".into(), "B".into(), "C".into()]),
            "A, B and C"
        );
    }

    #[test]
    fn env_files_are_dotenv() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        std::fs::write(
            &path,
            "# comment\nexport A=zq1xv7\nB=\"zq two words\"\nC='zq=y9'\n\nD=\n",
        )
        .unwrap();
        assert_eq!(
            read_env_file(&path, 0).unwrap(),
            vec![
                ("A".into(), "zq1xv7".into()),
                ("B".into(), "zq two words".into()),
                ("C".into(), "zq=y9".into()),
                ("D".into(), "".into()),
            ]
        );
        std::fs::write(&path, "A=zq1xv7\nA=zq1xv7\n").unwrap();
        assert!(read_env_file(&path, 0).is_err());
        assert!(read_env_file(&dir.path().join("missing"), 0).is_err());
    }
}
