//! Drawing a frame from the app's state: pure, no IO, no clock; the same state always draws the same screen.
//!
//! Layout (design §2): a frame whose top line holds the breadcrumbs and badges, the tree on the left
//! and the selected node's pane on the right (stacked below 80×20), and a two-line footer (status,
//! key hints). Overlays cover the middle. Only visible rows of long lists are ever formatted.
mod checks;
mod common;
mod detail;
mod dialogs;
mod footer;
mod header;
mod messages;
mod overlays;
mod pane;
mod sections;
mod table;
mod theme;
mod tokens;
mod tree;
mod usage;
mod welcome;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

pub use overlays::help_text;
pub use theme::Theme;

use crate::app::{App, DetailRow, Node, Row, Screen, scroll_window};

pub use crate::app::{MIN_HEIGHT, MIN_WIDTH};
/// Below this width or height the tree and the pane are stacked instead of side by side.
const STACK_WIDTH: u16 = 80;
const STACK_HEIGHT: u16 = 20;
/// The tree's share of the body, and its least width side by side.
const TREE_PERCENT: u16 = 35;
const TREE_MIN_WIDTH: u16 = 28;
/// The tree's share of the body's height when stacked.
const TREE_STACKED_PERCENT: u16 = 40;

/// What every part of the drawing needs: the state, the theme, and what is derived once per frame.
struct View<'a> {
    app: &'a App,
    theme: &'a Theme,
    /// The tree's rows (kept by the app between changes).
    rows: std::sync::Arc<Vec<Row>>,
    /// The selected row of the tree (an index into `rows`) and its node.
    tree_index: usize,
    node: Node,
    /// The right pane's rows for `node`, computed once per frame (the pane and the hints use them).
    detail: Vec<DetailRow<'a>>,
    /// The selected row of the right pane's table (an index into `detail`).
    detail_index: usize,
}

/// Draws the whole screen for `app` with `theme`.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area, theme);
        return;
    }
    let rows = if app.screen == Screen::Browse { app.rows() } else { Default::default() };
    let tree_index = app.tree_index(&rows);
    let node = rows.get(tree_index).map_or(Node::Workspace, |row| row.node.clone());
    let detail = if app.screen == Screen::Browse { crate::app::detail_rows(app, &node) } else { Vec::new() };
    let detail_index = app.detail_index(&node, &detail);
    let view = View { app, theme, rows, tree_index, node, detail, detail_index };
    let areas = Areas::new(area, app.screen == Screen::Browse);
    chrome(frame.buffer_mut(), &areas, theme);
    header::draw(frame, areas.header, &view);
    match &app.screen {
        Screen::Browse => {
            tree::draw(frame, areas.tree, &view);
            detail::draw(frame, areas.detail, &view);
        }
        Screen::FirstRun => welcome::first_run(frame, areas.body, &view),
        Screen::Rejected(message) => welcome::rejected(frame, areas.body, &view, message),
    }
    footer::draw(frame, areas.status, areas.hints, &view);
    overlays::draw(frame, areas.body, &view);
}

/// The tree row under the screen cell (`column`, `row`) of a `width`×`height` screen, for mouse clicks:
/// the same layout and visible window as `draw`, so a click selects what it points at.
pub fn tree_row_at(app: &App, (width, height): (u16, u16), column: u16, row: u16) -> Option<usize> {
    if app.screen != Screen::Browse || width < MIN_WIDTH || height < MIN_HEIGHT {
        return None;
    }
    let tree = Areas::new(Rect::new(0, 0, width, height), true).tree;
    let inside = column >= tree.x && column < tree.right() && row >= tree.y && row < tree.bottom();
    if !inside {
        return None;
    }
    let rows = app.rows();
    let visible = scroll_window(rows.len(), app.tree_index(&rows), app.browse.tree_scroll, usize::from(tree.height));
    let index = visible.start + usize::from(row - tree.y);
    (index < visible.end).then_some(index)
}

/// How many rows of the tree, and of the right pane's table for `node`, show at once at `app.size`:
/// `update` scrolls with the same numbers `draw` uses.
pub fn list_heights(app: &App, node: &Node) -> (usize, usize) {
    let areas = Areas::new(Rect::new(0, 0, app.size.0, app.size.1), true);
    (usize::from(areas.tree.height), detail::table_height(app, node, areas.detail))
}

