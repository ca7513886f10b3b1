//! Backups, restore and usage of a database.
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use chrono::{DateTime, Datelike, Utc};
use serde::Deserialize;

use super::{Answer, database_answer};
use crate::api::{BackupMeta, BackupPagination, Metric, Metrics, Period, Usage};
use crate::emulator::error::ApiError;
use crate::emulator::http::{AppState, Body, Params};
use crate::emulator::ops;
use crate::emulator::render::Secrets;
use crate::emulator::served::backup_json;
use crate::emulator::usage;

#[derive(Deserialize)]
pub(super) struct BackupQuery {
    limit: Option<i64>,
}

/// The backups list's own range, unlike the cursor lists: 1 to 100, default 25.
const BACKUP_LIMITS: (i64, i64, i64) = (1, 100, 25);

fn backup_limit(limit: Option<i64>) -> Result<usize, ApiError> {
    let (min, max, default) = BACKUP_LIMITS;
    match limit.unwrap_or(default) {
        limit if (min..=max).contains(&limit) => Ok(usize::try_from(limit).unwrap_or(1)),
        other => Err(ApiError::bad_request(format!("limit must be between {min} and {max}, not {other}."))),
    }
}

/// The backups answer: `{data, meta, pagination}`, with each backup's overrides applied.
#[derive(serde::Serialize)]
struct BackupPage {
    data: Vec<serde_json::Value>,
    meta: BackupMeta,
    pagination: BackupPagination,
}

pub(super) async fn list_backups(
    State(shared): State<AppState>,
    Path(id): Path<String>,
    Params(query): Params<BackupQuery>,
) -> Answer {
    let limit = backup_limit(query.limit)?;
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
            let data = backups.into_iter().take(limit).map(backup_json).collect();
            let meta = BackupMeta { backup_retention_days: Some(r.world.backup_retention_days.into()) };
            let pagination = BackupPagination { has_more, limit: Some(limit.into()) };
            Ok(Json(BackupPage { data, meta, pagination }).into_response())
        })
        .await
}

#[derive(Deserialize)]
pub(super) struct RestoreBody {
    source: RestoreSource,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RestoreSource {
    #[serde(rename = "type")]
    kind: String,
    database_id: String,
    backup_id: String,
}

pub(super) async fn restore(
    State(shared): State<AppState>,
    Path(id): Path<String>,
    Body(body): Body<RestoreBody>,
) -> Answer {
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
pub(super) struct UsageQuery {
    start_date: Option<String>,
    end_date: Option<String>,
}

pub(super) fn parse_date(name: &str, text: Option<&str>) -> Result<Option<DateTime<Utc>>, ApiError> {
    text.map(|text| {
        DateTime::parse_from_rfc3339(text)
            .map(|date| date.with_timezone(&Utc))
            .map_err(|_| ApiError::bad_request(format!("{name} must be an RFC 3339 date-time, not {text:?}.")))
    })
    .transpose()
}

pub(super) async fn database_usage(
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
