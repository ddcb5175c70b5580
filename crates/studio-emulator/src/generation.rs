//! The generation: prompts (streamed, or blocking in the guide's API), the SSE framing every
//! scripted session is sent with (prompts, `build`, `recover`), and `session/cancel`.
//!
//! A session runs on the server's clock: its events are recorded in its conversation as they
//! fall due, whether or not a client reads the stream. A cancel cuts the script where it is
//! and ends it with the Agent SDK's interrupted result, both in the stream and in the
//! conversation.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::Emu;
use super::routes::{Lookup, Res, bad, body_object, json_reject, json_response, opt_str};
use super::session;
use super::state::{Deployment, Kind, Session, user_message};

/// Silence longer than this in a stream gets keep-alive comments.
const KEEP_ALIVE: Duration = Duration::from_millis(500);

const ACTIONS: &[&str] = &["code-create", "code-edit", "debug", "info", "logs"];
const MEDIA_TYPES: &[&str] = &["image/jpeg", "image/png", "image/gif", "image/webp"];
const VARIANTS: &[&str] = &["canary", "beta", "stable"];

/// A session that was started: the script to play, the ids, and the cancel signal.
pub(super) struct Started {
    pub frames: Vec<session::Frame>,
    pub conversation_id: String,
    pub started: Instant,
    pub cancel: tokio::sync::watch::Receiver<Option<(Instant, Vec<Value>)>>,
}

/// A 400 unless `conversation_id` (when present) is a UUID.
fn conversation_field(map: &Map<String, Value>) -> Res<Option<String>> {
    let conversation = opt_str(map, "conversation_id")?;
    if let Some(c) = &conversation
        && uuid::Uuid::parse_str(c).is_err()
    {
        return Err(bad("conversation_id must be a UUID"));
    }
    Ok(conversation)
}