/// How far the open help or error log scrolls at `app.size`: `update` stops `G` and `k` where `draw` does.
pub fn scroll_limit(app: &App) -> usize {
    let areas = Areas::new(Rect::new(0, 0, app.size.0, app.size.1), app.screen == Screen::Browse);
    overlays::scroll_limit_in(app, &Theme::plain(), areas.body)
}

fn too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let text = vec![
        Line::styled("ppg needs a larger window", theme.title),
        Line::styled(format!("at least {MIN_WIDTH}×{MIN_HEIGHT}, now {}×{}", area.width, area.height), theme.muted),
        Line::styled("keys wait until it is larger; q quits", theme.muted),
    ];
    let height = 3.min(area.height);
    let middle = Rect { y: area.y + (area.height - height) / 2, height, ..area };
    frame.render_widget(Paragraph::new(text).alignment(Alignment::Center).wrap(Wrap { trim: true }), middle);
}

/// How the body is divided between the tree and the pane.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Split {
    /// One pane only (the welcome screens).
    Whole,
    /// Side by side, with the separator in this column.
    Side(u16),
    /// Tree above, pane below, with the separator on this row.
    Stacked(u16),
}

/// Where everything goes; computed from the frame's size alone.
#[derive(Debug, Clone, Copy)]
struct Areas {
    full: Rect,
    /// The top frame line, between the corners.
    header: Rect,
    /// Inside the frame, above the footer.
    body: Rect,
    split: Split,
    tree: Rect,
    detail: Rect,
    status: Rect,
    hints: Rect,
}

impl Areas {
    fn new(full: Rect, panes: bool) -> Areas {
        let inner_width = full.width.saturating_sub(2);
        let header = Rect::new(full.x + 1, full.y, inner_width, 1);
        let body = Rect::new(full.x + 1, full.y + 1, inner_width, full.height.saturating_sub(5));
        let footer_line = |from_bottom: u16| {
            Rect::new(full.x + 2, full.bottom().saturating_sub(from_bottom), full.width.saturating_sub(4), 1)
        };
        let (status, hints) = (footer_line(3), footer_line(2));
        let (split, tree, detail) = if !panes {
            (Split::Whole, body, body)
        } else if full.width < STACK_WIDTH || full.height < STACK_HEIGHT {
            let tree_height = (body.height * TREE_STACKED_PERCENT / 100).max(3).min(body.height.saturating_sub(3));
            let separator = body.y + tree_height;
            let tree = Rect { height: tree_height, ..body };
            let detail = Rect { y: separator + 1, height: body.height.saturating_sub(tree_height + 1), ..body };
            (Split::Stacked(separator), tree, detail)
        } else {
            let tree_width =
                (body.width * TREE_PERCENT / 100).max(TREE_MIN_WIDTH).min(body.width.saturating_sub(TREE_MIN_WIDTH));
            let separator = body.x + tree_width;
            let tree = Rect { width: tree_width, ..body };
            let detail = Rect { x: separator + 1, width: body.width.saturating_sub(tree_width + 1), ..body };
            (Split::Side(separator), tree, detail)
        };
        Areas { full, header, body, split, tree, detail, status, hints }
    }
}

