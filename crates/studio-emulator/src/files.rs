//! A deployment's workspace (the generated app under `gen/`): the template's files, plus what
//! the scripted agent's `Write` and `Edit` tool calls wrote, applied as the session's events
//! fall due (`state::Deployment::settle`). `files` lists a directory, `file` reads one file
//! (a Studio admin key, or the owner's fid: 403 otherwise), and `upload-image-url` stores an
//! image under `public/images/` without fetching anything: the emulator never leaves loopback,
//! so it checks the URL, makes up the stored file's name from it, and stores a placeholder.
//!
//! The workspace is bounded (`MAX_FILES`, `MAX_BYTES`, `MAX_FILE`): a write past a bound is
//! dropped, as a full disk would drop it.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::Emu;
use super::routes::{Lookup, Res, bad, body_object, fail, json_response, not_found, opt_str};
use super::state::{Deployment, World};

/// The agent's working directory: tool calls name files under it.
const CWD: &str = "/workspace/gen/";
/// At most this many files in a workspace.
pub const MAX_FILES: usize = 2_000;
/// At most this many bytes in all of a workspace's files.
pub const MAX_BYTES: usize = 16 << 20;
/// At most this many bytes in one file.
pub const MAX_FILE: usize = 2 << 20;

/// The files of a generated app, by path relative to `gen/` (`src/app/page.tsx`).
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    files: BTreeMap<String, Vec<u8>>,
    bytes: usize,
}

/// A path relative to `gen/`, normalized: no empty, `.` or `..` components, not absolute.
pub fn relative(path: &str) -> Option<String> {
    let path = path.strip_prefix(CWD).unwrap_or(path);
    if path.starts_with('/') || path.contains('\\') || path.contains('\0') {
        return None;
    }
    let parts: Vec<&str> = path
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if parts.is_empty() || parts.contains(&"..") {
        return None;
    }
    Some(parts.join("/"))
}

impl Workspace {
    /// The template a new deployment starts from: a small Next.js miniapp.
    pub fn template(name: &str) -> Workspace {
        let mut w = Workspace::default();
        for (path, content) in template_files(name) {
            w.write(&path, content.into_bytes());
        }
        w
    }

    /// Writes `content` at `path` (relative to `gen/`); false (nothing written) when a bound
    /// would be passed.
    pub fn write(&mut self, path: &str, content: Vec<u8>) -> bool {
        let old = self.files.get(path).map_or(0, Vec::len);
        let is_new = !self.files.contains_key(path);
        if content.len() > MAX_FILE
            || self.bytes - old + content.len() > MAX_BYTES
            || (is_new && self.files.len() >= MAX_FILES)
        {
            return false;
        }
        self.bytes = self.bytes - old + content.len();
        self.files.insert(path.to_string(), content);
        true
    }

    /// Replaces `old` with `new` in the file at `path` (the first occurrence, or all); false
    /// when the file or the text is not there, as the agent's Edit tool fails.
    pub fn edit(&mut self, path: &str, old: &str, new: &str, all: bool) -> bool {
        let Some(text) = self
            .files
            .get(path)
            .and_then(|b| std::str::from_utf8(b).ok())
        else {
            return false;
        };
        if old.is_empty() || !text.contains(old) {
            return false;
        }
        let edited = if all {
            text.replace(old, new)
        } else {
            text.replacen(old, new, 1)
        };
        self.write(path, edited.into_bytes())
    }

