//! The workspace's service tokens: minted, listed newest first, revoked; and who a presented token is.
//! No HTTP here.
use axum::http::StatusCode;

use super::error::ApiError;
use super::ids;
use super::model::{ServiceTokenRecord, World};
use super::ops::{MAX_NAME, Moment};

/// Mints a token named `name`; returns its id (its value is in the record, for the one answer that shows it).
pub fn create_token(world: &mut World, at: Moment, workspace: &str, name: Option<String>) -> Result<String, ApiError> {
    check_workspace(world, workspace)?;
    let name = name.unwrap_or_default();
    if name.trim().is_empty() || name.chars().count() > MAX_NAME {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("A service token needs a name of 1 to {MAX_NAME} characters."),
        ));
    }
    let id = ids::id("stok", &mut world.minted);
    let value = format!("ppg_st_{}", ids::api_key(&mut world.minted));
    let value_hint = format!("…{}", &value[value.len() - 4..]);
    let record = ServiceTokenRecord {
        id: id.clone(),
        name,
        value: Some(value),
        value_hint,
        created_at: at.now,
        expires_at: None,
        overrides: Default::default(),
    };
    world.service_tokens.insert(id.clone(), record);
    Ok(id)
}

/// Revokes a token: from then on it is refused (401).
pub fn revoke_token(world: &mut World, workspace: &str, id: &str) -> Result<(), ApiError> {
    check_workspace(world, workspace)?;
    world.service_tokens.remove(id).map(drop).ok_or_else(|| ApiError::not_found("service token", id))
}

fn check_workspace(world: &World, workspace: &str) -> Result<(), ApiError> {
    match world.workspace.id == workspace {
        true => Ok(()),
        false => Err(ApiError::not_found("workspace", workspace)),
    }
}

/// The live token whose value is `presented`, if any.
pub fn token_with_value<'a>(world: &'a World, presented: &str) -> Option<&'a ServiceTokenRecord> {
    world.service_tokens.values().find(|token| token.value.as_deref() == Some(presented))
}
