//! The app's source as a ZIP archive (`export-zip`), handed over as a stream of chunks so a
//! caller can write it to disk with flat memory: the archive is never held whole.
//!
//! The spec declares no content type for the 200 answer; `application/zip` is expected and
//! anything else is passed on as it is (the caller checks the archive when it unpacks it).
//! Export needs a paid plan (402) and a running app.

use std::time::Duration;

use bytes::Bytes;

use super::client::{Client, MAX_ATTEMPTS, Req, Target, innermost};
use super::error::ApiError;
use super::ops;

/// An archive being received.
pub struct Download {
    resp: reqwest::Response,
    /// The longest silence between two chunks.
    idle: Duration,
}

impl std::fmt::Debug for Download {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Download")
            .field("length", &self.resp.content_length())
            .finish_non_exhaustive()
    }
}

impl Download {
    /// The announced length, when the server sent one (what is left of it, once reading began).
    pub fn length(&self) -> Option<u64> {
        self.resp.content_length()
    }

    /// The announced content type (empty when none).
    pub fn content_type(&self) -> &str {
        self.resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The next chunk; `None` at the end. A connection lost part-way is an error (never a
    /// short archive taken for a whole one), and so is a silence longer than the idle limit.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, ApiError> {
        match tokio::time::timeout(self.idle, self.resp.chunk()).await {
            Ok(Ok(chunk)) => Ok(chunk),
            Ok(Err(e)) => Err(ApiError::Network {
                detail: innermost(&e),
                before_response: false,
            }),
            Err(_) => Err(ApiError::Idle { after: self.idle }),
        }
    }
}

impl Client {
    /// `GET /v2/studio/deployment/export-zip`: the archive as a stream. The request is
    /// repeated on a transient fault before the answer starts (it is a read); once bytes flow,
    /// a broken stream is the caller's error to report. No total timeout: a big archive takes
    /// as long as it takes; the request timeout bounds each silence instead.
    pub async fn export_zip(
        &self,
        fid: u64,
        target: &Target,
        namespace: Option<&str>,
    ) -> Result<Download, ApiError> {
        let mut query = target.query();
        query.push(("fid", fid.to_string()));
        if let Some(ns) = namespace {
            query.push(("namespace", ns.to_string()));
        }
        let base = self.op(ops::EXPORT_ZIP);
        let idle = base.timeout.unwrap_or(super::client::DEFAULT_TIMEOUT);
        let req = Req {
            query,
            timeout: None,
            accept: "application/zip",
            ..base
        };
        let url = self.url(req.path, &req.query);
        let mut attempt = 1;
        loop {
            let sent = tokio::time::timeout(idle, self.send(&req, &url)).await;
            let result = match sent {
                Ok(r) => r,
                Err(_) => return Err(ApiError::Timeout { after: idle }),
            };
            match result {
                Ok(resp) => return Ok(Download { resp, idle }),
                Err(e) if req.retry && attempt < MAX_ATTEMPTS && e.is_transient() => {
                    let wait = e
                        .retry_after()
                        .unwrap_or(Duration::from_millis(250 << attempt))
                        .min(super::client::MAX_RETRY_AFTER);
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }
}
