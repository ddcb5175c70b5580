//! `deploy status`: where a deployment stands, from three reads asked at once: the deployment
//! (readiness, dev server, database, production), its dev status (the generator's phases) and
//! its latest conversation. `--watch` asks again every few seconds and redraws in place until
//! the deployment is ready and no generation runs, bounded by `--timeout`.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::wait::WaitOpts;
use super::{TargetArgs, not_found};
use crate::api::client::{Client, Target};
use crate::api::models::{Conversation, Deployment, DevStatus};
use crate::api::publish::ProductionStatus;
use crate::commands::Ctx;
use crate::error::{Error, Kind, Result};
use crate::render::status;

/// How often `--watch` asks.
const WATCH_EVERY: Duration = Duration::from_secs(2);

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Shows readiness, the dev server, the database, the generator's phases, whether a generation
is running, and the production deployment once published. --watch redraws until the deployment
is ready and idle (at most --timeout, default 5m; Ctrl-C stops it); with --json it prints
one JSON line per change.

Examples:
  neynar-studio deploy status
  neynar-studio deploy status server-250904162435170 --watch
  neynar-studio deploy status --json | jq .dev_status.current_phase")]
pub struct Args {
    #[command(flatten)]
    pub target: TargetArgs,

    /// Ask again every few seconds until ready and idle
    #[arg(long)]
    pub watch: bool,
}

/// One look at the deployment.
struct Snapshot {
    deployment: Deployment,
    dev: Option<DevStatus>,
    latest: Option<Conversation>,
    /// The live production state (`vercel/status`), when the deployment is published.
    production: Option<ProductionStatus>,
}

impl Snapshot {
    fn running(&self) -> Option<bool> {
        status::generation_running(self.dev.as_ref())
    }
    fn settled(&self) -> bool {
        self.deployment.is_ready() == Some(true) && self.running() != Some(true)
    }
    fn to_json(&self) -> Value {
        let mut doc = json!({
            "deployment": self.deployment,
            "dev_status": self.dev,
            "latest_conversation": self.latest,
            "generation_running": self.running(),
        });
        if let Some(p) = &self.production {
            doc["production"] = json!(p);
        }
        doc
    }
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let target = ctx.target_or_current(args.target.name, args.target.id)?;
    let fid = ctx.fid()?;
    let client = ctx.client()?;
    let namespace = args.target.namespace.as_deref();
    if !args.watch {
        let snap = look(&client, fid, &target, namespace).await?;
        return show(ctx, &snap, 0, false).map(|_| ());
    }
    let timeout = WaitOpts::from_ctx(ctx).timeout;
    let started = Instant::now();
    let mut drawn = 0;
    let mut last: Option<Value> = None;
    loop {
        let snap = look(&client, fid, &target, namespace).await?;
        let now = snap.to_json();
        if last.as_ref() != Some(&now) {
            drawn = show(ctx, &snap, drawn, true)?;
            last = Some(now);
        }
        if snap.settled() {
            return Ok(());
        }
        let left = timeout.saturating_sub(started.elapsed());
        if left.is_zero() {
            return Err(Error::new(
                Kind::Timeout,
                format!(
                    "{target} was not ready and idle after {}",
                    humantime::format_duration(timeout)
                ),
            )
            .hint("watch longer with --timeout, e.g. --timeout 15m"));
        }
        tokio::time::sleep(WATCH_EVERY.min(left)).await;
    }
}

/// Prints one snapshot: JSON (under --watch, one NDJSON line per change), or the lines, drawn
/// over the previous `drawn` rows on a terminal. Returns the rows drawn.
fn show(ctx: &Ctx, snap: &Snapshot, drawn: usize, watch: bool) -> Result<usize> {
    if ctx.out.json {
        // Watching, one line per change (NDJSON), so a reader can take each as it comes.
        if watch {
            ctx.out.print_json_line(&snap.to_json())?;
        } else {
            ctx.out.print_json(&snap.to_json())?;
        }
        return Ok(0);
    }
    let deployment = with_production(&snap.deployment, snap.production.as_ref());
    let lines = status::lines(&deployment, snap.dev.as_ref(), snap.latest.as_ref());
    Ok(ctx.out.redraw(drawn, &lines)?)
}

/// The deployment, and beside it (asked at once, each optional: an older API or a deployment
/// without an app has neither) its dev status and latest conversation.
async fn look(
    client: &Client,
    fid: u64,
    target: &Target,
    namespace: Option<&str>,
) -> Result<Snapshot> {
    let deployment = client
        .get(fid, target, namespace)
        .await
        .map_err(|e| not_found(e.into(), target, fid))?;
    let by_id = deployment.id().and_then(|i| uuid::Uuid::parse_str(i).ok());
    let lookup = match by_id {
        Some(id) => Target::Id(id),
        None => target.clone(),
    };
    let ns = match &lookup {
        Target::Id(_) => None,
        Target::Name(_) => deployment.namespace().or(namespace),
    };
    let (dev, conversations, production) = tokio::join!(
        client.dev_status(&lookup, ns),
        client.conversations(fid, &lookup),
        production(client, fid, &lookup)
    );
    let latest = conversations.ok().and_then(|mut list| {
        list.sort_by(|a, b| a.updated_at().cmp(&b.updated_at()));
        list.pop()
    });
    Ok(Snapshot {
        deployment,
        dev: dev.ok(),
        latest,
        production,
    })
}

// ----- production (issue 14) -----

/// The live production state (`vercel/status`), asked beside the other reads: the
/// deployment's `production_app_status` may lag the rollout, or be missing. Optional like
/// them: an unpublished app (an error, or no state) leaves the deployment's own copy.
async fn production(client: &Client, fid: u64, lookup: &Target) -> Option<ProductionStatus> {
    let live = client.production_status(fid, lookup, None).await.ok()?;
    if live.0.bool("success") == Some(false) || live.state().is_none() {
        return None;
    }
    Some(live)
}

/// The deployment with its `production_app_status` brought up to date from `live` (made
/// from it when the deployment has none).
fn with_production(d: &Deployment, live: Option<&ProductionStatus>) -> Deployment {
    let Some(live) = live else {
        return d.clone();
    };
    let mut value = d.0.clone().into_value();
    if let Value::Object(map) = &mut value
        && !map
            .get("production_app_status")
            .is_some_and(Value::is_object)
    {
        map.insert("production_app_status".into(), json!({}));
    }
    if let Some(Value::Object(p)) = value.get_mut("production_app_status") {
        for key in ["deployment_state", "deployment_url", "target"] {
            if let Some(v) = live.0.get(key).filter(|v| v.is_string()) {
                p.insert(key.to_string(), v.clone());
            }
        }
    }
    Deployment::from_value(value).unwrap_or_else(|_| d.clone())
}
