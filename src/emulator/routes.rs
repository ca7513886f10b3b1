//! The `/v1` endpoints: each handler parses, asks `ops` to change the world, and renders the answer.
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};

use super::error::ApiError;
use super::http::{AppState, Body, Params};
use super::ops::{self, NewDatabase, NewProject};
use super::render::{self, Renderer, Secrets};
use super::usage;
use crate::api::{
    BackupList, BackupMeta, BackupPagination, Data, DatabaseSource, Me, Metric, Metrics, Page, Pagination, Period,
    Usage, User, WorkspaceRef,
};

pub fn v1() -> Router<AppState> {
    Router::new()
        .route("/me", get(me))
        .route("/workspaces", get(list_workspaces))
        .route("/workspaces/{id}", get(get_workspace))
        .route("/projects", get(list_projects).post(create_project))
        .route("/projects/{id}", get(get_project).patch(rename_project).delete(delete_project))
        .route("/projects/{id}/databases", get(list_project_databases).post(create_database))
        .route("/databases", get(list_databases))
        .route("/databases/{id}", get(get_database).patch(rename_database).delete(delete_database))
        .route("/databases/{id}/connections", get(list_database_connections).post(create_database_connection))
        .route("/databases/{id}/backups", get(list_backups))
        .route("/databases/{id}/restore", post(restore))
        .route("/databases/{id}/usage", get(database_usage))
        .route("/connections", get(list_connections).post(create_connection))
        .route("/connections/{id}", get(get_connection).delete(delete_connection))
        .route("/connections/{id}/rotate", post(rotate_connection))
        .route("/regions/postgres", get(postgres_regions))
        .route("/regions", get(all_regions))
}

type Answer = Result<Response, ApiError>;

fn data<T: Serialize>(status: StatusCode, value: T) -> Response {
    (status, Json(Data { data: value })).into_response()
}

fn ok<T: Serialize>(value: T) -> Answer {
    Ok(data(StatusCode::OK, value))
}

/// `cursor` and `limit` of every list, plus the filters some lists take.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListQuery {
    cursor: Option<String>,
    limit: Option<i64>,
    project_id: Option<String>,
    database_id: Option<String>,
}

impl ListQuery {
    fn limit(&self, default: i64) -> Result<usize, ApiError> {
        match self.limit.unwrap_or(default) {
            limit @ 1..=100 => Ok(limit as usize),
            other => Err(ApiError::bad_request(format!("limit must be between 1 and 100, not {other}."))),
        }
    }
}

/// One page of `items` (already in a stable order by id) after the cursor.
fn page<'a, R: 'a, T: Serialize>(
    query: &ListQuery,
    items: impl Iterator<Item = (&'a String, R)>,
    render: impl Fn(R) -> T,
) -> Answer {
    let limit = query.limit(100)?;
    let mut rest = items.filter(|(id, _)| query.cursor.as_ref().is_none_or(|cursor| *id > cursor)).peekable();
    let mut data = Vec::with_capacity(limit.min(100));
    let mut last = None;
    while data.len() < limit {
        let Some((id, item)) = rest.next() else { break };
        last = Some(id.clone());
        data.push(render(item));
    }
    let has_more = rest.peek().is_some();
    let pagination = Pagination { next_cursor: if has_more { last } else { None }, has_more };
    Ok(Json(Page { data, pagination }).into_response())
}

async fn me(State(shared): State<AppState>) -> Answer {
    shared
        .read(|r| {
            let (user, workspace) = (&r.world.user, &r.world.workspace);
            ok(Me {
                user: Some(User { id: user.id.clone(), email: user.email.clone(), name: user.name.clone() }),
                workspace: Some(WorkspaceRef { id: workspace.id.clone(), name: workspace.name.clone() }),
                credential: crate::api::Credential {
                    kind: "service_token".into(),
                    id: Some("stok_emulator0000000000000001".into()),
                    name: Some("ppg emulator".into()),
                },
            })
        })
        .await
}

async fn list_workspaces(State(shared): State<AppState>, Params(query): Params<ListQuery>) -> Answer {
    shared
        .read(|r| {
            let id = &r.world.workspace.id;
            page(&query, std::iter::once((id, ())), |()| r.workspace())
        })
        .await
}

async fn get_workspace(State(shared): State<AppState>, Path(id): Path<String>) -> Answer {
    shared
        .read(|r| match r.world.workspace.id == id {
            true => ok(r.workspace()),
            false => Err(ApiError::not_found("workspace", &id)),
        })
        .await
}

async fn list_projects(State(shared): State<AppState>, Params(query): Params<ListQuery>) -> Answer {
    shared.read(|r| page(&query, r.world.projects.iter(), |project| r.project(project))).await
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateProjectBody {
    name: Option<String>,
    region: Option<String>,
    create_database: Option<bool>,
    logical_id: Option<String>,
    workspace_id: Option<String>,
}

async fn create_project(State(shared): State<AppState>, Body(body): Body<CreateProjectBody>) -> Answer {
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
                data(StatusCode::CREATED, r.created_project(project, database))
            },
        )
        .await
}

