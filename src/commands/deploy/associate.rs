//! `deploy associate`: link a deployment to a Farcaster account with a JSON Farcaster
//! Signature, after checking it locally (fid, domain, signature) so a bad one is never sent.
//! `--show` prints the association the server holds, decoded.

use std::path::PathBuf;

use serde_json::json;

use super::{not_found, parse_name, parse_uuid};
use crate::api::client::{AccountAssociation, Target};
use crate::commands::Ctx;
use crate::error::{Error, Result};
use crate::jfs;
use crate::render::{association, sanitize};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
The association is what the Mini App SDK's signManifest returns ({header, payload, signature}),
a farcaster.json manifest (its accountAssociation), or the compact header.payload.signature.
It is checked before sending: its fid must be the configured FID, its domain the host of the
deployment's URL, and its signature valid (ed25519 for app keys, EIP-191 for custody and auth).

Examples:
  neynar-studio deploy associate --file farcaster.json
  pbpaste | neynar-studio deploy associate server-250904162435170 -
  neynar-studio deploy associate --header eyJ... --payload eyJ... --signature 5rh...
  neynar-studio deploy associate --show")]
pub struct Args {
    /// The deployment (default: the current one); or '-' to read the association from stdin
    #[arg(value_name = "NAME", add = clap_complete::ArgValueCandidates::new(crate::commands::completions::deployment_names))]
    pub first: Option<String>,

    /// '-': read the association from stdin
    #[arg(value_name = "-")]
    pub second: Option<String>,

    /// Read the association from a file (JSON object, farcaster.json, or compact)
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,

    /// The JFS header (base64url)
    #[arg(long, value_name = "H", requires_all = ["payload", "signature"], conflicts_with = "file")]
    pub header: Option<String>,

    /// The JFS payload (base64url)
    #[arg(long, value_name = "P", requires_all = ["header", "signature"])]
    pub payload: Option<String>,

    /// The JFS signature (base64url)
    #[arg(long, value_name = "S", requires_all = ["header", "payload"])]
    pub signature: Option<String>,

    /// Send it without checking fid, domain and signature
    #[arg(long)]
    pub skip_verify: bool,

    /// Show the association the server holds, decoded and checked
    #[arg(long, conflicts_with_all = ["file", "header", "skip_verify", "second"])]
    pub show: bool,

    /// Deployment ID instead of a name
    #[arg(long, value_name = "UUID", value_parser = parse_uuid)]
    pub id: Option<uuid::Uuid>,

    /// Kubernetes namespace, when the API cannot infer it from the FID
    #[arg(long, value_name = "NS")]
    pub namespace: Option<String>,
}

enum Input {
    File(PathBuf),
    Stdin,
    Parts(AccountAssociation),
}

/// The largest association read from a file or stdin.
const MAX_INPUT: u64 = 1 << 20;

fn invalid(e: jfs::JfsError) -> Error {
    Error::usage(format!("invalid association: {e}"))
}