/// Starts `frames` as the deployment's session, recording `first` (the user's prompt, or what
/// build and recover were asked) in the conversation `conversation_id` (new when `None`).
pub(super) fn begin(
    emu: &Emu,
    d: &mut Deployment,
    kind: Kind,
    first: (&'static str, String),
    conversation_id: Option<String>,
    session_id: String,
    frames: Vec<session::Frame>,
) -> Started {
    let now = Instant::now();
    let wall = SystemTime::now();
    let conversation_id = conversation_id.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let speed = emu.config.speed.max(0.001);
    // A firehose session is over as soon as it is sent: it never queues the next prompt.
    let took = if emu.config.firehose.is_some() && kind == Kind::Prompt {
        Duration::ZERO
    } else {
        session::duration(&frames, speed)
    };
    let mut due = Duration::ZERO;
    let timed: Vec<(Duration, Value)> = frames
        .iter()
        .map(|f| {
            due += f.after.div_f64(speed);
            (due.min(took), f.data.clone())
        })
        .collect();
    let (origin, text) = first;
    let c = d.conversation(&conversation_id, &text);
    let mut m = user_message(&text, wall);
    m.origin = origin;
    if origin == "user" {
        c.preview = Some(text.chars().take(80).collect());
    }
    c.messages.push(m);
    c.updated_at = wall;
    let (tx, rx) = tokio::sync::watch::channel(None);
    d.session = Some(Session {
        session_id,
        conversation_id: conversation_id.clone(),
        kind,
        started: now,
        started_wall: wall,
        ends_at: studio_api::duration::deadline(now, took),
        planned: took,
        prompt: text,
        applied: false,
        frames: timed,
        recorded: 0,
        cancelled_at: None,
        cancel: tx,
    });
    d.updated_at = wall;
    Started {
        frames,
        conversation_id,
        started: now,
        cancel: rx,
    }
}

/// Checks a prompt body and starts a session, or answers 400/404/202.
fn start_prompt(emu: &Emu, map: &Map<String, Value>) -> Res<Started> {
    let prompt = opt_str(map, "prompt")?.unwrap_or_default();
    if prompt.trim().is_empty() {
        return Err(bad("prompt is required"));
    }
    let action = opt_str(map, "action")?;
    if let Some(a) = &action
        && !ACTIONS.contains(&a.as_str())
    {
        return Err(bad(format!("action must be one of {}", ACTIONS.join(", "))));
    }
    let conversation = conversation_field(map)?;
    let session_id = opt_str(map, "session_id")?;
    if let Some(v) = opt_str(map, "system_prompt_variant")?
        && !VARIANTS.contains(&v.as_str())
    {
        return Err(bad(
            "system_prompt_variant must be one of canary, beta, stable",
        ));
    }
    match map.get("images") {
        None | Some(Value::Null) => {}
        Some(Value::Array(images)) => {
            for (i, image) in images.iter().enumerate() {
                let media = image.get("mediaType").and_then(Value::as_str);
                if !media.is_some_and(|m| MEDIA_TYPES.contains(&m)) {
                    return Err(bad(format!(
                        "images[{i}].mediaType must be one of {}",
                        MEDIA_TYPES.join(", ")
                    )));
                }
                if image
                    .get("data")
                    .and_then(Value::as_str)
                    .is_none_or(str::is_empty)
                {
                    return Err(bad(format!("images[{i}].data is required")));
                }
            }
        }
        Some(_) => return Err(bad("images must be an array")),
    }
    let lookup = Lookup::from_body(map)?;
    let now = Instant::now();
    let mut world = emu.world();
    let d = lookup.find(&mut world)?;
    if !d.is_ready(now) {
        return Err(bad(
            "Deployment is not ready yet; wait until is_ready is true",
        ));
    }
    if let Some(running) = d.running(now) {
        // Added to the running session: its conversation records the prompt.
        let (session_id, conversation_id) =
            (running.session_id.clone(), running.conversation_id.clone());
        let c = d.conversation(&conversation_id, &prompt);
        c.messages.push(user_message(&prompt, SystemTime::now()));
        c.preview = Some(prompt.chars().take(80).collect());
        c.updated_at = SystemTime::now();
        return Err(json_reject(
            StatusCode::ACCEPTED,
            &json!({"queued": true, "session_id": session_id, "conversation_id": conversation_id}),
        ));
    }
    let session_id = session_id.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let frames = session::script(&prompt, action.as_deref(), &session_id, emu.config.speed);
    Ok(begin(
        emu,
        d,
        Kind::Prompt,
        ("user", prompt),
        conversation,
        session_id,
        frames,
    ))
}

pub(super) async fn prompt_stream(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let started = start_prompt(&emu, &body_object(body)?)?;
    if let Some(body) = emu.firehose_body() {
        // As fast as the client reads: 64 KiB slices of one prepared body (no copies).
        let chunks: Vec<Result<Bytes, std::io::Error>> = (0..body.len())
            .step_by(64 << 10)
            .map(|at| Ok(body.slice(at..(at + (64 << 10)).min(body.len()))))
            .collect();
        return Ok(event_stream(Body::from_stream(futures_util::stream::iter(
            chunks,
        ))));
    }
    Ok(play(&emu, started))
}

/// Streams a started session's script at the emulator's pace; a cancel ends it with the
/// interrupted result.
pub(super) fn play(emu: &Emu, started: Started) -> Response {
    let speed = emu.config.speed.max(0.001);
    let drop_after = emu.config.drop_stream_after;
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(16);
    let mut cancel = started.cancel;
    tokio::spawn(async move {
        let send = |data: &Value| Ok(Bytes::from(format!("data: {data}\n\n")));
        let mut due = started.started;
        // Whether the session can still be cancelled (its state was not replaced).
        let mut live = true;
        for (sent, frame) in started.frames.into_iter().enumerate() {
            if drop_after.is_some_and(|n| sent >= n) {
                // Let the events already sent reach the client before the connection breaks.
                tokio::time::sleep(Duration::from_millis(100)).await;
                let _ = tx
                    .send(Err(std::io::Error::other(
                        "stream dropped (--drop-stream-after)",
                    )))
                    .await;
                return;
            }
            due = studio_api::duration::deadline(due, frame.after.div_f64(speed));
            // Long silences carry keep-alive comments, as real servers and proxies send.
            loop {
                let stop = cancel.borrow().clone();
                if let Some((at, last)) = stop {
                    // Events due before the cancel were played (the conversation has them).
                    if due <= at {
                        break;
                    }
                    for data in &last {
                        if tx.send(send(data)).await.is_err() {
                            return;
                        }
                    }
                    return;
                }
                let left = due.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break;
                }
                let full = left > KEEP_ALIVE;
                let slept = tokio::select! {
                    _ = tokio::time::sleep(left.min(KEEP_ALIVE)) => true,
                    changed = cancel.changed(), if live => {
                        live = changed.is_ok();
                        false
                    }
                };
                if full
                    && slept
                    && tx
                        .send(Ok(Bytes::from_static(b": keep-alive\n\n")))
                        .await
                        .is_err()
                {
                    return;
                }
            }
            let mut event = format!("data: {}\n\n", frame.data);
            if sent == 0 {
                event.push_str(": keep-alive\n\n");
            }
            if tx.send(Ok(Bytes::from(event))).await.is_err() {
                return;
            }
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    event_stream(Body::from_stream(stream))
}

/// A 200 event-stream response with `body`.
fn event_stream(body: Body) -> Response {
    (
        StatusCode::OK,
        [
            (CONTENT_TYPE, "text/event-stream"),
            (CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

pub(super) async fn prompt_blocking(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let mut started = start_prompt(&emu, &body_object(body)?)?;
    let took = session::duration(&started.frames, emu.config.speed);
    let mut text = session::final_text(&started.frames);
    tokio::select! {
        _ = tokio::time::sleep_until(studio_api::duration::deadline(started.started, took).into()) => {}
        Ok(_) = started.cancel.wait_for(Option::is_some) => {
            text = "Request was aborted by the user".into();
        }
    }
    Ok(json_response(
        StatusCode::OK,
        &json!({"conversation_id": started.conversation_id, "response": text}),
    ))
}

/// `POST session/cancel`: stops the deployment's running session when it belongs to
/// `conversation_id` (`{"cancelled": true}`); otherwise nothing runs there to stop
/// (`{"cancelled": false}`, not an error: the spec calls it safe to repeat).
pub(super) async fn cancel(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let map = body_object(body)?;
    let Some(conversation) = conversation_field(&map)? else {
        return Err(bad("conversation_id is required"));
    };
    let lookup = Lookup::from_body(&map)?;
    let now = Instant::now();
    let mut world = emu.world();
    world.cancels_received += 1;
    let d = lookup.find(&mut world)?;
    let running = d
        .session
        .as_mut()
        .filter(|s| now < s.ends_at && s.conversation_id.eq_ignore_ascii_case(&conversation));
    let cancelled = match running {
        Some(s) => {
            let elapsed = now.saturating_duration_since(s.started);
            // Turns so far: the assistant messages already sent.
            let turns = s
                .frames
                .iter()
                .filter(|(due, v)| *due <= elapsed && v["type"] == "assistant")
                .count() as u64;
            let last = session::interrupted(&s.session_id, elapsed, turns.max(1));
            s.cancel(now, last);
            d.settle(now);
            d.updated_at = SystemTime::now();
            true
        }
        None => false,
    };
    if cancelled {
        world.cancels_effective += 1;
    }
    Ok(json_response(
        StatusCode::OK,
        &json!({"cancelled": cancelled}),
    ))
}
