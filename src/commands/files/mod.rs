//! `neynar-studio files`: the generated app's files (list a directory, print one, upload an
//! image from a URL), and the atomic file writing that `files cat -o` and `deploy export`
//! share: a temporary file beside the target, renamed over it only when complete, so a
//! dropped connection or Ctrl-C never leaves a partial file behind.

pub mod cat;
pub mod list;
pub mod upload;

use std::path::{Path, PathBuf};

use clap::Subcommand;

use crate::api::client::Target;
use crate::error::{Error, Result};

#[derive(Debug, Subcommand)]
pub enum FilesCommand {
    /// List a directory of the generated app (directories end with '/')
    #[command(visible_alias = "ls")]
    List(list::Args),
    /// Print a file of the generated app, or save it with -o
    Cat(cat::Args),
    /// Have the server fetch an image from a URL into the app's public/ folder
    Upload(upload::Args),
}

pub async fn run(ctx: &crate::commands::Ctx, cmd: FilesCommand) -> Result<()> {
    match cmd {
        FilesCommand::List(args) => list::run(ctx, args).await,
        FilesCommand::Cat(args) => cat::run(ctx, args).await,
        FilesCommand::Upload(args) => upload::run(ctx, args).await,
    }
}

/// Rewords the errors `file` and `files` give: a 403 (the key is neither an admin's nor the
/// FID owner's), a 404 (no such deployment or path).
pub(crate) fn files_error(err: Error, target: &Target, fid: u64, what: &str) -> Error {
    let err = err.reword_on(
        403,
        format!(
            "reading the files of {target} needs a Studio admin key or the key of fid {fid}'s owner"
        ),
    );
    let err = only_hint_on(
        err,
        403,
        "use a key that owns the FID, or a Studio admin key (NEYNAR_API_KEY or `neynar-studio config init`)",
    );
    err.reword_on(404, format!("{what} was not found in {target}"))
    .hint_on(
        404,
        "list the app's files with `neynar-studio files list`, and your deployments with `neynar-studio deploy list`",
    )
}

/// Replaces the hints with `hint` when the API answered `status` (the general hint of a 403,
/// about the allowlist, is wrong where a role is what is missing).
pub(crate) fn only_hint_on(err: Error, status: u16, hint: &str) -> Error {
    if err.status() == Some(status) {
        let message = err.message().to_string();
        err.replace(message, vec![hint.to_string()])
    } else {
        err
    }
}

/// A file being written: a temporary file in the target's directory, made the target by
/// [`Atomic::commit`]; dropped before that, it is removed.
pub(crate) struct Atomic {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
    force: bool,
}

impl Atomic {
    /// Starts writing `target`. Refuses an existing target unless `force` (checked again at
    /// the rename, which never replaces a file that appeared meanwhile without `force`).
    pub(crate) fn create(target: &Path, force: bool) -> Result<Atomic> {
        if !force && target.symlink_metadata().is_ok() {
            return Err(Error::usage(format!(
                "{} already exists; it was not overwritten",
                target.display()
            ))
            .hint("pass --force to replace it, or choose another file with -o"));
        }
        if target.is_dir() {
            return Err(Error::usage(format!(
                "{} is a directory; -o takes a file name",
                target.display()
            )));
        }
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "download".into());
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".part");
        // A saved file gets the mode any new file gets (0666 less the umask), not the
        // temporary file's private 0600.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let temp = builder.tempfile_in(&dir).map_err(|e| {
            Error::failure(format!("cannot write in {}: {e}", dir.display()))
                .hint("check that the directory exists and is writable")
        })?;
        Ok(Atomic {
            temp,
            target: target.to_path_buf(),
            force,
        })
    }

    pub(crate) fn file(&mut self) -> &mut std::fs::File {
        self.temp.as_file_mut()
    }

    /// Flushes to disk and renames the temporary file to the target.
    pub(crate) fn commit(self) -> Result<()> {
        let Atomic {
            temp,
            target,
            force,
        } = self;
        temp.as_file().sync_all()?;
        let persisted = if force {
            temp.persist(&target).map(|_| ())
        } else {
            temp.persist_noclobber(&target).map(|_| ())
        };
        persisted.map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                Error::usage(format!(
                    "{} appeared while writing; it was not overwritten",
                    target.display()
                ))
                .hint("pass --force to replace it")
            } else {
                Error::failure(format!("cannot write {}: {}", target.display(), e.error))
            }
        })
    }
}
