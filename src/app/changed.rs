//! What comes back from a change: secrets kept and shown, the list refreshed, a lost answer settled.
use super::changes::{Change, Changed};
use super::forms::Form;
use super::load::refresh;
use super::model::RequestId;
use super::msg::Effect;
use super::overlay::Overlay;
use super::polling::start_polling;
use super::secrets::SecretPanel;
use super::settle::{self, PendingCheck, Sent};
use super::{App, Tone};
use crate::api::{Connection, Error};

/// The open form that sent `request`, if it is still open: answers never land in another form.
fn sender(app: &mut App, request: RequestId) -> Option<&mut Form> {
    match &mut app.overlay {
        Some(Overlay::Form(form)) if form.pending == Some(request) => Some(form),
        _ => None,
    }
}

/// Sends `change`, the only place a change leaves `update`.
pub fn send(app: &mut App, change: Change) -> Vec<Effect> {
    if app.session.badges.read_only {
        app.toast(Tone::Info, "read-only mode: nothing is sent");
        return Vec::new();
    }
    let request = app.request();
    app.toast(Tone::Info, format!("{}…", change.describe(&app.data)));
    let sent = super::settle::sending(app, &change, change.list(app).as_ref());
    app.activity.sent.insert(request, sent);
    vec![Effect::Change { request, change }]
}

