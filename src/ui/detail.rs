//! The right pane for the selected node: a workspace or project with its children, a database described
//! field by field; sections are drawn by `sections` and `usage`.
use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};

use super::View;
use super::checks;
use super::common::{clean, when};
use super::pane::{NAME_WIDTH, below, lines, list_state, paragraph, rows_table, status_note, tally, title};
use super::sections;
use super::table::Column;
use super::usage;
use crate::api::{Database, DatabaseSource, Listing};
use crate::app::{Action, App, DetailRow, Loadable, Node, Section};

/// Field names are padded to this many columns.
const LABEL_WIDTH: usize = 12;

pub fn draw(frame: &mut Frame, area: Rect, view: &View) {
    let area = area.inner(Margin::new(1, 0));
    if area.height == 0 || area.width == 0 {
        return;
    }
    match &view.node {
        Node::Workspace => workspace(frame, area, view),
        Node::Project(id) => project(frame, area, view, id),
        Node::Branch { project, branch } => self::branch(frame, area, view, project, branch.as_deref()),
        Node::Database(id) => database(frame, area, view, id),
        Node::Section(id, Section::Connections) => sections::connections(frame, area, view, id),
        Node::Section(id, Section::Backups) => sections::backups(frame, area, view, id),
        Node::Section(id, Section::Usage) => usage::draw(frame, area, view, id),
        Node::ServiceTokens => super::tokens::draw(frame, area, view),
    }
}

/// How many rows of `node`'s table show in the pane `area` (as `draw` lays it out), for scrolling.
pub fn table_height(app: &App, node: &Node, area: Rect) -> usize {
    let area = area.inner(Margin::new(1, 0));
    let data = &app.data;
    let fields = match node {
        Node::Workspace => {
            let opened = data.databases.values().any(|databases| databases.value().is_some());
            3 + usize::from(opened) + usize::from(data.me.value().and_then(|me| me.user.as_ref()).is_some())
        }
        Node::Project(_) => 6,
        Node::Branch { branch, .. } => branch_fields(branch.as_deref()),
        _ => 0,
    };
    let used =
        if fields == 0 || area.height < COMPACT_HEIGHT { 0 } else { fields.min(usize::from(area.height - 1)) + 1 };
    let mut rest = below(area, used);
    if let Node::Section(database, Section::Connections) = node {
        rest = checks::split(app, database, rest).0;
    }
    // Less the title's line (in `below`) and the table's header.
    usize::from(rest.height).saturating_sub(1)
}

/// `Label        value` lines.
pub fn field<'a>(view: &View, label: &str, value: Vec<Span<'a>>) -> Line<'a> {
    let mut spans = vec![Span::styled(format!("{label:<LABEL_WIDTH$}"), view.theme.heading)];
    spans.extend(value);
    Line::from(spans)
}

/// Below this height a workspace's or project's pane shows its table without the fields above it.
const COMPACT_HEIGHT: u16 = 12;

/// The fields under a title, unless the pane is too short to show them and a table; the rows used.
fn fields(frame: &mut Frame, area: Rect, lines: Vec<Line>) -> usize {
    if area.height < COMPACT_HEIGHT {
        return 0;
    }
    self::lines(frame, Rect { y: area.y + 1, height: area.height - 1, ..area }, lines) + 1
}

