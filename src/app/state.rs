//! The app's state in groups, so that a reader sees which part a function touches: where the user is
//! (`Browse`), what this session holds (`Session`), and what is under way (`Activity`).
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::keymap::Keymap;
use super::model::{Node, RequestId, RowKey};
use super::overlay::Filter;
use super::polling::Poll;
use super::probe::Check;
use super::selection::Anchors;
use super::settle::{PendingCheck, Sent};
use super::versioned::Versioned;
use super::{Badges, Pane};
use crate::api::{Connection, Route};

/// Where the user is: the selections, what is open, the focus, the filter, the scroll.
#[derive(Debug, Clone)]
pub struct Browse {
    pub expanded: Versioned<HashSet<Node>>,
    /// The tree's selection, by identity: data landing around it never moves it (`App::selected_node` is
    /// the node shown selected, which differs only while a filter hides this one).
    pub selected: Node,
    pub focus: Pane,
    /// The right pane's selection, by its row's key; `None` until its table has rows.
    pub detail_selected: Option<RowKey>,
    /// The first visible row of the tree and of the right pane's table (kept when rows land above).
    pub tree_scroll: usize,
    pub detail_scroll: usize,
    pub(super) anchors: Anchors,
    pub filter: Option<Filter>,
    /// The usage chart's cursor, a day (`None`: today); kept from database to database.
    pub usage_day: Option<NaiveDate>,
}

impl Default for Browse {
    fn default() -> Self {
        Browse {
            expanded: HashSet::from([Node::Workspace]).into(),
            selected: Node::Workspace,
            focus: Pane::Tree,
            detail_selected: None,
            tree_scroll: 0,
            detail_scroll: 0,
            anchors: Anchors::default(),
            filter: None,
            usage_day: None,
        }
    }
}

/// What this session holds: the secrets minted in it, the keys, the profiles and the header's badges.
#[derive(Debug, Clone, Default)]
pub struct Session {
    /// Connections minted in this session (created or rotated), with their strings; never written to disk.
    pub secrets: HashMap<String, Connection>,
    pub keymap: Keymap,
    /// Problems found in the config file (a bad key binding…), shown on screen.
    pub config_problems: Vec<String>,
    pub badges: Badges,
    /// The config's profiles, for `W`.
    pub profiles: Vec<String>,
    /// The config file in force, for help.
    pub config_path: Option<String>,
    /// The latest connection test of each database (by id), for its panes.
    pub checks: HashMap<String, Check>,
    /// The safety copy made before restoring over a database (by the target's id), named when it is done.
    pub safety_copies: HashMap<String, String>,
}

/// What is under way: requests, polls, changes in flight, lost answers being settled, the spinner.
#[derive(Debug, Clone, Default)]
pub struct Activity {
    /// Databases being polled until they settle, with the current poll interval in seconds.
    pub polling: HashMap<String, Poll>,
    /// A create whose answer was lost, settled when its list is back.
    pub pending_check: Option<PendingCheck>,
    /// What was known when each change in flight was sent, to settle it if its answer is lost.
    pub sent: HashMap<RequestId, Sent>,
    /// The workspace-wide lists asked for by `:` jump; other answers (an old profile's) are dropped.
    pub jump_requests: HashSet<RequestId>,
    /// The latest retry notice ("retry 2 of 8 after 429") and the request it belongs to, for the status line.
    pub retrying: Option<(Route, String)>,
    pub spinner: usize,
    pub(super) next_request: RequestId,
}
