//! `config init | show | path | set | unset`.

use std::io::IsTerminal;

use clap::Subcommand;
use serde_json::{Value, json};

use crate::api::client::validate_base_url;
use crate::commands::{Ctx, ask, read_stdin_line};
use crate::config::{
    ConfigEdit, DEFAULT_PROFILE, ENV_API_KEY, Key, Settings, Source, Sourced, config_path,
    parse_fid,
};
use crate::error::{Error, Result};
use crate::render::{columns, sanitize};
use crate::secret::ApiKey;

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Save your API key and FID to the config file (the key is asked for, hidden)
    #[command(after_help = "\
Examples:
  neynar-studio config init --fid 1568
  printf '%s\\n' \"$NEYNAR_KEY\" | neynar-studio config init --fid 1568
  neynar-studio --profile staging config init --fid 42 --api-url https://staging.example
  neynar-studio config init --force < key.txt     # replace a stored key in a script")]
    Init(InitArgs),
    /// Show each setting and where it comes from (the key redacted)
    Show,
    /// Print the path of the config file
    Path,
    /// Change one setting in the config file
    #[command(after_help = "\
Examples:
  neynar-studio config set fid 1568
  neynar-studio config set api-url https://api.neynar.com
  pbpaste | neynar-studio config set api-key -
  neynar-studio --profile staging config set fid 42")]
    Set(SetArgs),
    /// Remove one setting from the config file
    Unset(UnsetArgs),
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Replace a key the file already holds for this profile without asking (needed when not
    /// on a terminal; on a terminal you are asked)
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct SetArgs {
    /// The setting
    #[arg(value_name = "KEY", value_parser = ["api-key", "fid", "api-url"])]
    pub key: String,
    /// Its value. For api-key only '-' (read from stdin) or nothing (asked for, hidden): a key
    /// on the command line would end up in the shell history and the process list
    #[arg(value_name = "VALUE", allow_negative_numbers = true)]
    pub value: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct UnsetArgs {
    /// The setting
    #[arg(value_name = "KEY", value_parser = ["api-key", "fid", "api-url"])]
    pub key: String,
}

pub async fn run(ctx: &Ctx, cmd: ConfigCommand) -> Result<()> {
    match cmd {
        ConfigCommand::Init(args) => init(ctx, args).await,
        ConfigCommand::Show => show(ctx),
        ConfigCommand::Path => path(ctx),
        ConfigCommand::Set(args) => set(ctx, args).await,
        ConfigCommand::Unset(args) => unset(ctx, args).await,
    }
}

/// Settings as for commands that may create the profile they name.
fn lenient_settings(ctx: &Ctx) -> Result<Settings> {
    let env = |k: &str| ctx.env(k);
    let settings = Settings::load(&ctx.flags(), &env, false)?;
    for w in &settings.warnings {
        ctx.out.warn(w);
    }
    Ok(settings)
}

/// [`lenient_settings`] read on the blocking pool, so a config file that blocks (a FIFO)
/// leaves Ctrl-C working.
async fn lenient_settings_off_thread(ctx: &Ctx) -> Result<Settings> {
    let settings = ctx.load_settings_off_thread(false).await?;
    for w in &settings.warnings {
        ctx.out.warn(w);
    }
    Ok(settings)
}

/// `ConfigEdit::open` on the blocking pool, for the same reason.
async fn open_off_thread(path: std::path::PathBuf) -> Result<ConfigEdit> {
    tokio::task::spawn_blocking(move || ConfigEdit::open(&path))
        .await
        .map_err(|e| Error::failure(format!("reading the config file failed: {e}")))?
}

/// Reads an API key: hidden on a terminal, else one line of stdin.
async fn read_key() -> Result<ApiKey> {
    let raw = if std::io::stdin().is_terminal() {
        ask("Neynar API key (input hidden): ", true).await?
    } else {
        read_stdin_line().await?.unwrap_or_default()
    };
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(Error::usage("no API key given").hint(
            "type it when asked, or pipe it: printf '%s\\n' \"$KEY\" | neynar-studio config init",
        ));
    }
    crate::secret::api_key(raw).map_err(Error::usage)
}

fn where_written(path: &std::path::Path, profile: &str) -> String {
    if profile == DEFAULT_PROFILE {
        format!("{}", path.display())
    } else {
        format!("{} [profiles.{profile}]", path.display())
    }
}

/// The key the file holds for `profile` (not one from the environment, which `init` does not
/// touch), redacted: what `init` would replace.
fn stored_key(ctx: &Ctx, profile: &str) -> Result<Option<String>> {
    let without_env_key = |k: &str| {
        if k == ENV_API_KEY { None } else { ctx.env(k) }
    };
    let settings = Settings::load(&ctx.flags(), &without_env_key, false)?;
    Ok(settings.api_key.and_then(|k| {
        let stored_here = match &k.source {
            Source::Profile(p) => p == profile,
            Source::File => profile == DEFAULT_PROFILE,
            _ => false,
        };
        stored_here.then(|| k.value.redacted())
    }))
}

async fn init(ctx: &Ctx, args: InitArgs) -> Result<()> {
    let settings = lenient_settings(ctx)?;
    let path = settings.require_path()?.value.clone();
    let profile = settings.profile.value.clone();
    // Open (and so check) the existing file before asking anything.
    let mut edit = ConfigEdit::open(&path)?;
    if let Some(url) = &ctx.global.api_url {
        validate_base_url(url).map_err(Error::from)?;
    }
    if !args.force
        && let Some(old) = stored_key(ctx, &profile)?
    {
        let place = where_written(&path, &profile);
        if !std::io::stdin().is_terminal() {
            return Err(Error::usage(format!(
                "{place} already holds an API key ({old}); not replacing it"
            ))
            .hint("pass --force to replace it, or change one setting with `neynar-studio config set KEY VALUE`"));
        }
        let answer = ask(
            &format!("{place} already holds an API key ({old}). Replace the stored key? [y/N] "),
            false,
        )
        .await?;
        if !matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
            ctx.out.note("Kept the stored key; nothing changed.");
            return Ok(());
        }
    }
    let key = read_key().await?;
    let fid = match ctx.global.fid {
        Some(fid) => Some(fid),
        None if std::io::stdin().is_terminal() => {
            let answer = ask("Your Farcaster ID (FID): ", false).await?;
            Some(parse_fid(&answer).map_err(|why| Error::usage(format!("invalid FID: {why}")))?)
        }
        None => None,
    };
    edit.set_str(&profile, Key::ApiKey, key.expose());
    if let Some(fid) = fid {
        edit.set_int(&profile, Key::Fid, fid);
    }
    if let Some(url) = &ctx.global.api_url {
        edit.set_str(&profile, Key::ApiUrl, url);
    }
    edit.save()?;

    if ctx.out.json {
        ctx.out.print_json(&json!({
            "path": path,
            "profile": profile,
            "api_key": key.redacted(),
            "fid": fid,
            "api_url": ctx.global.api_url,
        }))?;
    } else {
        let fid_text = fid.map(|f| format!(" and fid {f}")).unwrap_or_default();
        ctx.out.print(&format!(
            "Saved the API key ({}){fid_text} to {}.",
            key.redacted(),
            where_written(&path, &profile)
        ))?;
        if fid.is_none() {
            ctx.out.note(
                "No FID saved: add it with `neynar-studio config set fid N`, or set NEYNAR_FID.",
            );
        }
    }
    if ctx.env(ENV_API_KEY).is_some() {
        ctx.out.warn(&format!(
            "{ENV_API_KEY} is set in the environment and takes precedence over the file"
        ));
    }
    Ok(())
}

