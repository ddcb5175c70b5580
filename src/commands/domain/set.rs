//! `domain set SUBDOMAIN`: makes `SUBDOMAIN.neynar.app` the app's production domain. It
//! replaces the current one, so it shows that one and asks first on a terminal (`--yes`
//! elsewhere), and it is sent once. The API takes the deployment's id: a name is resolved
//! first (that read also gives the current domain for the question).

use serde_json::Value;

use super::parse_subdomain;
use crate::api::client::Target;
use crate::api::models::Deployment;
use crate::commands::conversations::DeploymentArg;
use crate::commands::deploy::not_found;
use crate::commands::{Ctx, ask};
use crate::error::{Error, Result};
use crate::render::{Line, sanitize};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
The app must be published (`neynar-studio deploy publish`). The new domain replaces the current
production domain; it asks for confirmation on a terminal; pass --yes in scripts.

Examples:
  neynar-studio domain set my-counter
  neynar-studio domain set my-counter -d server-250904162435170 --yes
  neynar-studio domain set my-counter --yes --json | jq -r .domain")]
pub struct Args {
    /// The subdomain, without .neynar.app
    #[arg(value_name = "SUBDOMAIN", value_parser = parse_subdomain)]
    pub subdomain: String,

    #[command(flatten)]
    pub deployment: DeploymentArg,

    /// Do not ask for confirmation (needed when there is no terminal)
    #[arg(short = 'y', long)]
    pub yes: bool,
}

/// The production domain a deployment shows, where it shows one.
fn current_domain(d: &Deployment) -> Option<String> {
    for key in ["production_domain", "production_url", "custom_domain"] {
        if let Some(v) = d.0.str(key).filter(|v| !v.is_empty()) {
            return Some(host_of(v));
        }
    }
    d.0.get("production_app_status")
        .and_then(|p| p.get("deployment_url"))
        .and_then(Value::as_str)
        .filter(|v| !v.is_empty())
        .map(host_of)
}

fn host_of(v: &str) -> String {
    url::Url::parse(v)
        .ok()
        .and_then(|u| u.host_str().map(String::from))
        .unwrap_or_else(|| v.to_string())
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let target = args.deployment.target(ctx)?;
    let shown = sanitize(&target.to_string()).into_owned();
    let domain = format!("{}.neynar.app", args.subdomain);
    if !args.yes {
        let terminal = crate::commands::can_ask();
        if !terminal {
            return Err(Error::usage(format!(
                "refusing to replace the production domain of {shown} without confirmation"
            ))
            .hint("pass --yes to confirm (there is no terminal to ask on)"));
        }
    }
    let fid = ctx.fid()?;
    let client = ctx.client()?;
    let deployment = client
        .get(fid, &target, None)
        .await
        .map_err(|e| not_found(e.into(), &target, fid))?;
    let id = match &target {
        Target::Id(id) => *id,
        Target::Name(_) => deployment
            .id()
            .and_then(|i| uuid::Uuid::parse_str(i).ok())
            .ok_or_else(|| {
                Error::failure(format!(
                    "the API did not give the id of {shown}, which setting a domain needs"
                ))
                .hint(
                    "pass the deployment's id with -d UUID (see `neynar-studio deploy get --json`)",
                )
            })?,
    };
    let current = current_domain(&deployment);
    if !args.yes {
        let now = match &current {
            Some(c) => format!("It replaces {}. ", sanitize(c)),
            None => String::new(),
        };
        let answer = ask(
            &format!("Give {shown} the domain {domain}? {now}[y/N] "),
            false,
        )
        .await?;
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes") {
            return Err(Error::usage("not confirmed; the domain was not changed"));
        }
    }
    let answer = client
        .set_domain(fid, &id, &args.subdomain)
        .await
        .map_err(|e| {
            not_found(e.into(), &Target::Id(id), fid)
                .hint_on(
                    409,
                    "the domain is taken: find a free one with `neynar-studio domain check`",
                )
                .hint_on(
                    400,
                    "the app must be published first: `neynar-studio deploy publish`",
                )
                .hint_on(403, "use the key of the FID that owns the deployment")
        })?;
    if ctx.out.json {
        ctx.out.print_json(&answer)?;
        return Ok(());
    }
    let new = answer.str("domain").unwrap_or(&domain).to_string();
    let previous = answer.str("previous_domain").map(String::from).or(current);
    ctx.out.line(
        &Line::new()
            .plain(format!("{shown} is now at "))
            .bold(format!("https://{new}"))
            .whole(),
    )?;
    if let Some(p) = previous.filter(|p| *p != new) {
        ctx.out
            .line(&Line::new().dim(format!("(was {p})")).whole())?;
    }
    Ok(())
}
