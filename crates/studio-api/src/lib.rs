//! The thin HTTP layer of the Studio API: the transport (`client`), the operation table with
//! each operation's retry policy (`ops`), one module per resource (`client` holds deployments,
//! prompt and association; `conversations`, `session`, `dev`), tolerant models, errors as
//! data, SSE framing, and the typed view of stream events.

#[cfg(test)]
pub(crate) mod arbitrary;
pub mod client;
pub mod conversations;
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
pub mod publish;
pub mod session;
pub mod sse;

pub use client::{Client, Target};
pub use error::ApiError;
pub use key::ApiKey;
