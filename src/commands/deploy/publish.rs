//! `deploy publish`: the app to production, on Vercel through GitHub. It creates a public
//! GitHub repository and a Vercel project, so it asks first on a terminal, needs `--yes`
//! elsewhere, and is sent once (never retried). `--wait` then follows `vercel/status` with a
//! spinner until the rollout is ready (exit 0) or failed (exit 1), bounded by `--timeout`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::wait::WaitOpts;
use super::{TargetArgs, not_found};
use crate::api::client::{Client, Target};
use crate::api::publish::{ProductionStatus, Rollout};
use crate::commands::{Ctx, ask};
use crate::error::{Error, Kind, Result};
use crate::render::{Line, sanitize};

/// How often `--wait` asks for the rollout's state.
const POLL_EVERY: Duration = Duration::from_secs(2);
/// The largest env file read.
const MAX_ENV_FILE: u64 = 1 << 20;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Publishing creates a public GitHub repository and a Vercel project for the app. It asks for
confirmation on a terminal; pass --yes in scripts. It is never retried automatically.
--env-file reads KEY=VALUE lines (# comments, blank lines and `export ` are allowed); the
values are sent as the production environment and never printed.
--wait follows the rollout until it is ready (exit 0) or failed (exit 1), at most --timeout
(default 5m, then exit 5).

Examples:
  neynar-studio deploy publish
  neynar-studio deploy publish server-250904162435170 --env-file .env.production --yes --wait
  neynar-studio deploy publish --yes --json | jq -r .production_url")]
pub struct Args {
    #[command(flatten)]
    pub target: TargetArgs,

    /// Environment variables for production, as KEY=VALUE lines
    #[arg(long, value_name = "FILE")]
    pub env_file: Option<PathBuf>,

    /// Wait until the production rollout is ready or failed
    #[arg(long)]
    pub wait: bool,

    /// Do not ask for confirmation (needed when there is no terminal)
    #[arg(short = 'y', long)]
    pub yes: bool,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let target = ctx.target_or_current(args.target.name, args.target.id)?;
    let shown = sanitize(&target.to_string()).into_owned();
    if !args.yes {
        let terminal = crate::commands::can_ask();
        if !terminal {
            return Err(Error::usage(format!(
                "refusing to publish {shown} without confirmation: it creates a public GitHub repository and a Vercel project"
            ))
            .hint("pass --yes to confirm (there is no terminal to ask on)"));
        }
    }
    let env = match &args.env_file {
        Some(path) => read_env_file(path.clone()).await?,
        None => BTreeMap::new(),
    };
    let fid = ctx.fid()?;
    let client = ctx.client()?;
    if !args.yes {
        let answer = ask(
            &format!(
                "Publish {shown}? This creates a public GitHub repository and a Vercel project. [y/N] "
            ),
            false,
        )
        .await?;
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes") {
            return Err(Error::usage("not confirmed; nothing was published"));
        }
    }
    let namespace = args.target.namespace.as_deref();
    let spinner = ctx.out.spinner(format!("Publishing {shown}…"));
    let answer = client
        .publish(fid, &target, namespace, &env)
        .await
        .map_err(|e| {
            not_found(e.into(), &target, fid).hint_on(
                409,
                "it may be published already, or a publish is under way: see `neynar-studio deploy status`",
            )
        })?;
    drop(spinner);
    if answer.bool("success") == Some(false) {
        let why = answer
            .str("error")
            .or(answer.str("message"))
            .unwrap_or("no reason given");
        return Err(Error::failure(format!("publishing {shown} failed: {why}")));
    }
    let status = if args.wait {
        Some(follow(ctx, &client, fid, &target, namespace).await?)
    } else {
        None
    };
    if ctx.out.json {
        match &status {
            Some(s) => ctx.out.print_json(&serde_json::json!({
                "publish": answer,
                "status": s,
            }))?,
            None => ctx.out.print_json(&answer)?,
        }
    } else {
        ctx.out
            .line(&Line::new().plain("Published ").bold(&shown).whole())?;
        let row = |k: &str, v: &str| Line::new().bold(format!("{k:<12}")).plain(v).whole();
        if let Some(url) = answer.str("deployment_url") {
            ctx.out.line(&row("Deployment", url))?;
        }
        if let Some(url) = answer.str("production_url") {
            ctx.out.line(&row("Production", url))?;
        }
        if let Some(s) = &status {
            ctx.out
                .line(&row("State", s.state().unwrap_or("unknown")))?;
        }
    }
    match status.as_ref().map(ProductionStatus::rollout) {
        Some(Rollout::Failed) => Err(Error::failure(format!(
            "the production rollout of {shown} failed ({})",
            status.as_ref().and_then(|s| s.state()).unwrap_or("ERROR")
        ))
        .hint("see the build logs with `neynar-studio deploy logs` (Studio admin)")),
        _ => {
            if !args.wait && !ctx.out.json {
                ctx.out.note(
                    "Follow the rollout with `neynar-studio deploy status`, or publish with --wait.",
                );
            }
            Ok(())
        }
    }
}

