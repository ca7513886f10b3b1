//! `ppg databases list|get|create|rename|delete`.
use std::collections::{BTreeSet, HashMap};

use clap::Subcommand;
use futures::{StreamExt, stream};

use super::context::{Context, Failure};
use super::guard;
use super::output::{self, ago, named};
use super::uncertain;
use crate::api::{BranchFilter, BranchScope, Database, DatabaseSource, Error, NewDatabase};
use crate::format::{Table, sanitize};

#[derive(Debug, Subcommand)]
pub enum DatabasesCommand {
    /// List every database, or those of one project, or of one branch.
    List {
        /// Only the databases of this project.
        #[arg(long, value_name = "ID")]
        project: Option<String>,
        /// Only the databases of this branch, or `unassigned` for those outside any branch.
        #[arg(long, value_name = "ID|unassigned")]
        branch: Option<String>,
    },
    /// Show one database with every field.
    Get { id: String },
    /// Create a database in a project (or a branch of one), empty or from a backup.
    Create {
        /// The project; may be left out with --branch.
        #[arg(long, value_name = "ID", required_unless_present = "branch")]
        project: Option<String>,
        /// Attach it to this branch (without it, the API picks the project's default branch, if any).
        #[arg(long, value_name = "ID")]
        branch: Option<String>,
        #[arg(long)]
        name: Option<String>,
        /// A region id, or "inherit" for the project's (the default).
        #[arg(long)]
        region: Option<String>,
        /// Start from this backup (with --source-database).
        #[arg(long, value_name = "BACKUP", requires = "source_database")]
        from_backup: Option<String>,
        /// The database the backup belongs to.
        #[arg(long, value_name = "DB", requires = "from_backup")]
        source_database: Option<String>,
    },
    /// Rename a database.
    Rename { id: String, name: String },
    /// Delete a database and its data; needs --confirm with the database's id.
    Delete {
        id: String,
        #[arg(long, value_name = "ID")]
        confirm: Option<String>,
    },
}

pub async fn run(context: &Context, command: DatabasesCommand) -> Result<(), Failure> {
    let client = &context.client;
    match command {
        DatabasesCommand::List { project, branch } => {
            let read = match &branch {
                Some(branch) => {
                    client.branch_databases(&BranchScope::from_flag(branch), project.as_deref()).until_error().await
                }
                None => client.databases(project.as_deref()).until_error().await,
            };
            let sort = |databases: &mut Vec<Database>| {
                databases.sort_by(|a, b| {
                    project_name(a).cmp(project_name(b)).then(b.is_default.cmp(&a.is_default)).then(a.name.cmp(&b.name))
                });
            };
            let branches = if context.json { HashMap::new() } else { git_names(context, &read.0.items).await };
            output::list(context, read, sort, |databases| databases_table(databases, &branches))
        }
        DatabasesCommand::Get { id } => {
            let database = client.database(&id).await?;
            if context.json {
                return output::json(&database);
            }
            let branches = git_names(context, std::slice::from_ref(&database)).await;
            print_details(&database, &branches)
        }
        DatabasesCommand::Create { project, branch, name, region, from_backup, source_database } => {
            guard::writable(context, "create a database")?;
            let source = from_backup
                .zip(source_database)
                .map(|(backup_id, database_id)| DatabaseSource::Backup { database_id, backup_id });
            let new = NewDatabase { name: name.clone(), region, source };
            let Some(branch) = branch else {
                return create(context, &project.unwrap_or_default(), new).await;
            };
            let found = client.branch(&branch).await?;
            let owner = found.project.map(|project| project.id);
            let project = match (project, owner) {
                (Some(given), Some(owner)) if given != owner => {
                    return Err(Failure::Usage(format!(
                        "branch {} belongs to project {}, not {}",
                        sanitize(&branch),
                        sanitize(&owner),
                        sanitize(&given)
                    )));
                }
                (_, Some(owner)) => owner,
                (Some(given), None) => given,
                (None, None) => {
                    return Err(Failure::Reported(format!(
                        "the API did not say which project branch {} belongs to: pass --project",
                        sanitize(&branch)
                    )));
                }
            };
            create_in(context, &project, Some(&branch), new).await
        }
        DatabasesCommand::Rename { id, name } => {
            guard::writable(context, "rename a database")?;
            let database = client.rename_database(&id, &name).await?;
            if context.json {
                return output::json(&database);
            }
            output::note(&format!("renamed database {id} to {}", named(&database.name, &database.id)));
            Ok(())
        }
        DatabasesCommand::Delete { id, confirm } => {
            guard::writable(context, "delete a database")?;
            let database = client.database(&id).await?;
            if database.is_default {
                return Err(Failure::Refused(format!(
                    "{} is the default database of project {}: it cannot be deleted on its own; delete the project instead",
                    named(&database.name, &id),
                    project_name(&database)
                )));
            }
            let consequence = format!("this deletes database {} and all its data", named(&database.name, &id));
            guard::confirmed(&id, confirm.as_deref(), &consequence)?;
            match client.delete_database(&id).await {
                Ok(()) => {}
                Err(error @ Error::OutcomeUnknown { .. }) => {
                    uncertain::settle_delete(error, client.database(&id)).await?
                }
                Err(error) => return Err(error.into()),
            }
            output::note(&format!("deleted database {}", named(&database.name, &id)));
            Ok(())
        }
    }
}

