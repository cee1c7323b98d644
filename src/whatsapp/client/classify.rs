//! What a failed send means for the outbox: retry later, back off this one customer, or give
//! up. Decided on Meta's error `code` (REFERENCE §7), not on the HTTP status, which Meta uses
//! inconsistently (131056 has been seen as HTTP 400).

use serde::Deserialize;

/// A send that did not go through.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum SendError {
    /// Transient (throttling, Meta-side trouble, timeout, connection): try again with backoff.
    #[error("retryable send failure (code {code:?}): {message}")]
    Retry {
        /// Meta's error code; `None` for timeouts, connection failures and bare 5xx/429.
        code: Option<i64>,
        /// What happened, for the outbox row and the log; never contains the token.
        message: String,
    },
    /// 131056: too many messages to this one customer; back off this recipient only
    /// (4^n seconds), other customers are unaffected.
    #[error("pair rate limit for this recipient: {message}")]
    PairRateLimit {
        /// Meta's message and details.
        message: String,
    },
    /// Meta refused our access token (code 190: expired, revoked, malformed). Not this
    /// message's fault: hold the queue until a send succeeds, do not fail the replies.
    #[error("WhatsApp token rejected (code {code:?}): {message}")]
    Auth {
        /// Meta's error code (190).
        code: Option<i64>,
        /// What happened, for the outbox row and the log; never contains the token.
        message: String,
    },
    /// Will fail the same way again (bad token, bad payload, outside the 24 h window, …):
    /// mark the message failed with the code, alert where it is an ops problem.
    #[error("permanent send failure (code {code:?}): {message}")]
    Permanent {
        /// Meta's error code (store it: 131047 means "send a template instead").
        code: Option<i64>,
        /// What happened, for the outbox row and the log; never contains the token.
        message: String,
    },
}

impl SendError {
    /// Meta's error code, when the failure carried one.
    #[cfg(test)]
    pub(crate) fn code(&self) -> Option<i64> {
        match self {
            SendError::Retry { code, .. }
            | SendError::Permanent { code, .. }
            | SendError::Auth { code, .. } => *code,
            SendError::PairRateLimit { .. } => Some(PAIR_RATE_LIMIT),
        }
    }
}

/// Meta's code for an access token it does not accept (expired, revoked, invalid).
pub(super) const TOKEN_REJECTED: i64 = 190;

/// The pair rate limit code.
pub(super) const PAIR_RATE_LIMIT: i64 = 131_056;

/// Codes Meta documents as temporary: unknown/service errors, app/WABA/number throttling and
/// number maintenance.
const RETRYABLE: &[i64] = &[1, 2, 4, 80_007, 130_429, 131_000, 131_016, 131_057, 133_004];

#[derive(Deserialize)]
struct ErrorBody {
    error: GraphError,
}

#[derive(Deserialize)]
struct GraphError {
    code: Option<i64>,
    message: Option<String>,
    error_data: Option<ErrorData>,
}

#[derive(Deserialize)]
struct ErrorData {
    details: Option<String>,
}

/// Classify a non-success Graph API response from its HTTP status and raw body.
pub(crate) fn classify(http_status: u16, body: &[u8]) -> SendError {
    let parsed = serde_json::from_slice::<ErrorBody>(body)
        .ok()
        .map(|b| b.error);
    let message = describe(http_status, parsed.as_ref(), body);
    match parsed.and_then(|e| e.code) {
        Some(PAIR_RATE_LIMIT) => SendError::PairRateLimit { message },
        Some(TOKEN_REJECTED) => SendError::Auth {
            code: Some(TOKEN_REJECTED),
            message,
        },
        Some(code) if RETRYABLE.contains(&code) => SendError::Retry {
            code: Some(code),
            message,
        },
        Some(code) => SendError::Permanent {
            code: Some(code),
            message,
        },
        None if http_status >= 500 || http_status == 429 || http_status == 408 => {
            SendError::Retry {
                code: None,
                message,
            }
        }
        None => SendError::Permanent {
            code: None,
            message,
        },
    }
}

