//! Aligned text tables for CLI listings, with every cell made safe before it is measured.

use std::borrow::Cow;
use std::iter;

use super::text::{display_width, sanitize, truncate};

/// Columns are separated by this many spaces, like `kubectl get`.
const GAP: usize = 2;

/// A plain-text table: headers, rows of cells, columns padded to their widest cell.
///
/// Cells come from the network, so each is sanitized (and then truncated, when its column has a
/// limit) before widths are measured; widths are terminal columns, not bytes or characters, so CJK
/// and emoji line up. Rows shorter than the header are padded with empty cells; longer rows add
/// unnamed columns rather than hiding data.
#[derive(Debug, Clone, Default)]
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    max_widths: Vec<Option<usize>>,
    right_aligned: Vec<bool>,
}

impl Table {
    /// A table with these column headers, shown in upper case.
    pub fn new(headers: &[&str]) -> Self {
        Self { headers: headers.iter().map(|header| header.to_uppercase()).collect(), ..Self::default() }
    }

    /// Appends a row. Takes `&mut self` so rows can be added in a loop.
    pub fn row(&mut self, cells: Vec<String>) -> &mut Self {
        self.rows.push(cells);
        self
    }

    /// Limits column `col` (0-based) to `width` columns, cutting longer cells with `…`, so one long
    /// name cannot push every other column off the screen.
    pub fn max_width(mut self, col: usize, width: usize) -> Self {
        if self.max_widths.len() <= col {
            self.max_widths.resize(col + 1, None);
        }
        self.max_widths[col] = Some(width);
        self
    }

    /// Right-aligns column `col` (0-based), header included, so digits of numbers line up.
    pub fn align_right(mut self, col: usize) -> Self {
        if self.right_aligned.len() <= col {
            self.right_aligned.resize(col + 1, false);
        }
        self.right_aligned[col] = true;
        self
    }

    /// Number of rows added so far.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether no rows were added; callers may print a hint instead of a lone header.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Lays the table out: one line per row after the header, each ending with `\n`, with no
    /// trailing spaces. An empty table renders just its header.
    pub fn render(&self) -> String {
        let columns = self.rows.iter().map(Vec::len).chain(iter::once(self.headers.len())).max().unwrap_or(0);
        let lines: Vec<Vec<Cow<'_, str>>> = iter::once(&self.headers)
            .chain(&self.rows)
            .map(|cells| (0..columns).map(|col| self.prepare(col, cells.get(col).map_or("", String::as_str))).collect())
            .collect();

        let mut widths = vec![0; columns];
        let mut bytes = 0;
        for cells in &lines {
            for (width, cell) in widths.iter_mut().zip(cells) {
                *width = (*width).max(display_width(cell));
                bytes += cell.len();
            }
        }
        // An upper bound (cell bytes plus every column's full width), so the buffer never regrows.
        let padding = lines.len() * (widths.iter().sum::<usize>() + GAP * columns.saturating_sub(1) + 1);
        let mut out = String::with_capacity(bytes + padding);
        for cells in &lines {
            let start = out.len();
            for (col, (cell, width)) in cells.iter().zip(&widths).enumerate() {
                if col > 0 {
                    push_spaces(&mut out, GAP);
                }
                let fill = width - display_width(cell);
                if self.right_aligned.get(col).copied().unwrap_or(false) {
                    push_spaces(&mut out, fill);
                    out.push_str(cell);
                } else {
                    out.push_str(cell);
                    push_spaces(&mut out, fill);
                }
            }
            let kept = start + out[start..].trim_end().len();
            out.truncate(kept);
            out.push('\n');
        }
        out
    }

    /// A cell as it will be shown: escaped, then cut to its column's limit. Borrows from the table
    /// unless something had to change, so rendering allocates per changed cell, not per cell.
    fn prepare<'a>(&self, col: usize, cell: &'a str) -> Cow<'a, str> {
        let safe = sanitize(cell);
        let Some(width) = self.max_widths.get(col).copied().flatten() else {
            return safe;
        };
        match safe {
            Cow::Borrowed(text) => truncate(text, width),
            Cow::Owned(text) => match truncate(&text, width) {
                Cow::Borrowed(_) => Cow::Owned(text),
                Cow::Owned(cut) => Cow::Owned(cut),
            },
        }
    }
}

