//! Settling a change whose answer was lost: look at what exists now instead of sending it again.
use std::collections::HashSet;

use serde::Serialize;

use super::context::{Context, Failure};
use super::output::{self, named};
use crate::api::{Error, Listing};

/// The ids of what exists before a create, so that what it added can be told apart afterwards.
pub fn ids<T>(items: &[T], id: impl Fn(&T) -> &str) -> HashSet<String> {
    items.iter().map(|item| id(item).to_owned()).collect()
}

/// After a create whose answer was lost, what exists now; when even that cannot be read, says so.
pub async fn relist<T>(
    error: &Error,
    lookup: impl Future<Output = Result<Listing<T>, Error>>,
) -> Result<Vec<T>, Failure> {
    lookup.await.map(|listing| listing.items).map_err(|other| {
        Failure::Reported(format!(
            "{error}; looking at what exists failed too ({other}): check before trying again, so nothing is made twice"
        ))
    })
}

/// What a create added: the items not there before, with the requested name when one was given.
pub fn appeared<T>(
    before: &HashSet<String>,
    now: Vec<T>,
    id: impl Fn(&T) -> &str,
    name: impl Fn(&T) -> &str,
    wanted: Option<&str>,
) -> Vec<T> {
    now.into_iter()
        .filter(|item| !before.contains(id(item)) && wanted.is_none_or(|wanted| name(item) == wanted))
        .collect()
}

/// Reports a create whose answer was lost, after looking: found (created, but its secrets are gone)
/// or not found (nothing was created, safe to retry). Either way the command did not fully succeed.
pub fn report_create<T: Serialize>(
    context: &Context,
    kind: &str,
    error: &Error,
    found: Vec<T>,
    describe: impl Fn(&T) -> (String, String),
    secrets_hint: impl Fn(&str) -> String,
) -> Result<(), Failure> {
    output::note(&format!("ppg: {error}"));
    output::note(&format!("ppg: looked at the {kind}s that exist now, to see what happened."));
    match found.as_slice() {
        [] => {
            Err(Failure::Reported(format!("no new {kind} appeared: nothing was created, and it is safe to try again")))
        }
        [created, ..] => {
            if context.json {
                output::json(&found)?;
            }
            let (name, id) = describe(created);
            Err(Failure::Reported(format!(
                "the answer was lost, but the {kind} WAS created: {}. {}",
                named(&name, &id),
                secrets_hint(&id)
            )))
        }
    }
}

/// After a delete whose answer was lost: gone now (404) means done; still there means nothing happened.
pub async fn settle_delete<T>(error: Error, lookup: impl Future<Output = Result<T, Error>>) -> Result<(), Failure> {
    match lookup.await {
        Err(gone) if gone.is_not_found() => {
            output::note(&format!("ppg: {error}; it is gone now"));
            Ok(())
        }
        Ok(_) => Err(Failure::Reported(format!("{error}; it still exists, so it is safe to try again"))),
        Err(other) => Err(Failure::Reported(format!("{error}; looking it up failed too: {other}"))),
    }
}
