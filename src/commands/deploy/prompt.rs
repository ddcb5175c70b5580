//! `deploy prompt`: send a prompt and follow the generation: streamed live (the default), as
//! NDJSON for scripts (`--json`), or through the blocking endpoint (`--no-stream`).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::Engine;

use super::wait::{WaitOpts, until_ready};
use super::{generation, not_found, parse_name, parse_uuid};
use crate::api::client::{Image, PromptReply, PromptRequest, Target};
use crate::api::error::ApiError;
use crate::commands::Ctx;
use crate::error::{Error, Result};
use crate::render::{json, sanitize};

/// The largest image sent.
pub const MAX_IMAGE: u64 = 5 << 20;
/// All images of one prompt together: each is sent base64-encoded in the JSON body, so the
/// request holds them twice; without a total, six 5 MiB images took 165 MiB.
pub const MAX_IMAGES_TOTAL: u64 = 8 << 20;
/// The largest prompt read from a file or stdin: some 500,000 tokens, past any model's
/// context. (It was 10 MiB; with 8 MiB of images that peaked at 62 MiB, the prompt being held
/// as text and again in the JSON body.)
const MAX_PROMPT: u64 = 2 << 20;
/// The blocking endpoint answers when the generation ends: 5-10 minutes, so never less than this.
const MIN_BLOCKING_TIMEOUT: Duration = Duration::from_secs(15 * 60);
const DEFAULT_BLOCKING_TIMEOUT: Duration = Duration::from_secs(30 * 60);

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Action {
    /// Generate a new app from scratch
    CodeCreate,
    /// Change the existing app
    CodeEdit,
    /// Find and fix problems in the app
    Debug,
    /// Answer questions about the app
    Info,
    /// Look at the app's latest server logs
    Logs,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::CodeCreate => "code-create",
            Action::CodeEdit => "code-edit",
            Action::Debug => "debug",
            Action::Info => "info",
            Action::Logs => "logs",
        }
    }
}

/// The system prompt the generator uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Variant {
    Canary,
    Beta,
    Stable,
}

impl Variant {
    pub fn as_str(self) -> &'static str {
        match self {
            Variant::Canary => "canary",
            Variant::Beta => "beta",
            Variant::Stable => "stable",
        }
    }
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
NAME may be left out: the current deployment is used. A single argument with a space in it
is the prompt; a single deployment name takes the prompt from --file or piped stdin.
Ctrl-C cancels the generation on the server (within a few seconds), unless --detach.

Examples:
  neynar-studio deploy prompt \"a counter app with a purple theme\"
  neynar-studio deploy prompt server-250904162435170 \"add a share button\" --action code-edit
  neynar-studio deploy prompt --file prompt.md --image mockup.png --wait
  cat prompt.txt | neynar-studio deploy prompt server-250904162435170 --json | jq -r .type")]
pub struct Args {
    /// The deployment (default: the current one)
    #[arg(value_name = "NAME", add = clap_complete::ArgValueCandidates::new(crate::commands::completions::deployment_names))]
    pub first: Option<String>,

    /// The prompt; '-' reads it from stdin
    #[arg(value_name = "PROMPT")]
    pub second: Option<String>,

    /// Read the prompt from a file
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,

    /// What to do [default: code-edit when the deployment has an app, else code-create]
    #[arg(long, value_enum, value_name = "ACTION")]
    pub action: Option<Action>,

    /// Use the blocking endpoint: no live output, the answer at the end
    #[arg(long)]
    pub no_stream: bool,

    /// Continue this conversation
    #[arg(long = "conversation", value_name = "UUID", value_parser = parse_uuid)]
    pub conversation: Option<uuid::Uuid>,

    /// Resume this agent session
    #[arg(long = "session", value_name = "ID")]
    pub session: Option<String>,

    /// Attach an image (PNG, JPEG, GIF or WebP, at most 5 MiB; repeatable)
    #[arg(long = "image", value_name = "PATH")]
    pub images: Vec<PathBuf>,

