//! Branches: list (with the git name filters), create, get, promote, delete.
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Deserialize;

use super::{Answer, ListQuery, data, ok, page_in_order};
use crate::emulator::branching;
use crate::emulator::error::ApiError;
use crate::emulator::http::{AppState, Body, Params};

/// Oldest first, as the API lists them; `gitName` (exact) and `gitNameContains` (case-sensitive) exclude
/// each other (422).
pub(super) async fn list_branches(
    State(shared): State<AppState>,
    Path(id): Path<String>,
    Params(query): Params<ListQuery>,
) -> Answer {
    if query.git_name.is_some() && query.git_name_contains.is_some() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "gitName and gitNameContains are mutually exclusive.",
        ));
    }
    shared
        .read(|r| {
            if !r.world.projects.contains_key(&id) {
                return Err(ApiError::not_found("project", &id));
            }
            let wanted = |git_name: &str| {
                ListQuery::matches(&query.git_name, Some(git_name))
                    && query.git_name_contains.as_deref().is_none_or(|part| git_name.contains(part))
            };
            let mut branches: Vec<_> = r.world.branches_of(&id).filter(|b| wanted(&b.git_name)).collect();
            branches.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
            let items = branches.into_iter().map(|branch| (&branch.id, branch)).collect();
            page_in_order(&query, items, |branch| r.branch_json(branch))
        })
        .await
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CreateBranchBody {
    git_name: Option<String>,
    is_default: Option<bool>,
}

pub(super) async fn create_branch(
    State(shared): State<AppState>,
    Path(id): Path<String>,
    body: Result<Body<CreateBranchBody>, ApiError>,
) -> Answer {
    let Body(body) = body.map_err(|error| ApiError { status: StatusCode::UNPROCESSABLE_ENTITY, ..error })?;
    let Some(git_name) = body.git_name else {
        return Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "gitName is required."));
    };
    shared
        .change(
            |world, at| branching::create_branch(world, at, &id, git_name, body.is_default.unwrap_or(false)),
            |r, branch| data(StatusCode::CREATED, r.branch_json(&r.world.branches[&branch])),
        )
        .await
}

pub(super) async fn get_branch(State(shared): State<AppState>, Path(id): Path<String>) -> Answer {
    shared
        .read(|r| match r.world.branches.get(&id) {
            Some(branch) => ok(r.branch_json(branch)),
            None => Err(ApiError::not_found("branch", &id)),
        })
        .await
}

pub(super) async fn update_branch(
    State(shared): State<AppState>,
    Path(id): Path<String>,
    body: Result<Body<serde_json::Map<String, serde_json::Value>>, ApiError>,
) -> Answer {
    let Body(fields) = body.map_err(|error| ApiError { status: StatusCode::UNPROCESSABLE_ENTITY, ..error })?;
    shared
        .change(
            |world, at| branching::update_branch(world, at, &id, &fields),
            |r, ()| data(StatusCode::OK, r.branch_json(&r.world.branches[&id])),
        )
        .await
}

pub(super) async fn delete_branch(State(shared): State<AppState>, Path(id): Path<String>) -> Answer {
    shared.change(|world, _| branching::delete_branch(world, &id), |_, ()| StatusCode::NO_CONTENT.into_response()).await
}
