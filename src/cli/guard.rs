//! The guards in front of every change: read-only mode and the exact-id confirmation.
use super::context::{Context, Failure};

/// Refuses any change in read-only mode, before a request is made.
pub fn writable(context: &Context, action: &str) -> Result<(), Failure> {
    match context.read_only {
        true => Err(Failure::Refused(format!("read-only mode: not going to {action}"))),
        false => Ok(()),
    }
}

/// A destructive change runs only with `--confirm` naming exactly the resource's id.
/// `consequence` says what would be lost, for the refusal message.
pub fn confirmed(id: &str, confirm: Option<&str>, consequence: &str) -> Result<(), Failure> {
    match confirm {
        Some(given) if given == id => Ok(()),
        Some(given) => Err(Failure::Refused(format!(
            "--confirm {given:?} does not match {id:?}; {consequence}. Pass --confirm {id} to go ahead"
        ))),
        None => Err(Failure::Refused(format!("{consequence}. Pass --confirm {id} to go ahead"))),
    }
}
