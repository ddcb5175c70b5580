//! The commands: one clap enum per noun, and the explicit dispatch below, so every command can
//! be found with grep. A command reads its arguments, calls `crate::api`, and hands the result
//! to `crate::render`; it builds no URLs, picks no JSON apart and writes no ANSI itself.

pub mod completions;
pub mod config;
pub mod conversations;
pub mod demo;
pub mod deploy;
pub mod emulator;
pub mod render;
// issue 14
pub mod domain;
pub mod files;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use crate::api::client::{Client, DEFAULT_TIMEOUT, Target};
use crate::cli::{Cli, Command, GlobalArgs};
use crate::config::{Flags, Settings};
use crate::error::{Error, Kind, Result};
use crate::render::{ColorWhen, Output};
use crate::state::{Remembered, State};

/// How long Ctrl-C waits for a generation to be cancelled on the server before exiting.
pub const CANCEL_WITHIN: Duration = Duration::from_secs(3);

/// Cancels a generation on the server: `Ok(true)` when one was stopped, `Ok(false)` when
/// nothing was running, `Err` with what went wrong.
pub type CancelFuture =
    std::pin::Pin<Box<dyn std::future::Future<Output = std::result::Result<bool, String>> + Send>>;
type CancelHook = Box<dyn FnOnce() -> CancelFuture + Send>;

/// Reads an environment variable (empty counts as unset). The demo swaps in its own.
pub type EnvFn = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// What every command gets: the global flags, the output, and lazily the configuration.
pub struct Ctx {
    pub global: GlobalArgs,
    pub out: Output,
    env: EnvFn,
    state_path: Option<PathBuf>,
    settings: OnceLock<Settings>,
    /// The configuration read ahead on the blocking pool (see [`Ctx::preload_settings`]).
    preloaded: Mutex<Option<Result<Settings>>>,
    interrupt_note: Mutex<Option<String>>,
    /// What Ctrl-C does before exiting (a generation's cancel), and the hint if it cannot.
    interrupt_cancel: Mutex<Option<(CancelHook, String)>>,
    /// The current deployment, when a command used it (for a 404's wording).
    remembered: Mutex<Option<Remembered>>,
}

impl Ctx {
    /// A context on the process environment.
    pub fn new(global: GlobalArgs) -> Ctx {
        Self::with_env(global, Arc::new(crate::config::process_env), None)
    }

    /// A context on a given environment and state file (the demo's temporary ones).
    pub fn with_env(global: GlobalArgs, env: EnvFn, state_path: Option<PathBuf>) -> Ctx {
        let no_color = env("NO_COLOR").is_some();
        let out = Output::new(
            global.json,
            global.quiet,
            global.verbose,
            global.color.unwrap_or(ColorWhen::Auto),
            no_color,
        );
        Ctx {
            global,
            out,
            env,
            state_path,
            settings: OnceLock::new(),
            preloaded: Mutex::new(None),
            interrupt_note: Mutex::new(None),
            interrupt_cancel: Mutex::new(None),
            remembered: Mutex::new(None),
        }
    }

    pub fn env(&self, name: &str) -> Option<String> {
        (self.env)(name)
    }

    pub fn flags(&self) -> Flags {
        Flags {
            config: self.global.config.clone(),
            profile: self.global.profile.clone(),
            fid: self.global.fid,
            api_url: self.global.api_url.clone(),
        }
    }

    /// The resolved configuration (loaded once; its warnings printed once).
    pub fn settings(&self) -> Result<&Settings> {
        if let Some(s) = self.settings.get() {
            return Ok(s);
        }
        let preloaded = self.preloaded.lock().ok().and_then(|mut p| p.take());
        let settings = match preloaded {
            Some(result) => result?,
            None => {
                let env = |k: &str| self.env(k);
                Settings::load(&self.flags(), &env, true)?
            }
        };
        for w in &settings.warnings {
            self.out.warn(w);
        }
        let _ = self.settings.set(settings);
        self.settings
            .get()
            .ok_or_else(|| Error::failure("configuration could not be loaded"))
    }

    pub fn fid(&self) -> Result<u64> {
        self.settings()?.require_fid()
    }

    pub fn profile(&self) -> Result<String> {
        Ok(self.settings()?.profile.value.clone())
    }

