//! The spinner on stderr: drawn only when stderr is a terminal, cleared (never left behind)
//! when it ends or is dropped, so an interrupt leaves a clean line and a visible cursor.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressFinish, ProgressState, ProgressStyle};

/// Ten redraws a second: smooth enough for a spinner, cheap enough to idle on for ten minutes.
const TICK: Duration = Duration::from_millis(100);

pub struct Spinner {
    bar: Option<ProgressBar>,
    /// Drawing is wanted (a terminal, not quiet); the bar may still be paused.
    enabled: bool,
    started: std::time::Instant,
    message: String,
}

fn elapsed(state: &ProgressState, w: &mut dyn std::fmt::Write) {
    let secs = state.elapsed().as_secs();
    let _ = if secs < 60 {
        write!(w, "{secs}s")
    } else {
        write!(w, "{}m {:02}s", secs / 60, secs % 60)
    };
}

impl Spinner {
    /// A spinner that draws when `enabled` (stderr is a terminal and output is not quiet).
    pub fn new(enabled: bool, message: String) -> Self {
        let mut spinner = Spinner {
            bar: None,
            enabled,
            started: std::time::Instant::now(),
            message,
        };
        if enabled {
            spinner.bar = Some(spinner.draw());
        }
        spinner
    }

    fn draw(&self) -> ProgressBar {
        let style = ProgressStyle::with_template("{spinner:.cyan} {msg} {elapsed_short:.dim}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner())
            .with_key("elapsed_short", elapsed)
            .tick_strings(&["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏", "·"]);
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
            .with_style(style)
            .with_message(self.message.clone())
            .with_elapsed(self.started.elapsed())
            .with_finish(ProgressFinish::AndClear);
        bar.enable_steady_tick(TICK);
        bar
    }

    /// A spinner that never draws.
    pub fn hidden() -> Self {
        Self::new(false, String::new())
    }

    /// Takes the spinner off the screen until [`Spinner::resume`]: for while the cursor sits in
    /// the middle of a line of text, where a redraw would land in the text.
    pub fn pause(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }

    /// Puts a paused spinner back, with its message and elapsed time.
    pub fn resume(&mut self) {
        if self.enabled && self.bar.is_none() {
            self.bar = Some(self.draw());
        }
    }

    /// Whether it is on screen now.
    pub fn is_visible(&self) -> bool {
        self.bar.is_some()
    }

    /// Whether it draws at all (a terminal, not quiet, not finished); it may be paused.
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    pub fn set_message(&mut self, message: impl Into<String>) {
        self.message = message.into();
        if let Some(bar) = &self.bar {
            bar.set_message(self.message.clone());
        }
    }

    /// Runs `f` with the spinner taken off the screen, so lines printed meanwhile are neither
    /// garbled nor lost (indicatif's own `println` drops lines when the bar is hidden).
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// Clears the spinner line for good.
    pub fn finish(&mut self) {
        self.enabled = false;
        self.pause();
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.finish();
    }
}
