//! The TUI's state and its pure `update`: messages in, state changed, effects out; no IO here.
mod action;
mod after;
mod branches;
mod changed;
mod changes;
mod connect;
mod copy;
mod detail;
mod dialogs;
mod edit;
mod forms;
mod jump;
pub mod keymap;
mod load;
mod messages;
mod model;
mod msg;
mod nearest;
mod overlay;
mod overlay_keys;
mod polling;
mod probe;
mod replies;
mod secrets;
mod selection;
mod settle;
mod state;
mod tokens;
mod tree;
mod update;
mod usage;
mod versioned;

use std::collections::HashMap;

use chrono::{DateTime, Utc};

pub use branches::UNASSIGNED;
pub use changes::{Change, Changed};
pub use copy::{CopyItem, CopyMenu, MenuAct, mask};
pub use detail::{DetailRow, rows as detail_rows};
pub use dialogs::{Button, Confirm, Focus, RestoreDialog, RestoreMode, RestoreRow, TypedName};
pub use forms::{Choice, ChoiceValue, Field, Form, FormKind, Outcome};
pub use jump::{Candidate, Jump, JumpTarget};
pub use keymap::{Action, Key, Keymap, Mode, Press};
pub use messages::{Message, Messages};
pub use model::{Data, Loadable, Node, RequestId, RowKey, Section, UsageData, UsageSlot, keeps_no_backups};
pub use msg::{CopiedTo, Effect, EnvRefusal, Fetch, Msg, Reply};
pub use overlay::{Filter, Overlay};
pub use overlay_keys::{help_mode, mode};
pub use polling::Poll;
pub use probe::{Check, Offer, Probe, ProbeFailure, ProbeStep, PsqlEnded, Purpose, TemporaryEnd, Tested, Via};
pub use secrets::{Minted, NO_ENV_FOR_TOKENS, Secret, SecretPanel, shown_once, token_shown_once};
pub use selection::window as scroll_window;
pub use settle::{Lost, PendingCheck, Sent};
pub use state::{Activity, Browse, Session};
pub use tree::{Row, SERVICE_TOKENS};
pub use update::update;
pub use usage::{CHART_DAYS, ProjectUsage, chart_days, cursor_day, project_usage};
pub use versioned::Versioned;

use crate::api::{Error, Progress};

/// Below this size only a message asking for a larger window is drawn, and keys other than quitting wait.
pub const MIN_WIDTH: u16 = 50;
pub const MIN_HEIGHT: u16 = 12;

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Tree,
    Detail,
}

/// The whole screen's purpose.
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    /// No token anywhere: explain how to set one, offer the demo.
    FirstRun,
    /// The workspace.
    Browse,
    /// The API refused the token (401): say so plainly, with what to do.
    Rejected(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Success,
    Error,
}

/// The last message in the status line.
#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    pub text: String,
    pub tone: Tone,
}

/// An error kept for the message log (`!`) and for the footer's hint.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedError {
    pub at: DateTime<Utc>,
    /// What ppg was doing, such as "loading backups of main-db".
    pub doing: String,
    pub error: Error,
}

/// What the header shows besides the breadcrumbs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Badges {
    pub profile: Option<String>,
    pub demo: bool,
    pub read_only: bool,
    /// The API's `host[:port]` when it is not the default one.
    pub host: Option<String>,
}

/// How the app starts.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub has_token: bool,
    pub badges: Badges,
    pub keymap: Keymap,
    /// Problems found in the config file (a bad key binding…), shown on screen.
    pub config_problems: Vec<String>,
    pub now: Option<DateTime<Utc>>,
    /// The config's profiles, for `W`.
    pub profiles: Vec<String>,
    /// The config file in force, shown in help (`None`: ppg's default place).
    pub config_path: Option<String>,
}

