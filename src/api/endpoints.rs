//! One typed method per endpoint ppg uses, over the generic reads and changes of `Client`.
use chrono::{DateTime, Utc};
use reqwest::Method;
use serde_json::json;

use super::client::{Client, Query};
use super::error::{Error, Route};
use super::pages::Pages;
use super::{
    Backup, BackupList, Connection, CreatedProject, Data, Database, DatabaseSource, Listing, Me, Project, RegionInfo,
    Usage, Workspace,
};

/// An id as one URL path segment: ids are opaque, so anything outside `[A-Za-z0-9_-]` is escaped.
pub fn segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-' {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// What `POST /v1/projects` takes.
#[derive(Debug, Clone, Default)]
pub struct NewProject {
    pub name: Option<String>,
    pub region: Option<String>,
    pub create_database: bool,
}

/// What `POST /v1/projects/{id}/databases` takes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewDatabase {
    pub name: Option<String>,
    pub region: Option<String>,
    pub source: Option<DatabaseSource>,
}

impl NewDatabase {
    /// The request body, with only the fields given.
    pub(super) fn body(&self) -> serde_json::Value {
        let mut body = json!({});
        if let Some(name) = &self.name {
            body["name"] = json!(name);
        }
        if let Some(region) = &self.region {
            body["region"] = json!(region);
        }
        if let Some(source) = &self.source {
            body["source"] = serde_json::to_value(source).unwrap_or_default();
        }
        body
    }
}

impl Client {
    pub async fn me(&self) -> Result<Me, Error> {
        self.get::<Data<Me>>("/v1/me", &Query::new()).await.map(|d| d.data)
    }

    pub fn workspaces(&self) -> Pages<Workspace> {
        self.pages("/v1/workspaces", Query::new())
    }

    pub async fn postgres_regions(&self) -> Result<Listing<RegionInfo>, Error> {
        let path = "/v1/regions/postgres";
        let route = Route { method: "GET", path: path.to_owned() };
        self.get::<Data<Listing<RegionInfo>>>(path, &Query::new()).await.map(|d| d.data.read_by(&route))
    }

    pub fn projects(&self) -> Pages<Project> {
        self.pages("/v1/projects", Query::new())
    }

    pub async fn project(&self, id: &str) -> Result<Project, Error> {
        self.get::<Data<Project>>(&format!("/v1/projects/{}", segment(id)), &Query::new()).await.map(|d| d.data)
    }

    pub async fn create_project(&self, new: &NewProject) -> Result<CreatedProject, Error> {
        let mut body = json!({ "createDatabase": new.create_database });
        if let Some(name) = &new.name {
            body["name"] = json!(name);
        }
        if let Some(region) = &new.region {
            body["region"] = json!(region);
        }
        let created: Data<CreatedProject> = self.change_into(Method::POST, "/v1/projects", Some(body)).await?;
        Ok(created.data)
    }

    pub async fn rename_project(&self, id: &str, name: &str) -> Result<Project, Error> {
        let path = format!("/v1/projects/{}", segment(id));
        let renamed: Data<Project> = self.change_into(Method::PATCH, &path, Some(json!({ "name": name }))).await?;
        Ok(renamed.data)
    }

    pub async fn delete_project(&self, id: &str) -> Result<(), Error> {
        self.change(Method::DELETE, &format!("/v1/projects/{}", segment(id)), None).await.map(drop)
    }

    /// Every database, or those of one project.
    pub fn databases(&self, project: Option<&str>) -> Pages<Database> {
        match project {
            Some(project) => self.pages(&format!("/v1/projects/{}/databases", segment(project)), Query::new()),
            None => self.pages("/v1/databases", Query::new()),
        }
    }

    pub async fn database(&self, id: &str) -> Result<Database, Error> {
        self.get::<Data<Database>>(&format!("/v1/databases/{}", segment(id)), &Query::new()).await.map(|d| d.data)
    }

    pub async fn create_database(&self, project: &str, new: &NewDatabase) -> Result<Database, Error> {
        let body = new.body();
        let path = format!("/v1/projects/{}/databases", segment(project));
        let created: Data<Database> = self.change_into(Method::POST, &path, Some(body)).await?;
        Ok(created.data)
    }

