//! The `/v1` endpoints: each handler parses, asks `ops` to change the world, and renders the answer.
mod account;
mod branches;
mod connections;
mod databases;
mod projects;
mod recovery;
mod workspace;

use axum::http::StatusCode;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::error::ApiError;
use super::http::{self, AppState};
use super::recover::catch_panics;
use super::render::{Renderer, Secrets};
use crate::api::{Data, Page, Pagination};

/// The whole API under `/v1` behind the guard, and the inspection endpoints beside it.
/// A panic in a `/v1` handler is caught inside the guard (so the 500 is logged); the outer catch covers the rest.
pub fn router(shared: AppState) -> Router {
    let api = v1()
        .fallback(|| async {
            ApiError::new(StatusCode::NOT_FOUND, "No such endpoint.").with_hint("See the Management API reference.")
        })
        .layer(middleware::from_fn(catch_panics))
        .layer(middleware::from_fn_with_state(shared.clone(), http::guard));
    Router::new().nest("/v1", api).merge(http::inspection()).with_state(shared).layer(middleware::from_fn(catch_panics))
}

fn v1() -> Router<AppState> {
    Router::new()
        .route("/me", get(account::me))
        .route("/workspaces", get(account::list_workspaces))
        .route("/workspaces/{id}", get(account::get_workspace))
        .route("/workspaces/{id}/subscription", get(workspace::subscription))
        .route("/workspaces/{id}/service-tokens", get(workspace::list_tokens).post(workspace::create_token))
        .route("/workspaces/{id}/service-tokens/{token}", axum::routing::delete(workspace::revoke_token))
        .route("/projects", get(projects::list_projects).post(projects::create_project))
        .route(
            "/projects/{id}",
            get(projects::get_project).patch(projects::rename_project).delete(projects::delete_project),
        )
        .route("/projects/{id}/databases", get(databases::list_project_databases).post(databases::create_database))
        .route("/databases", get(databases::list_databases).post(databases::create_top_database))
        .route("/projects/{id}/branches", get(branches::list_branches).post(branches::create_branch))
        .route(
            "/branches/{id}",
            get(branches::get_branch).patch(branches::update_branch).delete(branches::delete_branch),
        )
        .route(
            "/databases/{id}",
            get(databases::get_database).patch(databases::update_database).delete(databases::delete_database),
        )
        .route(
            "/databases/{id}/connections",
            get(connections::list_database_connections).post(connections::create_database_connection),
        )
        .route("/databases/{id}/backups", get(recovery::list_backups))
        .route("/databases/{id}/restore", post(recovery::restore))
        .route("/databases/{id}/usage", get(recovery::database_usage))
        .route("/connections", get(connections::list_connections).post(connections::create_connection))
        .route("/connections/{id}", get(connections::get_connection).delete(connections::delete_connection))
        .route("/connections/{id}/rotate", post(connections::rotate_connection))
        .route("/regions/postgres", get(account::postgres_regions))
        .route("/regions", get(account::all_regions))
}

pub(super) type Answer = Result<Response, ApiError>;

pub(super) fn data<T: Serialize>(status: StatusCode, value: T) -> Response {
    (status, Json(Data { data: value })).into_response()
}

pub(super) fn ok<T: Serialize>(value: T) -> Answer {
    Ok(data(StatusCode::OK, value))
}

/// The page size of a cursor list when the query names none.
pub(super) const DEFAULT_LIMIT: i64 = 100;

/// `cursor` and `limit` of every cursor list, plus the filters the SDK declares on some of them.
/// Unknown parameters are ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ListQuery {
    pub(super) cursor: Option<String>,
    pub(super) limit: Option<i64>,
    pub(super) project_id: Option<String>,
    pub(super) database_id: Option<String>,
    pub(super) logical_id: Option<String>,
    pub(super) branch_id: Option<String>,
    pub(super) branch_git_name: Option<String>,
    pub(super) git_name: Option<String>,
    pub(super) git_name_contains: Option<String>,
}

impl ListQuery {
    /// At least 1 and no maximum: the contract declares none, and other clients ask for 1000.
    pub(super) fn limit(&self) -> Result<usize, ApiError> {
        match self.limit.unwrap_or(DEFAULT_LIMIT) {
            limit if limit >= 1 => Ok(usize::try_from(limit).unwrap_or(usize::MAX)),
            other => Err(ApiError::bad_request(format!("limit must be at least 1, not {other}."))),
        }
    }

    /// Whether an item's value passes an optional filter; a filter matches only equal values.
    pub(super) fn matches(filter: &Option<String>, value: Option<&str>) -> bool {
        filter.as_deref().is_none_or(|wanted| value == Some(wanted))
    }
}

/// A page of a parent's children, or a 404 naming the parent when it does not exist.
pub(super) fn children<'a, R: 'a, T: Serialize>(
    query: &ListQuery,
    parent: (&str, &str, bool),
    items: impl Iterator<Item = (&'a String, R)>,
    render: impl Fn(R) -> T,
) -> Answer {
    let (kind, id, exists) = parent;
    if !exists {
        return Err(ApiError::not_found(kind, id));
    }
    page(query, items, render)
}

/// One page of `items`, in the order given (not by id), after the item whose id is the cursor.
pub(super) fn page_in_order<'a, R: 'a, T: Serialize>(
    query: &ListQuery,
    items: Vec<(&'a String, R)>,
    render: impl Fn(R) -> T,
) -> Answer {
    let start = match &query.cursor {
        None => 0,
        Some(cursor) => match items.iter().position(|(id, _)| *id == cursor) {
            Some(at) => at + 1,
            None => return Err(ApiError::bad_request(format!("Unknown cursor {cursor}."))),
        },
    };
    let limit = query.limit()?;
    let after: Vec<_> = items.into_iter().skip(start).collect();
    let has_more = after.len() > limit;
    let shown: Vec<_> = after.into_iter().take(limit).collect();
    let next_cursor = if has_more { shown.last().map(|(id, _)| (*id).clone()) } else { None };
    let data: Vec<T> = shown.into_iter().map(|(_, item)| render(item)).collect();
    Ok(Json(Page { data: data.into(), pagination: Pagination { next_cursor, has_more } }).into_response())
}

/// One page of `items` (already in a stable order by id) after the cursor.
pub(super) fn page<'a, R: 'a, T: Serialize>(
    query: &ListQuery,
    items: impl Iterator<Item = (&'a String, R)>,
    render: impl Fn(R) -> T,
) -> Answer {
    let limit = query.limit()?;
    let mut rest = items.filter(|(id, _)| query.cursor.as_ref().is_none_or(|cursor| *id > cursor)).peekable();
    let mut data = Vec::with_capacity(limit.min(1000));
    let mut last = None;
    while data.len() < limit {
        let Some((id, item)) = rest.next() else { break };
        last = Some(id.clone());
        data.push(render(item));
    }
    let has_more = rest.peek().is_some();
    let pagination = Pagination { next_cursor: if has_more { last } else { None }, has_more };
    Ok(Json(Page { data: data.into(), pagination }).into_response())
}

/// `{"name"}` of the rename endpoints.
#[derive(Deserialize)]
pub(super) struct RenameBody {
    pub(super) name: Option<String>,
}

pub(super) fn database_answer(r: &Renderer, id: &str, status: StatusCode, secrets: Secrets) -> Response {
    data(status, r.database_json(&r.world.databases[id], secrets))
}