/// One setting in `config show --json`: `{"value", "source"}`, the source's kind (flag, env,
/// profile, file, default). The rest of what the human view says ("env NEYNAR_FID", "profile
/// staging") follows from the kind and the setting, so it is not repeated in a second field.
fn entry<T>(value: Option<&Sourced<T>>, show: impl Fn(&T) -> Value) -> Value {
    match value {
        Some(s) => {
            json!({"value": show(&s.value), "source": s.source.kind()})
        }
        None => Value::Null,
    }
}

fn show(ctx: &Ctx) -> Result<()> {
    let settings = ctx.settings()?;
    let config_file = settings.require_path()?;
    let current = ctx
        .state()
        .ok()
        .and_then(|s| s.current(&settings.profile.value, &settings.api_url.value));
    if ctx.out.json {
        ctx.out.print_json(&json!({
            "config_path": {
                "value": config_file.value,
                "source": config_file.source.kind(),
                "exists": settings.file_exists,
            },
            "profile": entry(Some(&settings.profile), |p| json!(p)),
            "api_key": entry(settings.api_key.as_ref(), |k| json!(k.redacted())),
            "fid": entry(settings.fid.as_ref(), |f| json!(f)),
            "api_url": entry(Some(&settings.api_url), |u| json!(u)),
            "current_deployment": current,
        }))?;
        return Ok(());
    }
    let p = ctx.out.paint();
    let from = |s: &Source| p.dim(&format!("({s})"));
    let not_set = || p.yellow("not set");
    let mut rows = vec![vec![
        p.bold("config"),
        format!(
            "{} {}",
            config_file.value.display(),
            p.dim(&format!(
                "({}; {})",
                config_file.source,
                if settings.file_exists {
                    "exists"
                } else {
                    "missing"
                }
            ))
        ),
    ]];
    rows.push(vec![
        p.bold("profile"),
        format!(
            "{} {}",
            settings.profile.value,
            from(&settings.profile.source)
        ),
    ]);
    rows.push(vec![
        p.bold("api_key"),
        match &settings.api_key {
            Some(k) => format!("{} {}", k.value.redacted(), from(&k.source)),
            None => not_set(),
        },
    ]);
    rows.push(vec![
        p.bold("fid"),
        match &settings.fid {
            Some(f) => format!("{} {}", f.value, from(&f.source)),
            None => not_set(),
        },
    ]);
    rows.push(vec![
        p.bold("api_url"),
        format!(
            "{} {}",
            sanitize(&settings.api_url.value),
            from(&settings.api_url.source)
        ),
    ]);
    rows.push(vec![
        p.bold("deployment"),
        match current {
            Some(name) => format!("{} {}", sanitize(&name), p.dim("(current)")),
            None => p.dim("none current"),
        },
    ]);
    ctx.out.print_styled(&columns(&rows))?;
    Ok(())
}