    /// Applies one event of a session: the `Write` and `Edit` tool calls an assistant message
    /// carries.
    pub fn apply(&mut self, event: &Value) {
        if event.get("type").and_then(Value::as_str) != Some("assistant") {
            return;
        }
        let Some(content) = event.pointer("/message/content").and_then(Value::as_array) else {
            return;
        };
        for block in content {
            if block.get("type").and_then(Value::as_str) != Some("tool_use") {
                continue;
            }
            let input = &block["input"];
            let Some(path) = input
                .get("file_path")
                .and_then(Value::as_str)
                .and_then(relative)
            else {
                continue;
            };
            let text = |key: &str| input.get(key).and_then(Value::as_str);
            match block.get("name").and_then(Value::as_str) {
                Some("Write") => {
                    if let Some(content) = text("content") {
                        self.write(&path, content.as_bytes().to_vec());
                    }
                }
                Some("Edit") => {
                    if let (Some(old), Some(new)) = (text("old_string"), text("new_string")) {
                        let all = input.get("replace_all").and_then(Value::as_bool) == Some(true);
                        self.edit(&path, old, new, all);
                    }
                }
                _ => {}
            }
        }
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// Whether `dir` ("" for the root) holds anything.
    pub fn is_dir(&self, dir: &str) -> bool {
        dir.is_empty() || {
            let prefix = format!("{dir}/");
            self.files
                .range(prefix.clone()..)
                .next()
                .is_some_and(|(p, _)| p.starts_with(&prefix))
        }
    }

    /// The entries directly in `dir` ("" for the root): (name, path, is a directory),
    /// directories first, each group by name.
    pub fn list(&self, dir: &str) -> Vec<(String, String, bool)> {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let mut dirs = std::collections::BTreeSet::new();
        let mut files = Vec::new();
        for path in self.files.keys() {
            let Some(rest) = path.strip_prefix(&prefix) else {
                continue;
            };
            match rest.split_once('/') {
                Some((sub, _)) => {
                    dirs.insert(sub.to_string());
                }
                None => files.push(rest.to_string()),
            }
        }
        let entry = |name: String, is_dir: bool| {
            let path = format!("{prefix}{name}");
            (name, path, is_dir)
        };
        dirs.into_iter()
            .map(|d| entry(d, true))
            .chain(files.into_iter().map(|f| entry(f, false)))
            .collect()
    }

    /// Every file, by path.
    pub fn files(&self) -> impl Iterator<Item = (&String, &Vec<u8>)> {
        self.files.iter()
    }

    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

/// The deployment a request names, readable by a Studio admin key or by its owner's fid
/// (given as `fid` or `namespace`): 403 for anyone else.
pub(super) fn owned<'w>(
    emu: &Emu,
    headers: &HeaderMap,
    lookup: &Lookup,
    world: &'w mut World,
) -> Res<&'w mut Deployment> {
    let admin = emu.is_admin(headers);
    let d = world
        .find_mut(lookup.id.as_ref(), lookup.name.as_deref(), None)
        .ok_or_else(not_found)?;
    match lookup.fid {
        Some(fid) if fid == d.fid => Ok(d),
        _ if admin => Ok(d),
        Some(_) => Err(fail(
            StatusCode::FORBIDDEN,
            "This deployment belongs to another FID",
        )),
        None => Err(fail(
            StatusCode::FORBIDDEN,
            "Studio admin access or the owner's fid is required",
        )),
    }
}

/// `GET files`: the entries of `directory` (the root by default).
pub(super) async fn list(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let directory = super::routes::query_map(raw.clone())
        .remove("directory")
        .unwrap_or_default();
    let lookup = Lookup::from_query(raw)?;
    let dir = match directory.trim_matches('/') {
        "" | "." => String::new(),
        d => relative(d).ok_or_else(|| bad("directory must be a path inside gen/"))?,
    };
    let mut world = emu.world();
    let d = owned(&emu, &headers, &lookup, &mut world)?;
    if d.workspace.get(&dir).is_some() {
        return Err(bad(format!("{dir} is a file, not a directory")));
    }
    if !d.workspace.is_dir(&dir) {
        return Err(fail(StatusCode::NOT_FOUND, "Directory not found"));
    }
    let files: Vec<Value> = d
        .workspace
        .list(&dir)
        .into_iter()
        .map(|(name, path, is_dir)| json!({"name": name, "path": path, "is_directory": is_dir}))
        .collect();
    Ok(json_response(StatusCode::OK, &json!({ "files": files })))
}

/// `GET file`: the content of `file_path` (text; bytes that are not UTF-8 replaced).
pub(super) async fn file(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let requested = super::routes::query_map(raw.clone()).remove("file_path");
    let lookup = Lookup::from_query(raw)?;
    let requested = requested
        .filter(|p| !p.is_empty())
        .ok_or_else(|| bad("file_path is required"))?;
    let path = relative(&requested).ok_or_else(|| bad("file_path must be a path inside gen/"))?;
    let mut world = emu.world();
    let d = owned(&emu, &headers, &lookup, &mut world)?;
    let Some(content) = d.workspace.get(&path) else {
        if d.workspace.is_dir(&path) {
            return Err(bad(format!("{path} is a directory")));
        }
        return Err(fail(StatusCode::NOT_FOUND, "File not found"));
    };
    let content = String::from_utf8_lossy(content);
    Ok(json_response(
        StatusCode::OK,
        &json!({"path": path, "content": content}),
    ))
}

/// The extensions an image URL may end in.
const IMAGE_EXTENSIONS: [&str; 7] = ["png", "jpg", "jpeg", "gif", "webp", "svg", "avif"];

/// A 1×1 transparent PNG: what the emulator stores for an image it does not fetch.
const PLACEHOLDER_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

