//! One customer's sends: in order, stopping at the first that must wait, each
//! outcome classified (sent, retry after a delay, held for a rejected token, failed for
//! good) with backoff.

use tokio::sync::mpsc;

use super::plan::SenderTiming;
use super::port::Port;
use crate::domain::CustomerId;
use crate::domain::time::{At, Span};
use crate::store::outbox::{OutboxKind, OutboxRow};
use crate::whatsapp::client::{SendError, SendOk};

/// How a failed send is tried again: the first pause, and from the sender's timing the
/// longest pause and when a message is given up on.
#[derive(Debug, Clone, Copy)]
pub(super) struct RetryPolicy {
    /// The first retry waits this long; each further one twice as long.
    pub(super) first: Span,
    /// Longest wait between two tries: a customer is waiting for this reply.
    pub(super) max_backoff: Span,
    /// A message still failing this long after it was queued is given up on.
    pub(super) give_up_after: Span,
}

impl RetryPolicy {
    pub(super) fn new(first: Span, t: &SenderTiming) -> RetryPolicy {
        RetryPolicy {
            first,
            max_backoff: t.max_backoff,
            give_up_after: t.give_up_after,
        }
    }
}

/// What happened to one row.
#[derive(Debug)]
pub(super) enum Outcome {
    Sent {
        wa_message_id: Option<String>,
    },
    /// Try again after `delay` (negative: not attempted, released untouched).
    Retry {
        code: Option<i64>,
        error: String,
        delay: Span,
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
    port: impl Port,
    recipient: CustomerId,
    rows: Vec<OutboxRow>,
    policy: RetryPolicy,
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
                delay: Span::millis(-1),
            }
        } else {
            send_one(&port, &row, policy).await
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

async fn send_one(port: &impl Port, row: &OutboxRow, policy: RetryPolicy) -> Outcome {
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
    let answer = port.send(&body).await;
    outcome_of(answer, row, port.wall(), policy)
}

/// What Meta's answer to `row`, at wall-clock `now`, comes to: sent, held for a rejected
/// token, failed for good (refused, or still failing `give_up_after` after it was queued),
/// or tried again after a backoff (Meta's 4^n seconds for the pair rate limit).
pub(super) fn outcome_of(
    answer: Result<SendOk, SendError>,
    row: &OutboxRow,
    now: At,
    policy: RetryPolicy,
) -> Outcome {
    match answer {
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
        Err(e) if now - row.created_at > policy.give_up_after => {
            let code = match &e {
                SendError::Retry { code, .. } => *code,
                SendError::PairRateLimit { .. } => Some(131_056),
                SendError::Permanent { code, .. } | SendError::Auth { code, .. } => *code,
            };
            Outcome::Failed {
                code,
                error: format!(
                    "gave up after {}: {e}",
                    hours_or_minutes(policy.give_up_after)
                ),
            }
        }
        Err(SendError::PairRateLimit { message }) => {
            // Meta: wait 4^X seconds for this customer only
            let wait = Span::seconds(
                4_i64.saturating_pow(u32::try_from(row.attempts.clamp(0, 6)).unwrap_or(6)),
            );
            Outcome::Retry {
                code: Some(131_056),
                error: message,
                delay: wait.min(policy.max_backoff),
            }
        }
        Err(SendError::Retry { code, message }) => Outcome::Retry {
            code,
            error: message,
            delay: backoff(policy.first, row.attempts, policy.max_backoff),
        },
    }
}

/// "24 h", or "90 min" for a span that is not whole hours.
fn hours_or_minutes(s: Span) -> String {
    let m = s.whole_minutes();
    if m >= 60 && m % 60 == 0 {
        format!("{} h", m / 60)
    } else {
        format!("{m} min")
    }
}

/// `first`, twice that, four times … capped at 64 × `first` and at `max`, with ±20 % jitter.
pub fn backoff(first: Span, attempts: i64, max: Span) -> Span {
    let first = first.as_millis().max(1);
    // seven doublings at most, and never over `max` (a minute in production)
    let cap = first.saturating_mul(64).min(max.as_millis().max(1));
    let base = first
        .saturating_mul(1_i64 << attempts.clamp(0, 20))
        .min(cap);
    let jitter = (base / 5).max(1);
    Span::millis(base - jitter + fastrand::i64(0..=2 * jitter))
}

#[cfg(test)]
#[path = "send_tests.rs"]
mod tests;
