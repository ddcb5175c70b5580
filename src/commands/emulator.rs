//! `emulator`: serve the local Studio API until Ctrl-C.

use std::time::Duration;

use serde_json::json;

use crate::commands::Ctx;
use crate::emulator::{Config, Emulator, Shape};
use crate::error::{Error, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Point the CLI (or any Studio client) at it with the printed export line. Any non-empty API key
is accepted unless --api-key is given; any FID works.

Examples:
  neynar-studio emulator
  neynar-studio emulator --port 0 --ready-after 0s --speed 20     # fast, for tests
  neynar-studio emulator --api-shape tutorial --fail-rate 0.3     # old shapes, flaky network")]
pub struct Args {
    /// Address to listen on
    #[arg(long, value_name = "HOST", default_value = "127.0.0.1")]
    pub host: String,

    /// Port to listen on (0 picks a free one)
    #[arg(long, value_name = "PORT", default_value_t = 8787)]
    pub port: u16,

    /// How long a new deployment takes to become ready
    #[arg(long, value_name = "DUR", default_value = "3s", value_parser = crate::duration::parse)]
    pub ready_after: Duration,

    /// Stream pacing: 1 is about ten seconds a generation, 10 about one
    #[arg(long, value_name = "F", default_value_t = 1.0, value_parser = parse_speed)]
    pub speed: f64,

    /// Response shapes: the current spec's, or the guide's (isReady, {"deployments": [...]})
    #[arg(long, value_enum, value_name = "SHAPE", default_value = "current")]
    pub api_shape: Shape,

    /// Require exactly this API key (default: any non-empty key)
    #[arg(long, value_name = "KEY")]
    pub api_key: Option<String>,

    /// Share of API requests answered 503 with an HTML body, from 0 to 1
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = parse_rate)]
    pub fail_rate: f64,

    /// Delay before every API answer
    #[arg(long, value_name = "DUR", default_value = "0s", value_parser = crate::duration::parse)]
    pub latency: Duration,

    /// Close every prompt stream after N events
    #[arg(long, value_name = "N")]
    pub drop_stream_after: Option<usize>,

    /// Seed the fault dice, to repeat a --fail-rate run exactly
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Stream a realistic session of MIB mebibytes at full speed for every prompt, instead of
    /// the paced one (for benchmarks)
    #[arg(long, value_name = "MIB", value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub firehose: Option<u32>,

    #[command(flatten)]
    pub lifecycle: crate::emulator::dev::LifecycleOptions,

    #[command(flatten)]
    pub credits: crate::emulator::credits::CreditOptions,

    #[command(flatten)]
    pub database: crate::emulator::database::DatabaseOptions,
}

fn parse_speed(raw: &str) -> std::result::Result<f64, String> {
    match raw.parse::<f64>() {
        Ok(f) if f.is_finite() && f > 0.0 => Ok(f),
        _ => Err(format!("'{raw}' is not a positive number")),
    }
}

fn parse_rate(raw: &str) -> std::result::Result<f64, String> {
    match raw.parse::<f64>() {
        Ok(f) if (0.0..=1.0).contains(&f) => Ok(f),
        _ => Err(format!("'{raw}' is not a share between 0 and 1")),
    }
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let address = format!("{}:{}", args.host, args.port);
    let listener = tokio::net::TcpListener::bind(&address).await.map_err(|e| {
        Error::failure(format!("cannot listen on {address}: {e}"))
            .hint("choose another port with --port, or --port 0 for a free one")
    })?;
    let local = listener
        .local_addr()
        .map_err(|e| Error::failure(format!("cannot listen on {address}: {e}")))?;
    if !local.ip().is_loopback() {
        ctx.out.warn(&format!(
            "listening on {local}, which other machines may reach; the emulator accepts any key"
        ));
    }
    // Any key works; this one is unlikely to occur in text, which the CLI scrubs keys from.
    let key = args
        .api_key
        .clone()
        .unwrap_or_else(|| "emulator-not-a-secret".into());
    let config = Config {
        ready_after: args.ready_after,
        speed: args.speed,
        shape: args.api_shape,
        api_key: args.api_key,
        fail_rate: args.fail_rate,
        latency: args.latency,
        drop_stream_after: args.drop_stream_after,
        seed: args.seed,
        firehose: args.firehose.map(|mib| (mib as usize) << 20),
        lifecycle: args.lifecycle,
        credits: args.credits,
        database: args.database,
    };
    let emulator = Emulator::start(listener, config)
        .map_err(|e| Error::failure(format!("cannot start the emulator: {e}")))?;
    let url = emulator.url();
    if ctx.out.json {
        ctx.out.print(
            &json!({"url": url, "env": {"NEYNAR_API_URL": url, "NEYNAR_API_KEY": key, "NEYNAR_FID": "3"}})
                .to_string(),
        )?;
    } else {
        ctx.out
            .print(&format!("Studio API emulator listening on {url}"))?;
        ctx.out.print(&format!(
            "export NEYNAR_API_URL={url} NEYNAR_API_KEY={key} NEYNAR_FID=3"
        ))?;
        ctx.out.note(&format!(
            "Deployments are ready {} after create; generations stream at speed {} ({} shapes). Ctrl-C stops it.",
            crate::duration::format(args.ready_after),
            args.speed,
            match args.api_shape {
                Shape::Current => "current",
                Shape::Tutorial => "tutorial",
            }
        ));
    }
    let _ = tokio::signal::ctrl_c().await;
    ctx.out.note("Stopping the emulator.");
    emulator.stop().await;
    Ok(())
}
