//! `deploy export`: the app's source as a ZIP archive, streamed to disk with flat memory.
//!
//! The archive goes to a temporary file beside the target and is renamed when the last byte
//! is in, so a dropped connection or Ctrl-C leaves nothing behind; an existing file is
//! replaced only with `--force`. On a terminal a progress line shows bytes and rate.
//! `--extract DIR` unpacks it with [`crate::unzip`], which refuses what could leave DIR.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use indicatif::{BinaryBytes, HumanBytes};

use super::{TargetArgs, not_found};
use crate::api::client::Target;
use crate::api::export::Download;
use crate::commands::Ctx;
use crate::commands::files::Atomic;
use crate::error::{Error, Kind, Result};
use crate::render::Line;

/// How often the progress line is redrawn.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Needs a paid Studio plan (without one: exit 3), and the app running (`neynar-studio deploy start`). Without -o the
archive is saved as NAME.zip. An existing file or directory is never replaced without --force.
--extract refuses entries that would leave DIR, links, devices, and archives that unpack to
more than 1 GiB.

Examples:
  neynar-studio deploy export
  neynar-studio deploy export server-250904162435170 -o app.zip --force
  neynar-studio deploy export --extract ./app
  neynar-studio deploy export -o - | unzip -l /dev/stdin")]
pub struct Args {
    #[command(flatten)]
    pub target: TargetArgs,

    /// Write the archive to FILE ('-' for stdout) [default: NAME.zip]
    #[arg(short = 'o', long = "output", value_name = "FILE|-")]
    pub output: Option<PathBuf>,

    /// Unpack the archive into DIR (created if missing)
    #[arg(long, value_name = "DIR")]
    pub extract: Option<PathBuf>,

    /// Replace an existing file (and files in an existing DIR)
    #[arg(long)]
    pub force: bool,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let target = ctx.target_or_current(args.target.name, args.target.id)?;
    let to_stdout = args.output.as_deref() == Some(Path::new("-"));
    if to_stdout && args.extract.is_some() {
        return Err(Error::usage("-o - and --extract cannot be used together")
            .hint("save the archive with -o FILE, or only extract it"));
    }
    if to_stdout && std::io::stdout().is_terminal() {
        return Err(
            Error::usage("refusing to write a ZIP archive to a terminal")
                .hint("redirect stdout (`-o - > app.zip`) or give a file with -o"),
        );
    }
    // Where the archive is kept: -o, else NAME.zip unless only extracting.
    let keep: Option<PathBuf> = match (&args.output, &args.extract) {
        _ if to_stdout => None,
        (Some(path), _) => Some(path.clone()),
        (None, Some(_)) => None,
        (None, None) => Some(PathBuf::from(format!("{}.zip", file_stem(&target)))),
    };
    if let Some(dir) = &args.extract {
        check_extract_dir(dir, args.force)?;
    }
    // Refused before anything is sent.
    let mut sink = match &keep {
        Some(path) => Some(Atomic::create(path, args.force)?),
        None => None,
    };
    let fid = ctx.fid()?;
    let client = ctx.client()?;
    let mut download = client
        .export_zip(fid, &target, args.target.namespace.as_deref())
        .await
        .map_err(|e| export_error(e.into(), &target, fid))?;

