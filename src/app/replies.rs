//! Loading on demand and taking answers in: stale replies dropped, errors kept, busy databases polled.
use chrono::{DateTime, Datelike, Duration as Span, NaiveDate, Utc};

use super::model::{Loadable, Node, RequestId, Section, UsageSlot, file_under_parents};
use super::msg::{Effect, Fetch, Reply};
use super::{App, Screen};
use crate::api::{Database, DatabaseStatus, Error, Listing};

/// Days in the usage chart.
pub const CHART_DAYS: i64 = 30;

/// Starts loading what `node` shows, unless it is already here or on its way.
pub fn ensure(app: &mut App, node: &Node) -> Vec<Effect> {
    let mut effects = Vec::new();
    match node {
        Node::Workspace => {
            if app.data.projects.is_idle() {
                let request = app.request();
                app.data.projects = Loadable::Loading { request, partial: None };
                effects.push(Effect::Fetch { request, fetch: Fetch::Projects });
            }
        }
        Node::Project(project) => {
            if app.data.databases.get(project).is_none_or(Loadable::is_idle) {
                let request = app.request();
                app.data.databases.insert(project.clone(), Loadable::Loading { request, partial: None });
                effects.push(Effect::Fetch { request, fetch: Fetch::Databases { project: project.clone() } });
            }
        }
        Node::Database(_) => {}
        Node::Section(database, Section::Connections) => {
            if app.data.connections.get(database).is_none_or(Loadable::is_idle) {
                let request = app.request();
                app.data.connections.insert(database.clone(), Loadable::Loading { request, partial: None });
                effects.push(Effect::Fetch { request, fetch: Fetch::Connections { database: database.clone() } });
            }
        }
        Node::Section(database, Section::Backups) => {
            if app.data.backups.get(database).is_none_or(Loadable::is_idle) {
                let request = app.request();
                app.data.backups.insert(database.clone(), Loadable::Loading { request, partial: None });
                effects.push(Effect::Fetch { request, fetch: Fetch::Backups { database: database.clone() } });
            }
        }
        Node::Section(database, Section::Usage) => effects.extend(ensure_usage(app, database)),
    }
    effects
}

/// This month, last month and one window per day of the chart, each only once (cached per day).
fn ensure_usage(app: &mut App, database: &str) -> Vec<Effect> {
    let now = app.now;
    let month_start = start_of_month(now.date_naive());
    let last_month_start = start_of_month(month_start - Span::days(1));
    let today = now.date_naive();
    let mut windows = vec![
        (UsageSlot::ThisMonth, midnight(month_start), now),
        (UsageSlot::LastMonth, midnight(last_month_start), midnight(month_start)),
    ];
    for back in (0..CHART_DAYS).rev() {
        let day = today - Span::days(back);
        windows.push((UsageSlot::Day(day), midnight(day), (midnight(day) + Span::days(1)).min(now)));
    }
    let mut effects = Vec::new();
    for (slot, start, end) in windows {
        let usage = app.data.usage.entry(database.to_owned()).or_default();
        let idle = match slot {
            UsageSlot::ThisMonth => usage.this_month.is_idle(),
            UsageSlot::LastMonth => usage.last_month.is_idle(),
            UsageSlot::Day(day) => usage.days.get(&day).is_none_or(Loadable::is_idle),
        };
        if !idle {
            continue;
        }
        let request = app.request();
        let loading = Loadable::Loading { request, partial: None };
        let usage = app.data.usage.entry(database.to_owned()).or_default();
        match slot {
            UsageSlot::ThisMonth => usage.this_month = loading,
            UsageSlot::LastMonth => usage.last_month = loading,
            UsageSlot::Day(day) => {
                usage.days.insert(day, loading);
            }
        }
        effects
            .push(Effect::Fetch { request, fetch: Fetch::Usage { database: database.to_owned(), slot, start, end } });
    }
    effects
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
    let request = app.request();
    let data = &mut app.data;
    let (fetch, slot_reloaded) = match node {
        Node::Workspace => {
            data.projects.reload(request);
            (Fetch::Projects, true)
        }
        Node::Project(project) => {
            data.databases.entry(project.clone()).or_default().reload(request);
            (Fetch::Databases { project: project.clone() }, true)
        }
        Node::Database(database) => {
            let Some(project) = data.database(database).and_then(|d| d.project.as_ref()).map(|p| p.id.clone()) else {
                return Vec::new();
            };
            return refresh(app, &Node::Project(project));
        }
        Node::Section(database, Section::Connections) => {
            data.connections.entry(database.clone()).or_default().reload(request);
            (Fetch::Connections { database: database.clone() }, true)
        }
        Node::Section(database, Section::Backups) => {
            data.backups.entry(database.clone()).or_default().reload(request);
            (Fetch::Backups { database: database.clone() }, true)
        }
        Node::Section(database, Section::Usage) => {
            data.usage.remove(database);
            (Fetch::Me, false)
        }
    };
    if !slot_reloaded {
        return ensure(app, node);
    }
    clamp(app);
    vec![Effect::Fetch { request, fetch }]
}

