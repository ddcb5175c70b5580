//! `completions SHELL`: the completion script on stdout. The committed copies in
//! `completions/` are checked against this output by a test.

use clap_complete::Shell;

use crate::commands::Ctx;
use crate::error::Result;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  neynar-studio completions bash > ~/.local/share/bash-completion/completions/neynar-studio
  neynar-studio completions zsh > \"${fpath[1]}/_neynar-studio\"
  neynar-studio completions fish > ~/.config/fish/completions/neynar-studio.fish")]
pub struct Args {
    /// The shell
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

/// The completion script for `shell`.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut crate::cli::command(), "neynar-studio", &mut buf);
    buf
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let text = String::from_utf8_lossy(&script(args.shell)).into_owned();
    ctx.out.print_raw(&text)?;
    Ok(())
}
