//! Answers to reads taken in, one function per kind: a reply to a request no longer awaited is dropped,
//! failures are kept where they happened and logged, pending checks are settled, busy databases polled.
use super::model::{Loadable, Node, RequestId, Section, UsageSlot, file_under_parents, is_busy};
use super::msg::{Effect, Reply};
use super::{App, Data, Screen, settle};
use crate::api::{BackupList, Connection, Database, Error, Listing, Me, Project, RegionInfo, ServiceToken, Usage};

/// Takes an answer to a read in (changes and polls have their own: `changed`, `polling`).
pub fn on_reply(app: &mut App, request: RequestId, reply: Reply) -> Vec<Effect> {
    match reply {
        Reply::Me(result) => on_me(app, request, result),
        Reply::Projects { page, first, done } => on_projects(app, request, page, first, done),
        Reply::Databases { project, result, cut_short } => on_databases(app, request, project, result, cut_short),
        Reply::Branches { project, result } => on_branches(app, request, project, result),
        Reply::Connections { database, result, cut_short } => on_connections(app, request, database, result, cut_short),
        Reply::Backups { database, result } => on_backups(app, request, database, result),
        Reply::Usage { database, slot, result } => on_usage(app, request, database, slot, result),
        Reply::Regions(result) => on_regions(app, request, result),
        Reply::Subscription(result) => on_subscription(app, request, result),
        Reply::ServiceTokens { result, cut_short } => on_service_tokens(app, request, result, cut_short),
        Reply::AllDatabases(_) | Reply::AllConnections(_) if !app.activity.jump_requests.remove(&request) => Vec::new(),
        Reply::AllDatabases(result) => on_all_databases(app, result),
        Reply::AllConnections(result) => on_all_connections(app, result),
        Reply::Database { .. } | Reply::Changed { .. } => Vec::new(),
    }
}

fn on_me(app: &mut App, request: RequestId, result: Result<Me, Error>) -> Vec<Effect> {
    if app.data.me.awaits(request) {
        match result {
            Ok(me) => {
                let workspace = me.workspace.as_ref().map(|workspace| workspace.id.clone());
                app.data.me = Loadable::Loaded(me);
                if let Some(workspace) = workspace {
                    let plan = super::msg::Fetch::Subscription { workspace };
                    let mut effects: Vec<Effect> =
                        super::load::load(app, plan, super::load::When::Again).into_iter().collect();
                    // The service tokens wait for the workspace's id: shown already, they are read now.
                    if app.selected_node() == Node::ServiceTokens {
                        effects.extend(super::load::ensure(app, &Node::ServiceTokens));
                    }
                    return effects;
                }
            }
            Err(error) => {
                app.data.me = Loadable::Failed(error.clone());
                app.log_failure("asking who the token belongs to", &error);
            }
        }
    }
    Vec::new()
}

/// The workspace's plan: kept for the header. A failure is kept quietly (the header shows no plan): an API
/// or a token that does not serve it is no error of the user's.
fn on_subscription(app: &mut App, request: RequestId, result: Result<crate::api::Subscription, Error>) -> Vec<Effect> {
    if app.data.subscription.awaits(request) {
        app.data.subscription = match result {
            Ok(subscription) => Loadable::Loaded(subscription),
            Err(error) => Loadable::Failed(error),
        };
    }
    Vec::new()
}

