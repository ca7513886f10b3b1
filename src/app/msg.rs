//! What happens to the app (`Msg`) and what it asks the runtime to do (`Effect`).
use std::time::Duration;

use chrono::{DateTime, Utc};
use crossterm::event::{KeyEvent, MouseEvent};

use super::changes::{Change, Changed};
use super::model::{RequestId, UsageSlot};
use super::probe::{PsqlEnded, Tested, Via};
use crate::api::{
    BackupList, Branch, Connection, Database, Error, Listing, Me, Project, RegionInfo, ServiceToken, Usage,
};

#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// A click on a tree row (the terminal loop maps the screen cell to the row).
    SelectRow(usize),
    /// The spinner's beat; only sent while something loads.
    Tick,
    /// The config's `refresh_interval` elapsed: reload what is on screen.
    AutoRefresh,
    /// An answer from the API, tagged with the request it answers.
    Reply {
        request: RequestId,
        reply: Box<Reply>,
    },
    /// The clipboard's verdict on a copy: where it went, or why it failed.
    Copied {
        label: String,
        outcome: Result<CopiedTo, String>,
    },
    /// The status line's message has been shown long enough.
    ToastExpired,
    /// The configured delay after a copy is over: time to empty the clipboard.
    ClearClipboard,
    /// The clipboard was emptied after the configured delay (the path used, or why it failed).
    ClipboardCleared(Result<CopiedTo, String>),
    /// The runtime now talks to another API (the demo, another profile): start over with these badges.
    Connected(super::Badges),
    /// Starting the demo or switching profile failed.
    ConnectFailed(String),
    /// What became of writing `.env`.
    EnvWritten(Result<String, EnvRefusal>),
    /// A request is being retried, or a retried request is over (forwarded from the client's observer).
    Progress(crate::api::Progress),
    /// What testing a database's connection found (`Effect::Test`).
    Tested {
        request: RequestId,
        database: String,
        tested: Tested,
    },
    /// The console is back from psql (`Effect::Psql`).
    PsqlEnded(PsqlEnded),
}

/// Where a copy went, as the clipboard reported it (docs/clipboard.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopiedTo {
    /// The system clipboard.
    System,
    /// tmux's paste buffer and, when `clipboard`, through tmux the outer terminal's clipboard.
    Tmux { clipboard: bool },
    /// The OSC 52 sequence written to the terminal: sent, but whether the terminal took it is unknown.
    Terminal,
}

impl CopiedTo {
    /// `copied id (system clipboard)`, `sent id to your terminal (OSC 52); …`: what happened, exactly.
    pub fn toast(self, what: &str) -> String {
        match self {
            CopiedTo::System => format!("copied {what} (system clipboard)"),
            CopiedTo::Tmux { clipboard: true } => {
                format!("copied {what} to tmux's buffer and your terminal's clipboard")
            }
            CopiedTo::Tmux { clipboard: false } => format!("copied {what} to tmux's buffer (paste with prefix ])"),
            CopiedTo::Terminal => {
                format!("sent {what} to your terminal (OSC 52); if nothing pasted, see docs/clipboard.md")
            }
        }
    }
}

/// Why `.env` was not written.
#[derive(Debug, Clone, PartialEq)]
pub enum EnvRefusal {
    /// `.env` is not ignored by git: the user is asked before a secret lands in a repository.
    NotIgnored,
    Failed(String),
}

// Each reply is built once and moved once (boxed inside `Msg`), so unequal variant sizes cost nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Reply {
    Me(Result<Me, Error>),
    /// One page of projects: `first` replaces what is shown, `done` on the last.
    Projects {
        page: Result<Listing<Project>, Error>,
        first: bool,
        done: bool,
    },
    /// A project's databases; `cut_short` when the list failed after some were read (those are `result`).
    Databases {
        project: String,
        result: Result<Listing<Database>, Error>,
        cut_short: Option<Error>,
    },
    /// A project's branches (empty for a project without any).
    Branches {
        project: String,
        result: Result<Listing<Branch>, Error>,
    },
    Connections {
        database: String,
        result: Result<Listing<Connection>, Error>,
        cut_short: Option<Error>,
    },
    Backups {
        database: String,
        result: Result<BackupList, Error>,
    },
    Usage {
        database: String,
        slot: UsageSlot,
        result: Result<Usage, Error>,
    },
    /// A poll of one database's status.
    Database {
        database: String,
        result: Result<Database, Error>,
    },
    /// Every database and connection of the workspace, for `:` jump.
    AllDatabases(Result<Listing<Database>, Error>),
    AllConnections(Result<Listing<Connection>, Error>),
    Regions(Result<Listing<RegionInfo>, Error>),
    Subscription(Result<crate::api::Subscription, Error>),
    /// The workspace's service tokens; `cut_short` when the list failed after some were read.
    ServiceTokens {
        result: Result<Listing<ServiceToken>, Error>,
        cut_short: Option<Error>,
    },
    /// What a change answered.
    Changed {
        change: Change,
        result: Result<Changed, Error>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Fetch {
    Me,
    Projects,
    Databases {
        project: String,
    },
    Branches {
        project: String,
    },
    Connections {
        database: String,
    },
    Backups {
        database: String,
    },
    Usage {
        database: String,
        slot: UsageSlot,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    },
    /// Polls a database after `after`.
    Database {
        database: String,
        after: Duration,
    },
    AllDatabases,
    AllConnections,
    Regions,
    /// The plan of the workspace `workspace`.
    Subscription {
        workspace: String,
    },
    /// The service tokens of the workspace `workspace`.
    ServiceTokens {
        workspace: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Fetch {
        request: RequestId,
        fetch: Fetch,
    },
    /// Put `text` on the clipboard; `label` names it in the toast.
    Copy {
        text: String,
        label: String,
    },
    /// Empty the clipboard (the configured delay after a copy is over).
    ClearClipboard,
    /// Send a change to the API (never in read-only mode: `update` does not make one then).
    Change {
        request: RequestId,
        change: Change,
    },
    /// Write or update `DATABASE_URL`/`DIRECT_URL` in `./.env`; unless `force`, only when git ignores it.
    WriteEnv {
        lines: Vec<String>,
        force: bool,
    },
    /// Start the in-process emulator and talk to it.
    StartDemo,
    /// Talk to the API of this profile of the config file.
    SwitchProfile(String),
    /// Test the connection to `database`, each endpoint, in the background; answered by `Msg::Tested`.
    Test {
        request: RequestId,
        database: String,
        via: Via,
    },
    /// Leave the screen to psql on `database` and come back when it ends; answered by `Msg::PsqlEnded`.
    Psql {
        database: String,
        via: Via,
    },
    Quit,
}