/// The stored name for an image at `url`: its last path segment, reduced to `[a-z0-9._-]`,
/// with an image extension (`.png` when it has none), unique in `public/images/`.
fn image_name(url: &url::Url, workspace: &Workspace) -> Res<String> {
    let last = url
        .path_segments()
        .and_then(|mut s| s.next_back())
        .unwrap_or("");
    let last = percent_decode(last);
    let clean: String = last
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let clean = clean.trim_matches(|c| c == '.' || c == '-').to_string();
    let (stem, ext) = match clean.rsplit_once('.') {
        Some((stem, ext)) if IMAGE_EXTENSIONS.contains(&ext) => (stem.to_string(), ext.to_string()),
        Some((_, ext)) if matches!(ext, "html" | "htm" | "php" | "js" | "exe" | "zip" | "txt") => {
            return Err(bad(format!(
                "url does not point to an image (.{ext}); expected one of {}",
                IMAGE_EXTENSIONS.join(", ")
            )));
        }
        _ => (clean.clone(), "png".to_string()),
    };
    let stem: String = stem.chars().take(64).collect();
    let stem = if stem.is_empty() {
        "image".to_string()
    } else {
        stem
    };
    let mut name = format!("{stem}.{ext}");
    let mut n = 1;
    while workspace.get(&format!("public/images/{name}")).is_some() {
        n += 1;
        name = format!("{stem}-{n}.{ext}");
    }
    Ok(name)
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// `POST upload-image-url`: `url` (http or https, with a host) is checked, never fetched.
pub(super) async fn upload_image_url(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let map = body_object(body)?;
    let raw = opt_str(&map, "url")?
        .filter(|u| !u.trim().is_empty())
        .ok_or_else(|| bad("url is required"))?;
    let url = url::Url::parse(raw.trim()).map_err(|_| bad("url must be an absolute URL"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("url must be an http or https URL"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("url must have a host"));
    }
    let lookup = Lookup::from_body(&map)?;
    let mut world = emu.world();
    let d = lookup.find(&mut world)?;
    let name = image_name(&url, &d.workspace)?;
    let stored = if name.ends_with(".svg") {
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>\n".to_vec()
    } else {
        PLACEHOLDER_PNG.to_vec()
    };
    if !d.workspace.write(&format!("public/images/{name}"), stored) {
        return Err(fail(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The app's workspace is full",
        ));
    }
    d.updated_at = std::time::SystemTime::now();
    Ok(json_response(
        StatusCode::OK,
        &json!({
            "success": true,
            "message": "Image uploaded successfully",
            "filename": name,
            "url": format!("/images/{name}"),
        }),
    ))
}

/// The template's files for the app `name`.
fn template_files(name: &str) -> Vec<(String, String)> {
    let package = json!({
        "name": name,
        "version": "0.1.0",
        "private": true,
        "scripts": {"dev": "next dev", "build": "next build", "start": "next start", "lint": "next lint"},
        "dependencies": {
            "@farcaster/miniapp-sdk": "^0.1.9",
            "@neynar/react": "^1.2.5",
            "next": "15.5.2",
            "react": "19.1.0",
            "react-dom": "19.1.0"
        },
        "devDependencies": {
            "@types/node": "^20",
            "@types/react": "^19",
            "@types/react-dom": "^19",
            "tailwindcss": "^4",
            "@tailwindcss/postcss": "^4",
            "typescript": "^5"
        }
    });
    let package = serde_json::to_string_pretty(&package).unwrap_or_default() + "\n";
    let manifest = json!({
        "miniapp": {
            "version": "1",
            "name": name,
            "homeUrl": format!("https://{name}.neynar.app"),
            "iconUrl": format!("https://{name}.neynar.app/icon.png"),
            "splashBackgroundColor": "#6d28d9"
        }
    });
    let manifest = serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n";
    [
        (".gitignore", "node_modules/\n.next/\n.env*.local\n.vercel\n".to_string()),
        ("README.md", format!("# {name}\n\nA Farcaster miniapp generated by Neynar Studio.\n\n```sh\nnpm install\nnpm run dev\n```\n")),
        ("package.json", package),
        ("next.config.ts", "import type { NextConfig } from \"next\";\n\nconst nextConfig: NextConfig = {};\n\nexport default nextConfig;\n".to_string()),
        ("postcss.config.mjs", "export default { plugins: { \"@tailwindcss/postcss\": {} } };\n".to_string()),
        ("tsconfig.json", "{\n  \"compilerOptions\": {\n    \"target\": \"ES2017\",\n    \"lib\": [\"dom\", \"dom.iterable\", \"esnext\"],\n    \"strict\": true,\n    \"noEmit\": true,\n    \"module\": \"esnext\",\n    \"moduleResolution\": \"bundler\",\n    \"jsx\": \"preserve\",\n    \"paths\": { \"@/*\": [\"./src/*\"] }\n  },\n  \"include\": [\"next-env.d.ts\", \"**/*.ts\", \"**/*.tsx\"]\n}\n".to_string()),
        ("public/.well-known/farcaster.json", manifest),
        ("src/app/globals.css", "@import \"tailwindcss\";\n\nbody {\n  font-family: system-ui, sans-serif;\n}\n".to_string()),
        ("src/app/layout.tsx", "import type { Metadata } from \"next\";\nimport \"./globals.css\";\nimport { Providers } from \"./providers\";\n\nexport const metadata: Metadata = {\n  title: \"Miniapp\",\n  description: \"A Farcaster miniapp\",\n};\n\nexport default function RootLayout({ children }: { children: React.ReactNode }) {\n  return (\n    <html lang=\"en\">\n      <body>\n        <Providers>{children}</Providers>\n      </body>\n    </html>\n  );\n}\n".to_string()),
        ("src/app/page.tsx", "export default function Page() {\n  return (\n    <main className=\"min-h-screen bg-purple-700 text-white\">\n      <h1>Welcome to your miniapp</h1>\n    </main>\n  );\n}\n".to_string()),
        ("src/app/providers.tsx", "\"use client\";\n\nimport { useEffect } from \"react\";\nimport { sdk } from \"@farcaster/miniapp-sdk\";\n\nexport function Providers({ children }: { children: React.ReactNode }) {\n  useEffect(() => {\n    sdk.actions.ready();\n  }, []);\n  return <>{children}</>;\n}\n".to_string()),
        ("src/lib/constants.ts", format!("export const APP_NAME = \"{name}\";\nexport const APP_URL = process.env.NEXT_PUBLIC_URL ?? \"https://{name}.neynar.app\";\n")),
    ]
    .into_iter()
    .map(|(p, c)| (p.to_string(), c))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_gen() {
        assert_eq!(
            relative("/workspace/gen/src/app/page.tsx").as_deref(),
            Some("src/app/page.tsx")
        );
        assert_eq!(relative("src//./a.ts").as_deref(), Some("src/a.ts"));
        for bad in [
            "/etc/passwd",
            "../x",
            "src/../../x",
            "",
            "/workspace/gen/",
            "a\\b",
        ] {
            assert_eq!(relative(bad), None, "{bad}");
        }
    }

    #[test]
    fn writes_edits_listing_and_bounds() {
        let mut w = Workspace::template("server-1");
        assert!(w.get("package.json").is_some());
        let root = w.list("");
        assert!(root.contains(&("src".into(), "src".into(), true)));
        assert!(root.contains(&("package.json".into(), "package.json".into(), false)));
        assert_eq!(
            w.list("src/app")
                .iter()
                .map(|e| e.0.as_str())
                .collect::<Vec<_>>(),
            ["globals.css", "layout.tsx", "page.tsx", "providers.tsx"]
        );
        assert!(w.is_dir("src") && w.is_dir("public/.well-known") && !w.is_dir("sr"));
        w.apply(&json!({"type": "assistant", "message": {"content": [
            {"type": "tool_use", "name": "Write", "input": {"file_path": "/workspace/gen/src/x.ts", "content": "a b a"}},
            {"type": "tool_use", "name": "Edit", "input": {"file_path": "/workspace/gen/src/x.ts", "old_string": "a", "new_string": "c"}},
            {"type": "tool_use", "name": "Write", "input": {"file_path": "/etc/passwd", "content": "no"}},
        ]}}));
        assert_eq!(w.get("src/x.ts"), Some(&b"c b a"[..]));
        assert!(w.edit("src/x.ts", "a", "d", true));
        assert_eq!(w.get("src/x.ts"), Some(&b"c b d"[..]));
        assert!(!w.edit("src/x.ts", "zzz", "d", true));
        assert!(!w.write("big", vec![0; MAX_FILE + 1]));
        let before = w.bytes();
        for i in 0..20 {
            w.write(&format!("f{i}"), vec![0; MAX_FILE]);
        }
        assert!(w.bytes() <= MAX_BYTES && w.bytes() > before);
    }

    #[test]
    fn image_names_are_made_from_the_url() {
        let mut w = Workspace::default();
        let name = |w: &Workspace, u: &str| image_name(&url::Url::parse(u).unwrap(), w);
        assert_eq!(
            name(&w, "https://example.com/a/My%20Cat.PNG?x=1")
                .ok()
                .unwrap(),
            "my-cat.png"
        );
        assert_eq!(name(&w, "https://example.com/").ok().unwrap(), "image.png");
        assert_eq!(
            name(&w, "https://example.com/photo").ok().unwrap(),
            "photo.png"
        );
        assert!(name(&w, "https://example.com/index.html").is_err());
        w.write("public/images/logo.svg", vec![]);
        assert_eq!(
            name(&w, "http://example.com/logo.svg").ok().unwrap(),
            "logo-2.svg"
        );
    }
}