    pub async fn rename_database(&self, id: &str, name: &str) -> Result<Database, Error> {
        let path = format!("/v1/databases/{}", segment(id));
        let renamed: Data<Database> = self.change_into(Method::PATCH, &path, Some(json!({ "name": name }))).await?;
        Ok(renamed.data)
    }

    pub async fn delete_database(&self, id: &str) -> Result<(), Error> {
        self.change(Method::DELETE, &format!("/v1/databases/{}", segment(id)), None).await.map(drop)
    }

    pub fn connections(&self, database: &str) -> Pages<Connection> {
        self.pages(&format!("/v1/databases/{}/connections", segment(database)), Query::new())
    }

    /// Every connection of the workspace.
    pub fn all_connections(&self) -> Pages<Connection> {
        self.pages("/v1/connections", Query::new())
    }

    pub async fn connection(&self, id: &str) -> Result<Connection, Error> {
        self.get::<Data<Connection>>(&format!("/v1/connections/{}", segment(id)), &Query::new()).await.map(|d| d.data)
    }

    /// Mints a connection; its answer is the only one that will ever carry its strings.
    pub async fn create_connection(&self, database: &str, name: &str) -> Result<Connection, Error> {
        let path = format!("/v1/databases/{}/connections", segment(database));
        let created: Data<Connection> = self.change_into(Method::POST, &path, Some(json!({ "name": name }))).await?;
        Ok(created.data)
    }

    pub async fn rotate_connection(&self, id: &str) -> Result<Connection, Error> {
        let path = format!("/v1/connections/{}/rotate", segment(id));
        let rotated: Data<Connection> = self.change_into(Method::POST, &path, None).await?;
        Ok(rotated.data)
    }

    pub async fn delete_connection(&self, id: &str) -> Result<(), Error> {
        self.change(Method::DELETE, &format!("/v1/connections/{}", segment(id)), None).await.map(drop)
    }

    /// Newest first, at most `limit` (1 to 100; the API's default is 25).
    pub async fn backups(&self, database: &str, limit: Option<u32>) -> Result<BackupList, Error> {
        let query = limit.map(|limit| vec![("limit", limit.to_string())]).unwrap_or_default();
        let path = format!("/v1/databases/{}/backups", segment(database));
        let mut list: BackupList = self.get(&path, &query).await?;
        list.data = list.data.read_by(&Route { method: "GET", path });
        Ok(list)
    }

    /// Restores `backup` of `source_database` over `target`: everything in the target is replaced.
    pub async fn restore(&self, target: &str, source_database: &str, backup: &Backup) -> Result<Database, Error> {
        self.restore_from(target, source_database, &backup.id).await
    }

    /// `restore` by the backup's id.
    pub async fn restore_from(&self, target: &str, source_database: &str, backup: &str) -> Result<Database, Error> {
        let body = json!({ "source": { "type": "backup", "databaseId": source_database, "backupId": backup } });
        let path = format!("/v1/databases/{}/restore", segment(target));
        let restored: Data<Database> = self.change_into(Method::POST, &path, Some(body)).await?;
        Ok(restored.data)
    }

    /// Usage over `[start, end)`; the API's defaults (this month so far) when both are `None`.
    pub async fn usage(
        &self,
        database: &str,
        start: Option<DateTime<Utc>>,
        end: Option<DateTime<Utc>>,
    ) -> Result<Usage, Error> {
        let mut query = Query::new();
        let format = |at: DateTime<Utc>| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        if let Some(start) = start {
            query.push(("startDate", format(start)));
        }
        if let Some(end) = end {
            query.push(("endDate", format(end)));
        }
        self.get(&format!("/v1/databases/{}/usage", segment(database)), &query).await
    }
}

#[cfg(test)]
mod tests {
    use super::segment;

    #[test]
    fn ids_stay_one_path_segment() {
        assert_eq!(segment("db_abc-123"), "db_abc-123");
        assert_eq!(segment("../projects?x=1"), "%2E%2E%2Fprojects%3Fx%3D1");
        assert_eq!(segment("é"), "%C3%A9");
    }
}
