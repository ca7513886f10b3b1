//! How commands print: tables or the API's JSON on stdout, minted strings on stdout, the rest on stderr.
//!
//! Every write to stdout goes through [`out`], which turns a closed pipe (`ppg projects list | head -1`)
//! into [`Failure::Quiet`] with [`exit::BROKEN_PIPE`]: the command stops without a word, as `ls | head` does.
use std::io::{ErrorKind, Write};

use chrono::Utc;
use serde::Serialize;

use super::context::{Context, Failure};
use super::exit;
use crate::api::{Connection, ConnectionKind, Database, Error, Listing, Timestamp};
use crate::format::{Table, json_for_terminal, sanitize};

/// Prints the API's objects as one pretty JSON document, with every character that could act on a
/// terminal written as a `\uXXXX` escape.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|error| Failure::Reported(error.to_string()))?;
    out(&format!("{}\n", json_for_terminal(&text)))
}

/// Writes `text` to stdout and flushes it. A closed pipe ends the command quietly
/// ([`Failure::Quiet`] with [`exit::BROKEN_PIPE`]); any other write error is reported.
pub fn out(text: &str) -> Result<(), Failure> {
    write_to(&mut std::io::stdout().lock(), text.as_bytes())
}

/// Writes `bytes` to `sink` and flushes it, with the failures of [`out`].
pub fn write_to(sink: &mut impl Write, bytes: &[u8]) -> Result<(), Failure> {
    match sink.write_all(bytes).and_then(|()| sink.flush()) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == ErrorKind::BrokenPipe => Err(Failure::Quiet(exit::BROKEN_PIPE)),
        Err(error) => Err(Failure::Reported(format!("cannot write to stdout: {error}"))),
    }
}

/// Prints a list read up to its end or its first failure: the JSON array (unreadable items as sent) or
/// the table made by `table` with a row per unreadable item; the reason of each unreadable item on
/// stderr; then the failure, if the list was cut short. A list that failed before any item prints nothing
/// on stdout: a script must not take the failure for an empty list.
pub fn list<T: Serialize>(
    context: &Context,
    (mut listing, cut_short): (Listing<T>, Option<Error>),
    sort: impl FnOnce(&mut Vec<T>),
    table: impl FnOnce(&[T]) -> Table,
) -> Result<(), Failure> {
    if let Some(error) = cut_short.as_ref().filter(|_| listing.items.is_empty() && listing.unreadable.is_empty()) {
        return Err(error.clone().into());
    }
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
        self::table(&table)?;
    }
    match cut_short {
        Some(error) => Err(error.into()),
        None => Ok(()),
    }
}

pub fn table(table: &Table) -> Result<(), Failure> {
    out(&table.render())
}

/// Progress, confirmations and hints: stderr, so stdout stays clean for scripts. A stderr that cannot be
/// written to (closed, or a terminal gone) loses the note rather than stopping the command.
pub fn note(message: &str) {
    let _ = writeln!(std::io::stderr(), "{}", sanitize(message));
}

/// A table cell's text, or `-` when the API sent it blank.
pub fn or_dash(text: &str) -> String {
    if text.trim().is_empty() { "-".to_owned() } else { text.to_owned() }
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

/// Prints the minted strings of `connections` to stdout and a warning that they are shown once. When stdout
/// is closed before they are all written, stderr says so (they cannot be asked for again) and the command
/// ends as on any closed pipe.
pub fn minted(connections: &[Connection]) -> Result<(), Failure> {
    let several = connections.len() > 1;
    let mut text = String::new();
    for connection in connections {
        let lines = env_lines(connection);
        if lines.is_empty() {
            continue;
        }
        if several {
            text.push_str(&format!("# {}\n", named(&connection.name, &connection.id)));
        }
        for line in lines {
            text.push_str(&sanitize(&line));
            text.push('\n');
        }
    }
    if text.is_empty() {
        return Ok(());
    }
    if let Err(failure) = out(&text) {
        note(
            "ppg: the new connection strings could not all be written to stdout; rotate the connection to get new ones.",
        );
        return Err(failure);
    }
    note("The API shows these connection strings only once: keep them now (for example `> .env`).");
    Ok(())
}
