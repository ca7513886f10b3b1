//! The left pane: workspace → projects → (branches →) databases → sections, then the service tokens, with
//! marks, counts, states and the selection.
use std::collections::{HashMap, HashSet};

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::View;
use super::common::{clean, left_right, selection};
use crate::api::{Database, Error, Listing, Project};
use crate::app::{App, Loadable, Node, Pane, Row, Section, scroll_window};
use crate::format::display_width;

/// The widest region id shown.
const REGION_WIDTH: usize = 16;

pub fn draw(frame: &mut Frame, area: Rect, view: &View) {
    let (app, theme) = (view.app, view.theme);
    // One column of padding on the right; the left padding column carries the selection mark.
    let area = Rect { width: area.width.saturating_sub(1), ..area };
    let focused = app.browse.focus == Pane::Tree && app.overlay.is_none();
    let visible = scroll_window(view.rows.len(), view.tree_index, app.browse.tree_scroll, usize::from(area.height));
    let lookup = Lookup::new(app, &view.rows[visible.clone()]);
    let width = usize::from(area.width).saturating_sub(1);
    // Regions show on every visible database row or on none, so the dots line up in one column.
    let regions = view.rows[visible.clone()].iter().all(|row| match &row.node {
        Node::Database(id) => lookup.databases.get(id.as_str()).is_none_or(|database| fits(row, database, width)),
        _ => true,
    });
    for (line, index) in visible.enumerate() {
        let row = &view.rows[index];
        let selected = index == view.tree_index;
        let rect = Rect { y: area.y + line as u16, height: 1, ..area };
        let mark = if selected { "›" } else { " " };
        let content = row_line(view, &lookup, row, width, regions);
        let mut spans = vec![Span::styled(mark, theme.key)];
        spans.extend(content.spans);
        let mut line = Line::from(spans);
        if selected {
            if focused {
                for span in &mut line.spans {
                    span.style = Style::default();
                }
            }
            line = line.style(selection(theme, focused));
        }
        frame.render_widget(line, rect);
    }
    if view.rows.len() == 1
        && let Some(filter) = &app.browse.filter
        && filter.pane == Pane::Tree
        && area.height > 1
    {
        let text = format!("  no match for “{}”", clean(filter.text(), usize::from(area.width).saturating_sub(18)));
        frame.render_widget(Line::styled(text, theme.muted), Rect { y: area.y + 1, height: 1, ..area });
    }
}

/// The projects and databases the visible rows name, found in one pass each (never per row: a
/// workspace may hold thousands).
struct Lookup<'a> {
    projects: HashMap<&'a str, &'a Project>,
    databases: HashMap<&'a str, &'a Database>,
}

