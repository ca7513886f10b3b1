//! What follows every answer: the selections kept on their items (and what they show loaded), and an open
//! form or jump brought up to date with the data.
use super::App;
use super::load;
use super::msg::Effect;
use super::overlay::Overlay;

/// Runs after each answer has been taken in.
pub fn after_data(app: &mut App) -> Vec<Effect> {
    match &mut app.overlay {
        Some(Overlay::Form(form)) => {
            if let Some(fresh) = form.refreshed(&app.data) {
                *form = fresh;
            }
        }
        Some(Overlay::Jump(jump)) => jump.refresh(&app.data),
        _ => {}
    }
    load::follow_selection(app)
}
