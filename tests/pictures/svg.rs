//! A ratatui `Buffer` as an SVG picture of a terminal: a background `<rect>` per run of cells of one
//! background colour, a `<text>` per run of same-styled glyphs (each glyph placed at its cell, so any
//! monospace font lines up), bold, italic, dim, reversed, underlined and crossed-out cells, wide characters
//! over two cells. The output depends on the buffer alone: the same frame gives the same bytes.
use ratatui::buffer::{Buffer, Cell};
use ratatui::style::Modifier;
use unicode_width::UnicodeWidthStr;

use super::palette::Palette;

/// One cell's size in pixels, and the font's: 9 × 18 for 15 px (a monospace glyph is about 0.6 em wide).
const CELL_WIDTH: u32 = 9;
const CELL_HEIGHT: u32 = 18;
const FONT_SIZE: u32 = 15;
/// From a row's top to the text's baseline.
const BASELINE: u32 = 14;
/// Around the screen, as a terminal window's padding.
const MARGIN: u32 = 12;
const FONTS: &str = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace";

/// A visible cell as drawn: where, how wide, what, in which colours and attributes.
struct Glyph<'a> {
    column: u32,
    width: u32,
    symbol: &'a str,
    foreground: String,
    background: Option<String>,
    look: Look,
}

/// What, besides the colour, a run of text shares.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Look {
    bold: bool,
    italic: bool,
    dim: bool,
    underlined: bool,
    crossed: bool,
    hidden: bool,
}

/// The picture of `buffer` in `palette`, titled `title` (for screen readers and the browser's tooltip).
pub fn render(buffer: &Buffer, palette: &Palette, title: &str) -> String {
    let area = buffer.area;
    let width = u32::from(area.width) * CELL_WIDTH + 2 * MARGIN;
    let height = u32::from(area.height) * CELL_HEIGHT + 2 * MARGIN;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" role=\"img\" font-family=\"{FONTS}\" font-size=\"{FONT_SIZE}\">\n"
    );
    svg.push_str(&format!("<title>{}</title>\n", escape(title)));
    svg.push_str(&format!("<rect width=\"{width}\" height=\"{height}\" rx=\"8\" fill=\"{}\"/>\n", palette.background));
    for row in 0..area.height {
        let glyphs = glyphs(buffer, row, palette);
        let top = MARGIN + u32::from(row) * CELL_HEIGHT;
        backgrounds(&mut svg, &glyphs, top);
        blocks(&mut svg, &glyphs, top);
        texts(&mut svg, &glyphs, top);
        lines(&mut svg, &glyphs, top);
    }
    svg.push_str("</svg>\n");
    svg
}

/// The visible cells of `row`: the cells a wide symbol covers are left out, as a terminal hides them.
fn glyphs<'a>(buffer: &'a Buffer, row: u16, palette: &Palette) -> Vec<Glyph<'a>> {
    let area = buffer.area;
    let mut glyphs = Vec::new();
    let mut column = 0;
    while column < area.width {
        let cell = &buffer[(area.x + column, area.y + row)];
        let width = cell.symbol().width().max(1) as u16;
        glyphs.push(glyph(cell, u32::from(column), u32::from(width.min(area.width - column)), palette));
        column += width;
    }
    glyphs
}

fn glyph<'a>(cell: &'a Cell, column: u32, width: u32, palette: &Palette) -> Glyph<'a> {
    let modifier = cell.modifier;
    let mut foreground = palette.hex(cell.fg).unwrap_or_else(|| palette.foreground.to_owned());
    let mut background = palette.hex(cell.bg);
    if modifier.contains(Modifier::REVERSED) {
        let behind = background.unwrap_or_else(|| palette.background.to_owned());
        background = Some(std::mem::replace(&mut foreground, behind));
    }
    let look = Look {
        bold: modifier.contains(Modifier::BOLD),
        italic: modifier.contains(Modifier::ITALIC),
        dim: modifier.contains(Modifier::DIM),
        underlined: modifier.contains(Modifier::UNDERLINED),
        crossed: modifier.contains(Modifier::CROSSED_OUT),
        hidden: modifier.contains(Modifier::HIDDEN),
    };
    Glyph { column, width, symbol: cell.symbol(), foreground, background, look }
}