#[derive(Debug, Clone)]
pub struct App {
    pub screen: Screen,
    pub data: Data,
    pub browse: Browse,
    pub session: Session,
    pub activity: Activity,
    pub overlay: Option<Overlay>,
    pub toast: Option<Toast>,
    pub errors: Vec<LoggedError>,
    /// Every toast, failure and finding of the session, for the message log (`!`).
    pub messages: Messages,
    pub now: DateTime<Utc>,
    pub size: (u16, u16),
    /// How many rows of the tree and of the right pane's table show at once: the drawing's geometry, given
    /// by whoever draws the app (`tui::Console` gives `ui::list_heights`), so scrolling matches the screen.
    pub heights: Heights,
    /// How far the open help or error log scrolls (its lines less the rows that show), given by the drawing
    /// like `heights`, so that `G` lands on the last page and `k` moves from there at once.
    pub scroll_limit: fn(&App) -> usize,
    /// The tree's rows, kept between changes (see `tree::Memo`).
    rows_memo: tree::Memo,
}

/// The rows of the tree, and of the right pane's table for a node, that show at once at the app's size.
pub type Heights = fn(&App, &Node) -> (usize, usize);

/// Until a drawing gives its own: the whole height less the frame, header and footer lines.
fn rough_heights(app: &App, _node: &Node) -> (usize, usize) {
    let rows = usize::from(app.size.1).saturating_sub(5);
    (rows, rows.saturating_sub(1))
}

impl App {
    /// A new app and the effects that start it: who am I, and the projects.
    pub fn new(options: Options) -> (App, Vec<Effect>) {
        let mut app = App {
            screen: if options.has_token { Screen::Browse } else { Screen::FirstRun },
            data: Data::default(),
            browse: Browse::default(),
            session: Session {
                checks: HashMap::new(),
                safety_copies: HashMap::new(),
                secrets: HashMap::new(),
                keymap: options.keymap,
                config_problems: options.config_problems,
                badges: options.badges,
                profiles: options.profiles,
                config_path: options.config_path,
            },
            activity: Activity::default(),
            overlay: None,
            toast: None,
            errors: Vec::new(),
            messages: Messages::default(),
            now: options.now.unwrap_or_else(Utc::now),
            size: (100, 30),
            heights: rough_heights,
            scroll_limit: |_| usize::MAX / 2,
            rows_memo: tree::Memo::default(),
        };
        if let Some(problem) = app.session.config_problems.first() {
            app.toast(Tone::Error, format!("config: {problem}"));
        }
        let effects = if app.screen == Screen::Browse { app.start_loading() } else { Vec::new() };
        (app, effects)
    }

    /// Forgets every fetched thing and loads the workspace again (start, demo, profile switch).
    pub fn start_loading(&mut self) -> Vec<Effect> {
        self.data = Data::default();
        let filter = self.browse.filter.take();
        self.browse = Browse { filter, ..Browse::default() };
        let activity = &mut self.activity;
        activity.polling.clear();
        activity.sent.clear();
        activity.pending_check = None;
        activity.jump_requests.clear();
        [Fetch::Me, Fetch::Projects]
            .into_iter()
            .filter_map(|fetch| load::load(self, fetch, load::When::Again))
            .collect()
    }

    /// Keeps the latest retry notice until the request it belongs to is over.
    pub fn on_progress(&mut self, progress: &Progress) -> Vec<Effect> {
        match progress {
            Progress::Retrying { route, .. } => {
                self.activity.retrying = progress.retry_notice().map(|notice| (route.clone(), notice))
            }
            Progress::Finished { route }
                if self.activity.retrying.as_ref().is_some_and(|(retried, _)| retried == route) =>
            {
                self.activity.retrying = None;
            }
            _ => {}
        }
        Vec::new()
    }

    fn request(&mut self) -> RequestId {
        self.activity.next_request += 1;
        self.activity.next_request
    }

