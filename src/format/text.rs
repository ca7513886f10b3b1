//! Making untrusted text safe to print on a terminal and fitting it into a number of columns.

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The mark left where text was cut.
const ELLIPSIS: char = '…';
/// Columns the ellipsis takes.
const ELLIPSIS_WIDTH: usize = 1;

/// How many zero-width characters in a row `truncate` keeps. Stacked combining marks ("zalgo")
/// would otherwise let a short-looking prefix grow without bound and slow the width checks down.
const MAX_ZERO_WIDTH_RUN: usize = 16;

/// Characters that must never reach a terminal raw: C0 controls (ESC starts escape sequences,
/// CR and BS overwrite what is already shown), DEL, the C1 range (U+009B is a one-byte CSI on some
/// terminals), the line and paragraph separators (a cell must stay on one line), and every
/// `Bidi_Control` character, which can reorder what the user reads ("Trojan Source"), and the
/// zero-width characters, which make two different names look the same.
fn needs_escape(c: char) -> bool {
    c <= '\u{1f}' || ('\u{7f}'..='\u{9f}').contains(&c) || is_invisible(c)
}

/// Characters above U+009F that print nothing yet change what is read: BiDi controls, line and
/// paragraph separators, zero-width spaces and joiners, the word joiner and the byte order mark.
fn is_invisible(c: char) -> bool {
    // U+200D, the zero-width joiner, is judged by its neighbours in `sanitize`.
    matches!(
        c,
        '\u{61c}' | '\u{200b}' | '\u{200c}' | '\u{200e}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'
            | '\u{2066}'..='\u{2069}' | '\u{feff}'
    )
}

/// JSON text with every C1 control and invisible character (see `is_invisible`) written as `\uXXXX`,
/// so that the document stays the same JSON yet cannot act on a terminal (xterm obeys C1 controls).
/// `serde_json` already escapes the C0 controls; these only ever occur inside strings.
pub fn json_for_terminal(json: &str) -> Cow<'_, str> {
    let risky = |c: char| ('\u{80}'..='\u{9f}').contains(&c) || is_invisible(c);
    if !json.contains(risky) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if risky(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Returns `text` with every dangerous character replaced by a visible escape, so names and
/// messages from the network can be printed without letting them drive the terminal.
///
/// The escapes follow Rust's spelling so they read unambiguously: `\n`, `\r`, `\t`, `\x1b` for the
/// other ASCII controls and DEL, and `\u{9b}`, `\u{202e}` for everything else. Backslashes in the
/// input are left as they are, so a name holding a literal `\x1b` prints the same as one holding
/// ESC; that keeps ordinary names readable, and neither can reach the terminal raw.
///
/// Borrows when nothing needs escaping, which is the common case: this runs on every table cell.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.contains(|c| needs_escape(c) || c == ZERO_WIDTH_JOINER) {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let escaped = |index: usize| {
        let c = chars[index];
        needs_escape(c) || (c == ZERO_WIDTH_JOINER && hides(chars.get(index.wrapping_sub(1)), chars.get(index + 1)))
    };
    if !(0..chars.len()).any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (index, &c) in chars.iter().enumerate() {
        if escaped(index) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// U+200D holds emoji sequences (and joined letters of some scripts) together, so it is kept between two
/// characters beyond ASCII; beside ASCII (`ad\u{200d}min`) it only hides a difference, and is shown.
const ZERO_WIDTH_JOINER: char = '\u{200d}';

fn hides(before: Option<&char>, after: Option<&char>) -> bool {
    !matches!((before, after), (Some(before), Some(after)) if !before.is_ascii() && !after.is_ascii())
}

/// Writes the visible form of one escaped character.
fn push_escape(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{0}'..='\u{7f}' => {
            out.push_str("\\x");
            push_hex(out, u32::from(c), 2);
        }
        _ => {
            out.push_str("\\u{");
            push_hex(out, u32::from(c), 1);
            out.push('}');
        }
    }
}

/// Writes `value` in lowercase hexadecimal with at least `min_digits` digits, without going
/// through `format!` so that escaping allocates nothing beyond the output string.
fn push_hex(out: &mut String, value: u32, min_digits: u32) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let digits = (u32::BITS - value.leading_zeros()).div_ceil(4).max(min_digits);
    for shift in (0..digits).rev() {
        let nibble = (value >> (shift * 4)) & 0xf;
        out.push(char::from(DIGITS[nibble as usize]));
    }
}

