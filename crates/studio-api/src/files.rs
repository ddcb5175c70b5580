//! The generated app's files: a directory's listing, one file's content, and an image fetched
//! from a URL into the app's `public/` folder. `file` and `files` need an admin key or the
//! FID's owner; all three are reads or a replaceable upload, and only the reads are repeated.

use serde::Serialize;
use serde_json::Value;

use super::client::{Client, Req, Target};
use super::error::ApiError;
use super::models::Object;
use super::ops;

/// One entry of a listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct FileEntry(pub Object);

impl FileEntry {
    pub fn name(&self) -> Option<&str> {
        self.0.str("name")
    }
    /// The path relative to the app's root (`gen/`); the name when the server sent no path.
    pub fn path(&self) -> Option<&str> {
        self.0.str("path").or_else(|| self.name())
    }
    pub fn is_directory(&self) -> bool {
        self.0.bool("is_directory").unwrap_or(false)
    }
}

/// `files`' answer: `{"files": [...]}` (unknown fields kept for `--json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Listing(pub Object);

impl Listing {
    pub fn from_value(value: Value) -> Result<Self, String> {
        // A bare array is accepted too, as the list endpoint once answered.
        let value = match value {
            Value::Array(items) => serde_json::json!({ "files": items }),
            other => other,
        };
        let object = Object::from_value(value)?;
        match object.get("files") {
            Some(Value::Array(_)) | None => Ok(Listing(object)),
            Some(other) => Err(format!(
                "`files` should be an array, got {}",
                super::models::type_name(other)
            )),
        }
    }

    /// The entries that are objects (anything else is skipped).
    pub fn entries(&self) -> Vec<FileEntry> {
        self.0
            .get("files")
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|v| Object::from_value(v.clone()).ok().map(FileEntry))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// `file`'s answer: `{"content": "...", "path": "..."}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct FileContent(pub Object);

impl FileContent {
    pub fn from_value(value: Value) -> Result<Self, String> {
        let object = Object::from_value(value)?;
        match object.get("content") {
            Some(Value::String(_)) => Ok(FileContent(object)),
            Some(other) => Err(format!(
                "`content` should be a string, got {}",
                super::models::type_name(other)
            )),
            None => Err("the answer has no `content`".into()),
        }
    }
    pub fn content(&self) -> &str {
        self.0.str("content").unwrap_or("")
    }
    pub fn path(&self) -> Option<&str> {
        self.0.str("path")
    }
}

/// The selection in a body: `fid`, `name` or `deployment_id`, and the upload's `url`.
#[derive(Serialize)]
struct UploadBody<'a> {
    fid: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deployment_id: Option<String>,
    url: &'a str,
}

fn decode<T>(r: Result<T, String>) -> Result<T, ApiError> {
    r.map_err(|detail| ApiError::Decode {
        status: 200,
        detail,
    })
}

impl Client {
    /// `GET /v2/studio/deployment/files`: one directory (the root when `directory` is `None`).
    pub async fn files(
        &self,
        fid: u64,
        target: &Target,
        directory: Option<&str>,
    ) -> Result<Listing, ApiError> {
        let mut query = target.query();
        query.push(("fid", fid.to_string()));
        if let Some(dir) = directory {
            query.push(("directory", dir.to_string()));
        }
        let value = self
            .call(Req {
                query,
                ..self.op(ops::FILES)
            })
            .await?;
        decode(Listing::from_value(value))
    }

    /// `GET /v2/studio/deployment/file`: one file's content, relative to the app's root.
    pub async fn file(
        &self,
        fid: u64,
        target: &Target,
        path: &str,
    ) -> Result<FileContent, ApiError> {
        let mut query = target.query();
        query.push(("fid", fid.to_string()));
        query.push(("file_path", path.to_string()));
        let value = self
            .call(Req {
                query,
                ..self.op(ops::FILE)
            })
            .await?;
        decode(FileContent::from_value(value))
    }

    /// `POST /v2/studio/deployment/upload-image-url`: the server downloads `url` into the
    /// app's `public/` folder and answers the stored `filename` and its `url`.
    pub async fn upload_image_url(
        &self,
        fid: u64,
        target: &Target,
        url: &str,
    ) -> Result<Object, ApiError> {
        let body = UploadBody {
            fid,
            name: target.name(),
            deployment_id: target.id(),
            url,
        };
        let value = self
            .call(self.op_json(ops::UPLOAD_IMAGE_URL, &body)?)
            .await?;
        decode(Object::from_value(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn listings_are_tolerant() {
        let l = Listing::from_value(json!({"files": [
            {"name": "app", "path": "app", "is_directory": true},
            {"name": "a.ts"},
            7
        ], "extra": 1}))
        .unwrap();
        let e = l.entries();
        assert_eq!(e.len(), 2);
        assert!(e[0].is_directory());
        assert_eq!(e[1].path(), Some("a.ts"));
        assert!(!e[1].is_directory());
        assert_eq!(Listing::from_value(json!([])).unwrap().entries().len(), 0);
        assert!(Listing::from_value(json!({"files": 1})).is_err());
    }

    #[test]
    fn content_must_be_text() {
        assert_eq!(
            FileContent::from_value(json!({"content": "x", "path": "a"}))
                .unwrap()
                .content(),
            "x"
        );
        assert!(FileContent::from_value(json!({"path": "a"})).is_err());
        assert!(FileContent::from_value(json!({"content": 1})).is_err());
    }
}