/// One page of projects: the first replaces what is shown, the others add to it.
fn on_projects(
    app: &mut App,
    request: RequestId,
    page: Result<Listing<Project>, Error>,
    first: bool,
    done: bool,
) -> Vec<Effect> {
    if !app.data.projects.awaits(request) {
        return Vec::new();
    }
    let so_far = match std::mem::take(&mut *app.data.projects) {
        Loadable::Loading { partial: Some(partial), .. } if !first => Some(partial),
        _ => None,
    };
    match page {
        Ok(items) => {
            let mut so_far = so_far.unwrap_or_default();
            so_far.append(items);
            Data::sort_projects(&mut so_far);
            app.log_unreadable(&so_far.unreadable);
            *app.data.projects =
                if done { Loadable::Loaded(so_far) } else { Loadable::Loading { request, partial: Some(so_far) } };
            if done && app.screen == Screen::Browse { settle::settle(app, &Node::Workspace) } else { Vec::new() }
        }
        Err(error) => {
            app.log_failure("loading projects", &error);
            // The pages read before the failure stay on screen; the message log says the rest is missing.
            *app.data.projects = so_far.map_or(Loadable::Failed(error), Loadable::Loaded);
            Vec::new()
        }
    }
}

fn on_databases(
    app: &mut App,
    request: RequestId,
    project: String,
    result: Result<Listing<Database>, Error>,
    cut_short: Option<Error>,
) -> Vec<Effect> {
    if !app.data.databases.get(&project).is_some_and(|d| d.awaits(request)) {
        return Vec::new();
    }
    let name = app.data.project(&project).map_or_else(|| project.clone(), |p| p.name.clone());
    let doing = format!("loading the databases of {name}");
    let databases = match result {
        Ok(databases) => databases,
        Err(error) => return fail(app, |d| &mut d.databases, project, error, doing),
    };
    if let Some(error) = cut_short {
        app.log_error(doing, &error);
    }
    app.log_unreadable(&databases.unreadable);
    let busy: Vec<String> = databases.iter().filter(|d| is_busy(d)).map(|d| d.id.clone()).collect();
    app.data.databases.insert(project.clone(), Loadable::Loaded(databases));
    let mut effects: Vec<Effect> = busy.iter().filter_map(|id| super::polling::start_polling(app, id)).collect();
    let node = Node::Project(project);
    if app.selected_node() == node {
        // The project's pane sums its databases' usage: now that they are known, their figures are read.
        effects.extend(super::load::ensure(app, &node));
    }
    effects.extend(settle::settle(app, &node));
    effects
}

/// A project's branches. An API that does not serve them (404: an older API or a token without the
/// experimental endpoints) means a project without branches, said nowhere; any other failure is logged and
/// the project shows its databases without the branch level.
fn on_branches(
    app: &mut App,
    request: RequestId,
    project: String,
    result: Result<Listing<crate::api::Branch>, Error>,
) -> Vec<Effect> {
    if !app.data.branches.get(&project).is_some_and(|b| b.awaits(request)) {
        return Vec::new();
    }
    let branches = match result {
        Ok(branches) => branches,
        Err(error) if error.status() == Some(404) => Listing::default(),
        Err(error) => {
            let name = app.data.project(&project).map_or_else(|| project.clone(), |p| p.name.clone());
            return fail(app, |d| &mut d.branches, project, error, format!("loading the branches of {name}"));
        }
    };
    app.log_unreadable(&branches.unreadable);
    app.data.branches.insert(project.clone(), Loadable::Loaded(branches));
    // A database selected before its branch was known stays in view: its branch opens.
    let selected = super::tree::database_of(&app.browse.selected).and_then(|id| app.data.database(id));
    if let Some(branch) = selected.and_then(|database| app.data.branch_node_of(database)) {
        app.browse.expanded.insert(branch);
    }
    // The verdict on a lost change first: a selection it moved is then added to it.
    let mut effects = settle::settle(app, &Node::Project(project));
    effects.extend(super::load::follow_selection(app));
    effects
}

fn on_connections(
    app: &mut App,
    request: RequestId,
    database: String,
    result: Result<Listing<Connection>, Error>,
    cut_short: Option<Error>,
) -> Vec<Effect> {
    if !app.data.connections.get(&database).is_some_and(|c| c.awaits(request)) {
        return Vec::new();
    }
    let doing = format!("loading the connections of {}", app.data.database_name(&database));
    let connections = match result {
        Ok(connections) => connections,
        Err(error) => return fail(app, |d| &mut d.connections, database, error, doing),
    };
    if let Some(error) = cut_short {
        app.log_error(doing, &error);
    }
    app.log_unreadable(&connections.unreadable);
    app.data.connections.insert(database.clone(), Loadable::Loaded(connections));
    settle::settle(app, &Node::Section(database, Section::Connections))
}