/// The number of terminal columns `text` takes, wide (CJK, emoji) characters counting two.
/// Measure sanitized text: raw control characters have no meaningful width.
pub fn display_width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Cuts `text` to at most `max_width` columns, ending with `…` when anything was cut, so a long
/// name cannot push a table or a pane out of shape. A wide character that would straddle the limit
/// is dropped rather than split. Borrows when the text already fits.
pub fn truncate(text: &str, max_width: usize) -> Cow<'_, str> {
    if display_width(text) <= max_width {
        return Cow::Borrowed(text);
    }
    let Some(budget) = max_width.checked_sub(ELLIPSIS_WIDTH) else {
        return Cow::Borrowed("");
    };
    let mut end = 0;
    let mut used = 0;
    let mut zero_run = 0;
    for (index, c) in text.char_indices() {
        let width = c.width().unwrap_or(0);
        if used + width > budget {
            break;
        }
        if width == 0 {
            zero_run += 1;
            if zero_run > MAX_ZERO_WIDTH_RUN {
                break;
            }
        } else {
            zero_run = 0;
        }
        used += width;
        end = index + c.len_utf8();
    }
    // A string can be wider than the sum of its characters (an emoji presentation selector turns a
    // narrow symbol wide), so check the prefix as a whole and give back characters until it fits.
    let mut prefix = &text[..end];
    while display_width(prefix) > budget {
        match prefix.char_indices().next_back() {
            Some((index, _)) => prefix = &prefix[..index],
            None => break,
        }
    }
    // A joiner left dangling would try to fuse with the ellipsis.
    let prefix = prefix.trim_end_matches('\u{200d}');
    let mut out = String::with_capacity(prefix.len() + ELLIPSIS.len_utf8());
    out.push_str(prefix);
    out.push(ELLIPSIS);
    Cow::Owned(out)
}

