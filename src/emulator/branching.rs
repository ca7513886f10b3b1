//! Branches of a project, with the SDK's rules: the first is default and production, later ones preview;
//! only the default flag moves; the default, the production branch and one with databases stay. No HTTP here.
use axum::http::StatusCode;

use super::error::ApiError;
use super::ids;
use super::model::{BranchRecord, World};
use super::moment::Moment;
use crate::api::BranchRole;

/// Longest git name accepted (git itself allows more; the API's limit is not documented).
pub const MAX_GIT_NAME: usize = 255;

/// A git name as `git check-ref-format` would take it, roughly: no spaces or control characters, none of
/// `~^:?*[\`, no `..`, not starting or ending with `/` or `.`.
fn check_git_name(name: &str) -> Result<(), ApiError> {
    let invalid = |why: &str| {
        Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, format!("Invalid gitName {name:?}: {why}."))
            .with_hint("Use a git branch name such as feat/checkout-v2."))
    };
    if name.is_empty() {
        return invalid("it is empty");
    }
    if name.chars().count() > MAX_GIT_NAME {
        return invalid(&format!("it is longer than {MAX_GIT_NAME} characters"));
    }
    if name.chars().any(|c| c.is_whitespace() || c.is_control() || "~^:?*[\\".contains(c)) {
        return invalid("it holds a space, a control character or one of ~^:?*[\\");
    }
    if name.contains("..") || name.starts_with(['/', '.']) || name.ends_with(['/', '.']) || name.ends_with(".lock") {
        return invalid("git does not allow it as a branch name");
    }
    Ok(())
}

/// Creates a branch; returns its id. `is_default` moves the default flag to it (the first branch is the
/// default whatever is asked).
pub fn create_branch(
    world: &mut World,
    at: Moment,
    project_id: &str,
    git_name: String,
    is_default: bool,
) -> Result<String, ApiError> {
    if !world.projects.contains_key(project_id) {
        return Err(ApiError::not_found("project", project_id));
    }
    check_git_name(&git_name)?;
    if world.branches_of(project_id).any(|branch| branch.git_name == git_name) {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            format!("Project {project_id} already has a branch named {git_name}."),
        ));
    }
    let first = world.branches_of(project_id).next().is_none();
    if is_default && !first {
        for branch in world.branches.values_mut().filter(|branch| branch.project_id == project_id) {
            branch.is_default = false;
            branch.updated_at = at.now;
        }
    }
    let id = ids::id("br", &mut world.minted);
    let role = if first { BranchRole::Production } else { BranchRole::Preview };
    let record = BranchRecord {
        id: id.clone(),
        project_id: project_id.to_owned(),
        git_name,
        is_default: first || is_default,
        role,
        created_at: at.now,
        updated_at: at.now,
        overrides: Default::default(),
    };
    world.branches.insert(id.clone(), record);
    Ok(id)
}

/// `PATCH /v1/branches/{id}`: only `isDefault: true` is a change (promote); anything else is refused.
pub fn update_branch(
    world: &mut World,
    at: Moment,
    id: &str,
    fields: &serde_json::Map<String, serde_json::Value>,
) -> Result<(), ApiError> {
    let branch = world.branches.get(id).ok_or_else(|| ApiError::not_found("branch", id))?;
    let refuse = |message: String| {
        Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, message)
            .with_hint("Only isDefault: true can be set, to make a branch the project's default."))
    };
    if let Some(field) = fields.keys().find(|key| key.as_str() != "isDefault") {
        return refuse(format!("The field {field} of a branch cannot be changed."));
    }
    let project = branch.project_id.clone();
    match fields.get("isDefault") {
        None | Some(serde_json::Value::Null) => Ok(()),
        Some(serde_json::Value::Bool(true)) => {
            for other in world.branches.values_mut().filter(|other| other.project_id == project) {
                let default = other.id == id;
                if other.is_default != default {
                    other.is_default = default;
                    other.updated_at = at.now;
                }
            }
            Ok(())
        }
        Some(serde_json::Value::Bool(false)) if branch.is_default => {
            refuse(format!("Branch {id} is the default: make another branch the default instead of demoting this one."))
        }
        Some(serde_json::Value::Bool(false)) => Ok(()),
        Some(other) => refuse(format!("isDefault must be a boolean, not {other}.")),
    }
}

/// Deletes a branch that is neither the default nor production and owns no database.
pub fn delete_branch(world: &mut World, id: &str) -> Result<(), ApiError> {
    let branch = world.branches.get(id).ok_or_else(|| ApiError::not_found("branch", id))?;
    if branch.is_default || branch.role == BranchRole::Production {
        let what = if branch.is_default { "default" } else { "production" };
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("Branch {id} is the project's {what} branch and cannot be deleted."),
        ));
    }
    let members = world.databases.values().filter(|database| database.branch_id.as_deref() == Some(id)).count();
    if members > 0 {
        return Err(ApiError::new(StatusCode::CONFLICT, format!("Branch {id} still has {members} database(s)."))
            .with_hint("Delete its databases first."));
    }
    world.branches.remove(id);
    Ok(())
}

/// Where a new database goes: the branch named by id or git name (a git name that does not exist yet is
/// created), else the project's default branch, else none (a project without branches).
pub fn place_database(
    world: &mut World,
    at: Moment,
    project_id: &str,
    branch_id: Option<String>,
    branch_git_name: Option<String>,
) -> Result<Option<String>, ApiError> {
    match (branch_id, branch_git_name) {
        (Some(_), Some(_)) => Err(ApiError::bad_request("branchId and branchGitName are mutually exclusive.")),
        (Some(id), None) => match world.branches.get(&id) {
            None => Err(ApiError::not_found("branch", &id)),
            Some(branch) if branch.project_id != project_id => {
                Err(ApiError::bad_request(format!("Branch {id} does not belong to project {project_id}.")))
            }
            Some(_) => Ok(Some(id)),
        },
        (None, Some(name)) => {
            let existing = world.branches_of(project_id).find(|branch| branch.git_name == name);
            match existing {
                Some(branch) => Ok(Some(branch.id.clone())),
                None => create_branch(world, at, project_id, name, false).map(Some),
            }
        }
        (None, None) => Ok(world.branches_of(project_id).find(|branch| branch.is_default).map(|b| b.id.clone())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_names_follow_git() {
        for good in ["main", "feat/checkout-v2", "fix/tax-rounding", "release-1.2"] {
            assert!(check_git_name(good).is_ok(), "{good}");
        }
        for bad in ["", "a b", "a..b", "/a", "a/", "a.lock", "a:b", "tab\there"] {
            assert_eq!(check_git_name(bad).map_err(|e| e.status), Err(StatusCode::UNPROCESSABLE_ENTITY), "{bad}");
        }
    }
}
