//! `deploy open [NAME]`: the app's URL in a browser. The URL is always printed on stdout (so
//! `deploy open | pbcopy` works and a terminal without a browser still gets it); the browser
//! is started only where one can be: `$BROWSER` when set (a program given the URL, as
//! xdg-utils and many tools read it), else the platform's opener (the `open` crate), and on
//! Linux only with a display (`DISPLAY` or `WAYLAND_DISPLAY`). With `--json` nothing is
//! started. The URL comes from the server: only http(s) URLs are ever handed to a program.

use std::process::Stdio;

use serde_json::json;

use super::{TargetArgs, not_found};
use crate::commands::Ctx;
use crate::error::{Error, Result};
use crate::render::sanitize;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
The URL is printed on stdout in every case; the browser is started when there is one ($BROWSER,
else the system's opener; on Linux only with a display). --json prints {\"url\", \"opened\"} and
starts nothing.

Examples:
  neynar-studio deploy open                          # the current deployment
  neynar-studio deploy open server-250904162435170
  BROWSER=firefox neynar-studio deploy open")]
pub struct Args {
    #[command(flatten)]
    pub target: TargetArgs,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let target = ctx.target_or_current(args.target.name, args.target.id)?;
    let fid = ctx.fid()?;
    let client = ctx.client()?;
    let d = client
        .get(fid, &target, args.target.namespace.as_deref())
        .await
        .map_err(|e| not_found(e.into(), &target, fid))?;
    let shown = sanitize(
        &d.name()
            .map(String::from)
            .unwrap_or_else(|| target.to_string()),
    )
    .into_owned();
    let Some(url) = d.url().map(String::from) else {
        return Err(
            Error::failure(format!("the API reports no URL for {shown}"))
                .hint("it may not be ready yet: `neynar-studio deploy wait`"),
        );
    };
    // Handed on as the server wrote it (a browser normalizes), once it parses as http(s) and
    // holds nothing a terminal or a program would act on.
    let safe = url::Url::parse(&url)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .filter(|_| !url.chars().any(char::is_control))
        .map(|_| url.clone());
    if ctx.out.json {
        ctx.out
            .print_json(&json!({"name": d.name(), "url": url, "opened": false}))?;
        return Ok(());
    }
    ctx.out.print(&sanitize(&url))?;
    let Some(safe) = safe else {
        ctx.out.warn(&format!(
            "not opening {}: not an http(s) URL",
            sanitize(&url)
        ));
        return Ok(());
    };
    match launch(ctx, &safe).await {
        Ok(how) => ctx.out.note(&format!("Opened {shown} {how}.")),
        Err(why) => ctx.out.note(&format!(
            "Not opened in a browser ({why}): the URL is above."
        )),
    }
    Ok(())
}

/// Starts a browser on `url`; says how, or why not.
async fn launch(ctx: &Ctx, url: &str) -> std::result::Result<String, String> {
    if let Some(browser) = ctx.env("BROWSER") {
        // xdg-utils' convention: a ':'-separated list of programs, the first that works wins.
        let mut last = String::from("$BROWSER is empty");
        for program in browser.split(':').filter(|p| !p.trim().is_empty()) {
            let program = program.trim().to_string();
            let url = url.to_string();
            let status = tokio::task::spawn_blocking({
                let program = program.clone();
                move || {
                    std::process::Command::new(&program)
                        .arg(&url)
                        .stdin(Stdio::null())
                        .status()
                }
            })
            .await;
            match status {
                Ok(Ok(s)) if s.success() => return Ok(format!("with {program} ($BROWSER)")),
                Ok(Ok(s)) => last = format!("$BROWSER program {program} failed ({s})"),
                Ok(Err(e)) => last = format!("$BROWSER program {program} could not start: {e}"),
                Err(e) => last = format!("$BROWSER program {program} could not start: {e}"),
            }
        }
        return Err(last);
    }
    if cfg!(all(unix, not(target_os = "macos")))
        && ctx.env("DISPLAY").is_none()
        && ctx.env("WAYLAND_DISPLAY").is_none()
    {
        return Err("no display".into());
    }
    open::that_detached(url)
        .map(|()| "in your browser".to_string())
        .map_err(|e| format!("the system could not open it: {e}"))
}
