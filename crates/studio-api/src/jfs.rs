/*!
JSON Farcaster Signatures: parsing the forms users paste, decoding, and verifying the signature
before an association is sent.

A JFS is three base64url strings. `header` decodes to `{"fid", "type", "key"}`, `payload` to
`{"domain"}`, and `signature` is over the ASCII bytes of `header + "." + payload`:
- `app_key`: ed25519 (64 bytes) with the 32-byte public key in the header;
- `custody` / `auth`: an EIP-191 `personal_sign` secp256k1 signature (65 bytes, r‖s‖v), checked
  by recovering the signer's address and comparing it with the header's key.

The cryptography is RustCrypto's (ed25519-dalek, k256 with ECDSA recovery, sha3's Keccak-256);
nothing here is hand-rolled beyond the EIP-191 prefix and the address derivation, which are
formatting.

Accepted input: the `{header, payload, signature}` object of the Mini App SDK's
`signManifest`, a `farcaster.json` manifest holding it under `accountAssociation`, or the
compact `header.payload.signature`. Every error names the part that is wrong and why.
*/

use std::fmt;

use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde_json::Value;
use sha3::{Digest, Keccak256};

use crate::client::AccountAssociation;

/// base64url, with or without padding.
const B64URL: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    Custody,
    AppKey,
    Auth,
}

impl KeyType {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyType::Custody => "custody",
            KeyType::AppKey => "app_key",
            KeyType::Auth => "auth",
        }
    }
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A decoded JFS.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub fid: u64,
    pub key_type: KeyType,
    /// The header's key, as written there (`0x...`).
    pub key: String,
    pub domain: String,
    pub signature: Vec<u8>,
}

/// What is wrong with a JFS, naming the part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JfsError(pub String);

impl fmt::Display for JfsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for JfsError {}

fn err(text: impl Into<String>) -> JfsError {
    JfsError(text.into())
}

fn short(text: &str) -> String {
    let clean: String = text
        .chars()
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_unicode().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect();
    if clean.chars().count() > 80 {
        format!("{}…", clean.chars().take(80).collect::<String>())
    } else {
        clean
    }
}

/// Reads an association from what a user pasted or saved: the object, a manifest, or the
/// compact form (also as a JSON string).
pub fn parse_input(text: &str) -> Result<AccountAssociation, JfsError> {
    let text = text.trim().trim_start_matches('\u{feff}');
    if text.is_empty() {
        return Err(err(
            "the input is empty; expected a JSON Farcaster Signature",
        ));
    }
    if text.starts_with('{') || text.starts_with('"') {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| err(format!("the input looks like JSON but does not parse: {e}")))?;
        return from_value(&value);
    }
    compact(text)
}

fn compact(text: &str) -> Result<AccountAssociation, JfsError> {
    let parts: Vec<&str> = text.split('.').collect();
    if parts.len() != 3 {
        return Err(err(format!(
            "the compact form is header.payload.signature, but this has {} part{} separated by '.'",
            parts.len(),
            if parts.len() == 1 { "" } else { "s" }
        )));
    }
    Ok(AccountAssociation {
        header: parts[0].to_string(),
        payload: parts[1].to_string(),
        signature: parts[2].to_string(),
    })
}

fn from_value(value: &Value) -> Result<AccountAssociation, JfsError> {
    let obj = match value {
        Value::String(s) => return compact(s.trim()),
        Value::Object(obj) => obj,
        _ => {
            return Err(err(
                "expected a JSON object with header, payload and signature",
            ));
        }
    };
    for key in ["accountAssociation", "account_association"] {
        if let Some(inner) = obj.get(key) {
            return match inner {
                Value::Object(_) | Value::String(_) => from_value(inner),
                _ => Err(err(format!("{key} in the manifest is not an object"))),
            };
        }
    }
    let part = |name: &str| -> Result<String, JfsError> {
        match obj.get(name) {
            Some(Value::String(s)) => Ok(s.trim().to_string()),
            Some(_) => Err(err(format!("{name} is not a string"))),
            None => Err(err(format!(
                "{name} is missing; expected an object with header, payload and signature{}",
                if obj.contains_key("frame") || obj.contains_key("miniapp") {
                    " (this manifest has no accountAssociation)"
                } else {
                    ""
                }
            ))),
        }
    };
    Ok(AccountAssociation {
        header: part("header")?,
        payload: part("payload")?,
        signature: part("signature")?,
    })
}

