//! Envelopes around resources: single objects, cursor pages, backup lists, usage and errors.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Number;

use super::lenient::or_default;
use super::listing::{Listed, Listing};
use super::types::Backup;

/// `{ "data": … }` around a single object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Data<T> {
    pub data: T,
}

/// One page of a cursor-paginated list, decoded item by item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Listed", serialize = "T: Serialize"))]
pub struct Page<T> {
    pub data: Listing<T>,
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
    pub data: Listing<Backup>,
    pub meta: BackupMeta,
    pub pagination: BackupPagination,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupMeta {
    /// A JSON number in the contract; a value that does not decode reads as unknown.
    #[serde(default, deserialize_with = "or_default")]
    pub backup_retention_days: Option<Number>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupPagination {
    pub has_more: bool,
    #[serde(default, deserialize_with = "or_default")]
    pub limit: Option<Number>,
}

/// `GET /v1/databases/{id}/usage`, which is not wrapped in `data`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    pub period: Period,
    pub metrics: Metrics,
    pub generated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Period {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
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
