//! Conversations: `GET conversations` (a deployment's, or all of a FID's) and
//! `GET conversations/messages` (newest first, cursor paging, at most 100 a page). They are
//! recorded from the sessions the emulator streams (see `generation`): each prompt as a user
//! message, each agent event (not the partial `stream_event`s) as a system message holding
//! the SDK message as JSON text.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::Emu;
use super::routes::{
    Lookup, Res, bad, fail, json_response, parse_id, query_bool, query_fid, query_map,
};
use super::state::{Conversation, Deployment, Message, timestamp};

fn conversation_json(d: &Deployment, c: &Conversation) -> Value {
    json!({
        "id": c.id,
        "created_at": timestamp(c.created_at),
        "updated_at": timestamp(c.updated_at),
        "deployment_id": d.id.to_string(),
        "admin": false,
        "title": c.title,
        "last_message_preview": c.preview,
    })
}

fn message_json(conversation_id: &str, m: &Message) -> Value {
    let mut v = json!({
        "id": m.id.to_string(),
        "created_at": timestamp(m.created_at),
        "conversation_id": conversation_id,
        "message": m.message,
        "origin": m.origin,
        "type": m.kind,
    });
    if let Some(s) = &m.subtype {
        v["subtype"] = json!(s);
    }
    v
}

/// `GET conversations`: by `deployment_id` or `name` (with `fid`), or every conversation of
/// `fid`'s deployments; `fid` may be left out by a Studio admin key only. Most recently
/// updated first.
pub(super) async fn list(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let q = query_map(raw);
    let fid = query_fid(&q, false)?;
    if fid.is_none() && !emu.is_admin(&headers) {
        return Err(bad("fid is required"));
    }
    let include_deleted = query_bool(&q, "include_deleted")?;
    let id = parse_id(q.get("deployment_id").cloned())?;
    let name = q.get("name").filter(|n| !n.is_empty()).cloned();
    let now = Instant::now();
    let mut world = emu.world();
    let one = if id.is_some() || name.is_some() {
        let lookup = Lookup { id, name, fid };
        Some(lookup.find(&mut world)?.id)
    } else {
        None
    };
    let mut list: Vec<(std::time::SystemTime, Value)> = Vec::new();
    for d in world.deployments.iter_mut() {
        let wanted = match one {
            Some(id) => d.id == id,
            None => fid.is_none_or(|f| f == d.fid) && (include_deleted || d.deleted_at.is_none()),
        };
        if !wanted {
            continue;
        }
        d.settle(now);
        for c in &d.conversations {
            list.push((c.updated_at, conversation_json(d, c)));
        }
    }
    list.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    let list: Vec<Value> = list.into_iter().map(|(_, v)| v).collect();
    Ok(json_response(
        StatusCode::OK,
        &json!({"conversations": list}),
    ))
}

/// `GET conversations/messages`: one conversation's messages, newest first; `cursor` (the
/// `next.cursor` of the previous page) continues with older ones.
pub(super) async fn messages(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let q = query_map(raw.clone());
    let conversation = q
        .get("conversation_id")
        .ok_or_else(|| bad("conversation_id is required"))?;
    let conversation = uuid::Uuid::parse_str(conversation)
        .map_err(|_| bad("conversation_id must be a UUID"))?
        .to_string();
    query_bool(&q, "include_deleted")?;
    let limit = match q.get("limit") {
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=100).contains(n))
            .ok_or_else(|| bad("limit must be an integer between 1 and 100"))?,
        None => 50,
    };
    let cursor = q.get("cursor").filter(|c| !c.is_empty());
    let lookup = Lookup::from_query_owner(raw)?;
    let now = Instant::now();
    let mut world = emu.world();
    let d = lookup.find(&mut world)?;
    d.settle(now);
    let Some(c) = d
        .conversations
        .iter()
        .find(|c| c.id.eq_ignore_ascii_case(&conversation))
    else {
        return Err(fail(StatusCode::NOT_FOUND, "Conversation not found"));
    };
    let newest_first: Vec<&Message> = c.messages.iter().rev().collect();
    let from = match cursor {
        None => 0,
        Some(cursor) => newest_first
            .iter()
            .position(|m| m.id.to_string() == *cursor)
            .ok_or_else(|| bad("cursor is not valid for this conversation"))?,
    };
    let page: Vec<Value> = newest_first
        .iter()
        .skip(from)
        .take(limit)
        .map(|m| message_json(&c.id, m))
        .collect();
    let next = newest_first.get(from + limit).map(|m| m.id.to_string());
    Ok(json_response(
        StatusCode::OK,
        &json!({"messages": page, "next": {"cursor": next}}),
    ))
}