/// Checks that all three parts are there (all `--skip-verify` asks for).
pub fn require_parts(a: &AccountAssociation) -> Result<(), JfsError> {
    for (name, value) in [
        ("header", &a.header),
        ("payload", &a.payload),
        ("signature", &a.signature),
    ] {
        if value.trim().is_empty() {
            return Err(err(format!("{name} is empty")));
        }
    }
    Ok(())
}

fn b64(part: &str, text: &str) -> Result<Vec<u8>, JfsError> {
    B64URL
        .decode(text.trim())
        .map_err(|e| err(format!("{part} is not valid base64url ({e})")))
}

fn json_of(part: &str, bytes: &[u8]) -> Result<serde_json::Map<String, Value>, JfsError> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(err(format!("{part} is JSON but not an object"))),
        Err(e) => Err(err(format!("{part} does not decode to JSON ({e})"))),
    }
}

/// Decodes the three parts and checks their shapes (not the signature).
pub fn decode(a: &AccountAssociation) -> Result<Decoded, JfsError> {
    require_parts(a)?;
    let header = json_of("header", &b64("header", &a.header)?)?;
    let fid = match header.get("fid") {
        Some(v) => v
            .as_u64()
            .filter(|f| *f > 0)
            .ok_or_else(|| err(format!("header's fid is not a positive whole number: {v}")))?,
        None => return Err(err("header has no fid")),
    };
    let key_type = match header.get("type").and_then(Value::as_str) {
        Some("custody") => KeyType::Custody,
        Some("app_key") => KeyType::AppKey,
        Some("auth") => KeyType::Auth,
        Some(other) => {
            return Err(err(format!(
                "header's type '{}' is unknown; expected custody, app_key or auth",
                short(other)
            )));
        }
        None => return Err(err("header has no type (custody, app_key or auth)")),
    };
    let key = header
        .get("key")
        .and_then(Value::as_str)
        .ok_or_else(|| err("header has no key"))?
        .to_string();
    let payload = json_of("payload", &b64("payload", &a.payload)?)?;
    let domain = payload
        .get("domain")
        .and_then(Value::as_str)
        .filter(|d| !d.is_empty())
        .ok_or_else(|| err("payload has no domain"))?
        .to_string();
    let signature = b64("signature", &a.signature)?;
    let want = match key_type {
        KeyType::AppKey => 64,
        KeyType::Custody | KeyType::Auth => 65,
    };
    if signature.len() != want {
        return Err(err(format!(
            "signature is {} bytes; a {key_type} signature is {want} bytes{}",
            signature.len(),
            if signature.len() < want {
                " (was it cut short when pasted?)"
            } else {
                ""
            }
        )));
    }
    Ok(Decoded {
        fid,
        key_type,
        key,
        domain,
        signature,
    })
}

/// Checks that a JFS domain is the host of `url` (with its port, when the domain names one),
/// case-insensitively. `Err` carries the host the URL has (or the URL, if it has none).
pub fn check_domain(domain: &str, url: &str) -> Result<(), String> {
    let domain = domain.trim().to_ascii_lowercase();
    let host = reqwest::Url::parse(url).ok().and_then(|u| {
        let host = u.host_str()?.to_ascii_lowercase();
        Some(match u.port() {
            Some(port) if domain.contains(':') => format!("{host}:{port}"),
            _ => host,
        })
    });
    match host {
        Some(h) if h == domain => Ok(()),
        Some(h) => Err(h),
        None => Err(url.to_string()),
    }
}

fn hex_bytes(part: &str, text: &str) -> Result<Vec<u8>, JfsError> {
    let hex = text
        .strip_prefix("0x")
        .or_else(|| text.strip_prefix("0X"))
        .unwrap_or(text);
    if !hex.len().is_multiple_of(2) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(err(format!("{part} is not hex: {}", short(text))));
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| {
            u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| err(format!("{part} is not hex")))
        })
        .collect()
}

