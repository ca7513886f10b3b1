//! How commands print: tables or the API's JSON on stdout, minted strings on stdout, the rest on stderr.
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::context::Failure;
use crate::api::{Connection, ConnectionKind, Database};
use crate::format::{Table, relative_time, sanitize};

/// Prints the API's objects as one pretty JSON document.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|error| Failure::Reported(error.to_string()))?;
    println!("{text}");
    Ok(())
}

pub fn table(table: &Table) {
    print!("{}", table.render());
}

/// Progress, confirmations and hints: stderr, so stdout stays clean for scripts.
pub fn note(message: &str) {
    eprintln!("{}", sanitize(message));
}

pub fn ago(at: DateTime<Utc>) -> String {
    relative_time(at, Utc::now())
}

/// `Name (id)`, escaped, for messages.
pub fn named(name: &str, id: &str) -> String {
    format!("{} ({})", sanitize(name), sanitize(id))
}

pub fn database_status(database: &Database) -> String {
    database.status.to_string()
}

pub fn region_name(database: &Database) -> String {
    database.region.as_ref().map_or_else(|| "-".to_owned(), |region| region.id.clone())
}

/// The `.env` lines for a freshly minted connection (empty when nothing was minted); an Accelerate
/// connection that answered without a key says so.
pub fn env_lines(connection: &Connection) -> Vec<String> {
    let lines = connection.env_lines();
    if lines.is_empty() && connection.kind == ConnectionKind::Accelerate {
        return vec!["# this Accelerate connection answered without a key".to_owned()];
    }
    lines
}

/// Prints the minted strings of `connections` to stdout and a warning that they are shown once.
pub fn minted(connections: &[Connection]) {
    let several = connections.len() > 1;
    let mut printed = false;
    for connection in connections {
        let lines = env_lines(connection);
        if lines.is_empty() {
            continue;
        }
        if several {
            println!("# {}", named(&connection.name, &connection.id));
        }
        for line in lines {
            println!("{}", sanitize(&line));
        }
        printed = true;
    }
    if printed {
        note("The API shows these connection strings only once: keep them now (for example `> .env`).");
    }
}