fn workspace(frame: &mut Frame, area: Rect, view: &View) {
    let (app, theme) = (view.app, view.theme);
    let data = &app.data;
    let name = app.workspace_name().map_or_else(|| "…".to_owned(), |name| clean(name, NAME_WIDTH));
    let projects = data.projects.value().map_or(0, Listing::total);
    let known = data.projects.value().is_some();
    let rows = &view.detail;
    let note =
        if known { format!("{} projects", tally(rows.len(), projects, Some(&data.projects))) } else { String::new() };
    title(
        frame,
        area,
        vec![Span::styled("Workspace ", theme.muted), Span::styled(name, theme.title)],
        vec![Span::styled(note, theme.muted)],
    );
    let id = data.me.value().and_then(|me| me.workspace.as_ref()).map_or("…", |workspace| workspace.id.as_str());
    let opened = data.databases.values().filter(|databases| databases.value().is_some()).count();
    let databases: usize = data.databases.values().filter_map(Loadable::value).map(Listing::total).sum();
    let mut lines = vec![
        Line::raw(""),
        field(view, "ID", vec![Span::raw(clean(id, 60))]),
        field(view, "Projects", vec![Span::raw(if known { projects.to_string() } else { "…".to_owned() })]),
    ];
    if opened > 0 {
        let note = if opened == projects { String::new() } else { format!("  in the {opened} projects opened so far") };
        lines.push(field(view, "Databases", vec![Span::raw(databases.to_string()), Span::styled(note, theme.muted)]));
    }
    if let Some(user) = data.me.value().and_then(|me| me.user.as_ref()) {
        lines.push(field(view, "User", vec![Span::raw(clean(&user.email, 60))]));
    }
    let used = fields(frame, area, lines);
    let rest = below(area, used);
    if list_state(
        frame,
        rest,
        view,
        Some(&data.projects),
        "projects",
        "This workspace has no projects yet.",
        rows.len(),
    ) {
        return;
    }
    let columns =
        [Column::flex("NAME", 8, 16, NAME_WIDTH), Column::fixed("REGION", 16, 1), Column::fixed("CREATED", 16, 2)];
    rows_table(frame, rest, view, &columns, |row| {
        let DetailRow::Project(project) = row else { return Vec::new() };
        vec![
            Span::raw(clean(&project.name, NAME_WIDTH)),
            Span::styled(clean(project.default_region.as_deref().unwrap_or("—"), 16), theme.muted),
            Span::styled(project.created_at.relative(app.now), theme.muted),
        ]
    });
}

fn project(frame: &mut Frame, area: Rect, view: &View, id: &str) {
    let (app, theme) = (view.app, view.theme);
    let Some(project) = app.data.project(id) else {
        paragraph(frame, area, vec![Line::styled("This project is not in the list any more.", theme.muted)]);
        return;
    };
    let loadable = app.data.databases.get(id);
    let total = loadable.and_then(Loadable::value).map_or(0, Listing::total);
    let rows = &view.detail;
    title(
        frame,
        area,
        vec![Span::styled("Project ", theme.muted), Span::styled(clean(&project.name, NAME_WIDTH), theme.title)],
        vec![Span::styled(
            format!("{} {}", tally(rows.len(), total, loadable), if total == 1 { "database" } else { "databases" }),
            theme.muted,
        )],
    );
    let lines = vec![
        Line::raw(""),
        field(view, "ID", vec![Span::raw(clean(&project.id, 60))]),
        field(view, "Region", vec![Span::raw(clean(project.default_region.as_deref().unwrap_or("—"), 30))]),
        field(view, "Created", vec![Span::raw(when(&project.created_at, app.now))]),
        field(view, "Workspace", vec![Span::raw(clean(&project.workspace.name, NAME_WIDTH))]),
        field(view, "This month", usage::project_summary(view, id)),
    ];
    let used = fields(frame, area, lines);
    let branches = !app.data.branches_of(id).is_empty();
    databases_table(frame, below(area, used), view, loadable, "This project has no databases.", branches);
}

/// The databases of a project or a branch, ranked by this month's usage; with `branches`, each one's branch
/// (by git name) after its name.
fn databases_table(
    frame: &mut Frame,
    rest: Rect,
    view: &View,
    loadable: Option<&Loadable<Listing<Database>>>,
    empty: &str,
    branches: bool,
) {
    let (app, theme) = (view.app, view.theme);
    if list_state(frame, rest, view, loadable, "databases", empty, view.detail.len()) {
        return;
    }
    let mut columns = vec![
        Column::flex("NAME", 8, 14, NAME_WIDTH),
        Column::fixed("STATUS", 16, 0),
        Column::fixed("REGION", 16, 2),
        Column::fixed("DEFAULT", 7, 5),
        Column::fixed("CONNECTIONS", 11, 3).right(),
        Column::fixed("CREATED", 16, 4),
        // The ranking's figure: the rows are in its order, so it is the last to go.
        Column::fixed("THIS MONTH", 13, 1).right(),
    ];
    if branches {
        columns.insert(1, Column::fixed("BRANCH", BRANCH_WIDTH, 2));
    }
    rows_table(frame, rest, view, &columns, |row| {
        let DetailRow::Database(database) = row else { return Vec::new() };
        let (dot, style) = theme.status(&database.status);
        let mut cells = vec![
            Span::raw(clean(&database.name, NAME_WIDTH)),
            Span::styled(format!("{dot} {}", clean(database.status.as_str(), 12)), style),
            Span::styled(clean(database.region.as_ref().map_or("—", |region| region.id.as_str()), 16), theme.muted),
            if database.is_default { Span::styled("★ yes", theme.accent) } else { Span::raw("") },
            Span::raw(connection_count(view, database).to_string()),
            Span::styled(database.created_at.relative(app.now), theme.muted),
            usage::this_month_cell(view, &database.id),
        ];
        if branches {
            let branch = database.branch_id.as_deref().and_then(|id| app.data.branch(id));
            let cell = match branch {
                Some(branch) => Span::raw(clean(branch.name(), BRANCH_WIDTH)),
                None => Span::styled(crate::app::UNASSIGNED, theme.muted),
            };
            cells.insert(1, cell);
        }
        cells
    });
}

