//! A small HTTP server for the tests, on 127.0.0.1, that answers from a script: it can write a
//! response in pieces, pause between them, split a line or a UTF-8 character across writes,
//! and drop the connection part-way. httpmock sends bodies whole and cannot do any of that.
//!
//! Every request is recorded (method, path, query, headers, body) for the test to check.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// One step of a response.
#[derive(Debug, Clone)]
pub enum Step {
    /// Write these bytes (one write call) and flush.
    Write(Vec<u8>),
    /// Sleep.
    Pause(Duration),
    /// Close the connection at once (a reset: unread input is discarded).
    Reset,
}

pub fn write(bytes: impl AsRef<[u8]>) -> Step {
    Step::Write(bytes.as_ref().to_vec())
}

pub fn pause(ms: u64) -> Step {
    Step::Pause(Duration::from_millis(ms))
}

/// What a route answers.
#[derive(Debug, Clone)]
pub struct Reply {
    pub steps: Vec<Step>,
}

impl Reply {
    /// A complete JSON response.
    pub fn json(status: u16, body: &serde_json::Value) -> Reply {
        let body = body.to_string();
        Reply {
            steps: vec![write(format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            ))],
        }
    }

    /// An event stream whose body is read to EOF (no length, no chunking): `steps` are the body.
    pub fn sse(steps: Vec<Step>) -> Reply {
        let mut all = vec![write(
            "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\nconnection: close\r\n\r\n",
        )];
        all.extend(steps);
        Reply { steps: all }
    }

    /// An event stream in chunked encoding, each body write one chunk. Ending without the
    /// final chunk (`finish: false`) is a broken stream to the client.
    pub fn sse_chunked(body: Vec<Step>, finish: bool) -> Reply {
        let mut all = vec![write(
            "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n",
        )];
        for step in body {
            all.push(match step {
                Step::Write(bytes) => {
                    let mut chunk = format!("{:x}\r\n", bytes.len()).into_bytes();
                    chunk.extend_from_slice(&bytes);
                    chunk.extend_from_slice(b"\r\n");
                    Step::Write(chunk)
                }
                other => other,
            });
        }
        if finish {
            all.push(write("0\r\n\r\n"));
        }
        Reply { steps: all }
    }

    /// Raw steps, status line and headers included.
    pub fn raw(steps: Vec<Step>) -> Reply {
        Reply { steps }
    }
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }
}

struct Route {
    method: String,
    path: String,
    reply: Reply,
}

pub struct ScriptServer {
    pub port: u16,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl ScriptServer {
    /// Starts a server answering each `(method, path)` with its reply, as often as asked.
    /// Anything else gets a 599, which no test expects.
    pub fn start(routes: Vec<(&str, &str, Reply)>) -> ScriptServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().unwrap().port();
        let routes: Arc<Vec<Route>> = Arc::new(
            routes
                .into_iter()
                .map(|(m, p, reply)| Route {
                    method: m.to_string(),
                    path: p.to_string(),
                    reply,
                })
                .collect(),
        );
        let requests = Arc::new(Mutex::new(Vec::new()));
        let recorded = requests.clone();
        thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { continue };
                let routes = routes.clone();
                let recorded = recorded.clone();
                thread::spawn(move || serve(conn, &routes, &recorded));
            }
        });
        ScriptServer { port, requests }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    /// The recorded requests to `method path`.
    pub fn to(&self, method: &str, path: &str) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.method == method && r.path == path)
            .collect()
    }
}

fn serve(conn: TcpStream, routes: &[Route], recorded: &Mutex<Vec<Recorded>>) {
    let mut reader = BufReader::new(conn.try_clone().expect("clone"));
    let mut head = String::new();
    if reader.read_line(&mut head).is_err() {
        return;
    }
    let mut parts = head.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("").to_string();
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (target.clone(), String::new()),
    };
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).is_err() || line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.trim_end().split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let length = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    recorded.lock().unwrap().push(Recorded {
        method: method.clone(),
        path: path.clone(),
        query,
        headers,
        body,
    });
    let mut conn = conn;
    let Some(route) = routes.iter().find(|r| r.method == method && r.path == path) else {
        let _ = conn
            .write_all(b"HTTP/1.1 599 No Route\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        return;
    };
    for step in &route.reply.steps {
        match step {
            Step::Write(bytes) => {
                if conn.write_all(bytes).and_then(|_| conn.flush()).is_err() {
                    return;
                }
            }
            Step::Pause(d) => thread::sleep(*d),
            Step::Reset => {
                reset(&conn);
                return;
            }
        }
    }
    let _ = conn.shutdown(std::net::Shutdown::Write);
    // Let the client read to the end before the socket goes away.
    let mut sink = [0u8; 64];
    let _ = conn.set_read_timeout(Some(Duration::from_millis(200)));
    let _ = conn.read(&mut sink);
}

/// Closes with a RST instead of a FIN (SO_LINGER with a zero timeout), like a crashed peer.
pub fn reset(conn: &TcpStream) {
    use std::os::fd::AsRawFd;
    let linger = libc::linger {
        l_onoff: 1,
        l_linger: 0,
    };
    // SAFETY: a valid socket descriptor and a correctly sized, initialised option value.
    unsafe {
        libc::setsockopt(
            conn.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            &linger as *const libc::linger as *const libc::c_void,
            std::mem::size_of::<libc::linger>() as libc::socklen_t,
        );
    }
}