    /// Wait for the deployment to be ready first (up to --timeout, default 5m)
    #[arg(long)]
    pub wait: bool,

    /// End the stream when it sends nothing at all, not even a keep-alive, for this long
    #[arg(long, value_name = "DUR", default_value = "5m", value_parser = crate::duration::parse_positive)]
    pub idle_timeout: Duration,

    /// The system prompt variant [default: the server's, stable]
    #[arg(long, value_enum, value_name = "V")]
    pub variant: Option<Variant>,

    /// On Ctrl-C, leave the generation running on the server instead of cancelling it
    #[arg(long)]
    pub detach: bool,

    /// Deployment ID instead of a name
    #[arg(long, value_name = "UUID", value_parser = parse_uuid)]
    pub id: Option<uuid::Uuid>,

    /// Kubernetes namespace, when the API cannot infer it from the FID
    #[arg(long, value_name = "NS")]
    pub namespace: Option<String>,
}

/// Where the prompt text comes from.
#[derive(Debug, PartialEq, Eq)]
enum PromptSource {
    Text(String),
    File(PathBuf),
    Stdin,
}

/// Sorts out `[NAME] [PROMPT | - ]` and `--file`. A prompt is words; a deployment name has no
/// spaces. One argument is the prompt, unless it is a valid name and the prompt comes from
/// elsewhere; a lone name with nowhere to read a prompt from is an error, never sent as the
/// prompt (a prompt costs LLM tokens).
fn sort_arguments(
    first: Option<String>,
    second: Option<String>,
    file: Option<PathBuf>,
    id_given: bool,
    stdin_is_terminal: bool,
) -> Result<(Option<String>, PromptSource)> {
    let name = |raw: String| parse_name(&raw).map_err(Error::usage);
    match (first, second, file) {
        (_, Some(_), Some(_)) => Err(Error::usage(
            "give the prompt once: as an argument or with --file",
        )),
        (Some(first), None, Some(file)) => {
            if id_given {
                return Err(Error::usage(
                    "give the prompt once: as an argument or with --file",
                ));
            }
            Ok((Some(name(first)?), PromptSource::File(file)))
        }
        (None, None, Some(file)) => Ok((None, PromptSource::File(file))),
        (Some(first), Some(second), None) => {
            if id_given {
                return Err(Error::usage(
                    "--id names the deployment already: pass only the prompt",
                ));
            }
            let source = if second == "-" {
                PromptSource::Stdin
            } else {
                PromptSource::Text(second)
            };
            Ok((Some(name(first)?), source))
        }
        (Some(first), None, None) => {
            if first == "-" {
                return Ok((None, PromptSource::Stdin));
            }
            let name_like = !id_given && parse_name(&first).is_ok();
            if !name_like {
                return Ok((None, PromptSource::Text(first)));
            }
            if !stdin_is_terminal {
                return Ok((Some(first), PromptSource::Stdin));
            }
            Err(Error::usage(format!("no prompt given for deployment '{first}'")).hint(format!(
                "pass it after the name: neynar-studio deploy prompt {first} \"what to build\" (or pipe it in); \
                 if '{first}' is the prompt itself, name the deployment first"
            )))
        }
        (None, None, None) => {
            if !stdin_is_terminal {
                return Ok((None, PromptSource::Stdin));
            }
            Err(Error::usage("no prompt given").hint(
                "neynar-studio deploy prompt \"what to build\", or --file PATH, or pipe it in",
            ))
        }
        (None, Some(_), None) => Err(Error::usage("no prompt given")),
    }
}

/// The prompt's text from what a capped read gave (`what` names the source for errors: "the
/// prompt from stdin").
fn read_capped(
    read: std::result::Result<Vec<u8>, crate::local::ReadError>,
    what: &str,
) -> Result<String> {
    use crate::local::ReadError;
    let bytes = match read {
        Ok(bytes) => bytes,
        Err(ReadError::Io(e)) => {
            return Err(Error::usage(format!("cannot read {what}: {e}")));
        }
        Err(ReadError::TooLarge) => {
            return Err(Error::usage(format!(
                "{what} is larger than {}",
                crate::local::show_cap(MAX_PROMPT)
            )));
        }
    };
    String::from_utf8(bytes).map_err(|_| Error::usage(format!("{what} is not valid UTF-8 text")))
}