/// The widest git name the project's databases table shows.
const BRANCH_WIDTH: usize = 18;

/// The lines of fields above a branch's table (`branch_fields` counts them for `table_height`).
fn branch_lines<'a>(view: &View, project: &str, branch: Option<&crate::api::Branch>) -> Vec<Line<'a>> {
    let app = view.app;
    let project_name = app.data.project(project).map_or(project, |project| project.name.as_str());
    let Some(branch) = branch else {
        let text = format!("The databases of {} outside any branch.", clean(project_name, NAME_WIDTH));
        return vec![Line::raw(""), Line::styled(text, view.theme.muted)];
    };
    let role = match branch.role.as_str() {
        "" => "—".to_owned(),
        role => clean(role, 20),
    };
    vec![
        Line::raw(""),
        field(view, "ID", vec![Span::raw(clean(&branch.id, 60))]),
        field(
            view,
            "Git name",
            vec![Span::raw(if branch.git_name.trim().is_empty() {
                "—".to_owned()
            } else {
                clean(&branch.git_name, 60)
            })],
        ),
        field(
            view,
            "Role",
            vec![Span::raw(role), Span::styled(if branch.is_default { "  ★ default" } else { "" }, view.theme.accent)],
        ),
        field(view, "Created", vec![Span::raw(when(&branch.created_at, app.now))]),
        field(view, "Project", vec![Span::raw(clean(project_name, NAME_WIDTH))]),
    ]
}

/// How many lines `branch_lines` gives.
fn branch_fields(branch: Option<&str>) -> usize {
    if branch.is_some() { 6 } else { 2 }
}

/// A branch of a project (or the databases outside any): what it is, and its databases.
fn branch(frame: &mut Frame, area: Rect, view: &View, project: &str, id: Option<&str>) {
    let (app, theme) = (view.app, view.theme);
    let found = id.and_then(|id| app.data.branch(id));
    if id.is_some() && found.is_none() {
        paragraph(frame, area, vec![Line::styled("This branch is not in the list any more.", theme.muted)]);
        return;
    }
    let loadable = app.data.databases.get(project);
    let count = view.detail.len();
    let (kind, label) = match found {
        Some(_) => ("Branch ", app.data.branch_label(id)),
        None => ("", crate::app::UNASSIGNED.to_owned()),
    };
    title(
        frame,
        area,
        vec![Span::styled(kind, theme.muted), Span::styled(clean(&label, NAME_WIDTH), theme.title)],
        vec![Span::styled(format!("{count} {}", if count == 1 { "database" } else { "databases" }), theme.muted)],
    );
    let used = fields(frame, area, branch_lines(view, project, found));
    databases_table(frame, below(area, used), view, loadable, "No databases in this branch.", false);
}

/// A database by its name when it is known, else by its id.
fn database_named(view: &View, id: &str) -> String {
    view.app.data.database(id).map_or_else(|| clean(id, 40), |known| clean(&known.name, NAME_WIDTH))
}

/// The loaded list's length when there is one, else what the database record says.
pub fn connection_count(view: &View, database: &Database) -> usize {
    match view.app.data.connections.get(&database.id).and_then(Loadable::value) {
        Some(list) => list.len(),
        None => database.connections.len(),
    }
}

