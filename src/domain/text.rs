//! Customer text is data: clean it, cut it on character boundaries, compare it loosely.

/// Remove control characters (C0, DEL, C1) and with them any terminal escape
/// sequence they start, keep ordinary text. Newlines and tabs become spaces.
pub(crate) fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '\u{1b}' => skip_escape(&mut chars),
            // C1 CSI starts a sequence like ESC [ does
            '\u{9b}' => skip_csi(&mut chars),
            c if c.is_control() => {}
            // bidi overrides can visually reorder a ticket; drop them
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Like [`clean`] but keeps newlines, for multi-line customer text such as addresses.
pub(crate) fn clean_multiline(s: &str) -> String {
    s.split('\n').map(clean).collect::<Vec<_>>().join("\n")
}

fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        // OSC / DCS / APC / PM / SOS: run until BEL or ST (ESC \)
        Some(']' | 'P' | '_' | '^' | 'X') => {
            chars.next();
            while let Some(c) = chars.next() {
                if c == '\u{7}' {
                    break;
                }
                if c == '\u{1b}' {
                    if chars.peek() == Some(&'\\') {
                        chars.next();
                    }
                    break;
                }
            }
        }
        Some(_) => {
            chars.next();
        }
        None => {}
    }
}

fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    // parameters and intermediates, then one final byte in 0x40..=0x7e
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
        if !('\u{20}'..='\u{3f}').contains(&c) {
            break;
        }
    }
}

/// Cut to at most `max` characters (Unicode scalar values), never inside a
/// character; adds an ellipsis when something was cut.
pub(crate) fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// Cut without an ellipsis (for ids).
pub(crate) fn cut_plain(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

/// The words of `text` (between spaces) laid on lines by `textwrap`'s first fit,
/// each word as wide as `measure` says (terminal cells, printer columns): the
/// first line holds `first` units, every other `rest`. A word wider than a line
/// is split between characters; lines come without indent.
pub(crate) fn wrap_measured(
    text: &str,
    first: usize,
    rest: usize,
    measure: fn(&str) -> usize,
) -> Vec<String> {
    use textwrap::core::{Word, break_words};
    let words = text.split(' ').filter(|w| !w.is_empty()).map(|w| Word {
        word: w,
        whitespace: " ",
        penalty: "",
        width: measure(w),
    });
    // textwrap measures its own words one character at a time, which would count
    // a pepper with its variation selector ("🌶️") one cell short: ours keep `measure`
    let words = break_words(words, first.min(rest).max(1));
    if words.is_empty() {
        return Vec::new();
    }
    let widths = [first as f64, rest as f64];
    textwrap::wrap_algorithms::wrap_first_fit(&words, &widths)
        .into_iter()
        .map(|line| {
            let mut out = String::new();
            for (i, w) in line.iter().enumerate() {
                out.push_str(w.word);
                if i + 1 < line.len() {
                    out.push_str(w.whitespace);
                }
            }
            out
        })
        .collect()
}

/// Fold for loose comparison: lowercase (Turkish-aware for I/İ), accents removed,
/// whitespace collapsed. "MENÜ", "menu" and "Menü" all fold to "menu".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_space = true;
    for c in s.trim().chars() {
        let mapped: &str = match c {
            'İ' | 'I' | 'ı' | 'i' | 'Î' | 'î' | 'Ì' | 'ì' | 'Í' | 'í' => "i",
            'Ş' | 'ş' => "s",
            'Ğ' | 'ğ' => "g",
            'Ü' | 'ü' | 'Û' | 'û' | 'Ù' | 'ù' | 'Ú' | 'ú' => "u",
            'Ö' | 'ö' | 'Ô' | 'ô' | 'Ò' | 'ò' | 'Ó' | 'ó' => "o",
            'Ç' | 'ç' => "c",
            'Â' | 'â' | 'À' | 'à' | 'Á' | 'á' | 'Ä' | 'ä' => "a",
            'Ê' | 'ê' | 'È' | 'è' | 'É' | 'é' | 'Ë' | 'ë' => "e",
            '\u{307}' => "", // combining dot above (from lowercasing İ elsewhere)
            c if c.is_whitespace() => {
                if !last_space {
                    out.push(' ');
                    last_space = true;
                }
                continue;
            }
            c => {
                for l in c.to_lowercase() {
                    out.push(l);
                }
                last_space = false;
                continue;
            }
        };
        out.push_str(mapped);
        last_space = false;
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_measured_fills_the_first_line_then_the_others() {
        let count = |w: &str| w.chars().count();
        assert_eq!(
            wrap_measured("çiğ köfte dürüm", 9, 6, count),
            ["çiğ köfte", "dürüm"]
        );
        assert_eq!(wrap_measured("şşşşşşş", 3, 3, count), ["şşş", "şşş", "ş"]);
        assert!(wrap_measured("   ", 5, 5, count).is_empty());
    }

    #[test]
    fn clean_strips_escapes_and_controls() {
        assert_eq!(clean("Ayşe\u{1b}[2J\u{1b}[31mX"), "AyşeX");
        assert_eq!(clean("a\u{0}b\u{7}c"), "abc");
        assert_eq!(clean("t\u{1b}]0;pwned\u{7}itle"), "title");
        assert_eq!(clean("line1\nline2"), "line1 line2");
        assert_eq!(clean("ok\u{9b}31mred"), "okred");
        assert_eq!(clean("\u{202e}evil"), "evil");
        assert_eq!(clean("Çiğ köfte 🌯"), "Çiğ köfte 🌯");
    }

    #[test]
    fn cut_respects_characters() {
        assert_eq!(cut("şğİ🌯abc", 4), "şğİ…");
        assert_eq!(cut("kısa", 10), "kısa");
        assert_eq!(cut_plain("🌯🌯🌯", 2), "🌯🌯");
    }

    #[test]
    fn fold_is_case_and_accent_insensitive() {
        assert_eq!(fold("MENÜ"), "menu");
        assert_eq!(fold("Menü"), "menu");
        assert_eq!(fold("  İPTAL  "), "iptal");
        assert_eq!(fold("yardım"), "yardim");
        assert_eq!(fold("YARDIM"), "yardim");
        assert_eq!(fold("Tavuk   Dürüm"), "tavuk durum");
    }
}
