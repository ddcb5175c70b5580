use std::process::ExitCode;

use clap::FromArgMatches;
use neynar_studio::{cli, cli::Cli, commands, error};

fn main() -> ExitCode {
    error::install_panic_hook();
    keep_freed_memory();
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

/// glibc hands a thread's freed memory back to the system once 128 KiB of it lie free at the
/// top of the thread's heap, and the next batch of a rendered stream takes it back, page fault
/// by page fault: the drawing thread did so all through a 50 MiB `render` (1,830 page faults
/// against 985 with this, and 2.5% of the CPU time). Up to 32 MiB stays with the process
/// instead; the peak it reaches is unchanged (scripts/memory.sh).
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets one of malloc's parameters, and runs here before any other
    // thread exists.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, 32 << 20);
    }
}
