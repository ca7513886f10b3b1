//! Who is asking and where: `/me`, workspaces and regions.
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use serde::Deserialize;

use super::{Answer, ListQuery, ok, page};
use crate::api::{Credential, Me, User, WorkspaceRef};
use crate::emulator::error::ApiError;
use crate::emulator::http::{AppState, Params};
use crate::emulator::seed_newer::OWN_TOKEN_ID;
use crate::emulator::tokens;

/// The credential is the service token presented: one created through the API, else the emulator's own.
pub(super) async fn me(State(shared): State<AppState>, headers: HeaderMap) -> Answer {
    let presented = headers.get(header::AUTHORIZATION).and_then(|value| value.to_str().ok()).unwrap_or_default();
    let presented = presented.strip_prefix("Bearer ").unwrap_or_default().to_owned();
    shared
        .read(|r| {
            let (user, workspace) = (&r.world.user, &r.world.workspace);
            let credential = match tokens::token_with_value(r.world, &presented) {
                Some(token) => (token.id.clone(), token.name.clone()),
                None => (OWN_TOKEN_ID.to_owned(), "ppg emulator".to_owned()),
            };
            ok(Me {
                user: Some(User { id: user.id.clone(), email: user.email.clone(), name: user.name.clone() }),
                workspace: Some(WorkspaceRef { id: workspace.id.clone(), name: workspace.name.clone() }),
                credential: Credential {
                    kind: "service_token".into(),
                    id: Some(credential.0),
                    name: Some(credential.1),
                },
            })
        })
        .await
}

pub(super) async fn list_workspaces(State(shared): State<AppState>, Params(query): Params<ListQuery>) -> Answer {
    shared
        .read(|r| {
            let id = &r.world.workspace.id;
            page(&query, std::iter::once((id, ())), |()| r.workspace_json())
        })
        .await
}

pub(super) async fn get_workspace(State(shared): State<AppState>, Path(id): Path<String>) -> Answer {
    shared
        .read(|r| match r.world.workspace.id == id {
            true => ok(r.workspace_json()),
            false => Err(ApiError::not_found("workspace", &id)),
        })
        .await
}

pub(super) async fn postgres_regions(State(shared): State<AppState>) -> Answer {
    shared.read(|r| ok(r.world.regions.iter().map(|region| r.region_json(region, None)).collect::<Vec<_>>())).await
}

/// The one product whose regions the world holds; `?product=accelerate` (or anything else) lists none.
const PRODUCT: &str = "postgres";

#[derive(Deserialize)]
pub(super) struct RegionsQuery {
    product: Option<String>,
}

pub(super) async fn all_regions(State(shared): State<AppState>, Params(query): Params<RegionsQuery>) -> Answer {
    shared
        .read(|r| {
            let wanted = ListQuery::matches(&query.product, Some(PRODUCT));
            let regions = r.world.regions.iter().filter(|_| wanted).map(|region| r.region_json(region, Some(PRODUCT)));
            ok(regions.collect::<Vec<_>>())
        })
        .await
}
