//! Deployments: create, list (paged, filtered, sorted; the guide's bare shape in the
//! tutorial era), get by name or id, and delete (one, or all of a FID's).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::routes::{
    Lookup, Res, bad, body_fid, body_object, json_response, opt_str, query_fid, query_map,
};
use super::state::Deployment;
use super::{Emu, Shape};

pub(super) async fn create(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let map = body_object(body)?;
    let fid = body_fid(&map, true)?.unwrap_or_default();
    let display_name = opt_str(&map, "display_name")?;
    let env = match map.get("env") {
        None | Some(Value::Null) => BTreeMap::new(),
        Some(Value::Object(vars)) => {
            let mut env = BTreeMap::new();
            for (k, v) in vars {
                let v = v
                    .as_str()
                    .ok_or_else(|| bad(format!("env.{k} must be a string")))?;
                env.insert(k.clone(), v.to_string());
            }
            env
        }
        Some(_) => return Err(bad("env must be an object of strings")),
    };
    let mut world = emu.world();
    let d = world.create(fid, display_name, env, emu.config.ready_after);
    Ok(json_response(
        StatusCode::OK,
        &d.to_json(emu.config.shape, emu.port, Instant::now()),
    ))
}

pub(super) async fn list(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let q = query_map(raw);
    let fid = query_fid(&q, true)?.unwrap_or_default();
    let now = Instant::now();
    let mut world = emu.world();
    for d in world.deployments.iter_mut() {
        d.settle(now);
    }
    if emu.config.shape == Shape::Tutorial {
        // The guide's API has no paging or filters.
        let items: Vec<Value> = world
            .deployments
            .iter()
            .filter(|d| d.fid == fid && d.deleted_at.is_none())
            .map(|d| d.to_json(Shape::Tutorial, emu.port, now))
            .collect();
        return Ok(json_response(
            StatusCode::OK,
            &json!({"deployments": items}),
        ));
    }
    let limit = match q.get("limit") {
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| bad("limit must be an integer between 1 and 1000"))?,
        None => 50,
    };
    let offset = match q.get("offset") {
        Some(v) => v
            .parse::<usize>()
            .map_err(|_| bad("offset must be a non-negative integer"))?,
        None => 0,
    };
    let sort_by = q.get("sort_by").map(String::as_str).unwrap_or("updated_at");
    if sort_by != "created_at" && sort_by != "updated_at" {
        return Err(bad("sort_by must be one of created_at, updated_at"));
    }
    let include_deleted = match q.get("include_deleted").map(String::as_str) {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(bad("include_deleted must be true or false")),
    };
    let text = q.get("query").map(|s| s.to_lowercase());
    let mut items: Vec<&Deployment> = world
        .deployments
        .iter()
        .filter(|d| d.fid == fid && (include_deleted || d.deleted_at.is_none()))
        .filter(|d| {
            text.as_deref().is_none_or(|t| {
                d.name.to_lowercase().contains(t)
                    || d.display_name
                        .as_deref()
                        .is_some_and(|n| n.to_lowercase().contains(t))
                    || d.fid.to_string() == t
            })
        })
        .collect();
    let key = |d: &Deployment| -> SystemTime {
        if sort_by == "created_at" {
            d.created_at
        } else {
            d.updated_at
        }
    };
    items.sort_by(|a, b| key(b).cmp(&key(a)).then_with(|| b.name.cmp(&a.name)));
    let page: Vec<Value> = items
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|d| d.to_json(Shape::Current, emu.port, now))
        .collect();
    Ok(json_response(StatusCode::OK, &Value::Array(page)))
}

pub(super) async fn get_one(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let lookup = Lookup::from_query(raw)?;
    let mut world = emu.world();
    let d = lookup.find(&mut world)?;
    Ok(json_response(
        StatusCode::OK,
        &d.to_json(emu.config.shape, emu.port, Instant::now()),
    ))
}

pub(super) async fn delete(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let map = body_object(body)?;
    let fid = body_fid(&map, true)?.unwrap_or_default();
    let id = opt_str(&map, "deployment_id")?;
    let name = opt_str(&map, "name")?;
    let namespace = opt_str(&map, "namespace")?;
    let mut world = emu.world();
    let now = SystemTime::now();
    let deleted = if id.is_some() || name.is_some() {
        let lookup = Lookup::from_parts(id, name, Some(fid), namespace, true)?;
        let d = lookup.find(&mut world)?;
        d.deleted_at = Some(now);
        d.updated_at = now;
        1
    } else {
        let mut n = 0;
        for d in world
            .deployments
            .iter_mut()
            .filter(|d| d.fid == fid && d.deleted_at.is_none())
        {
            d.deleted_at = Some(now);
            d.updated_at = now;
            n += 1;
        }
        n
    };
    let body = match emu.config.shape {
        Shape::Current | Shape::Tutorial => json!({"success": true, "deletedCount": deleted}),
    };
    Ok(json_response(StatusCode::OK, &body))
}
