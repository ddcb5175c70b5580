//! `demo`: the whole workflow against an in-process emulator, each step printed as the command
//! line it is and run through the same code as that command. Needs no config and no key, and
//! leaves nothing behind (its config and state live in a temporary directory).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;

use crate::cli::Cli;
use crate::commands::{Ctx, dispatch};
use crate::emulator::{Config, Emulator};
use crate::error::{Error, Result};
use crate::render::Line;
use crate::state::State;

/// The FID and key the demo uses: the emulator accepts any.
const FID: &str = "3";
const KEY: &str = "demo-key-not-a-secret";
/// The demo's throwaway app key, to sign the association locally.
const APP_KEY: [u8; 32] = *b"neynar-studio-demo-app-key-32byt";

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  neynar-studio demo")]
pub struct Args {
    /// Stream pacing of the demo's generation (1 is about ten seconds)
    #[arg(long, value_name = "F", default_value_t = 2.0)]
    pub speed: f64,
}

/// Quotes a word for the printed command line when a shell would need it.
fn shell_word(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:@".contains(c))
    {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

fn io(e: std::io::Error) -> Error {
    Error::failure(format!("the demo could not set up: {e}"))
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let started = Instant::now();
    let dir = tempfile::tempdir().map_err(io)?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(io)?;
    let emulator = Emulator::start(
        listener,
        Config {
            ready_after: Duration::from_millis(1500),
            speed: args.speed.max(0.1),
            ..Config::default()
        },
    )
    .map_err(io)?;
    let url = emulator.url();
    let mut vars: HashMap<&'static str, String> = HashMap::new();
    vars.insert("NEYNAR_API_URL", url.clone());
    vars.insert("NEYNAR_API_KEY", KEY.into());
    vars.insert("NEYNAR_FID", FID.into());
    vars.insert(
        "NEYNAR_STUDIO_CONFIG",
        dir.path().join("config.toml").display().to_string(),
    );
    if let Some(v) = ctx.env("NO_COLOR") {
        vars.insert("NO_COLOR", v);
    }
    let env: super::EnvFn = Arc::new(move |name: &str| vars.get(name).cloned());
    let state_path = dir.path().join("state.json");

    ctx.out.prose(&format!(
        "neynar-studio demo: against a local Studio API emulator at {url} (fid {FID}, a throwaway key). Nothing is sent to Neynar.\n\n"
    ))?;

    let step = |words: Vec<String>| {
        let ctx_global = ctx.global.clone();
        let env = env.clone();
        let state_path = state_path.clone();
        async move {
            let line: Vec<String> = words.iter().map(|w| shell_word(w)).collect();
            ctx.out
                .line(&Line::new().bold(format!("$ neynar-studio {}", line.join(" "))))?;
            let argv = std::iter::once("neynar-studio".to_string()).chain(words);
            let cli = Cli::try_parse_from(argv)
                .map_err(|e| Error::failure(format!("the demo built a bad command line: {e}")))?;
            let mut global = cli.global.clone();
            global.color = ctx_global.color;
            global.quiet = ctx_global.quiet;
            global.verbose = ctx_global.verbose;
            let step_ctx = Ctx::with_env(global, env, Some(state_path));
            // Boxed: `dispatch` is what called the demo.
            Box::pin(dispatch(&step_ctx, cli.command)).await?;
            ctx.out.print("")?;
            Ok::<(), Error>(())
        }
    };
    let words = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();

    step(words(&[
        "deploy",
        "create",
        "--display-name",
        "demo counter",
        "--wait",
    ]))
    .await?;
    let name = State::at(state_path.clone())
        .current(crate::config::DEFAULT_PROFILE, &url)
        .ok_or_else(|| Error::failure("the demo lost track of its deployment"))?;
    step(words(&[
        "deploy",
        "prompt",
        "a counter app with a purple theme",
    ]))
    .await?;

    // The account association, signed here with a throwaway app key for the emulator's domain.
    let domain = format!("{name}.localhost");
    let association = crate::jfs::sign_app_key(&APP_KEY, 3, &domain);
    let manifest = serde_json::json!({"accountAssociation": association});
    let file = dir.path().join("farcaster.json");
    std::fs::write(&file, manifest.to_string()).map_err(io)?;
    step(vec![
        "deploy".into(),
        "associate".into(),
        "--file".into(),
        display_path(&file),
    ])
    .await?;

    step(words(&["deploy", "status"])).await?;
    // The conversation the prompt started, as it was seen live.
    step(words(&["conversations", "list"])).await?;
    let conversation = {
        let key = crate::secret::api_key(KEY).map_err(Error::failure)?;
        let client = crate::api::Client::new(&url, key, Duration::from_secs(10), None)
            .map_err(Error::from)?;
        let fid: u64 = FID.parse().unwrap_or(3);
        client
            .conversations(fid, &crate::api::Target::Name(name.clone()))
            .await
            .map_err(Error::from)?
            .into_iter()
            .find_map(|c| c.id().map(String::from))
            .ok_or_else(|| Error::failure("the demo's prompt left no conversation"))?
    };
    step(vec!["conversations".into(), "show".into(), conversation]).await?;
    step(words(&["deploy", "get"])).await?;
    step(words(&["deploy", "list"])).await?;
    step(vec!["deploy".into(), "delete".into(), name]).await?;

    ctx.out.prose(&format!(
        "✓ The whole workflow ran in {}: create, wait, prompt, associate, status, conversations, get, list, delete.\n\
         Next: `neynar-studio config init` with an allowlisted key to do the same against Neynar, \
         or `neynar-studio emulator` to test your own scripts offline.",
        crate::duration::format(started.elapsed())
    ))?;
    emulator.stop().await;
    Ok(())
}

fn display_path(path: &Path) -> String {
    path.display().to_string()
}
