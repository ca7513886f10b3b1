//! The Service tokens pane: the workspace's tokens (never their values, only a hint), the one this console
//! runs with marked.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;

use super::View;
use super::common::clean;
use super::pane::{NAME_WIDTH, below, count, list_state, rows_table, title};
use super::table::Column;
use crate::app::DetailRow;

/// The mark of the token this console runs with.
pub const OWN_MARK: &str = "★ this console";

pub fn draw(frame: &mut Frame, area: Rect, view: &View) {
    let (app, theme) = (view.app, view.theme);
    let loadable = &app.data.service_tokens;
    let rows = &view.detail;
    let counted = loadable.value().map(|list| count(rows.len(), list.total(), Some(loadable))).unwrap_or_default();
    let workspace = app.workspace_name().map_or_else(|| "…".to_owned(), |name| clean(name, NAME_WIDTH));
    let own = app.data.own_token();
    title(
        frame,
        area,
        vec![
            Span::styled("Service tokens of ", theme.muted),
            Span::styled(workspace, theme.title),
            Span::styled(counted, theme.muted),
        ],
        Vec::new(),
    );
    let rest = below(area, 0);
    // Until /v1/me names the workspace nothing is read: the list shows as loading.
    let shown = if app.data.workspace_id().is_some() { Some(loadable) } else { None };
    let empty = "This workspace has no service tokens. n creates one.";
    if list_state(frame, rest, view, shown, "the service tokens", empty, rows.len()) {
        return;
    }
    let columns = [
        Column::flex("NAME", 8, 16, NAME_WIDTH),
        Column::fixed("", 16, 0).hide_empty(),
        Column::fixed("HINT", 16, 2),
        Column::fixed("CREATED", 16, 3),
        Column::fixed("EXPIRES", 10, 1),
    ];
    rows_table(frame, rest, view, &columns, |row| {
        let DetailRow::ServiceToken(token) = row else { return Vec::new() };
        let mark = if own == Some(token.id.as_str()) { Span::styled(OWN_MARK, theme.accent) } else { Span::raw("") };
        let hint = if token.value_hint.is_empty() { "—".to_owned() } else { clean(&token.value_hint, 16) };
        let expires = match token.expired(app.now) {
            true => Span::styled("expired", theme.bad),
            false => Span::styled(clean(&token.expiry(app.now), 10), theme.muted),
        };
        vec![
            Span::raw(clean(token.display_name(), NAME_WIDTH)),
            mark,
            Span::styled(hint, theme.muted),
            Span::styled(token.created_at.relative(app.now), theme.muted),
            expires,
        ]
    });
}
