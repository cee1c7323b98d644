//! One customer's sends: in order, stopping at the first that must wait, each
//! outcome classified (sent, retry after a delay, held for a rejected token, failed for
//! good) with backoff.

use std::sync::Arc;

use tokio::sync::mpsc;

use crate::domain::CustomerId;
use crate::store::outbox::{OutboxKind, OutboxRow};
use crate::whatsapp::client::{GraphClient, SendError};

/// A message still failing this long after it was queued is given up on
/// (WhatsApp's customer-service window is 24 hours).
pub(super) const GIVE_UP_AFTER_MS: i64 = 24 * 3_600_000;
/// Longest wait between two tries: a customer is waiting for this reply.
pub(super) const MAX_BACKOFF_MS: i64 = 60_000;

/// What happened to one row.
#[derive(Debug)]
pub(super) enum Outcome {
    Sent {
        wa_message_id: Option<String>,
    },
    /// Try again after `delay` ms (negative: not attempted, released untouched).
    Retry {
        code: Option<i64>,
        error: String,
        delay: i64,
    },
    /// Meta rejected our token: the row waits for the hold to end.
    Held {
        code: Option<i64>,
        error: String,
    },
    Failed {
        code: Option<i64>,
        error: String,
    },
}

pub(super) struct Done {
    pub(super) id: i64,
    pub(super) recipient: CustomerId,
    pub(super) outcome: Outcome,
    /// The last row of its customer's batch: the customer is free once it is written.
    pub(super) last: bool,
}

/// Send one customer's rows one after another; stop at the first that must wait.
pub(super) async fn send_in_order(
    client: Arc<GraphClient>,
    recipient: CustomerId,
    rows: Vec<OutboxRow>,
    first_ms: i64,
    wall: fn() -> i64,
    done: mpsc::UnboundedSender<Done>,
) {
    let mut stop = false;
    let n = rows.len();
    for (i, row) in rows.into_iter().enumerate() {
        let last = i + 1 == n;
        let outcome = if stop {
            // not attempted: released untouched, to go after the one that must wait
            Outcome::Retry {
                code: None,
                error: String::new(),
                delay: -1,
            }
        } else {
            send_one(&client, &row, first_ms, wall()).await
        };
        stop = stop || !matches!(outcome, Outcome::Sent { .. });
        let _ = done.send(Done {
            id: row.id,
            recipient: recipient.clone(),
            outcome,
            last,
        });
    }
}

async fn send_one(client: &GraphClient, row: &OutboxRow, first_ms: i64, now: i64) -> Outcome {
    let mut body: serde_json::Value = match serde_json::from_str(&row.body) {
        Ok(b) => b,
        Err(e) => {
            return Outcome::Failed {
                code: None,
                error: format!("stored body is not JSON: {e}"),
            };
        }
    };
    if row.kind == OutboxKind::Message {
        // lets a status webhook (and a test) tie Meta's receipts back to this row
        body["biz_opaque_callback_data"] = serde_json::Value::String(format!("ob:{}", row.id));
    }
    match client.send(&body).await {
        Ok(ok) => Outcome::Sent {
            wa_message_id: ok.wa_message_id,
        },
        // never given up on for its age: the window is checked when the hold ends
        Err(SendError::Auth { code, message }) => Outcome::Held {
            code,
            error: message,
        },
        Err(SendError::Permanent { code, message }) => Outcome::Failed {
            code,
            error: message,
        },
        Err(e) if now - row.created_at > GIVE_UP_AFTER_MS => {
            let code = match &e {
                SendError::Retry { code, .. } => *code,
                SendError::PairRateLimit { .. } => Some(131_056),
                SendError::Permanent { code, .. } | SendError::Auth { code, .. } => *code,
            };
            Outcome::Failed {
                code,
                error: format!("gave up after 24 h: {e}"),
            }
        }
        Err(SendError::PairRateLimit { message }) => {
            // Meta: wait 4^X seconds for this customer only
            let wait =
                4_i64.saturating_pow(u32::try_from(row.attempts.clamp(0, 6)).unwrap_or(6)) * 1_000;
            Outcome::Retry {
                code: Some(131_056),
                error: message,
                delay: wait.min(MAX_BACKOFF_MS),
            }
        }
        Err(SendError::Retry { code, message }) => Outcome::Retry {
            code,
            error: message,
            delay: backoff(first_ms, row.attempts),
        },
    }
}

/// `first`, twice that, four times … capped at 64 × `first` and at a minute, with ±20 % jitter.
pub(crate) fn backoff(first: i64, attempts: i64) -> i64 {
    let first = first.max(1);
    // seven doublings at most, and never over a minute
    let cap = first.saturating_mul(64).min(MAX_BACKOFF_MS);
    let base = first
        .saturating_mul(1_i64 << attempts.clamp(0, 20))
        .min(cap);
    let jitter = (base / 5).max(1);
    base - jitter + fastrand::i64(0..=2 * jitter)
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_doubles_with_jitter_and_caps() {
        for _ in 0..100 {
            let b0 = super::backoff(1_000, 0);
            assert!((800..=1_200).contains(&b0), "{b0}");
            let b3 = super::backoff(1_000, 3);
            assert!((6_400..=9_600).contains(&b3), "{b3}");
            assert!(
                super::backoff(1_000, 30) <= 72_000,
                "capped at a minute (+20 %)"
            );
            assert!(
                super::backoff(50, 30) <= 3_840,
                "capped at 64 × first (+20 %)"
            );
        }
    }
}
