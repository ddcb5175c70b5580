/*!
Unpacking an exported archive, safely: what a server sends is not trusted.

Refused, before anything is written for that entry:
- a path that leaves the target directory (`..`), an absolute path or a drive prefix;
- a symbolic link, a device, a FIFO or a socket (by the entry's Unix mode);
- more than [`MAX_ENTRIES`] entries, or declared sizes adding up to more than the cap;
- an entry whose data runs past the size its header declares (a lying header, the other
  shape of a zip bomb), and a total written past the cap, counted on the bytes themselves.

Existing files are replaced only when the caller allows it, and never through a symbolic
link: a link already in the target directory could otherwise carry a write outside it.
Files get mode 0644, or 0755 when the archive marks them executable; no setuid, no setgid.
The zip crate does the parsing (and checks each entry's CRC).
*/

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::path::{Component, Path, PathBuf};

/// The most an archive may unpack to (an exported miniapp is a few MiB).
pub const MAX_UNPACKED: u64 = 1 << 30;
/// The most entries an archive may hold.
pub const MAX_ENTRIES: usize = 100_000;

/// Why an archive was refused or could not be unpacked.
#[derive(Debug)]
pub enum UnzipError {
    /// Not a ZIP archive, or a broken one.
    Corrupt(String),
    /// An entry that is not allowed; the string says which and why.
    Refused(String),
    /// Writing failed.
    Io(io::Error),
}

impl std::fmt::Display for UnzipError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UnzipError::Corrupt(why) => write!(f, "the archive is not a valid ZIP file: {why}"),
            UnzipError::Refused(why) => f.write_str(why),
            UnzipError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<io::Error> for UnzipError {
    fn from(e: io::Error) -> Self {
        UnzipError::Io(e)
    }
}

/// What was unpacked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Unpacked {
    pub files: u64,
    pub dirs: u64,
    pub bytes: u64,
}

const S_IFMT: u32 = 0o170_000;
const S_IFREG: u32 = 0o100_000;
const S_IFDIR: u32 = 0o040_000;
const S_IFLNK: u32 = 0o120_000;

/// The entry's path inside `dir`, or why it is refused.
fn safe_path(name: &str) -> Result<PathBuf, String> {
    let shown = name.escape_debug().to_string();
    if name.starts_with('/') || name.starts_with('\\') || name.as_bytes().get(1) == Some(&b':') {
        return Err(format!("'{shown}' is an absolute path"));
    }
    let mut out = PathBuf::new();
    // Both separators: an archive made on Windows may use '\'.
    for part in name.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => return Err(format!("'{shown}' leaves the target directory (..)")),
            p => {
                let c = Path::new(p).components().next();
                if !matches!(c, Some(Component::Normal(_))) || p.contains('\0') {
                    return Err(format!("'{shown}' is not a plain relative path"));
                }
                out.push(p);
            }
        }
    }
    if out.as_os_str().is_empty() {
        return Err(format!("'{shown}' has no name"));
    }
    Ok(out)
}

/// Creates `dir/rel`'s parent directories, refusing to pass through a symbolic link.
fn make_parents(dir: &Path, rel: &Path) -> io::Result<()> {
    let mut at = dir.to_path_buf();
    let parts: Vec<_> = rel.components().collect();
    for part in parts.iter().take(parts.len().saturating_sub(1)) {
        at.push(part);
        match fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(io::Error::other(format!(
                    "{} is a symbolic link; not writing through it",
                    at.display()
                )));
            }
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                return Err(io::Error::other(format!(
                    "{} exists and is not a directory",
                    at.display()
                )));
            }
            Err(_) => fs::create_dir(&at)?,
        }
    }
    Ok(())
}

/// Unpacks `archive` into `dir` (which exists). `replace`: existing files may be replaced.
pub fn unpack(
    archive: impl Read + Seek,
    dir: &Path,
    replace: bool,
) -> Result<Unpacked, UnzipError> {
    unpack_capped(archive, dir, replace, MAX_UNPACKED)
}

