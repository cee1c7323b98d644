//! Describing a configuration file that does not parse without quoting it.
//!
//! The toml crate's error shows the offending line with a caret, and its messages quote the
//! value they choke on. A config file may hold secrets (or be the wrong file altogether, an
//! env file full of them, given to `--config`), and the message ends up on a terminal and in
//! logs. So a parse error names the line and the key, and quotes only punctuation and known
//! config key names.

use std::collections::HashSet;

/// `line 3, key 'APP_SECRET': expected …` for an error in `text`.
pub(super) fn parse_error(text: &str, e: &toml::de::Error, known: &HashSet<String>) -> String {
    let Some(span) = e.span() else {
        return value_free(e.message(), known);
    };
    let start = span.start.min(text.len());
    let line_no = text.as_bytes()[..start]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1;
    let key = text
        .lines()
        .nth(line_no - 1)
        .and_then(line_key)
        .map(|k| format!(", key '{k}'"))
        .unwrap_or_default();
    format!("line {line_no}{key}: {}", value_free(e.message(), known))
}

/// The key a `key = value` line sets, if the part before `=` is a plain key.
fn line_key(line: &str) -> Option<&str> {
    let (k, _) = line.split_once('=')?;
    let k = k.trim();
    let k = k.strip_prefix("export ").map_or(k, str::trim);
    (!k.is_empty()
        && k.len() <= 64
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
    .then_some(k)
}

/// A toml message on one line with every quoted part (`…` or "…") that is not punctuation or
/// a known config key replaced by `…`: "invalid type: integer `1234`, expected a string in
/// `whatsapp.app_secret`" keeps the key and loses the number.
pub(super) fn value_free(message: &str, known: &HashSet<String>) -> String {
    let one_line = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(one_line.len());
    let mut rest = one_line.as_str();
    while let Some(open) = rest.find(['`', '"']) {
        let quote = rest[open..].chars().next().unwrap_or('`');
        out.push_str(&rest[..=open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find(quote) else {
            // an unterminated quote: hide the remainder
            out.push('…');
            return out;
        };
        let inner = &after[..close];
        let harmless =
            inner.chars().all(|c| c.is_ascii_punctuation() || c == ' ') || known.contains(inner);
        out.push_str(if harmless { inner } else { "…" });
        out.push(quote);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> HashSet<String> {
        ["whatsapp", "whatsapp.app_secret"]
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn names_line_and_key_never_the_value() {
        let text =
            "# shop secrets\nDATABASE_URL=postgres://u:hunter2@h/db\nAPP_SECRET=s3cr3t-value\n";
        let e = toml::from_str::<toml::Table>(text).expect_err("not toml");
        let m = parse_error(text, &e, &known());
        assert!(m.starts_with("line 2, key 'DATABASE_URL'"), "{m}");
        assert!(!m.contains("hunter2") && !m.contains("postgres"), "{m}");
        let text = "[whatsapp]\napp_secret = s3cr3t-value\n";
        let e = toml::from_str::<toml::Table>(text).expect_err("bare value");
        let m = parse_error(text, &e, &known());
        assert!(m.starts_with("line 2, key 'app_secret'"), "{m}");
        assert!(!m.contains("s3cr3t"), "{m}");
    }

    #[test]
    fn quoted_values_are_hidden_keys_and_punctuation_kept() {
        let m = value_free(
            "invalid type: integer `987654`, expected a string\nin `whatsapp.app_secret`",
            &known(),
        );
        assert_eq!(
            m,
            "invalid type: integer `…`, expected a string in `whatsapp.app_secret`"
        );
        assert_eq!(
            value_free("expected `=`, `.` near \"hunter2", &known()),
            "expected `=`, `.` near \"…"
        );
    }
}
