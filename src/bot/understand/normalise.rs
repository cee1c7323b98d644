//! The normal form: Turkish-aware folding and the words of a message.
//!
//! Every comparison in the parser is between folded words, so "DÜRÜMÜ",
//! "dürümü" and "durumu" are the same word.

use crate::domain::text;

/// A word of the message: as written, and folded for comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Tok {
    /// As the customer wrote it (cleaned of control characters).
    pub raw: String,
    /// Folded: lowercase (İ/I/ı → i), no Turkish or other accents.
    pub key: String,
    /// A separator between items (comma, new line, "+", "."), not a word.
    pub sep: bool,
}

/// Turkish-aware fold for loose comparison: lowercase with İ/I/ı all → i,
/// ş → s, ğ → g, ö → o, ü → u, ç → c (and other accents removed), apostrophes
/// dropped ("dürüm'ü" → "durumu"), other punctuation and symbols → one space.
/// A decimal comma or point between digits is kept ("1,5").
///
/// `fold_words(" HOŞGELDİN! ") == fold_words("hosgeldin") == "hosgeldin"`.
pub fn fold_words(s: &str) -> String {
    tokens(s)
        .into_iter()
        .filter(|t| !t.sep)
        .map(|t| t.key)
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_sep(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | '+' | '\n' | '&' | '.' | '!' | '?' | '/' | '|' | ':' | '(' | ')' | '[' | ']'
    )
}

fn is_joiner(c: char) -> bool {
    // apostrophes inside a word ("dürüm'ü") and combining marks ("i̇")
    matches!(c, '\'' | '’' | '‘' | '`' | '´' | 'ʼ') || ('\u{300}'..='\u{36f}').contains(&c)
}

/// Split a message into words and separators.
pub(super) fn tokens(s: &str) -> Vec<Tok> {
    let cleaned = text::clean_multiline(s);
    let chars: Vec<char> = cleaned.chars().collect();
    let mut out = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<Tok>| {
        if !word.is_empty() {
            let key = text::fold(word);
            if !key.is_empty() {
                out.push(Tok {
                    raw: std::mem::take(word),
                    key,
                    sep: false,
                });
            }
            word.clear();
        }
    };
    for (i, &c) in chars.iter().enumerate() {
        let digit_around = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(char::is_ascii_digit)
        };
        if c.is_alphanumeric() {
            word.push(c);
        } else if is_joiner(c) {
            // dropped: the word goes on
        } else if matches!(c, ',' | '.')
            && digit_around(i.checked_sub(1))
            && digit_around(Some(i + 1))
        {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            if is_sep(c) && !out.last().is_some_and(|t: &Tok| t.sep) {
                out.push(Tok {
                    raw: c.to_string(),
                    key: String::new(),
                    sep: true,
                });
            }
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_words_follows_turkish_letters() {
        assert_eq!(fold_words(" HOŞGELDİN "), "hosgeldin");
        assert_eq!(fold_words("hoşgeldin"), "hosgeldin");
        assert_eq!(fold_words("HOSGELDIN"), "hosgeldin");
        assert_eq!(fold_words("IĞDIR ÇÖĞÜŞ"), "igdir cogus");
        assert_eq!(fold_words("Dürüm'ü, lütfen!"), "durumu lutfen");
        assert_eq!(fold_words("1,5 porsiyon"), "1,5 porsiyon");
        assert_eq!(fold_words("🌯🌯"), "");
        assert_eq!(fold_words("i̇skender"), "iskender");
    }

    #[test]
    fn tokens_mark_separators_once() {
        let t = tokens("2 tavuk, 1 ayran\n\n+ su");
        let seps = t.iter().filter(|t| t.sep).count();
        assert_eq!(seps, 2, "{t:?}");
        assert_eq!(t.iter().filter(|t| !t.sep).count(), 5);
    }
}
