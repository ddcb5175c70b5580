//! `deploy create`: create a deployment, make it current, and optionally wait for it.

use std::collections::BTreeMap;
use std::time::Instant;

use super::wait::{CREATE_GRACE, WaitOpts, until_ready};
use crate::api::client::Target;
use crate::commands::Ctx;
use crate::error::{Error, Result};
use crate::render::sanitize;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  neynar-studio deploy create
  neynar-studio deploy create --display-name \"tetris app\" --wait
  neynar-studio deploy create --env-file .env.production
  NAME=$(neynar-studio deploy create --env THEME=dark --env API_URL=https://x.example/?a=b)")]
pub struct Args {
    /// A display name for the deployment
    #[arg(long, value_name = "TEXT")]
    pub display_name: Option<String>,

    /// An environment variable for the app (repeatable; the value may contain '=')
    #[arg(long = "env", value_name = "KEY=VALUE", value_parser = parse_env_pair)]
    pub env: Vec<(String, String)>,

    /// Environment variables from a dotenv file (KEY=VALUE lines); the values are kept out of
    /// argv and masked in the output
    #[arg(long, value_name = "FILE")]
    pub env_file: Option<std::path::PathBuf>,

    /// Wait until it is ready (up to --timeout, default 5m), then print its URL
    #[arg(long)]
    pub wait: bool,
}

/// `KEY=VALUE`, split at the first '='. Keys are shell-style names.
pub fn parse_env_pair(raw: &str) -> std::result::Result<(String, String), String> {
    let (key, value) = raw
        .split_once('=')
        .ok_or_else(|| format!("'{}' is not KEY=VALUE", sanitize(raw)))?;
    let valid = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return Err(format!(
            "'{}' is not a valid variable name: use letters, digits and '_', not starting with a digit",
            sanitize(key)
        ));
    }
    Ok((key.to_string(), value.to_string()))
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let mut env = BTreeMap::new();
    let from_file = match &args.env_file {
        Some(path) => crate::commands::secrets::read_env_file(path, 6)?,
        None => Vec::new(),
    };
    for (k, v) in from_file {
        env.insert(k, v);
    }
    let in_file: Vec<String> = env.keys().cloned().collect();
    for (k, v) in args.env {
        if in_file.contains(&k) {
            return Err(Error::usage(format!(
                "{k} is both in --env-file and given with --env"
            )));
        }
        if env.insert(k.clone(), v).is_some() {
            return Err(Error::usage(format!("--env {k} is given more than once")));
        }
    }
    let fid = ctx.fid()?;
    let client = ctx.client()?;
    let started = Instant::now();
    let created = client
        .create(fid, args.display_name.as_deref(), &env)
        .await?;
    let Some(name) = created.name().map(super::server_name).transpose()? else {
        if ctx.out.json {
            ctx.out.print_json(&created)?;
        }
        return Err(
            Error::failure("the API created a deployment but did not say its name")
                .hint("find it with `neynar-studio deploy list`"),
        );
    };
    let current = ctx.remember(&name, "deploy create");
    if let Err(e) = &current {
        ctx.out.warn(&format!(
            "could not remember it as the current deployment: {e}"
        ));
    }
    let shown = sanitize(&name).into_owned();
    ctx.out.note(&format!(
        "Created {shown} for fid {fid}{}.",
        if current.is_ok() {
            " (now the current deployment)"
        } else {
            ""
        }
    ));

    if !args.wait {
        if ctx.out.json {
            ctx.out.print_json(&created)?;
        } else {
            ctx.out.print(&shown)?;
            ctx.out
                .note("It takes up to a minute to be ready: `neynar-studio deploy wait`.");
        }
        return Ok(());
    }

    if !ctx.out.json {
        ctx.out.print(&shown)?;
    }
    let target = Target::Name(name);
    let opts = WaitOpts {
        forgive_404_until: Some(crate::duration::deadline(started, CREATE_GRACE)),
        ..WaitOpts::from_ctx(ctx)
    };
    let ready = until_ready(ctx, &client, fid, &target, None, opts).await?;
    if ctx.out.json {
        ctx.out.print_json(&ready)?;
    } else {
        if let Some(url) = ready.url() {
            ctx.out.print(&sanitize(url))?;
        }
        ctx.out.note(&format!(
            "{shown} is ready ({}).",
            crate::duration::format(started.elapsed())
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_pairs_split_at_the_first_equals() {
        assert_eq!(
            parse_env_pair("URL=https://x/?a=b"),
            Ok(("URL".into(), "https://x/?a=b".into()))
        );
        assert_eq!(parse_env_pair("EMPTY="), Ok(("EMPTY".into(), "".into())));
        assert!(parse_env_pair("NOEQUALS").is_err());
        assert!(parse_env_pair("=v").is_err());
        assert!(parse_env_pair("1X=v").is_err());
        assert!(parse_env_pair("A-B=v").is_err());
    }
}
