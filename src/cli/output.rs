//! How commands print: tables or the API's JSON on stdout, minted strings on stdout, the rest on stderr.
use chrono::Utc;
use serde::Serialize;

use super::context::{Context, Failure};
use crate::api::{Connection, ConnectionKind, Database, Error, Listing, Timestamp};
use crate::format::{Table, json_for_terminal, sanitize};

/// Prints the API's objects as one pretty JSON document, with every character that could act on a
/// terminal written as a `\uXXXX` escape.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|error| Failure::Reported(error.to_string()))?;
    println!("{}", json_for_terminal(&text));
    Ok(())
}

/// Prints a list read up to its end or its first failure: the JSON array (unreadable items as sent) or
/// the table made by `table` with a row per unreadable item; the reason of each unreadable item on
/// stderr; then the failure, if the list was cut short.
pub fn list<T: Serialize>(
    context: &Context,
    (mut listing, cut_short): (Listing<T>, Option<Error>),
    sort: impl FnOnce(&mut Vec<T>),
    table: impl FnOnce(&[T]) -> Table,
) -> Result<(), Failure> {
    for item in &listing.unreadable {
        note(&format!("ppg: {}: {}", item.label(), item.reason_in("data")));
    }
    if context.json {
        json(&listing)?;
    } else {
        sort(&mut listing.items);
        let mut table = table(&listing.items);
        for item in &listing.unreadable {
            table.row(vec![item.label()]);
        }
        self::table(&table);
    }
    match cut_short {
        Some(error) => Err(error.into()),
        None => Ok(()),
    }
}

pub fn table(table: &Table) {
    print!("{}", table.render());
}

/// Progress, confirmations and hints: stderr, so stdout stays clean for scripts.
pub fn note(message: &str) {
    eprintln!("{}", sanitize(message));
}

pub fn ago(at: &Timestamp) -> String {
    at.relative(Utc::now())
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
