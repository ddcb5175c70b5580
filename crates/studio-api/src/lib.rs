//! A typed async client of the [Neynar Miniapp Studio API](https://docs.neynar.com): create a
//! miniapp generator deployment, prompt it and follow the generation's event stream, link
//! the app to a Farcaster account, and the rest of the Studio operations, from any Rust
//! program. The `neynar-studio` command line is built on it.
//!
//! What is here, and what is not:
//! - [`Client`], the transport: authentication (`x-api-key`), timeouts, errors as data
//!   ([`ApiError`]), retries. Every operation is declared once in [`ops`] with whether it is
//!   safe to repeat; reads are retried on transient faults, anything that spends LLM tokens
//!   or creates is never sent twice.
//! - One module per resource, each adding methods to [`Client`]: [`deployments`], [`prompt`],
//!   [`association`], [`conversations`], [`session`] (cancel), [`dev`] (dev-status, start,
//!   stop, build, recover), [`files`], [`export`] (the source as a streamed ZIP),
//!   [`publish`] (Vercel), [`domains`], [`secrets`], [`database`], [`credits`].
//! - Tolerant [`models`]: unknown fields are kept, either spelling of a field is read
//!   (`isReady` / `is_ready`), a missing field is `None`, never an error.
//! - [`sse`], a WHATWG Server-Sent-Events parser, and [`events`], the typed view of the
//!   stream's Claude Agent SDK messages.
//! - [`jfs`]: JSON Farcaster Signatures decoded and verified (ed25519, EIP-191).
//! - No terminal, no configuration files, no command line: the caller decides where the key
//!   comes from and how anything is shown. [`ApiKey`] cannot be printed by accident.
//!
//! ```no_run
//! use std::time::Duration;
//! use studio_api::{ApiKey, Client, Target};
//!
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! let key = ApiKey::new(std::env::var("NEYNAR_API_KEY")?)?;
//! let client = Client::new("https://api.neynar.com", key, Duration::from_secs(30), None)?;
//! let d = client.get(1568, &Target::Name("server-250904162435170".into()), None).await?;
//! println!("{:?} ready: {:?} at {:?}", d.name(), d.is_ready(), d.url());
//! # Ok(())
//! # }
//! ```
//!
//! A stream's events, parsed and typed (runs without a network):
//!
//! ```
//! use studio_api::events::{Event, decode};
//! use studio_api::sse::SseParser;
//!
//! let mut parser = SseParser::new();
//! let mut events = Vec::new();
//! parser
//!     .feed(b"data: {\"type\":\"result\",\"subtype\":\"success\",\"num_turns\":3}\n\n", &mut events)
//!     .unwrap();
//! match decode(&events[0].data) {
//!     Event::Result(r) => assert!(r.succeeded() && r.num_turns == Some(3)),
//!     other => panic!("{other:?}"),
//! }
//! ```

#[cfg(test)]
pub(crate) mod arbitrary;
pub mod association;
pub mod client;
pub mod conversations;
pub mod credits;
pub mod database;
pub mod deployments;
pub mod dev;
pub mod domains;
pub mod duration;
pub mod error;
pub mod events;
pub mod export;
pub mod files;
pub mod jfs;
pub mod json;
pub mod key;
pub mod models;
pub mod ops;
pub mod prompt;
pub mod publish;
pub(crate) mod scan;
pub mod secrets;
pub mod session;
pub mod sse;

pub use client::{Client, Target};
pub use error::ApiError;
pub use key::ApiKey;
