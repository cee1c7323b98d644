//! Database URLs in messages and logs: every credential they can carry hidden.
//!
//! A PostgreSQL URL carries a password in two places: `user:PASSWORD@host`, and query
//! parameters (`?password=…`, `&sslpassword=…`, in any case, even percent-encoded). Both are
//! shown as `***`; the rest of the URL stays readable so the person can see which database
//! was meant. [`redact_in`] also scrubs a URL's secrets out of a driver's error text.
//! The URL is taken apart by the `url` crate; the query is kept as written, pair by pair.

use percent_encoding::percent_decode_str;
use url::Url;

const HIDDEN: &str = "***";

/// The URL with its password and any secret query value replaced by `***`.
pub(crate) fn redact_url(raw: &str) -> String {
    let Ok(mut url) = Url::parse(raw) else {
        return unparsed(raw);
    };
    if url.password().is_some() && url.set_password(Some(HIDDEN)).is_err() {
        return unparsed(raw);
    }
    if let Some(query) = url.query() {
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((k, _)) if is_secret_key(k) => format!("{k}={HIDDEN}"),
                _ => pair.to_string(),
            })
            .collect();
        url.set_query(Some(&pairs.join("&")));
    }
    url.into()
}

/// A text that is not a URL: a file path as it is, anything else that looks like one
/// (`scheme://…` with, say, a port out of range) hidden whole after its scheme.
fn unparsed(raw: &str) -> String {
    match raw.split_once("://") {
        Some((scheme, _)) => format!("{scheme}://{HIDDEN}"),
        None => raw.to_string(),
    }
}

/// `text` with every secret of `url` (as written and percent-decoded) replaced by `***`, for
/// error messages that might quote them. Secrets shorter than 4 characters are only hidden in
/// the URL itself: scrubbing every "p" from a message would make it unreadable.
pub(crate) fn redact_in(text: &str, url: &str) -> String {
    let mut out = text.replace(url, &redact_url(url));
    for s in secrets(url) {
        if s.chars().count() >= 4 {
            out = out.replace(&s, HIDDEN);
        }
    }
    out
}

/// Query keys whose values are credentials: `password`, `sslpassword`, and anything naming a
/// secret or token, compared case-insensitively after percent-decoding.
fn is_secret_key(k: &str) -> bool {
    let k = decoded(k).to_ascii_lowercase();
    ["password", "secret", "token"]
        .iter()
        .any(|w| k.contains(w))
}

/// Every credential value in the URL, as written and percent-decoded.
fn secrets(raw: &str) -> Vec<String> {
    let Ok(url) = Url::parse(raw) else {
        return Vec::new();
    };
    let mut found: Vec<String> = url.password().map(str::to_string).into_iter().collect();
    for pair in url.query().unwrap_or("").split('&') {
        if let Some((k, v)) = pair.split_once('=')
            && is_secret_key(k)
        {
            found.push(v.to_string());
        }
    }
    let decoded: Vec<String> = found.iter().map(|s| decoded(s)).collect();
    found.extend(decoded);
    found.retain(|s| !s.is_empty());
    found
}

/// `%XX` escapes decoded, `+` read as a space as in a query.
fn decoded(s: &str) -> String {
    percent_decode_str(&s.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hides_every_form_of_password() {
        assert_eq!(
            redact_url("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(redact_url("sqlite://x.db"), "sqlite://x.db");
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            redact_url("postgres://u@h/db?password=hunter2&sslmode=disable"),
            "postgres://u@h/db?password=***&sslmode=disable"
        );
        assert_eq!(
            redact_url("postgresql://h/db?sslmode=require&PassWord=x%40y&sslpassword=k"),
            "postgresql://h/db?sslmode=require&PassWord=***&sslpassword=***"
        );
        assert_eq!(
            redact_url("postgres://h/db?%70assword=hunter2"),
            "postgres://h/db?%70assword=***"
        );
        // an @ in the query is not the end of the user info
        assert_eq!(
            redact_url("postgres://u:pw1@h/db?password=a@b"),
            "postgres://u:***@h/db?password=***"
        );
        assert_eq!(
            redact_url("postgres://u:p%40ss@h:5432/db#frag"),
            "postgres://u:***@h:5432/db#frag"
        );
    }

    #[test]
    fn a_url_that_does_not_parse_is_hidden_after_its_scheme() {
        // the port is out of range: nothing of it is shown, the password least of all
        assert_eq!(redact_url("postgres://u:pw@h:99999/db"), "postgres://***");
        assert_eq!(redact_url("maydanoz.db"), "maydanoz.db");
        let err = "cannot connect to postgres://u:hunter2@h:99999/db";
        let clean = redact_in(err, "postgres://u:hunter2@h:99999/db");
        assert!(!clean.contains("hunter2"), "{clean}");
    }

    #[test]
    fn scrubs_a_urls_secrets_from_error_text() {
        let url = "postgres://u@h/db?password=hunter%232";
        let err = format!("cannot connect to {url}: password hunter#2 rejected");
        let clean = redact_in(&err, url);
        assert!(!clean.contains("hunter"), "{clean}");
        assert!(clean.contains("postgres://u@h/db?password=***"), "{clean}");
    }
}