async fn read_input(input: Input) -> Result<AccountAssociation> {
    let text = match input {
        Input::Parts(a) => return Ok(a),
        Input::File(path) => {
            // Capped (a JFS is well under 1 KiB; `/dev/zero` is not) and off the runtime
            // thread (a FIFO nobody writes must not block Ctrl-C).
            let shown = path.display().to_string();
            let bytes = crate::local::read_capped(path, MAX_INPUT)
                .await
                .map_err(|e| match e {
                    crate::local::ReadError::Io(e) => {
                        Error::usage(format!("cannot read the association file {shown}: {e}"))
                    }
                    crate::local::ReadError::TooLarge => Error::usage(format!(
                        "the association file {shown} is larger than {}; an association is \
                         a few hundred bytes",
                        crate::local::show_cap(MAX_INPUT)
                    )),
                })?;
            String::from_utf8(bytes).map_err(|_| {
                Error::usage(format!(
                    "the association file {shown} is not valid UTF-8 text"
                ))
            })?
        }
        Input::Stdin => {
            let read = tokio::task::spawn_blocking(|| {
                crate::local::read_capped_from(std::io::stdin(), MAX_INPUT)
            })
            .await
            .map_err(|e| Error::failure(format!("reading stdin failed: {e}")))?;
            // More than the cap is refused rather than cut (it used to be cut silently).
            let bytes = read.map_err(|e| match e {
                crate::local::ReadError::Io(e) => {
                    Error::usage(format!("cannot read the association from stdin: {e}"))
                }
                crate::local::ReadError::TooLarge => Error::usage(format!(
                    "the association from stdin is larger than {}; an association is a few \
                     hundred bytes",
                    crate::local::show_cap(MAX_INPUT)
                )),
            })?;
            String::from_utf8(bytes)
                .map_err(|_| Error::usage("the association from stdin is not valid UTF-8 text"))?
        }
    };
    jfs::parse_input(&text).map_err(invalid)
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (name, stdin) = match (args.first, args.second.as_deref()) {
        (Some(first), None) if first == "-" => (None, true),
        (first, second) => {
            if let Some(s) = second
                && s != "-"
            {
                return Err(Error::usage(format!(
                    "unexpected argument '{}': after the name, only '-' (stdin) may follow",
                    sanitize(s)
                )));
            }
            let name = first
                .map(|f| parse_name(&f).map_err(Error::usage))
                .transpose()?;
            (name, second.is_some())
        }
    };
    if name.is_some() && args.id.is_some() {
        return Err(Error::usage("give the deployment once: NAME or --id"));
    }
    if args.show {
        return show(ctx, name, args.id, args.namespace).await;
    }
    let input = match (args.file, stdin, args.header, args.payload, args.signature) {
        (Some(path), false, None, ..) => Input::File(path),
        (None, true, None, ..) => Input::Stdin,
        (None, false, Some(header), Some(payload), Some(signature)) => {
            Input::Parts(AccountAssociation {
                header: header.trim().to_string(),
                payload: payload.trim().to_string(),
                signature: signature.trim().to_string(),
            })
        }
        (None, false, None, ..) => {
            return Err(Error::usage("no association given").hint(
                "pass --file PATH, '-' to read stdin, or --header H --payload P --signature S",
            ));
        }
        _ => {
            return Err(Error::usage(
                "give the association one way: --file, '-', or the three parts",
            ));
        }
    };
    let association = read_input(input).await?;
    jfs::require_parts(&association).map_err(invalid)?;
    let target = ctx.target_or_current(name, args.id)?;
    let fid = ctx.fid()?;

    let decoded = if args.skip_verify {
        None
    } else {
        let d = jfs::decode(&association).map_err(invalid)?;
        if d.fid != fid {
            return Err(Error::usage(format!(
                "the association is signed for fid {} (header fid), but the configured FID is {fid}",
                d.fid
            ))
            .hint(format!(
                "sign it with the account of fid {fid}, or act as fid {} (--fid {}, or its profile)",
                d.fid, d.fid
            )));
        }
        jfs::verify(&association, &d).map_err(invalid)?;
        Some(d)
    };

    let client = ctx.client()?;
    if let Some(d) = &decoded {
        let deployment = client
            .get(fid, &target, args.namespace.as_deref())
            .await
            .map_err(|e| not_found(e.into(), &target, fid))?;
        let shown = deployment
            .name()
            .map(String::from)
            .unwrap_or_else(|| target.to_string());
        match deployment.url() {
            Some(url) => {
                if let Err(host) = jfs::check_domain(&d.domain, url) {
                    return Err(Error::usage(format!(
                        "the association is for domain {} (payload domain), but {} is served from {}",
                        sanitize(&d.domain),
                        sanitize(&shown),
                        sanitize(&host)
                    ))
                    .hint("sign the association for the deployment's domain"));
                }
            }
            None => ctx.out.warn(&format!(
                "the API reports no URL for {}; the domain {} was not checked",
                sanitize(&shown),
                sanitize(&d.domain)
            )),
        }
    }

    let answer = client
        .associate(fid, &target, &association)
        .await
        .map_err(|e| not_found(e.into(), &target, fid))?;
    if answer.bool("success") == Some(false) {
        let why = answer
            .str("message")
            .map(|m| format!(": {}", sanitize(m)))
            .unwrap_or_default();
        return Err(Error::failure(format!(
            "the API did not accept the association{why}"
        )));
    }
    if ctx.out.json {
        ctx.out.print_json(&answer)?;
    } else {
        let line = match answer.str("message") {
            Some(m) if !m.trim().is_empty() => sanitize(m.trim()).into_owned(),
            _ => format!(
                "Associated {} with fid {fid}.",
                sanitize(&target.to_string())
            ),
        };
        ctx.out.print(&line)?;
    }
    Ok(())
}

