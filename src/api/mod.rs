//! The thin HTTP layer of the Studio API: the client (one method per endpoint), tolerant
//! models, errors as data, SSE framing, and the typed view of stream events.

#[cfg(test)]
pub(crate) mod arbitrary;
pub mod client;
pub mod error;
pub mod events;
pub mod json;
pub mod models;
pub mod sse;

pub use client::{Client, Target};
pub use error::ApiError;