/// `HTTP 400: (#100) Invalid parameter — <details>`, or a short excerpt of a body that was
/// not Graph error JSON (an HTML error page from a proxy, say).
fn describe(status: u16, e: Option<&GraphError>, body: &[u8]) -> String {
    let Some(e) = e else {
        let text = String::from_utf8_lossy(body);
        let excerpt = crate::domain::text::cut(&crate::domain::text::clean(&text), 200);
        return format!("HTTP {status}: {excerpt}");
    };
    let msg = e.message.as_deref().unwrap_or("no message");
    match e.error_data.as_ref().and_then(|d| d.details.as_deref()) {
        Some(details) if !details.is_empty() => format!("HTTP {status}: {msg} — {details}"),
        _ => format!("HTTP {status}: {msg}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::whatsapp::testdata;

    fn fixture(name: &str, status: u16) -> SendError {
        classify(status, &testdata::bytes(name))
    }

    #[test]
    fn fixtures_are_classified_by_code() {
        let e = fixture("error_response_130429.json", 429);
        assert!(
            matches!(
                e,
                SendError::Retry {
                    code: Some(130_429),
                    ..
                }
            ),
            "{e:?}"
        );
        // Meta may answer 131056 with HTTP 400: the code decides
        let e = fixture("error_response_131056.json", 400);
        assert!(matches!(e, SendError::PairRateLimit { .. }), "{e:?}");
        assert_eq!(e.code(), Some(131_056));
        let e = fixture("error_response_131047.json", 400);
        assert!(
            matches!(
                e,
                SendError::Permanent {
                    code: Some(131_047),
                    ..
                }
            ),
            "{e:?}"
        );
        let e = fixture("error_response_100_invalid_param.json", 400);
        assert!(
            matches!(
                e,
                SendError::Permanent {
                    code: Some(100),
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(e.to_string().contains("Max length is 20"), "{e}");
        let e = fixture("error_response_190_token_expired.json", 401);
        assert!(
            matches!(
                e,
                SendError::Auth {
                    code: Some(190),
                    ..
                }
            ),
            "{e:?}"
        );
    }

    #[test]
    fn code_beats_http_status() {
        // a retryable code under a 400, a permanent code under a 500
        let body = |code: i64| format!(r#"{{"error":{{"code":{code},"message":"x"}}}}"#);
        for code in [1, 2, 4, 80_007, 130_429, 131_000, 131_016, 131_057, 133_004] {
            let e = classify(400, body(code).as_bytes());
            assert_eq!(
                e,
                SendError::Retry {
                    code: Some(code),
                    message: "HTTP 400: x".into()
                }
            );
        }
        for code in [
            0, 3, 10, 100, 200, 131_008, 131_009, 131_021, 131_026, 131_047, 131_048, 131_049,
            131_051, 132_000, 368,
        ] {
            let e = classify(500, body(code).as_bytes());
            assert!(
                matches!(e, SendError::Permanent { code: Some(c), .. } if c == code),
                "{code}"
            );
        }
        assert!(matches!(
            classify(200, body(131_056).as_bytes()),
            SendError::PairRateLimit { .. }
        ));
        assert!(matches!(
            classify(500, body(190).as_bytes()),
            SendError::Auth {
                code: Some(190),
                ..
            }
        ));
    }

    #[test]
    fn without_a_code_the_http_status_decides() {
        for status in [500, 502, 503, 504, 429, 408] {
            let e = classify(status, b"<html>Bad Gateway</html>");
            assert!(matches!(e, SendError::Retry { code: None, .. }), "{status}");
        }
        for status in [400, 401, 403, 404, 413] {
            let e = classify(status, b"");
            assert!(
                matches!(e, SendError::Permanent { code: None, .. }),
                "{status}"
            );
        }
        let e = classify(502, br#"{"error":{"message":"no code"}}"#);
        assert!(matches!(e, SendError::Retry { code: None, .. }));
        assert!(e.to_string().contains("no code"));
    }

    #[test]
    fn non_json_bodies_are_quoted_cleanly_and_briefly() {
        let body = format!("\u{1b}[31m{}", "ş".repeat(500));
        let SendError::Retry { message, .. } = classify(503, body.as_bytes()) else {
            panic!()
        };
        assert!(!message.contains('\u{1b}'));
        assert!(message.chars().count() < 220, "{}", message.len());
    }
}
