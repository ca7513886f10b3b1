//! The colours and text attributes of every part of the screen, as data: dark, light, colour-blind safe, plain.
use ratatui::style::{Color, Modifier, Style};

use crate::api::{BackupStatus, DatabaseStatus};

/// Every style the UI uses. A theme never changes what is drawn, only how it looks, except that the
/// plain and colour-blind themes draw status marks in different shapes so they read without colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// Ordinary text.
    pub text: Style,
    /// Frame lines.
    pub border: Style,
    /// The breadcrumbs and pane titles.
    pub title: Style,
    /// Secondary text: ids, times, separators, explanations.
    pub muted: Style,
    /// Table column headers and field names.
    pub heading: Style,
    /// The selected row of the focused pane.
    pub selected: Style,
    /// The selected row of the pane without the keyboard.
    pub selected_dim: Style,
    /// Keys in hints and help.
    pub key: Style,
    /// Good news: ready, completed, copied.
    pub ok: Style,
    /// In progress: provisioning, recovering, running.
    pub warn: Style,
    /// Failures and errors.
    pub bad: Style,
    /// A status ppg does not know.
    pub unknown: Style,
    /// The `DEMO` badge.
    pub demo: Style,
    /// The `READ-ONLY` badge.
    pub read_only: Style,
    /// The default database's star, the secret marker.
    pub accent: Style,
    /// The usage chart's bars.
    pub bar: Style,
    /// Status marks drawn in distinct shapes (●, ◐, ✗, ○) rather than one coloured dot.
    pub shapes: bool,
}

impl Theme {
    /// For dark terminal backgrounds (the default).
    pub fn dark() -> Theme {
        Theme {
            text: Style::new(),
            border: Style::new().fg(Color::DarkGray),
            title: Style::new().add_modifier(Modifier::BOLD),
            muted: Style::new().fg(Color::Gray),
            heading: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            selected: Style::new().fg(Color::Black).bg(Color::Cyan).add_modifier(Modifier::BOLD),
            selected_dim: Style::new().bg(Color::DarkGray),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            ok: Style::new().fg(Color::Green),
            warn: Style::new().fg(Color::Yellow),
            bad: Style::new().fg(Color::LightRed),
            unknown: Style::new().fg(Color::DarkGray),
            demo: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            read_only: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            accent: Style::new().fg(Color::Yellow),
            bar: Style::new().fg(Color::Cyan),
            shapes: false,
        }
    }

    /// For light terminal backgrounds: no yellow text on white, darker accents.
    pub fn light() -> Theme {
        let amber = Color::Indexed(130);
        Theme {
            text: Style::new(),
            border: Style::new().fg(Color::Gray),
            title: Style::new().add_modifier(Modifier::BOLD),
            muted: Style::new().fg(Color::DarkGray),
            heading: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            selected: Style::new().fg(Color::White).bg(Color::Blue).add_modifier(Modifier::BOLD),
            selected_dim: Style::new().bg(Color::Indexed(253)),
            key: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            ok: Style::new().fg(Color::Green),
            warn: Style::new().fg(amber),
            bad: Style::new().fg(Color::Red),
            unknown: Style::new().fg(Color::Gray),
            demo: Style::new().fg(amber).add_modifier(Modifier::BOLD),
            read_only: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            accent: Style::new().fg(amber),
            bar: Style::new().fg(Color::Blue),
            shapes: false,
        }
    }

    /// Dark, with blue for good and orange for bad (safe for red-green colour blindness), and shaped marks.
    pub fn colorblind() -> Theme {
        let blue = Color::Indexed(33);
        let orange = Color::Indexed(208);
        Theme {
            ok: Style::new().fg(blue),
            bad: Style::new().fg(orange),
            warn: Style::new().fg(Color::Yellow),
            bar: Style::new().fg(blue),
            shapes: true,
            ..Theme::dark()
        }
    }

    /// `NO_COLOR`: no colour at all, only bold, dim, underline and reverse.
    pub fn plain() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            text: Style::new(),
            border: Style::new(),
            title: bold,
            muted: Style::new().add_modifier(Modifier::DIM),
            heading: bold,
            selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            selected_dim: Style::new().add_modifier(Modifier::UNDERLINED),
            key: bold,
            ok: Style::new(),
            warn: Style::new(),
            bad: bold,
            unknown: Style::new().add_modifier(Modifier::DIM),
            demo: bold,
            read_only: bold,
            accent: Style::new(),
            bar: Style::new(),
            shapes: true,
        }
    }

    /// The mark and style of a database status: ● ready, ◐ busy, ✗ failure, ○ unknown (shapes only when
    /// the theme asks for them; otherwise a dot that only its colour tells apart).
    pub fn status(&self, status: &DatabaseStatus) -> (&'static str, Style) {
        let (shape, style) = match status {
            DatabaseStatus::Ready => ("●", self.ok),
            DatabaseStatus::Provisioning | DatabaseStatus::Recovering => ("◐", self.warn),
            DatabaseStatus::Failure => ("✗", self.bad),
            DatabaseStatus::Other(_) => ("○", self.unknown),
        };
        (if self.shapes { shape } else { "●" }, style)
    }

    /// The style of a backup's status word.
    pub fn backup_status(&self, status: &BackupStatus) -> Style {
        match status {
            BackupStatus::Completed => self.ok,
            BackupStatus::Running => self.warn,
            BackupStatus::Failed => self.bad,
            BackupStatus::Unknown | BackupStatus::Other(_) => self.unknown,
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::dark()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_has_no_colour() {
        let theme = Theme::plain();
        let styles = [
            theme.text,
            theme.border,
            theme.title,
            theme.muted,
            theme.heading,
            theme.selected,
            theme.selected_dim,
            theme.key,
            theme.ok,
            theme.warn,
            theme.bad,
            theme.unknown,
            theme.demo,
            theme.read_only,
            theme.accent,
            theme.bar,
        ];
        for style in styles {
            assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
        }
    }

    #[test]
    fn colorblind_avoids_red_and_green() {
        let theme = Theme::colorblind();
        for style in [theme.ok, theme.bad] {
            assert!(!matches!(style.fg, Some(Color::Red | Color::LightRed | Color::Green | Color::LightGreen)));
        }
        assert_ne!(theme.status(&DatabaseStatus::Ready).0, theme.status(&DatabaseStatus::Failure).0);
    }

    #[test]
    fn every_status_has_a_mark() {
        let theme = Theme::dark();
        assert_eq!(theme.status(&DatabaseStatus::Other("paused".into())).0, "●");
        assert_eq!(theme.status(&DatabaseStatus::Ready).1, theme.ok);
        assert_eq!(theme.status(&DatabaseStatus::Recovering).1, theme.warn);
    }
}
