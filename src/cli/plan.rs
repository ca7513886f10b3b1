//! A refusal because the workspace's plan allows no more databases, told as such with where to upgrade.
use super::context::{Context, Failure};
use crate::api::Error;

/// The failure for `error`: when it is the plan's limit, "the workspace's plan allows no more databases:
/// upgrade at …" (the address read from the subscription), exit 1; any other error as it is.
pub async fn explained(context: &Context, error: Error) -> Failure {
    match context.client.plan_limit(&error, None).await {
        Some(limit) => {
            tracing::debug!(%error, "refused by the plan's limit");
            Failure::Reported(limit.to_string())
        }
        None => error.into(),
    }
}
