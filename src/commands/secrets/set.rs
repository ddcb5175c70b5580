//! `secrets set KEY... [--env-file F]`: creates or replaces secrets. The values are asked
//! hidden on a terminal, or read one line of stdin per KEY (in order), or from a dotenv file;
//! never from argv. Each value is registered for masking as soon as it is read. Sent once.

use std::io::IsTerminal;
use std::path::PathBuf;

use super::{check_keys, keys_text, read_env_file};
use crate::api::secrets::NewSecret;
use crate::commands::conversations::DeploymentArg;
use crate::commands::db::resolve;
use crate::commands::{Ctx, ask, read_stdin_line};
use crate::error::{Error, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Values never go on the command line: each KEY's value is asked (hidden) on a terminal, or
read as one line of stdin per KEY, in order; --env-file reads KEY=VALUE lines (dotenv syntax).

Examples:
  neynar-studio secrets set OPENAI_API_KEY
  pass show openai | neynar-studio secrets set OPENAI_API_KEY
  neynar-studio secrets set --env-file .env.production -d server-250904162435170")]
pub struct Args {
    /// The variable names (the values are asked, or read from stdin)
    #[arg(value_name = "KEY", required_unless_present = "env_file")]
    pub keys: Vec<String>,

    /// Read KEY=VALUE lines from a dotenv file
    #[arg(long, value_name = "FILE")]
    pub env_file: Option<PathBuf>,

    #[command(flatten)]
    pub deployment: DeploymentArg,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let keys = check_keys(&args.keys)?;
    let mut secrets: Vec<NewSecret> = Vec::new();
    if let Some(path) = &args.env_file {
        for (key, value) in read_env_file(path, 0)? {
            secrets.push(NewSecret { key, value });
        }
    }
    // A terminal on stdin is always read hidden, even when stderr is redirected: a visible
    // read would show the value as it is typed.
    let terminal = std::io::stdin().is_terminal();
    for key in &keys {
        if secrets.iter().any(|s| s.key == *key) {
            return Err(Error::usage(format!("{key} is given more than once")));
        }
        let value = if terminal {
            ask(&format!("Value for {key} (hidden): "), true).await?
        } else {
            match read_stdin_line().await? {
                Some(line) => line,
                None => {
                    return Err(Error::usage(format!(
                        "no value for {key} on stdin (one line per KEY, in order)"
                    ))
                    .hint(format!(
                        "pipe the value in, e.g. `printf '%s\\n' \"$VALUE\" | neynar-studio secrets set {key}`, or use --env-file"
                    )));
                }
            }
        };
        crate::secret::register(&value);
        if value.is_empty() {
            return Err(
                Error::usage(format!("the value for {key} is empty")).hint(format!(
                    "remove a secret with `neynar-studio secrets unset {key}`"
                )),
            );
        }
        secrets.push(NewSecret {
            key: key.clone(),
            value,
        });
    }
    if secrets.is_empty() {
        return Err(Error::usage("the env file holds no KEY=VALUE lines"));
    }
    let r = resolve(ctx, &args.deployment).await?;
    let answer = r.client.upsert_secrets(&r.id, &secrets).await?;
    let keys: Vec<String> = secrets.iter().map(|s| s.key.clone()).collect();
    drop(secrets);
    if ctx.out.json {
        ctx.out.print_json(&answer)?;
        return Ok(());
    }
    ctx.out
        .print(&format!("Set {} on {}.", keys_text(&keys), r.target))?;
    ctx.out.note(
        "the app sees new values after its dev server restarts (`neynar-studio deploy start`)",
    );
    Ok(())
}
