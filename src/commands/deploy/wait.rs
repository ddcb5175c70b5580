//! `deploy wait`, and the readiness loop `create --wait` and `prompt --wait` share.

use std::time::{Duration, Instant};

use super::{TargetArgs, not_found};
use crate::api::client::{Client, Target};
use crate::api::error::ApiError;
use crate::api::models::Deployment;
use crate::commands::Ctx;
use crate::error::{Error, Result};

pub const DEFAULT_WAIT: Duration = Duration::from_secs(300);
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(2);
/// How long after a create a 404 is taken for "not there yet" rather than "no such thing".
pub const CREATE_GRACE: Duration = Duration::from_secs(30);

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  neynar-studio deploy wait
  neynar-studio deploy wait server-250904162435170 --timeout 10m
  neynar-studio deploy wait --interval 5s --json")]
pub struct Args {
    #[command(flatten)]
    pub target: TargetArgs,

    /// How often to ask
    #[arg(long, value_name = "DUR", default_value = "2s", value_parser = crate::duration::parse_positive)]
    pub interval: Duration,
}

/// How to wait.
#[derive(Debug, Clone, Copy)]
pub struct WaitOpts {
    pub timeout: Duration,
    pub interval: Duration,
    /// 404s are retried until this instant (just after a create).
    pub forgive_404_until: Option<Instant>,
}

impl WaitOpts {
    /// `--timeout` (default 5m) and the default interval.
    pub fn from_ctx(ctx: &Ctx) -> WaitOpts {
        WaitOpts {
            timeout: ctx.global.timeout.unwrap_or(DEFAULT_WAIT),
            interval: DEFAULT_INTERVAL,
            forgive_404_until: None,
        }
    }
}

/// Short words for a fault being retried, for the spinner and the timeout message.
fn describe(e: &ApiError) -> String {
    match e {
        ApiError::Status { status, .. } => {
            format!("HTTP {status} {}", crate::api::error::reason(*status))
                .trim_end()
                .to_string()
        }
        ApiError::Connect { .. } => "cannot connect".into(),
        ApiError::Timeout { .. } => "no answer".into(),
        ApiError::Network { .. } => "connection lost".into(),
        other => other.to_string(),
    }
}

/// Polls until the deployment reports ready. Transient faults (no connection, lost
/// connections, timeouts, 5xx, 429 with its Retry-After, and a 404 just after a create) are
/// retried until the timeout; anything else ends the wait with its error.
pub async fn until_ready(
    ctx: &Ctx,
    client: &Client,
    fid: u64,
    target: &Target,
    namespace: Option<&str>,
    opts: WaitOpts,
) -> Result<Deployment> {
    let started = Instant::now();
    let deadline = crate::duration::deadline(started, opts.timeout);
    let label = format!("Waiting for {target} to be ready");
    let mut spinner = ctx.out.spinner(label.clone());
    let mut last_problem: Option<String> = None;
    loop {
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            spinner.finish();
            let mut msg = format!(
                "{target} is not ready after {}",
                crate::duration::format(opts.timeout)
            );
            if let Some(p) = &last_problem {
                msg.push_str(&format!(" (last answer: {p})"));
            }
            let check = match target {
                Target::Name(n) => format!("neynar-studio deploy get {n}"),
                Target::Id(id) => format!("neynar-studio deploy get --id {id}"),
            };
            return Err(Error::timeout(msg).hint(format!(
                "wait longer with --timeout 10m, or look at it with `{check}`"
            )));
        }
        // `--timeout` is the whole wait here; each poll keeps the default request limit.
        let per_request = crate::api::client::DEFAULT_TIMEOUT.min(remaining);
        let mut pause = opts.interval;
        match client.get_once(fid, target, namespace, per_request).await {
            Ok(d) => {
                if d.deleted_at().is_some() {
                    return Err(Error::failure(format!("{target} has been deleted")));
                }
                if d.is_ready() == Some(true) {
                    spinner.finish();
                    return Ok(d);
                }
                if last_problem.take().is_some() {
                    spinner.set_message(label.clone());
                }
            }
            Err(e) => {
                let early_404 = e.status() == Some(404)
                    && opts.forgive_404_until.is_some_and(|t| Instant::now() < t);
                let transient =
                    e.is_transient() || matches!(e, ApiError::Timeout { .. }) || early_404;
                if !transient {
                    spinner.finish();
                    return Err(not_found(e.into(), target, fid));
                }
                if let Some(wait) = e.retry_after() {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if wait > left {
                        // Waiting it out would pass the timeout the user set: say so now.
                        spinner.finish();
                        return Err(Error::timeout(format!(
                            "the API asked to retry after {}, past the timeout of {}; giving up now",
                            crate::duration::format(wait),
                            crate::duration::format(opts.timeout)
                        ))
                        .hint("try again later, or allow longer with --timeout"));
                    }
                    pause = pause.max(wait);
                }
                let problem = describe(&e);
                spinner.set_message(format!("{label} (retrying after {problem})"));
                last_problem = Some(problem);
            }
        }
        tokio::time::sleep(pause.min(deadline.saturating_duration_since(Instant::now()))).await;
    }
}

/// The line printed when a deployment is ready.
pub fn ready_line(d: &Deployment, target: &Target) -> String {
    let name = d
        .name()
        .map(|n| crate::render::sanitize(n).into_owned())
        .unwrap_or_else(|| target.to_string());
    match d.url() {
        Some(url) => format!("{name} is ready: {}", crate::render::sanitize(url)),
        None => format!("{name} is ready"),
    }
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let target = ctx.target_or_current(args.target.name, args.target.id)?;
    let fid = ctx.fid()?;
    let client = ctx.client()?;
    let mut opts = WaitOpts::from_ctx(ctx);
    opts.interval = args.interval;
    // No state file (no directory for one) only means no grace after a create.
    if let Target::Name(name) = &target
        && ctx
            .state()
            .is_ok_and(|s| match (ctx.profile(), ctx.api_url()) {
                (Ok(profile), Ok(url)) => s.created_within(&profile, &url, name, CREATE_GRACE),
                _ => false,
            })
    {
        opts.forgive_404_until = Some(crate::duration::deadline(Instant::now(), CREATE_GRACE));
    }
    let d = until_ready(
        ctx,
        &client,
        fid,
        &target,
        args.target.namespace.as_deref(),
        opts,
    )
    .await?;
    if ctx.out.json {
        ctx.out.print_json(&d)?;
    } else {
        ctx.out.print(&ready_line(&d, &target))?;
    }
    Ok(())
}
