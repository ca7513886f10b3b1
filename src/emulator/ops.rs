//! The emulator's changes to the world, with the contract's guards; no HTTP here.
use axum::http::StatusCode;

use super::error::ApiError;
use super::ids;
use super::model::{ConnectionRecord, DatabaseRecord, ProjectRecord, World};
pub use super::moment::{Moment, now};
use crate::api::{BackupStatus, ConnectionKind, DatabaseSource, DatabaseStatus};

/// Longest name accepted for a project, database or connection.
pub const MAX_NAME: usize = 255;

pub fn check_name(kind: &str, name: &str) -> Result<(), ApiError> {
    if name.trim().is_empty() {
        return Err(ApiError::bad_request(format!("The {kind} name must not be empty.")));
    }
    if name.chars().count() > MAX_NAME {
        return Err(ApiError::bad_request(format!("The {kind} name is longer than {MAX_NAME} characters.")));
    }
    Ok(())
}

fn check_region(world: &World, region: &str) -> Result<(), ApiError> {
    match world.region(region) {
        Some(known) if known.available => Ok(()),
        Some(_) => Err(ApiError::bad_request(format!("Region {region} is not available right now."))
            .with_hint("Pick another region from GET /v1/regions/postgres.")),
        None => Err(ApiError::bad_request(format!("Unknown region {region}."))
            .with_hint("Valid regions are listed by GET /v1/regions/postgres.")),
    }
}

pub struct NewProject {
    pub name: Option<String>,
    pub region: Option<String>,
    pub create_database: bool,
    pub logical_id: Option<String>,
}

/// Creates a project and, unless told not to, its default database; returns their ids.
pub fn create_project(world: &mut World, at: Moment, new: NewProject) -> Result<(String, Option<String>), ApiError> {
    let name = new.name.unwrap_or_else(|| format!("project-{}", world.projects.len() + 1));
    check_name("project", &name)?;
    let region = new.region.unwrap_or_else(|| "us-east-1".to_owned());
    check_region(world, &region)?;
    if let Some(logical) = &new.logical_id
        && world.projects.values().any(|p| p.logical_id.as_deref() == Some(logical))
    {
        return Err(ApiError::new(StatusCode::CONFLICT, format!("A project with logicalId {logical} already exists.")));
    }
    if new.create_database {
        check_plan(world, at)?;
    }
    let id = ids::id("proj", &mut world.minted);
    world.projects.insert(
        id.clone(),
        ProjectRecord {
            id: id.clone(),
            name,
            created_at: at.now,
            default_region: Some(region.clone()),
            logical_id: new.logical_id,
            compute_services: 0,
            overrides: Default::default(),
        },
    );
    let database = if new.create_database {
        let new_db = NewDatabase { region: Some(region), is_default: true, ..NewDatabase::default() };
        Some(create_database(world, at, &id, new_db)?)
    } else {
        None
    };
    Ok((id, database))
}

pub fn rename_project(world: &mut World, id: &str, name: String) -> Result<(), ApiError> {
    check_name("project", &name)?;
    let project = world.projects.get_mut(id).ok_or_else(|| ApiError::not_found("project", id))?;
    project.name = name;
    Ok(())
}

/// Deletes a project with all its databases, their connections and backups.
pub fn delete_project(world: &mut World, id: &str) -> Result<(), ApiError> {
    let project = world.projects.get(id).ok_or_else(|| ApiError::not_found("project", id))?;
    if project.compute_services > 0 {
        return Err(ApiError::bad_request(format!(
            "Project {id} still has {} compute service(s).",
            project.compute_services
        ))
        .with_hint("Delete its compute services first."));
    }
    world.projects.remove(id);
    world.branches.retain(|_, branch| branch.project_id != id);
    let doomed: Vec<String> = world.databases_of(id).map(|database| database.id.clone()).collect();
    for database in doomed {
        remove_database(world, &database);
    }
    Ok(())
}

#[derive(Default)]
pub struct NewDatabase {
    pub name: Option<String>,
    pub region: Option<String>,
    pub is_default: bool,
    pub source: Option<DatabaseSource>,
    pub branch_id: Option<String>,
    pub branch_git_name: Option<String>,
}