    /// The per-request timeout (`--timeout`, default 30 s).
    pub fn request_timeout(&self) -> Duration {
        self.global.timeout.unwrap_or(DEFAULT_TIMEOUT)
    }

    /// An API client with the configured key and URL. Checks the URL (plain http only for
    /// loopback) before anything is sent.
    pub fn client(&self) -> Result<Client> {
        let settings = self.settings()?;
        let key = settings.require_key()?.clone();
        let trace: Option<crate::api::client::Trace> = if self.out.verbose > 0 {
            let out = self.out.clone();
            Some(Arc::new(move |event| out.trace(&event)))
        } else {
            None
        };
        Client::new(&settings.api_url.value, key, self.request_timeout(), trace).map_err(|e| {
            Error::from(e).with_suffix(&format!(" (from {})", settings.api_url.source))
        })
    }

    /// The state file of the current deployment (its warnings go to stderr).
    pub fn state(&self) -> Result<State> {
        let path = match &self.state_path {
            Some(p) => p.clone(),
            None => State::default_path().ok_or_else(|| {
                Error::config("there is no directory for the state file, which remembers the current deployment (HOME is not set)")
                    .hint("set HOME or XDG_STATE_HOME")
            })?,
        };
        let out = self.out.clone();
        Ok(State::at(path).with_warn(Arc::new(move |w| out.warn(w))))
    }

    /// The API URL the state is kept for (the configured one).
    pub fn api_url(&self) -> Result<String> {
        Ok(self.settings()?.api_url.value.clone())
    }

    /// Makes `name` the current deployment of this profile at this API URL; `set_by` is the
    /// command, as the state file records it (`deploy create`).
    pub fn remember(&self, name: &str, set_by: &str) -> Result<()> {
        self.state()?
            .set_current(&self.profile()?, &self.api_url()?, name, set_by)
    }

    /// The deployment a command is about: the one named, or else the current one.
    pub fn target_or_current(
        &self,
        name: Option<String>,
        id: Option<uuid::Uuid>,
    ) -> Result<Target> {
        if let Some(id) = id {
            return Ok(Target::Id(id));
        }
        if let Some(name) = name {
            return Ok(Target::Name(name));
        }
        let profile = self.profile()?;
        let api_url = self.api_url()?;
        let state = self.state().map_err(|e| {
            Error::config(format!(
                "no deployment given, and the current one cannot be known: {}",
                e.message()
            ))
            .hint("pass a deployment NAME, or set HOME (or XDG_STATE_HOME)")
        })?;
        match state.remembered(&profile, &api_url) {
            Some(r) => {
                let name = r.name.clone();
                if let Ok(mut slot) = self.remembered.lock() {
                    *slot = Some(r);
                }
                Ok(Target::Name(name))
            }
            None => Err(Error::usage(format!(
                "no deployment given, and there is no current deployment for profile '{profile}' at {api_url}"
            ))
            .hint("pass a deployment NAME, or choose one with `neynar-studio deploy use NAME` (see `neynar-studio deploy list`)")),
        }
    }

    /// Reads the configuration on the blocking pool, so that a config file that blocks (a FIFO
    /// nobody writes) holds a pool thread rather than the runtime's only one, and Ctrl-C still
    /// ends the process. An error is kept for the first [`Ctx::settings`] call, so commands
    /// that never need the configuration never see it.
    async fn preload_settings(&self) {
        let result = self.load_settings_off_thread(true).await;
        if let Ok(mut slot) = self.preloaded.lock() {
            *slot = Some(result);
        }
    }

    /// Loads the configuration on the blocking pool, without keeping it or printing its
    /// warnings (`profile_must_exist` as for [`Settings::load`]).
    pub async fn load_settings_off_thread(&self, profile_must_exist: bool) -> Result<Settings> {
        let flags = self.flags();
        let env = self.env.clone();
        tokio::task::spawn_blocking(move || Settings::load(&flags, &|k| env(k), profile_must_exist))
            .await
            .map_err(|e| Error::failure(format!("reading the configuration failed: {e}")))?
    }

