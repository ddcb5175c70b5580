//! `conversations show`: one conversation's messages, oldest first, drawn by the live stream
//! renderer as if they were streaming now. The API pages newest first by cursor; the pages are
//! spooled to a temporary file as they come (one JSON line a message), then read back a page
//! at a time from the last: memory holds one page (at most 100 messages), however long the
//! conversation.

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
    let mut spool = Spool::new()?;
    let mut cursor: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let page_size = match want {
            Some(n) => n.saturating_sub(spool.total).min(MAX_PAGE as usize) as u32,
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
        let room = want.map_or(usize::MAX, |n| n.saturating_sub(spool.total));
        spool.page(page.messages.iter().take(room))?;
        spinner.set_message(format!(
            "Reading the conversation ({} messages)",
            spool.total
        ));
        cursor = page.next;
        let enough = want.is_some_and(|n| spool.total >= n);
        if cursor.is_none() || enough {
            break;
        }
    }
    spinner.finish();
    let total = spool.total;
    if ctx.out.json {
        // One JSON array, written a message at a time.
        ctx.out.print_raw("[")?;
        let mut first = true;
        spool.oldest_first(|m| {
            let text = crate::render::json::to_pretty(m)?;
            ctx.out.print_raw(if first { "\n" } else { ",\n" })?;
            first = false;
            ctx.out.print_raw(&text)
        })?;
        ctx.out.print_raw(if first { "]\n" } else { "\n]\n" })?;
        return Ok(());
    }
    if total == 0 {
        ctx.out.note(&format!("Conversation {id} has no messages."));
        return Ok(());
    }
    let mut view = StreamView::new(&ctx.out);
    view.know(Some(id.clone()), None);
    spool.oldest_first(|m| {
        match m.replay() {
            Some(Replay::Prompt(text)) => {
                view.flush()?;
                ctx.out
                    .line(&Line::new().cyan("> ").bold(text.trim_end()))?;
            }
            Some(Replay::Event(data)) => {
                let (event, top) = events::decode_top(&data);
                view.event_top(&event, &top, &data)?;
            }
            None => {}
        }
        Ok(())
    })?;
    view.finish()?;
    if cursor.is_some() && !args.all {
        ctx.out.note(&format!(
            "Showing the last {total}; see every message with --all."
        ));
    }
    Ok(())
}

/// Pages of messages in a temporary file (deleted when dropped), newest page first as the API
/// sends them, read back oldest first one page at a time.
struct Spool {
    file: std::fs::File,
    /// Each page's first byte and how many messages it holds.
    pages: Vec<(u64, usize)>,
    total: usize,
}

impl Spool {
    fn new() -> Result<Spool> {
        let file = tempfile::tempfile()
            .map_err(|e| Error::failure(format!("cannot make a temporary file: {e}")))?;
        Ok(Spool {
            file,
            pages: Vec::new(),
            total: 0,
        })
    }

    fn io(e: std::io::Error) -> Error {
        Error::failure(format!("the temporary file of messages failed: {e}"))
    }

    /// Appends one page (newest first within it, as received).
    fn page<'a>(&mut self, messages: impl Iterator<Item = &'a Message>) -> Result<()> {
        use std::io::{Seek, Write};
        let start = self.file.stream_position().map_err(Self::io)?;
        let mut out = std::io::BufWriter::new(&mut self.file);
        let mut n = 0;
        for m in messages {
            serde_json::to_writer(&mut out, &m.0).map_err(|e| Self::io(e.into()))?;
            out.write_all(b"\n").map_err(Self::io)?;
            n += 1;
        }
        out.flush().map_err(Self::io)?;
        drop(out);
        self.pages.push((start, n));
        self.total += n;
        Ok(())
    }

    /// Calls `each` on every message, oldest first: the pages from the last, each reversed.
    fn oldest_first(
        &mut self,
        mut each: impl FnMut(&Message) -> std::io::Result<()>,
    ) -> Result<()> {
        use std::io::{BufRead, Seek, SeekFrom};
        for &(start, n) in self.pages.iter().rev() {
            self.file.seek(SeekFrom::Start(start)).map_err(Self::io)?;
            let mut reader = std::io::BufReader::new(&mut self.file);
            let mut page = Vec::with_capacity(n);
            let mut line = String::new();
            for _ in 0..n {
                line.clear();
                reader.read_line(&mut line).map_err(Self::io)?;
                let value: serde_json::Value =
                    serde_json::from_str(&line).map_err(|e| Self::io(e.into()))?;
                let object = crate::api::models::Object::from_value(value)
                    .map_err(|why| Error::failure(format!("a spooled message: {why}")))?;
                page.push(Message(object));
            }
            for m in page.iter().rev() {
                each(m)?;
            }
        }
        Ok(())
    }
}
