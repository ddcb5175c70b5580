/*!
Reading the local files a user names (`--file`, `--image`, the association file, the config
file): capped, and off the runtime's only thread.

Capped, because a path can be `/dev/zero` or a link to it: the read takes at most `cap + 1`
bytes and refuses more, whatever the file's size claims (a device says 0). Off the runtime
thread, because a path can be a FIFO nobody writes to: opening it blocks, and on the runtime
thread that block also stopped Ctrl-C from being noticed. On a blocking-pool thread the
runtime keeps running, the interrupt ends the process, and the stuck thread is left behind.

Each caller words the errors itself (which file, which limit, which exit code).
*/

use std::io::Read;
use std::path::{Path, PathBuf};

/// Why a capped read failed.
#[derive(Debug)]
pub enum ReadError {
    /// Opening or reading failed.
    Io(std::io::Error),
    /// The file holds more than the cap.
    TooLarge,
}

/// Reads at most `cap` bytes of `path`, on the calling thread.
pub fn read_capped_sync(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    read_capped_from(file, cap)
}

/// Reads at most `cap` bytes from `reader`: `cap + 1` bytes are taken, so more is noticed
/// without reading on.
pub fn read_capped_from(reader: impl Read, cap: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    reader
        .take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
}

/// [`read_capped_sync`] on the blocking pool, so the runtime (and Ctrl-C) stays responsive
/// while a FIFO or a slow device holds the read.
pub async fn read_capped(path: PathBuf, cap: u64) -> Result<Vec<u8>, ReadError> {
    tokio::task::spawn_blocking(move || read_capped_sync(&path, cap))
        .await
        .map_err(|e| ReadError::Io(std::io::Error::other(e.to_string())))?
}

/// A cap for messages: `5 MiB`, or `512 KiB` below a mebibyte.
pub fn show_cap(cap: u64) -> String {
    if cap >= 1 << 20 {
        format!("{} MiB", cap >> 20)
    } else {
        format!("{} KiB", cap >> 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_zero_is_refused_at_the_cap() {
        assert!(matches!(
            read_capped_sync(Path::new("/dev/zero"), 1 << 10),
            Err(ReadError::TooLarge)
        ));
        assert_eq!(read_capped_from(&b"abc"[..], 3).unwrap(), b"abc");
        assert!(matches!(
            read_capped_from(&b"abcd"[..], 3),
            Err(ReadError::TooLarge)
        ));
    }
}
