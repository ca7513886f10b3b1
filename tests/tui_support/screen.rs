//! Reading the TUI's screen as text: the tree's rows, the table's names and selection, the copy menu.

/// The lines of a screen as vectors of characters (every cell of the TUI is one column wide).
fn grid(screen: &str) -> Vec<Vec<char>> {
    screen.lines().map(|line| line.chars().collect()).collect()
}

/// The text of each row of the tree (the left pane, between the first two `│`), and which row is selected
/// (its text starts with `›`).
pub fn tree_rows(screen: &str) -> Vec<(usize, bool, String)> {
    screen
        .lines()
        .enumerate()
        .filter_map(|(row, line)| {
            let mut parts = line.split('│');
            parts.next()?;
            let pane = parts.next()?;
            parts.next()?;
            Some((row, pane.starts_with('›'), pane.to_owned()))
        })
        .collect()
}

/// The first word of each row of the right pane's table (the rows under its `NAME` header, up to the first
/// blank row): empty while the table is loading or absent.
pub fn table_names(screen: &str) -> Vec<String> {
    let panes: Vec<&str> = screen.lines().filter_map(|line| line.split('│').nth(2)).collect();
    let Some(header) = panes.iter().position(|pane| pane.trim_start().starts_with("NAME ")) else {
        return Vec::new();
    };
    panes[header + 1..]
        .iter()
        .map(|pane| pane.trim_start().trim_start_matches('›').trim())
        .take_while(|row| !row.is_empty())
        .filter_map(|row| row.split_whitespace().next().map(str::to_owned))
        .collect()
}

/// The selected row of the right pane's table (the cell after the second `│` starts with ` › `): its first word.
pub fn selected_table_row(screen: &str) -> Option<String> {
    screen.lines().find_map(|line| {
        let pane = line.split('│').nth(2)?;
        let rest = pane.strip_prefix(" › ")?;
        rest.split_whitespace().next().map(str::to_owned)
    })
}

/// The copy menu, if open: its title and its rows as (selected, text without the marker).
pub fn copy_menu(screen: &str) -> Option<(String, Vec<(bool, String)>)> {
    let lines = grid(screen);
    let (top, left) = lines.iter().enumerate().find_map(|(row, line)| {
        let text: String = line.iter().collect();
        let at = text.find("┌ Copy from")?;
        Some((row, text[..at].chars().count()))
    })?;
    let title_line: String = lines[top][left..].iter().collect();
    let title = title_line.trim_start_matches('┌').trim_start().split(" ─").next()?.trim().to_owned();
    let mut rows = Vec::new();
    for line in &lines[top + 1..] {
        match line.get(left) {
            Some('│') => {}
            _ => break,
        }
        let inner: String = line[left + 1..].iter().take_while(|&&c| c != '│').collect();
        let inner = inner.trim();
        match inner.strip_prefix('›') {
            Some(selected) => rows.push((true, selected.trim().to_owned())),
            None => rows.push((false, inner.to_owned())),
        }
    }
    Some((title, rows))
}

/// The value of the copy menu's row labelled `label` ("id", "pooled host:port"…), as shown.
pub fn menu_value(screen: &str, label: &str) -> Option<String> {
    let (_, rows) = copy_menu(screen)?;
    rows.iter().find_map(|(_, text)| {
        let rest = text.strip_prefix(label)?;
        rest.starts_with(' ').then(|| rest.trim().to_owned())
    })
}

/// Which copy menu row is selected: its label and value as shown.
pub fn menu_selection(screen: &str) -> Option<String> {
    copy_menu(screen)?.1.into_iter().find_map(|(selected, text)| selected.then_some(text))
}
