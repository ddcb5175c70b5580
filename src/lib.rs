//! neynar-studio: a command-line client for the Neynar Miniapp Studio API.
//!
//! Data flows one way: `cli` -> `commands` -> `api` (client, models) -> `render`. The library
//! exists so that tests and benchmarks can reach each layer; the binary (`main.rs`) only parses,
//! runs, and turns the result into an exit code.

pub mod cli;
pub mod commands;
pub mod config;
pub mod duration;
pub mod error;
pub mod local;
pub mod render;
pub mod secret;
pub mod state;

// The client library and the emulator are crates of their own (crates/); these names keep
// the CLI's paths short.
pub use studio_api as api;
pub use studio_api::jfs;
pub use studio_emulator as emulator;
pub mod unzip;
