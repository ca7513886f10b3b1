//! Settling a change whose answer was lost: what was known when it was sent, and the verdict (from
//! `crate::verdict`) on the list read after it. Nothing is claimed without its evidence.
use super::changes::Change;
use super::model::{Loadable, Node, Section};
use super::msg::Effect;
use super::polling::start_polling;
use super::{App, Tone};
use crate::api::DatabaseSource;
use crate::verdict::{self, Creation, Made, Restoration, Seen, SentCreate, SentRestore};

/// What was known when a change was sent, kept until its answer comes.
#[derive(Debug, Clone, PartialEq)]
pub enum Sent {
    Create {
        sent: SentCreate,
        kind: &'static str,
    },
    Restore {
        target: String,
        sent: SentRestore,
    },
    /// A delete or a rename, with the name of what it acts on: the verdict names it as it was.
    Named {
        name: String,
    },
    Other,
}

/// A change whose answer was lost, settled by looking at `list` once it is back.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingCheck {
    pub list: Node,
    pub lost: Lost,
}

/// What to look for in the list.
#[derive(Debug, Clone, PartialEq)]
pub enum Lost {
    /// A new item of `kind` that this request made.
    Create { sent: SentCreate, kind: &'static str },
    /// Whether `id` (called `name` when sent) is gone.
    Delete { id: String, name: String, kind: &'static str },
    /// Whether `id` (called `was` when sent) now has `name`.
    Rename { id: String, name: String, was: String, kind: &'static str },
    /// Whether `target` moved to the backup asked for.
    Restore { target: String, sent: SentRestore },
}

/// What to remember of `change` as it is sent: the ids its list shows, the time, the restore's target, the
/// name of what a delete or a rename acts on.
pub fn sending(app: &App, change: &Change, list: Option<&Node>) -> Sent {
    let create = |name: &str, kind| {
        let before = list.map(|list| seen_in(app, list).iter().map(|item| item.id.to_owned()).collect());
        let sent = SentCreate { before: before.unwrap_or_default(), name: name.to_owned(), sent_at: app.now };
        Sent::Create { sent, kind }
    };
    match change {
        Change::CreateProject { name, .. } => create(name, "project"),
        Change::CreateDatabase { name, .. } | Change::SafetyCopy { name, .. } => create(name, "database"),
        Change::CreateConnection { name, .. } => create(name, "connection"),
        Change::CreateServiceToken { name, .. } => create(name, "service token"),
        Change::Restore { target, source_database, backup } => {
            let before = app.data.database(target).map(|database| (database.status.clone(), database.source.clone()));
            let sent = SentRestore { source_database: source_database.clone(), backup: backup.clone(), before };
            Sent::Restore { target: target.clone(), sent }
        }
        _ if acted_on(change).is_some() => Sent::Named { name: change.subject(&app.data) },
        _ => Sent::Other,
    }
}

/// The id and kind of what `change` deletes or renames.
fn acted_on(change: &Change) -> Option<(&String, &'static str)> {
    match change {
        Change::DeleteProject { id } | Change::RenameProject { id, .. } => Some((id, "project")),
        Change::DeleteDatabase { id } | Change::RenameDatabase { id, .. } => Some((id, "database")),
        Change::DeleteConnection { id } => Some((id, "connection")),
        Change::DeleteBranch { id, .. } => Some((id, BRANCH)),
        Change::RevokeServiceToken { id, .. } => Some((id, "service token")),
        _ => None,
    }
}

/// What to look for after `change`'s answer was lost (`None`: nothing in a list can tell).
pub fn lost(change: &Change, sent: Sent) -> Option<Lost> {
    if let Some((id, kind)) = acted_on(change) {
        // Named as it was when sent; by its id when that was not kept.
        let was = match sent {
            Sent::Named { name } => name,
            _ => id.clone(),
        };
        let id = id.clone();
        return Some(match change {
            Change::RenameProject { name, .. } | Change::RenameDatabase { name, .. } => {
                Lost::Rename { id, name: name.clone(), was, kind }
            }
            _ => Lost::Delete { id, name: was, kind },
        });
    }
    match sent {
        Sent::Create { sent, kind } => Some(Lost::Create { sent, kind }),
        Sent::Restore { target, sent } => Some(Lost::Restore { target, sent }),
        Sent::Named { .. } | Sent::Other => None,
    }
}

/// The items the list `node` shows now.
fn seen_in<'a>(app: &'a App, node: &Node) -> Vec<Seen<'a>> {
    let data = &app.data;
    match node {
        Node::Workspace => data.projects().into_iter().map(Made::seen).collect(),
        Node::Project(project) => data.databases_of(project).into_iter().map(Made::seen).collect(),
        Node::Section(database, Section::Connections) => {
            data.connections_of(database).into_iter().map(Made::seen).collect()
        }
        Node::ServiceTokens => data.service_tokens().into_iter().map(Made::seen).collect(),
        _ => Vec::new(),
    }
}

/// What a lost branch delete is called: it is looked for among its project's branches, not its databases.
const BRANCH: &str = "branch";

/// The items a lost change is looked for among: a branch among its project's branches, else `node`'s list.
fn seen_for<'a>(app: &'a App, node: &Node, lost: &Lost) -> Vec<Seen<'a>> {
    match (node, lost) {
        (Node::Project(project), Lost::Delete { kind: BRANCH, .. }) => {
            app.data.branches_of(project).into_iter().map(Made::seen).collect()
        }
        _ => seen_in(app, node),
    }
}

