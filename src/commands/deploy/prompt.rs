//! Placeholder while this command is built.
use crate::commands::Ctx;
use crate::error::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Args {}

pub async fn run(_ctx: &Ctx, _args: Args) -> Result<()> {
    Err(Error::failure("not built yet"))
}