/// A rectangle over each run of adjacent cells with the same background (the terminal's own is the picture's).
fn backgrounds(svg: &mut String, glyphs: &[Glyph], top: u32) {
    for run in runs(glyphs, |glyph| glyph.background.clone()) {
        if let (Some(colour), Some(first), Some(last)) = (&run.key, run.glyphs.first(), run.glyphs.last()) {
            let x = MARGIN + first.column * CELL_WIDTH;
            let width = (last.column + last.width - first.column) * CELL_WIDTH;
            svg.push_str(&format!(
                "<rect x=\"{x}\" y=\"{top}\" width=\"{width}\" height=\"{CELL_HEIGHT}\" fill=\"{colour}\"/>\n"
            ));
        }
    }
}

/// A `<text>` per run of glyphs of one colour and look between blanks; each glyph is placed at its cell's
/// left edge (`x` lists one position per character), and a symbol that is not one narrow character (a wide
/// one, or several code points) is a text of its own.
fn texts(svg: &mut String, glyphs: &[Glyph], top: u32) {
    let y = top + BASELINE;
    let drawn = |glyph: &Glyph| !glyph.look.hidden && !glyph.symbol.trim().is_empty() && block(glyph).is_none();
    let simple = |glyph: &Glyph| glyph.width == 1 && glyph.symbol.chars().count() == 1 && glyph.symbol.len() < 4;
    let mut index = 0;
    while index < glyphs.len() {
        let first = &glyphs[index];
        if !drawn(first) {
            index += 1;
            continue;
        }
        let mut end = index + 1;
        if simple(first) {
            while end < glyphs.len() {
                let next = &glyphs[end];
                if !drawn(next) || !simple(next) || next.foreground != first.foreground || next.look != first.look {
                    break;
                }
                end += 1;
            }
        }
        let run = &glyphs[index..end];
        let xs: Vec<String> = run.iter().map(|glyph| (MARGIN + glyph.column * CELL_WIDTH).to_string()).collect();
        let text: String = run.iter().map(|glyph| glyph.symbol).collect();
        svg.push_str(&format!("<text x=\"{}\" y=\"{y}\" fill=\"{}\"", xs.join(" "), first.foreground));
        if first.look.bold {
            svg.push_str(" font-weight=\"bold\"");
        }
        if first.look.italic {
            svg.push_str(" font-style=\"italic\"");
        }
        if first.look.dim {
            svg.push_str(" fill-opacity=\"0.6\"");
        }
        svg.push_str(&format!(">{}</text>\n", escape(&text)));
        index = end;
    }
}

/// The part of its cell a block element fills, in eighths: (left, top, width, height); `None` for other
/// symbols. Drawn as rectangles, so a chart's bars join without the gaps a font's glyphs leave.
fn block(glyph: &Glyph) -> Option<(u32, u32, u32, u32)> {
    let mut chars = glyph.symbol.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else { return None };
    match u32::from(c) {
        0x2580 => Some((0, 0, 8, 4)),
        // ▁▂▃▄▅▆▇█: the lower eighths.
        code @ 0x2581..=0x2588 => {
            let eighths = code - 0x2580;
            Some((0, 8 - eighths, 8, eighths))
        }
        // ▉▊▋▌▍▎▏: the left eighths.
        code @ 0x2589..=0x258f => Some((0, 0, 8 - (code - 0x2588), 8)),
        0x2590 => Some((4, 0, 4, 8)),
        _ => None,
    }
}

/// Block elements as rectangles in their text's colour.
fn blocks(svg: &mut String, glyphs: &[Glyph], top: u32) {
    for glyph in glyphs.iter().filter(|glyph| !glyph.look.hidden) {
        let Some((left, down, across, high)) = block(glyph) else { continue };
        // Edges rounded alike, so that a part and the part next to it meet.
        let cell = glyph.width * CELL_WIDTH;
        let x = MARGIN + glyph.column * CELL_WIDTH + left * cell / 8;
        let width = MARGIN + glyph.column * CELL_WIDTH + (left + across) * cell / 8 - x;
        let y = top + down * CELL_HEIGHT / 8;
        let height = top + (down + high) * CELL_HEIGHT / 8 - y;
        let colour = &glyph.foreground;
        svg.push_str(&format!("<rect x=\"{x}\" y=\"{y}\" width=\"{width}\" height=\"{height}\" fill=\"{colour}\"/>\n"));
    }
}

