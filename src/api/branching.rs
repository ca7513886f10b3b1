//! Branches (production and preview environments of a project that own databases): the wire type and its
//! endpoints. Experimental in the SDK, so every field but the id and the git name degrades to a default.
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::client::{Client, Query};
use super::endpoints::segment;
use super::error::Error;
use super::lenient::or_default;
use super::listing::Listed;
use super::pages::Pages;
use super::{Data, Database, NewDatabase, ResourceRef, Timestamp};
use crate::open_enum;

open_enum!(
    /// What a branch is for: the one `production` branch of a project, or a `preview`.
    BranchRole { Production => "production", Preview => "preview" }
);

impl Default for BranchRole {
    fn default() -> Self {
        Self::Other(String::new())
    }
}

/// `GET /v1/branches/{id}` and the items of `GET /v1/projects/{id}/branches`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Branch {
    pub id: String,
    #[serde(rename = "type", default, deserialize_with = "or_default")]
    pub resource_type: String,
    #[serde(default, deserialize_with = "or_default")]
    pub url: String,
    pub git_name: String,
    /// A value that does not decode reads as `false`: the API still refuses what a default branch cannot do.
    #[serde(default, deserialize_with = "or_default")]
    pub is_default: bool,
    #[serde(default, deserialize_with = "or_default")]
    pub role: BranchRole,
    pub created_at: Timestamp,
    #[serde(default, deserialize_with = "or_default", skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
    #[serde(default, deserialize_with = "or_default")]
    pub project: Option<ResourceRef>,
}

impl Branch {
    /// `★ production`, `preview · feat/checkout-v2`: a star for the default, the role, and the git name of a
    /// branch that is not production (whose git name is usually just `main`).
    pub fn label(&self) -> String {
        let star = if self.is_default { "★ " } else { "" };
        match &self.role {
            BranchRole::Production => format!("{star}production"),
            BranchRole::Other(role) if role.is_empty() => format!("{star}{}", self.name()),
            role => format!("{star}{role} · {}", self.name()),
        }
    }

    /// What the branch is called: its git name, or its id when the API sent none.
    pub fn name(&self) -> &str {
        if self.git_name.trim().is_empty() { &self.id } else { &self.git_name }
    }

    /// Why the API will refuse to delete this branch, known without asking: the default or production one.
    pub fn undeletable(&self) -> Option<&'static str> {
        match (self.is_default, &self.role) {
            (true, _) => Some("it is the project's default branch"),
            (_, BranchRole::Production) => Some("it is the project's production branch"),
            _ => None,
        }
    }
}

impl Listed for Branch {
    const KIND: &'static str = "branch";
    fn id(&self) -> &str {
        &self.id
    }
}

/// Which branches `GET /v1/projects/{id}/branches` lists: all, one git name exactly, or names containing a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum BranchFilter {
    #[default]
    All,
    GitName(String),
    GitNameContains(String),
}

/// Which databases `GET /v1/databases` lists by branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BranchScope {
    /// The databases of this branch (by id).
    Id(String),
    /// The databases outside any branch.
    Unassigned,
    /// The databases of the branch with this git name.
    GitName(String),
}

impl BranchScope {
    /// `unassigned` means outside any branch, as the API reads it; anything else is a branch id.
    pub fn from_flag(text: &str) -> Self {
        match text {
            "unassigned" => Self::Unassigned,
            id => Self::Id(id.to_owned()),
        }
    }
}

impl Client {
    pub fn branches(&self, project: &str, filter: &BranchFilter) -> Pages<Branch> {
        let query: Query = match filter {
            BranchFilter::All => Query::new(),
            BranchFilter::GitName(name) => vec![("gitName", name.clone())],
            BranchFilter::GitNameContains(text) => vec![("gitNameContains", text.clone())],
        };
        self.pages(&format!("/v1/projects/{}/branches", segment(project)), query)
    }

    pub async fn branch(&self, id: &str) -> Result<Branch, Error> {
        self.get::<Data<Branch>>(&format!("/v1/branches/{}", segment(id)), &Query::new()).await.map(|d| d.data)
    }

    /// The first branch of a project becomes its default and production branch, whatever is asked.
    pub async fn create_branch(&self, project: &str, git_name: &str) -> Result<Branch, Error> {
        let path = format!("/v1/projects/{}/branches", segment(project));
        let created: Data<Branch> = self.change_into(Method::POST, &path, Some(json!({ "gitName": git_name }))).await?;
        Ok(created.data)
    }

    /// Makes this branch the project's default (the only change the API allows on a branch).
    pub async fn promote_branch(&self, id: &str) -> Result<Branch, Error> {
        let path = format!("/v1/branches/{}", segment(id));
        let promoted: Data<Branch> = self.change_into(Method::PATCH, &path, Some(json!({ "isDefault": true }))).await?;
        Ok(promoted.data)
    }

    /// Refused (422) for the default or production branch, (409) for one that still has databases.
    pub async fn delete_branch(&self, id: &str) -> Result<(), Error> {
        self.change(Method::DELETE, &format!("/v1/branches/{}", segment(id)), None).await.map(drop)
    }

    /// The databases of a branch (or outside any), across the workspace or within one project.
    pub fn branch_databases(&self, scope: &BranchScope, project: Option<&str>) -> Pages<Database> {
        let mut query: Query = match scope {
            BranchScope::Id(id) => vec![("branchId", id.clone())],
            BranchScope::Unassigned => vec![("branchId", "unassigned".to_owned())],
            BranchScope::GitName(name) => vec![("branchGitName", name.clone())],
        };
        if let Some(project) = project {
            query.push(("projectId", project.to_owned()));
        }
        self.pages("/v1/databases", query)
    }

    /// Creates a database attached to a branch (`POST /v1/databases`, the endpoint that takes `branchId`).
    pub async fn create_branch_database(
        &self,
        project: &str,
        branch: &str,
        new: &NewDatabase,
    ) -> Result<Database, Error> {
        let mut body = new.body();
        body["projectId"] = json!(project);
        body["branchId"] = json!(branch);
        let created: Data<Database> = self.change_into(Method::POST, "/v1/databases", Some(body)).await?;
        Ok(created.data)
    }
}
