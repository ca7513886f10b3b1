//! The screens before the workspace: first run (no token anywhere) and a token the API refused (401).
use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::View;
use super::common::safe;
use crate::app::Action;

/// Text wider than this is hard to read; the screens keep to it on wide terminals.
const READABLE_WIDTH: u16 = 92;

/// Where the config file lives, as users write it.
const CONFIG_PATH: &str = "~/.config/ppg/config.toml";

fn area_for(body: Rect) -> Rect {
    let inner = body.inner(Margin::new(2, 1));
    Rect { width: inner.width.min(READABLE_WIDTH), ..inner }
}

/// `d  try the demo` and `q  quit`, with the quit key in force.
fn choices<'a>(view: &View, demo: &'a str) -> Vec<Line<'a>> {
    let theme = view.theme;
    let quit = view.app.session.keymap.hint(Action::Quit).unwrap_or_else(|| "ctrl-c".to_owned());
    vec![
        Line::from(vec![Span::styled("  d", theme.key), Span::raw(format!("{:<4}{demo}", ""))]),
        Line::from(vec![Span::styled(format!("  {quit}"), theme.key), Span::raw(format!("{:<4}quit", ""))]),
    ]
}

pub fn first_run(frame: &mut Frame, body: Rect, view: &View) {
    let theme = view.theme;
    let code = theme.accent;
    let mut lines = vec![
        Line::styled("Welcome to ppg, a console for Prisma Postgres.", theme.title),
        Line::raw(""),
        Line::raw(
            "ppg needs a service token to reach your workspace. Create one in the Prisma Console \
             (your workspace's settings, Service tokens), then either:",
        ),
        Line::raw(""),
        Line::from(vec![
            Span::raw("  • put it in the environment:  "),
            Span::styled("export PRISMA_POSTGRES_TOKEN=…", code),
        ]),
        Line::from(vec![Span::raw("  • or keep it in a profile in "), Span::styled(CONFIG_PATH, code), Span::raw(":")]),
        Line::styled("      [profiles.work]", code),
        Line::styled("      token_command = \"pass show prisma/work\"   # or token = \"…\"", code),
        Line::styled("      read_only = false", code),
        Line::raw(""),
        Line::raw("Then start ppg again. Or look around first:"),
        Line::raw(""),
    ];
    lines.extend(choices(view, "try the demo (a built-in emulator with sample data)"));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area_for(body));
}

pub fn rejected(frame: &mut Frame, body: Rect, view: &View, message: &str) {
    let theme = view.theme;
    let code = theme.accent;
    let mut lines = vec![
        Line::styled("The API refused the token (401 Unauthorized).", theme.bad.patch(theme.title)),
        Line::raw(""),
        Line::styled(safe(message), theme.muted),
        Line::raw(""),
        Line::styled("What to do", theme.heading),
        Line::from(vec![
            Span::raw("  • Check "),
            Span::styled("PRISMA_POSTGRES_TOKEN", code),
            Span::raw(", or the profile's token in "),
            Span::styled(CONFIG_PATH, code),
        ]),
        Line::raw("    (the header names the profile in use)."),
        Line::raw("  • Tokens can be revoked: if this one was, create a new one in the Console."),
        Line::from(vec![
            Span::raw("  • "),
            Span::styled("ppg whoami", code),
            Span::raw(" checks a token without opening the console."),
        ]),
        Line::raw(""),
    ];
    lines.extend(choices(view, "try the demo instead"));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area_for(body));
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use crate::app::{App, Keymap, Options, Screen};
    use crate::ui::{Theme, draw};

    fn text(app: &App) -> String {
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        terminal.draw(|frame| draw(frame, app, &Theme::plain())).unwrap();
        terminal.backend().to_string()
    }

    #[test]
    fn first_run_explains_the_token_and_the_config_file_with_the_keys_in_force() {
        let table: toml::Table = toml::from_str("quit = \"x\"").unwrap();
        let (keymap, _) = Keymap::from_config(&table, None);
        let (app, _) = App::new(Options { keymap, ..Options::default() });
        assert_eq!(app.screen, Screen::FirstRun);
        let text = text(&app);
        for expected in ["PRISMA_POSTGRES_TOKEN", "~/.config/ppg/config.toml", "[profiles.work]", "d    try the demo"] {
            assert!(text.contains(expected), "{expected} missing:\n{text}");
        }
        assert!(text.contains("x    quit") && !text.contains("q    quit"), "{text}");
    }

    #[test]
    fn a_refused_token_says_so_with_the_message_escaped() {
        let (mut app, _) = App::new(Options::default());
        app.screen = Screen::Rejected("GET /v1/me: 401 bad token\x1b[2J".to_owned());
        let text = text(&app);
        assert!(text.contains("The API refused the token (401"), "{text}");
        assert!(text.contains("bad token\\x1b[2J") && !text.contains('\x1b'), "{text}");
    }
}
