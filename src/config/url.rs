//! Database URLs in messages and logs: every credential they can carry hidden.
//!
//! A PostgreSQL URL carries a password in two places: `user:PASSWORD@host`, and query
//! parameters (`?password=…`, `&sslpassword=…`, in any case, even percent-encoded). Both are
//! shown as `***`; the rest of the URL stays readable so the person can see which database
//! was meant. [`redact_in`] also scrubs a URL's secrets out of a driver's error text.

const HIDDEN: &str = "***";

/// The URL with its password and any secret query value replaced by `***`.
pub fn redact_url(url: &str) -> String {
    let (before_query, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let mut out = redact_userinfo(before_query);
    if let Some(q) = query {
        out.push('?');
        let (q, fragment) = match q.split_once('#') {
            Some((q, f)) => (q, Some(f)),
            None => (q, None),
        };
        let parts: Vec<String> = q
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((k, _)) if is_secret_key(k) => format!("{k}={HIDDEN}"),
                _ => pair.to_string(),
            })
            .collect();
        out.push_str(&parts.join("&"));
        if let Some(f) = fragment {
            out.push('#');
            out.push_str(f);
        }
    }
    out
}

/// `text` with every secret of `url` (as written and percent-decoded) replaced by `***`, for
/// error messages that might quote them. Secrets shorter than 4 characters are only hidden in
/// the URL itself: scrubbing every "p" from a message would make it unreadable.
pub fn redact_in(text: &str, url: &str) -> String {
    let mut out = text.replace(url, &redact_url(url));
    for s in secrets(url) {
        if s.chars().count() >= 4 {
            out = out.replace(&s, HIDDEN);
        }
    }
    out
}

/// The password of `scheme://user:password@host/…` (the part before any query).
fn redact_userinfo(s: &str) -> String {
    let Some(scheme_end) = s.find("://").map(|i| i + 3) else {
        return s.to_string();
    };
    let authority_end = s[scheme_end..]
        .find('/')
        .map_or(s.len(), |i| scheme_end + i);
    let authority = &s[scheme_end..authority_end];
    let Some(at) = authority.rfind('@') else {
        return s.to_string();
    };
    match authority[..at].find(':') {
        Some(colon) => format!(
            "{}{}:{HIDDEN}{}",
            &s[..scheme_end],
            &authority[..colon],
            &s[scheme_end + at..]
        ),
        None => s.to_string(),
    }
}

/// Query keys whose values are credentials: `password`, `sslpassword`, and anything naming a
/// secret or token, compared case-insensitively after percent-decoding.
fn is_secret_key(k: &str) -> bool {
    let k = percent_decode(k).to_ascii_lowercase();
    ["password", "secret", "token"]
        .iter()
        .any(|w| k.contains(w))
}

/// Every credential value in the URL, raw and percent-decoded.
fn secrets(url: &str) -> Vec<String> {
    let mut found = Vec::new();
    let (before_query, query) = url.split_once('?').unwrap_or((url, ""));
    if let Some(scheme_end) = before_query.find("://").map(|i| i + 3) {
        let rest = &before_query[scheme_end..];
        let authority = &rest[..rest.find('/').unwrap_or(rest.len())];
        if let Some(at) = authority.rfind('@')
            && let Some((_, pw)) = authority[..at].split_once(':')
        {
            found.push(pw.to_string());
        }
    }
    let query = query.split('#').next().unwrap_or("");
    for pair in query.split('&') {
        if let Some((k, v)) = pair.split_once('=')
            && is_secret_key(k)
        {
            found.push(v.to_string());
        }
    }
    let decoded: Vec<String> = found.iter().map(|s| percent_decode(s)).collect();
    found.extend(decoded);
    found.retain(|s| !s.is_empty());
    found
}

/// `%XX` escapes decoded (and `+` as a space, as in a query); invalid escapes kept as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
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
    fn scrubs_a_urls_secrets_from_error_text() {
        let url = "postgres://u@h/db?password=hunter%232";
        let err = format!("cannot connect to {url}: password hunter#2 rejected");
        let clean = redact_in(&err, url);
        assert!(!clean.contains("hunter"), "{clean}");
        assert!(clean.contains("postgres://u@h/db?password=***"), "{clean}");
    }
}