    /// Whether anything is in flight (the spinner ticks only then).
    pub fn is_loading(&self) -> bool {
        let data = &self.data;
        data.me.is_loading()
            || data.projects.is_loading()
            || data.databases.values().any(Loadable::is_loading)
            || data.branches.values().any(Loadable::is_loading)
            || data.connections.values().any(Loadable::is_loading)
            || data.backups.values().any(Loadable::is_loading)
            || data.usage.values().any(|usage| {
                usage.this_month.is_loading()
                    || usage.last_month.is_loading()
                    || usage.days.values().any(Loadable::is_loading)
            })
    }

    /// The visible rows of the tree.
    pub fn rows(&self) -> std::sync::Arc<Vec<Row>> {
        tree::rows(self)
    }

    /// The node shown selected in the tree.
    pub fn selected_node(&self) -> Node {
        let rows = self.rows();
        rows.get(selection::tree_index(self, &rows)).map_or(Node::Workspace, |row| row.node.clone())
    }

    /// The index of the selected row among the tree's visible rows `rows`.
    pub fn tree_index(&self, rows: &[Row]) -> usize {
        selection::tree_index(self, rows)
    }

    /// The index of the selected row among `rows`, the right pane's rows for `node`.
    pub fn detail_index(&self, node: &Node, rows: &[DetailRow]) -> usize {
        selection::detail_index(self, node, rows)
    }

    /// Whether the window is too small to show the console (then keys other than quitting do nothing).
    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// The workspace's name once `/v1/me` answered.
    pub fn workspace_name(&self) -> Option<&str> {
        self.data.me.value().and_then(|me| me.workspace.as_ref()).map(|workspace| workspace.name.as_str())
    }

    /// Shows `text` in the status line and keeps it in the message log.
    fn toast(&mut self, tone: Tone, text: impl Into<String>) {
        let text = text.into();
        self.messages.push(Message::said(self.now, tone, text.clone()));
        self.toast = Some(Toast { text, tone });
    }

    /// Keeps a failure in the message log (with its error and advice) and in `errors`.
    fn keep_error(&mut self, doing: String, error: &Error) {
        self.messages.push(Message::failed(self.now, doing.clone(), error.clone()));
        self.errors.push(LoggedError { at: self.now, doing, error: error.clone() });
    }

    /// A failure: said in the status line in one line, kept in the log with its details.
    fn log_error(&mut self, doing: impl Into<String>, error: &Error) {
        let doing = doing.into();
        let text = match error.advice() {
            Some(advice) => format!("{doing}: {error} — {advice}"),
            None => format!("{doing}: {error}"),
        };
        self.toast = Some(Toast { text, tone: Tone::Error });
        self.keep_error(doing, error);
    }

    /// Logs a failure of the workspace's first reads; a refused token (401) turns the screen into the
    /// token-refused one, said once whichever read was refused first.
    fn log_failure(&mut self, doing: &str, error: &Error) {
        if error.status() != Some(401) {
            return self.log_error(doing, error);
        }
        self.keep_error(doing.to_owned(), error);
        if !matches!(self.screen, Screen::Rejected(_)) {
            let route = format!("{}: ", error.route());
            let text = error.to_string();
            self.screen = Screen::Rejected(text.strip_prefix(&route).unwrap_or(&text).to_owned());
            self.toast(Tone::Error, "the API refused the token; ! shows each refused request");
        }
    }

    /// Logs each item of a list that did not decode (once, however often the list is read again), with
    /// its path in the answer that listed it, and says in one toast how many there were.
    fn log_unreadable(&mut self, unreadable: &[crate::api::Unreadable]) {
        let mut fresh = 0;
        for item in unreadable {
            let Some(error) = item.error() else { continue };
            let doing = format!("reading {}", item.label());
            if !self.errors.iter().any(|logged| logged.doing == doing && logged.error == error) {
                self.keep_error(doing, &error);
                fresh += 1;
            }
        }
        if let (Some(item), 1..) = (unreadable.first(), fresh) {
            let plural = if fresh == 1 { "" } else { "s" };
            self.toast(Tone::Error, format!("{fresh} {}{plural} could not be read; ! shows why", item.kind));
        }
    }
}

#[cfg(test)]
mod tests;
