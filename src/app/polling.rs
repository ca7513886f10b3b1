//! Watching a busy database (provisioning, recovering) until it settles: one awaited look at a time,
//! backing off from 2 s to 15 s, and saying how it ended.
use std::time::Duration;

use super::model::RequestId;
use super::model::is_busy;
use super::msg::{Effect, Fetch};
use super::{App, Tone};
use crate::api::{Database, DatabaseStatus, Error};

const FIRST_POLL_SECONDS: u64 = 2;
const LONGEST_POLL_SECONDS: u64 = 15;

/// One database being polled until it settles: the pause before the next look, and the look awaited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Poll {
    pub seconds: u64,
    pub request: RequestId,
}

/// Starts polling `database` unless it is already polled.
pub fn start_polling(app: &mut App, database: &str) -> Option<Effect> {
    if app.activity.polling.contains_key(database) {
        return None;
    }
    Some(poll(app, database.to_owned(), FIRST_POLL_SECONDS))
}

/// The next look at `database` in `seconds`, the one its polling now awaits.
fn poll(app: &mut App, database: String, seconds: u64) -> Effect {
    let request = app.request();
    app.activity.polling.insert(database.clone(), Poll { seconds, request });
    Effect::Fetch { request, fetch: Fetch::Database { database, after: Duration::from_secs(seconds) } }
}

pub fn on_poll(app: &mut App, request: RequestId, database: String, result: Result<Database, Error>) -> Vec<Effect> {
    // A look nobody awaits any more (an old profile's, or one a later look replaced) changes nothing.
    let Some(Poll { seconds: interval, .. }) =
        app.activity.polling.get(&database).copied().filter(|p| p.request == request)
    else {
        return Vec::new();
    };
    match result {
        Ok(fresh) if is_busy(&fresh) => {
            let next = (interval * 3 / 2).clamp(FIRST_POLL_SECONDS, LONGEST_POLL_SECONDS);
            app.data.update_database(fresh);
            vec![poll(app, database, next)]
        }
        Ok(fresh) => {
            app.activity.polling.remove(&database);
            let (tone, text) = match fresh.status {
                DatabaseStatus::Ready => (Tone::Success, format!("database {} is ready", fresh.name)),
                DatabaseStatus::Failure => {
                    (Tone::Error, format!("database {} failed: it is in status failure", fresh.name))
                }
                ref other => (Tone::Info, format!("database {} is now {other}", fresh.name)),
            };
            app.toast(tone, text);
            app.data.update_database(fresh);
            Vec::new()
        }
        Err(error) if error.is_not_found() => {
            app.activity.polling.remove(&database);
            Vec::new()
        }
        Err(error) => {
            app.log_error(format!("checking the status of {}", app.data.database_name(&database)), &error);
            vec![poll(app, database, interval)]
        }
    }
}
