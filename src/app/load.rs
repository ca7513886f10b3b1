//! Starting reads: `load` begins the fetch of one slot of the data (marking it loading, so an answer to an
//! older request is dropped); `ensure`, `refresh`, the regions and the usage windows all go through it.
use chrono::{DateTime, Datelike, Duration as Span, NaiveDate, Utc};

use super::model::{Loadable, Node, Section, UsageSlot};
use super::msg::{Effect, Fetch};
use super::usage::CHART_DAYS;
use super::{App, Data};

/// When a slot is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Only when nothing is there and nothing is on its way.
    Missing,
    /// Also when the last read failed.
    MissingOrFailed,
    /// Whatever is there (a refresh): what is shown stays until the answer replaces it.
    Again,
}

/// Starts `fetch` when its slot of the data needs it (see `When`), and marks the slot as loading.
/// Fetches that fill no slot of their own (a poll, the workspace index) always start. The data is touched
/// only when the fetch starts, so the tree's rows are kept when nothing is needed.
pub fn load(app: &mut App, fetch: Fetch, when: When) -> Option<Effect> {
    if !slot(&app.data, &fetch).is_none_or(|slot| needed(slot, when)) {
        return None;
    }
    let request = app.request();
    if let Some(slot) = slot_mut(&mut app.data, &fetch) {
        slot.reload(request);
    }
    Some(Effect::Fetch { request, fetch })
}

/// What a slot of the data says about its next read.
trait Slot {
    fn is_idle(&self) -> bool;
    fn failed(&self) -> bool;
    fn reload(&mut self, request: u64);
}

impl<T> Slot for Loadable<T> {
    fn is_idle(&self) -> bool {
        Loadable::is_idle(self)
    }

    fn failed(&self) -> bool {
        self.error().is_some()
    }

    fn reload(&mut self, request: u64) {
        Loadable::reload(self, request);
    }
}

fn needed(slot: &dyn Slot, when: When) -> bool {
    match when {
        When::Missing => slot.is_idle(),
        When::MissingOrFailed => slot.is_idle() || slot.failed(),
        When::Again => true,
    }
}

/// The slot `fetch` fills, as it is (`None` when it has no slot, or none yet: then it is needed).
fn slot<'a>(data: &'a Data, fetch: &Fetch) -> Option<&'a dyn Slot> {
    Some(match fetch {
        Fetch::Me => &data.me,
        Fetch::Projects => &*data.projects,
        Fetch::Regions => &data.regions,
        Fetch::Subscription { .. } => &data.subscription,
        Fetch::ServiceTokens { .. } => &data.service_tokens,
        Fetch::Databases { project } => data.databases.get(project)?,
        Fetch::Branches { project } => data.branches.get(project)?,
        Fetch::Connections { database } => data.connections.get(database)?,
        Fetch::Backups { database } => data.backups.get(database)?,
        Fetch::Usage { database, slot, .. } => {
            let usage = data.usage.get(database)?;
            match slot {
                UsageSlot::ThisMonth => &usage.this_month,
                UsageSlot::LastMonth => &usage.last_month,
                UsageSlot::Day(day) => usage.days.get(day)?,
            }
        }
        Fetch::Database { .. } | Fetch::AllDatabases | Fetch::AllConnections => return None,
    })
}

/// The slot `fetch` fills, made when missing.
fn slot_mut<'a>(data: &'a mut Data, fetch: &Fetch) -> Option<&'a mut dyn Slot> {
    Some(match fetch {
        Fetch::Me => &mut data.me,
        Fetch::Projects => &mut *data.projects,
        Fetch::Regions => &mut data.regions,
        Fetch::Subscription { .. } => &mut data.subscription,
        Fetch::ServiceTokens { .. } => &mut data.service_tokens,
        Fetch::Databases { project } => data.databases.entry(project.clone()).or_default(),
        Fetch::Branches { project } => data.branches.entry(project.clone()).or_default(),
        Fetch::Connections { database } => data.connections.entry(database.clone()).or_default(),
        Fetch::Backups { database } => data.backups.entry(database.clone()).or_default(),
        Fetch::Usage { database, slot, .. } => {
            let usage = data.usage.entry(database.clone()).or_default();
            match slot {
                UsageSlot::ThisMonth => &mut usage.this_month,
                UsageSlot::LastMonth => &mut usage.last_month,
                UsageSlot::Day(day) => usage.days.entry(*day).or_default(),
            }
        }
        Fetch::Database { .. } | Fetch::AllDatabases | Fetch::AllConnections => return None,
    })
}

/// Starts loading what `node` shows, unless it is already here or on its way.
pub fn ensure(app: &mut App, node: &Node) -> Vec<Effect> {
    let fetch = match node {
        Node::Workspace => Fetch::Projects,
        Node::Project(project) | Node::Branch { project, .. } => {
            let databases = load(app, Fetch::Databases { project: project.clone() }, When::Missing);
            let branches = load(app, Fetch::Branches { project: project.clone() }, When::Missing);
            // Only a selected project (or branch) shows its usage (an ancestor opened on the way to a database
            // does not).
            let shown = app.selected_node() == *node;
            let usage = if shown { ensure_project_usage(app, project) } else { Vec::new() };
            return databases.into_iter().chain(branches).chain(usage).collect();
        }
        Node::Database(_) => return Vec::new(),
        Node::Section(database, Section::Connections) => Fetch::Connections { database: database.clone() },
        Node::Section(database, Section::Backups) => Fetch::Backups { database: database.clone() },
        Node::Section(database, Section::Usage) => return ensure_usage(app, database),
        Node::ServiceTokens => match service_tokens(app) {
            Some(fetch) => fetch,
            None => return Vec::new(),
        },
    };
    load(app, fetch, When::Missing).into_iter().collect()
}