async fn get_project(State(shared): State<AppState>, Path(id): Path<String>) -> Answer {
    shared
        .read(|r| {
            r.world
                .projects
                .get(&id)
                .map(|p| r.project(p))
                .ok_or_else(|| ApiError::not_found("project", &id))
                .and_then(ok)
        })
        .await
}

#[derive(Deserialize)]
struct RenameBody {
    name: Option<String>,
}

async fn rename_project(
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
            |r, ()| data(StatusCode::OK, r.project(&r.world.projects[&id])),
        )
        .await
}

async fn delete_project(State(shared): State<AppState>, Path(id): Path<String>) -> Answer {
    shared.change(|world, _| ops::delete_project(world, &id), |_, ()| StatusCode::NO_CONTENT.into_response()).await
}

fn database_answer(r: &Renderer, id: &str, status: StatusCode, secrets: Secrets) -> Response {
    data(status, r.database(&r.world.databases[id], secrets))
}

async fn list_project_databases(
    State(shared): State<AppState>,
    Path(id): Path<String>,
    Params(query): Params<ListQuery>,
) -> Answer {
    shared
        .read(|r| {
            if !r.world.projects.contains_key(&id) {
                return Err(ApiError::not_found("project", &id));
            }
            let items = r.world.databases.iter().filter(|(_, d)| d.project_id == id);
            page(&query, items, |database| r.database(database, Secrets::Hidden))
        })
        .await
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateDatabaseBody {
    name: Option<String>,
    region: Option<String>,
    is_default: Option<bool>,
    source: Option<DatabaseSource>,
}

async fn create_database(
    State(shared): State<AppState>,
    Path(id): Path<String>,
    Body(body): Body<CreateDatabaseBody>,
) -> Answer {
    let new = NewDatabase {
        name: body.name,
        region: body.region,
        is_default: body.is_default.unwrap_or(false),
        source: body.source,
    };
    shared
        .change(
            |world, at| ops::create_database(world, at, &id, new),
            |r, db| database_answer(r, &db, StatusCode::CREATED, Secrets::Minted),
        )
        .await
}

async fn list_databases(State(shared): State<AppState>, Params(query): Params<ListQuery>) -> Answer {
    shared
        .read(|r| {
            let wanted =
                |d: &&super::model::DatabaseRecord| query.project_id.as_ref().is_none_or(|p| *p == d.project_id);
            let items = r.world.databases.iter().filter(|(_, d)| wanted(d));
            page(&query, items, |database| r.database(database, Secrets::Hidden))
        })
        .await
}

async fn get_database(State(shared): State<AppState>, Path(id): Path<String>) -> Answer {
    shared
        .read(|r| match r.world.databases.contains_key(&id) {
            true => Ok(database_answer(r, &id, StatusCode::OK, Secrets::Hidden)),
            false => Err(ApiError::not_found("database", &id)),
        })
        .await
}

async fn rename_database(
    State(shared): State<AppState>,
    Path(id): Path<String>,
    Body(body): Body<RenameBody>,
) -> Answer {
    shared
        .change(
            |world, _| match body.name {
                Some(name) => ops::rename_database(world, &id, name),
                None => world.databases.get(&id).map(|_| ()).ok_or_else(|| ApiError::not_found("database", &id)),
            },
            |r, ()| database_answer(r, &id, StatusCode::OK, Secrets::Hidden),
        )
        .await
}

async fn delete_database(State(shared): State<AppState>, Path(id): Path<String>) -> Answer {
    shared.change(|world, _| ops::delete_database(world, &id), |_, ()| StatusCode::NO_CONTENT.into_response()).await
}

async fn list_database_connections(
    State(shared): State<AppState>,
    Path(id): Path<String>,
    Params(query): Params<ListQuery>,
) -> Answer {
    shared
        .read(|r| {
            if !r.world.databases.contains_key(&id) {
                return Err(ApiError::not_found("database", &id));
            }
            let items = r.world.connections.iter().filter(|(_, c)| c.database_id == id);
            page(&query, items, |connection| r.connection(connection, Secrets::Hidden))
        })
        .await
}

#[derive(Deserialize)]
struct NameBody {
    name: String,
}

/// `POST /v1/databases/{id}/connections` answers 200, unlike `POST /v1/connections`.
async fn create_database_connection(
    State(shared): State<AppState>,
    Path(id): Path<String>,
    Body(body): Body<NameBody>,
) -> Answer {
    new_connection(&shared, id, body.name, StatusCode::OK).await
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateConnectionBody {
    database_id: String,
    name: String,
}

async fn create_connection(State(shared): State<AppState>, Body(body): Body<CreateConnectionBody>) -> Answer {
    new_connection(&shared, body.database_id, body.name, StatusCode::CREATED).await
}

async fn new_connection(shared: &super::http::Shared, database_id: String, name: String, status: StatusCode) -> Answer {
    shared
        .change(
            |world, at| ops::create_connection(world, at, &database_id, name),
            |r, id| data(status, r.connection(&r.world.connections[&id], Secrets::Minted)),
        )
        .await
}

async fn list_connections(State(shared): State<AppState>, Params(query): Params<ListQuery>) -> Answer {
    shared
        .read(|r| {
            let items = r
                .world
                .connections
                .iter()
                .filter(|(_, c)| query.database_id.as_ref().is_none_or(|d| *d == c.database_id));
            page(&query, items, |connection| r.connection(connection, Secrets::Hidden))
        })
        .await
}

async fn get_connection(State(shared): State<AppState>, Path(id): Path<String>) -> Answer {
    shared
        .read(|r| {
            let connection = r.world.connections.get(&id).ok_or_else(|| ApiError::not_found("connection", &id))?;
            ok(r.connection(connection, Secrets::Hidden))
        })
        .await
}

async fn delete_connection(State(shared): State<AppState>, Path(id): Path<String>) -> Answer {
    shared.change(|world, _| ops::delete_connection(world, &id), |_, ()| StatusCode::NO_CONTENT.into_response()).await
}

async fn rotate_connection(State(shared): State<AppState>, Path(id): Path<String>) -> Answer {
    shared
        .change(
            |world, _| ops::rotate_connection(world, &id),
            |r, ()| data(StatusCode::OK, r.connection(&r.world.connections[&id], Secrets::Minted)),
        )
        .await
}

#[derive(Deserialize)]
struct BackupQuery {
    limit: Option<i64>,
}

async fn list_backups(
    State(shared): State<AppState>,
    Path(id): Path<String>,
    Params(query): Params<BackupQuery>,
) -> Answer {
    let limit = ListQuery { limit: query.limit, ..ListQuery::default() }.limit(25)?;
    shared
        .read(|r| {
            let database = r.world.databases.get(&id).ok_or_else(|| ApiError::not_found("database", &id))?;
            if database.remote {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!("Database {id} is a remote database; backups are not supported for it."),
                )
                .with_hint("Backups exist only for databases hosted by Prisma Postgres."));
            }
            let mut backups: Vec<_> = r.world.backups.values().filter(|b| b.database_id == id).collect();
            backups.sort_by(|a, b| (b.created_at, &b.id).cmp(&(a.created_at, &a.id)));
            let has_more = backups.len() > limit;
            let data = backups.into_iter().take(limit).map(render::backup).collect();
            let meta = BackupMeta { backup_retention_days: r.world.backup_retention_days };
            let pagination = BackupPagination { has_more, limit: Some(limit as u32) };
            Ok(Json(BackupList { data, meta, pagination }).into_response())
        })
        .await
}