/// The refusal when the plan (`--max-databases`) allows no more databases.
fn check_plan(world: &World, at: Moment) -> Result<(), ApiError> {
    match at.max_databases {
        Some(max) if world.databases.len() >= max => Err(ApiError::new(
            StatusCode::PAYMENT_REQUIRED,
            format!("The workspace's plan allows {max} database(s), and it has {}.", world.databases.len()),
        )
        .with_code("planLimitReached")
        .with_hint(format!("Upgrade the plan at {}.", world.subscription.upgrade_url))),
        _ => Ok(()),
    }
}

/// Creates a `provisioning` database with one connection; returns its id.
pub fn create_database(world: &mut World, at: Moment, project_id: &str, new: NewDatabase) -> Result<String, ApiError> {
    let project = world.projects.get(project_id).ok_or_else(|| ApiError::not_found("project", project_id))?;
    check_plan(world, at)?;
    let region = match new.region.as_deref() {
        None | Some("inherit") => project.default_region.clone().unwrap_or_else(|| "us-east-1".to_owned()),
        Some(region) => region.to_owned(),
    };
    check_region(world, &region)?;
    let count = world.databases_of(project_id).count();
    let name =
        new.name.unwrap_or_else(|| if new.is_default { "main".to_owned() } else { format!("database-{}", count + 1) });
    check_name("database", &name)?;
    let data = match &new.source {
        None | Some(DatabaseSource::Empty) => "empty".to_owned(),
        Some(DatabaseSource::Backup { database_id, backup_id }) => {
            usable_backup(world, database_id, backup_id, StatusCode::BAD_REQUEST)?
        }
        Some(DatabaseSource::Database { database_id }) => world
            .databases
            .get(database_id)
            .map(|source| source.data.clone())
            .ok_or_else(|| ApiError::bad_request(format!("Source database {database_id} was not found.")))?,
        Some(DatabaseSource::Other { kind, .. }) => {
            return Err(ApiError::bad_request(format!("Invalid source: type {kind:?} without the fields it needs.")));
        }
    };
    let branch_id = super::branching::place_database(world, at, project_id, new.branch_id, new.branch_git_name)?;
    if new.is_default {
        for database in world.databases.values_mut().filter(|d| d.project_id == project_id) {
            database.is_default = false;
        }
    }
    let id = ids::id("db", &mut world.minted);
    world.databases.insert(
        id.clone(),
        DatabaseRecord {
            id: id.clone(),
            project_id: project_id.to_owned(),
            name,
            region,
            created_at: at.now,
            is_default: new.is_default,
            status: DatabaseStatus::Provisioning,
            ready_at: at.ready_at(),
            source: Some(new.source.unwrap_or(DatabaseSource::Empty)),
            data,
            remote: false,
            logical_id: None,
            branch_id,
            overrides: Default::default(),
        },
    );
    create_connection(world, at, &id, "default".to_owned())?;
    Ok(id)
}

/// The data of a completed backup of `database_id`, or why it cannot be used.
fn usable_backup(world: &World, database_id: &str, backup_id: &str, unusable: StatusCode) -> Result<String, ApiError> {
    let backup = world.backups.get(backup_id).filter(|backup| backup.database_id == database_id).ok_or_else(|| {
        ApiError::not_found("backup", backup_id).with_hint(format!("List the backups of database {database_id}."))
    })?;
    if backup.status != BackupStatus::Completed {
        return Err(ApiError::new(
            unusable,
            format!("Backup {backup_id} is {} and cannot be restored.", backup.status),
        )
        .with_hint("Choose a completed backup."));
    }
    Ok(backup.data.clone())
}