impl<'a> Lookup<'a> {
    fn new(app: &'a App, rows: &[Row]) -> Lookup<'a> {
        let mut want_projects = HashSet::new();
        let mut want_databases = HashSet::new();
        for row in rows {
            match &row.node {
                Node::Project(id) => {
                    want_projects.insert(id.as_str());
                }
                Node::Database(id) | Node::Section(id, _) => {
                    want_databases.insert(id.as_str());
                }
                Node::Workspace | Node::Branch { .. } | Node::ServiceTokens => {}
            }
        }
        let projects = app
            .data
            .projects
            .value()
            .into_iter()
            .flatten()
            .filter(|project| want_projects.contains(project.id.as_str()))
            .map(|project| (project.id.as_str(), project))
            .collect();
        let databases = if want_databases.is_empty() {
            HashMap::new()
        } else {
            app.data
                .databases
                .values()
                .filter_map(Loadable::value)
                .flatten()
                .filter(|database| want_databases.contains(database.id.as_str()))
                .map(|database| (database.id.as_str(), database))
                .collect()
        };
        Lookup { projects, databases }
    }
}

/// Whether a database row fits whole with its region: `▸ name ★  ● region`.
fn fits(row: &Row, database: &Database, width: usize) -> bool {
    let star = if database.is_default { 2 } else { 0 };
    let region = database.region.as_ref().map_or(0, |region| display_width(&clean(&region.id, REGION_WIDTH)) + 1);
    2 * usize::from(row.depth) + 2 + display_width(&clean(&database.name, width)) + star + 2 + region <= width
}

/// One row without the selection mark, fitted to `width` columns.
fn row_line<'a>(view: &View<'a>, lookup: &Lookup<'a>, row: &Row, width: usize, regions: bool) -> Line<'a> {
    let (app, theme) = (view.app, view.theme);
    let indent = "  ".repeat(usize::from(row.depth));
    let expand = |node: &Node| if app.browse.expanded.contains(node) { "▾ " } else { "▸ " };
    let mut left = vec![Span::raw(indent)];
    let mut right = Vec::new();
    match &row.node {
        Node::Workspace => {
            left.push(Span::styled(expand(&row.node), theme.muted));
            match app.workspace_name() {
                Some(name) => {
                    left.push(Span::styled(clean(name, width), theme.title));
                    left.push(Span::styled(" (workspace)", theme.muted));
                }
                None => left.push(Span::styled("workspace", theme.title)),
            }
            right = state(view, &app.data.projects);
        }
        Node::Project(id) => {
            left.push(Span::styled(expand(&row.node), theme.muted));
            let name = lookup.projects.get(id.as_str()).map_or(id.as_str(), |project| project.name.as_str());
            left.push(Span::raw(clean(name, width)));
            right = app.data.databases.get(id).map(|databases| state(view, databases)).unwrap_or_default();
            if right.is_empty()
                && let Some(branches) = app.data.branches.get(id)
            {
                right = state(view, branches);
            }
        }
        Node::Branch { project, branch } => {
            left.push(Span::styled(expand(&row.node), theme.muted));
            let count = app.data.count_in(project, branch.as_deref());
            let count = format!(" ({count})");
            let mut label = app.data.branch_label(branch.as_deref());
            // Where the whole label does not fit, a branch is known by its git name: the role goes first.
            let room = width.saturating_sub(2 * usize::from(row.depth) + 2 + count.len());
            if display_width(&label) > room
                && let Some(found) = branch.as_deref().and_then(|id| app.data.branch(id))
                && !label.starts_with("★ ")
            {
                label = found.name().to_owned();
            }
            match label.strip_prefix("★ ") {
                Some(rest) => {
                    left.push(Span::styled("★ ", theme.accent));
                    left.push(Span::raw(clean(rest, width)));
                }
                None if branch.is_none() => left.push(Span::styled(label, theme.muted)),
                None => left.push(Span::raw(clean(&label, width))),
            }
            left.push(Span::styled(count, theme.muted));
        }
        Node::Database(id) => {
            left.push(Span::styled(expand(&row.node), theme.muted));
            let database = lookup.databases.get(id.as_str());
            let name = database.map_or(id.as_str(), |database| database.name.as_str());
            left.push(Span::raw(clean(name, width)));
            if let Some(database) = database {
                if database.is_default {
                    left.push(Span::styled(" ★", theme.accent));
                }
                let (dot, style) = theme.status(&database.status);
                right.push(Span::styled(dot, style));
                if regions && let Some(region) = &database.region {
                    right.push(Span::styled(format!(" {}", clean(&region.id, REGION_WIDTH)), theme.muted));
                }
            }
        }
        Node::Section(database, section) => {
            left.push(Span::raw("  "));
            left.push(Span::raw(section.title()));
            let (count, loadable_state) = section_state(view, lookup, database, *section);
            if let Some(count) = count {
                left.push(Span::styled(format!(" ({count})"), theme.muted));
            }
            right = loadable_state;
        }
        Node::ServiceTokens => {
            left.push(Span::raw("  "));
            left.push(Span::raw(crate::app::SERVICE_TOKENS));
            let tokens = &app.data.service_tokens;
            if let Some(list) = tokens.value() {
                left.push(Span::styled(format!(" ({})", list.total()), theme.muted));
            }
            right = state(view, tokens);
        }
    }
    // A mark that would cut the name loses its last parts first (`R retry`, then the region).
    let span_width = |spans: &[Span]| spans.iter().map(|span| display_width(&span.content)).sum::<usize>();
    while right.len() > 1 && span_width(&left) + 1 + span_width(&right) > width {
        right.pop();
        if right.last().is_some_and(|span| span.content.trim().is_empty()) {
            right.pop();
        }
    }
    left_right(left, right, width)
}

/// The count shown beside a section once known, and its loading or error mark.
fn section_state<'a>(
    view: &View<'a>,
    lookup: &Lookup<'a>,
    database: &str,
    section: Section,
) -> (Option<String>, Vec<Span<'a>>) {
    let data = &view.app.data;
    match section {
        Section::Connections => {
            let loaded = data.connections.get(database);
            // The database record lists its connections too; after a failed load it is not trusted.
            let count = match loaded {
                Some(Loadable::Failed(_)) => None,
                Some(loaded) if loaded.value().is_some() => loaded.value().map(Listing::total),
                _ => lookup.databases.get(database).map(|database| database.connections.len()),
            };
            (count.map(|count| count.to_string()), loaded.map(|loaded| state(view, loaded)).unwrap_or_default())
        }
        Section::Backups => match data.backups.get(database) {
            Some(backups) if crate::app::keeps_no_backups(backups) => (Some("none".to_owned()), Vec::new()),
            Some(loaded) => {
                let count = loaded.value().map(|list| {
                    let more = if list.pagination.has_more { "+" } else { "" };
                    format!("{}{more}", list.data.total())
                });
                (count, state(view, loaded))
            }
            None => (None, Vec::new()),
        },
        Section::Usage => {
            let Some(usage) = data.usage.get(database) else { return (None, Vec::new()) };
            let months = [&usage.this_month, &usage.last_month];
            let loading =
                months.iter().any(|month| month.is_loading()) || usage.days.values().any(Loadable::is_loading);
            let failed = months.iter().find_map(|month| month.error());
            let mark = match failed {
                Some(error) => failure(view, error),
                None if loading => vec![Span::styled("…", view.theme.warn)],
                None => Vec::new(),
            };
            (None, mark)
        }
    }
}

/// `…` while loading, `⚠ 404  R retry` after a failure, nothing otherwise.
fn state<'a, T>(view: &View<'a>, loadable: &Loadable<T>) -> Vec<Span<'a>> {
    match loadable {
        Loadable::Loading { .. } => vec![Span::styled("…", view.theme.warn)],
        Loadable::Failed(error) => failure(view, error),
        _ => Vec::new(),
    }
}

fn failure<'a>(view: &View<'a>, error: &Error) -> Vec<Span<'a>> {
    let theme = view.theme;
    let what = match error.status() {
        Some(status) => status.to_string(),
        None => "error".to_owned(),
    };
    let key = view.app.session.keymap.hint(crate::app::Action::Refresh).unwrap_or_default();
    let mut spans = vec![Span::styled(format!("⚠ {what}"), theme.bad)];
    if !key.is_empty() {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(clean(&key, 8), theme.key));
        spans.push(Span::styled(" retry", theme.muted));
    }
    spans
}
