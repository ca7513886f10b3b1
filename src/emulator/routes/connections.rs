//! Connections: list, create (200 under a database, 201 at the top level), get, rotate, delete.
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Deserialize;

use super::{Answer, ListQuery, children, data, ok, page};
use crate::emulator::error::ApiError;
use crate::emulator::http::{AppState, Body, Params, Shared};
use crate::emulator::ops;
use crate::emulator::render::Secrets;

pub(super) async fn list_database_connections(
    State(shared): State<AppState>,
    Path(id): Path<String>,
    Params(query): Params<ListQuery>,
) -> Answer {
    shared
        .read(|r| {
            let parent = ("database", id.as_str(), r.world.databases.contains_key(&id));
            let items = r.world.connections.iter().filter(|(_, c)| c.database_id == id);
            children(&query, parent, items, |connection| r.connection_json(connection, Secrets::Hidden))
        })
        .await
}

#[derive(Deserialize)]
pub(super) struct NameBody {
    name: String,
}

/// `POST /v1/databases/{id}/connections` answers 200, unlike `POST /v1/connections`.
pub(super) async fn create_database_connection(
    State(shared): State<AppState>,
    Path(id): Path<String>,
    Body(body): Body<NameBody>,
) -> Answer {
    new_connection(&shared, id, body.name, StatusCode::OK).await
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CreateConnectionBody {
    database_id: String,
    name: String,
}

pub(super) async fn create_connection(
    State(shared): State<AppState>,
    Body(body): Body<CreateConnectionBody>,
) -> Answer {
    new_connection(&shared, body.database_id, body.name, StatusCode::CREATED).await
}

pub(super) async fn new_connection(shared: &Shared, database_id: String, name: String, status: StatusCode) -> Answer {
    shared
        .change(
            |world, at| ops::create_connection(world, at, &database_id, name),
            |r, id| data(status, r.connection_json(&r.world.connections[&id], Secrets::Minted)),
        )
        .await
}

pub(super) async fn list_connections(State(shared): State<AppState>, Params(query): Params<ListQuery>) -> Answer {
    shared
        .read(|r| {
            let items = r
                .world
                .connections
                .iter()
                .filter(|(_, c)| ListQuery::matches(&query.database_id, Some(&c.database_id)));
            page(&query, items, |connection| r.connection_json(connection, Secrets::Hidden))
        })
        .await
}

pub(super) async fn get_connection(State(shared): State<AppState>, Path(id): Path<String>) -> Answer {
    shared
        .read(|r| {
            let connection = r.world.connections.get(&id).ok_or_else(|| ApiError::not_found("connection", &id))?;
            ok(r.connection_json(connection, Secrets::Hidden))
        })
        .await
}

pub(super) async fn delete_connection(State(shared): State<AppState>, Path(id): Path<String>) -> Answer {
    shared.change(|world, _| ops::delete_connection(world, &id), |_, ()| StatusCode::NO_CONTENT.into_response()).await
}

pub(super) async fn rotate_connection(State(shared): State<AppState>, Path(id): Path<String>) -> Answer {
    shared
        .change(
            |world, _| ops::rotate_connection(world, &id),
            |r, ()| data(StatusCode::OK, r.connection_json(&r.world.connections[&id], Secrets::Minted)),
        )
        .await
}