fn push_spaces(out: &mut String, count: usize) {
    out.extend(iter::repeat_n(' ', count));
}

/// Lets a table be printed directly with `print!("{table}")`.
impl std::fmt::Display for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(values: &[&str]) -> Vec<String> {
        values.iter().map(|value| (*value).to_owned()).collect()
    }

    fn assert_clean(out: &str) {
        assert!(out.ends_with('\n'));
        for line in out.lines() {
            assert_eq!(line, line.trim_end(), "trailing space in {line:?}");
        }
    }

    #[test]
    fn columns_align_with_two_spaces() {
        let mut table = Table::new(&["name", "region"]);
        table.row(cells(&["main-db", "eu-central-1"])).row(cells(&["analytics", "us-east-1"]));
        let out = table.render();
        assert_eq!(out, "NAME       REGION\nmain-db    eu-central-1\nanalytics  us-east-1\n");
        assert_clean(&out);
    }

    #[test]
    fn empty_table_renders_the_header() {
        let table = Table::new(&["ID", "NAME"]);
        assert!(table.is_empty());
        assert_eq!(table.render(), "ID  NAME\n");
        assert_eq!(Table::new(&[]).render(), "\n");
    }

    #[test]
    fn wide_characters_are_padded_by_display_width() {
        let mut table = Table::new(&["NAME", "KIND"]);
        table.row(cells(&["名前", "a"])).row(cells(&["🚀x", "b"])).row(cells(&["abcdef", "c"]));
        let out = table.render();
        assert_eq!(out, "NAME    KIND\n名前    a\n🚀x     b\nabcdef  c\n");
        // The second column starts at the same terminal column on every line.
        let starts: Vec<usize> = out
            .lines()
            .map(|line| display_width(line.rsplit_once(' ').map_or(line, |(before, _)| before)) + 1)
            .collect();
        assert!(starts.iter().all(|&start| start == 8), "{starts:?}");
    }

    #[test]
    fn hostile_cells_are_escaped_and_stay_on_one_line() {
        let mut table = Table::new(&["NAME", "STATUS"]);
        table.row(cells(&["\x1b[2Jevil\nrow", "re\u{202e}ady"]));
        let out = table.render();
        assert_eq!(out, "NAME              STATUS\n\\x1b[2Jevil\\nrow  re\\u{202e}ady\n");
        assert!(!out.contains('\x1b') && !out.contains('\u{202e}'));
        assert_eq!(out.lines().count(), 2);
    }

    #[test]
    fn max_width_truncates_after_escaping() {
        let mut table = Table::new(&["NAME", "ID"]).max_width(0, 6);
        table
            .row(cells(&["a-very-long-name", "db_1"]))
            .row(cells(&["名前名前", "db_2"]))
            .row(cells(&["\x1b\x1b", "db_3"]));
        assert_eq!(table.render(), "NAME    ID\na-ver…  db_1\n名前…   db_2\n\\x1b\\…  db_3\n");
    }

    #[test]
    fn right_aligned_columns_pad_on_the_left() {
        let mut table = Table::new(&["DAY", "OPS"]).align_right(1);
        table.row(cells(&["2025-06-01", "1,200"])).row(cells(&["2025-06-02", "7"]));
        let out = table.render();
        assert_eq!(out, "DAY           OPS\n2025-06-01  1,200\n2025-06-02      7\n");
        assert_clean(&out);
    }

    #[test]
    fn no_trailing_spaces_with_empty_or_spacey_last_cells() {
        let mut table = Table::new(&["NAME", "NOTE"]);
        table.row(cells(&["a", ""])).row(cells(&["b", "x  "])).row(cells(&["c"])).row(cells(&["d", "e", "extra"]));
        let out = table.render();
        assert_clean(&out);
        assert_eq!(out, "NAME  NOTE\na\nb     x\nc\nd     e     extra\n");
    }

    #[test]
    fn headers_are_upper_cased_and_sanitized() {
        let table = Table::new(&["created at", "x\ty"]);
        assert_eq!(table.render(), "CREATED AT  X\\tY\n");
    }

    #[test]
    fn display_matches_render() {
        let mut table = Table::new(&["A"]);
        table.row(cells(&["1"]));
        assert_eq!(table.to_string(), table.render());
    }
}
