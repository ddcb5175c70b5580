//! `files upload --url URL`: the server downloads an image into the app's `public/` folder
//! and answers the stored file name and the URL it is served at. Sent once.

use crate::commands::Ctx;
use crate::commands::conversations::DeploymentArg;
use crate::commands::deploy::not_found;
use crate::error::{Error, Result};
use crate::render::Line;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
The server fetches the image itself, so the URL must be reachable from the internet. The image
is served by the app as a static file.

Examples:
  neynar-studio files upload --url https://example.com/logo.png
  neynar-studio files upload --url https://example.com/bg.jpg -d server-250904162435170 --json")]
pub struct Args {
    /// The image's URL (http or https)
    #[arg(long, value_name = "URL", value_parser = parse_image_url)]
    pub url: String,

    #[command(flatten)]
    pub deployment: DeploymentArg,
}

fn parse_image_url(raw: &str) -> std::result::Result<String, String> {
    match url::Url::parse(raw.trim()) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
            Ok(u.to_string())
        }
        _ => Err(format!(
            "'{}' is not an http(s) URL, like https://example.com/logo.png",
            crate::render::sanitize(raw)
        )),
    }
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let target = args.deployment.target(ctx)?;
    let fid = ctx.fid()?;
    let client = ctx.client()?;
    let spinner = ctx.out.spinner("Uploading the image…");
    let answer = client
        .upload_image_url(fid, &target, &args.url)
        .await
        .map_err(|e| not_found(e.into(), &target, fid))?;
    drop(spinner);
    if ctx.out.json {
        ctx.out.print_json(&answer)?;
        return Ok(());
    }
    if answer.bool("success") == Some(false) {
        let why = answer.str("message").unwrap_or("no reason given");
        return Err(Error::failure(format!("the upload failed: {why}")));
    }
    let filename = answer.str("filename").unwrap_or("?");
    ctx.out
        .line(&Line::new().plain("Uploaded ").bold(filename).whole())?;
    if let Some(url) = answer.str("url") {
        ctx.out.line(&Line::new().plain(url).whole())?;
    }
    Ok(())
}
