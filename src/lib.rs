//! neynar-studio: a command-line client for the Neynar Miniapp Studio API.
//!
//! Data flows one way: `cli` -> `commands` -> `api` (client, models) -> `render`. The library
//! exists so that tests and benchmarks can reach each layer; the binary (`main.rs`) only parses,
//! runs, and turns the result into an exit code.

pub mod api;
pub mod cli;
pub mod commands;
pub mod config;
pub mod duration;
pub mod emulator;
pub mod error;
pub mod jfs;
pub mod local;
pub mod render;
pub mod secret;
pub mod state;