fn to_hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(2 + bytes.len() * 2);
    out.push_str("0x");
    for b in bytes {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// The bytes that are signed: `header + "." + payload`, as given.
pub fn signing_input(a: &AccountAssociation) -> String {
    format!("{}.{}", a.header.trim(), a.payload.trim())
}

/// Keccak-256 of the EIP-191 `personal_sign` message.
pub fn eip191_hash(message: &[u8]) -> [u8; 32] {
    let mut hasher = Keccak256::new();
    hasher.update(format!("\x19Ethereum Signed Message:\n{}", message.len()).as_bytes());
    hasher.update(message);
    hasher.finalize().into()
}

/// The Ethereum address of an uncompressed secp256k1 key: the last 20 bytes of the Keccak-256
/// of its 64 coordinate bytes.
pub fn address_of(key: &k256::ecdsa::VerifyingKey) -> String {
    let point = key.to_sec1_point(false);
    let bytes = point.as_bytes();
    let hash: [u8; 32] = Keccak256::digest(&bytes[1..]).into();
    to_hex(&hash[12..])
}

/// Recovers the signer's address from an EIP-191 signature (r‖s‖v, v 27/28 or 0/1).
pub fn recover_address(message: &[u8], signature: &[u8]) -> Result<String, JfsError> {
    if signature.len() != 65 {
        return Err(err(format!(
            "signature is {} bytes, not 65",
            signature.len()
        )));
    }
    let v = signature[64];
    let parity = match v {
        27 | 28 => v - 27,
        0 | 1 => v,
        other => {
            return Err(err(format!(
                "signature's recovery byte v is {other}; expected 27, 28, 0 or 1"
            )));
        }
    };
    let sig = k256::ecdsa::Signature::from_slice(&signature[..64])
        .map_err(|_| err("signature's r or s is out of range"))?;
    // A high-s signature is the same signature with the other recovery parity.
    let (sig, parity) = match sig.normalize_s() {
        normalized if normalized != sig => (normalized, parity ^ 1),
        _ => (sig, parity),
    };
    let recovery = k256::ecdsa::RecoveryId::from_byte(parity)
        .ok_or_else(|| err("signature's recovery byte is out of range"))?;
    let key =
        k256::ecdsa::VerifyingKey::recover_from_prehash(&eip191_hash(message), &sig, recovery)
            .map_err(|_| err("signature does not verify: it does not recover to any key"))?;
    Ok(address_of(&key))
}

/// Verifies the signature against the header's key.
pub fn verify(a: &AccountAssociation, d: &Decoded) -> Result<(), JfsError> {
    let message = signing_input(a);
    match d.key_type {
        KeyType::AppKey => {
            let key = hex_bytes("header's key", &d.key)?;
            let key: [u8; 32] = key.as_slice().try_into().map_err(|_| {
                err(format!(
                    "header's key is {} bytes; an app_key is a 32-byte ed25519 public key",
                    key.len()
                ))
            })?;
            let key = ed25519_dalek::VerifyingKey::from_bytes(&key)
                .map_err(|_| err("header's key is not a valid ed25519 public key"))?;
            let sig: [u8; 64] = d
                .signature
                .as_slice()
                .try_into()
                .map_err(|_| err("signature is not 64 bytes"))?;
            let sig = ed25519_dalek::Signature::from_bytes(&sig);
            use ed25519_dalek::Verifier;
            key.verify(message.as_bytes(), &sig).map_err(|_| {
                err(format!(
                    "signature does not verify: it was not made by app key {} over this header and payload",
                    short(&d.key)
                ))
            })
        }
        KeyType::Custody | KeyType::Auth => {
            let want = hex_bytes("header's key", &d.key)?;
            if want.len() != 20 {
                return Err(err(format!(
                    "header's key is {} bytes; a {} key is a 20-byte Ethereum address",
                    want.len(),
                    d.key_type
                )));
            }
            let got = recover_address(message.as_bytes(), &d.signature)?;
            if got.eq_ignore_ascii_case(&to_hex(&want)) {
                Ok(())
            } else {
                Err(err(format!(
                    "signature does not verify: it was signed by {got}, but the header's {} key is {}",
                    d.key_type,
                    short(&d.key)
                )))
            }
        }
    }
}

fn encode_json(value: &Value) -> String {
    B64URL.encode(value.to_string())
}

/// Signs a domain association with an ed25519 app key (for the demo and tests: the emulator's
/// domains are local, so a real account cannot sign them).
pub fn sign_app_key(secret: &[u8; 32], fid: u64, domain: &str) -> AccountAssociation {
    use ed25519_dalek::Signer;
    let signing = ed25519_dalek::SigningKey::from_bytes(secret);
    let key = to_hex(signing.verifying_key().as_bytes());
    let header = encode_json(&serde_json::json!({"fid": fid, "type": "app_key", "key": key}));
    let payload = encode_json(&serde_json::json!({"domain": domain}));
    let signature = signing.sign(format!("{header}.{payload}").as_bytes());
    AccountAssociation {
        header,
        payload,
        signature: B64URL.encode(signature.to_bytes()),
    }
}

/// Signs a domain association as a custody address (EIP-191), with the recovery byte as
/// `27/28` or, with `raw_v`, `0/1`.
pub fn sign_custody(secret: &[u8; 32], fid: u64, domain: &str, raw_v: bool) -> AccountAssociation {
    let signing = match k256::ecdsa::SigningKey::from_slice(secret) {
        Ok(k) => k,
        // Only a zero or out-of-range secret fails; callers pass fixed test keys.
        Err(_) => {
            return AccountAssociation {
                header: String::new(),
                payload: String::new(),
                signature: String::new(),
            };
        }
    };
    let header_key = address_of(signing.verifying_key());
    let header =
        encode_json(&serde_json::json!({"fid": fid, "type": "custody", "key": header_key}));
    let payload = encode_json(&serde_json::json!({"domain": domain}));
    let (sig, recid) =
        signing.sign_prehash_recoverable(&eip191_hash(format!("{header}.{payload}").as_bytes()));
    let mut bytes = sig.to_bytes().to_vec();
    bytes.push(recid.to_byte() + if raw_v { 0 } else { 27 });
    AccountAssociation {
        header,
        payload,
        signature: B64URL.encode(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const FIXTURES: &str = include_str!("../../../tests/fixtures/jfs.json");
    const DOMAIN: &str = "server-250904162435170.studio.neynar.com";

    fn fixture(name: &str) -> AccountAssociation {
        let all: Value = serde_json::from_str(FIXTURES).unwrap();
        serde_json::from_value(all[name].clone()).unwrap()
    }

    fn check(a: &AccountAssociation) -> Result<Decoded, JfsError> {
        let d = decode(a)?;
        verify(a, &d)?;
        Ok(d)
    }

    #[test]
    fn the_npm_packages_signatures_verify() {
        let d = check(&fixture("custody_fid3")).unwrap();
        assert_eq!(
            (d.fid, d.key_type, d.domain.as_str()),
            (3, KeyType::Custody, DOMAIN)
        );
        assert_eq!(d.key, "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A");
        let d = check(&fixture("app_key_fid3")).unwrap();
        assert_eq!(
            (d.fid, d.key_type, d.domain.as_str()),
            (3, KeyType::AppKey, DOMAIN)
        );
    }

    #[test]
    fn the_tampered_signature_does_not() {
        let e = check(&fixture("custody_fid3_tampered")).unwrap_err();
        assert!(
            e.0.starts_with("signature does not verify: it was signed by 0x"),
            "{e}"
        );
        assert!(
            e.0.ends_with(
                "but the header's custody key is 0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A"
            ),
            "{e}"
        );
    }

    #[test]
    fn domains_are_the_urls_host() {
        assert_eq!(
            check_domain(
                "Server-1.studio.neynar.com",
                "https://server-1.studio.neynar.com/"
            ),
            Ok(())
        );
        assert_eq!(
            check_domain("server-1.localhost", "http://server-1.localhost:8787/"),
            Ok(())
        );
        assert_eq!(
            check_domain("server-1.localhost:8787", "http://server-1.localhost:8787/"),
            Ok(())
        );
        assert_eq!(
            check_domain("a.example", "https://b.example/x"),
            Err("b.example".into())
        );
        assert_eq!(
            check_domain("a.example", "not a url"),
            Err("not a url".into())
        );
    }

    #[test]
    fn three_input_forms() {
        let a = fixture("custody_fid3");
        let object = serde_json::to_string(&a).unwrap();
        let manifest = format!(r#"{{"accountAssociation": {object}, "miniapp": {{"name": "x"}}}}"#);
        let compact = format!("{}.{}.{}", a.header, a.payload, a.signature);
        assert_eq!(parse_input(&object).unwrap(), a);
        assert_eq!(parse_input(&manifest).unwrap(), a);
        assert_eq!(parse_input(&format!("  {compact}\n")).unwrap(), a);
        assert_eq!(parse_input(&format!("\"{compact}\"")).unwrap(), a);
    }

    #[test]
    fn padding_is_optional() {
        let mut a = fixture("app_key_fid3");
        while !a.header.len().is_multiple_of(4) {
            a.header.push('=');
        }
        while !a.signature.len().is_multiple_of(4) {
            a.signature.push('=');
        }
        // The signed text is the header as given: padding changes it, so only decoding is checked.
        let d = decode(&a).unwrap();
        assert_eq!(d.fid, 3);
    }

    #[test]
    fn errors_name_the_part() {
        let a = fixture("custody_fid3");
        let with = |f: &dyn Fn(&mut AccountAssociation)| {
            let mut b = a.clone();
            f(&mut b);
            decode(&b).unwrap_err().0
        };
        assert!(
            with(&|b| b.header = "not base64!".into()).starts_with("header is not valid base64url")
        );
        assert!(
            with(&|b| b.header = B64URL.encode("hello"))
                .starts_with("header does not decode to JSON")
        );
        assert_eq!(
            with(&|b| b.header =
                encode_json(&serde_json::json!({"fid": 3, "type": "wallet", "key": "0x1"}))),
            "header's type 'wallet' is unknown; expected custody, app_key or auth"
        );
        assert_eq!(
            with(&|b| b.header = encode_json(&serde_json::json!({"type": "custody", "key": "0x1"}))),
            "header has no fid"
        );
        assert_eq!(
            with(&|b| b.header =
                encode_json(&serde_json::json!({"fid": "3", "type": "custody", "key": "0x1"}))),
            "header's fid is not a positive whole number: \"3\""
        );
        assert!(with(&|b| b.payload = "%%%".into()).starts_with("payload is not valid base64url"));
        assert_eq!(
            with(&|b| b.payload = encode_json(&serde_json::json!({"site": "x"}))),
            "payload has no domain"
        );
        assert!(
            with(&|b| b.signature = "@@".into()).starts_with("signature is not valid base64url")
        );
        assert_eq!(
            with(&|b| b.signature.truncate(40)),
            "signature is 30 bytes; a custody signature is 65 bytes (was it cut short when pasted?)"
        );
        assert_eq!(with(&|b| b.signature = String::new()), "signature is empty");
        assert!(parse_input("a.b").unwrap_err().0.contains("has 2 parts"));
        assert!(
            parse_input("{\"header\": 1}")
                .unwrap_err()
                .0
                .contains("header is not a string")
        );
        assert!(
            parse_input("{\"miniapp\": {}}")
                .unwrap_err()
                .0
                .contains("this manifest has no accountAssociation")
        );
        assert!(parse_input("").is_err());
    }

    #[test]
    fn all_four_recovery_byte_forms() {
        let secret = [7u8; 32];
        for raw in [false, true] {
            let a = sign_custody(&secret, 3, DOMAIN, raw);
            let d = decode(&a).unwrap();
            assert!([0, 1, 27, 28].contains(&d.signature[64]));
            assert!(if raw {
                d.signature[64] < 2
            } else {
                d.signature[64] >= 27
            });
            verify(&a, &d).unwrap();
            // The other parity of the same form recovers another address.
            let mut flipped = d.clone();
            flipped.signature[64] = match d.signature[64] {
                27 => 28,
                28 => 27,
                v => v ^ 1,
            };
            assert!(
                verify(&a, &flipped)
                    .unwrap_err()
                    .0
                    .starts_with("signature does not verify")
            );
        }
        // Both parities are covered over a few keys.
        let mut seen = std::collections::HashSet::new();
        for i in 1..40u8 {
            let a = sign_custody(&[i; 32], 3, DOMAIN, true);
            let d = decode(&a).unwrap();
            seen.insert(d.signature[64]);
            verify(&a, &d).unwrap();
            let mut as27 = a.clone();
            let mut bytes = d.signature.clone();
            bytes[64] += 27;
            as27.signature = B64URL.encode(&bytes);
            check(&as27).unwrap();
        }
        assert_eq!(seen.len(), 2);
        let mut bad = decode(&sign_custody(&secret, 3, DOMAIN, false)).unwrap();
        bad.signature[64] = 29;
        assert_eq!(
            verify(&sign_custody(&secret, 3, DOMAIN, false), &bad)
                .unwrap_err()
                .0,
            "signature's recovery byte v is 29; expected 27, 28, 0 or 1"
        );
    }

    #[test]
    fn an_app_key_signature_over_another_payload_fails() {
        let secret = [9u8; 32];
        let good = sign_app_key(&secret, 3, DOMAIN);
        check(&good).unwrap();
        let other = sign_app_key(&secret, 3, "evil.example.com");
        let swapped = AccountAssociation {
            payload: other.payload.clone(),
            ..good.clone()
        };
        assert!(
            check(&swapped)
                .unwrap_err()
                .0
                .starts_with("signature does not verify: it was not made by app key 0x")
        );
    }

    proptest! {
        #[test]
        fn decoding_never_panics(text in any::<String>(), h in any::<String>(), p in any::<String>(), s in any::<String>()) {
            let _ = parse_input(&text);
            let a = AccountAssociation { header: h, payload: p, signature: s };
            if let Ok(d) = decode(&a) {
                let _ = verify(&a, &d);
            }
        }

        #[test]
        fn decoding_valid_base64_of_anything_never_panics(h in any::<Vec<u8>>(), p in any::<Vec<u8>>(), s in proptest::collection::vec(any::<u8>(), 60..70)) {
            let a = AccountAssociation { header: B64URL.encode(h), payload: B64URL.encode(p), signature: B64URL.encode(s) };
            if let Ok(d) = decode(&a) {
                let _ = verify(&a, &d);
            }
        }
    }
}
