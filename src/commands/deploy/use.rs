//! `deploy use NAME`: makes a deployment the current one of the profile (after checking that
//! it exists). Without NAME, prints the current one.

use serde_json::json;

use super::{not_found, parse_name};
use crate::api::client::Target;
use crate::commands::Ctx;
use crate::error::{Error, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  neynar-studio deploy use server-250904162435170
  neynar-studio deploy use                       # print the current deployment")]
pub struct Args {
    /// Deployment name
    #[arg(value_name = "NAME", value_parser = parse_name, add = clap_complete::ArgValueCandidates::new(crate::commands::completions::deployment_names))]
    pub name: Option<String>,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let profile = ctx.profile()?;
    let api_url = ctx.api_url()?;
    let state = ctx.state()?;
    let Some(name) = args.name else {
        return match state.remembered(&profile, &api_url) {
            Some(r) if ctx.out.json => Ok(ctx.out.print_json(
                &json!({"current": r.name, "profile": profile, "api_url": api_url, "how": r.how}),
            )?),
            Some(r) => Ok(ctx.out.print(&crate::render::sanitize(&r.name))?),
            None => Err(Error::failure(format!(
                "profile '{profile}' has no current deployment at {api_url}"
            ))
            .hint(
                "choose one with `neynar-studio deploy use NAME` (see `neynar-studio deploy list`)",
            )),
        };
    };
    let fid = ctx.fid()?;
    let client = ctx.client()?;
    let target = Target::Name(name.clone());
    client
        .get(fid, &target, None)
        .await
        .map_err(|e| not_found(e.into(), &target, fid))?;
    state.set_current(&profile, &api_url, &name, "deploy use")?;
    if ctx.out.json {
        ctx.out
            .print_json(&json!({"current": name, "profile": profile, "api_url": api_url}))?;
    } else {
        ctx.out
            .print(&format!("Now using {name} (profile {profile})."))?;
    }
    Ok(())
}
