use std::process::ExitCode;

use clap::FromArgMatches;
use neynar_studio::{cli, cli::Cli, commands, error};

fn main() -> ExitCode {
    error::install_panic_hook();
    // `NEYNAR_STUDIO_COMPLETE=bash neynar-studio ...`: the shell asking for completions (see
    // `commands/completions.rs`); answers and exits before anything else runs.
    clap_complete::CompleteEnv::with_factory(cli::command)
        .var(commands::completions::VAR)
        .completer("neynar-studio")
        .complete();
    let parsed = cli::command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind as K;
            // Help and version are not errors: clap prints them where they belong.
            if matches!(
                e.kind(),
                K::DisplayHelp | K::DisplayVersion | K::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                e.exit()
            }
            let typed: Vec<String> = std::env::args().collect();
            let command = cli::subcommand_path(&typed);
            return error::report(Err(error::from_clap(&e, &command)));
        }
    };
    if let Err(e) = cli.refuse_ignored() {
        return error::report(Err(e));
    }
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return error::report(Err(error::Error::failure(format!("cannot start: {e}")))),
    };
    let result = runtime.block_on(commands::run(cli));
    // Do not wait for a blocking stdin read that an interrupt left behind.
    runtime.shutdown_background();
    error::report(result)
}
