//! `ppg projects list|get|create|rename|delete`.
use clap::Subcommand;

use super::context::{Context, Failure};
use super::guard;
use super::output::{self, ago, named};
use super::uncertain;
use crate::api::{Error, NewProject, Project};
use crate::format::Table;

#[derive(Debug, Subcommand)]
pub enum ProjectsCommand {
    /// List every project.
    List,
    /// Show one project.
    Get { id: String },
    /// Create a project, with its default database unless --no-database.
    Create {
        #[arg(long)]
        name: Option<String>,
        /// A region id such as eu-central-1 (see `ppg regions list`).
        #[arg(long)]
        region: Option<String>,
        /// Create the project without a default database.
        #[arg(long)]
        no_database: bool,
    },
    /// Rename a project.
    Rename { id: String, name: String },
    /// Delete a project and every database in it; needs --confirm with the project's id.
    Delete {
        id: String,
        #[arg(long, value_name = "ID")]
        confirm: Option<String>,
    },
}

pub async fn run(context: &Context, command: ProjectsCommand) -> Result<(), Failure> {
    let client = &context.client;
    match command {
        ProjectsCommand::List => {
            let read = client.projects().until_error().await;
            let sort = |projects: &mut Vec<Project>| projects.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
            output::list(context, read, sort, projects_table)
        }
        ProjectsCommand::Get { id } => {
            let project = client.project(&id).await?;
            if context.json {
                return output::json(&project);
            }
            output::table(&projects_table(std::slice::from_ref(&project)))?;
            Ok(())
        }
        ProjectsCommand::Create { name, region, no_database } => {
            guard::writable(context, "create a project")?;
            let name = name.unwrap_or_else(uncertain::default_name);
            let new = NewProject { name: Some(name.clone()), region, create_database: !no_database };
            let sent = uncertain::sending(&client.projects().all().await?, &name);
            match client.create_project(&new).await {
                Ok(created) => {
                    if context.json {
                        return output::json(&created);
                    }
                    output::note(&format!("created project {}", named(&created.project.name, &created.project.id)));
                    if let Some(database) = &created.database {
                        output::note(&format!("with its default database {}", named(&database.name, &database.id)));
                        output::minted(&database.connections)?;
                    }
                    Ok(())
                }
                Err(error @ Error::OutcomeUnknown { .. }) => {
                    let hint = |_: &str| {
                        "Its database's connection strings were lost with the answer: make a new connection \
                         with `ppg connections create`."
                            .to_owned()
                    };
                    uncertain::settle_create(context, "project", (error, &sent), client.projects().all(), hint).await
                }
                Err(error) => Err(super::plan::explained(context, error).await),
            }
        }
        ProjectsCommand::Rename { id, name } => {
            guard::writable(context, "rename a project")?;
            let project = client.rename_project(&id, &name).await?;
            if context.json {
                return output::json(&project);
            }
            output::note(&format!("renamed project {} to {}", id, named(&project.name, &project.id)));
            Ok(())
        }
        ProjectsCommand::Delete { id, confirm } => {
            guard::writable(context, "delete a project")?;
            let project = client.project(&id).await?;
            let databases = client.databases(Some(&id)).all().await?;
            let names: Vec<&str> = databases.iter().map(|d| d.name.as_str()).collect();
            let consequence = match names.len() {
                0 => format!("this deletes project {}", named(&project.name, &id)),
                n => format!(
                    "this deletes project {} and its {n} database(s) with all their data: {}",
                    named(&project.name, &id),
                    names.join(", ")
                ),
            };
            guard::confirmed(&id, confirm.as_deref(), &consequence)?;
            match client.delete_project(&id).await {
                Ok(()) => {}
                Err(error @ Error::OutcomeUnknown { .. }) => {
                    uncertain::settle_delete(error, client.project(&id)).await?
                }
                Err(error) => return Err(error.into()),
            }
            output::note(&format!("deleted project {}", named(&project.name, &id)));
            Ok(())
        }
    }
}

fn projects_table(projects: &[Project]) -> Table {
    let mut table = Table::new(&["NAME", "ID", "REGION", "CREATED"]);
    for project in projects {
        let region = project.default_region.clone().unwrap_or_else(|| "-".into());
        table.row(vec![project.name.clone(), project.id.clone(), region, ago(&project.created_at)]);
    }
    table
}