/// Underlines and strike-throughs as thin rectangles in the text's colour, across blanks too.
fn lines(svg: &mut String, glyphs: &[Glyph], top: u32) {
    line(svg, glyphs, top + CELL_HEIGHT - 3, |look| look.underlined);
    line(svg, glyphs, top + CELL_HEIGHT / 2, |look| look.crossed);
}

fn line(svg: &mut String, glyphs: &[Glyph], y: u32, wanted: fn(Look) -> bool) {
    for run in runs(glyphs, |glyph| wanted(glyph.look).then(|| glyph.foreground.clone())) {
        if let (Some(colour), Some(first), Some(last)) = (&run.key, run.glyphs.first(), run.glyphs.last()) {
            let x = MARGIN + first.column * CELL_WIDTH;
            let width = (last.column + last.width - first.column) * CELL_WIDTH;
            svg.push_str(&format!("<rect x=\"{x}\" y=\"{y}\" width=\"{width}\" height=\"1\" fill=\"{colour}\"/>\n"));
        }
    }
}

/// Adjacent glyphs that share a key.
struct Run<'g, 'a, K> {
    key: K,
    glyphs: &'g [Glyph<'a>],
}

fn runs<'g, 'a, K: PartialEq>(glyphs: &'g [Glyph<'a>], key: impl Fn(&Glyph) -> K) -> Vec<Run<'g, 'a, K>> {
    let mut runs = Vec::new();
    let mut start = 0;
    while start < glyphs.len() {
        let run_key = key(&glyphs[start]);
        let mut end = start + 1;
        while end < glyphs.len() && key(&glyphs[end]) == run_key {
            end += 1;
        }
        runs.push(Run { key: run_key, glyphs: &glyphs[start..end] });
        start = end;
    }
    runs
}

