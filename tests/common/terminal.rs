//! A command running on a pseudo-terminal (util-linux `script`), typed at like a user: input
//! goes through the terminal's line discipline (echo, Ctrl-C), output is what the screen shows.

#![allow(dead_code)]

use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{KEY, TestEnv};

/// A shell command line running on a pseudo-terminal, with what it printed collected as it
/// comes.
pub struct Terminal {
    pub child: Child,
    screen: Arc<Mutex<Vec<u8>>>,
}

impl Terminal {
    pub fn start(env: &TestEnv, api: &str, shell: &str) -> Terminal {
        let mut child = Command::new("script")
            .env_clear()
            .env("HOME", env.home())
            .env("XDG_CONFIG_HOME", env.home().join(".config"))
            .env("XDG_STATE_HOME", env.home().join(".local/state"))
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("TERM", "xterm")
            .env("NEYNAR_API_URL", api)
            .env("NEYNAR_API_KEY", KEY)
            .env("NEYNAR_FID", "3")
            .current_dir(env.home())
            .args(["-qec", shell, "/dev/null"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("util-linux script");
        let (screen, _) = super::collect(child.stdout.take().unwrap());
        Terminal { child, screen }
    }

    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.screen.lock().unwrap()).into_owned()
    }

    pub fn wait_for(&self, what: &str) {
        let started = Instant::now();
        while !self.screen().contains(what) {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "never saw {what:?}:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Types `text` at the terminal.
    pub fn type_text(&mut self, text: &str) {
        let stdin = self.child.stdin.as_mut().unwrap();
        stdin.write_all(text.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }

    /// Waits for the end, and returns the exit code and the screen.
    pub fn finish(mut self) -> (i32, String) {
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "still running:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(10));
        };
        std::thread::sleep(Duration::from_millis(50));
        (status.code().unwrap_or(-1), self.screen())
    }

    /// Presses Ctrl-C, and returns the exit code and how long the program took to stop.
    pub fn ctrl_c(mut self) -> (i32, Duration, String) {
        self.child
            .stdin
            .as_mut()
            .unwrap()
            .write_all(b"\x03")
            .unwrap();
        self.child.stdin.as_mut().unwrap().flush().unwrap();
        let pressed = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                pressed.elapsed() < Duration::from_secs(10),
                "still running after Ctrl-C:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(5));
        };
        let took = pressed.elapsed();
        std::thread::sleep(Duration::from_millis(50));
        (status.code().unwrap_or(-1), took, self.screen())
    }
}
