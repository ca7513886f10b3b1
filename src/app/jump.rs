//! `:` jump: fuzzy-find any project, branch, database or connection of the workspace by name or id; a query that
//! reads as a time offers the backup nearest to it first.
use chrono::{DateTime, Utc};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::model::{Data, RequestId};
use super::nearest::{self, Found, Span};
use crate::format::parse_span;

/// Where a jump lands.
#[derive(Debug, Clone, PartialEq)]
pub enum JumpTarget {
    Project(String),
    /// A branch of a project, by its role and git name.
    Branch {
        project: String,
        branch: String,
    },
    Database(String),
    Connection {
        database: String,
        connection: String,
    },
    /// A backup, nearest to the time typed: its row in the database's Backups table.
    Backup {
        database: String,
        backup: String,
    },
    /// A database's Backups section, for a time typed when no backup of it can be offered: not loaded yet
    /// (Enter loads them, then lands on the nearest), or none completed.
    Backups {
        database: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// `kind  name  id`, what is matched.
    pub text: String,
    /// Its name: a query that is this name whole puts it first.
    pub name: String,
    /// ` · main-db · checkout-service`: where it is, shown after its name (not matched, so a query finds
    /// what is named so before what lives under it).
    pub parents: String,
    pub target: JumpTarget,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Jump {
    pub query: String,
    /// The best matches for `query`, best first.
    pub matches: Vec<Candidate>,
    pub selected: usize,
    /// Enter was pressed before the workspace's index arrived: jump when it has.
    pub waiting: bool,
    /// The database whose backups come first when the query reads as a time: the one in view when the
    /// jump opened (the selected tree node's), if any.
    pub in_view: Option<String>,
    /// The query read as a time (its first and last instant), else `None`.
    pub span: Option<Span>,
    /// Enter was pressed on a database's backups not loaded yet: that database and the request loading them;
    /// the jump lands on its nearest backup when that answer is in (`after::after_data`).
    pub loading: Option<(String, RequestId)>,
}

/// The names of a candidate's parents: ` · main-db · checkout-service`.
fn parents<'a>(names: impl IntoIterator<Item = Option<&'a str>>) -> String {
    let mut text = String::new();
    for parent in names.into_iter().flatten() {
        text.push_str(" · ");
        text.push_str(parent);
    }
    text
}

/// Every project, branch, database and connection known so far.
pub fn candidates(data: &Data) -> Vec<Candidate> {
    let mut all = Vec::new();
    for project in data.projects.value().into_iter().flatten() {
        all.push(Candidate {
            text: format!("project  {}  {}", project.name, project.id),
            name: project.name.clone(),
            parents: String::new(),
            target: JumpTarget::Project(project.id.clone()),
        });
    }
    for (project, branches) in data.branches.iter() {
        let name = data.project(project).map(|project| project.name.as_str());
        for branch in branches.value().into_iter().flatten() {
            all.push(Candidate {
                text: format!("branch  {}  {}", branch.label(), branch.id),
                name: branch.name().to_owned(),
                parents: parents([name]),
                target: JumpTarget::Branch { project: project.clone(), branch: branch.id.clone() },
            });
        }
    }
    for database in data.databases.values().filter_map(|d| d.value()).flatten() {
        let project = database.project.as_ref().map(|project| project.name.as_str());
        all.push(Candidate {
            text: format!("database  {}  {}", database.name, database.id),
            name: database.name.clone(),
            parents: parents([project]),
            target: JumpTarget::Database(database.id.clone()),
        });
    }
    for (database, connections) in &data.connections {
        let parent = data.database(database);
        let names = [parent.map(|d| d.name.as_str()), parent.and_then(|d| d.project.as_ref()).map(|p| p.name.as_str())];
        for connection in connections.value().into_iter().flatten() {
            all.push(Candidate {
                text: format!("connection  {}  {}", connection.name, connection.id),
                name: connection.name.clone(),
                parents: parents(names),
                target: JumpTarget::Connection { database: database.clone(), connection: connection.id.clone() },
            });
        }
    }
    // Projects first, then branches, databases, connections (an empty query lists them so), each by text.
    let rank = |target: &JumpTarget| match target {
        JumpTarget::Project(_) => 0,
        JumpTarget::Branch { .. } => 1,
        JumpTarget::Database(_) => 2,
        JumpTarget::Connection { .. } => 3,
        JumpTarget::Backup { .. } | JumpTarget::Backups { .. } => 4,
    };
    all.sort_by(|a, b| rank(&a.target).cmp(&rank(&b.target)).then_with(|| a.text.cmp(&b.text)));
    all.dedup_by(|a, b| a.target == b.target);
    all
}

/// The candidates matching `query`, best first, at most `limit`.
pub fn search(candidates: &[Candidate], query: &str, limit: usize) -> Vec<Candidate> {
    if query.trim().is_empty() {
        return candidates.iter().take(limit).cloned().collect();
    }
    let mut matcher = Matcher::new(Config::DEFAULT);
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut buffer = Vec::new();
    let mut scored: Vec<(u32, &Candidate)> = candidates
        .iter()
        .filter_map(|candidate| {
            pattern.score(Utf32Str::new(&candidate.text, &mut buffer), &mut matcher).map(|score| (score, candidate))
        })
        .collect();
    // A name typed whole first; then the better match; equal ones keep the candidates' order (projects,
    // branches, databases, connections, each by text).
    let whole = |candidate: &Candidate| candidate.name.trim().eq_ignore_ascii_case(query.trim());
    scored.sort_by(|a, b| whole(b.1).cmp(&whole(a.1)).then(b.0.cmp(&a.0)));
    scored.into_iter().take(limit).map(|(_, candidate)| candidate.clone()).collect()
}

/// The candidates for a time typed: the nearest backup of the database in view (or what stands in its way),
/// then of every other database whose backups are known.
pub fn backup_candidates(data: &Data, in_view: Option<&str>, span: Span) -> Vec<Candidate> {
    let words = nearest::offset_words;
    nearest::nearest(data, in_view, span)
        .into_iter()
        .map(|found| {
            let database = found.database.to_owned();
            let name = data.database_name(&database);
            let state = match found.found {
                Found::Backup(backup, offset) => {
                    let when = backup.created_at.format("%Y-%m-%d %H:%M UTC");
                    return Candidate {
                        text: format!("backup  {when} · {}  {}", words(offset, span), backup.id),
                        name: backup.id.clone(),
                        parents: parents([Some(name.as_str())]),
                        target: JumpTarget::Backup { database, backup: backup.id.clone() },
                    };
                }
                Found::NoneCompleted => "no completed backup",
                Found::NotLoaded => "not loaded · Enter loads them",
                Found::Failed => "could not be read · Enter tries again",
                Found::Remote => "a remote database: no backups are kept",
                Found::Loading => "loading…",
            };
            Candidate {
                text: format!("backups  {name}: {state}  {database}"),
                name: name.clone(),
                parents: String::new(),
                target: JumpTarget::Backups { database },
            }
        })
        .collect()
}

/// Results shown at most.
const RESULTS: usize = 50;

impl Jump {
    /// A jump opened with `in_view` the database in view.
    pub fn new(in_view: Option<String>) -> Self {
        Jump { in_view, ..Jump::default() }
    }

    /// Recomputes the results after the query or the data changed; `now` reads `today` and `yesterday`.
    pub fn refresh(&mut self, data: &Data, now: DateTime<Utc>) {
        self.span = parse_span(&self.query, now).ok();
        let mut matches = match self.span {
            Some(span) => backup_candidates(data, self.in_view.as_deref(), span),
            None => Vec::new(),
        };
        matches.extend(search(&candidates(data), &self.query, RESULTS));
        matches.truncate(RESULTS);
        self.matches = matches;
        self.selected = self.selected.min(self.matches.len().saturating_sub(1));
    }

    /// The line under the query when it reads as a time: how it was read, and what comes first.
    pub fn time_note(&self) -> Option<String> {
        let span = self.span?;
        let read = nearest::read_as(span);
        let offered = self
            .matches
            .iter()
            .any(|candidate| matches!(candidate.target, JumpTarget::Backup { .. } | JumpTarget::Backups { .. }));
        Some(match (&self.loading, offered) {
            (Some(_), _) => format!("{read}: Enter pressed, loading the backups…"),
            (None, true) => format!("{read}: the nearest completed backup first"),
            (None, false) => format!("{read}: select a database first to find its nearest backup"),
        })
    }
}
