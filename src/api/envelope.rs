//! Envelopes around resources: single objects, cursor pages, backup lists, usage and errors.
use serde::{Deserialize, Serialize};

use super::types::{Backup, Timestamp};

/// `{ "data": … }` around a single object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Data<T> {
    pub data: T,
}

/// One page of a cursor-paginated list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub data: Vec<T>,
    pub pagination: Pagination,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    pub next_cursor: Option<String>,
    pub has_more: bool,
}

/// `GET /v1/databases/{id}/backups`: newest first, no cursor, retention in `meta`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupList {
    pub data: Vec<Backup>,
    pub meta: BackupMeta,
    pub pagination: BackupPagination,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupMeta {
    pub backup_retention_days: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupPagination {
    pub has_more: bool,
    pub limit: Option<u32>,
}

/// `GET /v1/databases/{id}/usage`, which is not wrapped in `data`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    pub period: Period,
    pub metrics: Metrics,
    pub generated_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Period {
    pub start: Timestamp,
    pub end: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    pub operations: Metric,
    pub storage: Metric,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    pub used: f64,
    pub unit: String,
}

/// The error body every 4xx/5xx carries: `{ "error": { code, message, hint? } }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}
