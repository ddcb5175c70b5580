//! The integration tests: one binary (one link, one place to look), a module per command.

mod common;

mod associate;

mod completions;
mod config;
mod conversations;
mod create;
mod delete;
mod emulator;
mod emulator_data;
mod emulator_lifecycle;
mod errors;
mod faults;
mod get;
mod help;
mod hostile;
mod interrupts;
mod lifecycle;
mod list;
mod live_view;
mod man;
mod open;
mod prompt;
mod retry;
mod screen;
mod sdk_conformance;
mod security;
mod state;
mod status;
mod use_wait;
mod user_words;

// secrets, the app's database, credit drops (issue 15)
mod credits;
mod db;
mod secrets;
// Issue 14: the emulator's files, export, publish and domains.
mod emulator_files;
// issue 14: the app's code and production
mod domain;
mod export;
mod files;
mod publish;
// issue 15: the data commands end to end on the emulator
mod e2e_data;
// issue 14, end to end on the emulator: code, export, publish, logs, domains
mod e2e_code;