/// Renames a database and/or sets its logical id, which is unique among its project's databases (409).
pub fn update_database(
    world: &mut World,
    id: &str,
    name: Option<String>,
    logical_id: Option<String>,
) -> Result<(), ApiError> {
    if let Some(name) = &name {
        check_name("database", name)?;
    }
    let database = world.databases.get(id).ok_or_else(|| ApiError::not_found("database", id))?;
    if let Some(logical) = &logical_id {
        if logical.trim().is_empty() {
            return Err(ApiError::bad_request("The logicalId must not be empty."));
        }
        let project = &database.project_id;
        let taken = world.databases_of(project).any(|d| d.id != id && d.logical_id.as_deref() == Some(logical));
        if taken {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                format!("Another database of project {project} has the logicalId {logical}."),
            ));
        }
    }
    if let Some(database) = world.databases.get_mut(id) {
        if let Some(name) = name {
            database.name = name;
        }
        if logical_id.is_some() {
            database.logical_id = logical_id;
        }
    }
    Ok(())
}

pub fn delete_database(world: &mut World, id: &str) -> Result<(), ApiError> {
    let database = world.databases.get(id).ok_or_else(|| ApiError::not_found("database", id))?;
    if database.is_default {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            format!("Database {id} is the default database of its project and cannot be deleted."),
        )
        .with_hint("Delete the project instead: its databases go with it."));
    }
    remove_database(world, id);
    Ok(())
}

fn remove_database(world: &mut World, id: &str) {
    world.databases.remove(id);
    world.connections.retain(|_, connection| connection.database_id != id);
    world.backups.retain(|_, backup| backup.database_id != id);
}

/// Mints a Postgres connection with fresh credentials; returns its id.
pub fn create_connection(world: &mut World, at: Moment, database_id: &str, name: String) -> Result<String, ApiError> {
    check_name("connection", &name)?;
    if !world.databases.contains_key(database_id) {
        return Err(ApiError::not_found("database", database_id));
    }
    let id = ids::id("con", &mut world.minted);
    let user = ids::user(&mut world.minted);
    let secret = ids::password(&mut world.minted);
    let record = ConnectionRecord {
        id: id.clone(),
        database_id: database_id.to_owned(),
        name,
        created_at: at.now,
        kind: ConnectionKind::Postgres,
        user,
        secret,
        overrides: Default::default(),
    };
    world.connections.insert(id.clone(), record);
    Ok(id)
}

/// Replaces a connection's secret; the old one stops working.
pub fn rotate_connection(world: &mut World, id: &str) -> Result<(), ApiError> {
    let mut minted = world.minted;
    let connection = world.connections.get_mut(id).ok_or_else(|| ApiError::not_found("connection", id))?;
    connection.secret = match connection.kind {
        ConnectionKind::Accelerate => ids::api_key(&mut minted),
        _ => ids::password(&mut minted),
    };
    world.minted = minted;
    Ok(())
}

pub fn delete_connection(world: &mut World, id: &str) -> Result<(), ApiError> {
    world.connections.remove(id).map(|_| ()).ok_or_else(|| ApiError::not_found("connection", id))
}

/// Starts restoring `backup_id` of `source_database_id` over `target_id`, which turns `recovering`.
pub fn restore(
    world: &mut World,
    at: Moment,
    target_id: &str,
    source_database_id: &str,
    backup_id: &str,
) -> Result<(), ApiError> {
    let target = world.databases.get(target_id).ok_or_else(|| ApiError::not_found("database", target_id))?;
    if !world.databases.contains_key(source_database_id) {
        return Err(ApiError::not_found("database", source_database_id));
    }
    if target.is_default {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("Database {target_id} is a default database and cannot be a restore target."),
        )
        .with_hint(
            "Restore into a new database instead (POST /v1/projects/{projectId}/databases with source type backup).",
        ));
    }
    if matches!(target.status, DatabaseStatus::Provisioning | DatabaseStatus::Recovering) {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            format!("Database {target_id} is {} and cannot be restored now.", target.status),
        )
        .with_hint("Wait until it is ready, then try again."));
    }
    let data = usable_backup(world, source_database_id, backup_id, StatusCode::UNPROCESSABLE_ENTITY)?;
    if let Some(target) = world.databases.get_mut(target_id) {
        target.data = data;
        target.source = Some(DatabaseSource::Backup {
            database_id: source_database_id.to_owned(),
            backup_id: backup_id.to_owned(),
        });
        target.status = DatabaseStatus::Recovering;
        target.ready_at = at.ready_at();
    }
    Ok(())
}
