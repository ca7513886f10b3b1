//! A database's latest connection test (`t`), under its Connections table and its description: each
//! endpoint's steps side by side, or where and why one stopped; and the box that offers a temporary
//! connection when ppg holds no password.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::View;
use super::common::safe;
use super::pane::lines;
use crate::app::{App, Offer, Probe, TemporaryEnd};
use crate::format::display_width;

/// Below this width a column, the endpoints are stacked instead of side by side.
const MIN_COLUMN: u16 = 30;
/// Width of a step's label and of its time.
const LABEL: usize = 14;
const TOOK: usize = 9;

/// The rows the test of `database` wants at `width` (0 when it has none): a blank, the title, the probes.
pub fn height(app: &App, database: &str, width: u16) -> u16 {
    let Some(check) = app.session.checks.get(database) else { return 0 };
    let body = match check.outcome.as_ref().map(|tested| &tested.probes) {
        None => 0,
        Some(Err(why)) => wrap(why, usize::from(width)).len(),
        Some(Ok(probes)) => {
            let (columns, width) = columns(probes.len(), width);
            let rows = probes.iter().map(|probe| probe_lines(probe, usize::from(width)).len());
            if columns > 1 { rows.max().unwrap_or(0) } else { rows.sum() }
        }
    };
    let left = check.outcome.as_ref().and_then(|tested| tested.temporary.as_ref()).is_some_and(TemporaryEnd::is_left);
    u16::try_from(2 + body + usize::from(left)).unwrap_or(u16::MAX)
}

/// `area` split for a pane that shows the test of `database` under its table: the table's part, the test's
/// (at most half the area; empty when there is no test).
pub fn split(app: &App, database: &str, area: Rect) -> (Rect, Rect) {
    let wanted = height(app, database, area.width).min(area.height / 2);
    let table = Rect { height: area.height - wanted, ..area };
    (table, Rect { y: table.bottom(), height: wanted, ..area })
}

/// How many columns the probes take at `width`, and each one's width.
fn columns(probes: usize, width: u16) -> (u16, u16) {
    let count = u16::try_from(probes.max(1)).unwrap_or(1);
    if count > 1 && width / count >= MIN_COLUMN { (count, width / count) } else { (1, width) }
}

/// Draws the test of `database` in `area` (from its top), when there is one.
pub fn draw(frame: &mut Frame, area: Rect, view: &View, database: &str) {
    let (app, theme) = (view.app, view.theme);
    let Some(check) = app.session.checks.get(database) else { return };
    if area.height < 2 {
        return;
    }
    let (mark, summary_style) = match (&check.outcome, check.failed()) {
        (None, _) => ("", theme.muted),
        (Some(_), true) => ("✗ ", theme.bad),
        (Some(_), false) => ("✓ ", theme.ok),
    };
    // The verdict first: a narrow pane cuts the end of the line.
    let title = Line::from(vec![
        Span::styled(format!("{mark}{}", safe(&check.summary())), summary_style),
        Span::styled(format!("  test at {} of ", check.started.format("%H:%M:%S")), theme.muted),
        Span::styled(safe(&check.subject), theme.title),
    ]);
    let used = lines(frame, area, vec![Line::raw(""), title]) as u16;
    let mut rest = Rect { y: area.y + used, height: area.height - used, ..area };
    let Some(tested) = &check.outcome else { return };
    if let Some(end) = tested.temporary.as_ref().filter(|end| end.is_left()) {
        let at = Rect { y: rest.bottom().saturating_sub(1), height: 1.min(rest.height), ..rest };
        lines(frame, at, vec![Line::styled(safe(&end.describe()), theme.bad)]);
        rest.height = rest.height.saturating_sub(1);
    }
    let probes = match &tested.probes {
        Ok(probes) => probes,
        Err(why) => {
            let text = wrap(why, usize::from(rest.width)).into_iter().map(|line| Line::styled(line, theme.bad));
            lines(frame, rest, text.collect());
            return;
        }
    };
    let (count, width) = columns(probes.len(), rest.width);
    if count > 1 {
        for (index, probe) in probes.iter().enumerate() {
            let column = Rect { x: rest.x + width * index as u16, width: width.saturating_sub(2), ..rest };
            lines(frame, column, styled(view, probe_lines(probe, usize::from(column.width))));
        }
    } else {
        let all = probes.iter().flat_map(|probe| probe_lines(probe, usize::from(width)));
        lines(frame, rest, styled(view, all.collect()));
    }
}

/// What a probe's line is, for its style.
#[derive(Clone, Copy)]
enum Kind {
    Answered,
    Failed,
    Step,
    Problem,
    Likely,
}

/// `✓ pooled  127.0.0.1:6432`, then one line per step (`resolve  0.1 ms  detail`, the detail when there
/// is room), then where it stopped, why, and what is likely behind it (wrapped).
fn probe_lines(probe: &Probe, width: usize) -> Vec<(Kind, String)> {
    let kind = if probe.answered() { Kind::Answered } else { Kind::Failed };
    let mark = if probe.answered() { "✓" } else { "✗" };
    let mut out = vec![(kind, format!("{mark} {:<7} {}", probe.endpoint, safe(&probe.address)))];
    for step in &probe.steps {
        let took = step.took.as_deref().unwrap_or("—");
        let mut line = format!("  {:<LABEL$}{took:>TOOK$}", step.label);
        if width >= LABEL + TOOK + 2 + 12 {
            line.push_str(&format!("  {}", safe(&step.detail)));
        }
        out.push((Kind::Step, line));
    }
    if let Some(failure) = &probe.failure {
        out.push((Kind::Failed, format!("✗ {} failed:", failure.step)));
        let room = width.saturating_sub(2);
        out.extend(wrap(&failure.message, room).into_iter().map(|line| (Kind::Problem, format!("  {line}"))));
        if let Some(likely) = &failure.likely {
            let text = format!("likely: {likely}");
            out.extend(wrap(&text, room).into_iter().map(|line| (Kind::Likely, format!("  {line}"))));
        }
    }
    out
}

fn styled<'a>(view: &View, lines: Vec<(Kind, String)>) -> Vec<Line<'a>> {
    let theme = view.theme;
    lines
        .into_iter()
        .map(|(kind, text)| {
            let style = match kind {
                Kind::Answered => theme.ok,
                Kind::Failed | Kind::Problem => theme.bad,
                Kind::Step => theme.text,
                Kind::Likely => theme.warn,
            };
            Line::styled(text, style)
        })
        .collect()
}

/// `text` (made safe to show) cut into lines of at most `width` columns, at spaces where it can be.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(8);
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in safe(text).split(' ') {
        let needed = display_width(&line) + usize::from(!line.is_empty()) + display_width(word);
        if !line.is_empty() && needed > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

/// The offer of a temporary connection: why, what ppg would do, and the one key that accepts.
pub fn offer(frame: &mut Frame, body: Rect, view: &View, offer: &Offer) {
    let mut text: Vec<Line> = offer.lines().iter().map(|line| Line::styled(safe(line), view.theme.text)).collect();
    text.push(Line::raw(""));
    let keymap = &view.app.session.keymap;
    let key = |action| keymap.hint_in(crate::app::Mode::Dialog, action).unwrap_or_else(|| "(unbound)".to_owned());
    text.push(Line::from(vec![
        Span::styled(key(crate::app::Action::Submit), view.theme.key),
        Span::styled(" create it and go   ", view.theme.muted),
        Span::styled(key(crate::app::Action::Cancel), view.theme.key),
        Span::styled(" cancel", view.theme.muted),
    ]));
    super::dialogs::show(frame, body, view, safe(&offer.title()), text);
}