/// The frame's lines: outer border, the footer's separator, and the line between tree and pane.
fn chrome(buf: &mut Buffer, areas: &Areas, theme: &Theme) {
    let full = areas.full;
    let style = theme.border;
    let mut put = |x: u16, y: u16, symbol: &str| {
        if let Some(cell) = buf.cell_mut((x, y)) {
            cell.set_symbol(symbol).set_style(style);
        }
    };
    let (left, right, top, bottom) = (full.x, full.right() - 1, full.y, full.bottom() - 1);
    let footer_separator = bottom.saturating_sub(3);
    for x in left + 1..right {
        put(x, top, "─");
        put(x, footer_separator, "─");
        put(x, bottom, "─");
    }
    for y in top + 1..bottom {
        put(left, y, "│");
        put(right, y, "│");
    }
    put(left, top, "┌");
    put(right, top, "┐");
    put(left, bottom, "└");
    put(right, bottom, "┘");
    put(left, footer_separator, "├");
    put(right, footer_separator, "┤");
    match areas.split {
        Split::Whole => {}
        Split::Side(x) => {
            for y in areas.body.y..areas.body.bottom() {
                put(x, y, "│");
            }
            put(x, top, "┬");
            put(x, footer_separator, "┴");
        }
        Split::Stacked(y) => {
            for x in left + 1..right {
                put(x, y, "─");
            }
            put(left, y, "├");
            put(right, y, "┤");
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::app::Options;

    fn render(app: &App, width: u16, height: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|frame| draw(frame, app, &Theme::plain())).unwrap();
        // The test backend cannot print a zero-wide buffer.
        if width == 0 { String::new() } else { terminal.backend().to_string() }
    }

    fn screen(width: u16, height: u16) -> String {
        let (app, _) = App::new(Options { has_token: true, ..Options::default() });
        render(&app, width, height)
    }

    fn project(id: &str, name: &str) -> crate::api::Project {
        crate::api::Project {
            id: id.to_owned(),
            resource_type: "project".to_owned(),
            url: String::new(),
            name: name.to_owned(),
            logical_id: None,
            created_at: chrono::DateTime::UNIX_EPOCH.into(),
            default_region: Some("eu-central-1\x1b[5m".to_owned()),
            workspace: crate::api::ResourceRef { id: "wksp_1".to_owned(), url: None, name: "Acme".to_owned() },
        }
    }

    #[test]
    fn names_from_the_network_never_reach_the_terminal_raw() {
        let (mut app, _) = App::new(Options { has_token: true, ..Options::default() });
        let evil = format!("evil\x1b]52;c;AAAA\x07\u{202e}{}", "x".repeat(500));
        *app.data.projects =
            crate::app::Loadable::Loaded(vec![project("proj_1", &evil), project("proj_2", "ok")].into());
        app.browse.selected = app.rows()[1].node.clone();
        for (width, height) in [(100, 30), (60, 15)] {
            let text = render(&app, width, height);
            assert!(!text.contains('\x1b') && !text.contains('\x07') && !text.contains('\u{202e}'), "{text}");
            assert!(text.contains("evil\\x1b]52;c;AAAA"), "{text}");
            assert!(text.contains('…'), "long names are cut: {text}");
        }
    }

    #[test]
    fn hints_and_help_follow_the_keymap_in_force() {
        let table: toml::Table = toml::from_str("copy = \"c\"\nfilter = \"f\"").unwrap();
        let (keymap, _) = crate::app::Keymap::from_config(&table, None);
        let (app, _) = App::new(Options { has_token: true, keymap, ..Options::default() });
        let text = render(&app, 120, 30);
        let hints = text.lines().rev().nth(1).unwrap();
        assert!(hints.contains("c copy id") && hints.contains("f filter"), "{hints}");
        assert!(!hints.contains("y copy") && !hints.contains("/ filter"), "{hints}");
    }

    #[test]
    fn never_panics_at_any_size() {
        for width in [0, 1, 2, 5, 20, 49, 50, 51, 59, 60, 79, 80, 81, 120, 300] {
            for height in [0, 1, 2, 3, 5, 11, 12, 13, 15, 19, 20, 24, 60] {
                screen(width, height);
            }
        }
    }

    #[test]
    fn a_tiny_window_asks_for_more_room() {
        let text = screen(40, 10);
        assert!(text.contains("ppg needs a larger window"), "{text}");
        assert!(text.contains("40×10"), "{text}");
    }

    #[test]
    fn a_click_maps_to_the_tree_row_under_it() {
        let (app, _) = crate::app::App::new(crate::app::Options { has_token: true, ..Default::default() });
        let tree = Areas::new(Rect::new(0, 0, 100, 30), true).tree;
        assert_eq!(tree_row_at(&app, (100, 30), tree.x + 2, tree.y), Some(0), "the workspace row");
        assert_eq!(tree_row_at(&app, (100, 30), tree.x + 2, tree.y + 1), None, "below the last row");
        assert_eq!(tree_row_at(&app, (100, 30), tree.right() + 5, tree.y), None, "in the right pane");
        assert_eq!(tree_row_at(&app, (30, 8), 1, 1), None, "too small to draw a tree");
    }

    #[test]
    fn splits_side_by_side_or_stacked() {
        let wide = Areas::new(Rect::new(0, 0, 100, 30), true);
        assert_eq!(wide.split, Split::Side(35));
        assert_eq!(wide.tree.width, 34);
        assert_eq!(wide.detail.right(), 99);
        let narrow = Areas::new(Rect::new(0, 0, 60, 15), true);
        assert!(matches!(narrow.split, Split::Stacked(_)));
        assert_eq!(narrow.tree.width, narrow.detail.width);
        let standard = Areas::new(Rect::new(0, 0, 80, 24), true);
        assert_eq!(standard.tree.width, TREE_MIN_WIDTH);
    }
}
