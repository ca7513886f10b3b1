//! Projects: list, create (with the default database), get, rename, delete.
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Deserialize;

use super::{Answer, ListQuery, RenameBody, data, ok, page};
use crate::emulator::error::ApiError;
use crate::emulator::http::{AppState, Body, Params};
use crate::emulator::ops::{self, NewProject};

pub(super) async fn list_projects(State(shared): State<AppState>, Params(query): Params<ListQuery>) -> Answer {
    shared
        .read(|r| {
            let items =
                r.world.projects.iter().filter(|(_, p)| ListQuery::matches(&query.logical_id, p.logical_id.as_deref()));
            page(&query, items, |project| r.project_json(project))
        })
        .await
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CreateProjectBody {
    name: Option<String>,
    region: Option<String>,
    create_database: Option<bool>,
    logical_id: Option<String>,
    workspace_id: Option<String>,
}

pub(super) async fn create_project(State(shared): State<AppState>, Body(body): Body<CreateProjectBody>) -> Answer {
    shared
        .change(
            |world, at| {
                if let Some(workspace) = body.workspace_id.as_deref().filter(|id| *id != world.workspace.id) {
                    return Err(ApiError::not_found("workspace", workspace));
                }
                let new = NewProject {
                    name: body.name,
                    region: body.region,
                    create_database: body.create_database.unwrap_or(true),
                    logical_id: body.logical_id,
                };
                ops::create_project(world, at, new)
            },
            |r, (project, database)| {
                let project = &r.world.projects[&project];
                let database = database.as_ref().map(|id| &r.world.databases[id]);
                data(StatusCode::CREATED, r.created_project_json(project, database))
            },
        )
        .await
}

pub(super) async fn get_project(State(shared): State<AppState>, Path(id): Path<String>) -> Answer {
    shared
        .read(|r| {
            r.world
                .projects
                .get(&id)
                .map(|p| r.project_json(p))
                .ok_or_else(|| ApiError::not_found("project", &id))
                .and_then(ok)
        })
        .await
}

pub(super) async fn rename_project(
    State(shared): State<AppState>,
    Path(id): Path<String>,
    body: Result<Body<RenameBody>, ApiError>,
) -> Answer {
    // This endpoint answers 422 for a body that fails validation.
    let as_validation = |error: ApiError| match error.status {
        StatusCode::BAD_REQUEST => ApiError { status: StatusCode::UNPROCESSABLE_ENTITY, ..error },
        _ => error,
    };
    let Body(body) = body.map_err(as_validation)?;
    shared
        .change(
            |world, _| match body.name {
                Some(name) => ops::rename_project(world, &id, name).map_err(as_validation),
                None => world.projects.get(&id).map(|_| ()).ok_or_else(|| ApiError::not_found("project", &id)),
            },
            |r, ()| data(StatusCode::OK, r.project_json(&r.world.projects[&id])),
        )
        .await
}

pub(super) async fn delete_project(State(shared): State<AppState>, Path(id): Path<String>) -> Answer {
    shared.change(|world, _| ops::delete_project(world, &id), |_, ()| StatusCode::NO_CONTENT.into_response()).await
}
