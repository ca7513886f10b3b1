//! What follows every answer: the selections kept on their items (and what they show loaded), and an open
//! form or jump brought up to date with the data.
use super::load;
use super::msg::Effect;
use super::overlay::Overlay;
use super::{App, overlay_keys};

/// Runs after each answer has been taken in.
pub fn after_data(app: &mut App) -> Vec<Effect> {
    match &mut app.overlay {
        Some(Overlay::Form(form)) => {
            if let Some(fresh) = form.refreshed(&app.data) {
                *form = fresh;
            }
        }
        Some(Overlay::Jump(jump)) => {
            jump.refresh(&app.data, app.now);
            let landed = if jump.loading.is_some() {
                Some(overlay_keys::land_when_loaded(app))
            } else if jump.waiting && app.activity.jump_requests.is_empty() {
                Some(overlay_keys::jump_to_selected(app))
            } else {
                None
            };
            if let Some(mut effects) = landed {
                effects.extend(load::follow_selection(app));
                return effects;
            }
        }
        _ => {}
    }
    load::follow_selection(app)
}