/// The read of the workspace's service tokens, once `/v1/me` named the workspace (until then, nothing:
/// the answer to `/v1/me` settles the selection again, which starts it).
fn service_tokens(app: &App) -> Option<Fetch> {
    app.data.workspace_id().map(|workspace| Fetch::ServiceTokens { workspace: workspace.to_owned() })
}

/// This month's usage of each of `project`'s databases (once they are listed) that has none yet: one
/// window a database, read once, and the same window its own Usage view shows first, so it serves both.
fn ensure_project_usage(app: &mut App, project: &str) -> Vec<Effect> {
    let (start, end) = this_month(app.now);
    let databases: Vec<String> = app.data.databases_of(project).into_iter().map(|d| d.id.clone()).collect();
    databases
        .into_iter()
        .filter_map(|database| {
            load(app, Fetch::Usage { database, slot: UsageSlot::ThisMonth, start, end }, When::Missing)
        })
        .collect()
}

/// This month so far: from its first midnight to now.
pub fn this_month(now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    (midnight(start_of_month(now.date_naive())), now)
}

/// This month, last month and one window per day of the chart, each only once (cached per day).
fn ensure_usage(app: &mut App, database: &str) -> Vec<Effect> {
    let now = app.now;
    let month_start = start_of_month(now.date_naive());
    let last_month_start = start_of_month(month_start - Span::days(1));
    let today = now.date_naive();
    let (this_month_start, this_month_end) = this_month(now);
    let mut windows = vec![
        (UsageSlot::ThisMonth, this_month_start, this_month_end),
        (UsageSlot::LastMonth, midnight(last_month_start), midnight(month_start)),
    ];
    for back in (0..CHART_DAYS).rev() {
        let day = today - Span::days(back);
        windows.push((UsageSlot::Day(day), midnight(day), (midnight(day) + Span::days(1)).min(now)));
    }
    let database = database.to_owned();
    windows
        .into_iter()
        .filter_map(|(slot, start, end)| {
            load(app, Fetch::Usage { database: database.clone(), slot, start, end }, When::Missing)
        })
        .collect()
}

fn start_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

fn midnight(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(chrono::NaiveTime::MIN).and_utc()
}

/// Loads what `node` shows again (`R`): a refresh, or a retry after an error. What is shown stays until
/// the answer replaces it.
pub fn refresh(app: &mut App, node: &Node) -> Vec<Effect> {
    let fetch = match node {
        Node::Workspace => Fetch::Projects,
        Node::Project(project) => {
            let branches = load(app, Fetch::Branches { project: project.clone() }, When::Again);
            let databases = load(app, Fetch::Databases { project: project.clone() }, When::Again);
            follow_selection(app);
            return databases.into_iter().chain(branches).collect();
        }
        Node::Branch { project, .. } => return refresh(app, &Node::Project(project.clone())),
        Node::Database(database) => {
            let project = app.data.database(database).and_then(|d| d.project.as_ref()).map(|p| p.id.clone());
            return project.map(|project| refresh(app, &Node::Project(project))).unwrap_or_default();
        }
        Node::Section(database, Section::Connections) => Fetch::Connections { database: database.clone() },
        Node::Section(database, Section::Backups) => Fetch::Backups { database: database.clone() },
        Node::Section(database, Section::Usage) => {
            app.data.usage.remove(database);
            return ensure(app, node);
        }
        Node::ServiceTokens => match service_tokens(app) {
            Some(fetch) => fetch,
            None => return Vec::new(),
        },
    };
    let started = load(app, fetch, When::Again);
    follow_selection(app);
    started.into_iter().collect()
}

/// The regions, for the project and database forms: read once, again after a failure.
pub fn regions(app: &mut App) -> Vec<Effect> {
    load(app, Fetch::Regions, When::MissingOrFailed).into_iter().collect()
}

/// Keeps each selection on its item (and its screen line) after the data changed (see `selection`), and
/// starts loading what the selection now shows.
pub fn follow_selection(app: &mut App) -> Vec<Effect> {
    super::selection::settle(app).map(|node| ensure(app, &node)).unwrap_or_default()
}

/// Expands every ancestor of `node`, selects it, and loads what it shows.
pub fn reveal(app: &mut App, node: &Node) -> Vec<Effect> {
    let mut effects = Vec::new();
    let mut ancestors = Vec::new();
    let mut current = super::tree::parent(app, node);
    while let Some(parent) = current {
        current = super::tree::parent(app, &parent);
        ancestors.push(parent);
    }
    for ancestor in ancestors.iter().rev() {
        app.browse.expanded.insert(ancestor.clone());
        effects.extend(ensure(app, ancestor));
    }
    app.browse.filter = None;
    app.browse.focus = super::Pane::Tree;
    super::selection::select_visible(app, node);
    effects.extend(ensure(app, node));
    effects
}
