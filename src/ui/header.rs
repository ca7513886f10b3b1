//! The top frame line: `ppg ─ workspace › project › database › section` and the badges on the right.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::View;
use super::common::{clean, fit};
use crate::app::{App, Node, Screen};
use crate::format::display_width;

/// The widest a single crumb may be before it is cut.
const CRUMB_WIDTH: usize = 24;

pub fn draw(frame: &mut Frame, area: Rect, view: &View) {
    let theme = view.theme;
    let right = badges(view, area.width >= PLAN_WIDTH);
    let right_width: usize = right.iter().map(|span| display_width(&span.content)).sum();
    let right_width = if right_width + 12 > usize::from(area.width) { 0 } else { right_width };
    let room = usize::from(area.width).saturating_sub(right_width + 2);

    let mut left = vec![Span::styled(" ppg", theme.title), Span::styled(" ─ ", theme.border)];
    let crumbs = shorten(crumbs(view), room.saturating_sub(7));
    let last = crumbs.len().saturating_sub(1);
    for (index, crumb) in crumbs.into_iter().enumerate() {
        if index > 0 {
            left.push(Span::styled(" › ", theme.muted));
        }
        left.push(Span::styled(crumb, if index == last { theme.title } else { theme.text }));
    }
    left.push(Span::raw(" "));
    let left = fit(left, room);
    let left_width: usize = left.iter().map(|span| display_width(&span.content)).sum();
    frame.render_widget(Line::from(left), Rect { width: left_width as u16, ..area });
    if right_width > 0 {
        let x = area.right().saturating_sub(right_width as u16);
        frame.render_widget(Line::from(right), Rect { x, width: right_width as u16, ..area });
    }
}

/// ` ⚠ usage blocked: upgrade at … · Pro plan · DEMO · READ-ONLY · profile · ● host `, or nothing.
/// Narrower than this, the plan's name gives its room to the path (a blocked plan's warning always shows).
const PLAN_WIDTH: u16 = 90;

fn badges<'a>(view: &View<'a>, with_plan: bool) -> Vec<Span<'a>> {
    let (app, theme) = (view.app, view.theme);
    let mut badges = Vec::new();
    if let Some(subscription) = app.data.subscription.value() {
        if subscription.usage_blocked {
            let url = subscription.upgrade_url.as_deref().filter(|url| !url.trim().is_empty());
            let text = format!("⚠ usage blocked: upgrade at {}", url.unwrap_or(crate::api::CONSOLE_URL));
            badges.push(Span::styled(clean(&text, 70), theme.bad));
        }
        if with_plan {
            badges.push(Span::styled(format!("{} plan", clean(&subscription.plan_name, 20)), theme.muted));
        }
    }
    if app.session.badges.demo {
        badges.push(Span::styled("DEMO", theme.demo));
    }
    if app.session.badges.read_only {
        badges.push(Span::styled("READ-ONLY", theme.read_only));
    }
    if let Some(profile) = &app.session.badges.profile {
        badges.push(Span::styled(clean(profile, 20), theme.title));
    }
    if let Some(host) = &app.session.badges.host {
        badges.push(Span::styled(format!("● {}", clean(host, 40)), theme.accent));
    }
    if badges.is_empty() {
        return badges;
    }
    let mut spans = vec![Span::raw(" ")];
    for (index, badge) in badges.into_iter().enumerate() {
        if index > 0 {
            spans.push(Span::styled(" · ", theme.muted));
        }
        spans.push(badge);
    }
    spans.push(Span::raw(" "));
    spans
}

/// The names from the workspace down to the selected node, each safe and at most `CRUMB_WIDTH` wide.
fn crumbs(view: &View) -> Vec<String> {
    let app = view.app;
    match &app.screen {
        Screen::FirstRun => return vec!["welcome".to_owned()],
        Screen::Rejected(_) => return vec!["token refused".to_owned()],
        Screen::Browse => {}
    }
    let workspace = app.workspace_name().map_or_else(|| "…".to_owned(), |name| clean(name, CRUMB_WIDTH));
    let mut crumbs = vec![workspace];
    match &view.node {
        Node::Workspace => {}
        Node::ServiceTokens => crumbs.push(crate::app::SERVICE_TOKENS.to_owned()),
        Node::Project(id) => crumbs.push(project_name(app, id)),
        Node::Branch { project, branch } => {
            crumbs.push(project_name(app, project));
            crumbs.push(clean(&app.data.branch_label(branch.as_deref()), CRUMB_WIDTH));
        }
        Node::Database(id) | Node::Section(id, _) => {
            let database = app.data.database(id);
            let project = database.and_then(|database| database.project.as_ref());
            crumbs.push(project.map_or_else(|| "…".to_owned(), |project| clean(&project.name, CRUMB_WIDTH)));
            if let Some(Node::Branch { branch, .. }) = database.and_then(|database| app.data.branch_node_of(database)) {
                crumbs.push(clean(&app.data.branch_label(branch.as_deref()), CRUMB_WIDTH));
            }
            crumbs.push(database.map_or_else(|| clean(id, CRUMB_WIDTH), |database| clean(&database.name, CRUMB_WIDTH)));
            if let Node::Section(_, section) = &view.node {
                crumbs.push(section.title().to_owned());
            }
        }
    }
    crumbs
}

fn project_name(app: &App, id: &str) -> String {
    app.data.project(id).map_or_else(|| clean(id, CRUMB_WIDTH), |project| clean(&project.name, CRUMB_WIDTH))
}

/// Drops crumbs from the left (leaving `…` in their place) until they fit in `room` columns.
fn shorten(mut crumbs: Vec<String>, room: usize) -> Vec<String> {
    let width = |crumbs: &[String]| -> usize {
        crumbs.iter().map(|crumb| display_width(crumb)).sum::<usize>() + 3 * crumbs.len().saturating_sub(1)
    };
    let mut dropped = false;
    while width(&crumbs) > room && crumbs.len() > 1 {
        crumbs.remove(usize::from(dropped));
        if !dropped {
            crumbs.insert(0, "…".to_owned());
            dropped = true;
        }
        if crumbs.len() == 2 && dropped {
            crumbs.remove(0);
            break;
        }
    }
    crumbs
}

#[cfg(test)]
mod tests {
    use super::shorten;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| (*item).to_owned()).collect()
    }

    #[test]
    fn shortening_drops_the_top_first() {
        let crumbs = strings(&["Acme", "checkout-service", "main-db", "Connections"]);
        assert_eq!(shorten(crumbs.clone(), 100), crumbs);
        assert_eq!(shorten(crumbs.clone(), 30), strings(&["…", "main-db", "Connections"]));
        assert_eq!(shorten(crumbs.clone(), 12), strings(&["Connections"]));
        assert_eq!(shorten(Vec::new(), 0), Vec::<String>::new());
    }
}
