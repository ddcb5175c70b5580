//! The command line: one `Parser`, the `Command` enum, the global flags. Each verb's own flags
//! live beside its code (`commands/deploy/<verb>.rs`); help text is their doc comments.

use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgAction, Args, Parser, Subcommand};

use crate::commands;
use crate::render::ColorWhen;

const ABOUT: &str =
    "Create, prompt and manage Neynar Miniapp Studio deployments from a terminal or a script";

const AFTER_HELP: &str = "\
Examples:
  neynar-studio config init --fid 1568
  neynar-studio deploy create --wait
  neynar-studio deploy prompt \"a counter app with a purple theme\"
  neynar-studio demo                      # the whole workflow against a local emulator

Exit codes: 0 ok, 1 failure, 2 usage, 3 auth/config, 4 not found, 5 timed out, 6 rejected,
130 interrupted.";

#[derive(Debug, Parser)]
#[command(
    name = "neynar-studio",
    version,
    about = ABOUT,
    after_help = AFTER_HELP,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Print machine-readable JSON on stdout (NDJSON for `deploy prompt`)
    #[arg(long, global = true)]
    pub json: bool,

    /// Print only the result: no progress, no notes
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Show each HTTP request (method, URL, status, time) and more detail, on stderr
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,

    /// When to use colour [NO_COLOR is honoured with auto]
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        default_value = "auto"
    )]
    pub color: Option<ColorWhen>,

    /// Config file [env: NEYNAR_STUDIO_CONFIG]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Config profile to use [env: NEYNAR_STUDIO_PROFILE]
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,

    /// Farcaster ID to act as [env: NEYNAR_FID]
    #[arg(long, global = true, value_name = "N", value_parser = crate::config::parse_fid)]
    pub fid: Option<u64>,

    /// API base URL [env: NEYNAR_API_URL] [default: https://api.neynar.com]
    #[arg(long, global = true, value_name = "URL")]
    pub api_url: Option<String>,

    /// Time limit: for each request (default 30s); for `deploy wait` and `--wait`, for the
    /// whole wait (default 5m)
    #[arg(long, global = true, value_name = "DUR", value_parser = crate::duration::parse_positive)]
    pub timeout: Option<Duration>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create, inspect, prompt, link and delete deployments
    #[command(subcommand)]
    Deploy(commands::deploy::DeployCommand),

    /// Set up and inspect configuration (API key, FID, profiles)
    #[command(subcommand)]
    Config(commands::config::ConfigCommand),

    /// Draw a saved `deploy prompt --json` stream (or raw SSE) as it was shown live
    Render(commands::render::Args),

    /// Print a shell completion script
    Completions(commands::completions::Args),

    /// Run a local Studio API emulator, for trying the tool and testing scripts offline
    Emulator(commands::emulator::Args),

    /// Show the whole workflow against an in-process emulator (no key needed)
    Demo(commands::demo::Args),
}

/// The clap command, for completions and tests.
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}