fn on_service_tokens(
    app: &mut App,
    request: RequestId,
    result: Result<Listing<ServiceToken>, Error>,
    cut_short: Option<Error>,
) -> Vec<Effect> {
    if !app.data.service_tokens.awaits(request) {
        return Vec::new();
    }
    let doing = "loading the service tokens";
    let tokens = match result {
        Ok(tokens) => tokens,
        Err(error) => {
            app.log_error(doing, &error);
            app.data.service_tokens = Loadable::Failed(error);
            return Vec::new();
        }
    };
    if let Some(error) = cut_short {
        app.log_error(doing, &error);
    }
    app.log_unreadable(&tokens.unreadable);
    app.data.service_tokens = Loadable::Loaded(tokens);
    settle::settle(app, &Node::ServiceTokens)
}

fn on_backups(app: &mut App, request: RequestId, database: String, result: Result<BackupList, Error>) -> Vec<Effect> {
    if !app.data.backups.get(&database).is_some_and(|b| b.awaits(request)) {
        return Vec::new();
    }
    match result {
        Ok(backups) => {
            app.log_unreadable(&backups.data.unreadable);
            app.data.backups.insert(database, Loadable::Loaded(backups));
            Vec::new()
        }
        Err(error) => {
            let doing = format!("loading the backups of {}", app.data.database_name(&database));
            fail(app, |d| &mut d.backups, database, error, doing)
        }
    }
}

fn on_usage(
    app: &mut App,
    request: RequestId,
    database: String,
    slot: UsageSlot,
    result: Result<Usage, Error>,
) -> Vec<Effect> {
    let Some(usage) = app.data.usage.get_mut(&database) else { return Vec::new() };
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
            let doing = format!("loading the usage of {}", app.data.database_name(&database));
            app.log_error(doing, &error);
        }
    }
    Vec::new()
}

fn on_regions(app: &mut App, request: RequestId, result: Result<Listing<RegionInfo>, Error>) -> Vec<Effect> {
    if app.data.regions.awaits(request) {
        match result {
            Ok(regions) => app.data.regions = Loadable::Loaded(regions),
            Err(error) => {
                app.data.regions = Loadable::Failed(error.clone());
                app.log_error("loading the regions", &error);
            }
        }
    }
    Vec::new()
}

/// Every database of the workspace (for `:` jump), filed under their projects.
fn on_all_databases(app: &mut App, result: Result<Listing<Database>, Error>) -> Vec<Effect> {
    if let Ok(databases) = result {
        file_under_parents(&mut app.data.databases, databases, |d| d.project.as_ref().map(|p| &p.id), |d| &d.id);
    }
    Vec::new()
}

/// Every connection of the workspace (for `:` jump), filed under their databases.
fn on_all_connections(app: &mut App, result: Result<Listing<Connection>, Error>) -> Vec<Effect> {
    if let Ok(connections) = result {
        file_under_parents(&mut app.data.connections, connections, |c| c.database.as_ref().map(|d| &d.id), |c| &c.id);
    }
    Vec::new()
}

/// Records a failed load in place (shown inline on the node) and in the message log.
fn fail<T>(
    app: &mut App,
    slot: impl Fn(&mut Data) -> &mut std::collections::HashMap<String, Loadable<T>>,
    key: String,
    error: Error,
    doing: String,
) -> Vec<Effect> {
    slot(&mut app.data).insert(key, Loadable::Failed(error.clone()));
    app.log_error(doing, &error);
    Vec::new()
}