    /// Says where a saved name came from when the API does not know it: the user never typed
    /// it, so "no deployment named 'server-…'" alone would puzzle them.
    fn explain_remembered(&self, err: Error) -> Error {
        // A 404 about a file, a table or a conversation is not the deployment's.
        if err.status() != Some(404) || err.missing() == crate::error::Missing::SomethingInIt {
            return err;
        }
        let Some(r) = self.remembered.lock().ok().and_then(|r| r.clone()) else {
            return err;
        };
        let at = self
            .api_url()
            .map(|u| format!(" at {u}"))
            .unwrap_or_default();
        let message = format!(
            "the current deployment {} ({}) was not found{at}",
            crate::render::sanitize(&r.name),
            r.how
        );
        err.replace(message, vec![
            "choose another with `neynar-studio deploy use NAME`, or see `neynar-studio deploy list`".into(),
        ])
    }

    /// Sets the hint an interrupt gives (for `prompt`: that the generation goes on).
    pub fn on_interrupt(&self, note: impl Into<String>) {
        if let Ok(mut slot) = self.interrupt_note.lock() {
            *slot = Some(note.into());
        }
    }

    /// Makes Ctrl-C cancel what the command started on the server: `run` awaits `cancel`
    /// (at most [`CANCEL_WITHIN`]) before it exits, and says what came of it; `still` is the
    /// hint when the cancel could not be done.
    pub fn on_interrupt_cancel(
        &self,
        cancel: impl FnOnce() -> CancelFuture + Send + 'static,
        still: impl Into<String>,
    ) {
        if let Ok(mut slot) = self.interrupt_cancel.lock() {
            *slot = Some((Box::new(cancel), still.into()));
        }
    }

    /// After an interrupt: runs the armed cancel, bounded, and sets the hint to its outcome.
    async fn cancel_after_interrupt(&self) {
        let Some((cancel, still)) = self.interrupt_cancel.lock().ok().and_then(|mut s| s.take())
        else {
            return;
        };
        let hint = match tokio::time::timeout(CANCEL_WITHIN, cancel()).await {
            Ok(Ok(true)) => "the generation was cancelled on the server".to_string(),
            Ok(Ok(false)) => "nothing was running on the server to cancel".to_string(),
            Ok(Err(why)) => format!("cancelling on the server failed ({why}); {still}"),
            Err(_) => format!(
                "the server did not confirm the cancel within {} s; {still}",
                CANCEL_WITHIN.as_secs()
            ),
        };
        self.on_interrupt(hint);
    }

    fn interrupted(&self, signal: Stop) -> Error {
        let note = self.interrupt_note.lock().ok().and_then(|n| n.clone());
        let err = match signal {
            Stop::Interrupt => Error::interrupted("interrupted"),
            Stop::Terminate => Error::new(Kind::Terminated, "terminated (SIGTERM)"),
            Stop::HangUp => Error::new(Kind::HangUp, "hung up (SIGHUP)"),
        };
        match note {
            Some(hint) => err.hint(hint),
            None => err,
        }
    }
}

/// Runs a parsed command line, stopping cleanly on Ctrl-C.
pub async fn run(cli: Cli) -> Result<()> {
    let ctx = Ctx::new(cli.global.clone());
    if let Command::Emulator(args) = cli.command {
        // A server: Ctrl-C is how it is stopped, so it handles the signal itself.
        return emulator::run(&ctx, args).await;
    }
    watch_signals();
    let signal = {
        let preload = matches!(
            cli.command,
            Command::Deploy(_) | Command::Config(config::ConfigCommand::Show)
        );
        let work = async {
            if preload {
                ctx.preload_settings().await;
            }
            dispatch(&ctx, cli.command).await
        };
        tokio::pin!(work);
        tokio::select! {
            // A signal that came while this thread was waiting for a worker ended the work
            // (see `signalled`): it is the signal's end.
            result = &mut work => match noted() {
                Some(signal) => signal,
                None => return result,
            },
            signal = stop_signal() => signal,
            signal = noted_later() => signal,
        }
        // `work` is dropped here: spinners clear themselves, connections close.
    };
    if tty::restore() {
        // The hidden prompt's line was never ended.
        crate::render::Term::global().err_line(&crate::render::Line::new());
    }
    // Whatever the signal, what the command started on the server is cancelled (bounded).
    ctx.cancel_after_interrupt().await;
    Err(ctx.interrupted(signal))
}

/// The stop signal that has come (0 for none), as a handler of this CLI's own saw it: the
/// runtime's signal futures run only when its one thread does, and that thread can be waiting
/// for a worker (see `generation::hand_over`).
static SIGNALLED: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);
const INTERRUPT: u8 = 1;
const TERMINATE: u8 = 2;
const HANG_UP: u8 = 3;