    // Only extracting: the archive is a temporary file, removed at the end.
    let mut scratch = match (&sink, &args.extract, to_stdout) {
        (None, Some(_), false) => Some(tempfile::tempfile().map_err(|e| {
            Error::failure(format!(
                "cannot create a temporary file for the archive: {e}"
            ))
        })?),
        _ => None,
    };
    let started = Instant::now();
    let total = download.length();
    let bytes = {
        let mut spinner = ctx
            .out
            .spinner(format!("Downloading the source of {target}…"));
        let mut write = |chunk: &[u8]| -> std::io::Result<()> {
            if let Some(a) = sink.as_mut() {
                a.file().write_all(chunk)
            } else if let Some(f) = scratch.as_mut() {
                f.write_all(chunk)
            } else {
                ctx.out.term().with_stdout(|w| w.write_all(chunk))
            }
        };
        receive(&mut download, &mut write, |got| {
            if spinner.is_enabled() {
                spinner.set_message(progress(got, total, started.elapsed()));
            }
        })
        .await
        .map_err(|e| {
            let err: Error = e.into();
            let what = format!(
                "the download of {target}'s source broke off; {}",
                if keep.is_some() {
                    "no file was written"
                } else {
                    "nothing was kept"
                }
            );
            Error::new(err.kind(), format!("{what}: {}", err.message()))
                .hint("try again; a big archive may need a steady connection")
        })?
    };
    if to_stdout {
        ctx.out.term().flush()?;
    }
    let saved = match (sink, &keep) {
        (Some(a), Some(path)) => {
            a.commit()?;
            Some(path.clone())
        }
        _ => None,
    };
    let unpacked = match &args.extract {
        Some(dir) => {
            let archive = match (&saved, scratch.take()) {
                (Some(path), _) => std::fs::File::open(path)?,
                (None, Some(f)) => f,
                (None, None) => return Err(Error::failure("the archive was not kept")),
            };
            let spinner = ctx
                .out
                .spinner(format!("Unpacking into {}…", dir.display()));
            let result = extract(archive, dir.clone(), args.force).await;
            drop(spinner);
            Some(result?)
        }
        None => None,
    };
    if ctx.out.json {
        if to_stdout {
            return Ok(());
        }
        let mut doc = serde_json::json!({"deployment": target.to_string(), "bytes": bytes});
        if let Some(path) = &saved {
            doc["output"] = path.display().to_string().into();
        }
        if let (Some(dir), Some(u)) = (&args.extract, unpacked) {
            doc["extracted"] = dir.display().to_string().into();
            doc["files"] = u.files.into();
            doc["unpacked_bytes"] = u.bytes.into();
        }
        ctx.out.print_json(&doc)?;
        return Ok(());
    }
    if to_stdout {
        return Ok(());
    }
    let rate = rate(bytes, started.elapsed());
    if let Some(path) = &saved {
        ctx.out.line(
            &Line::new()
                .plain("Saved ")
                .bold(path.display().to_string())
                .plain(format!(" ({}{rate})", BinaryBytes(bytes)))
                .whole(),
        )?;
    }
    if let (Some(dir), Some(u)) = (&args.extract, unpacked) {
        ctx.out.line(
            &Line::new()
                .plain(format!(
                    "Extracted {} files ({}) into ",
                    u.files,
                    BinaryBytes(u.bytes)
                ))
                .bold(dir.display().to_string())
                .whole(),
        )?;
    }
    Ok(())
}

/// Copies the download through `write`, calling `tick` with the bytes so far at most every
/// [`PROGRESS_EVERY`]. Returns the total.
async fn receive(
    download: &mut Download,
    write: &mut impl FnMut(&[u8]) -> std::io::Result<()>,
    mut tick: impl FnMut(u64),
) -> std::result::Result<u64, ReceiveError> {
    // Read before the body: reqwest's length is what is left to come.
    let announced = download.length();
    let mut got: u64 = 0;
    let mut last = Instant::now();
    tick(0);
    while let Some(chunk) = download.chunk().await.map_err(ReceiveError::Api)? {
        write(&chunk).map_err(ReceiveError::Io)?;
        got += chunk.len() as u64;
        if last.elapsed() >= PROGRESS_EVERY {
            last = Instant::now();
            tick(got);
        }
    }
    if let Some(announced) = announced
        && announced != got
    {
        return Err(ReceiveError::Short { got, announced });
    }
    Ok(got)
}

enum ReceiveError {
    Api(crate::api::ApiError),
    Io(std::io::Error),
    Short { got: u64, announced: u64 },
}

impl From<ReceiveError> for Error {
    fn from(e: ReceiveError) -> Error {
        match e {
            ReceiveError::Api(e) => e.into(),
            ReceiveError::Io(e) => e.into(),
            ReceiveError::Short { got, announced } => Error::failure(format!(
                "the server sent {got} of the {announced} bytes it announced"
            )),
        }
    }
}

