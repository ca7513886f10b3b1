//! The API call behind each fetch and each change, as one reply.
use crate::api::{self, Client};
use crate::app::{Change, Changed, Fetch, Reply};

/// The answer to one fetch, in one reply (a list with all its pages; a poll without its pause).
pub async fn answer(client: &Client, fetch: Fetch) -> Reply {
    match fetch {
        Fetch::Me => Reply::Me(client.me().await),
        Fetch::Projects => Reply::Projects { page: client.projects().all().await, first: true, done: true },
        Fetch::Databases { project } => {
            let (result, cut_short) = partial(client.databases(Some(&project)).until_error().await);
            Reply::Databases { project, result, cut_short }
        }
        Fetch::Branches { project } => {
            let result = client.branches(&project, &api::BranchFilter::All).all().await;
            Reply::Branches { project, result }
        }
        Fetch::Connections { database } => {
            let (result, cut_short) = partial(client.connections(&database).until_error().await);
            Reply::Connections { database, result, cut_short }
        }
        Fetch::Backups { database } => {
            let result = client.backups(&database, Some(100)).await;
            Reply::Backups { database, result }
        }
        Fetch::Usage { database, slot, start, end } => {
            let result = client.usage(&database, Some(start), Some(end)).await;
            Reply::Usage { database, slot, result }
        }
        Fetch::Database { database, .. } => {
            let result = client.database(&database).await;
            Reply::Database { database, result }
        }
        Fetch::AllDatabases => Reply::AllDatabases(client.databases(None).all().await),
        Fetch::AllConnections => Reply::AllConnections(client.all_connections().all().await),
        Fetch::Regions => Reply::Regions(client.postgres_regions().await),
        Fetch::Subscription { workspace } => Reply::Subscription(client.subscription(&workspace).await),
        Fetch::ServiceTokens { workspace } => {
            let (result, cut_short) = partial(client.service_tokens(&workspace).until_error().await);
            Reply::ServiceTokens { result, cut_short }
        }
    }
}

/// A list read up to a failure: what was read when anything was (with the failure aside), else the failure.
fn partial<T>(
    (listing, error): (api::Listing<T>, Option<api::Error>),
) -> (Result<api::Listing<T>, api::Error>, Option<api::Error>) {
    match error {
        Some(error) if listing.total() == 0 => (Err(error), None),
        cut_short => (Ok(listing), cut_short),
    }
}

/// Sends `change` once and gives its answer as a reply.
pub async fn apply(client: &Client, change: Change) -> Reply {
    let result = send_change(client, &change).await;
    Reply::Changed { change, result }
}

async fn send_change(client: &Client, change: &Change) -> Result<Changed, api::Error> {
    let boxed = |database: api::Database| Changed::Database(Box::new(database));
    Ok(match change {
        Change::CreateProject { name, region, create_database } => {
            let new =
                api::NewProject { name: Some(name.clone()), region: region.clone(), create_database: *create_database };
            Changed::Project(Box::new(client.create_project(&new).await?))
        }
        Change::CreateDatabase { project, branch, name, region, source } => {
            let new = api::NewDatabase { name: Some(name.clone()), region: region.clone(), source: source.clone() };
            match branch {
                Some(branch) => boxed(client.create_branch_database(project, branch, &new).await?),
                None => boxed(client.create_database(project, &new).await?),
            }
        }
        Change::CreateConnection { database, name } => {
            Changed::Connection(Box::new(client.create_connection(database, name).await?))
        }
        Change::RenameProject { id, name } => client.rename_project(id, name).await.map(|_| Changed::Done)?,
        Change::RenameDatabase { id, name } => client.rename_database(id, name).await.map(|_| Changed::Done)?,
        Change::DeleteProject { id } => client.delete_project(id).await.map(|()| Changed::Done)?,
        Change::DeleteDatabase { id } => client.delete_database(id).await.map(|()| Changed::Done)?,
        Change::DeleteConnection { id } => client.delete_connection(id).await.map(|()| Changed::Done)?,
        Change::DeleteBranch { id, .. } => client.delete_branch(id).await.map(|()| Changed::Done)?,
        Change::Rotate { id } => Changed::Connection(Box::new(client.rotate_connection(id).await?)),
        Change::Restore { target, source_database, backup } => {
            boxed(client.restore_from(target, source_database, backup).await?)
        }
        Change::SafetyCopy { project, name, region, target, .. } => {
            let source = Some(api::DatabaseSource::Database { database_id: target.clone() });
            let new = api::NewDatabase { name: Some(name.clone()), region: region.clone(), source };
            boxed(client.create_database(project, &new).await?)
        }
        Change::CreateServiceToken { workspace, name } => {
            Changed::ServiceToken(Box::new(client.create_service_token(workspace, name).await?))
        }
        Change::RevokeServiceToken { workspace, id, .. } => {
            client.revoke_service_token(workspace, id).await.map(|()| Changed::Done)?
        }
    })
}