/// [`unpack`] with a given cap on the unpacked size.
pub fn unpack_capped(
    archive: impl Read + Seek,
    dir: &Path,
    replace: bool,
    cap: u64,
) -> Result<Unpacked, UnzipError> {
    let mut zip = zip::ZipArchive::new(archive).map_err(|e| UnzipError::Corrupt(e.to_string()))?;
    if zip.len() > MAX_ENTRIES {
        return Err(UnzipError::Refused(format!(
            "the archive holds {} entries, more than the {MAX_ENTRIES} allowed",
            zip.len()
        )));
    }
    // First pass, before anything is written: every name, kind and declared size.
    let mut declared: u64 = 0;
    let mut plan = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| UnzipError::Corrupt(e.to_string()))?;
        let name = entry
            .name()
            .map_err(|e| UnzipError::Corrupt(e.to_string()))?
            .into_owned();
        let path = safe_path(&name).map_err(UnzipError::Refused)?;
        let mode = entry.unix_mode();
        let kind = mode.map(|m| m & S_IFMT).filter(|k| *k != 0);
        let shown = name.escape_debug().to_string();
        if entry.is_symlink() || kind == Some(S_IFLNK) {
            return Err(UnzipError::Refused(format!(
                "'{shown}' is a symbolic link; links are not unpacked"
            )));
        }
        let is_dir = entry.is_dir() || kind == Some(S_IFDIR);
        if let Some(k) = kind
            && k != S_IFREG
            && k != S_IFDIR
        {
            return Err(UnzipError::Refused(format!(
                "'{shown}' is a device, FIFO or socket; only files and directories are unpacked"
            )));
        }
        declared = declared.saturating_add(entry.size());
        if declared > cap {
            return Err(UnzipError::Refused(format!(
                "the archive would unpack to more than {} (a zip bomb?)",
                crate::local::show_cap(cap)
            )));
        }
        let exec = mode.is_some_and(|m| m & 0o111 != 0);
        plan.push((path, is_dir, entry.size(), exec, shown));
    }
    let mut done = Unpacked::default();
    let mut buf = vec![0u8; 64 << 10];
    for (i, (rel, is_dir, size, exec, shown)) in plan.into_iter().enumerate() {
        make_parents(dir, &rel)?;
        let at = dir.join(&rel);
        if is_dir {
            match fs::symlink_metadata(&at) {
                Ok(m) if m.is_dir() && !m.file_type().is_symlink() => {}
                Ok(_) => {
                    return Err(UnzipError::Refused(format!(
                        "'{shown}': {} exists and is not a directory",
                        at.display()
                    )));
                }
                Err(_) => fs::create_dir(&at)?,
            }
            done.dirs += 1;
            continue;
        }
        if let Ok(m) = fs::symlink_metadata(&at) {
            if !replace || m.is_dir() {
                return Err(UnzipError::Refused(format!(
                    "{} already exists; it was not overwritten",
                    at.display()
                )));
            }
            // Removed, not opened: an existing link is replaced, never written through.
            fs::remove_file(&at)?;
        }
        let mut out = open_new(&at, exec)?;
        let mut entry = zip
            .by_index(i)
            .map_err(|e| UnzipError::Corrupt(e.to_string()))?;
        let mut written: u64 = 0;
        loop {
            let n = match entry.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    drop(out);
                    let _ = fs::remove_file(&at);
                    return Err(UnzipError::Corrupt(format!("'{shown}': {e}")));
                }
            };
            written += n as u64;
            if written > size || done.bytes + written > cap {
                drop(out);
                let _ = fs::remove_file(&at);
                return Err(UnzipError::Refused(format!(
                    "'{shown}' holds more data than its header declares (a zip bomb?)"
                )));
            }
            out.write_all(&buf[..n])?;
        }
        done.bytes += written;
        done.files += 1;
    }
    Ok(done)
}

fn open_new(path: &Path, exec: bool) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(if exec { 0o755 } else { 0o644 });
    }
    #[cfg(not(unix))]
    let _ = exec;
    o.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(safe_path("a/b.txt").unwrap(), PathBuf::from("a/b.txt"));
        assert_eq!(safe_path("./a//b").unwrap(), PathBuf::from("a/b"));
        assert!(safe_path("../x").is_err());
        assert!(safe_path("a/../../x").is_err());
        assert!(safe_path("a\\..\\x").is_err());
        assert!(safe_path("/etc/passwd").is_err());
        assert!(safe_path("C:/x").is_err());
        assert!(safe_path("").is_err());
    }
}
