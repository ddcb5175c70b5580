//! Errors a user can provoke read in the user's words, never a library's (reqwest, hyper,
//! rustls, the resolver, clap), each with a hint. One test per text that used to leak.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;

use crate::common::script_server::{Reply, ScriptServer, write};
use crate::common::*;

const GET_PATH: &str = "/v2/studio/deployment/by-name-and-fid";

/// What used to be printed; none may appear again.
const LIBRARY_WORDS: &[&str] = &[
    "InvalidContentType",
    "corrupt message",
    "UnknownIssuer",
    "invalid peer certificate",
    "chunk size line",
    "os error",
    "lookup address",
    "unexpected argument",
    "is not a number",
];

fn no_library_words(r: &Run) {
    for w in LIBRARY_WORDS {
        assert!(
            !r.stderr.contains(w),
            "library words '{w}' in:\n{}",
            r.stderr
        );
    }
}

#[test]
fn https_pointed_at_a_plain_http_port() {
    let env = TestEnv::new();
    // A plain http server: whatever arrives, it answers 400 in clear text.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut sock in listener.incoming().flatten() {
            let mut buf = [0u8; 512];
            let _ = sock.read(&mut buf);
            let _ = sock.write_all(
                b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            );
        }
    });
    let r = run(env
        .api(&format!("https://127.0.0.1:{port}"))
        .args(["deploy", "get", "server-1"]));
    no_library_words(&r);
    assert_eq!(
        r.transcript(),
        format!(
            "exit: 1\n--- stdout\n--- stderr\nerror: 127.0.0.1:{port} does not speak TLS: the API \
             URL says https://, the server answers plain http\nhint: use http:// for a loopback \
             server such as the emulator (`--api-url http://127.0.0.1:8787`)\n"
        )
    );
}

/// A TLS server on loopback with a self-signed certificate (tests/fixtures/tls), which the
/// client must refuse before sending anything.
fn self_signed_server() -> u16 {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls");
    let cert = std::fs::read(dir.join("cert.der")).unwrap();
    let key = std::fs::read(dir.join("key.der")).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(
        vec![rustls::pki_types::CertificateDer::from(cert)],
        rustls::pki_types::PrivateKeyDer::Pkcs8(key.into()),
    )
    .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for sock in listener.incoming().flatten() {
            let Ok(conn) = rustls::ServerConnection::new(config.clone()) else {
                continue;
            };
            let mut tls = rustls::StreamOwned::new(conn, sock);
            let mut buf = [0u8; 1024];
            // The handshake fails on the client's side; nothing is ever read.
            if let Ok(n) = tls.read(&mut buf) {
                panic!("the client sent {n} bytes over an untrusted certificate");
            }
            let _ = tls.flush();
        }
    });
    port
}

#[test]
fn a_self_signed_certificate() {
    let env = TestEnv::new();
    let port = self_signed_server();
    let r = run(env
        .api(&format!("https://127.0.0.1:{port}"))
        .args(["deploy", "get", "server-1"]));
    no_library_words(&r);
    assert_eq!(
        r.transcript(),
        format!(
            "exit: 1\n--- stdout\n--- stderr\nerror: the TLS certificate of 127.0.0.1:{port} is \
             not signed by a trusted authority; nothing was sent\nhint: check the API URL \
             (`neynar-studio config show`); a proxy that intercepts TLS needs its certificate \
             authority in the system's trust store\n"
        )
    );
}

#[test]
fn a_host_name_that_does_not_resolve() {
    let env = TestEnv::new();
    // A resolver that answers at once, even on a machine whose name server is unreachable.
    let r = run(env
        .api("https://no-such-host.invalid")
        .env("RES_OPTIONS", "timeout:1 attempts:1")
        .args(["--timeout", "20s", "deploy", "get", "server-1"]));
    no_library_words(&r);
    assert_eq!(
        r.transcript(),
        "exit: 1\n--- stdout\n--- stderr\nerror: the host name in the API URL \
         (no-such-host.invalid) could not be found (DNS)\nhint: check the API URL \
         (`neynar-studio config show`) for a typo, and the network connection\n"
    );
}

#[test]
fn a_json_answer_cut_in_the_middle_of_a_chunk() {
    let env = TestEnv::new();
    let server = ScriptServer::start(vec![(
        "GET",
        GET_PATH,
        Reply {
            steps: vec![
                write(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: \
                     chunked\r\n\r\n40\r\n{\"name\": \"server-1\"",
                ),
                // Then a clean close (FIN), in the middle of the chunk.
            ],
        },
    )]);
    let r = run(env.api(&server.url()).args(["deploy", "get", "server-1"]));
    no_library_words(&r);
    assert_eq!(
        r.transcript(),
        "exit: 1\n--- stdout\n--- stderr\nerror: the API closed the connection before its \
         answer was complete\nhint: try again; if it keeps happening, the server or a proxy on \
         the way is cutting the connection\n"
    );
}

#[test]
fn a_fid_too_large_names_the_range() {
    let env = TestEnv::new();
    let r = run(env.api("http://127.0.0.1:1").args([
        "--fid",
        "999999999999999999999",
        "deploy",
        "get",
        "server-1",
    ]));
    no_library_words(&r);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with(
            "error: invalid value '999999999999999999999' for '--fid <N>': \
             '999999999999999999999' is out of range: a Farcaster ID is a whole number from 1 to \
             2147483647\n"
        ),
        "{}",
        r.stderr
    );
    let r = run(env
        .api("http://127.0.0.1:1")
        .args(["deploy", "get", "server-1", "--fid", "-5"]));
    no_library_words(&r);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with(
            "error: invalid value '-5' for '--fid <N>': '-5' is negative: a Farcaster ID is a \
             whole number from 1 to 2147483647\n"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn config_set_fid_negative_is_read_and_refused_with_the_range() {
    let env = TestEnv::new();
    let r = run(env.cmd().args(["config", "set", "fid", "-5"]));
    no_library_words(&r);
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: invalid FID: '-5' is negative: a Farcaster ID \
         is a whole number from 1 to 2147483647\n"
    );
    assert!(!env.config_path().exists());
    let r = run(env
        .cmd()
        .args(["config", "set", "fid", "99999999999999999999999"]));
    assert_eq!(
        r.transcript(),
        "exit: 2\n--- stdout\n--- stderr\nerror: invalid FID: '99999999999999999999999' is out \
         of range: a Farcaster ID is a whole number from 1 to 2147483647\n"
    );
}
