//! Settling a change whose answer was lost: look at what exists now, ask `crate::verdict`, and say exactly
//! that — created, not created, started, or unknown — never sending the change again.
use chrono::Utc;
use serde::Serialize;

use super::context::{Context, Failure};
use super::output::{self, named};
use crate::api::{Database, Error, Listing};
use crate::format::sanitize;
use crate::verdict::{self, Creation, Made, Restoration, SentCreate, SentRestore};

/// A create about to be sent: the ids that exist now, the name asked for, and the time, taken last.
pub fn sending<T: Made + Serialize>(existing: &[T], name: &str) -> SentCreate {
    let before = existing.iter().map(|item| item.seen().id.to_owned()).collect();
    SentCreate { before, name: name.to_owned(), sent_at: Utc::now() }
}

/// The name ppg gives what it creates unnamed, so that a lost answer can be settled by it.
pub fn default_name() -> String {
    verdict::default_name(Utc::now())
}

/// After a create whose answer was lost: looks at what exists now and reports the verdict. Even when the
/// create happened, the command did not fully succeed (its secrets went with the answer): exit 1.
pub async fn settle_create<T: Made + Serialize>(
    context: &Context,
    kind: &str,
    (error, sent): (Error, &SentCreate),
    lookup: impl Future<Output = Result<Listing<T>, Error>>,
    secrets_hint: impl Fn(&str) -> String,
) -> Result<(), Failure> {
    output::note(&format!("ppg: {error}"));
    output::note(&format!("ppg: looking at the {kind}s that exist now, to see what happened."));
    let now = relist(&error, lookup).await?;
    let name = sanitize(&sent.name);
    match verdict::creation(sent, now.iter().map(Made::seen)) {
        Creation::Created { id } => {
            if let Some(created) = now.iter().find(|item| item.seen().id == id)
                && context.json
            {
                output::json(created)?;
            }
            Err(Failure::Reported(format!(
                "the answer was lost, but the {kind} WAS created: {}. {}",
                named(&sent.name, &id),
                secrets_hint(&id)
            )))
        }
        Creation::NotCreated => Err(Failure::Reported(format!(
            "no new {kind} named {name} appeared: nothing was created, and it is safe to try again"
        ))),
        Creation::Unknown { why } => Err(Failure::Reported(format!(
            "whether the {kind} {name} was created is unknown: {}. Look at the {kind}s before trying again, so nothing is made twice",
            sanitize(&why)
        ))),
    }
}

/// After a restore whose answer was lost: started only when the target moved to the backup asked for.
pub async fn settle_restore(
    (error, sent): (Error, &SentRestore),
    lookup: impl Future<Output = Result<Database, Error>>,
) -> Result<Database, Failure> {
    output::note(&format!("ppg: {error}"));
    let target = lookup.await.map_err(|other| {
        Failure::Reported(format!(
            "looking at the target failed too ({other}): whether the restore started is unknown; look at its status \
             and source (`ppg databases get`) before trying again"
        ))
    })?;
    match verdict::restoration(sent, Some(&target)) {
        Restoration::Started => {
            output::note("ppg: the target now comes from the backup asked for: the restore started");
            Ok(target)
        }
        Restoration::Unknown { why } => Err(Failure::Reported(format!(
            "whether the restore started is unknown: {}. Look at {} (`ppg databases get {}`: its status and source) \
             before trying again",
            sanitize(&why),
            named(&target.name, &target.id),
            sanitize(&target.id)
        ))),
    }
}

/// What exists now; when even that cannot be read, says so.
async fn relist<T>(
    error: &Error,
    lookup: impl Future<Output = Result<Listing<T>, Error>>,
) -> Result<Listing<T>, Failure> {
    lookup.await.map_err(|other| {
        Failure::Reported(format!(
            "{error}; looking at what exists failed too ({other}): check before trying again, so nothing is made twice"
        ))
    })
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
