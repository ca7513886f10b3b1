//! The line a CLI command shows on stderr while a request keeps it waiting for more than a second:
//! `waiting for api.prisma.io… 3 s (retry 2 of 5 after 429)`, rewritten in place (`\r` and "clear line")
//! and cleared as soon as the request is over. Only on a terminal: a script's stderr gets nothing.
use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::api::{Observer, Progress};
use crate::format::sanitize;

/// How long a request runs before the line appears.
const QUIET_FOR: Duration = Duration::from_secs(1);
/// How often the line is brought up to date.
const BEAT: Duration = Duration::from_millis(250);
/// Carriage return and "erase the whole line".
const CLEAR: &str = "\r\x1b[2K";
/// The longest host name shown.
const HOST_CHARS: usize = 40;

/// What the line knows about the requests in flight.
#[derive(Debug, Default)]
struct State {
    /// Requests started and not yet over.
    in_flight: usize,
    /// Since when at least one request has been in flight.
    busy_since: Option<Instant>,
    /// The latest retry, as "retry 2 of 5 after 429".
    notice: Option<String>,
    /// Whether the line is on screen now (and so must be cleared).
    drawn: Option<String>,
}

/// The waiting line of one command; [`Waiting::finish`] stops it and clears it.
pub struct Waiting {
    state: Arc<Mutex<State>>,
    painter: tokio::task::JoinHandle<()>,
}

impl Waiting {
    /// Starts the line's painter for requests to `host` (on the current tokio runtime) and gives the
    /// observer to install in the client; `None` when stderr is not a terminal.
    pub fn start(host: &str) -> Option<(Self, Observer)> {
        if !std::io::stderr().is_terminal() {
            return None;
        }
        let host: String = sanitize(host).chars().take(HOST_CHARS).collect();
        let state = Arc::new(Mutex::new(State::default()));
        let observed = state.clone();
        let observer = Observer::new(move |progress| {
            if let Ok(mut state) = observed.lock() {
                on_progress(&mut state, progress);
            }
        });
        let painted = state.clone();
        let painter = tokio::spawn(async move {
            let mut beat = tokio::time::interval(BEAT);
            loop {
                beat.tick().await;
                if let Ok(mut state) = painted.lock() {
                    paint(&mut state, &host);
                }
            }
        });
        Some((Self { state, painter }, observer))
    }

    /// Stops the painter and clears the line if it is on screen.
    pub fn finish(self) {
        self.painter.abort();
        if let Ok(mut state) = self.state.lock() {
            clear(&mut state);
        }
    }
}

fn on_progress(state: &mut State, progress: &Progress) {
    match progress {
        Progress::Started { attempt: 1, .. } => {
            state.in_flight += 1;
            state.busy_since.get_or_insert_with(Instant::now);
        }
        Progress::Started { .. } => {}
        Progress::Retrying { .. } => state.notice = progress.retry_notice(),
        Progress::Finished { .. } => {
            state.in_flight = state.in_flight.saturating_sub(1);
            if state.in_flight == 0 {
                state.busy_since = None;
                state.notice = None;
                clear(state);
            }
        }
    }
}

/// Draws the line when a request has been waiting long enough and the text changed.
fn paint(state: &mut State, host: &str) {
    let Some(since) = state.busy_since.filter(|since| since.elapsed() >= QUIET_FOR) else { return };
    let text = line(host, since.elapsed(), state.notice.as_deref());
    if state.drawn.as_deref() != Some(text.as_str()) {
        let mut stderr = std::io::stderr().lock();
        let _ = write!(stderr, "{CLEAR}{text}");
        let _ = stderr.flush();
        state.drawn = Some(text);
    }
}

fn clear(state: &mut State) {
    if state.drawn.take().is_some() {
        let mut stderr = std::io::stderr().lock();
        let _ = write!(stderr, "{CLEAR}");
        let _ = stderr.flush();
    }
}

/// `waiting for HOST… 3 s (retry 2 of 5 after 429)`.
fn line(host: &str, waited: Duration, notice: Option<&str>) -> String {
    let notice = notice.map(|notice| format!(" ({notice})")).unwrap_or_default();
    format!("waiting for {host}… {} s{notice}", waited.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Route;

    #[test]
    fn the_line_names_the_host_the_wait_and_the_retry() {
        assert_eq!(line("api.prisma.io", Duration::from_millis(3400), None), "waiting for api.prisma.io… 3 s");
        let text = line("127.0.0.1:4466", Duration::from_secs(2), Some("retry 2 of 5 after 429"));
        assert_eq!(text, "waiting for 127.0.0.1:4466… 2 s (retry 2 of 5 after 429)");
    }

    #[test]
    fn requests_in_flight_are_counted_and_the_notice_goes_with_the_last() {
        let route = Route { method: "GET", path: "/v1/me".to_owned() };
        let mut state = State::default();
        on_progress(&mut state, &Progress::Started { route: route.clone(), attempt: 1 });
        on_progress(&mut state, &Progress::Started { route: route.clone(), attempt: 1 });
        let reason = "429".to_owned();
        let retry = Progress::Retrying { route: route.clone(), next: 2, of: 5, reason, pause: Duration::ZERO };
        on_progress(&mut state, &retry);
        on_progress(&mut state, &Progress::Started { route: route.clone(), attempt: 2 });
        assert_eq!((state.in_flight, state.notice.as_deref()), (2, Some("retry 2 of 5 after 429")));
        on_progress(&mut state, &Progress::Finished { route: route.clone() });
        assert!(state.busy_since.is_some());
        on_progress(&mut state, &Progress::Finished { route });
        assert_eq!((state.in_flight, state.busy_since, state.notice.as_deref()), (0, None, None));
    }
}