fn progress(got: u64, total: Option<u64>, elapsed: Duration) -> String {
    let rate = rate(got, elapsed);
    match total {
        Some(t) if t > 0 => format!(
            "Downloading {} of {} ({}%{rate})",
            BinaryBytes(got),
            BinaryBytes(t),
            got.saturating_mul(100) / t
        ),
        _ => format!("Downloading {}{rate}", BinaryBytes(got)),
    }
}

fn rate(bytes: u64, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64();
    if secs < 0.2 || bytes == 0 {
        return String::new();
    }
    format!(", {}/s", HumanBytes((bytes as f64 / secs) as u64))
}

/// The archive's default file name: the deployment's name, or its id.
fn file_stem(target: &Target) -> String {
    match target {
        Target::Name(n) => n.clone(),
        Target::Id(id) => id.to_string(),
    }
}

/// DIR may be missing (it is created) or an empty directory; a non-empty one needs --force.
fn check_extract_dir(dir: &Path, force: bool) -> Result<()> {
    match std::fs::symlink_metadata(dir) {
        Err(_) => Ok(()),
        Ok(m) if m.is_dir() => {
            let empty = std::fs::read_dir(dir)?.next().is_none();
            if empty || force {
                Ok(())
            } else {
                Err(Error::usage(format!(
                    "{} is not empty; nothing was extracted",
                    dir.display()
                ))
                .hint("pass --force to unpack over it, or choose an empty or new directory"))
            }
        }
        Ok(_) => Err(Error::usage(format!(
            "{} exists and is not a directory",
            dir.display()
        ))),
    }
}

/// Unpacks on the blocking pool (it is disk and CPU work).
async fn extract(
    archive: std::fs::File,
    dir: PathBuf,
    force: bool,
) -> Result<crate::unzip::Unpacked> {
    let shown = dir.display().to_string();
    tokio::task::spawn_blocking(move || {
        let mut archive = archive;
        use std::io::Seek;
        archive.rewind()?;
        std::fs::create_dir_all(&dir)?;
        crate::unzip::unpack(std::io::BufReader::new(archive), &dir, force)
    })
    .await
    .map_err(|e| Error::failure(format!("unpacking failed: {e}")))?
    .map_err(|e: crate::unzip::UnzipError| {
        Error::failure(format!(
            "the archive was not fully extracted into {shown}: {e}"
        ))
        .hint("the archive came from the server; what was refused was not written")
    })
}

/// The wording of export's errors: a paid plan (402), a stopped app, a missing deployment.
fn export_error(err: Error, target: &Target, fid: u64) -> Error {
    // The spec gives no code for an app that is not running; the API says it in words
    // (400, "The deployment is not running"), and "still starting" is another case.
    let said = |words: &[&str]| {
        err.status()
            .is_some_and(|s| matches!(s, 400 | 409 | 412 | 500 | 503))
            && err.server_message().is_some_and(|m| {
                let m = m.to_ascii_lowercase();
                words.iter().any(|w| m.contains(w))
            })
    };
    if said(&["starting"]) {
        let message = format!(
            "the app of {target} is still starting, and export needs it running ({})",
            err.message()
        );
        return err.replace(
            message,
            vec![
                "wait until it runs (`neynar-studio deploy status --watch`), then export again"
                    .into(),
            ],
        );
    }
    if said(&["not running", "stopped", "not started", "start it"]) {
        let start = match target {
            Target::Name(n) => format!("neynar-studio deploy start {n}"),
            Target::Id(id) => format!("neynar-studio deploy start --id {id}"),
        };
        let message = format!(
            "the app of {target} is not running, and export needs it running ({})",
            err.message()
        );
        return err.replace(
            message,
            vec![format!("start it with `{start}`, then export again")],
        );
    }
    if err.status() == Some(402) {
        let message = format!(
            "exporting the source needs a paid Studio plan ({})",
            err.message()
        );
        return Error::new(Kind::Config, message).hint(
            "upgrade to a paid plan (Growth, Studio Plus or Studio Max) in the Neynar dev portal",
        );
    }
    let err = not_found(err, target, fid)
        .reword_on(403, format!("exporting the source of {target} was refused"));
    crate::commands::files::only_hint_on(
        err,
        403,
        "use the key of the FID's owner, or a Studio admin key",
    )
}
