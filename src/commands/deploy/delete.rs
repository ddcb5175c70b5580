//! `deploy delete`: one deployment, or every deployment of the FID after a confirmation.
//! Never defaults to the current deployment: deleting needs an explicit target.

use super::{not_found, parse_name, parse_uuid};
use crate::api::client::{ListQuery, Target};
use crate::commands::{Ctx, ask};
use crate::error::{Error, Result};
use crate::render::sanitize;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  neynar-studio deploy delete server-250904162435170
  neynar-studio deploy delete --id 0b7e9c1e-1c4f-4d0c-9a57-2f6d1f3b8e21
  neynar-studio deploy delete --all            # asks you to type the FID
  neynar-studio deploy delete --all --yes      # in scripts")]
pub struct Args {
    /// Deployment name
    #[arg(value_name = "NAME", value_parser = parse_name, add = clap_complete::ArgValueCandidates::new(crate::commands::completions::deployment_names))]
    pub name: Option<String>,

    /// Deployment ID instead of a name
    #[arg(long, value_name = "UUID", value_parser = parse_uuid, conflicts_with = "name")]
    pub id: Option<uuid::Uuid>,

    /// Kubernetes namespace, when the API cannot infer it from the FID
    #[arg(long, value_name = "NS")]
    pub namespace: Option<String>,

    /// Delete every deployment of the FID (cannot be undone)
    #[arg(long, conflicts_with_all = ["name", "id"])]
    pub all: bool,

    /// Do not ask for confirmation (needed for --all when there is no terminal)
    #[arg(short = 'y', long)]
    pub yes: bool,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let target = match (args.name, args.id) {
        (Some(name), _) => Some(Target::Name(name)),
        (None, Some(id)) => Some(Target::Id(id)),
        (None, None) if args.all => None,
        (None, None) => {
            return Err(Error::usage("say which deployment to delete")
                .hint("pass a NAME, --id UUID, or --all (delete never picks the current deployment for you)"));
        }
    };
    let fid = ctx.fid()?;
    if target.is_none() && !args.yes {
        let terminal = crate::commands::can_ask();
        if !terminal {
            return Err(Error::usage(format!(
                "refusing to delete every deployment of fid {fid} without confirmation"
            ))
            .hint("pass --yes to confirm (there is no terminal to ask on)"));
        }
    }
    let client = ctx.client()?;

    if target.is_none() && !args.yes {
        let count = client
            .list(
                fid,
                &ListQuery {
                    limit: Some(1000),
                    ..ListQuery::default()
                },
            )
            .await
            .ok()
            .map(|l| l.len());
        if count == Some(0) {
            ctx.out
                .note(&format!("fid {fid} has no deployments; nothing to delete."));
            return Ok(());
        }
        let how_many = match count {
            Some(1) => " (1 deployment)".to_string(),
            Some(n) => format!(" ({n} deployments)"),
            None => String::new(),
        };
        ctx.out.warn(&format!(
            "This deletes every deployment of fid {fid}{how_many}. It cannot be undone."
        ));
        let answer = ask(&format!("Type the FID ({fid}) to confirm: "), false).await?;
        if answer.trim() != fid.to_string() {
            return Err(Error::usage("not confirmed; nothing was deleted"));
        }
    }

    let result = client
        .delete(fid, target.as_ref(), args.namespace.as_deref())
        .await
        .map_err(|e| match &target {
            Some(t) => not_found(e.into(), t, fid),
            None => e.into(),
        })?;
    if result.bool("success") == Some(false) {
        return Err(Error::failure(
            "the API answered that the delete did not succeed",
        ));
    }

    let profile = ctx.profile()?;
    let api_url = ctx.api_url()?;
    let forget = match &target {
        Some(Target::Name(name)) => ctx
            .state()
            .and_then(|s| s.forget(&profile, &api_url, Some(name))),
        Some(Target::Id(_)) => Ok(()),
        None => ctx.state().and_then(|s| s.forget(&profile, &api_url, None)),
    };
    if let Err(e) = forget {
        ctx.out
            .warn(&format!("could not update the current deployment: {e}"));
    }

    if ctx.out.json {
        ctx.out.print_json(&result)?;
        return Ok(());
    }
    let line = match &target {
        Some(t) => format!("Deleted {}.", sanitize(&t.to_string())),
        None => match result.f64("deleted_count") {
            Some(1.0) => format!("Deleted 1 deployment of fid {fid}."),
            Some(n) => format!("Deleted {n} deployments of fid {fid}."),
            None => format!("Deleted every deployment of fid {fid}."),
        },
    };
    ctx.out.print(&line)?;
    Ok(())
}
