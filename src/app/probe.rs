//! What `t` (test) and `p` (psql) involve in the app: how ppg reaches the database, the offer of a temporary
//! connection, and what a test found (one probe per endpoint, step by step; built by the runtime from
//! `connect`'s report) or how psql ended.
use chrono::{DateTime, Utc};

/// How ppg reaches the database for `t` or `p`. `Debug` never shows the strings (they hold passwords).
#[derive(Clone, PartialEq)]
pub enum Via {
    /// With strings ppg holds (minted in this session): each endpoint's name and string, pooled first.
    Held { connection: String, strings: Vec<(String, String)> },
    /// Through a temporary connection on this database, made for the occasion and deleted after.
    Temporary { database: String },
}

impl std::fmt::Debug for Via {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Via::Held { connection, strings } => {
                let endpoints: Vec<&str> = strings.iter().map(|(endpoint, _)| endpoint.as_str()).collect();
                write!(f, "Held {{ connection: {connection:?}, endpoints: {endpoints:?} }}")
            }
            Via::Temporary { database } => write!(f, "Temporary {{ database: {database:?} }}"),
        }
    }
}

impl Via {
    /// The pooled and direct strings of a connection as minted, pooled first (Accelerate's are not
    /// PostgreSQL's).
    pub fn strings_of(connection: &crate::api::Connection) -> Vec<(String, String)> {
        let mut strings: Vec<(String, String)> = connection
            .minted()
            .filter(|(endpoint, _)| matches!(*endpoint, "pooled" | "direct"))
            .map(|(endpoint, text)| (endpoint.to_owned(), text.to_owned()))
            .collect();
        strings.sort_by_key(|(endpoint, _)| endpoint != "pooled");
        strings
    }

    /// The string psql should use: direct (sessions keep their state), else the first one held.
    pub fn for_psql(strings: &[(String, String)]) -> Option<&(String, String)> {
        strings.iter().find(|(endpoint, _)| endpoint == "direct").or_else(|| strings.first())
    }
}

/// One step of a probe: `tcp connect  1.2 ms  127.0.0.1:5432`.
#[derive(Debug, Clone, PartialEq)]
pub struct ProbeStep {
    pub label: String,
    pub took: Option<String>,
    pub detail: String,
}

/// Where a probe stopped, in plain words, and what is likely behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProbeFailure {
    pub step: String,
    pub message: String,
    pub likely: Option<String>,
}

/// The test of one endpoint (`pooled`, `direct`).
#[derive(Debug, Clone, PartialEq)]
pub struct Probe {
    pub endpoint: String,
    /// `host:port`, the password never.
    pub address: String,
    pub steps: Vec<ProbeStep>,
    pub failure: Option<ProbeFailure>,
}

impl Probe {
    pub fn answered(&self) -> bool {
        self.failure.is_none()
    }
}

/// What became of a temporary connection: deleted, or left behind with how to delete it.
#[derive(Debug, Clone, PartialEq)]
pub enum TemporaryEnd {
    Deleted { name: String },
    Left { message: String },
}

impl TemporaryEnd {
    /// Whether the connection was left behind (the user must delete it).
    pub fn is_left(&self) -> bool {
        matches!(self, TemporaryEnd::Left { .. })
    }

    pub fn describe(&self) -> String {
        match self {
            TemporaryEnd::Deleted { name } => format!("the temporary connection {name} was deleted"),
            TemporaryEnd::Left { message } => message.clone(),
        }
    }
}

/// A test's outcome: the probes, or why none could run, and the temporary connection's end.
#[derive(Debug, Clone, PartialEq)]
pub struct Tested {
    pub probes: Result<Vec<Probe>, String>,
    pub temporary: Option<TemporaryEnd>,
}

/// The latest test of a database's connections, as its panes show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// The request it answers; an older test's answer is not this one.
    pub request: super::RequestId,
    /// What was tested: `app-server`, or `main-db through a temporary connection`.
    pub subject: String,
    pub started: DateTime<Utc>,
    /// `None` while the test runs.
    pub outcome: Option<Tested>,
}

impl Check {
    /// `pooled and direct answered`, `direct failed at authenticate`, `testing…`: the one-line summary.
    pub fn summary(&self) -> String {
        let Some(tested) = &self.outcome else { return "testing…".to_owned() };
        let probes = match &tested.probes {
            Err(message) => return message.clone(),
            Ok(probes) => probes,
        };
        let failed: Vec<&Probe> = probes.iter().filter(|probe| !probe.answered()).collect();
        let names = |probes: &mut dyn Iterator<Item = &Probe>| {
            probes.map(|probe| probe.endpoint.as_str()).collect::<Vec<_>>().join(" and ")
        };
        match failed.as_slice() {
            [] => format!("{} answered", names(&mut probes.iter())),
            [one] => {
                let step = one.failure.as_ref().map_or("", |failure| failure.step.as_str());
                format!("{} failed at {step}", one.endpoint)
            }
            _ if failed.len() == probes.len() => {
                let steps: Vec<&str> =
                    failed.iter().filter_map(|probe| probe.failure.as_ref()).map(|f| f.step.as_str()).collect();
                match steps.windows(2).all(|pair| pair[0] == pair[1]) {
                    true => format!("{} failed at {}", names(&mut failed.iter().copied()), steps[0]),
                    false => format!("{} failed", names(&mut failed.iter().copied())),
                }
            }
            _ => format!("{} failed", names(&mut failed.iter().copied())),
        }
    }

    /// Whether the test is over and something failed.
    pub fn failed(&self) -> bool {
        self.outcome.as_ref().is_some_and(|tested| {
            tested.probes.as_ref().map_or(true, |probes| probes.iter().any(|probe| !probe.answered()))
        })
    }
}

/// How a psql session ended: its exit, or why it could not run, and the temporary connection's end.
#[derive(Debug, Clone, PartialEq)]
pub struct PsqlEnded {
    pub database: String,
    pub exit: Result<String, String>,
    pub temporary: Option<TemporaryEnd>,
}

/// What `t` and `p` ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Test,
    Psql,
}

impl Purpose {
    pub fn verb(self) -> &'static str {
        match self {
            Purpose::Test => "test",
            Purpose::Psql => "open psql on",
        }
    }
}

/// The box that offers a temporary connection when ppg holds no strings for what was chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    pub purpose: Purpose,
    pub database: String,
    pub database_name: String,
    /// The connection chosen, when one was (ppg holds no strings for it).
    pub connection: Option<String>,
}

impl Offer {
    pub fn title(&self) -> String {
        match self.purpose {
            Purpose::Test => format!("Test {}", self.database_name),
            Purpose::Psql => format!("psql on {}", self.database_name),
        }
    }

    /// What the box says: why ppg cannot go straight there, and what it would do instead.
    pub fn lines(&self) -> Vec<String> {
        let why = match &self.connection {
            Some(name) => format!(
                "ppg holds no password for {name}: the API shows a connection's password only when it is \
                 created or rotated."
            ),
            None => format!("ppg holds no password for a connection of {}.", self.database_name),
        };
        let then = match self.purpose {
            Purpose::Test => "test it (pooled and direct)",
            Purpose::Psql => "open psql with it",
        };
        vec![
            why,
            String::new(),
            format!(
                "ppg can create a temporary connection (ppg-temp-…) on {}, {then}, and delete it right after.",
                self.database_name
            ),
        ]
    }
}