/// Whether the list a lost change is looked for in has been read again whole (a project's databases and
/// its branches are read apart: the one that answers first must not settle what the other shows).
fn read_again(app: &App, node: &Node, lost: &Lost) -> bool {
    let data = &app.data;
    match (node, lost) {
        (Node::Workspace, _) => matches!(*data.projects, Loadable::Loaded(_)),
        (Node::Project(project), Lost::Delete { kind: BRANCH, .. }) => {
            matches!(data.branches.get(project), Some(Loadable::Loaded(_)))
        }
        (Node::Project(project), _) => matches!(data.databases.get(project), Some(Loadable::Loaded(_))),
        _ => true,
    }
}

/// After a list arrives: settles a change whose answer was lost, by what the list shows now.
pub fn settle(app: &mut App, node: &Node) -> Vec<Effect> {
    let Some(check) = app.activity.pending_check.take_if(|check| &check.list == node) else { return Vec::new() };
    if !read_again(app, node, &check.lost) {
        app.activity.pending_check = Some(check);
        return Vec::new();
    }
    let listed: Vec<(String, String)> =
        seen_for(app, node, &check.lost).iter().map(|item| (item.id.to_owned(), item.name.to_owned())).collect();
    let named = |id: &str| listed.iter().find(|(listed, _)| listed == id).map(|(_, name)| name.clone());
    let findings = findings(app, node, &check.lost);
    let mut effects = Vec::new();
    // What was asked and happened is said as a success: a selection moved by it is added to the toast.
    let (tone, text) = match check.lost {
        Lost::Create { sent, kind } => match verdict::creation(&sent, seen_in(app, node)) {
            Creation::Created { id } => (
                Tone::Success,
                format!(
                    "the {kind} {} WAS created ({id}) though its answer was lost; its secret went with the answer{}",
                    sent.name,
                    match kind {
                        "connection" => ": rotate it (o) to get one",
                        "service token" => ": revoke it (d) and create another",
                        _ => "",
                    }
                ),
            ),
            Creation::NotCreated => {
                (Tone::Info, format!("no {kind} named {} was created: it is safe to try again", sent.name))
            }
            Creation::Unknown { why } => (
                Tone::Info,
                format!("unknown whether the {kind} {} was created: look before trying again ({why})", sent.name),
            ),
        },
        Lost::Delete { id, name, kind } => {
            let verb = if kind == "service token" { "revoked" } else { "deleted" };
            match named(&id) {
                Some(_) => (Tone::Info, format!("the {kind} {name} was NOT {verb}: it is safe to try again")),
                None => (Tone::Success, format!("the {kind} {name} WAS {verb}, though the answer was lost")),
            }
        }
        Lost::Rename { id, name, was, kind } => match named(&id) {
            Some(now) if now == name => {
                (Tone::Success, format!("the {kind} {was} WAS renamed to {name}, though the answer was lost"))
            }
            Some(now) => {
                (Tone::Info, format!("the {kind} {was} was NOT renamed: still {now}; it is safe to try again"))
            }
            None => (Tone::Info, format!("the {kind} {was} is gone")),
        },
        Lost::Restore { target, sent } => {
            let name = app.data.database(&target).map_or_else(|| target.clone(), |d| d.name.clone());
            match verdict::restoration(&sent, app.data.database(&target)) {
                Restoration::Started => {
                    effects.extend(start_polling(app, &target));
                    (Tone::Success, format!("the restore over {name} WAS started, though its answer was lost"))
                }
                Restoration::Unknown { why } => (
                    Tone::Info,
                    format!(
                        "unknown whether the restore over {name} started: check its status and source before trying again ({why})"
                    ),
                ),
            }
        }
    };
    app.toast(tone, text);
    app.messages.add_findings(findings);
    effects
}