#[derive(Deserialize)]
struct RestoreBody {
    source: RestoreSource,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RestoreSource {
    #[serde(rename = "type")]
    kind: String,
    database_id: String,
    backup_id: String,
}

async fn restore(State(shared): State<AppState>, Path(id): Path<String>, Body(body): Body<RestoreBody>) -> Answer {
    let source = body.source;
    if source.kind != "backup" {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("Unsupported source type {:?}; only \"backup\" can be restored.", source.kind),
        ));
    }
    shared
        .change(
            |world, at| ops::restore(world, at, &id, &source.database_id, &source.backup_id),
            |r, ()| database_answer(r, &id, StatusCode::OK, Secrets::Hidden),
        )
        .await
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UsageQuery {
    start_date: Option<String>,
    end_date: Option<String>,
}

fn parse_date(name: &str, text: Option<&str>) -> Result<Option<DateTime<Utc>>, ApiError> {
    text.map(|text| {
        DateTime::parse_from_rfc3339(text)
            .map(|date| date.with_timezone(&Utc))
            .map_err(|_| ApiError::bad_request(format!("{name} must be an RFC 3339 date-time, not {text:?}.")))
    })
    .transpose()
}

async fn database_usage(
    State(shared): State<AppState>,
    Path(id): Path<String>,
    Params(query): Params<UsageQuery>,
) -> Answer {
    let now = ops::now();
    let month_start =
        now.date_naive().with_day(1).unwrap_or(now.date_naive()).and_time(chrono::NaiveTime::MIN).and_utc();
    let start = parse_date("startDate", query.start_date.as_deref())?.unwrap_or(month_start);
    let end = parse_date("endDate", query.end_date.as_deref())?.unwrap_or(now);
    if start > end {
        return Err(ApiError::bad_request("startDate must not be after endDate."));
    }
    shared
        .read(|r| {
            let database = r.world.databases.get(&id).ok_or_else(|| ApiError::not_found("database", &id))?;
            let operations = usage::operations(database, start, end, now);
            let storage = usage::storage_gib(database, end, now);
            let usage = Usage {
                period: Period { start, end },
                metrics: Metrics {
                    operations: Metric { used: operations as f64, unit: "ops".into() },
                    storage: Metric { used: storage, unit: "GiB".into() },
                },
                generated_at: now,
            };
            Ok(Json(usage).into_response())
        })
        .await
}

async fn postgres_regions(State(shared): State<AppState>) -> Answer {
    shared.read(|r| ok(r.world.regions.iter().map(|region| r.region(region)).collect::<Vec<_>>())).await
}

async fn all_regions(State(shared): State<AppState>) -> Answer {
    shared
        .read(|r| {
            let regions = r
                .world
                .regions
                .iter()
                .map(|region| crate::api::RegionInfo { product: Some("postgres".into()), ..r.region(region) });
            ok(regions.collect::<Vec<_>>())
        })
        .await
}