/// Everything about a database, like `kubectl describe`.
fn database(frame: &mut Frame, area: Rect, view: &View, id: &str) {
    let (app, theme) = (view.app, view.theme);
    let Some(database) = app.data.database(id) else {
        paragraph(frame, area, vec![Line::styled("This database is not in the list any more.", theme.muted)]);
        return;
    };
    title(
        frame,
        area,
        vec![Span::styled("Database ", theme.muted), Span::styled(clean(&database.name, NAME_WIDTH), theme.title)],
        status_note(view, database),
    );
    let (dot, style) = theme.status(&database.status);
    let mut status = vec![Span::styled(format!("{dot} {}", clean(database.status.as_str(), 20)), style)];
    if let Some(crate::app::Poll { seconds, .. }) = app.activity.polling.get(id) {
        status.push(Span::styled(format!("  polled every {seconds} s"), theme.muted));
    }
    let region = match &database.region {
        Some(region) => format!("{} · {}", clean(&region.name, 30), clean(&region.id, 20)),
        None => "—".to_owned(),
    };
    let project = match &database.project {
        Some(project) => format!("{} · {}", clean(&project.name, NAME_WIDTH), clean(&project.id, 40)),
        None => "—".to_owned(),
    };
    let source = match &database.source {
        None => "—".to_owned(),
        Some(DatabaseSource::Empty) => "empty (created new)".to_owned(),
        Some(DatabaseSource::Backup { database_id, backup_id }) => {
            format!("backup {} of {}", clean(backup_id, 40), database_named(view, database_id))
        }
        Some(DatabaseSource::Database { database_id }) => format!("copy of {}", database_named(view, database_id)),
        Some(other @ DatabaseSource::Other { .. }) => clean(other.kind(), 40),
    };
    let default = if database.is_default {
        vec![Span::styled("★ yes", theme.accent), Span::styled("  (the project's default)", theme.muted)]
    } else {
        vec![Span::raw("no")]
    };
    let mut lines = vec![
        Line::raw(""),
        field(view, "Name", vec![Span::raw(clean(&database.name, 80))]),
        field(view, "ID", vec![Span::raw(clean(&database.id, 60))]),
        field(view, "Status", status),
        field(view, "Default", default),
        field(view, "Region", vec![Span::raw(region)]),
        field(view, "Project", vec![Span::raw(project)]),
        field(view, "Source", vec![Span::raw(source)]),
        field(view, "Created", vec![Span::raw(when(&database.created_at, app.now))]),
        field(view, "Connections", connection_names(view, database)),
    ];
    if let Some(branch) = &database.branch_id {
        let named = match app.data.branch(branch) {
            Some(known) => format!("{} · {}", clean(&known.label(), NAME_WIDTH), clean(branch, 40)),
            None => clean(branch, 60),
        };
        lines.push(field(view, "Branch", vec![Span::raw(named)]));
    }
    lines.push(Line::raw(""));
    lines.push(section_keys(view));
    let used = self::lines(frame, Rect { y: area.y + 1, height: area.height - 1, ..area }, lines);
    checks::draw(frame, below(area, used + 1), view, id);
}

/// `app-server, ci (2)`, from the loaded list when there is one.
fn connection_names<'a>(view: &View, database: &Database) -> Vec<Span<'a>> {
    let loaded = view.app.data.connections_of(&database.id);
    let mut names: Vec<&str> = if view.app.data.connections.get(&database.id).and_then(Loadable::value).is_some() {
        loaded.iter().map(|connection| connection.name.as_str()).collect()
    } else {
        database.connections.iter().map(|connection| connection.name.as_str()).collect()
    };
    names.sort_unstable();
    if names.is_empty() {
        return vec![Span::styled("none", view.theme.muted)];
    }
    let shown: Vec<String> = names.iter().take(8).map(|name| clean(name, 30)).collect();
    let more = if names.len() > shown.len() { format!(", … ({} in all)", names.len()) } else { String::new() };
    vec![Span::raw(format!("{}{more}", shown.join(", ")))]
}

/// `1 connections  2 backups  3 usage`, with the keys in force.
fn section_keys<'a>(view: &View) -> Line<'a> {
    let mut spans = Vec::new();
    for (action, label) in
        [(Action::Connections, "Connections"), (Action::Backups, "Backups"), (Action::Usage, "Usage")]
    {
        if let Some(key) = view.app.session.keymap.hint(action) {
            if !spans.is_empty() {
                spans.push(Span::raw("   "));
            }
            spans.push(Span::styled(key, view.theme.key));
            spans.push(Span::styled(format!(" {label}"), view.theme.muted));
        }
    }
    Line::from(spans)
}
