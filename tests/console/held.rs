//! Replies held back: the runtime's messages wait until the test delivers them, in any order, late or twice.
use std::sync::Arc;

use ppg::app::{App, Badges, Msg, Options};
use ppg::emulator::DEFAULT_TOKEN;
use ppg::runtime::{Profiles, Runtime};
use ppg::tui::{Console, Pace};
use ppg::ui::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use super::{Harness, clock};

/// The runtime's replies kept from the console until the test delivers them, in any order, late or twice.
pub struct Held {
    pub(super) from_runtime: UnboundedReceiver<Msg>,
    pub(super) to_console: UnboundedSender<Msg>,
    pub(super) waiting: Vec<Msg>,
    pub(super) delivered: Vec<Msg>,
}

impl Harness {
    /// The demo whose replies (every message the runtime sends) wait until the test delivers them with
    /// [`Harness::deliver`] or [`Harness::deliver_again`]; nothing is answered yet.
    pub fn holding() -> Harness {
        let mut harness = Harness::build(DEFAULT_TOKEN, true, true, ppg::emulator::Seed::Demo, false);
        let (to_runtime, from_runtime) = unbounded_channel();
        let ppg_runtime = Runtime::new(Some(harness.client.clone()), to_runtime, Profiles::default())
            .with_clipboard(Box::new(harness.clipboard.clone()), None)
            .with_psql(super::batch_psql(&["select 1"]));
        let (to_console, replies) = unbounded_channel();
        let terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        let options = Options {
            has_token: true,
            badges: Badges { demo: true, ..Badges::default() },
            now: Some(clock()),
            ..Options::default()
        };
        let pace = Pace { tick: None, toast_for: None, clock: Arc::new(clock), ..Pace::default() };
        harness.console = Console::new(terminal, App::new(options), ppg_runtime, replies, Theme::dark(), pace);
        harness.held = Some(Held { from_runtime, to_console, waiting: Vec::new(), delivered: Vec::new() });
        harness.settle();
        harness
    }

    /// How many replies wait to be delivered.
    pub fn waiting(&self) -> usize {
        self.held.as_ref().map_or(0, |held| held.waiting.len())
    }

    /// Delivers the waiting reply at `index` (of [`Harness::waiting`]) to the console, and settles.
    pub fn deliver(&mut self, index: usize) {
        let held = self.held.as_mut().expect("a holding harness");
        let msg = held.waiting.remove(index);
        held.delivered.push(msg.clone());
        held.to_console.send(msg).unwrap();
        self.settle();
    }

    /// Delivers again a reply delivered before (the `index`th of them, modulo their count), and settles.
    pub fn deliver_again(&mut self, index: usize) {
        let held = self.held.as_mut().expect("a holding harness");
        if held.delivered.is_empty() {
            return;
        }
        let msg = held.delivered[index % held.delivered.len()].clone();
        held.to_console.send(msg).unwrap();
        self.settle();
    }
}
