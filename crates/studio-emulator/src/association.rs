//! Account associations: stored after their JFS signature is checked, and read back.

use std::sync::Arc;
use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::Emu;
use super::routes::{Lookup, Res, bad, body_object, fail, json_response};
use studio_api::client::AccountAssociation;

pub(super) async fn associate(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let map = body_object(body)?;
    let Some(Value::Object(assoc)) = map.get("account_association") else {
        return Err(bad("account_association is required"));
    };
    let part = |k: &str| -> Res<String> {
        assoc
            .get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .ok_or_else(|| bad(format!("account_association.{k} is required")))
    };
    let association = AccountAssociation {
        header: part("header")?,
        payload: part("payload")?,
        signature: part("signature")?,
    };
    let checked = studio_api::jfs::decode(&association)
        .and_then(|d| studio_api::jfs::verify(&association, &d));
    if let Err(e) = checked {
        return Err(bad(format!("Invalid account association: {e}")));
    }
    let lookup = Lookup::from_body(&map)?;
    let mut world = emu.world();
    let d = lookup.find(&mut world)?;
    d.association = Some(association);
    d.updated_at = SystemTime::now();
    Ok(json_response(
        StatusCode::OK,
        &json!({"success": true, "message": "Account association updated"}),
    ))
}

pub(super) async fn get_association(
    State(emu): State<Arc<Emu>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Res<Response> {
    emu.gate(&headers).await?;
    let lookup = Lookup::from_query(raw)?;
    let mut world = emu.world();
    let d = lookup.find(&mut world)?;
    match &d.association {
        Some(a) => Ok(json_response(StatusCode::OK, &json!(a))),
        None => Err(fail(
            StatusCode::NOT_FOUND,
            "No account association found for this deployment",
        )),
    }
}
