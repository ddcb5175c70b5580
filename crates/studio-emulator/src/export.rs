//! `export-zip`: the deployment's workspace as a ZIP archive (`application/zip`), written by
//! the `zip` crate on a blocking thread into a channel the response body streams from, so an
//! archive of any size passes through a few chunks of memory. `--export-pad-mib N` adds an
//! incompressible file of N MiB (generated as it is written) for benchmarks; `--free-plan`
//! answers 402 as the API does without a paid plan. The app must be running: a stopped (or
//! still starting) dev server answers 400.

use std::io::Write;
use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use tokio::sync::mpsc;
use zip::write::SimpleFileOptions;

use super::Emu;
use super::files::{Workspace, owned};
use super::routes::{Lookup, Res, bad, json_reject};

/// The export options of the emulator (`neynar-studio emulator` flags).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ExportOptions {
    /// Add an incompressible file of MIB mebibytes to every export-zip archive, made as it is
    /// sent (for benchmarks)
    #[arg(long, value_name = "MIB", value_parser = clap::value_parser!(u32).range(1..=4000))]
    pub export_pad_mib: Option<u32>,

    /// Emulate a free plan: export-zip answers 402 (a paid plan is needed)
    #[arg(long)]
    pub free_plan: bool,
}

/// The size of the chunks the body is sent in.
const CHUNK: usize = 256 << 10;
/// Where the padding file goes in the archive.
pub const PAD_PATH: &str = "bench/padding.bin";

/// `GET export-zip`: by `deployment_id` or `name`, readable by an admin or the owner.
pub(super) async fn export_zip(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let lookup = Lookup::from_query(raw)?;
    let (workspace, name) = {
        let now = Instant::now();
        let mut world = emu.world();
        let d = owned(&emu, &headers, &lookup, &mut world)?;
        if emu.config.lifecycle.export.free_plan {
            return Err(json_reject(
                StatusCode::PAYMENT_REQUIRED,
                &json!({
                    "code": "PAYMENT_REQUIRED",
                    "message": "Exporting source code requires a paid Studio plan (GROWTH, STUDIO_PLUS, STUDIO_MAX)"
                }),
            ));
        }
        match d.dev_server_state(now) {
            "running" => {}
            "starting" => {
                return Err(bad(
                    "The deployment is still starting; export it once it is running",
                ));
            }
            _ => {
                return Err(bad(
                    "The deployment is not running; start it before exporting",
                ));
            }
        }
        (d.workspace.clone(), d.name.clone())
    };
    let pad = emu
        .config
        .lifecycle
        .export
        .export_pad_mib
        .map(|mib| u64::from(mib) << 20);
    let (tx, rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    tokio::task::spawn_blocking(move || {
        let mut out = ChannelWriter {
            tx: tx.clone(),
            buf: Vec::with_capacity(CHUNK),
        };
        if let Err(e) = write_zip(&mut out, &workspace, pad).and_then(|()| out.flush()) {
            // The client may be gone already; if not, its body ends in an error.
            let _ = tx.blocking_send(Err(e));
        }
    });
    let body = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    Ok((
        [
            (CONTENT_TYPE, "application/zip".to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.zip\""),
            ),
        ],
        Body::from_stream(body),
    )
        .into_response())
}

/// Writes the archive: every file of `workspace` (deflated), then `pad` bytes of noise
/// (stored) when asked.
pub fn write_zip(out: impl Write, workspace: &Workspace, pad: Option<u64>) -> std::io::Result<()> {
    let mut zip = zip::ZipWriter::new_stream(out);
    let now = zip_time(std::time::SystemTime::now());
    let deflated = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(now)
        .unix_permissions(0o644);
    for (path, content) in workspace.files() {
        zip.start_file(path.as_str(), deflated)
            .map_err(std::io::Error::other)?;
        zip.write_all(content)?;
    }
    if let Some(pad) = pad {
        let stored = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .last_modified_time(now)
            .unix_permissions(0o644)
            .large_file(pad >= u64::from(u32::MAX));
        zip.start_file(PAD_PATH, stored)
            .map_err(std::io::Error::other)?;
        let mut rng = fastrand::Rng::with_seed(0x5eed);
        let mut block = vec![0u8; 64 << 10];
        let mut left = pad;
        while left > 0 {
            let n = left.min(block.len() as u64) as usize;
            rng.fill(&mut block[..n]);
            zip.write_all(&block[..n])?;
            left -= n as u64;
        }
    }
    zip.finish().map_err(std::io::Error::other)?;
    Ok(())
}

/// `t` (UTC) as a ZIP timestamp; 1980-01-01 when it cannot be one.
fn zip_time(t: std::time::SystemTime) -> zip::DateTime {
    let secs = t
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Days to a civil date (Howard Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
    let rest = secs % 86_400;
    zip::DateTime::from_date_and_time(
        year,
        month,
        day,
        (rest / 3_600) as u8,
        (rest % 3_600 / 60) as u8,
        (rest % 60) as u8,
    )
    .unwrap_or_default()
}

/// A `Write` that sends what it is given down the body's channel in `CHUNK`s; it fails (and
/// the archive stops) when the client has gone.
struct ChannelWriter {
    tx: mpsc::Sender<Result<Bytes, std::io::Error>>,
    buf: Vec<u8>,
}

impl ChannelWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        self.tx
            .blocking_send(Ok(Bytes::from(chunk)))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client gone"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        let room = CHUNK - self.buf.len();
        let n = data.len().min(room);
        self.buf.extend_from_slice(&data[..n]);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn the_archive_holds_the_workspace_and_the_padding() {
        let mut w = Workspace::template("server-1");
        w.write("src/app/page.tsx", b"hello".to_vec());
        let mut bytes = Vec::new();
        write_zip(&mut bytes, &w, Some(3 << 20)).unwrap();
        assert!(bytes.len() > 3 << 20);
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut page = String::new();
        archive
            .by_name("src/app/page.tsx")
            .unwrap()
            .read_to_string(&mut page)
            .unwrap();
        assert_eq!(page, "hello");
        assert_eq!(archive.by_name(PAD_PATH).unwrap().size(), 3 << 20);
        assert!(archive.by_name("package.json").is_ok());
        let t = archive
            .by_name("package.json")
            .unwrap()
            .last_modified()
            .unwrap();
        assert!(t.year() >= 2025, "{t:?}");
        let known = zip_time(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_709_210_096));
        assert_eq!(
            (
                known.year(),
                known.month(),
                known.day(),
                known.hour(),
                known.minute(),
                known.second()
            ),
            (2024, 2, 29, 12, 34, 56)
        );
    }
}
