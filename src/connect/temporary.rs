//! A temporary connection: created through the API when ppg holds no secret for a database, used for one
//! ping or one psql session, then deleted; when the delete fails, the error names the connection to delete.
use chrono::Utc;

use super::target::Target;
use crate::api::{self, Client, Connection, Error};

/// Which of a connection's strings to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Endpoint {
    /// The database itself: sessions keep their state (what psql wants).
    #[default]
    Direct,
    /// Through the connection pooler.
    Pooled,
}

impl Endpoint {
    pub fn name(self) -> &'static str {
        match self {
            Endpoint::Direct => "direct",
            Endpoint::Pooled => "pooled",
        }
    }
}

/// `ppg-temp-YYYYMMDD-HHMMSS-xxxx`: the random tail keeps two runs in the same second apart.
pub fn name() -> String {
    let plain = crate::verdict::default_name(Utc::now());
    format!("ppg-temp-{}", plain.strip_prefix("ppg-").unwrap_or(&plain))
}

/// Why no temporary connection could be had.
#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    /// The API refused or failed; nothing was created.
    #[error(transparent)]
    Api(#[from] Error),
    /// The answer was lost; the message says what was found and done about it.
    #[error("{0}")]
    Lost(String),
}

/// A temporary connection that must not outlive its use: call [`Temporary::delete`] on every way out.
#[derive(Debug)]
pub struct Temporary {
    client: Client,
    connection: Connection,
    deleted: bool,
}

/// A temporary connection that could not be deleted; its `Display` says how to delete it by hand.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the temporary connection {name} ({id}) could not be deleted: {reason}; delete it with: ppg connections delete {id} --confirm {id}"
)]
pub struct Leftover {
    pub id: String,
    pub name: String,
    pub reason: String,
}

impl Temporary {
    /// Creates a connection named `name` (made by [`name`]) on `database`. When the answer is lost, it
    /// looks for the connection by that name and deletes it (its strings went with the answer), and says so.
    pub async fn create(client: &Client, database: &str, name: &str) -> Result<Self, CreateError> {
        match client.create_connection(database, name).await {
            Ok(connection) => Ok(Self { client: client.clone(), connection, deleted: false }),
            Err(error @ Error::OutcomeUnknown { .. }) => {
                let lost = format!("creating the temporary connection {name}: {error}");
                Err(CreateError::Lost(match remove_named(client, database, name).await {
                    Ok(0) => format!("{lost}; it was not created: try again"),
                    Ok(_) => {
                        format!("{lost}; it was created, and deleted again since its strings were lost: try again")
                    }
                    Err(left) => format!("{lost}; {left}"),
                }))
            }
            Err(error) => Err(CreateError::Api(error)),
        }
    }

    pub fn id(&self) -> &str {
        &self.connection.id
    }

    pub fn name(&self) -> &str {
        &self.connection.name
    }

    /// The connection as the API answered its creation (with the minted strings).
    pub fn connection(&self) -> &Connection {
        &self.connection
    }

    /// The minted string of `endpoint`, else of the other one; and which was used.
    pub fn target(&self, endpoint: Endpoint) -> Result<(Target, Endpoint), String> {
        let endpoints = &self.connection.endpoints;
        let minted = |endpoint: Endpoint| {
            let found = match endpoint {
                Endpoint::Direct => endpoints.direct.as_ref(),
                Endpoint::Pooled => endpoints.pooled.as_ref(),
            };
            found.and_then(|found| found.connection_string.as_deref()).map(|string| (string, endpoint))
        };
        let other = match endpoint {
            Endpoint::Direct => Endpoint::Pooled,
            Endpoint::Pooled => Endpoint::Direct,
        };
        let (string, used) = minted(endpoint).or_else(|| minted(other)).ok_or_else(|| {
            format!("the API minted no direct or pooled string for the temporary connection {}", self.id())
        })?;
        let target = Target::parse(string)
            .map_err(|error| format!("the API's {} string cannot be used: {error}", used.name()))?;
        Ok((target, used))
    }

    /// Deletes the connection. A lost answer is settled by looking (gone is done; still there is tried
    /// again, up to three times in all); an error names the connection to delete by hand.
    pub async fn delete(mut self) -> Result<(), Leftover> {
        self.deleted = true;
        let id = self.connection.id.clone();
        let mut reason = String::new();
        for _ in 0..3 {
            match self.client.delete_connection(&id).await {
                Ok(()) => return Ok(()),
                Err(error) if error.is_not_found() => return Ok(()),
                Err(error @ Error::OutcomeUnknown { .. }) => match self.client.connection(&id).await {
                    Err(gone) if gone.is_not_found() => return Ok(()),
                    _ => reason = error.to_string(),
                },
                Err(error) => {
                    reason = error.to_string();
                    break;
                }
            }
        }
        Err(Leftover { id, name: self.connection.name.clone(), reason })
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if !self.deleted {
            tracing::warn!(id = %self.connection.id, "a temporary connection was dropped without being deleted");
        }
    }
}

/// Deletes the connections of `database` named `name` (a name from [`name`] is this run's alone: it ends in
/// a random tail), for a create whose answer was lost or that was cut short. Answers how many were deleted,
/// or what is left and how to delete it.
pub async fn remove_named(client: &Client, database: &str, name: &str) -> Result<usize, String> {
    let now = client.connections(database).all().await.map_err(|error| {
        format!("looking for it failed ({error}): look for {name} in `ppg connections list {database}` and delete it")
    })?;
    let made: Vec<&api::Connection> = now.iter().filter(|connection| connection.name == name).collect();
    let mut left = Vec::new();
    for connection in &made {
        let temporary = Temporary { client: client.clone(), connection: (*connection).clone(), deleted: false };
        if let Err(leftover) = temporary.delete().await {
            left.push(leftover.to_string());
        }
    }
    match left.is_empty() {
        true => Ok(made.len()),
        false => Err(left.join("; ")),
    }
}
