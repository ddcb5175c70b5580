use std::process::ExitCode;

use clap::Parser;
use neynar_studio::{cli::Cli, commands, error};

fn main() -> ExitCode {
    error::install_panic_hook();
    let cli = Cli::parse();
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
