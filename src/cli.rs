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
130 interrupted (Ctrl-C), 143 terminated (SIGTERM), 129 hung up (SIGHUP).";

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
    #[arg(
        long,
        global = true,
        value_name = "NAME",
        add = clap_complete::ArgValueCandidates::new(crate::commands::completions::profile_names)
    )]
    pub profile: Option<String>,

    /// Farcaster ID to act as [env: NEYNAR_FID]
    #[arg(
        long,
        global = true,
        value_name = "N",
        value_parser = crate::config::parse_fid,
        allow_negative_numbers = true
    )]
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

    /// See a deployment's conversations and draw one as it was streamed
    #[command(subcommand, visible_alias = "conv")]
    Conversations(commands::conversations::ConversationsCommand),

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

    /// List, read and upload the generated app's files
    #[command(subcommand)]
    Files(commands::files::FilesCommand),

    /// Check and set the app's *.neynar.app production domain
    #[command(subcommand)]
    Domain(commands::domain::DomainCommand),

    /// The app's secrets (environment variables): list, set, unset; values never in argv
    #[command(subcommand)]
    Secrets(commands::secrets::SecretsCommand),

    /// The app's database: provision, tables, schema, query, sql, insert, update, delete
    #[command(subcommand)]
    Db(commands::db::DbCommand),

    /// Credit drops: show the most recent one, claim it
    #[command(subcommand)]
    Credits(commands::credits::CreditsCommand),
}

/// The one line each subcommand's help gives the global options, which are shown in full once,
/// in `neynar-studio --help`.
pub const GLOBAL_SUMMARY: &str = "\
Global options: --json -q -v --color --config --profile --fid --api-url --timeout
(described in `neynar-studio --help`)";

/// The clap command: the derived one, with the global options hidden from every subcommand's
/// help (eleven lines repeated on every page drowned the command's own) and summarised there in
/// one line. They are still accepted everywhere, and completed once typed far enough to match
/// only them (`--js`).
pub fn command() -> clap::Command {
    let cmd = <Cli as clap::CommandFactory>::command();
    let globals: Vec<clap::Arg> = cmd
        .get_arguments()
        .filter(|a| a.is_global_set())
        .cloned()
        .collect();
    hide_globals(cmd, &globals)
}

/// Gives every subcommand its own hidden copy of each global argument, before clap propagates
/// them (clap skips an argument a subcommand already has; the copy is still global, so its
/// value reaches the parsed `GlobalArgs` wherever it was typed).
fn hide_globals(mut cmd: clap::Command, globals: &[clap::Arg]) -> clap::Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .filter(|n| n != "help")
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, |mut sub| {
            for arg in globals {
                sub = sub.arg(arg.clone().hide(true));
            }
            let after = match sub.get_after_help() {
                Some(text) => format!("{text}\n\n{GLOBAL_SUMMARY}"),
                None => GLOBAL_SUMMARY.to_string(),
            };
            hide_globals(sub.after_help(after), globals)
        });
    }
    cmd
}

/// The subcommand a command line names, as far as it names one: `neynar-studio deploy get` for
/// `neynar-studio --json deploy get x`. For the `--help` an error points to.
pub fn subcommand_path(args: &[String]) -> String {
    let mut cmd = command();
    let mut path = vec!["neynar-studio".to_string()];
    for arg in args.iter().skip(1) {
        let next = cmd
            .get_subcommands()
            .find(|s| s.get_name() == arg || s.get_all_aliases().any(|a| a == arg))
            .cloned();
        if let Some(sub) = next {
            path.push(sub.get_name().to_string());
            cmd = sub;
        }
    }
    path.join(" ")
}

impl Cli {
    /// Refuses global options that the chosen command would silently ignore (exit 2): the
    /// emulator, the demo and `completions` read no configuration; the demo and `completions`
    /// print no JSON.
    pub fn refuse_ignored(&self) -> crate::error::Result<()> {
        let g = &self.global;
        let (command, ignored): (&str, Vec<(&str, bool)>) = match &self.command {
            Command::Emulator(_) => (
                "emulator",
                vec![
                    ("--fid", g.fid.is_some()),
                    ("--api-url", g.api_url.is_some()),
                    ("--profile", g.profile.is_some()),
                    ("--config", g.config.is_some()),
                    ("--timeout", g.timeout.is_some()),
                ],
            ),
            Command::Completions(_) => (
                "completions",
                vec![
                    ("--json", g.json),
                    ("--fid", g.fid.is_some()),
                    ("--api-url", g.api_url.is_some()),
                    ("--profile", g.profile.is_some()),
                    ("--config", g.config.is_some()),
                    ("--timeout", g.timeout.is_some()),
                ],
            ),
            Command::Demo(_) => (
                "demo",
                vec![
                    ("--json", g.json),
                    ("--fid", g.fid.is_some()),
                    ("--api-url", g.api_url.is_some()),
                    ("--profile", g.profile.is_some()),
                    ("--config", g.config.is_some()),
                    ("--timeout", g.timeout.is_some()),
                ],
            ),
            _ => return Ok(()),
        };
        let given: Vec<&str> = ignored
            .into_iter()
            .filter(|(_, set)| *set)
            .map(|(flag, _)| flag)
            .collect();
        if given.is_empty() {
            return Ok(());
        }
        let hint = match command {
            "emulator" => {
                "the emulator reads no configuration: its own options are listed by \
                           `neynar-studio emulator --help`"
            }
            "completions" => {
                "the script is the same for every configuration; it asks `neynar-studio` for \
                 names at each TAB"
            }
            _ => {
                "the demo runs against its own in-process emulator and prints for a person; \
                  run the commands it shows yourself for JSON or another API"
            }
        };
        Err(crate::error::Error::usage(format!(
            "{} cannot be used with `{command}`",
            given.join(", ")
        ))
        .hint(hint))
    }
}
