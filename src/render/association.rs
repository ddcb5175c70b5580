//! An account association, decoded, for `deploy associate --show`.

use super::{Paint, columns, sanitize};
use crate::jfs::Decoded;

/// The key/value view: fid, key type, key, domain, and whether the signature verifies.
pub fn detail(decoded: Result<&Decoded, &str>, verified: Result<(), &str>, p: Paint) -> String {
    let mut rows: Vec<Vec<String>> = Vec::new();
    match decoded {
        Ok(d) => {
            rows.push(vec![p.bold("FID"), d.fid.to_string()]);
            rows.push(vec![p.bold("Key type"), d.key_type.to_string()]);
            rows.push(vec![p.bold("Key"), sanitize(&d.key).into_owned()]);
            rows.push(vec![p.bold("Domain"), sanitize(&d.domain).into_owned()]);
            rows.push(vec![
                p.bold("Signature"),
                match verified {
                    Ok(()) => p.green("valid"),
                    Err(why) => p.red(&format!("invalid: {}", sanitize(why))),
                },
            ]);
        }
        Err(why) => rows.push(vec![
            p.bold("Signature"),
            p.red(&format!("cannot be read: {}", sanitize(why))),
        ]),
    }
    columns(&rows)
}
