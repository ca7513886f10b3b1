//! `whoami`, `workspaces list`, `regions list`.
use clap::Subcommand;

use super::context::{Context, Failure};
use super::output::{self, ago};
use crate::format::Table;

#[derive(Debug, Subcommand)]
pub enum ListOnly {
    /// List them.
    List,
}

pub async fn whoami(context: &Context) -> Result<(), Failure> {
    let me = context.client.me().await?;
    if context.json {
        return output::json(&me);
    }
    let mut table = Table::new(&["WHAT", "WHO"]);
    if let Some(user) = &me.user {
        let name = user.name.as_deref().unwrap_or("-");
        table.row(vec!["user".into(), format!("{name} <{}> ({})", user.email, user.id)]);
    }
    if let Some(workspace) = &me.workspace {
        table.row(vec!["workspace".into(), format!("{} ({})", workspace.name, workspace.id)]);
    }
    let credential = &me.credential;
    let label = credential.name.as_deref().or(credential.id.as_deref()).unwrap_or("-");
    table.row(vec!["credential".into(), format!("{} {label}", credential.kind)]);
    output::table(&table)?;
    Ok(())
}

pub async fn workspaces(context: &Context) -> Result<(), Failure> {
    let read = context.client.workspaces().until_error().await;
    output::list(
        context,
        read,
        |workspaces| workspaces.sort_by(|a, b| a.name.cmp(&b.name)),
        |workspaces| {
            let mut table = Table::new(&["NAME", "ID", "CREATED"]);
            for workspace in workspaces {
                table.row(vec![workspace.name.clone(), workspace.id.clone(), ago(&workspace.created_at)]);
            }
            table
        },
    )
}

pub async fn regions(context: &Context) -> Result<(), Failure> {
    let regions = context.client.postgres_regions().await?;
    output::list(
        context,
        (regions, None),
        |_| {},
        |regions| {
            let mut table = Table::new(&["ID", "NAME", "STATUS"]);
            for region in regions {
                let status = region.status.as_ref().map_or_else(|| "-".into(), ToString::to_string);
                table.row(vec![region.id.clone(), region.name.clone(), status]);
            }
            table
        },
    )
}