/// Takes an answer in; one whose request is no longer awaited is dropped.
pub fn on_reply(app: &mut App, request: RequestId, reply: Reply) -> Vec<Effect> {
    let data = &mut app.data;
    match reply {
        Reply::Me(result) => {
            if !data.me.awaits(request) {
                return Vec::new();
            }
            match result {
                Ok(me) => data.me = Loadable::Loaded(me),
                Err(error) => {
                    app.data.me = Loadable::Failed(error.clone());
                    app.log_failure("asking who the token belongs to", &error);
                }
            }
            Vec::new()
        }
        Reply::Projects { page, first, done } => {
            if !data.projects.awaits(request) {
                return Vec::new();
            }
            match page {
                Ok(items) => {
                    let mut so_far = match std::mem::take(&mut data.projects) {
                        Loadable::Loading { partial: Some(partial), .. } if !first => partial,
                        _ => Listing::default(),
                    };
                    so_far.append(items);
                    super::Data::sort_projects(&mut so_far);
                    app.log_unreadable(&so_far.unreadable);
                    app.data.projects = if done {
                        Loadable::Loaded(so_far)
                    } else {
                        Loadable::Loading { request, partial: Some(so_far) }
                    };
                    let mut effects = clamp(app);
                    if done && app.screen == Screen::Browse {
                        effects.extend(super::settle::settle(app, &Node::Workspace));
                    }
                    return effects;
                }
                Err(error) => {
                    app.log_failure("loading projects", &error);
                    // The pages read before the failure stay on screen; the error log says the rest is missing.
                    app.data.projects = match std::mem::take(&mut app.data.projects) {
                        Loadable::Loading { partial: Some(partial), .. } if !first => Loadable::Loaded(partial),
                        _ => Loadable::Failed(error),
                    };
                }
            }
            Vec::new()
        }
        Reply::Databases { project, result, cut_short } => {
            if !data.databases.get(&project).is_some_and(|d| d.awaits(request)) {
                return Vec::new();
            }
            let name = data.project(&project).map_or_else(|| project.clone(), |p| p.name.clone());
            match result {
                Ok(databases) => {
                    if let Some(error) = cut_short {
                        app.log_error(format!("loading the databases of {name}"), &error);
                    }
                    app.log_unreadable(&databases.unreadable);
                    let busy: Vec<String> = databases.iter().filter(|d| is_busy(d)).map(|d| d.id.clone()).collect();
                    app.data.databases.insert(project.clone(), Loadable::Loaded(databases));
                    let mut effects: Vec<Effect> =
                        busy.into_iter().filter_map(|id| super::polling::start_polling(app, &id)).collect();
                    effects.extend(clamp(app));
                    effects.extend(super::settle::settle(app, &Node::Project(project)));
                    effects
                }
                Err(error) => {
                    fail(app, |d| &mut d.databases, project, error, format!("loading the databases of {name}"))
                }
            }
        }
        Reply::Connections { database, result, cut_short } => {
            if !data.connections.get(&database).is_some_and(|c| c.awaits(request)) {
                return Vec::new();
            }
            let doing = format!("loading the connections of {}", database_name(app, &database));
            match result {
                Ok(connections) => {
                    if let Some(error) = cut_short {
                        app.log_error(doing, &error);
                    }
                    app.log_unreadable(&connections.unreadable);
                    app.data.connections.insert(database.clone(), Loadable::Loaded(connections));
                    let mut effects = clamp(app);
                    effects.extend(super::settle::settle(app, &Node::Section(database, Section::Connections)));
                    effects
                }
                Err(error) => fail(app, |d| &mut d.connections, database, error, doing),
            }
        }
        Reply::Backups { database, result } => {
            if !data.backups.get(&database).is_some_and(|b| b.awaits(request)) {
                return Vec::new();
            }
            let doing = format!("loading the backups of {}", database_name(app, &database));
            match result {
                Ok(backups) => {
                    app.log_unreadable(&backups.data.unreadable);
                    app.data.backups.insert(database, Loadable::Loaded(backups));
                    super::forms::refresh_open_form(app);
                    clamp(app)
                }
                Err(error) => fail(app, |d| &mut d.backups, database, error, doing),
            }
        }
        Reply::Usage { database, slot, result } => {
            let Some(usage) = data.usage.get_mut(&database) else { return Vec::new() };
            let target = match slot {
                UsageSlot::ThisMonth => &mut usage.this_month,
                UsageSlot::LastMonth => &mut usage.last_month,
                UsageSlot::Day(day) => match usage.days.get_mut(&day) {
                    Some(target) => target,
                    None => return Vec::new(),
                },
            };
            if !target.awaits(request) {
                return Vec::new();
            }
            match result {
                Ok(value) => *target = Loadable::Loaded(value),
                Err(error) => {
                    *target = Loadable::Failed(error.clone());
                    let doing = format!("loading the usage of {}", database_name(app, &database));
                    app.log_error(doing, &error);
                }
            }
            Vec::new()
        }
        Reply::Database { database, result } => super::polling::on_poll(app, request, database, result),
        Reply::Regions(result) => {
            if !app.data.regions.awaits(request) {
                return Vec::new();
            }
            match result {
                Ok(regions) => app.data.regions = Loadable::Loaded(regions),
                Err(error) => {
                    app.data.regions = Loadable::Failed(error.clone());
                    app.log_error("loading the regions", &error);
                }
            }
            super::forms::refresh_open_form(app);
            Vec::new()
        }
        Reply::Changed { change, result } => super::changes::on_changed(app, request, change, result),
        Reply::AllDatabases(_) | Reply::AllConnections(_) if !app.jump_requests.remove(&request) => Vec::new(),
        Reply::AllDatabases(result) => {
            if let Ok(databases) = result {
                file_under_parents(
                    &mut app.data.databases,
                    databases,
                    |d| d.project.as_ref().map(|p| &p.id),
                    |d| &d.id,
                );
                clamp(app);
            }
            super::update::refresh_jump(app);
            Vec::new()
        }
        Reply::AllConnections(result) => {
            if let Ok(connections) = result {
                file_under_parents(
                    &mut app.data.connections,
                    connections,
                    |c| c.database.as_ref().map(|d| &d.id),
                    |c| &c.id,
                );
            }
            super::update::refresh_jump(app);
            Vec::new()
        }
    }
}

pub fn database_name(app: &App, id: &str) -> String {
    app.data.database(id).map_or_else(|| id.to_owned(), |database| database.name.clone())
}

/// Records a failed load in place (shown inline on the node) and in the error log.
fn fail<T>(
    app: &mut App,
    slot: impl Fn(&mut super::Data) -> &mut std::collections::HashMap<String, Loadable<T>>,
    key: String,
    error: Error,
    doing: String,
) -> Vec<Effect> {
    slot(&mut app.data).insert(key, Loadable::Failed(error.clone()));
    app.log_error(doing, &error);
    Vec::new()
}

pub fn is_busy(database: &Database) -> bool {
    matches!(database.status, DatabaseStatus::Provisioning | DatabaseStatus::Recovering)
}

/// Keeps each selection on its item (and its screen line) after the data changed; see `selection`.
pub fn clamp(app: &mut App) -> Vec<Effect> {
    super::selection::settle(app).map(|node| ensure(app, &node)).unwrap_or_default()
}
