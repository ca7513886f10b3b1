//! `ppg` with no command: gathers the config, the token or the demo, and hands over to the TUI.
use std::time::Instant;

use super::Cli;
use super::context::Failure;
use crate::app::{Badges, Keymap, Options};
use crate::config::{self, Env, Overrides};
use crate::runtime::clipboard::ClipboardMode;
use crate::runtime::{Profiles, start_demo_emulator};
use crate::tui::{self, Launch};
use crate::ui::Theme;

/// Runs the console. A broken config file does not stop it: the problem is shown on screen.
pub async fn run(cli: &Cli, env: &Env, started: Instant) -> Result<(), Failure> {
    let path = config::config_path(env);
    let mut problems = Vec::new();
    let file = match config::load(&path) {
        Ok(loaded) => loaded.map(|loaded| {
            problems.extend(loaded.warnings);
            loaded.file
        }),
        Err(error) => {
            problems.push(error.to_string());
            None
        }
    };
    let overrides =
        Overrides { profile: cli.profile.clone(), api_url: cli.api_url.clone(), read_only: cli.read_only, token: None };
    let settings = match config::resolve(file.as_ref(), env, &overrides) {
        Ok(settings) => Some(settings),
        Err(error) => {
            problems.push(error.to_string());
            None
        }
    };
    let keymap = match &file {
        Some(file) if !file.keys.is_empty() => {
            let source = std::fs::read_to_string(&path).ok();
            let (keymap, key_problems) = Keymap::from_config(&file.keys, source.as_deref());
            problems.extend(key_problems);
            keymap
        }
        _ => Keymap::default(),
    };
    let theme = match (env.no_color, file.as_ref().map(|file| file.theme)) {
        (true, _) => Theme::plain(),
        (false, Some(config::Theme::Light)) => Theme::light(),
        (false, Some(config::Theme::Colorblind)) => Theme::colorblind(),
        _ => Theme::dark(),
    };
    let clipboard = match file.as_ref().map(|file| file.clipboard) {
        Some(config::Clipboard::Native) => ClipboardMode::Native,
        Some(config::Clipboard::Osc52) => ClipboardMode::Osc52,
        _ => ClipboardMode::Auto,
    };
    let read_only = settings.as_ref().is_some_and(|settings| settings.read_only);
    let mut badges = Badges {
        profile: settings.as_ref().and_then(|s| s.profile.clone()),
        demo: cli.demo,
        read_only,
        host: settings.as_ref().filter(|_| !cli.demo).and_then(|settings| settings.host_badge()),
    };
    let (client, demo) = if cli.demo {
        let (running, client) = start_demo_emulator().await.map_err(Failure::Reported)?;
        badges.profile = None;
        (Some(client), Some(running))
    } else {
        let client = match &settings {
            Some(settings) => settings.client().map_err(Failure::Usage)?,
            None => None,
        };
        (client, None)
    };
    let options = Options {
        has_token: client.is_some(),
        badges,
        keymap,
        config_problems: problems,
        now: None,
        profiles: settings.as_ref().map(|settings| settings.profiles.clone()).unwrap_or_default(),
        config_path: Some(path.display().to_string()),
    };
    let launch = Launch {
        options,
        client,
        demo,
        profiles: Profiles { file: file.clone(), env: Some(env.clone()), overrides },
        theme,
        mouse: file.as_ref().is_some_and(|file| file.mouse),
        clipboard,
        started,
        refresh_every: file.as_ref().and_then(|file| file.refresh_interval),
        clear_clipboard_after: file.as_ref().and_then(|file| file.clear_clipboard_after),
    };
    match tui::run(launch).await.map_err(Failure::Reported)? {
        tui::Ended::Quit => Ok(()),
        tui::Ended::Signal(number) => Err(Failure::Quiet(super::exit::signal(number))),
    }
}