/// Text made safe for XML: the five special characters as entities, and characters XML 1.0 forbids
/// (controls other than tab and newline, unpaired surrogates cannot occur in a `str`) as U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style};

    use super::super::palette::DARK;
    use super::*;

    fn buffer(lines: &[(&str, Style)]) -> Buffer {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 8, lines.len() as u16));
        for (row, (text, style)) in lines.iter().enumerate() {
            buffer.set_string(0, row as u16, text, *style);
        }
        buffer
    }

    /// The elements of the picture after its background, one a line.
    fn elements(svg: &str) -> Vec<&str> {
        svg.lines().skip(3).filter(|line| *line != "</svg>").collect()
    }

    #[test]
    fn the_picture_is_sized_by_the_buffer_and_titled() {
        let svg = render(&buffer(&[("", Style::new())]), &DARK, "a <b> & c");
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"96\" height=\"42\""), "{svg}");
        assert!(svg.contains("<title>a &lt;b&gt; &amp; c</title>"));
        assert!(svg.contains(&format!("fill=\"{}\"", DARK.background)));
        assert!(svg.ends_with("</svg>\n"));
        assert_eq!(elements(&svg), Vec::<&str>::new(), "an empty screen draws nothing but its background");
    }

    #[test]
    fn a_run_of_one_style_is_one_text_with_a_position_per_glyph_split_at_blanks() {
        let svg = render(&buffer(&[("ab  c", Style::new().fg(Color::Cyan).bold())]), &DARK, "t");
        let cyan = DARK.ansi[6];
        assert_eq!(
            elements(&svg),
            [
                format!("<text x=\"12 21\" y=\"26\" fill=\"{cyan}\" font-weight=\"bold\">ab</text>"),
                format!("<text x=\"48\" y=\"26\" fill=\"{cyan}\" font-weight=\"bold\">c</text>"),
            ]
        );
    }

    #[test]
    fn a_style_change_starts_a_new_run_and_the_default_colour_is_the_palettes() {
        let mut buffer = buffer(&[("abc", Style::new())]);
        buffer[(1, 0)].set_style(Style::new().italic().dim());
        let svg = render(&buffer, &DARK, "t");
        let fg = DARK.foreground;
        assert_eq!(
            elements(&svg),
            [
                format!("<text x=\"12\" y=\"26\" fill=\"{fg}\">a</text>"),
                format!("<text x=\"21\" y=\"26\" fill=\"{fg}\" font-style=\"italic\" fill-opacity=\"0.6\">b</text>"),
                format!("<text x=\"30\" y=\"26\" fill=\"{fg}\">c</text>"),
            ]
        );
    }

    #[test]
    fn backgrounds_merge_across_blanks_and_reversed_swaps_the_colours() {
        let selected = Style::new().fg(Color::Black).bg(Color::Cyan);
        let svg = render(&buffer(&[("a b", selected), ("x", Style::new().reversed())]), &DARK, "t");
        let (black, cyan) = (DARK.ansi[0], DARK.ansi[6]);
        let (fg, bg) = (DARK.foreground, DARK.background);
        assert_eq!(
            elements(&svg),
            [
                format!("<rect x=\"12\" y=\"12\" width=\"27\" height=\"18\" fill=\"{cyan}\"/>"),
                format!("<text x=\"12\" y=\"26\" fill=\"{black}\">a</text>"),
                format!("<text x=\"30\" y=\"26\" fill=\"{black}\">b</text>"),
                format!("<rect x=\"12\" y=\"30\" width=\"9\" height=\"18\" fill=\"{fg}\"/>"),
                format!("<text x=\"12\" y=\"44\" fill=\"{bg}\">x</text>"),
            ]
        );
    }

    #[test]
    fn a_wide_character_takes_two_cells_and_what_follows_is_placed_after_them() {
        let svg = render(&buffer(&[("東京ab", Style::new().bg(Color::Blue))]), &DARK, "t");
        let (fg, blue) = (DARK.foreground, DARK.ansi[4]);
        assert_eq!(
            elements(&svg),
            [
                format!("<rect x=\"12\" y=\"12\" width=\"54\" height=\"18\" fill=\"{blue}\"/>"),
                format!("<text x=\"12\" y=\"26\" fill=\"{fg}\">東</text>"),
                format!("<text x=\"30\" y=\"26\" fill=\"{fg}\">京</text>"),
                format!("<text x=\"48 57\" y=\"26\" fill=\"{fg}\">ab</text>"),
            ]
        );
    }

    #[test]
    fn underlines_and_strike_throughs_are_lines_across_the_cells() {
        let svg = render(&buffer(&[("a b", Style::new().underlined()), ("c", Style::new().crossed_out())]), &DARK, "t");
        let fg = DARK.foreground;
        let found = elements(&svg);
        assert!(
            found.contains(&&*format!("<rect x=\"12\" y=\"27\" width=\"27\" height=\"1\" fill=\"{fg}\"/>")),
            "{found:?}"
        );
        assert!(
            found.contains(&&*format!("<rect x=\"12\" y=\"39\" width=\"9\" height=\"1\" fill=\"{fg}\"/>")),
            "{found:?}"
        );
    }

    #[test]
    fn text_is_escaped_and_hidden_cells_draw_nothing() {
        let svg = render(&buffer(&[("<&>\"'", Style::new()), ("secret", Style::new().hidden())]), &DARK, "t");
        let fg = DARK.foreground;
        assert_eq!(
            elements(&svg),
            [format!("<text x=\"12 21 30 39 48\" y=\"26\" fill=\"{fg}\">&lt;&amp;&gt;&quot;&apos;</text>")]
        );
        assert_eq!(escape("a\u{1b}[31m\u{7}"), "a\u{fffd}[31m\u{fffd}");
    }

    #[test]
    fn block_elements_are_rectangles_filling_their_part_of_the_cell() {
        let svg = render(&buffer(&[("█▄▏", Style::new().fg(Color::Cyan))]), &DARK, "t");
        let cyan = DARK.ansi[6];
        assert_eq!(
            elements(&svg),
            [
                format!("<rect x=\"12\" y=\"12\" width=\"9\" height=\"18\" fill=\"{cyan}\"/>"),
                format!("<rect x=\"21\" y=\"21\" width=\"9\" height=\"9\" fill=\"{cyan}\"/>"),
                format!("<rect x=\"30\" y=\"12\" width=\"1\" height=\"18\" fill=\"{cyan}\"/>"),
            ]
        );
    }

    #[test]
    fn the_same_buffer_gives_the_same_bytes() {
        let lines = [("┌ ppg ─┐", Style::new().fg(Color::DarkGray)), ("│ ✓ ok │", Style::new().fg(Color::Green))];
        assert_eq!(render(&buffer(&lines), &DARK, "t"), render(&buffer(&lines), &DARK, "t"));
    }
}
