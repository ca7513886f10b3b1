//! The README's pictures: screens of the console drawn to SVG (`svg`, in `palette`'s colours) and kept in
//! `assets/`. A picture that no longer matches what the console draws fails its test, until it is drawn
//! again with `PPG_UPDATE_ASSETS=1`.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod palette;
pub mod svg;

use std::path::PathBuf;

use ratatui::buffer::Buffer;

/// The environment variable that rewrites the pictures instead of comparing them.
pub const UPDATE: &str = "PPG_UPDATE_ASSETS";

/// Where the picture `name` is kept.
pub fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets").join(format!("{name}.svg"))
}

/// Draws `buffer` as `assets/NAME.svg` and fails when the committed picture differs (or is missing); with
/// `PPG_UPDATE_ASSETS=1` writes it instead.
pub fn check(name: &str, title: &str, buffer: &Buffer) {
    let drawn = svg::render(buffer, &palette::DARK, title);
    let path = path(name);
    if std::env::var(UPDATE).is_ok_and(|value| value == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        if std::fs::read_to_string(&path).ok().as_deref() != Some(drawn.as_str()) {
            std::fs::write(&path, &drawn).unwrap();
            eprintln!("wrote {}", path.display());
        }
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != drawn {
        let line = committed.lines().zip(drawn.lines()).position(|(was, now)| was != now);
        let line = line.unwrap_or_else(|| committed.lines().count().min(drawn.lines().count()));
        panic!(
            "{} is stale: the console draws it differently now (first difference on line {}).\n\
             Draw it again with `{UPDATE}=1 cargo test --test readme_pictures`, look at it, and commit it.",
            path.display(),
            line + 1
        );
    }
}