fn path(ctx: &Ctx) -> Result<()> {
    let env = |k: &str| ctx.env(k);
    let path = config_path(&ctx.flags(), &env)?;
    if ctx.out.json {
        ctx.out
            .print_json(&json!({"path": path.value, "source": path.source.kind()}))?;
    } else {
        ctx.out.print(&path.value.display().to_string())?;
    }
    Ok(())
}

async fn set(ctx: &Ctx, args: SetArgs) -> Result<()> {
    let key = Key::parse(&args.key)?;
    let settings = lenient_settings_off_thread(ctx).await?;
    let path = settings.require_path()?.value.clone();
    let profile = settings.profile.value.clone();
    let mut edit = open_off_thread(path.clone()).await?;
    let shown = match key {
        Key::ApiKey => {
            let api_key = match args.value.as_deref() {
                Some("-") => {
                    let line = read_stdin_line().await?.unwrap_or_default();
                    crate::secret::api_key(line.trim()).map_err(Error::usage)?
                }
                None if std::io::stdin().is_terminal() => read_key().await?,
                None => {
                    return Err(Error::usage("no value for api-key").hint(
                        "pipe it in: printf '%s\\n' \"$KEY\" | neynar-studio config set api-key -",
                    ));
                }
                Some(_) => {
                    return Err(Error::usage(
                        "refusing an API key on the command line: it would be kept in the shell history and shown in the process list",
                    )
                    .hint("pipe it in: printf '%s\\n' \"$KEY\" | neynar-studio config set api-key -"));
                }
            };
            edit.set_str(&profile, key, api_key.expose());
            api_key.redacted()
        }
        Key::Fid => {
            let raw = args.value.ok_or_else(|| Error::usage("no value for fid"))?;
            let fid = parse_fid(&raw).map_err(|why| Error::usage(format!("invalid FID: {why}")))?;
            edit.set_int(&profile, key, fid);
            fid.to_string()
        }
        Key::ApiUrl => {
            let raw = args
                .value
                .ok_or_else(|| Error::usage("no value for api-url"))?;
            validate_base_url(&raw).map_err(Error::from)?;
            edit.set_str(&profile, key, raw.trim());
            sanitize(raw.trim()).into_owned()
        }
    };
    edit.save()?;
    if ctx.out.json {
        ctx.out.print_json(
            &json!({"path": path, "profile": profile, "key": key.toml_name(), "value": shown}),
        )?;
    } else {
        ctx.out.print(&format!(
            "Set {} = {shown} in {}.",
            key.toml_name(),
            where_written(&path, &profile)
        ))?;
    }
    Ok(())
}

async fn unset(ctx: &Ctx, args: UnsetArgs) -> Result<()> {
    let key = Key::parse(&args.key)?;
    let settings = lenient_settings_off_thread(ctx).await?;
    let path = settings.require_path()?.value.clone();
    let profile = settings.profile.value.clone();
    let mut edit = open_off_thread(path.clone()).await?;
    let removed = edit.unset(&profile, key);
    if removed {
        edit.save()?;
    }
    if ctx.out.json {
        ctx.out.print_json(
            &json!({"path": path, "profile": profile, "key": key.toml_name(), "removed": removed}),
        )?;
    } else if removed {
        ctx.out.print(&format!(
            "Removed {} from {}.",
            key.toml_name(),
            where_written(&path, &profile)
        ))?;
    } else {
        ctx.out.note(&format!(
            "{} is not set in {}; nothing to remove.",
            key.toml_name(),
            where_written(&path, &profile)
        ));
    }
    Ok(())
}
