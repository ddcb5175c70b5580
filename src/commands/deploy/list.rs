//! `deploy list`: one page, or with `--all` every page, as a table or a JSON array.

use std::collections::HashSet;
use std::time::SystemTime;

use crate::api::client::ListQuery;
use crate::api::models::Deployment;
use crate::commands::Ctx;
use crate::error::{Error, Result};
use crate::render::deployment;

/// The API's default page size (current spec).
const SERVER_DEFAULT_LIMIT: u32 = 50;
/// Page size for `--all` when `--limit` is not given.
const ALL_PAGE: u32 = 100;
/// The most deployments `--all` gathers. With pages that never run short it used to grow
/// without end (9.4 GB after a minute); past this it stops with an error.
pub const MAX_ALL_ITEMS: usize = 10_000;
/// What `--all` may hold in memory, all pages together: the budget of one response body
/// (bytes and JSON values), so the whole list stays inside the 64 MiB budget.
pub const MAX_ALL_BYTES: usize = crate::api::client::MAX_BODY;
pub const MAX_ALL_NODES: usize = crate::api::json::MAX_NODES;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortBy {
    #[value(name = "created_at", alias = "created-at")]
    CreatedAt,
    #[value(name = "updated_at", alias = "updated-at")]
    UpdatedAt,
}

impl SortBy {
    fn as_str(self) -> &'static str {
        match self {
            SortBy::CreatedAt => "created_at",
            SortBy::UpdatedAt => "updated_at",
        }
    }
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  neynar-studio deploy list
  neynar-studio deploy list --query tetris --sort-by created_at
  neynar-studio deploy list --all --json | jq -r '.[].name'")]
pub struct Args {
    /// How many deployments to fetch (1-1000; the API's default is 50). With --all: the page size
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub limit: Option<u32>,

    /// How many deployments to skip
    #[arg(long, value_name = "N")]
    pub offset: Option<u32>,

    /// Only deployments whose name, display name or FID matches
    #[arg(long, value_name = "Q")]
    pub query: Option<String>,

    /// Sort order (the API's default: updated_at, newest first)
    #[arg(long, value_name = "FIELD", value_enum)]
    pub sort_by: Option<SortBy>,

    /// Include deleted deployments
    #[arg(long)]
    pub include_deleted: bool,

    /// Fetch every page, until a short one
    #[arg(long)]
    pub all: bool,
}

fn key(d: &Deployment) -> Option<String> {
    d.id().or(d.name()).map(String::from)
}

/// `--all` gathered more than it may: say which limit, and how to get the rest.
fn too_many(what: String) -> Error {
    Error::failure(format!("`deploy list --all` stopped: {what}"))
        .hint("narrow it with --query, or page by hand with --limit and --offset")
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let fid = ctx.fid()?;
    let client = ctx.client()?;
    let mut query = ListQuery {
        limit: args.limit,
        offset: args.offset,
        query: args.query.clone(),
        sort_by: args.sort_by.map(|s| s.as_str().to_string()),
        include_deleted: args.include_deleted,
    };
    let mut all = Vec::new();
    if args.all {
        let page_size = args.limit.unwrap_or(ALL_PAGE);
        query.limit = Some(page_size);
        let mut offset = args.offset.unwrap_or(0);
        let mut seen = HashSet::new();
        let (mut bytes, mut nodes) = (0usize, 0usize);
        loop {
            query.offset = (offset > 0 || args.offset.is_some()).then_some(offset);
            let (page, size) = client.list_sized(fid, &query).await?;
            bytes = bytes.saturating_add(size.bytes);
            nodes = nodes.saturating_add(size.nodes);
            if bytes > MAX_ALL_BYTES {
                return Err(too_many(format!(
                    "the pages together are larger than {} MiB",
                    MAX_ALL_BYTES >> 20
                )));
            }
            if nodes > MAX_ALL_NODES {
                return Err(too_many(format!(
                    "the pages together hold more than {MAX_ALL_NODES} JSON values"
                )));
            }
            let len = page.len();
            let mut fresh = 0;
            for d in page {
                // A server that ignores paging sends the same deployments again.
                if key(&d).is_none_or(|k| seen.insert(k)) {
                    fresh += 1;
                    all.push(d);
                }
            }
            if all.len() > MAX_ALL_ITEMS {
                return Err(too_many(format!("more than {MAX_ALL_ITEMS} deployments")));
            }
            // A short page ends the list; so does a page larger than asked (a server that
            // does not page at all) or one with nothing new.
            if len != page_size as usize || fresh == 0 {
                break;
            }
            offset = offset.saturating_add(page_size);
        }
    } else {
        all = client.list(fid, &query).await?;
    }

    if ctx.out.json {
        ctx.out.print_json(&all)?;
        return Ok(());
    }
    if all.is_empty() {
        let filtered = args.query.is_some() || args.offset.is_some();
        ctx.out.note(&if filtered {
            format!("No deployments of fid {fid} match.")
        } else {
            format!("No deployments for fid {fid}. Create one with `neynar-studio deploy create`.")
        });
        return Ok(());
    }
    ctx.out
        .print_table(&deployment::table(&all, SystemTime::now(), ctx.out.paint()))?;
    let limit = args.limit.unwrap_or(SERVER_DEFAULT_LIMIT) as usize;
    if !args.all && all.len() == limit {
        let next = args.offset.unwrap_or(0) as usize + limit;
        ctx.out.note(&format!(
            "Showing {limit}; there may be more: use --all, or --offset {next}."
        ));
    }
    Ok(())
}