/// Cuts `text` to at most `max_width` columns by taking out its middle, where `…` marks the cut, so the start
/// and the end of a long name both stay readable. Borrows when the text already fits.
pub fn truncate_middle(text: &str, max_width: usize) -> Cow<'_, str> {
    if display_width(text) <= max_width {
        return Cow::Borrowed(text);
    }
    let Some(budget) = max_width.checked_sub(ELLIPSIS_WIDTH) else {
        return Cow::Borrowed("");
    };
    let head = truncate(text, budget.div_ceil(2) + ELLIPSIS_WIDTH);
    let head = head.strip_suffix(ELLIPSIS).unwrap_or(&head);
    let mut tail_start = text.len();
    let mut used = 0;
    for (index, c) in text.char_indices().rev() {
        let width = c.width().unwrap_or(0);
        if used + width > budget / 2 || text.len() - index > 4 * (budget / 2 + 1) + 64 {
            break;
        }
        used += width;
        tail_start = index;
    }
    // Widths of sequences are not the sum of their characters: give back characters until it fits.
    while display_width(&text[tail_start..]) > budget / 2 {
        match text[tail_start..].chars().next() {
            Some(c) => tail_start += c.len_utf8(),
            None => break,
        }
    }
    let tail = text[tail_start..].trim_start_matches('\u{200d}');
    Cow::Owned(format!("{head}{ELLIPSIS}{tail}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(sanitize("plain"), Cow::Borrowed("plain")));
        assert!(matches!(sanitize(""), Cow::Borrowed("")));
        assert!(matches!(sanitize("名前 🚀 café"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_lose_their_escape() {
        let out = sanitize("\x1b[31mred\x1b[0m");
        assert_eq!(out, "\\x1b[31mred\\x1b[0m");
        assert!(!out.contains('\x1b'));
        // A window-title OSC with a BEL terminator and an 8-bit CSI.
        assert_eq!(sanitize("\x1b]0;pwned\x07"), "\\x1b]0;pwned\\x07");
        assert_eq!(sanitize("a\u{9b}31mb"), "a\\u{9b}31mb");
    }

    #[test]
    fn line_breaks_and_tabs_stay_on_one_line() {
        assert_eq!(sanitize("a\nb\r\nc\td"), "a\\nb\\r\\nc\\td");
        assert_eq!(sanitize("a\u{2028}b\u{2029}"), "a\\u{2028}b\\u{2029}");
    }

    #[test]
    fn other_controls_use_two_hex_digits() {
        assert_eq!(sanitize("\0\x08\x7f"), "\\x00\\x08\\x7f");
        assert_eq!(sanitize("\u{80}\u{85}"), "\\u{80}\\u{85}");
    }

    #[test]
    fn zero_width_characters_are_shown() {
        assert_eq!(sanitize("ad\u{200b}min\u{feff}"), "ad\\u{200b}min\\u{feff}");
        assert_eq!(sanitize("ad\u{200d}min"), "ad\\u{200d}min", "a joiner between letters only hides");
        assert_eq!(sanitize("\u{200d}x"), "\\u{200d}x");
        assert!(matches!(sanitize("👨\u{200d}👩\u{200d}👧"), Cow::Borrowed(_)), "emoji sequences stay whole");
    }

    #[test]
    fn json_for_terminals_escapes_c1_and_invisible_characters() {
        let json = serde_json::to_string(&"a\u{9b}31mb\u{202e}c\u{200b}d\u{1b}").unwrap();
        let safe = json_for_terminal(&json);
        assert_eq!(safe, "\"a\\u009b31mb\\u202ec\\u200bd\\u001b\"");
        assert_eq!(serde_json::from_str::<String>(&safe).unwrap(), "a\u{9b}31mb\u{202e}c\u{200b}d\u{1b}");
        assert!(matches!(json_for_terminal("{\"plain\": \"é\"}"), Cow::Borrowed(_)));
    }

    #[test]
    fn bidi_controls_are_shown_not_obeyed() {
        assert_eq!(sanitize("admin\u{202e}gpj.exe"), "admin\\u{202e}gpj.exe");
        for c in ['\u{61c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202d}', '\u{2066}', '\u{2069}'] {
            let out = sanitize(&c.to_string()).into_owned();
            assert!(!out.contains(c), "{c:?} survived");
            assert!(out.starts_with("\\u{"), "{out}");
        }
    }

    #[test]
    fn non_ascii_around_escapes_is_kept() {
        assert_eq!(sanitize("名\x1b前"), "名\\x1b前");
        assert_eq!(sanitize("é\n"), "é\\n");
        // Joiners and variation selectors are part of ordinary emoji and stay.
        assert!(matches!(sanitize("👨\u{200d}👩\u{fe0f}"), Cow::Borrowed(_)));
    }

    #[test]
    fn widths_count_wide_characters_twice() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("名前"), 4);
        assert_eq!(display_width("🚀"), 2);
        assert_eq!(display_width("e\u{301}"), 1);
    }

    #[test]
    fn short_text_is_not_truncated() {
        assert!(matches!(truncate("abc", 3), Cow::Borrowed("abc")));
        assert!(matches!(truncate("名前", 4), Cow::Borrowed(_)));
        assert_eq!(truncate("", 0), "");
    }

    #[test]
    fn truncation_ends_with_an_ellipsis() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abcdef", 1), "…");
        assert_eq!(truncate("abcdef", 0), "");
    }

    #[test]
    fn truncation_never_splits_a_wide_character() {
        // Budget 4 before the ellipsis: two ideographs fit exactly.
        assert_eq!(truncate("名前名前", 5), "名前…");
        // Budget 3: the second ideograph would straddle the limit, so it goes.
        assert_eq!(truncate("名前名前", 4), "名…");
        assert_eq!(truncate("🚀🚀🚀", 4), "🚀…");
        assert_eq!(truncate("a🚀b", 2), "a…");
    }

    #[test]
    fn truncation_keeps_combining_marks_with_their_letter() {
        assert_eq!(truncate("e\u{301}xyz", 2), "e\u{301}…");
    }

    #[test]
    fn truncation_respects_sequences_wider_than_their_characters() {
        // U+2764 is narrow alone but wide with U+FE0F.
        let heart = "\u{2764}\u{fe0f}";
        let text = heart.repeat(5);
        for max in 0..12 {
            let out = truncate(&text, max);
            assert!(display_width(&out) <= max, "{max}: {out:?}");
        }
    }

    #[test]
    fn truncated_output_never_exceeds_the_limit() {
        let samples =
            ["abc", "名前テスト", "🚀a🚀b", "👨\u{200d}👩\u{200d}👧 family", "e\u{301}\u{302}\u{303}x", "\u{200b}x"];
        for text in samples {
            for max in 0..12 {
                let out = truncate(text, max);
                assert!(display_width(&out) <= max, "{text:?} at {max}: {out:?}");
            }
        }
    }

    #[test]
    fn the_middle_goes_when_both_ends_matter() {
        assert!(matches!(truncate_middle("short", 5), Cow::Borrowed("short")));
        assert_eq!(truncate_middle("abcdefghij", 5), "ab…ij");
        assert_eq!(truncate_middle("abcdefghij", 6), "abc…ij");
        assert_eq!(truncate_middle("名前名前名前", 5), "名…前");
        let long = "x".repeat(10_000);
        let out = truncate_middle(&long, 40);
        assert_eq!(display_width(&out), 40);
        for text in ["abc", "名前テスト", "🚀a🚀b", "e\u{301}\u{302}x"] {
            for max in 0..12 {
                assert!(display_width(&truncate_middle(text, max)) <= max, "{text:?} at {max}");
            }
        }
    }

    #[test]
    fn zalgo_is_cut_without_blowing_up() {
        let text = format!("a{}bcdef", "\u{301}".repeat(100_000));
        let out = truncate(&text, 3);
        assert!(out.ends_with('…'));
        assert!(out.chars().count() <= MAX_ZERO_WIDTH_RUN + 3);
    }
}
