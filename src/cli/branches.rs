//! `ppg branches list|get|create|promote|delete`: the production and preview branches of a project.
use clap::Subcommand;

use super::context::{Context, Failure};
use super::guard;
use super::output::{self, ago, named};
use super::uncertain;
use crate::api::{Branch, BranchFilter, BranchRole, BranchScope, Error};
use crate::format::Table;

#[derive(Debug, Subcommand)]
pub enum BranchesCommand {
    /// List the branches of a project, oldest first.
    List {
        project: String,
        /// Only the branch with exactly this git name.
        #[arg(long, value_name = "NAME", conflicts_with = "git_name_contains")]
        git_name: Option<String>,
        /// Only branches whose git name contains this text (case-sensitive).
        #[arg(long, value_name = "TEXT")]
        git_name_contains: Option<String>,
    },
    /// Show one branch.
    Get { id: String },
    /// Create a branch: a project's first is its default and production branch, later ones are previews.
    Create {
        project: String,
        #[arg(long, value_name = "NAME")]
        git_name: String,
    },
    /// Make a branch its project's default: where databases created without a branch go.
    Promote { id: String },
    /// Delete a preview branch without databases; needs --confirm with the branch's id.
    Delete {
        id: String,
        #[arg(long, value_name = "ID")]
        confirm: Option<String>,
    },
}

pub async fn run(context: &Context, command: BranchesCommand) -> Result<(), Failure> {
    let client = &context.client;
    match command {
        BranchesCommand::List { project, git_name, git_name_contains } => {
            let filter = match (git_name, git_name_contains) {
                (Some(name), _) => BranchFilter::GitName(name),
                (None, Some(text)) => BranchFilter::GitNameContains(text),
                (None, None) => BranchFilter::All,
            };
            let read = client.branches(&project, &filter).until_error().await;
            let oldest_first = |branches: &mut Vec<Branch>| {
                branches.sort_by(|a, b| (&a.created_at, &a.id).cmp(&(&b.created_at, &b.id)));
            };
            output::list(context, read, oldest_first, branches_table)
        }
        BranchesCommand::Get { id } => {
            let branch = client.branch(&id).await?;
            if context.json {
                return output::json(&branch);
            }
            output::table(&branches_table(std::slice::from_ref(&branch)))
        }
        BranchesCommand::Create { project, git_name } => {
            guard::writable(context, "create a branch")?;
            let listed = || client.branches(&project, &BranchFilter::All).all();
            let sent = uncertain::sending(&listed().await?, &git_name);
            match client.create_branch(&project, &git_name).await {
                Ok(branch) => {
                    if context.json {
                        return output::json(&branch);
                    }
                    output::note(&format!(
                        "created branch {} ({})",
                        named(&branch.git_name, &branch.id),
                        branch.label()
                    ));
                    Ok(())
                }
                Err(error @ Error::OutcomeUnknown { .. }) => {
                    let hint = |_: &str| "A branch carries no secret: nothing was lost with the answer.".to_owned();
                    uncertain::settle_create(context, "branch", (error, &sent), listed(), hint).await
                }
                Err(error) => Err(error.into()),
            }
        }
        BranchesCommand::Promote { id } => {
            guard::writable(context, "promote a branch")?;
            let promoted = match client.promote_branch(&id).await {
                Ok(branch) => branch,
                // The same request however often it is sent: a lost answer is settled by reading the branch.
                Err(error @ Error::OutcomeUnknown { .. }) => {
                    let now = client.branch(&id).await?;
                    if !now.is_default {
                        let name = named(&now.git_name, &id);
                        return Err(Failure::Reported(format!(
                            "{error}; branch {name} is not the default: it is safe to try again"
                        )));
                    }
                    now
                }
                Err(error) => return Err(error.into()),
            };
            if context.json {
                return output::json(&promoted);
            }
            output::note(&format!(
                "branch {} is now its project's default ({}): databases created without a branch go in it",
                named(&promoted.git_name, &promoted.id),
                promoted.label()
            ));
            Ok(())
        }
        BranchesCommand::Delete { id, confirm } => {
            guard::writable(context, "delete a branch")?;
            let branch = client.branch(&id).await?;
            let name = named(&branch.git_name, &id);
            if let Some(why) = branch.undeletable() {
                return Err(Failure::Refused(format!("branch {name} cannot be deleted: {why}")));
            }
            let project = branch.project.as_ref().map(|project| project.id.as_str());
            let members = client.branch_databases(&BranchScope::Id(id.clone()), project).all().await?;
            if !members.is_empty() {
                let names: Vec<String> = members.iter().map(|d| named(&d.name, &d.id)).collect();
                return Err(Failure::Refused(format!(
                    "branch {name} still has {} database(s): {}; delete them first",
                    names.len(),
                    names.join(", ")
                )));
            }
            guard::confirmed(&id, confirm.as_deref(), &format!("this deletes branch {name}"))?;
            match client.delete_branch(&id).await {
                Ok(()) => {}
                Err(error @ Error::OutcomeUnknown { .. }) => {
                    uncertain::settle_delete(error, client.branch(&id)).await?
                }
                Err(error) => return Err(error.into()),
            }
            output::note(&format!("deleted branch {name}"));
            Ok(())
        }
    }
}

fn role(branch: &Branch) -> String {
    match (&branch.role, branch.is_default) {
        (BranchRole::Other(role), _) if role.is_empty() => "-".to_owned(),
        (role, true) => format!("{role} ★"),
        (role, false) => role.to_string(),
    }
}

fn branches_table(branches: &[Branch]) -> Table {
    let mut table = Table::new(&["GIT NAME", "ID", "ROLE", "PROJECT", "CREATED"]);
    for branch in branches {
        table.row(vec![
            output::or_dash(&branch.git_name),
            branch.id.clone(),
            role(branch),
            branch.project.as_ref().map_or_else(|| "-".to_owned(), |project| project.name.clone()),
            ago(&branch.created_at),
        ]);
    }
    table
}