/// What the list read after a lost answer showed, for the message log: the evidence the verdict rests on.
fn findings(app: &App, node: &Node, lost: &Lost) -> Vec<String> {
    let seen = seen_for(app, node, lost);
    let looked = format!("looked at {} again at {}", list_name(app, node), app.now.format("%H:%M:%S"));
    match lost {
        Lost::Create { sent, kind } => {
            let new: Vec<String> = seen
                .iter()
                .filter(|item| !sent.before.contains(item.id))
                .map(|item| format!("{} ({}, created {})", item.name, item.id, item.created_at))
                .collect();
            let mut lines = vec![
                format!("{looked}: {} {kind}s listed, {} more than when the request was sent", seen.len(), new.len()),
                format!("sent at {} asking for the name {}", sent.sent_at.format("%H:%M:%S%.3f"), sent.name),
            ];
            lines.extend(new.into_iter().map(|item| format!("new: {item}")));
            lines
        }
        Lost::Delete { id, kind, .. } => {
            let listed = seen.iter().any(|item| item.id == id);
            vec![format!(
                "{looked}: the {kind} {id} is {}",
                if listed { "still listed" } else { "not listed any more" }
            )]
        }
        Lost::Rename { id, .. } => match seen.iter().find(|item| item.id == id) {
            Some(item) => vec![format!("{looked}: {id} is named {}", item.name)],
            None => vec![format!("{looked}: {id} is not listed any more")],
        },
        Lost::Restore { target, sent } => {
            let before = match &sent.before {
                Some((status, source)) => format!("{status}, data from {}", source_text(source.as_ref())),
                None => "not known".to_owned(),
            };
            let now = match app.data.database(target) {
                Some(database) => format!("{}, data from {}", database.status, source_text(database.source.as_ref())),
                None => "not listed".to_owned(),
            };
            vec![format!("{looked}: {target} is {now}"), format!("before the request it was {before}")]
        }
    }
}

/// "the connections of main-db", "the projects".
fn list_name(app: &App, node: &Node) -> String {
    match node {
        Node::Workspace => "the projects".to_owned(),
        Node::Project(id) => {
            format!("the databases of {}", app.data.project(id).map_or(id.as_str(), |project| &project.name))
        }
        Node::Section(database, Section::Connections) => {
            format!("the connections of {}", app.data.database_name(database))
        }
        Node::ServiceTokens => "the service tokens".to_owned(),
        other => format!("{other:?}"),
    }
}

fn source_text(source: Option<&DatabaseSource>) -> String {
    match source {
        Some(DatabaseSource::Backup { database_id, backup_id }) => format!("backup {backup_id} of {database_id}"),
        Some(DatabaseSource::Database { database_id }) => format!("a copy of {database_id}"),
        Some(other) => format!("an {} source", other.kind()),
        None => "no source".to_owned(),
    }
}

#[cfg(test)]
#[path = "settle_tests.rs"]
mod tests;