/// Takes in what a change answered.
pub fn on_changed(app: &mut App, request: RequestId, change: Change, result: Result<Changed, Error>) -> Vec<Effect> {
    let from_form = match sender(app, request) {
        Some(form) => {
            form.pending = None;
            true
        }
        None => false,
    };
    let list = change.list(app);
    let sent = app.activity.sent.remove(&request).unwrap_or(Sent::Other);
    match result {
        Ok(changed) => {
            let mut effects = Vec::new();
            let mut minted: Vec<Connection> = Vec::new();
            match changed {
                Changed::Project(created) => {
                    if let Some(database) = &created.database {
                        minted.extend(database.connections.iter().cloned());
                    }
                    app.toast(Tone::Success, format!("created project {}", created.project.name));
                }
                Changed::Database(database) => {
                    minted.extend(database.connections.iter().cloned());
                    let verb =
                        if matches!(change, Change::Restore { .. }) { "restore started over" } else { "created" };
                    let place = match &change {
                        Change::CreateDatabase { branch: Some(branch), .. } => {
                            format!(" in {}", app.data.branch_label(Some(branch)))
                        }
                        _ => String::new(),
                    };
                    let mut text = format!("{verb} database {}{place} ({})", database.name, database.status);
                    if let Change::Restore { target, .. } = &change
                        && let Some(copy) = app.session.safety_copies.remove(target)
                    {
                        text.push_str(&format!(
                            "; its data before is kept in {copy}: delete it (d) when no longer needed"
                        ));
                    }
                    app.toast(Tone::Success, text);
                    effects.extend(start_polling(app, &database.id));
                    if let Change::SafetyCopy { target, restore, .. } = change.clone() {
                        // The copy is accepted: now, and only now, the restore goes.
                        app.session.safety_copies.insert(target, database.name.clone());
                        let text = format!("made the safety copy {}; {}…", database.name, restore.describe(&app.data));
                        effects.extend(send(app, *restore));
                        app.toast(Tone::Info, text);
                    }
                }
                Changed::Connection(connection) => {
                    let verb = if matches!(change, Change::Rotate { .. }) { "rotated" } else { "created" };
                    app.toast(Tone::Success, format!("{verb} connection {}", connection.name));
                    minted.push(*connection);
                }
                Changed::ServiceToken(created) => {
                    super::tokens::created(app, &created);
                    // The value is in the panel only: nothing below keeps or shows it.
                    return list.map(|list| refresh(app, &list)).unwrap_or_default();
                }
                Changed::Done => {
                    if let Change::RevokeServiceToken { id, own, .. } = &change {
                        return super::tokens::revoked(app, id, *own);
                    }
                    let text = done_message(app, &change);
                    app.toast(Tone::Success, text);
                }
            }
            let minted: Vec<Connection> = minted.into_iter().filter(has_secret).collect();
            for connection in &minted {
                app.session.secrets.insert(connection.id.clone(), connection.clone());
            }
            // The sending form (or nothing) gives way to the secret panel; another open box is left alone,
            // and the strings stay in memory for the copy menu.
            let free = from_form || app.overlay.is_none();
            if matches!(change, Change::SafetyCopy { .. }) {
                // Mid-restore no panel opens: the copy's strings stay in memory for the copy menu.
            } else if free {
                app.overlay = (!minted.is_empty()).then(|| Overlay::Secrets(SecretPanel::new(minted)));
            } else if !minted.is_empty() {
                app.toast(
                    Tone::Info,
                    "new connection strings are kept for this session: copy them from the connection (y)",
                );
            }
            if let Some(list) = list {
                effects.extend(refresh(app, &list));
            }
            effects
        }
        Err(error @ Error::OutcomeUnknown { .. }) => {
            if from_form {
                app.overlay = None;
            }
            app.log_error(change.describe(&app.data), &error);
            if matches!(change, Change::Rotate { .. }) {
                let text = "the rotation's answer was lost: the old credentials may no longer work; rotate again to get a usable string";
                app.toast(Tone::Error, text);
            }
            let Some(list) = list else { return Vec::new() };
            if let Some(lost) = settle::lost(&change, sent) {
                app.activity.pending_check = Some(PendingCheck { list: list.clone(), lost });
                app.toast(
                    Tone::Error,
                    format!("{}: the answer was lost; looking at what exists now…", change.describe(&app.data)),
                );
            }
            refresh(app, &list)
        }
        Err(error) if matches!(change, Change::SafetyCopy { .. }) => {
            // No copy, no restore: say so, and show the list (a lost answer may have made the copy after all).
            app.log_error(change.describe(&app.data), &error);
            let why = match crate::api::PlanLimit::of(&error) {
                Some(_) => plan_limit(app),
                None => error.to_string(),
            };
            let Change::SafetyCopy { target, .. } = &change else { return Vec::new() };
            let name = app.data.database(target).map_or(target.as_str(), |database| database.name.as_str()).to_owned();
            app.toast(Tone::Error, format!("the safety copy of {name} was not made ({why}), so nothing was restored"));
            list.map(|list| refresh(app, &list)).unwrap_or_default()
        }
        Err(error) if crate::api::PlanLimit::of(&error).is_some() => {
            let text = plan_limit(app);
            if let (true, Some(Overlay::Form(form))) = (from_form, &mut app.overlay) {
                form.error = Some(text.clone());
            }
            app.log_error(change.describe(&app.data), &error);
            app.toast(Tone::Error, text);
            Vec::new()
        }
        Err(error) => {
            if let (true, Some(Overlay::Form(form))) = (from_form, &mut app.overlay) {
                let hint = match &error {
                    Error::Status { hint: Some(hint), .. } => format!(" ({hint})"),
                    _ => String::new(),
                };
                let message = match &error {
                    Error::Status { status, message, .. } => format!("{status}: {message}"),
                    other => other.to_string(),
                };
                form.error = Some(format!("{message}{hint}"));
            }
            app.log_error(change.describe(&app.data), &error);
            Vec::new()
        }
    }
}

/// The plan's refusal in words, with where to upgrade (the subscription's address when it was read).
fn plan_limit(app: &App) -> String {
    let upgrade_url = app.data.subscription.value().and_then(|plan| plan.upgrade_url.clone());
    crate::api::PlanLimit { upgrade_url }.to_string()
}

/// "deleted connection worker", "renamed project to shop": named while the old lists still know the name.
fn done_message(app: &App, change: &Change) -> String {
    let subject = change.subject(&app.data);
    match change {
        Change::DeleteProject { .. } => format!("deleted project {subject}"),
        Change::DeleteDatabase { .. } => format!("deleted database {subject}"),
        Change::DeleteConnection { .. } => format!("deleted connection {subject}"),
        Change::DeleteBranch { .. } => format!("deleted branch {subject}"),
        Change::RenameProject { name, .. } => format!("renamed project {subject} to {name}"),
        Change::RenameDatabase { name, .. } => format!("renamed database {subject} to {name}"),
        other => format!("done: {}", other.describe(&app.data)),
    }
}

fn has_secret(connection: &Connection) -> bool {
    connection.database_url().is_some()
}
