//! The workspace's plan (its subscription, and the refusal when the plan allows no more) and its service
//! tokens: wire types and endpoints.
use std::fmt;

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::client::{Client, Query};
use super::endpoints::segment;
use super::error::Error;
use super::lenient::or_default;
use super::listing::Listed;
use super::pages::Pages;
use super::{Data, Timestamp};

/// `GET /v1/workspaces/{id}/subscription`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Subscription {
    pub plan_name: String,
    /// A value that does not decode reads as `false`: a badge is not worth failing the read.
    #[serde(default, deserialize_with = "or_default")]
    pub usage_blocked: bool,
    #[serde(default, deserialize_with = "or_default")]
    pub upgrade_url: Option<String>,
}

/// A service token as listed: never its value, only a hint of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceToken {
    pub id: String,
    #[serde(rename = "type", default, deserialize_with = "or_default")]
    pub resource_type: String,
    pub name: String,
    #[serde(default, deserialize_with = "or_default")]
    pub value_hint: String,
    pub created_at: Timestamp,
    #[serde(default, deserialize_with = "or_default", skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Timestamp>,
}

impl ServiceToken {
    /// Whether its expiry has passed at `now` (a time that does not parse is not taken as passed).
    pub fn expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.as_ref().and_then(Timestamp::at).is_some_and(|at| at <= now)
    }

    /// When it expires, for tables: `never`, `2027-01-14`, or `expired 2026-11-20`.
    pub fn expiry(&self, now: DateTime<Utc>) -> String {
        match &self.expires_at {
            None => "never".to_owned(),
            Some(at) if self.expired(now) => format!("expired {}", at.format("%Y-%m-%d")),
            Some(at) => at.format("%Y-%m-%d"),
        }
    }

    /// What it is called: its name, or its id when the API sent none.
    pub fn display_name(&self) -> &str {
        if self.name.trim().is_empty() { &self.id } else { &self.name }
    }
}

impl Listed for ServiceToken {
    const KIND: &'static str = "service token";
    fn id(&self) -> &str {
        &self.id
    }
}

/// `POST /v1/workspaces/{id}/service-tokens`: the token and its value, which no other answer carries.
/// `Debug` leaves the value out, so that no log can hold it.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatedServiceToken {
    #[serde(flatten)]
    pub token: ServiceToken,
    pub value: String,
}

impl fmt::Debug for CreatedServiceToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreatedServiceToken").field("token", &self.token).field("value", &"…redacted…").finish()
    }
}

/// Where to upgrade when the subscription does not say.
pub const CONSOLE_URL: &str = "https://console.prisma.io";

/// A refusal because the workspace's plan allows no more databases (seen as HTTP 402 `planLimitReached`),
/// with the address to upgrade at once it is known (`Client::plan_limit` asks the subscription for it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanLimit {
    pub upgrade_url: Option<String>,
}

impl PlanLimit {
    /// The API's code for it, also sent with other statuses than 402.
    pub const CODE: &'static str = "planLimitReached";

    /// Whether `error` is this refusal.
    pub fn of(error: &Error) -> Option<Self> {
        match error {
            Error::Status { status: 402, .. } => Some(Self { upgrade_url: None }),
            Error::Status { code: Some(code), .. } if code == Self::CODE => Some(Self { upgrade_url: None }),
            _ => None,
        }
    }
}

/// "the workspace's plan allows no more databases: upgrade at https://…" (the address as sent: whoever
/// prints it escapes it, as every text from the network).
impl fmt::Display for PlanLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = self.upgrade_url.as_deref().filter(|url| !url.trim().is_empty()).unwrap_or(CONSOLE_URL);
        write!(f, "the workspace's plan allows no more databases: upgrade at {url}")
    }
}

impl Client {
    pub async fn subscription(&self, workspace: &str) -> Result<Subscription, Error> {
        let path = format!("/v1/workspaces/{}/subscription", segment(workspace));
        self.get::<Data<Subscription>>(&path, &Query::new()).await.map(|d| d.data)
    }

    /// When `error` says the plan allows no more: that, with the upgrade address from the subscription of
    /// `workspace` (or of the token's own workspace), or without it when that cannot be read.
    pub async fn plan_limit(&self, error: &Error, workspace: Option<&str>) -> Option<PlanLimit> {
        let limit = PlanLimit::of(error)?;
        let workspace = match workspace {
            Some(id) => Some(id.to_owned()),
            None => self.me().await.ok().and_then(|me| me.workspace).map(|workspace| workspace.id),
        };
        let Some(workspace) = workspace else { return Some(limit) };
        match self.subscription(&workspace).await {
            Ok(subscription) => Some(PlanLimit { upgrade_url: subscription.upgrade_url }),
            Err(_) => Some(limit),
        }
    }

    /// Newest first, as the API lists them.
    pub fn service_tokens(&self, workspace: &str) -> Pages<ServiceToken> {
        self.pages(&format!("/v1/workspaces/{}/service-tokens", segment(workspace)), Query::new())
    }

    /// Creates a token; its value is in this answer only.
    pub async fn create_service_token(&self, workspace: &str, name: &str) -> Result<CreatedServiceToken, Error> {
        let path = format!("/v1/workspaces/{}/service-tokens", segment(workspace));
        let created: Data<CreatedServiceToken> =
            self.change_into(Method::POST, &path, Some(json!({ "name": name }))).await?;
        Ok(created.data)
    }

    /// Revokes a token: whoever uses it is refused from then on.
    pub async fn revoke_service_token(&self, workspace: &str, id: &str) -> Result<(), Error> {
        let path = format!("/v1/workspaces/{}/service-tokens/{}", segment(workspace), segment(id));
        self.change(Method::DELETE, &path, None).await.map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Route;

    fn status(status: u16, code: &str) -> Error {
        let route = Route { method: "POST", path: "/v1/databases".into() };
        Error::Status { route, status, code: Some(code.into()), message: "no".into(), hint: None }
    }

    #[test]
    fn a_plan_limit_is_told_by_its_status_or_its_code() {
        assert!(PlanLimit::of(&status(402, "payment_required")).is_some());
        assert!(PlanLimit::of(&status(403, "planLimitReached")).is_some());
        assert!(PlanLimit::of(&status(403, "forbidden")).is_none());
        let with_url = PlanLimit { upgrade_url: Some("https://example.test/upgrade".into()) };
        assert_eq!(
            with_url.to_string(),
            "the workspace's plan allows no more databases: upgrade at https://example.test/upgrade"
        );
        assert!(PlanLimit { upgrade_url: None }.to_string().ends_with("upgrade at https://console.prisma.io"));
    }

    #[test]
    fn a_created_token_never_shows_its_value_in_debug() {
        let text = r#"{"id":"st_1","type":"serviceToken","name":"ci","valueHint":"…x9","createdAt":"2026-01-01T00:00:00Z","value":"eyJsecret"}"#;
        let created: CreatedServiceToken = serde_json::from_str(text).unwrap();
        assert_eq!(created.value, "eyJsecret");
        assert!(!format!("{created:?}").contains("eyJsecret"));
    }
}
