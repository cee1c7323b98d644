//! Meta's pair rate limit: about one message per 6 s to the same customer,
//! with a burst allowance. A token bucket per customer keeps us under it;
//! read receipts are not messages and do not count.

use std::collections::HashMap;

use crate::domain::time::Span;
use crate::store::outbox::{OutboxKind, OutboxRow};

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: i64,
}

/// Token buckets per recipient: `burst` tokens, one back every `refill`. Times
/// are the sender's monotonic milliseconds.
#[derive(Debug)]
pub(crate) struct Pacer {
    burst: f64,
    /// One token back per this span (at least a millisecond).
    refill: Span,
    buckets: HashMap<String, Bucket>,
}

impl Pacer {
    pub(crate) fn new(burst: u32, refill: Span) -> Pacer {
        Pacer {
            burst: f64::from(burst.max(1)),
            refill: refill.max(Span::millis(1)),
            buckets: HashMap::new(),
        }
    }

    /// The leading rows that may go now (in order), and when the rest may.
    pub(crate) fn take(
        &mut self,
        recipient: &str,
        rows: Vec<OutboxRow>,
        now: i64,
    ) -> (Vec<OutboxRow>, Option<i64>) {
        let (burst, refill) = (self.burst, self.refill.as_millis());
        let b = self.buckets.entry(recipient.to_string()).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        #[allow(clippy::cast_precision_loss)]
        let gained = (now - b.at).max(0) as f64 / refill as f64;
        b.tokens = (b.tokens + gained).min(burst);
        b.at = now;
        let mut out = Vec::with_capacity(rows.len());
        let mut wait = None;
        for r in rows {
            if r.kind == OutboxKind::Read {
                out.push(r);
                continue;
            }
            if b.tokens >= 1.0 {
                b.tokens -= 1.0;
                out.push(r);
            } else {
                #[allow(clippy::cast_possible_truncation)]
                let missing = ((1.0 - b.tokens) * refill as f64).ceil() as i64;
                wait = Some(now + missing);
                break;
            }
        }
        if self.buckets.len() > 10_000 {
            self.forget_full(now);
        }
        (out, wait)
    }

    /// Give back the allowance a send took when it did not go out (Meta did not
    /// count it either), so retries after failures do not slow a customer down.
    pub(crate) fn refund(&mut self, recipient: &str) {
        if let Some(b) = self.buckets.get_mut(recipient) {
            b.tokens = (b.tokens + 1.0).min(self.burst);
        }
    }

    /// Drop buckets that have refilled completely: they hold no information.
    fn forget_full(&mut self, now: i64) {
        let (burst, refill) = (self.burst, self.refill.as_millis());
        #[allow(clippy::cast_precision_loss)]
        self.buckets
            .retain(|_, b| (b.tokens + (now - b.at) as f64 / refill as f64) < burst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, kind: &str) -> OutboxRow {
        let kind = OutboxKind::parse(kind).expect("a kind");
        OutboxRow {
            id,
            recipient: crate::domain::CustomerId::parse("901").expect("a phone"),
            kind,
            body: "{}".into(),
            order_id: None,
            attempts: 0,
            next_attempt_at: crate::domain::time::At::from_millis(0),
            created_at: crate::domain::time::At::from_millis(0),
        }
    }

    #[test]
    fn bursts_then_one_per_interval() {
        let mut p = Pacer::new(3, Span::seconds(6));
        let rows: Vec<OutboxRow> = (1..=5).map(|i| row(i, "message")).collect();
        let (now_ok, wait) = p.take("901", rows, 0);
        assert_eq!(
            now_ok.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
        assert_eq!(wait, Some(6_000));
        let (ok, wait) = p.take("901", vec![row(4, "message"), row(5, "message")], 6_000);
        assert_eq!(ok.len(), 1);
        assert_eq!(wait, Some(12_000));
        // read receipts are free, and other customers have their own bucket
        let (ok, _) = p.take("901", vec![row(6, "read")], 6_001);
        assert_eq!(ok.len(), 1);
        let (ok, _) = p.take("902", vec![row(7, "message")], 6_001);
        assert_eq!(ok.len(), 1);
        // a failed send is refunded: the next one may go at once
        p.refund("901");
        let (ok, wait) = p.take("901", vec![row(8, "message")], 6_002);
        assert_eq!((ok.len(), wait), (1, None));
    }
}