/// Asks `vercel/status` every [`POLL_EVERY`] until ready or failed, with a spinner; past
/// `--timeout`, exit 5. Transient faults are retried by the client (the read is safe).
async fn follow(
    ctx: &Ctx,
    client: &Client,
    fid: u64,
    target: &Target,
    namespace: Option<&str>,
) -> Result<ProductionStatus> {
    let timeout = WaitOpts::from_ctx(ctx).timeout;
    let started = Instant::now();
    let mut spinner = ctx.out.spinner("Waiting for the production rollout…");
    loop {
        let status = client
            .production_status(fid, target, namespace)
            .await
            .map_err(|e| not_found(e.into(), target, fid))?;
        if status.rollout() != Rollout::InProgress {
            return Ok(status);
        }
        let elapsed = started.elapsed();
        spinner.set_message(format!(
            "Production rollout: {} ({}s)",
            status.state().unwrap_or("starting"),
            elapsed.as_secs()
        ));
        let left = timeout.saturating_sub(elapsed);
        if left.is_zero() {
            return Err(Error::new(
                Kind::Timeout,
                format!(
                    "the production rollout of {target} was not finished after {} (state: {})",
                    humantime::format_duration(timeout),
                    status.state().unwrap_or("unknown")
                ),
            )
            .hint("it goes on: follow it with `neynar-studio deploy status`, or wait longer with --timeout 15m"));
        }
        tokio::time::sleep(POLL_EVERY.min(left)).await;
    }
}

/// Reads KEY=VALUE lines; every value becomes a secret the writer masks.
async fn read_env_file(path: PathBuf) -> Result<BTreeMap<String, String>> {
    let shown = path.display().to_string();
    let bytes = crate::local::read_capped(path, MAX_ENV_FILE)
        .await
        .map_err(|e| match e {
            crate::local::ReadError::Io(e) => {
                Error::usage(format!("cannot read the env file {shown}: {e}"))
            }
            crate::local::ReadError::TooLarge => Error::usage(format!(
                "the env file {shown} is larger than {}",
                crate::local::show_cap(MAX_ENV_FILE)
            )),
        })?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::usage(format!("the env file {shown} is not UTF-8 text")))?;
    parse_env(&text).map_err(|(n, why)| {
        Error::usage(format!("{shown}, line {n}: {why}"))
            .hint("each line is KEY=VALUE; blank lines and # comments are skipped")
    })
}

/// Parses env file text; `Err((line number, why))`.
pub(crate) fn parse_env(
    text: &str,
) -> std::result::Result<BTreeMap<String, String>, (usize, String)> {
    let mut out = BTreeMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line).trim_start();
        let Some((key, value)) = line.split_once('=') else {
            return Err((i + 1, "no '=' (expected KEY=VALUE)".into()));
        };
        let key = key.trim();
        let valid = !key.is_empty()
            && !key.starts_with(|c: char| c.is_ascii_digit())
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return Err((
                i + 1,
                format!(
                    "'{}' is not a variable name (letters, digits and '_')",
                    sanitize(key)
                ),
            ));
        }
        let value = value.trim();
        let value = match (value.chars().next(), value.chars().last()) {
            (Some(q @ ('"' | '\'')), Some(e)) if value.len() >= 2 && q == e => {
                &value[1..value.len() - 1]
            }
            _ => value,
        };
        if value.len() >= 4 {
            crate::secret::register(value);
        }
        out.insert(key.to_string(), value.to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_files() {
        let env = parse_env("# c\n\nA=1\nexport B = \"two words\"\nC='x=y'\n").unwrap();
        assert_eq!(env.get("A").map(String::as_str), Some("1"));
        assert_eq!(env.get("B").map(String::as_str), Some("two words"));
        assert_eq!(env.get("C").map(String::as_str), Some("x=y"));
        assert_eq!(parse_env("A\n").unwrap_err().0, 1);
        assert_eq!(parse_env("ok=1\n1A=2").unwrap_err().0, 2);
    }
}
