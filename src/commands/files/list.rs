//! `files list [DIR]`: one directory of the generated app. On a terminal a table (path, kind)
//! fitted to the width; piped, one path a line (directories end with '/'), for grep and xargs.

use crate::commands::Ctx;
use crate::commands::conversations::DeploymentArg;
use crate::error::Result;
use crate::render::sanitize;

use super::files_error;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Needs a Studio admin key or the key of the FID's owner. Paths are relative to the app's
root; directories end with '/'. Piped, the output is one path a line.

Examples:
  neynar-studio files list
  neynar-studio files list src/app -d server-250904162435170
  neynar-studio files list --json | jq -r '.files[].path'")]
pub struct Args {
    /// The directory, relative to the app's root (default: the root)
    #[arg(value_name = "DIR")]
    pub dir: Option<String>,

    #[command(flatten)]
    pub deployment: DeploymentArg,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let target = args.deployment.target(ctx)?;
    let fid = ctx.fid()?;
    let client = ctx.client()?;
    let dir = args
        .dir
        .as_deref()
        .map(|d| d.trim_matches('/'))
        .filter(|d| !d.is_empty());
    let what = match dir {
        Some(d) => format!("the directory '{}'", sanitize(d)),
        None => "the app's root".to_string(),
    };
    let listing = client
        .files(fid, &target, dir)
        .await
        .map_err(|e| files_error(e.into(), &target, fid, &what))?;
    if ctx.out.json {
        ctx.out.print_json(&listing)?;
        return Ok(());
    }
    let mut entries = listing.entries();
    // Directories first, then by path: the order `ls` readers expect.
    entries.sort_by(|a, b| {
        (!a.is_directory(), a.path().unwrap_or(""))
            .cmp(&(!b.is_directory(), b.path().unwrap_or("")))
    });
    let shown = |e: &crate::api::files::FileEntry| {
        let path = e.path().unwrap_or("?");
        if e.is_directory() {
            format!("{}/", path.trim_end_matches('/'))
        } else {
            path.to_string()
        }
    };
    if entries.is_empty() {
        ctx.out.note(&format!("{what} of {target} is empty"));
        return Ok(());
    }
    if !ctx.out.stdout_tty {
        let text: String = entries.iter().map(|e| format!("{}\n", shown(e))).collect();
        ctx.out.print_raw(&text)?;
        return Ok(());
    }
    let p = ctx.out.paint();
    let mut rows = vec![vec![p.bold("PATH"), p.bold("TYPE")]];
    for e in &entries {
        let path = sanitize(&shown(e)).into_owned();
        if e.is_directory() {
            rows.push(vec![p.cyan(&path), "dir".into()]);
        } else {
            rows.push(vec![path, "file".into()]);
        }
    }
    ctx.out.print_table(&crate::render::columns(&rows))?;
    Ok(())
}