/// Creates a database (also the safe restore, `ppg restore --new`) and prints its minted strings;
/// a lost answer is settled by looking at the project's databases.
pub async fn create(context: &Context, project: &str, new: NewDatabase) -> Result<(), Failure> {
    create_in(context, project, None, new).await
}

/// `create`, attached to `branch` when one is given.
async fn create_in(
    context: &Context,
    project: &str,
    branch: Option<&str>,
    mut new: NewDatabase,
) -> Result<(), Failure> {
    let client = &context.client;
    let name = new.name.get_or_insert_with(uncertain::default_name).clone();
    let sent = uncertain::sending(&client.databases(Some(project)).all().await?, &name);
    let answer = match branch {
        Some(branch) => client.create_branch_database(project, branch, &new).await,
        None => client.create_database(project, &new).await,
    };
    match answer {
        Ok(database) => {
            if context.json {
                return output::json(&database);
            }
            output::note(&format!("created database {} ({})", named(&database.name, &database.id), database.status));
            output::minted(&database.connections)?;
            Ok(())
        }
        Err(error @ Error::OutcomeUnknown { .. }) => {
            let hint = |_: &str| {
                "Its connection strings were lost with the answer: make a new connection with `ppg connections create`."
                    .to_owned()
            };
            let now = client.databases(Some(project)).all();
            uncertain::settle_create(context, "database", (error, &sent), now, hint).await
        }
        Err(error) => Err(super::plan::explained(context, error).await),
    }
}

fn project_name(database: &Database) -> &str {
    database.project.as_ref().map_or("-", |project| project.name.as_str())
}

/// The git names of the branches `databases` sit in, read from their projects' branches, a few projects at
/// a time. A project whose branches cannot be read is said on stderr; its databases show their branch ids.
async fn git_names(context: &Context, databases: &[Database]) -> HashMap<String, String> {
    let projects: BTreeSet<&str> = databases
        .iter()
        .filter(|database| database.branch_id.is_some())
        .filter_map(|database| database.project.as_ref().map(|project| project.id.as_str()))
        .collect();
    let reads = projects
        .into_iter()
        .map(|project| async move { (project, context.client.branches(project, &BranchFilter::All).all().await) });
    let mut names = HashMap::new();
    let mut read = stream::iter(reads).buffer_unordered(BRANCH_READS);
    while let Some((project, branches)) = read.next().await {
        match branches {
            Ok(branches) => names.extend(branches.iter().map(|branch| (branch.id.clone(), branch.name().to_owned()))),
            Err(error) => output::note(&format!("ppg: the branches of project {project} could not be read: {error}")),
        }
    }
    names
}

/// Projects whose branches are read at once by `git_names`.
const BRANCH_READS: usize = 4;

/// A database's branch: its git name when known, else its id.
fn branch_of<'a>(database: &'a Database, git_names: &'a HashMap<String, String>) -> Option<&'a str> {
    let id = database.branch_id.as_deref()?;
    Some(git_names.get(id).map_or(id, String::as_str))
}

/// The databases; a BRANCH column when any of them is in a branch.
fn databases_table(databases: &[Database], git_names: &HashMap<String, String>) -> Table {
    let branched = databases.iter().any(|database| database.branch_id.is_some());
    let mut headers = vec!["PROJECT", "NAME", "ID", "STATUS", "REGION", "DEFAULT", "CREATED"];
    if branched {
        headers.insert(2, "BRANCH");
    }
    let mut table = Table::new(&headers);
    for database in databases {
        let mut row = vec![
            project_name(database).to_owned(),
            database.name.clone(),
            database.id.clone(),
            output::database_status(database),
            output::region_name(database),
            if database.is_default { "★".into() } else { String::new() },
            ago(&database.created_at),
        ];
        if branched {
            row.insert(2, branch_of(database, git_names).unwrap_or("-").to_owned());
        }
        table.row(row);
    }
    table
}

/// Every field, like `kubectl describe`.
fn print_details(database: &Database, git_names: &HashMap<String, String>) -> Result<(), Failure> {
    let mut table = Table::new(&["FIELD", "VALUE"]);
    let source = match &database.source {
        None => "-".to_owned(),
        Some(DatabaseSource::Empty) => "empty".to_owned(),
        Some(DatabaseSource::Backup { database_id, backup_id }) => format!("backup {backup_id} of {database_id}"),
        Some(DatabaseSource::Database { database_id }) => format!("clone of {database_id}"),
        Some(other @ DatabaseSource::Other { .. }) => other.kind().to_owned(),
    };
    let region = database.region.as_ref().map_or_else(|| "-".to_owned(), |r| format!("{} ({})", r.name, r.id));
    let connections: Vec<String> = database.connections.iter().map(|c| named(&c.name, &c.id)).collect();
    for (field, value) in [
        ("name", database.name.clone()),
        ("id", database.id.clone()),
        ("project", database.project.as_ref().map_or_else(|| "-".to_owned(), |p| named(&p.name, &p.id))),
        ("status", output::database_status(database)),
        ("default", if database.is_default { "yes".into() } else { "no".into() }),
        ("region", region),
        ("source", source),
        ("created", format!("{} ({})", database.created_at, ago(&database.created_at))),
        ("connections", if connections.is_empty() { "-".into() } else { connections.join(", ") }),
    ] {
        table.row(vec![field.to_owned(), value]);
        if field == "project"
            && let Some(id) = &database.branch_id
        {
            let branch = git_names.get(id).map_or_else(|| id.clone(), |git_name| named(git_name, id));
            table.row(vec!["branch".to_owned(), branch]);
        }
    }
    output::table(&table)
}
