//! A database's Connections and Backups panes.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::View;
use super::checks;
use super::common::{clean, safe};
use super::pane::{NAME_WIDTH, below, count, list_state, paragraph, rows_table, section_title};
use super::table::Column;
use crate::api::lenient::mebibytes;
use crate::api::{Connection, Listing};
use crate::app::{DetailRow, Loadable};

pub fn connections(frame: &mut Frame, area: Rect, view: &View, id: &str) {
    let (app, theme) = (view.app, view.theme);
    let database = app.data.database(id);
    let loadable = app.data.connections.get(id);
    let rows = &view.detail;
    let total = loadable.and_then(Loadable::value).map_or(0, Listing::total);
    let counted =
        if loadable.and_then(Loadable::value).is_some() { count(rows.len(), total, loadable) } else { String::new() };
    section_title(frame, area, view, "Connections", database, counted, None);
    let (rest, under) = checks::split(app, id, below(area, 0));
    checks::draw(frame, under, view, id);
    let what = format!("the connections of {}", database.map_or(id, |database| database.name.as_str()));
    if list_state(frame, rest, view, loadable, &what, "No connections yet.", rows.len()) {
        return;
    }
    let columns = [
        Column::flex("NAME", 8, 14, NAME_WIDTH),
        Column::fixed("KIND", 12, 3),
        Column::fixed("CREATED", 16, 2),
        Column::fixed("ENDPOINTS", 26, 1),
        Column::fixed("SECRET", 10, 0).hide_empty(),
    ];
    rows_table(frame, rest, view, &columns, |row| {
        let DetailRow::Connection(connection) = row else { return Vec::new() };
        let secret = if app.session.secrets.contains_key(&connection.id) {
            Span::styled("in memory", theme.accent)
        } else {
            Span::raw("")
        };
        vec![
            Span::raw(clean(&connection.name, NAME_WIDTH)),
            Span::styled(clean(connection.kind.as_str(), 12), theme.muted),
            Span::styled(connection.created_at.relative(app.now), theme.muted),
            Span::raw(endpoints(connection)),
            secret,
        ]
    });
}

/// `direct pooled accelerate`: the ways in a connection has.
pub fn endpoints(connection: &Connection) -> String {
    let endpoints = &connection.endpoints;
    let names: Vec<&str> = [
        ("direct", endpoints.direct.is_some()),
        ("pooled", endpoints.pooled.is_some()),
        ("accelerate", endpoints.accelerate.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, present)| present.then_some(name))
    .collect();
    if names.is_empty() { "—".to_owned() } else { names.join(" ") }
}

pub fn backups(frame: &mut Frame, area: Rect, view: &View, id: &str) {
    let (app, theme) = (view.app, view.theme);
    let database = app.data.database(id);
    let loadable = app.data.backups.get(id);
    let rows = &view.detail;
    let list = loadable.and_then(Loadable::value);
    let counted = list.map(|list| count(rows.len(), list.data.total(), loadable)).unwrap_or_default();
    let retention = list.map(|list| {
        vec![
            Span::styled("retention: ", theme.muted),
            Span::raw(
                list.meta
                    .backup_retention_days
                    .as_ref()
                    .map_or_else(|| "unknown".to_owned(), |days| format!("{days} days")),
            ),
        ]
    });
    section_title(frame, area, view, "Backups", database, counted, retention);
    let rest = below(area, 0);
    if let Some(backups @ Loadable::Failed(error)) = loadable
        && crate::app::keeps_no_backups(backups)
    {
        let mut lines = vec![
            Line::styled("This is a remote database: Prisma Postgres keeps no backups for it.", theme.title),
            Line::raw(""),
        ];
        if let crate::api::Error::Status { message, .. } = error {
            lines.push(Line::styled(format!("The API says: {}", safe(message)), theme.muted));
        }
        paragraph(frame, rest, lines);
        return;
    }
    let what = format!("the backups of {}", database.map_or(id, |database| database.name.as_str()));
    let empty = "No backups yet: Prisma Postgres takes one every day.";
    if list_state(frame, rest, view, loadable, &what, empty, rows.len()) {
        return;
    }
    let columns = [
        Column::fixed("TIME", 12, 0),
        Column::fixed("AGE", 14, 3),
        Column::fixed("TYPE", 12, 2),
        Column::fixed("SIZE", 10, 1).right(),
        Column::fixed("STATUS", 12, 0),
    ];
    rows_table(frame, rest, view, &columns, |row| {
        let DetailRow::Backup(backup) = row else { return Vec::new() };
        vec![
            Span::raw(backup.created_at.format("%b %d %H:%M")),
            Span::styled(backup.created_at.relative(app.now), theme.muted),
            Span::raw(clean(backup.backup_type.as_str(), 12)),
            Span::raw(backup.size.as_ref().map_or_else(|| "—".to_owned(), mebibytes)),
            Span::styled(clean(backup.status.as_str(), 12), theme.backup_status(&backup.status)),
        ]
    });
}
