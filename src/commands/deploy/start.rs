//! `deploy start`: start the generated app's dev server (a Studio admin operation). Also the
//! machinery `stop` shares: the admin-key wording of a 403, and the answer to a 408. A 408
//! means the server gave up waiting, not that nothing happened, so the command watches the
//! dev server's state (the deployment's `dev_server_state`) instead of sending again.

use std::time::{Duration, Instant};

use super::wait::WaitOpts;
use super::{TargetArgs, not_found};
use crate::api::client::{Client, Target};
use crate::api::models::{Deployment, Object};
use crate::commands::Ctx;
use crate::error::{Error, Kind, Result};
use crate::render::sanitize;

/// How often a 408 is followed up by reading the state.
const POLL_EVERY: Duration = Duration::from_secs(2);

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Needs a Studio admin key. If the API times out (HTTP 408), the command watches the dev
server's state until it runs (at most --timeout, default 5m) rather than sending again.

Examples:
  neynar-studio deploy start
  neynar-studio deploy start server-250904162435170 --json")]
pub struct Args {
    #[command(flatten)]
    pub target: TargetArgs,
}

/// Start or stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Switch {
    Start,
    Stop,
}

impl Switch {
    fn verb(self) -> &'static str {
        match self {
            Switch::Start => "starting",
            Switch::Stop => "stopping",
        }
    }
    fn done(self) -> &'static str {
        match self {
            Switch::Start => "Started",
            Switch::Stop => "Stopped",
        }
    }
    /// Whether the deployment shows the switch done: its `dev_server_state`, or else whether
    /// the app is serving.
    fn reached(self, d: &Deployment) -> bool {
        match (self, d.0.str("dev_server_state")) {
            (Switch::Start, Some(state)) => state == "running",
            (Switch::Stop, Some(state)) => state == "stopped",
            (Switch::Start, None) => d.generated_app_serving() == Some(true),
            (Switch::Stop, None) => d.generated_app_serving() == Some(false),
        }
    }
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let target = ctx.target_or_current(args.target.name, args.target.id)?;
    let fid = ctx.fid()?;
    let client = ctx.client()?;
    switch(
        ctx,
        &client,
        fid,
        &target,
        args.target.namespace.as_deref(),
        Switch::Start,
    )
    .await
}

/// Sends start or stop once, and reports it; a 408 is followed by watching the state.
pub(super) async fn switch(
    ctx: &Ctx,
    client: &Client,
    fid: u64,
    target: &Target,
    namespace: Option<&str>,
    how: Switch,
) -> Result<()> {
    let answer = match how {
        Switch::Start => client.start(fid, target, namespace).await,
        Switch::Stop => client.stop(fid, target, namespace).await,
    };
    let shown = sanitize(&target.to_string()).into_owned();
    let answer = match answer {
        Ok(answer) => answer,
        Err(e) => {
            let err = admin_only(not_found(e.into(), target, fid), how);
            if err.status() != Some(408) {
                return Err(err);
            }
            ctx.out.note(&format!(
                "The API timed out {} the dev server; watching its state instead of sending again.",
                how.verb()
            ));
            let d = watch(ctx, client, fid, target, namespace, how).await?;
            if ctx.out.json {
                ctx.out.print_json(&d)?;
            } else {
                ctx.out
                    .print(&format!("{} the dev server of {shown}.", how.done()))?;
            }
            return Ok(());
        }
    };
    report(ctx, &answer, &shown, how)
}

fn report(ctx: &Ctx, answer: &Object, shown: &str, how: Switch) -> Result<()> {
    if answer.bool("success") == Some(false) {
        let why = answer.str("message").unwrap_or("no reason given");
        return Err(Error::failure(format!(
            "{} the dev server of {shown} did not succeed: {}",
            how.verb(),
            crate::api::error::one_line(why, 300)
        )));
    }
    if ctx.out.json {
        ctx.out.print_json(answer)?;
        return Ok(());
    }
    match answer.str("message").filter(|m| !m.is_empty()) {
        Some(m) => ctx
            .out
            .print(&format!("{} the dev server of {shown}: {m}", how.done()))?,
        None => ctx
            .out
            .print(&format!("{} the dev server of {shown}.", how.done()))?,
    }
    Ok(())
}

/// A 403 on start and stop means the key is not a Studio admin key.
fn admin_only(err: Error, how: Switch) -> Error {
    if err.status() != Some(403) {
        return err;
    }
    let message = match err.server_message() {
        Some(m) => format!(
            "{} the dev server needs a Studio admin key (HTTP 403: {m})",
            how.verb()
        ),
        None => format!(
            "{} the dev server needs a Studio admin key (HTTP 403)",
            how.verb()
        ),
    };
    err.replace(
        message,
        vec![
            "use a key with the Studio admin role (NEYNAR_API_KEY or `neynar-studio config init`)"
                .into(),
        ],
    )
}

/// Reads the deployment until the switch shows, bounded by `--timeout`.
async fn watch(
    ctx: &Ctx,
    client: &Client,
    fid: u64,
    target: &Target,
    namespace: Option<&str>,
    how: Switch,
) -> Result<Deployment> {
    let timeout = WaitOpts::from_ctx(ctx).timeout;
    let started = Instant::now();
    let mut spinner = ctx
        .out
        .spinner(format!("Waiting for the dev server ({})", how.verb()));
    loop {
        let d = client
            .get(fid, target, namespace)
            .await
            .map_err(|e| not_found(e.into(), target, fid))?;
        if how.reached(&d) {
            spinner.finish();
            return Ok(d);
        }
        let left = timeout.saturating_sub(started.elapsed());
        if left.is_zero() {
            spinner.finish();
            let state = d.0.str("dev_server_state").unwrap_or("unknown");
            return Err(Error::new(
                Kind::Timeout,
                format!(
                    "the dev server was still '{}' after {}",
                    sanitize(state),
                    humantime::format_duration(timeout)
                ),
            )
            .hint("see it with `neynar-studio deploy status`; wait longer with --timeout"));
        }
        tokio::time::sleep(POLL_EVERY.min(left)).await;
    }
}
