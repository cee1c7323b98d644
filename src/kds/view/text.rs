//! Customer text made safe and fitted for the screen: cleaned of control
//! characters and escape sequences, cut and wrapped on character boundaries by
//! terminal cells (Turkish letters are one cell, most emoji two).

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::domain::text::{clean, cut, wrap_measured};

/// Longest customer text we render at all (a name, note or address); longer
/// input is cut before wrapping so a hostile message cannot fill the board.
pub(crate) const MAX_CHARS: usize = 300;

/// Clean and bound a piece of customer (or menu) text.
pub(crate) fn safe(s: &str) -> String {
    cut(clean(s).trim(), MAX_CHARS)
}

/// Cells one character takes. A variation selector 16 turns the character
/// before it into a two-cell emoji ("🌶️"), so it counts the missing cell.
fn cell_width(c: char) -> usize {
    if c == '\u{fe0f}' {
        1
    } else {
        c.width().unwrap_or(0)
    }
}

/// Cells `s` takes on the screen.
pub(crate) fn cells(s: &str) -> usize {
    s.width()
}

/// Cut to at most `max` cells, with "…" when something was cut.
pub(crate) fn fit_cells(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = cell_width(c);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    if max > 0 {
        out.push('…');
    }
    out
}

/// Word-wrap into lines of at most `width` cells (by `textwrap`, see
/// [`wrap_measured`]). Leading spaces of `s` indent the first line; continuation
/// lines are indented by `indent` spaces; runs of spaces between words are one.
/// Words longer than a line are split between characters.
pub(crate) fn wrap(s: &str, width: usize, indent: usize) -> Vec<String> {
    let body = s.trim_start_matches(' ');
    if width == 0 || body.trim().is_empty() {
        return Vec::new();
    }
    let indent = if indent >= width { 0 } else { indent };
    let lead = (s.len() - body.len()).min(width - 1);
    let mut lines = wrap_measured(body, width - lead, width - indent, cells);
    for (i, l) in lines.iter_mut().enumerate() {
        l.insert_str(0, &" ".repeat(if i == 0 { lead } else { indent }));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_strips_escapes_and_bounds_length() {
        assert_eq!(safe("\u{1b}[2J\u{1b}]0;pwned\u{7}Ali"), "Ali");
        let long = "ş".repeat(1000);
        assert_eq!(safe(&long).chars().count(), MAX_CHARS);
    }

    #[test]
    fn fit_cells_counts_cells_not_bytes() {
        assert_eq!(fit_cells("Çağrı Şükrü", 20), "Çağrı Şükrü");
        assert_eq!(fit_cells("Çağrı Şükrü", 6), "Çağrı…");
        // 🌯 is two cells: never half an emoji
        assert_eq!(fit_cells("🌯🌯🌯", 4), "🌯…");
        assert!(cells(&fit_cells("🌯🌯🌯", 4)) <= 4);
    }

    #[test]
    fn wrap_breaks_words_then_characters() {
        assert_eq!(
            wrap("kapıda nakit ödeme lütfen", 12, 2),
            vec!["kapıda nakit", "  ödeme", "  lütfen"]
        );
        assert_eq!(wrap("İİİİİİİİİİ", 4, 0), vec!["İİİİ", "İİİİ", "İİ"]);
        let w = wrap("🌯🌯🌯 ok", 5, 0);
        assert!(w.iter().all(|l| cells(l) <= 5), "{w:?}");
        assert!(wrap("x", 0, 0).is_empty());
        assert_eq!(
            wrap("  + Acılı Soğansız", 14, 4),
            vec!["  + Acılı", "    Soğansız"]
        );
        assert!(wrap("   ", 10, 0).is_empty());
    }

    #[test]
    fn a_pepper_with_its_variation_selector_takes_two_cells() {
        // seven cells: it cannot stay on one line of five
        assert_eq!(wrap("🌶️🌶️ ab", 5, 0), vec!["🌶️🌶️", "ab"]);
        assert_eq!(wrap("🌶️ ab  cd", 5, 0), vec!["🌶️ ab", "cd"]);
    }
}