/// Whether Ctrl-C, SIGTERM or SIGHUP has come.
pub(crate) fn signalled() -> bool {
    noted().is_some()
}

/// The stop signal [`watch_signals`] has noted.
fn noted() -> Option<Stop> {
    match SIGNALLED.load(std::sync::atomic::Ordering::SeqCst) {
        INTERRUPT => Some(Stop::Interrupt),
        TERMINATE => Some(Stop::Terminate),
        HANG_UP => Some(Stop::HangUp),
        _ => None,
    }
}

/// A stop signal that [`watch_signals`] noted and the runtime's signal futures missed: one
/// that came before they were first polled. Looked for ten times a second.
async fn noted_later() -> Stop {
    loop {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        if let Some(signal) = noted() {
            return signal;
        }
    }
}

/// Notes the stop signals in [`SIGNALLED`], beside the runtime's own handling of them.
fn watch_signals() {
    #[cfg(unix)]
    for (signal, code) in [
        (libc::SIGINT, INTERRUPT),
        (libc::SIGTERM, TERMINATE),
        (libc::SIGHUP, HANG_UP),
    ] {
        // SAFETY: the action only stores to an atomic, which is async-signal-safe; it runs
        // besides the runtime's action for the same signal (the registry keeps both).
        let _ = unsafe {
            signal_hook_registry::register(signal, move || {
                SIGNALLED.store(code, std::sync::atomic::Ordering::SeqCst);
            })
        };
    }
}

/// The signals that end a command: each restores the terminal the same way and exits with its
/// own code (130, 143, 129).
#[derive(Debug, Clone, Copy)]
enum Stop {
    Interrupt,
    Terminate,
    HangUp,
}

/// Waits for Ctrl-C, SIGTERM or SIGHUP.
async fn stop_signal() -> Stop {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let (Ok(mut term), Ok(mut hup)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
        ) {
            return tokio::select! {
                _ = tokio::signal::ctrl_c() => Stop::Interrupt,
                _ = term.recv() => Stop::Terminate,
                _ = hup.recv() => Stop::HangUp,
            };
        }
    }
    let _ = tokio::signal::ctrl_c().await;
    Stop::Interrupt
}

/// The terminal mode saved around a hidden prompt, to put back if Ctrl-C ends the process
/// while the prompt has echo off (the blocking read cannot be cancelled, so its own restore
/// would never run).
#[cfg(unix)]
mod tty {
    use std::sync::Mutex;

    static SAVED: Mutex<Option<libc::termios>> = Mutex::new(None);

    fn slot() -> std::sync::MutexGuard<'static, Option<libc::termios>> {
        SAVED.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Saves stdin's terminal mode.
    pub fn save() {
        let mut termios = std::mem::MaybeUninit::<libc::termios>::uninit();
        // SAFETY: tcgetattr writes a termios through a valid pointer; it is read only on success.
        let ok = unsafe { libc::tcgetattr(0, termios.as_mut_ptr()) } == 0;
        if ok {
            // SAFETY: initialised by the successful tcgetattr above.
            *slot() = Some(unsafe { termios.assume_init() });
        }
    }

    /// Drops the saved mode (the prompt ended normally and restored it itself).
    pub fn forget() {
        slot().take();
    }

    /// Puts the saved mode back, if a prompt was active. Returns whether it did.
    pub fn restore() -> bool {
        match slot().take() {
            Some(termios) => {
                // SAFETY: a termios obtained from tcgetattr on the same descriptor.
                unsafe { libc::tcsetattr(0, libc::TCSANOW, &termios) };
                true
            }
            None => false,
        }
    }
}

#[cfg(not(unix))]
mod tty {
    pub fn save() {}
    pub fn forget() {}
    pub fn restore() -> bool {
        false
    }
}

