//! `conversations show`: one conversation's messages, oldest first, drawn by the live stream
//! renderer as if they were streaming now. The API pages newest first by cursor; the pages are
//! gathered, then drawn in reverse.

use super::DeploymentArg;
use crate::api::conversations::{MAX_PAGE, Message, Replay};
use crate::api::events;
use crate::commands::Ctx;
use crate::commands::deploy::parse_uuid;
use crate::error::{Error, Result};
use crate::render::Line;
use crate::render::stream::StreamView;

/// The most recent messages shown without `--limit` or `--all`.
const DEFAULT_LIMIT: u32 = 50;
/// A server whose cursor never ends is stopped here.
const MAX_PAGES: usize = 10_000;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Shows the most recent 50 messages unless --limit or --all.

Examples:
  neynar-studio conversations show 7c9e6679-7425-40de-944b-e07fc1f90ae7
  neynar-studio conv show 7c9e6679-7425-40de-944b-e07fc1f90ae7 --all -d server-250904162435170
  neynar-studio conv show 7c9e6679-7425-40de-944b-e07fc1f90ae7 --json | jq -r '.[].message'")]
pub struct Args {
    /// The conversation (see `conversations list`)
    #[arg(value_name = "UUID", value_parser = parse_uuid)]
    pub conversation: uuid::Uuid,

    /// Show this many of the most recent messages
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..), conflicts_with = "all")]
    pub limit: Option<u32>,

    /// Show every message, following the cursor to the first
    #[arg(long)]
    pub all: bool,

    #[command(flatten)]
    pub deployment: DeploymentArg,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let target = args.deployment.target(ctx)?;
    let fid = ctx.fid()?;
    let client = ctx.client()?;
    let id = args.conversation.to_string();
    let want = if args.all {
        None
    } else {
        Some(args.limit.unwrap_or(DEFAULT_LIMIT) as usize)
    };
    let mut spinner = ctx.out.spinner("Reading the conversation");
    let mut messages: Vec<Message> = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let page_size = match want {
            Some(n) => n.saturating_sub(messages.len()).min(MAX_PAGE as usize) as u32,
            None => MAX_PAGE,
        };
        let page = client
            .messages(fid, &target, &id, Some(page_size), cursor.as_deref())
            .await
            .map_err(|e| {
                // A 404 here may be the deployment or the conversation: name both.
                Error::from(e)
                    .reword_on(404, format!("no conversation {id} on {target} for fid {fid}"))
                    .hint_on(
                        404,
                        "list the deployment's conversations with `neynar-studio conversations list -d NAME`",
                    )
            })?;
        messages.extend(page.messages);
        spinner.set_message(format!(
            "Reading the conversation ({} messages)",
            messages.len()
        ));
        cursor = page.next;
        let enough = want.is_some_and(|n| messages.len() >= n);
        if cursor.is_none() || enough {
            break;
        }
    }
    spinner.finish();
    if let Some(n) = want {
        messages.truncate(n);
    }
    // The API pages newest first; the conversation reads oldest first.
    messages.reverse();
    if ctx.out.json {
        ctx.out.print_json(&messages)?;
        return Ok(());
    }
    if messages.is_empty() {
        ctx.out.note(&format!("Conversation {id} has no messages."));
        return Ok(());
    }
    let mut view = StreamView::new(&ctx.out);
    view.know(Some(id.clone()), None);
    for m in &messages {
        match m.replay() {
            Some(Replay::Prompt(text)) => {
                view.flush()?;
                ctx.out
                    .line(&Line::new().cyan("> ").bold(text.trim_end()))?;
            }
            Some(Replay::Event(data)) => {
                let event = events::decode(&data);
                view.event(&event, &data)?;
            }
            None => {}
        }
    }
    view.finish()?;
    if cursor.is_some() && !args.all {
        ctx.out.note(&format!(
            "Showing the last {}; see every message with --all.",
            messages.len()
        ));
    }
    Ok(())
}
