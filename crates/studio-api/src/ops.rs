//! Every Studio operation the client calls, declared once: its method, its path, and whether
//! it is safe to repeat on a transient fault. The transport reads the retry policy from here;
//! no call site decides it.
//!
//! Safe to repeat: reads (GET), deletes (DELETE), and the POSTs the spec calls idempotent
//! (`session/cancel`). Never repeated: anything that creates, spends LLM tokens (prompt,
//! build, recover) or changes the app's state in a way a second send could stack (start,
//! stop: a 408 there is answered by polling the status, not by sending again).

use reqwest::Method;

/// Whether transient faults (no connection, 5xx, 429) are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    Safe,
    Never,
}

/// The HTTP method, as a `Copy` value so that operations can be constants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Get,
    Post,
    Delete,
    Patch,
    Put,
}

impl Verb {
    pub fn method(self) -> Method {
        match self {
            Verb::Get => Method::GET,
            Verb::Post => Method::POST,
            Verb::Delete => Method::DELETE,
            Verb::Patch => Method::PATCH,
            Verb::Put => Method::PUT,
        }
    }
}

/// One API operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Op {
    pub verb: Verb,
    /// Relative to the base URL, without a leading '/'.
    pub path: &'static str,
    pub retry: Retry,
}

const fn op(verb: Verb, path: &'static str, retry: Retry) -> Op {
    Op { verb, path, retry }
}

use Retry::{Never, Safe};
use Verb::{Delete, Get, Patch, Post};

// deployments
pub const CREATE: Op = op(Post, "v2/studio/deployment/", Never);
pub const GET_DEPLOYMENT: Op = op(Get, "v2/studio/deployment/by-name-and-fid", Safe);
pub const LIST: Op = op(Get, "v2/studio/deployment/", Safe);
pub const DELETE: Op = op(Delete, "v2/studio/deployment/", Safe);
// prompt
pub const PROMPT: Op = op(Post, "v2/studio/deployment/prompt", Never);
pub const PROMPT_STREAM: Op = op(Post, "v2/studio/deployment/prompt/stream", Never);
// account association
pub const ASSOCIATE: Op = op(Post, "v2/studio/deployment/account-association", Never);
pub const GET_ASSOCIATION: Op = op(Get, "v2/studio/deployment/account-association", Safe);
// conversations
pub const CONVERSATIONS: Op = op(Get, "v2/studio/deployment/conversations", Safe);
pub const MESSAGES: Op = op(Get, "v2/studio/deployment/conversations/messages", Safe);
// the generation session
pub const CANCEL: Op = op(Post, "v2/studio/deployment/session/cancel", Safe);
// the dev server
pub const DEV_STATUS: Op = op(Get, "v2/studio/deployment/dev-status", Safe);
pub const START: Op = op(Post, "v2/studio/deployment/start", Never);
pub const STOP: Op = op(Post, "v2/studio/deployment/stop", Never);
pub const BUILD: Op = op(Post, "v2/studio/deployment/build", Never);
pub const RECOVER: Op = op(Post, "v2/studio/deployment/recover", Never);
// files (issue 14): reads are repeated; an upload replaces a file but is sent once
pub const FILES: Op = op(Get, "v2/studio/deployment/files", Safe);
pub const FILE: Op = op(Get, "v2/studio/deployment/file", Safe);
pub const UPLOAD_IMAGE_URL: Op = op(Post, "v2/studio/deployment/upload-image-url", Never);
pub const EXPORT_ZIP: Op = op(Get, "v2/studio/deployment/export-zip", Safe);
// production (issue 14): publishing creates a GitHub repository and a Vercel project, and a
// domain replaces the production one: both sent once
pub const PUBLISH: Op = op(Post, "v2/studio/vercel/", Never);
pub const PUBLISH_STATUS: Op = op(Get, "v2/studio/vercel/status", Safe);
pub const PUBLISH_LOGS: Op = op(Get, "v2/studio/vercel/logs", Safe);
pub const DOMAIN_CHECK: Op = op(Get, "v2/studio/vercel/domain/check", Safe);
pub const DOMAIN_SET: Op = op(crate::ops::Verb::Put, "v2/studio/vercel/domain", Never);