async fn show(
    ctx: &Ctx,
    name: Option<String>,
    id: Option<uuid::Uuid>,
    namespace: Option<String>,
) -> Result<()> {
    let target = ctx.target_or_current(name, id)?;
    let fid = ctx.fid()?;
    let client = ctx.client()?;
    let deployment = client
        .get(fid, &target, namespace.as_deref())
        .await
        .map_err(|e| not_found(e.into(), &target, fid))?;
    // The current spec looks an association up by deployment id, or by name and namespace.
    let lookup = match deployment.id().and_then(|i| uuid::Uuid::parse_str(i).ok()) {
        Some(id) => Target::Id(id),
        None => Target::Name(
            deployment
                .name()
                .map(String::from)
                .unwrap_or_else(|| target.to_string()),
        ),
    };
    let ns = namespace.or_else(|| deployment.namespace().map(String::from));
    let held = client
        .get_association(
            &lookup,
            if matches!(lookup, Target::Id(_)) {
                None
            } else {
                ns.as_deref()
            },
        )
        .await
        .map_err(|e| {
            Error::from(e)
                .reword_on(
                    404,
                    format!(
                        "{} has no account association",
                        sanitize(&target.to_string())
                    ),
                )
                .hint_on(
                    404,
                    "link one with `neynar-studio deploy associate --file farcaster.json`",
                )
        })?;
    let part = |k: &str| held.str(k).unwrap_or_default().to_string();
    let held_jfs = AccountAssociation {
        header: part("header"),
        payload: part("payload"),
        signature: part("signature"),
    };
    let decoded = jfs::decode(&held_jfs);
    let verified = match &decoded {
        Ok(d) => jfs::verify(&held_jfs, d),
        Err(e) => Err(e.clone()),
    };
    // The same checks as `associate` makes before sending: a valid signature alone does not
    // make an association that works for this deployment.
    let shown = deployment
        .name()
        .map(String::from)
        .unwrap_or_else(|| target.to_string());
    let checks = decoded.as_ref().ok().map(|d| Checks {
        fid: (d.fid == fid)
            .then_some(())
            .ok_or_else(|| format!("signed for fid {}, but the configured FID is {fid}", d.fid)),
        domain: match deployment.url() {
            Some(url) => jfs::check_domain(&d.domain, url).map_err(|host| {
                format!(
                    "signed for {}, but {} is served from {}",
                    sanitize(&d.domain),
                    sanitize(&shown),
                    sanitize(&host)
                )
            }),
            None => Err(format!(
                "not checked: the API reports no URL for {}",
                sanitize(&shown)
            )),
        },
    });
    if ctx.out.json {
        let mut out = held.as_map().clone();
        if let Ok(d) = &decoded {
            out.insert(
                "decoded".into(),
                json!({"fid": d.fid, "type": d.key_type.as_str(), "key": d.key, "domain": d.domain}),
            );
        }
        out.insert("signature_valid".into(), json!(verified.is_ok()));
        if let Err(e) = &verified {
            out.insert("problem".into(), json!(e.0));
        }
        if let Some(c) = &checks {
            let one = |r: &std::result::Result<(), String>| match r {
                Ok(()) => json!({"ok": true}),
                Err(why) => json!({"ok": false, "problem": why}),
            };
            out.insert(
                "checks".into(),
                json!({"fid": one(&c.fid), "domain": one(&c.domain)}),
            );
        }
        ctx.out.print_json(&out)?;
        return Ok(());
    }
    let decoded_ref = decoded.as_ref().map_err(|e| e.0.as_str());
    let verified_ref = verified.as_ref().map(|_| ()).map_err(|e| e.0.as_str());
    let p = ctx.out.paint();
    ctx.out
        .print_styled(&association::detail(decoded_ref, verified_ref, p))?;
    if let Some(c) = &checks {
        // One more row of the table above (its first column is 11 wide: "Signature" + 2).
        let one = |what: &str, r: &std::result::Result<(), String>| match r {
            Ok(()) => format!("{what} {}", p.green("ok")),
            Err(why) => format!("{what} {}", p.red(&format!("failed: {why}"))),
        };
        ctx.out.print_styled(&format!(
            "{}{}{}; {}\n",
            p.bold("Checks"),
            " ".repeat(5),
            one("fid", &c.fid),
            one("domain", &c.domain)
        ))?;
    }
    Ok(())
}

/// What `--show` checks beyond the signature, as `associate` does before sending.
struct Checks {
    fid: std::result::Result<(), String>,
    domain: std::result::Result<(), String>,
}
