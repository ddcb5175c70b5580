//! `neynar-studio conversations` (alias `conv`): a deployment's conversations, and one
//! conversation drawn as it was seen live.

pub mod list;
pub mod show;

use clap::Subcommand;

use crate::api::client::Target;
use crate::commands::Ctx;
use crate::commands::deploy::parse_name;
use crate::error::Result;

#[derive(Debug, Subcommand)]
pub enum ConversationsCommand {
    /// List a deployment's conversations, most recent first
    #[command(visible_alias = "ls")]
    List(list::Args),
    /// Draw a conversation's messages, oldest first, as they were streamed
    Show(show::Args),
}

/// `-d/--deployment NAME|UUID`: a UUID is the deployment's id, anything else its name.
#[derive(Debug, Clone, clap::Args)]
pub struct DeploymentArg {
    /// The deployment, by name or id (default: the current deployment)
    #[arg(short = 'd', long = "deployment", value_name = "NAME|UUID", value_parser = parse_deployment, add = clap_complete::ArgValueCandidates::new(crate::commands::completions::deployment_names))]
    pub deployment: Option<Target>,
}

impl DeploymentArg {
    pub fn target(&self, ctx: &Ctx) -> Result<Target> {
        match &self.deployment {
            Some(Target::Id(id)) => ctx.target_or_current(None, Some(*id)),
            Some(Target::Name(name)) => ctx.target_or_current(Some(name.clone()), None),
            None => ctx.target_or_current(None, None),
        }
    }
}

pub fn parse_deployment(raw: &str) -> std::result::Result<Target, String> {
    match uuid::Uuid::parse_str(raw.trim()) {
        Ok(id) => Ok(Target::Id(id)),
        Err(_) => parse_name(raw).map(Target::Name),
    }
}

pub async fn run(ctx: &Ctx, cmd: ConversationsCommand) -> Result<()> {
    match cmd {
        ConversationsCommand::List(args) => list::run(ctx, args).await,
        ConversationsCommand::Show(args) => show::run(ctx, args).await,
    }
}
