//! `neynar-studio deploy <verb>`: one file per verb, and the helpers they share.

pub mod associate;
pub mod build;
pub mod cancel;
pub mod create;
pub mod delete;
pub(crate) mod generation;
pub mod get;
pub mod list;
pub mod open;
pub mod prompt;
pub mod recover;
pub mod start;
pub mod status;
pub mod stop;
pub mod r#use;
pub mod wait;
// issue 14: the app's code and production
pub mod export;
pub mod logs;
pub mod publish;

use clap::Subcommand;

use crate::api::client::Target;
use crate::error::Error;

#[derive(Debug, Subcommand)]
pub enum DeployCommand {
    /// Create a miniapp generator deployment (and make it the current one)
    Create(create::Args),
    /// Show a deployment
    Get(get::Args),
    /// List your deployments
    #[command(visible_alias = "ls")]
    List(list::Args),
    /// Delete a deployment, or all of them
    #[command(visible_alias = "rm")]
    Delete(delete::Args),
    /// Wait until a deployment is ready
    Wait(wait::Args),
    /// Prompt a deployment to write or change its app, streaming the agent's work
    Prompt(prompt::Args),
    /// Link a deployment to a Farcaster account with a JSON Farcaster Signature
    Associate(associate::Args),
    /// Set the current deployment (or show it)
    Use(r#use::Args),
    /// Open the app in a browser (prints its URL where there is none)
    Open(open::Args),
    /// Show readiness, the dev server, the generator's phases and production
    Status(status::Args),
    /// Start the app's dev server (Studio admin)
    Start(start::Args),
    /// Stop the app's dev server (Studio admin)
    Stop(stop::Args),
    /// Build the app on the server, streaming the build and its fixes
    Build(build::Args),
    /// Let the server's agent recover a broken app, streaming its work
    Recover(recover::Args),
    /// Stop a running generation
    Cancel(cancel::Args),
    /// Download the app's source as a ZIP archive (or unpack it)
    Export(export::Args),
    /// Publish the app to production (Vercel, through GitHub)
    Publish(publish::Args),
    /// Show the production build logs (Studio admin)
    Logs(logs::Args),
}

/// A deployment name as the API makes them: a Kubernetes name (lowercase letters, digits and
/// '-', at most 63 characters), like `server-250904162435170`. Checked before any request, so
/// a typo or a display name gets a clear error instead of a 404.
pub fn parse_name(raw: &str) -> Result<String, String> {
    let ok = !raw.is_empty()
        && raw.len() <= 63
        && raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !raw.starts_with('-')
        && !raw.ends_with('-');
    if ok {
        Ok(raw.to_string())
    } else {
        Err(format!(
            "'{}' is not a deployment name: names are lowercase letters, digits and '-', like \
             server-250904162435170 (to find one by display name, use `deploy list --query`)",
            crate::render::sanitize(raw)
        ))
    }
}

/// A deployment name the API sent, checked with the same rule as a typed one before it is
/// stored (as the current deployment) or used in a request or a path: a name holding escape
/// sequences or a newline would otherwise be replayed by every later command.
pub fn server_name(raw: &str) -> Result<String, Error> {
    parse_name(raw).map_err(|_| {
        Error::failure(format!(
            "the API answered with an invalid deployment name (\"{}\"); it was not used or stored",
            // Escaped, so a newline or an escape sequence shows as `\n` or `\u{1b}`.
            raw.chars().take(80).collect::<String>().escape_debug()
        ))
        .hint("find the deployment with `neynar-studio deploy list`; if this persists, report it to Neynar")
    })
}

/// A deployment ID: a UUID.
pub fn parse_uuid(raw: &str) -> Result<uuid::Uuid, String> {
    uuid::Uuid::parse_str(raw.trim()).map_err(|_| {
        format!(
            "'{}' is not a UUID (like 0b7e9c1e-1c4f-4d0c-9a57-2f6d1f3b8e21)",
            crate::render::sanitize(raw)
        )
    })
}

/// `NAME | --id UUID`, optional (the current deployment), and `--namespace`.
#[derive(Debug, Clone, clap::Args)]
pub struct TargetArgs {
    /// Deployment name (default: the current deployment, see `deploy use`)
    #[arg(value_name = "NAME", value_parser = parse_name, add = clap_complete::ArgValueCandidates::new(crate::commands::completions::deployment_names))]
    pub name: Option<String>,

    /// Deployment ID instead of a name
    #[arg(long, value_name = "UUID", value_parser = parse_uuid, conflicts_with = "name")]
    pub id: Option<uuid::Uuid>,

    /// Kubernetes namespace, when the API cannot infer it from the FID
    #[arg(long, value_name = "NS")]
    pub namespace: Option<String>,
}

/// Rewords a 404 about a deployment into one a user can act on.
pub fn not_found(err: Error, target: &Target, fid: u64) -> Error {
    let what = match target {
        Target::Name(name) => format!("no deployment named '{name}' for fid {fid}"),
        Target::Id(id) => format!("no deployment with id {id} for fid {fid}"),
    };
    err.reword_on(404, what)
        .hint_on(
            404,
            "list your deployments with `neynar-studio deploy list`",
        )
        .missing_deployment()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(
            parse_name("server-250904162435170"),
            Ok("server-250904162435170".into())
        );
        assert!(parse_name("Server-1").is_err());
        assert!(parse_name("tetris app").is_err());
        assert!(parse_name("-x").is_err());
        assert!(parse_name("").is_err());
        assert!(parse_name(&"a".repeat(64)).is_err());
        assert!(parse_name("x\u{1b}").unwrap_err().contains("x\\u{1b}"));
    }

    #[test]
    fn names_from_the_server_follow_the_same_rule() {
        assert_eq!(server_name("server-1").unwrap(), "server-1");
        let err = server_name("evil\n\u{1b}]52;c;aGk=\u{7}").unwrap_err();
        assert_eq!(err.kind().exit_code(), 1);
        assert_eq!(
            err.message(),
            "the API answered with an invalid deployment name (\"evil\\n\\u{1b}]52;c;aGk=\\u{7}\"); it was not used or stored"
        );
    }

    #[test]
    fn uuids() {
        assert!(parse_uuid("0b7e9c1e-1c4f-4d0c-9a57-2f6d1f3b8e21").is_ok());
        assert!(parse_uuid("nope").is_err());
    }
}