/// Every operation, for the test below.
#[cfg(test)]
const ALL: &[Op] = &[
    CREATE,
    GET_DEPLOYMENT,
    LIST,
    DELETE,
    PROMPT,
    PROMPT_STREAM,
    ASSOCIATE,
    GET_ASSOCIATION,
    CONVERSATIONS,
    MESSAGES,
    CANCEL,
    DEV_STATUS,
    START,
    STOP,
    BUILD,
    RECOVER,
    FILES,
    FILE,
    UPLOAD_IMAGE_URL,
    EXPORT_ZIP,
    PUBLISH,
    PUBLISH_STATUS,
    PUBLISH_LOGS,
    DOMAIN_CHECK,
    DOMAIN_SET,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_spends_or_creates_is_never_repeated() {
        for o in [CREATE, PROMPT, PROMPT_STREAM, BUILD, RECOVER, START, STOP] {
            assert_eq!(o.retry, Never, "{}", o.path);
        }
        for o in ALL {
            if o.verb != Post && o.verb != Verb::Put {
                assert_eq!(o.retry, Safe, "{}", o.path);
            }
            assert!(!o.path.starts_with('/'));
        }
        assert_eq!(CANCEL.retry, Safe);
        for o in [PUBLISH, DOMAIN_SET, UPLOAD_IMAGE_URL] {
            assert_eq!(o.retry, Never, "{}", o.path);
        }
    }
}

// secrets, the app's database and credit drops (issue 15). Reads are safe to repeat, and so is
// `database/provision`, which the spec calls idempotent, and deleting secrets by id. What
// writes rows, runs SQL, upserts secrets or claims credits is sent once.
pub const SECRETS: Op = op(Get, "v2/studio/deployment/secrets/", Safe);
pub const UPSERT_SECRETS: Op = op(Post, "v2/studio/deployment/secrets/", Never);
pub const DELETE_SECRETS: Op = op(Delete, "v2/studio/deployment/secrets/", Safe);
pub const DB_PROVISION: Op = op(Post, "v2/studio/deployment/database/provision", Safe);
pub const DB_TABLES: Op = op(Get, "v2/studio/deployment/database/tables", Safe);
/// `{table_name}` is filled in by [`crate::database`].
pub const DB_SCHEMA: Op = op(
    Get,
    "v2/studio/deployment/database/tables/{table_name}/schema",
    Safe,
);
pub const DB_QUERY: Op = op(Post, "v2/studio/deployment/database/query", Safe);
pub const DB_SQL: Op = op(Post, "v2/studio/deployment/database/sql", Never);
pub const DB_INSERT: Op = op(
    Post,
    "v2/studio/deployment/database/tables/{table_name}/rows",
    Never,
);
pub const DB_UPDATE: Op = op(
    Patch,
    "v2/studio/deployment/database/tables/{table_name}/rows",
    Never,
);
pub const DB_DELETE: Op = op(
    Delete,
    "v2/studio/deployment/database/tables/{table_name}/rows",
    Never,
);
pub const CREDITS: Op = op(Get, "v2/studio/credit-drops/", Safe);
pub const CLAIM_CREDITS: Op = op(Post, "v2/studio/credit-drops/claim", Never);

#[cfg(test)]
mod data_tests {
    use super::*;

    #[test]
    fn writes_to_data_are_sent_once_and_reads_repeat() {
        for o in [
            UPSERT_SECRETS,
            DB_SQL,
            DB_INSERT,
            DB_UPDATE,
            DB_DELETE,
            CLAIM_CREDITS,
        ] {
            assert_eq!(o.retry, Never, "{}", o.path);
        }
        for o in [
            SECRETS,
            DELETE_SECRETS,
            DB_PROVISION,
            DB_TABLES,
            DB_SCHEMA,
            DB_QUERY,
            CREDITS,
        ] {
            assert_eq!(o.retry, Safe, "{}", o.path);
        }
    }
}
