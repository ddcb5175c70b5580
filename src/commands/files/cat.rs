//! `files cat PATH`: one file of the generated app.
//!
//! - Piped, the content goes out as it is, byte for byte (`> file`, `| jq`).
//! - On a terminal it goes through the writer, sanitized (an escape sequence in a generated
//!   file is shown, never run), and through `$PAGER` (`less -FRX` by default, as gh does) when
//!   it is longer than the screen. The pager gets the same sanitized, masked text.
//! - `-o FILE` writes it atomically: a temporary file beside FILE, renamed when complete.

use std::io::Write;
use std::path::PathBuf;

use super::{Atomic, files_error};
use crate::commands::Ctx;
use crate::commands::conversations::DeploymentArg;
use crate::error::{Error, Result};
use crate::render::sanitize;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Needs a Studio admin key or the key of the FID's owner. Piped, the file is written as it is;
on a terminal it is shown through $PAGER (default `less -FRX`) when longer than the screen.

Examples:
  neynar-studio files cat src/app/page.tsx
  neynar-studio files cat package.json | jq .dependencies
  neynar-studio files cat src/app/page.tsx -o page.tsx -d server-250904162435170")]
pub struct Args {
    /// The file's path, relative to the app's root
    #[arg(value_name = "PATH")]
    pub path: String,

    /// Write the content to FILE (atomically) instead of stdout
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub deployment: DeploymentArg,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let path = args.path.trim_start_matches('/').to_string();
    if path.is_empty() {
        return Err(
            Error::usage("PATH is empty; give a file of the app, like package.json")
                .hint("list the app's files with `neynar-studio files list`"),
        );
    }
    let target = args.deployment.target(ctx)?;
    let fid = ctx.fid()?;
    let client = ctx.client()?;
    let what = format!("the file '{}'", sanitize(&path));
    let file = client
        .file(fid, &target, &path)
        .await
        .map_err(|e| files_error(e.into(), &target, fid, &what))?;
    if let Some(out) = &args.output {
        let mut atomic = Atomic::create(out, true)?;
        atomic.file().write_all(file.content().as_bytes())?;
        atomic.commit()?;
        if ctx.out.json {
            ctx.out.print_json(&serde_json::json!({
                "path": file.path().unwrap_or(&path),
                "output": out.display().to_string(),
                "bytes": file.content().len(),
            }))?;
        } else {
            ctx.out.note(&format!(
                "Wrote {} ({} bytes)",
                out.display(),
                file.content().len()
            ));
        }
        return Ok(());
    }
    if ctx.out.json {
        ctx.out.print_json(&file)?;
        return Ok(());
    }
    let content = file.content();
    if !ctx.out.stdout_tty {
        // Piped: the bytes as they are, for redirection and other programs.
        ctx.out
            .term()
            .with_stdout(|w| w.write_all(content.as_bytes()))?;
        ctx.out.term().flush()?;
        return Ok(());
    }
    let mut text = content.to_string();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    if longer_than_screen(&text)
        && let Some(pager) = pager(ctx)
    {
        let clean = sanitize(&text);
        let masked = crate::secret::redact(&clean).into_owned();
        if page(&pager, masked).await {
            return Ok(());
        }
    }
    ctx.out.print_raw(&text)?;
    Ok(())
}

/// Whether `text` takes more rows than the terminal has (long lines wrap).
fn longer_than_screen(text: &str) -> bool {
    let Some((rows, cols)) = console::Term::stdout().size_checked() else {
        return false;
    };
    let cols = usize::from(cols.max(1));
    let mut used = 0usize;
    for line in text.lines() {
        used += console::measure_text_width(line).div_ceil(cols).max(1);
        if used >= usize::from(rows) {
            return true;
        }
    }
    false
}

/// The pager to use: `$PAGER`, else `less -FRX`; none when `$PAGER` is empty or `cat`.
fn pager(ctx: &Ctx) -> Option<String> {
    match ctx.env("PAGER") {
        Some(p) if p.trim().is_empty() || p.trim() == "cat" => None,
        Some(p) => Some(p),
        None => Some("less -FRX".into()),
    }
}

/// Shows `text` through the pager; `false` when the pager could not be started (the caller
/// prints it instead). A pager quit early (a broken pipe) is not an error.
async fn page(pager: &str, text: String) -> bool {
    let pager = pager.to_string();
    tokio::task::spawn_blocking(move || {
        let mut cmd = if cfg!(windows) {
            let mut c = std::process::Command::new("cmd");
            c.args(["/C", &pager]);
            c
        } else {
            let mut c = std::process::Command::new("sh");
            c.args(["-c", &pager]);
            c
        };
        // `less` keeps colour codes only with -R, and the text has none anyway: it is safe.
        cmd.env("LESSCHARSET", "utf-8")
            .stdin(std::process::Stdio::piped());
        let Ok(mut child) = cmd.spawn() else {
            return false;
        };
        if let Some(mut stdin) = child.stdin.take() {
            let _ = stdin.write_all(text.as_bytes());
        }
        let _ = child.wait();
        true
    })
    .await
    .unwrap_or(false)
}