async fn read_prompt(source: PromptSource, lone_name: Option<&str>) -> Result<String> {
    let text = match source {
        PromptSource::Text(t) => t,
        PromptSource::File(path) => {
            // Off the runtime thread: the file may be a FIFO nobody writes (Ctrl-C must work).
            let shown = format!("the prompt file {}", path.display());
            read_capped(crate::local::read_capped(path, MAX_PROMPT).await, &shown)?
        }
        PromptSource::Stdin => tokio::task::spawn_blocking(|| {
            read_capped(
                crate::local::read_capped_from(std::io::stdin(), MAX_PROMPT),
                "the prompt from stdin",
            )
        })
        .await
        .map_err(|e| Error::failure(format!("reading stdin failed: {e}")))??,
    };
    if text.trim().is_empty() {
        return Err(match lone_name {
            Some(name) => Error::usage(format!(
                "the prompt is empty; nothing was sent ('{name}' was taken as the deployment name, and stdin had no prompt)"
            ))
            .hint(format!(
                "if '{name}' is the prompt, name the deployment first: neynar-studio deploy prompt NAME {name}"
            )),
            None => Error::usage("the prompt is empty; nothing was sent"),
        });
    }
    Ok(text)
}

/// The image type from its first bytes, not its name.
pub fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// Reads an image, at most [`MAX_IMAGE`] bytes whatever the file claims (`/dev/zero` claims
/// 0), off the runtime thread (a FIFO must not block Ctrl-C).
async fn load_image(path: &Path) -> Result<Image> {
    use crate::local::ReadError;
    let shown = path.display();
    if let Ok(meta) = std::fs::metadata(path)
        && meta.len() > MAX_IMAGE
    {
        return Err(Error::usage(format!(
            "image {shown} is {:.1} MiB; images may be at most 5 MiB",
            meta.len() as f64 / (1 << 20) as f64
        )));
    }
    let bytes = match crate::local::read_capped(path.to_path_buf(), MAX_IMAGE).await {
        Ok(bytes) => bytes,
        Err(ReadError::Io(e)) => {
            return Err(Error::usage(format!("cannot read image {shown}: {e}")));
        }
        Err(ReadError::TooLarge) => {
            return Err(Error::usage(format!(
                "image {shown} is larger than 5 MiB; images may be at most 5 MiB"
            )));
        }
    };
    let media_type = image_type(&bytes)
        .ok_or_else(|| Error::usage(format!("{shown} is not a PNG, JPEG, GIF or WebP image")))?;
    Ok(Image {
        media_type: media_type.to_string(),
        data: base64::engine::general_purpose::STANDARD.encode(&bytes),
    })
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    // Everything local is checked before anything is sent.
    let first_was_alone = args.second.is_none() && args.file.is_none();
    let (name, source) = sort_arguments(
        args.first,
        args.second,
        args.file,
        args.id.is_some(),
        std::io::stdin().is_terminal(),
    )?;
    if let Some(session) = &args.session
        && session.trim().is_empty()
    {
        return Err(Error::usage("--session is empty"));
    }
    let mut images = Vec::with_capacity(args.images.len());
    let mut total = 0u64;
    for path in &args.images {
        let image = load_image(path).await?;
        // The decoded size, from the base64 length and its padding.
        let padding = image.data.bytes().rev().take_while(|&b| b == b'=').count();
        total += (image.data.len() / 4 * 3 - padding) as u64;
        if total > MAX_IMAGES_TOTAL {
            return Err(Error::usage(format!(
                "the images are larger than {} together; send fewer or smaller ones",
                crate::local::show_cap(MAX_IMAGES_TOTAL)
            )));
        }
        images.push(image);
    }
    // A single word taken as the deployment name, with the prompt expected on stdin.
    let lone_name = match (&name, &source, first_was_alone) {
        (Some(n), PromptSource::Stdin, true) => Some(n.clone()),
        _ => None,
    };
    let prompt = read_prompt(source, lone_name.as_deref()).await?;
    let target = ctx.target_or_current(name, args.id)?;
    let fid = ctx.fid()?;
    let client = ctx.client()?;
    let namespace = args.namespace.as_deref();

    let deployment = if args.wait {
        until_ready(
            ctx,
            &client,
            fid,
            &target,
            namespace,
            WaitOpts::from_ctx(ctx),
        )
        .await?
    } else {
        client
            .get(fid, &target, namespace)
            .await
            .map_err(|e| not_found(e.into(), &target, fid))?
    };
    let shown = deployment
        .name()
        .map(|n| sanitize(n).into_owned())
        .unwrap_or_else(|| target.to_string());
    let check = match &target {
        Target::Name(n) => format!("neynar-studio deploy get {n}"),
        Target::Id(id) => format!("neynar-studio deploy get --id {id}"),
    };

    let action = choose_action(ctx, args.action, deployment.generated_app_exists());
    let mut request = PromptRequest::new(fid, &target, args.namespace.clone(), prompt);
    request.action = action.map(String::from);
    request.conversation_id = args.conversation.map(|c| c.to_string());
    request.session_id = args.session.clone();
    request.images = images;
    request.system_prompt_variant = args.variant.map(|v| v.as_str().to_string());

    let rejected = |e: ApiError| -> Error {
        let err = not_found(e.into(), &target, fid);
        let not_ready = err.status() == Some(400)
            && err
                .server_message()
                .is_some_and(|m| m.to_ascii_lowercase().contains("ready"));
        let err = if not_ready {
            err.hint("wait for it with `neynar-studio deploy wait`, or pass --wait")
        } else {
            err
        };
        err.hint_on(413, "the prompt or its images are too large")
    };

    let slot = generation::ConversationSlot::default();
    if args.no_stream {
        ctx.on_interrupt(format!(
            "the generation may still be running on the server; see its progress with `{check}`"
        ));
    } else {
        generation::arm_interrupt(
            ctx,
            &client,
            fid,
            &target,
            namespace,
            request.conversation_id.clone(),
            &slot,
            args.detach,
        );
    }

    if args.no_stream {
        return blocking(ctx, &client, &request, &shown, rejected).await;
    }

    let reply = client
        .prompt_stream(&request, args.idle_timeout)
        .await
        .map_err(rejected)?;
    let stream = match reply {
        PromptReply::Queued(queued) => {
            if ctx.out.json {
                // NDJSON like the stream would have been: one line.
                ctx.out.print_json_line(&queued)?;
            } else {
                let field = |k: &str| queued.str(k).unwrap_or("?").to_string();
                ctx.out.print(&format!(
                    "Queued: {shown} is already generating; the prompt was added to the running session.\n  continue with: --conversation {} --session {}",
                    field("conversation_id"),
                    field("session_id")
                ))?;
            }
            return Ok(());
        }
        PromptReply::Stream(stream) => stream,
    };
    generation::follow_to_end(
        ctx,
        *stream,
        generation::Follow {
            conversation: request.conversation_id.clone(),
            session: request.session_id.clone(),
            url: deployment.url(),
            check,
            slot,
        },
    )
    .await
}

