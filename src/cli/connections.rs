//! `ppg connections list|create|rotate|delete`.
use clap::Subcommand;

use super::context::{Context, Failure};
use super::guard;
use super::output::{self, ago, named};
use super::uncertain;
use crate::api::{Connection, Error};
use crate::format::Table;

#[derive(Debug, Subcommand)]
pub enum ConnectionsCommand {
    /// List the connections of a database.
    List { database: String },
    /// Create a connection and print its strings (shown once by the API).
    Create {
        database: String,
        /// Defaults to ppg-YYYYMMDD-HHMMSS.
        #[arg(long)]
        name: Option<String>,
    },
    /// New credentials for a connection: apps using the old ones must be updated. Needs --confirm ID.
    Rotate {
        id: String,
        #[arg(long, value_name = "ID")]
        confirm: Option<String>,
    },
    /// Delete a connection: apps using it lose access. Needs --confirm ID.
    Delete {
        id: String,
        #[arg(long, value_name = "ID")]
        confirm: Option<String>,
    },
}

pub async fn run(context: &Context, command: ConnectionsCommand) -> Result<(), Failure> {
    let client = &context.client;
    match command {
        ConnectionsCommand::List { database } => {
            let read = client.connections(&database).until_error().await;
            let sort = |connections: &mut Vec<Connection>| {
                connections.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
            };
            output::list(context, read, sort, |connections| {
                let mut table = Table::new(&["NAME", "ID", "KIND", "ENDPOINTS", "CREATED"]);
                for connection in connections {
                    table.row(vec![
                        connection.name.clone(),
                        connection.id.clone(),
                        connection.kind.to_string(),
                        endpoint_names(connection),
                        ago(&connection.created_at),
                    ]);
                }
                table
            })
        }
        ConnectionsCommand::Create { database, name } => {
            guard::writable(context, "create a connection")?;
            let name = name.unwrap_or_else(uncertain::default_name);
            let sent = uncertain::sending(&client.connections(&database).all().await?, &name);
            match client.create_connection(&database, &name).await {
                Ok(connection) => {
                    if context.json {
                        return output::json(&connection);
                    }
                    output::note(&format!("created connection {}", named(&connection.name, &connection.id)));
                    output::minted(std::slice::from_ref(&connection))?;
                    Ok(())
                }
                Err(error @ Error::OutcomeUnknown { .. }) => {
                    let hint = |id: &str| {
                        format!(
                            "Its strings were lost with the answer: rotate it to get new ones: ppg connections rotate {id} --confirm {id}"
                        )
                    };
                    let now = client.connections(&database).all();
                    uncertain::settle_create(context, "connection", (error, &sent), now, hint).await
                }
                Err(error) => Err(error.into()),
            }
        }
        ConnectionsCommand::Rotate { id, confirm } => {
            guard::writable(context, "rotate credentials")?;
            let connection = client.connection(&id).await?;
            let consequence = format!(
                "this replaces the credentials of connection {}: every app using it must be updated",
                named(&connection.name, &id)
            );
            guard::confirmed(&id, confirm.as_deref(), &consequence)?;
            match client.rotate_connection(&id).await {
                Ok(rotated) => {
                    if context.json {
                        return output::json(&rotated);
                    }
                    output::note(&format!("rotated the credentials of {}", named(&rotated.name, &rotated.id)));
                    output::minted(std::slice::from_ref(&rotated))?;
                    Ok(())
                }
                Err(error @ Error::OutcomeUnknown { .. }) => Err(Failure::Reported(format!(
                    "{error}. The old credentials may already be gone; rotate again to get a usable string"
                ))),
                Err(error) => Err(error.into()),
            }
        }
        ConnectionsCommand::Delete { id, confirm } => {
            guard::writable(context, "delete a connection")?;
            let connection = client.connection(&id).await?;
            let consequence =
                format!("this deletes connection {}: apps using it lose access", named(&connection.name, &id));
            guard::confirmed(&id, confirm.as_deref(), &consequence)?;
            match client.delete_connection(&id).await {
                Ok(()) => {}
                Err(error @ Error::OutcomeUnknown { .. }) => {
                    uncertain::settle_delete(error, client.connection(&id)).await?
                }
                Err(error) => return Err(error.into()),
            }
            output::note(&format!("deleted connection {}", named(&connection.name, &id)));
            Ok(())
        }
    }
}

fn endpoint_names(connection: &Connection) -> String {
    connection.endpoints.named().map(|(name, _)| name).collect::<Vec<_>>().join(" ")
}
