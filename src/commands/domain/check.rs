//! `domain check SUBDOMAIN`: whether `SUBDOMAIN.neynar.app` is free. Exit 0 when it is, 1
//! when it is not (reserved, taken), so `domain check x && domain set x` reads right.

use super::parse_subdomain;
use crate::commands::Ctx;
use crate::error::{Error, Result};
use crate::render::Line;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
A subdomain is 3-63 characters of lowercase letters, digits and '-', not starting or ending
with '-'. Exits 0 when it is available, 1 when it is not (the reason is printed).

Examples:
  neynar-studio domain check my-counter
  neynar-studio domain check my-counter && neynar-studio domain set my-counter --yes
  neynar-studio domain check my-counter --json | jq .available")]
pub struct Args {
    /// The subdomain, without .neynar.app
    #[arg(value_name = "SUBDOMAIN", value_parser = parse_subdomain)]
    pub subdomain: String,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let fid = ctx.fid()?;
    let client = ctx.client()?;
    let answer = client.check_domain(fid, &args.subdomain).await?;
    let domain = answer
        .str("domain")
        .map(String::from)
        .unwrap_or_else(|| format!("{}.neynar.app", args.subdomain));
    let available = answer.bool("available") == Some(true);
    if ctx.out.json {
        ctx.out.print_json(&answer)?;
    } else if available {
        ctx.out.line(
            &Line::new()
                .bold(&domain)
                .plain(" is ")
                .green("available")
                .whole(),
        )?;
    }
    if available {
        return Ok(());
    }
    let reason = answer.str("reason").unwrap_or("no reason given");
    Err(
        Error::failure(format!("{domain} is not available ({reason})"))
            .hint("try another name with `neynar-studio domain check`"),
    )
}
