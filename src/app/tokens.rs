//! The Service tokens section's changes: the form of `n`, the revoke of `d` (asked twice for the token this
//! console runs with), and what their answers say; the new token's value goes to the secret panel only.
use super::changes::Change;
use super::dialogs::{Confirm, TypedName};
use super::forms::Form;
use super::model::{Loadable, Node, RowKey};
use super::msg::Effect;
use super::overlay::Overlay;
use super::secrets::SecretPanel;
use super::{App, Pane, Tone};
use crate::api::CreatedServiceToken;

/// Where a person sets another token, said after this console's own was revoked.
const SET_ANOTHER: &str =
    "set another token (PRISMA_POSTGRES_TOKEN, or a profile's token in the config file) and start ppg again";

/// `n` on the section: the form for a new token's name, or why not yet.
pub fn new_form(app: &mut App) -> Option<Form> {
    match app.data.workspace_id() {
        Some(workspace) => Some(Form::new_service_token(workspace)),
        None => {
            app.toast(Tone::Info, "the workspace is not known yet (/v1/me has not answered): try again in a moment");
            None
        }
    }
}

/// `d` on a token: the typed-name confirmation; for the token this console runs with, a second one after it.
pub fn revoke(app: &App, id: &str) -> Option<Overlay> {
    let token = app.data.service_token(id)?;
    let workspace = app.data.workspace_id()?.to_owned();
    let own = app.data.own_token() == Some(id);
    let name = TypedName::new(token.display_name(), id);
    let change = Change::RevokeServiceToken { workspace, id: id.to_owned(), own };
    let title = format!("Revoke service token {}", name.shown);
    if !own {
        let lines =
            vec![format!("Service token {} will be revoked: whatever uses it is refused from then on.", name.shown)];
        return Some(Overlay::Confirm(Box::new(Confirm::new(title, lines, "Revoke", Some(name), change))));
    }
    let lines = vec![
        format!("Service token {} is THE ONE THIS CONSOLE USES.", name.shown),
        "Once it is revoked, this console stops working: every request it makes will be refused.".to_owned(),
        "Set up another token first if you want to keep using ppg.".to_owned(),
    ];
    let second = vec![
        "Really revoke the token this console runs with?".to_owned(),
        "Every request from here on will be refused, this list included.".to_owned(),
    ];
    let last = Confirm::new(
        format!("Revoke this console's own token {}?", name.shown),
        second,
        "Revoke",
        None,
        change.clone(),
    );
    let mut first = Confirm::new(title, lines, "Continue", Some(name), change);
    first.then = Some(Box::new(last));
    Some(Overlay::Confirm(Box::new(first)))
}

/// A new token: said by name (never its value), its value shown once in the secret panel, and selected in
/// the list once it is read again. The panel opens whatever box was opened meanwhile: the API never shows
/// the value again, so nothing may stand in its way.
pub fn created(app: &mut App, created: &CreatedServiceToken) {
    let name = &created.token.name;
    app.toast(Tone::Success, format!("created service token {name}: copy its value now, it is shown only once"));
    app.browse.detail_selected = Some(RowKey::Id(created.token.id.clone()));
    if app.selected_node() == Node::ServiceTokens {
        app.browse.focus = Pane::Detail;
    }
    app.overlay = Some(Overlay::Secrets(SecretPanel::service_token(created)));
}

/// A revoked token: said by name. The console's own token is taken off the list here, since reading it
/// again would be refused; the message says what happened and what to do.
pub fn revoked(app: &mut App, id: &str, own: bool) -> Vec<Effect> {
    let name = app.data.service_token(id).map_or(id, |token| token.display_name()).to_owned();
    if !own {
        app.toast(Tone::Success, format!("revoked service token {name}"));
        return super::load::refresh(app, &Node::ServiceTokens);
    }
    if let Loadable::Loaded(list) = &mut app.data.service_tokens {
        list.retain(|token| token.id != id);
    }
    super::load::follow_selection(app);
    app.toast(
        Tone::Error,
        format!("revoked service token {name}, the one this console used: every request is refused from now on; {SET_ANOTHER}"),
    );
    Vec::new()
}
