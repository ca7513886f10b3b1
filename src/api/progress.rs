//! What the client tells an observer while a request runs: an attempt starts, a retry waits (and why), the
//! request is over. The CLI draws a "waiting for…" line from it, the TUI a retry notice in its status line.
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::error::Route;

/// One step of a request.
#[derive(Debug, Clone, PartialEq)]
pub enum Progress {
    /// Attempt `attempt` (from 1) of the request starts.
    Started { route: Route, attempt: u32 },
    /// Attempt `next - 1` failed for `reason`; attempt `next` of at most `of` starts after `pause`.
    Retrying { route: Route, next: u32, of: u32, reason: String, pause: Duration },
    /// The request is over, answered or failed for good.
    Finished { route: Route },
}

impl Progress {
    pub fn route(&self) -> &Route {
        match self {
            Progress::Started { route, .. } | Progress::Retrying { route, .. } | Progress::Finished { route } => route,
        }
    }

    /// "retry 2 of 8 after 429", for a retry; `None` otherwise.
    pub fn retry_notice(&self) -> Option<String> {
        match self {
            Progress::Retrying { next, of, reason, .. } => Some(format!("retry {next} of {of} after {reason}")),
            _ => None,
        }
    }
}

/// Receives the client's progress; called on the request's task, so it must be quick and never block.
#[derive(Clone)]
pub struct Observer(Arc<dyn Fn(&Progress) + Send + Sync>);

impl Observer {
    pub fn new(callback: impl Fn(&Progress) + Send + Sync + 'static) -> Self {
        Self(Arc::new(callback))
    }

    pub fn tell(&self, progress: &Progress) {
        (self.0)(progress);
    }
}

impl fmt::Debug for Observer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Observer(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_retry_reads_as_a_notice() {
        let route = Route { method: "GET", path: "/v1/me".to_owned() };
        let retry = Progress::Retrying {
            route: route.clone(),
            next: 2,
            of: 5,
            reason: "429".to_owned(),
            pause: Duration::from_secs(1),
        };
        assert_eq!(retry.retry_notice().as_deref(), Some("retry 2 of 5 after 429"));
        assert_eq!(Progress::Finished { route: route.clone() }.retry_notice(), None);
        assert_eq!(retry.route(), &route);
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = seen.clone();
        let observer = Observer::new(move |progress| sink.lock().unwrap().push(progress.clone()));
        observer.tell(&retry);
        assert_eq!(seen.lock().unwrap().len(), 1);
        assert_eq!(format!("{observer:?}"), "Observer(…)");
    }
}