fn choose_action(
    ctx: &Ctx,
    asked: Option<Action>,
    app_exists: Option<bool>,
) -> Option<&'static str> {
    let (action, why) = match (asked, app_exists) {
        (Some(a), _) => (Some(a.as_str()), None),
        (None, Some(true)) => (Some("code-edit"), Some("the deployment already has an app")),
        (None, Some(false)) => (Some("code-create"), Some("no app has been generated yet")),
        (None, None) => (None, None),
    };
    ctx.out.notice(&match (action, why) {
        (Some(a), Some(why)) => format!("Action: {a} ({why})"),
        (Some(a), None) => format!("Action: {a}"),
        (None, _) => {
            "Action: none sent (the API did not say whether an app exists; it chooses)".into()
        }
    });
    action
}

/// `--no-stream`: the blocking endpoint, with a spinner, then the answer.
async fn blocking(
    ctx: &Ctx,
    client: &crate::api::Client,
    request: &PromptRequest,
    shown: &str,
    rejected: impl Fn(ApiError) -> Error,
) -> Result<()> {
    let timeout = ctx
        .global
        .timeout
        .map(|t| t.max(MIN_BLOCKING_TIMEOUT))
        .unwrap_or(DEFAULT_BLOCKING_TIMEOUT);
    let mut spinner = ctx
        .out
        .spinner(format!("Generating on {shown} (usually 5-10 minutes)"));
    let answer = client.prompt(request, timeout).await.map_err(rejected)?;
    spinner.finish();
    if ctx.out.json {
        ctx.out.print_json(&answer)?;
    } else {
        match answer.text() {
            Some(text) => ctx.out.prose(text.trim_end())?,
            None => ctx.out.print(&json::to_pretty(answer.response())?)?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sort(
        first: Option<&str>,
        second: Option<&str>,
        file: Option<&str>,
        tty: bool,
    ) -> Result<(Option<String>, PromptSource)> {
        sort_arguments(
            first.map(String::from),
            second.map(String::from),
            file.map(PathBuf::from),
            false,
            tty,
        )
    }

    #[test]
    fn arguments_sort_into_name_and_prompt() {
        let text = |t: &str| PromptSource::Text(t.into());
        assert_eq!(
            sort(Some("make it blue"), None, None, true).unwrap(),
            (None, text("make it blue"))
        );
        assert_eq!(
            sort(Some("Refactor!"), None, None, true).unwrap(),
            (None, text("Refactor!"))
        );
        assert_eq!(
            sort(Some("server-1"), Some("make it blue"), None, true).unwrap(),
            (Some("server-1".into()), text("make it blue"))
        );
        assert_eq!(
            sort(Some("server-1"), Some("-"), None, true).unwrap(),
            (Some("server-1".into()), PromptSource::Stdin)
        );
        assert_eq!(
            sort(Some("-"), None, None, true).unwrap(),
            (None, PromptSource::Stdin)
        );
        assert_eq!(
            sort(Some("server-1"), None, None, false).unwrap(),
            (Some("server-1".into()), PromptSource::Stdin)
        );
        assert_eq!(
            sort(Some("server-1"), None, Some("p.md"), true).unwrap(),
            (Some("server-1".into()), PromptSource::File("p.md".into()))
        );
        assert_eq!(
            sort(None, None, Some("p.md"), true).unwrap(),
            (None, PromptSource::File("p.md".into()))
        );
        assert_eq!(
            sort(None, None, None, false).unwrap(),
            (None, PromptSource::Stdin)
        );
        let lone = sort(Some("server-1"), None, None, true).unwrap_err();
        assert_eq!(lone.message(), "no prompt given for deployment 'server-1'");
        assert_eq!(
            sort(None, None, None, true).unwrap_err().message(),
            "no prompt given"
        );
        assert!(sort(Some("Not A Name"), Some("x"), None, true).is_err());
        assert!(sort(Some("server-1"), Some("x"), Some("p.md"), true).is_err());
        // With --id, one argument is always the prompt.
        assert_eq!(
            sort_arguments(Some("fix".into()), None, None, true, true).unwrap(),
            (None, text("fix"))
        );
    }

    #[test]
    fn images_by_magic_bytes() {
        assert_eq!(image_type(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(image_type(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(image_type(b"GIF89a..."), Some("image/gif"));
        assert_eq!(
            image_type(b"RIFF\x00\x00\x00\x00WEBPVP8 "),
            Some("image/webp")
        );
        assert_eq!(image_type(b"%PDF-1.7"), None);
        assert_eq!(image_type(b""), None);
    }
}
