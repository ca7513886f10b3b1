//! A database's latest connection test (`t`), under its Connections table and its description: each
//! endpoint's steps side by side, or where and why one stopped; and the box that offers a temporary
//! connection when ppg holds no password.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::View;
use super::common::{clean, safe};
use super::pane::lines;
use crate::app::{App, Offer, Probe};

/// Below this width the endpoints are stacked instead of side by side.
const SIDE_BY_SIDE: u16 = 76;
/// Width of a step's label and of its time.
const LABEL: usize = 14;
const TOOK: usize = 9;

/// The rows the test of `database` wants at `width` (0 when it has none): a rule, the title, the probes.
pub fn height(app: &App, database: &str, width: u16) -> u16 {
    let Some(check) = app.session.checks.get(database) else { return 0 };
    let probes = check.outcome.as_ref().and_then(|tested| tested.probes.as_ref().ok());
    let body = match probes {
        None => 1,
        Some(probes) if width >= SIDE_BY_SIDE => probes.iter().map(probe_rows).max().unwrap_or(0),
        Some(probes) => probes.iter().map(probe_rows).sum(),
    };
    let end = check.outcome.as_ref().is_some_and(|tested| tested.temporary.is_some());
    u16::try_from(2 + body + usize::from(end)).unwrap_or(u16::MAX)
}

/// `area` split for a pane that shows the test of `database` under its table: the table's part, the test's
/// (at most half the area; empty when there is no test).
pub fn split(app: &App, database: &str, area: Rect) -> (Rect, Rect) {
    let wanted = height(app, database, area.width).min(area.height / 2);
    let table = Rect { height: area.height - wanted, ..area };
    (table, Rect { y: table.bottom(), height: wanted, ..area })
}

/// The rows one probe takes: its title, its steps, and a failure's two lines.
fn probe_rows(probe: &Probe) -> usize {
    1 + probe.steps.len() + probe.failure.as_ref().map_or(0, |failure| 1 + usize::from(failure.likely.is_some()))
}

/// Draws the test of `database` in `area` (from its top), when there is one.
pub fn draw(frame: &mut Frame, area: Rect, view: &View, database: &str) {
    let (app, theme) = (view.app, view.theme);
    let Some(check) = app.session.checks.get(database) else { return };
    if area.height < 2 {
        return;
    }
    let summary_style = match (&check.outcome, check.failed()) {
        (None, _) => theme.muted,
        (Some(_), true) => theme.bad,
        (Some(_), false) => theme.ok,
    };
    let header = vec![
        Line::styled("─".repeat(usize::from(area.width)), theme.border),
        Line::from(vec![
            Span::styled("Test of ", theme.muted),
            Span::styled(clean(&check.subject, 60), theme.title),
            Span::styled(format!(" · {}  ", check.started.format("%H:%M:%S")), theme.muted),
            Span::styled(safe(&check.summary()), summary_style),
        ]),
    ];
    let used = lines(frame, area, header) as u16;
    let mut rest = Rect { y: area.y + used, height: area.height - used, ..area };
    let Some(tested) = &check.outcome else { return };
    if let Some(end) = &tested.temporary {
        let style = if matches!(end, crate::app::TemporaryEnd::Left { .. }) { theme.bad } else { theme.muted };
        let at = Rect { y: rest.bottom().saturating_sub(1), height: 1.min(rest.height), ..rest };
        frame.render_widget(Paragraph::new(Line::styled(safe(&end.describe()), style)), at);
        rest.height = rest.height.saturating_sub(1);
    }
    let probes = match &tested.probes {
        Ok(probes) => probes,
        Err(why) => {
            let text = Line::styled(safe(why), theme.bad);
            frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), rest);
            return;
        }
    };
    if probes.is_empty() {
        return;
    }
    if area.width >= SIDE_BY_SIDE {
        let width = rest.width / probes.len() as u16;
        for (index, probe) in probes.iter().enumerate() {
            let column = Rect { x: rest.x + width * index as u16, width: width.saturating_sub(2), ..rest };
            lines(frame, column, probe_lines(view, probe, usize::from(column.width)));
        }
    } else {
        let all: Vec<Line> =
            probes.iter().flat_map(|probe| probe_lines(view, probe, usize::from(rest.width))).collect();
        lines(frame, rest, all);
    }
}

/// `pooled  127.0.0.1:6432`, then `✓ resolve  0.1 ms  detail` per step, then the failure and its cause.
fn probe_lines<'a>(view: &View, probe: &Probe, width: usize) -> Vec<Line<'a>> {
    let theme = view.theme;
    let (mark, style) = if probe.answered() { ("✓", theme.ok) } else { ("✗", theme.bad) };
    let mut out = vec![Line::from(vec![
        Span::styled(format!("{mark} "), style),
        Span::styled(format!("{:<8}", probe.endpoint), theme.heading),
        Span::styled(clean(&probe.address, width.saturating_sub(10)), theme.muted),
    ])];
    for step in &probe.steps {
        out.push(Line::from(vec![
            Span::styled("✓ ", theme.ok),
            Span::raw(format!("{:<LABEL$}", step.label)),
            Span::styled(format!("{:>TOOK$}  ", step.took.as_deref().unwrap_or("—")), theme.muted),
            Span::raw(clean(&step.detail, width)),
        ]));
    }
    if let Some(failure) = &probe.failure {
        out.push(Line::from(vec![
            Span::styled("✗ ", theme.bad),
            Span::raw(format!("{:<LABEL$}", failure.step)),
            Span::styled(safe(&failure.message), theme.bad),
        ]));
        if let Some(likely) = &failure.likely {
            out.push(Line::styled(format!("  likely: {}", safe(likely)), theme.warn));
        }
    }
    out
}

/// The offer of a temporary connection: why, what ppg would do, and the one key that accepts.
pub fn offer(frame: &mut Frame, body: Rect, view: &View, offer: &Offer) {
    let mut text: Vec<Line> = offer.lines().iter().map(|line| Line::styled(safe(line), view.theme.text)).collect();
    text.push(Line::raw(""));
    text.push(Line::from(vec![
        Span::styled("enter", view.theme.key),
        Span::styled(" create it and go   ", view.theme.muted),
        Span::styled("esc", view.theme.key),
        Span::styled(" cancel", view.theme.muted),
    ]));
    super::dialogs::show(frame, body, view, safe(&offer.title()), text);
}
