//! The workspace's plan and service tokens: subscription, list, create, revoke.
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Deserialize;

use super::{Answer, ListQuery, data, ok, page_in_order};
use crate::api::{CreatedServiceToken, ServiceToken, Subscription};
use crate::emulator::error::ApiError;
use crate::emulator::http::{AppState, Body, Params};
use crate::emulator::model::ServiceTokenRecord;
use crate::emulator::tokens;

pub(super) async fn subscription(State(shared): State<AppState>, Path(id): Path<String>) -> Answer {
    shared
        .read(|r| {
            if r.world.workspace.id != id {
                return Err(ApiError::not_found("workspace", &id));
            }
            let plan = &r.world.subscription;
            ok(Subscription {
                plan_name: plan.plan_name.clone(),
                usage_blocked: plan.usage_blocked,
                upgrade_url: Some(plan.upgrade_url.clone()),
            })
        })
        .await
}

fn token(record: &ServiceTokenRecord) -> ServiceToken {
    ServiceToken {
        id: record.id.clone(),
        resource_type: "serviceToken".to_owned(),
        name: record.name.clone(),
        value_hint: record.value_hint.clone(),
        created_at: record.created_at.into(),
        expires_at: record.expires_at.map(Into::into),
    }
}

/// Newest first; an unknown workspace lists nothing (200), as the API does.
pub(super) async fn list_tokens(
    State(shared): State<AppState>,
    Path(id): Path<String>,
    Params(query): Params<ListQuery>,
) -> Answer {
    shared
        .read(|r| {
            let mut records: Vec<&ServiceTokenRecord> = match r.world.workspace.id == id {
                true => r.world.service_tokens.values().collect(),
                false => Vec::new(),
            };
            records.sort_by(|a, b| (b.created_at, &b.id).cmp(&(a.created_at, &a.id)));
            let items = records.into_iter().map(|record| (&record.id, record)).collect();
            let served = |record: &ServiceTokenRecord| {
                let mut json = serde_json::to_value(token(record)).unwrap_or_default();
                crate::emulator::overrides::merge(&mut json, &record.overrides);
                json
            };
            page_in_order(&query, items, served)
        })
        .await
}

#[derive(Deserialize)]
pub(super) struct CreateTokenBody {
    name: Option<String>,
}

pub(super) async fn create_token(
    State(shared): State<AppState>,
    Path(id): Path<String>,
    body: Result<Body<CreateTokenBody>, ApiError>,
) -> Answer {
    let Body(body) = body.map_err(|error| ApiError { status: StatusCode::UNPROCESSABLE_ENTITY, ..error })?;
    shared
        .change(
            |world, at| tokens::create_token(world, at, &id, body.name),
            |r, token_id| {
                let record = &r.world.service_tokens[&token_id];
                let value = record.value.clone().unwrap_or_default();
                data(StatusCode::CREATED, CreatedServiceToken { token: token(record), value })
            },
        )
        .await
}

pub(super) async fn revoke_token(
    State(shared): State<AppState>,
    Path((workspace, id)): Path<(String, String)>,
) -> Answer {
    shared
        .change(|world, _| tokens::revoke_token(world, &workspace, &id), |_, ()| StatusCode::NO_CONTENT.into_response())
        .await
}