/// The explicit dispatch of every command.
pub async fn dispatch(ctx: &Ctx, command: Command) -> Result<()> {
    use deploy::DeployCommand as D;
    let result = match command {
        Command::Deploy(D::Create(args)) => deploy::create::run(ctx, args).await,
        Command::Deploy(D::Get(args)) => deploy::get::run(ctx, args).await,
        Command::Deploy(D::List(args)) => deploy::list::run(ctx, args).await,
        Command::Deploy(D::Delete(args)) => deploy::delete::run(ctx, args).await,
        Command::Deploy(D::Wait(args)) => deploy::wait::run(ctx, args).await,
        Command::Deploy(D::Prompt(args)) => deploy::prompt::run(ctx, args).await,
        Command::Deploy(D::Associate(args)) => deploy::associate::run(ctx, args).await,
        Command::Deploy(D::Use(args)) => deploy::r#use::run(ctx, args).await,
        Command::Deploy(D::Open(args)) => deploy::open::run(ctx, args).await,
        Command::Deploy(D::Status(args)) => deploy::status::run(ctx, args).await,
        Command::Deploy(D::Start(args)) => deploy::start::run(ctx, args).await,
        Command::Deploy(D::Stop(args)) => deploy::stop::run(ctx, args).await,
        Command::Deploy(D::Build(args)) => deploy::build::run(ctx, args).await,
        Command::Deploy(D::Recover(args)) => deploy::recover::run(ctx, args).await,
        Command::Deploy(D::Cancel(args)) => deploy::cancel::run(ctx, args).await,
        Command::Deploy(D::Export(args)) => deploy::export::run(ctx, args).await,
        Command::Deploy(D::Publish(args)) => deploy::publish::run(ctx, args).await,
        Command::Deploy(D::Logs(args)) => deploy::logs::run(ctx, args).await,
        Command::Files(cmd) => files::run(ctx, cmd).await,
        Command::Domain(cmd) => domain::run(ctx, cmd).await,
        Command::Conversations(cmd) => conversations::run(ctx, cmd).await,
        Command::Config(cmd) => config::run(ctx, cmd).await,
        Command::Render(args) => render::run(ctx, args).await,
        Command::Completions(args) => completions::run(ctx, args),
        Command::Emulator(args) => emulator::run(ctx, args).await,
        Command::Demo(args) => demo::run(ctx, args).await,
        Command::Secrets(cmd) => secrets::run(ctx, cmd).await,
        Command::Db(cmd) => db::run(ctx, cmd).await,
        Command::Credits(cmd) => credits::run(ctx, cmd).await,
    };
    result.map_err(|e| ctx.explain_remembered(e))
}

/// Reads one line from stdin off the runtime's thread, so Ctrl-C is still noticed while a user
/// is being asked something. `None` at end of input.
/// At most [`MAX_STDIN_LINE`] bytes: stdin may be `/dev/zero` or a file without a newline.
pub async fn read_stdin_line() -> Result<Option<String>> {
    use std::io::{BufRead, Read};
    let (read, line) = tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        let read = std::io::stdin()
            .lock()
            .take(MAX_STDIN_LINE + 1)
            .read_line(&mut line);
        (read, line)
    })
    .await
    .map_err(|e| Error::failure(format!("reading stdin failed: {e}")))?;
    if read? == 0 {
        return Ok(None);
    }
    if line.len() as u64 > MAX_STDIN_LINE {
        return Err(Error::usage(format!(
            "the line read from stdin is longer than {}",
            crate::local::show_cap(MAX_STDIN_LINE)
        )));
    }
    Ok(Some(line.trim_end_matches(['\r', '\n']).to_string()))
}

/// The longest line [`read_stdin_line`] takes (it reads API keys, a few dozen bytes).
pub const MAX_STDIN_LINE: u64 = 64 << 10;

/// Whether there is a terminal to ask on (stdin to read the answer, stderr to ask).
pub fn can_ask() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Asks on the terminal (stderr) and reads the answer, hidden when `secret`.
pub async fn ask(question: &str, secret: bool) -> Result<String> {
    // The question goes through the one writer (ordered after stdout, sanitized, masked).
    crate::render::Term::global().err_prompt(question);
    if secret {
        tty::save();
    }
    let answer = tokio::task::spawn_blocking(move || {
        let term = console::Term::stderr();
        if secret {
            term.read_secure_line()
        } else {
            term.read_line()
        }
    })
    .await;
    tty::forget();
    answer
        .map_err(|e| Error::failure(format!("reading the terminal failed: {e}")))?
        .map_err(Error::from)
}

// secrets, the app's database, credit drops (issue 15)
pub mod credits;
pub mod db;
pub mod secrets;
