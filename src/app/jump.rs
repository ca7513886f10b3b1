//! `:` jump: fuzzy-find any project, database or connection of the workspace by name or id.
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::model::Data;

/// Where a jump lands.
#[derive(Debug, Clone, PartialEq)]
pub enum JumpTarget {
    Project(String),
    Database(String),
    Connection { database: String, connection: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// `kind  name  id`, what is matched.
    pub text: String,
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

/// Every project, database and connection known so far.
pub fn candidates(data: &Data) -> Vec<Candidate> {
    let mut all = Vec::new();
    for project in data.projects.value().into_iter().flatten() {
        all.push(Candidate {
            text: format!("project  {}  {}", project.name, project.id),
            parents: String::new(),
            target: JumpTarget::Project(project.id.clone()),
        });
    }
    for database in data.databases.values().filter_map(|d| d.value()).flatten() {
        let project = database.project.as_ref().map(|project| project.name.as_str());
        all.push(Candidate {
            text: format!("database  {}  {}", database.name, database.id),
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
                parents: parents(names),
                target: JumpTarget::Connection { database: database.clone(), connection: connection.id.clone() },
            });
        }
    }
    // Projects first, then databases, then connections (an empty query lists them so), each by text.
    let rank = |target: &JumpTarget| match target {
        JumpTarget::Project(_) => 0,
        JumpTarget::Database(_) => 1,
        JumpTarget::Connection { .. } => 2,
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
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.text.cmp(&b.1.text)));
    scored.into_iter().take(limit).map(|(_, candidate)| candidate.clone()).collect()
}

/// Results shown at most.
const RESULTS: usize = 50;

impl Jump {
    /// Recomputes the results after the query or the data changed.
    pub fn refresh(&mut self, data: &Data) {
        self.matches = search(&candidates(data), &self.query, RESULTS);
        self.selected = self.selected.min(self.matches.len().saturating_sub(1));
    }
}
