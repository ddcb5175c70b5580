//! `deploy get`: one deployment, as a key/value view or its JSON; and whether a generation is
//! running on it, from what the live API offers beside the deployment: its dev status (the
//! phases the generator records, with start and completion times) and its latest
//! conversation (the one to continue with `deploy prompt --conversation`). Those two are asked
//! at the same time (reads, so retried on transient faults like every read); when the API does not answer them (an older API, a deployment
//! without an app), the view simply has no generation rows.

use std::time::SystemTime;

use serde_json::{Value, json};

use super::{TargetArgs, not_found};
use crate::api::client::{Client, Target};
use crate::api::models::{Conversation, Deployment, DevStatus, Progress};
use crate::commands::Ctx;
use crate::error::Result;
use crate::render::{columns, deployment, sanitize};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Shows whether a generation is running (from the deployment's dev status) and its latest
conversation, when the API reports them.

Examples:
  neynar-studio deploy get                          # the current deployment
  neynar-studio deploy get server-250904162435170
  neynar-studio deploy get --id 0b7e9c1e-1c4f-4d0c-9a57-2f6d1f3b8e21 --json")]
pub struct Args {
    #[command(flatten)]
    pub target: TargetArgs,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let target = ctx.target_or_current(args.target.name, args.target.id)?;
    let fid = ctx.fid()?;
    let client = ctx.client()?;
    let d = client
        .get(fid, &target, args.target.namespace.as_deref())
        .await
        .map_err(|e| not_found(e.into(), &target, fid))?;
    let (status, latest) = generation(&client, fid, &d, &target).await;
    if ctx.out.json {
        let mut out = d.0.as_map().clone();
        if status.is_some() || latest.is_some() {
            out.insert(
                "generation".into(),
                json!({
                    "running": status.as_ref().map(|s| matches!(s.progress(), Progress::Running { .. })),
                    "dev_status": status,
                    "latest_conversation": latest,
                }),
            );
        }
        ctx.out.print_json(&Value::Object(out))?;
    } else {
        let p = ctx.out.paint();
        ctx.out
            .print_styled(&deployment::detail(&d, SystemTime::now(), p))?;
        let mut rows: Vec<Vec<String>> = Vec::new();
        if let Some(s) = &status {
            rows.push(vec![p.bold("Generation"), progress_text(s, p)]);
        }
        if let Some(c) = &latest {
            rows.push(vec![p.bold("Conversation"), conversation_text(c)]);
        }
        if !rows.is_empty() {
            ctx.out.print_styled(&format!("\n{}", columns(&rows)))?;
        }
    }
    Ok(())
}

/// The dev status and the latest conversation, each `None` when the API did not give it.
async fn generation(
    client: &Client,
    fid: u64,
    d: &Deployment,
    target: &Target,
) -> (Option<DevStatus>, Option<Conversation>) {
    let by_id = d.id().and_then(|i| uuid::Uuid::parse_str(i).ok());
    let lookup = match (by_id, d.name()) {
        (Some(id), _) => Target::Id(id),
        (None, Some(name)) => Target::Name(name.to_string()),
        (None, None) => target.clone(),
    };
    let namespace = match &lookup {
        Target::Id(_) => None,
        Target::Name(_) => d.namespace(),
    };
    let (status, conversations) = tokio::join!(
        client.dev_status(&lookup, namespace),
        client.conversations(fid, &lookup)
    );
    let latest = conversations.ok().and_then(|mut list| {
        // The most recently updated (RFC 3339 times compare as text).
        list.sort_by(|a, b| a.updated_at().cmp(&b.updated_at()));
        list.pop()
    });
    (status.ok(), latest)
}

/// The status view's progress line, and whether the result can be published.
fn progress_text(s: &DevStatus, p: crate::render::Paint) -> String {
    let line = crate::render::status::progress(s);
    let publish = match (s.progress(), s.ready_to_publish()) {
        (Progress::Completed { .. }, Some(true)) => "; ready to publish".to_string(),
        (Progress::NotStarted, r) if s.schema_version() == Some(0) => format!(
            " (ready to publish: {})",
            if r == Some(true) { "yes" } else { "no" }
        ),
        _ => String::new(),
    };
    line.plain(publish).painted(p)
}

fn conversation_text(c: &Conversation) -> String {
    let id = c.id().map(|i| sanitize(i).into_owned()).unwrap_or_default();
    match c.title().or(c.preview()) {
        Some(t) => format!("{id} \"{}\"", sanitize(t)),
        None => id,
    }
}
