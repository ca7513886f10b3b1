//! The terminal palette the README's pictures are drawn in: ratatui's colours — the theme's ANSI names,
//! the 256 indexed colours, RGB — resolved to hex, as a dark terminal would show them.
use ratatui::style::Color;

/// A terminal's colours: its default foreground and background, and the 16 ANSI colours.
pub struct Palette {
    pub foreground: &'static str,
    pub background: &'static str,
    /// Black, red, green, yellow, blue, magenta, cyan, white; then their bright forms.
    pub ansi: [&'static str; 16],
}

/// A dark terminal, for `Theme::dark()` (the default theme).
pub const DARK: Palette = Palette {
    foreground: "#d4d7dd",
    background: "#16181d",
    ansi: [
        "#000000", "#d0504c", "#3fb950", "#d6a31c", "#3a7bd5", "#b45fc2", "#1fb2c9", "#c0c4cc", // normal
        "#5c6370", "#f06a66", "#5ad46c", "#f0c94a", "#5d9cf0", "#d27fe0", "#4fd2e4", "#ffffff", // bright
    ],
};

/// The steps of the 6×6×6 colour cube of indexes 16–231.
const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

impl Palette {
    /// The colour as `#rrggbb`; `None` for `Color::Reset` (the terminal's default, which the caller knows).
    pub fn hex(&self, color: Color) -> Option<String> {
        let ansi = |index: usize| Some(self.ansi[index].to_owned());
        match color {
            Color::Reset => None,
            Color::Black => ansi(0),
            Color::Red => ansi(1),
            Color::Green => ansi(2),
            Color::Yellow => ansi(3),
            Color::Blue => ansi(4),
            Color::Magenta => ansi(5),
            Color::Cyan => ansi(6),
            Color::Gray => ansi(7),
            Color::DarkGray => ansi(8),
            Color::LightRed => ansi(9),
            Color::LightGreen => ansi(10),
            Color::LightYellow => ansi(11),
            Color::LightBlue => ansi(12),
            Color::LightMagenta => ansi(13),
            Color::LightCyan => ansi(14),
            Color::White => ansi(15),
            Color::Indexed(index @ 0..16) => ansi(usize::from(index)),
            Color::Indexed(index @ 16..232) => {
                let index = usize::from(index - 16);
                Some(rgb(CUBE[index / 36], CUBE[index / 6 % 6], CUBE[index % 6]))
            }
            Color::Indexed(index) => {
                let level = 8 + 10 * (index - 232);
                Some(rgb(level, level, level))
            }
            Color::Rgb(red, green, blue) => Some(rgb(red, green, blue)),
        }
    }
}

fn rgb(red: u8, green: u8, blue: u8) -> String {
    format!("#{red:02x}{green:02x}{blue:02x}")
}

#[test]
fn every_kind_of_colour_resolves() {
    assert_eq!(DARK.hex(Color::Reset), None);
    assert_eq!(DARK.hex(Color::Cyan).as_deref(), Some(DARK.ansi[6]));
    assert_eq!(DARK.hex(Color::Indexed(6)), DARK.hex(Color::Cyan), "the first 16 indexes are the ANSI colours");
    assert_eq!(DARK.hex(Color::Indexed(16)).as_deref(), Some("#000000"));
    assert_eq!(DARK.hex(Color::Indexed(130)).as_deref(), Some("#af5f00"), "xterm's 130");
    assert_eq!(DARK.hex(Color::Indexed(231)).as_deref(), Some("#ffffff"));
    assert_eq!(DARK.hex(Color::Indexed(232)).as_deref(), Some("#080808"));
    assert_eq!(DARK.hex(Color::Indexed(253)).as_deref(), Some("#dadada"));
    assert_eq!(DARK.hex(Color::Rgb(1, 2, 255)).as_deref(), Some("#0102ff"));
}
