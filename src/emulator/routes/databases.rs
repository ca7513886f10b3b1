//! Databases: list (per project and filtered), create, get, rename, delete.
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Deserialize;

use super::{Answer, ListQuery, children, database_answer, page};
use crate::api::DatabaseSource;
use crate::emulator::error::ApiError;
use crate::emulator::http::{AppState, Body, Params};
use crate::emulator::ops::{self, NewDatabase};
use crate::emulator::render::Secrets;

pub(super) async fn list_project_databases(
    State(shared): State<AppState>,
    Path(id): Path<String>,
    Params(query): Params<ListQuery>,
) -> Answer {
    shared
        .read(|r| {
            let parent = ("project", id.as_str(), r.world.projects.contains_key(&id));
            let items = r.world.databases.iter().filter(|(_, d)| d.project_id == id);
            children(&query, parent, items, |database| r.database_json(database, Secrets::Hidden))
        })
        .await
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CreateDatabaseBody {
    name: Option<String>,
    region: Option<String>,
    is_default: Option<bool>,
    source: Option<DatabaseSource>,
}

pub(super) async fn create_database(
    State(shared): State<AppState>,
    Path(id): Path<String>,
    Body(body): Body<CreateDatabaseBody>,
) -> Answer {
    let new = NewDatabase {
        name: body.name,
        region: body.region,
        is_default: body.is_default.unwrap_or(false),
        source: body.source,
        ..NewDatabase::default()
    };
    shared
        .change(
            |world, at| ops::create_database(world, at, &id, new),
            |r, db| database_answer(r, &db, StatusCode::CREATED, Secrets::Minted),
        )
        .await
}

/// `POST /v1/databases`: the project in the body, and the branch by id or git name (`null` is refused:
/// every database of a project with branches belongs to one).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CreateTopDatabaseBody {
    project_id: Option<String>,
    #[serde(flatten)]
    database: CreateDatabaseBody,
    #[serde(default, deserialize_with = "present")]
    branch_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    branch_git_name: Option<Option<String>>,
}

/// Tells a field sent as `null` (`Some(None)`) from one left out (`None`).
fn present<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(deserializer).map(Some)
}

pub(super) async fn create_top_database(
    State(shared): State<AppState>,
    Body(body): Body<CreateTopDatabaseBody>,
) -> Answer {
    let Some(project) = body.project_id else {
        return Err(ApiError::bad_request("projectId is required."));
    };
    if matches!(body.branch_id, Some(None)) || matches!(body.branch_git_name, Some(None)) {
        return Err(ApiError::bad_request("branchId and branchGitName cannot be null: leave them out instead."));
    }
    let database = body.database;
    let new = NewDatabase {
        name: database.name,
        region: database.region,
        is_default: database.is_default.unwrap_or(false),
        source: database.source,
        branch_id: body.branch_id.flatten(),
        branch_git_name: body.branch_git_name.flatten(),
    };
    shared
        .change(
            |world, at| ops::create_database(world, at, &project, new),
            |r, db| database_answer(r, &db, StatusCode::CREATED, Secrets::Minted),
        )
        .await
}

pub(super) async fn list_databases(State(shared): State<AppState>, Params(query): Params<ListQuery>) -> Answer {
    shared
        .read(|r| {
            let branch_git_name = |d: &crate::emulator::model::DatabaseRecord| {
                d.branch_id.as_ref().and_then(|id| r.world.branches.get(id)).map(|b| b.git_name.as_str())
            };
            let branch = |d: &crate::emulator::model::DatabaseRecord| match query.branch_id.as_deref() {
                None => true,
                Some("unassigned") => d.branch_id.is_none(),
                Some(id) => d.branch_id.as_deref() == Some(id),
            };
            let wanted = |d: &&crate::emulator::model::DatabaseRecord| {
                ListQuery::matches(&query.project_id, Some(&d.project_id))
                    && ListQuery::matches(&query.logical_id, d.logical_id.as_deref())
                    && branch(d)
                    && ListQuery::matches(&query.branch_git_name, branch_git_name(d))
            };
            let items = r.world.databases.iter().filter(|(_, d)| wanted(d));
            page(&query, items, |database| r.database_json(database, Secrets::Hidden))
        })
        .await
}

pub(super) async fn get_database(State(shared): State<AppState>, Path(id): Path<String>) -> Answer {
    shared
        .read(|r| match r.world.databases.contains_key(&id) {
            true => Ok(database_answer(r, &id, StatusCode::OK, Secrets::Hidden)),
            false => Err(ApiError::not_found("database", &id)),
        })
        .await
}

/// `{"name"?, "logicalId"?}` of `PATCH /v1/databases/{id}`; the branch moves are not served yet.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct UpdateDatabaseBody {
    name: Option<String>,
    logical_id: Option<String>,
}

pub(super) async fn update_database(
    State(shared): State<AppState>,
    Path(id): Path<String>,
    Body(body): Body<UpdateDatabaseBody>,
) -> Answer {
    shared
        .change(
            |world, _| ops::update_database(world, &id, body.name, body.logical_id),
            |r, ()| database_answer(r, &id, StatusCode::OK, Secrets::Hidden),
        )
        .await
}

pub(super) async fn delete_database(State(shared): State<AppState>, Path(id): Path<String>) -> Answer {
    shared.change(|world, _| ops::delete_database(world, &id), |_, ()| StatusCode::NO_CONTENT.into_response()).await
}
