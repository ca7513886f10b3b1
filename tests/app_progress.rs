//! The TUI's retry notice: `update` keeps the latest retry of a request until that request is over, and the
//! status line shows it beside the spinner.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use ppg::api::{Progress, Route};
use ppg::app::{App, Msg, Options, update};

fn route(path: &str) -> Route {
    Route { method: "GET", path: path.to_owned() }
}

fn retrying(path: &str, next: u32) -> Msg {
    let reason = "429".to_owned();
    Msg::Progress(Progress::Retrying { route: route(path), next, of: 8, reason, pause: Duration::from_secs(1) })
}

#[test]
fn the_latest_retry_is_kept_until_its_request_is_over() {
    let (mut app, _) = App::new(Options { has_token: true, ..Options::default() });
    assert_eq!(app.activity.retrying, None);
    assert!(update(&mut app, retrying("/v1/projects", 2)).is_empty(), "a notice asks for nothing");
    assert_eq!(app.activity.retrying, Some((route("/v1/projects"), "retry 2 of 8 after 429".to_owned())));
    update(&mut app, retrying("/v1/projects", 3));
    assert_eq!(app.activity.retrying.as_ref().map(|(_, notice)| notice.as_str()), Some("retry 3 of 8 after 429"));
    update(&mut app, Msg::Progress(Progress::Finished { route: route("/v1/me") }));
    assert!(app.activity.retrying.is_some(), "another request ending leaves the notice");
    update(&mut app, Msg::Progress(Progress::Finished { route: route("/v1/projects") }));
    assert_eq!(app.activity.retrying, None, "its own request ending clears it");
}

#[test]
fn the_status_line_shows_the_retry_beside_the_spinner() {
    let (mut app, _) = App::new(Options { has_token: true, ..Options::default() });
    update(&mut app, retrying("/v1/projects", 2));
    let backend = ratatui::backend::TestBackend::new(100, 30);
    let mut terminal = ratatui::Terminal::new(backend).unwrap();
    terminal.draw(|frame| ppg::ui::draw(frame, &app, &ppg::ui::Theme::dark())).unwrap();
    let screen: String = terminal.backend().buffer().content().iter().map(|cell| cell.symbol()).collect();
    assert!(screen.contains("loading projects… (retry 2 of 8 after 429)"), "{screen}");
}
