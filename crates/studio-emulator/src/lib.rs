/*!
A local Studio API: the endpoints of the guide, on loopback, with state in memory.

Deployments become ready after `ready_after`; prompts stream a scripted agent session (see
`session`) in the SDK message shapes at a realistic pace compressed by `speed`; the blocking
prompt answers when the same session would have finished; associations are stored (and their
signatures checked); deletes delete. Requests are checked like the real API: `x-api-key`
(401), request bodies (400 `{"error": ...}`), unknown deployments (404). `Shape::Tutorial`
answers in the guide's shapes (`isReady`, `{"deployments": [...]}`), `Shape::Current` in the
v3.174 spec's. Fault options make it misbehave on purpose, for testing scripts.

Secrets (system ones seeded and protected, values never sent back), a real SQLite database per
deployment (`database`), and credit drops that expire after 24 hours (`credits`) are served
as the v3.174 spec has them.

Each deployment's `url` (`http://NAME.localhost:PORT/`, which browsers resolve to loopback)
serves a small page whose headline is the last prompt; `/apps/NAME/` serves the same page for
clients that do not resolve `*.localhost`.
*/

mod association;
mod conversations;
mod deployments;
pub mod dev;
mod generation;
mod routes;
pub mod session;
pub mod state;

// The app's code and its production life.
mod domains;
pub mod export;
pub mod files;
pub mod publish;
// Secrets, the app's database and credit drops (issue 15).
pub mod credits;
pub mod database;
mod secrets;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::oneshot;

/// Which era's response shapes to speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shape {
    /// The live API as last published (v3.174): `is_ready`, a bare list, paging.
    Current,
    /// The guide's era (v3.50): `isReady`, `{"deployments": [...]}`.
    Tutorial,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub ready_after: Duration,
    /// Stream pacing: 1 is about ten seconds a session, 10 is one.
    pub speed: f64,
    pub shape: Shape,
    /// Require exactly this key; `None` accepts any non-empty key.
    pub api_key: Option<String>,
    /// The share of API requests answered 503 with an HTML body.
    pub fail_rate: f64,
    /// Added before every API answer.
    pub latency: Duration,
    /// Close each stream after this many events.
    pub drop_stream_after: Option<usize>,
    /// Seed for the fault dice, so a run with `fail_rate` can be repeated exactly.
    pub seed: Option<u64>,
    /// Instead of the paced script, every prompt streams a realistic session of this many
    /// bytes as fast as the client reads (for benchmarks).
    pub firehose: Option<usize>,
    /// Admin key, start timeout, dev-status shape (see `dev`).
    pub lifecycle: dev::LifecycleOptions,
    /// Credit drops' clock (see `credits`).
    pub credits: credits::CreditOptions,
    /// The tables of a new database (see `database`).
    pub database: database::DatabaseOptions,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            ready_after: Duration::from_secs(3),
            speed: 1.0,
            shape: Shape::Current,
            api_key: None,
            fail_rate: 0.0,
            latency: Duration::ZERO,
            drop_stream_after: None,
            seed: None,
            firehose: None,
            lifecycle: dev::LifecycleOptions::default(),
            credits: credits::CreditOptions::default(),
            database: database::DatabaseOptions::default(),
        }
    }
}

/// The shared state of a running emulator.
pub struct Emu {
    pub config: Config,
    pub port: u16,
    pub world: Mutex<state::World>,
    dice: Mutex<fastrand::Rng>,
    /// The firehose body, made once.
    firehose: std::sync::OnceLock<axum::body::Bytes>,
    /// Each deployment's secrets (see `secrets`).
    secrets: Mutex<secrets::Store>,
    /// Each deployment's SQLite database, once provisioned (see `database`).
    databases: database::Databases,
    /// Each FID's credit drop (see `credits`).
    credit_drops: Mutex<credits::Drops>,
}

impl Emu {
    pub fn world(&self) -> std::sync::MutexGuard<'_, state::World> {
        self.world.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The firehose stream's body, if configured.
    fn firehose_body(&self) -> Option<axum::body::Bytes> {
        let size = self.config.firehose?;
        Some(
            self.firehose
                .get_or_init(|| axum::body::Bytes::from(session::firehose(size)))
                .clone(),
        )
    }

    fn credit_drops(&self) -> std::sync::MutexGuard<'_, credits::Drops> {
        self.credit_drops.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn secrets(&self) -> std::sync::MutexGuard<'_, secrets::Store> {
        self.secrets.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A roll in [0, 1) for fault injection.
    fn roll(&self) -> f64 {
        self.dice.lock().unwrap_or_else(|e| e.into_inner()).f64()
    }
}

/// A running emulator. Dropping it stops the server.
pub struct Emulator {
    pub addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Emulator {
    /// Serves on `listener` until stopped.
    pub fn start(listener: tokio::net::TcpListener, config: Config) -> std::io::Result<Emulator> {
        let addr = listener.local_addr()?;
        let dice = match config.seed {
            Some(seed) => fastrand::Rng::with_seed(seed),
            None => fastrand::Rng::new(),
        };
        let emu = Arc::new(Emu {
            config,
            port: addr.port(),
            world: Mutex::new(state::World::default()),
            dice: Mutex::new(dice),
            firehose: std::sync::OnceLock::new(),
            secrets: Mutex::default(),
            databases: database::Databases::default(),
            credit_drops: Mutex::default(),
        });
        let app = routes::router(emu);
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let server = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = rx.await;
            });
            let _ = server.await;
        });
        Ok(Emulator {
            addr,
            shutdown: Some(tx),
            task,
        })
    }

    /// The base URL of the API.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, gives open streams a moment to finish, then drops them.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let task = std::mem::replace(&mut self.task, tokio::spawn(async {}));
        if tokio::time::timeout(Duration::from_millis(500), task)
            .await
            .is_err()
        {
            // Streams still open: the runtime ends them when the process exits.
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        self.task.abort();
    }
}
