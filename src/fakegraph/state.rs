//! The fake's memory and its decisions: what was accepted, what was injected, and the seeded
//! dice that decide which sends fail or stall. Synchronous: the HTTP layer calls in and out.

use std::collections::HashSet;
use std::sync::{Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::Notify;

use super::FakeGraphConfig;

/// One message the fake accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Received {
    /// 1, 2, 3… in acceptance order; long polls ask for messages after a seq.
    pub seq: u64,
    /// The `to` of the body, as sent: wire text, not a [`crate::domain::CustomerId`] (the fake
    /// stands in for Meta and records whatever the server sent, right or wrong).
    pub to: String,
    /// The whole request body, e.g. to read `text.body` or the buttons the bot sent.
    pub body: Value,
    /// The `wamid.…` the fake answered with.
    pub wa_message_id: String,
    /// When it was accepted, unix milliseconds.
    pub at: i64,
}

/// Counters for assertions and the demo's status line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FakeStats {
    /// Sends answered with a wamid.
    pub accepted: usize,
    /// Sends answered with a retryable failure by `failure_rate` (HTTP 500 / 429).
    pub injected_failures: usize,
    /// Sends answered with the configured permanent error for their recipient.
    pub permanent_failures: usize,
    /// Requests refused like Meta would: bad token, wrong number id, invalid body.
    pub rejected: usize,
    /// Mark-read (and typing indicator) requests.
    pub mark_reads: usize,
    /// Accepted sends whose `biz_opaque_callback_data` had already been accepted before:
    /// non-zero means something was sent twice.
    pub duplicate_callbacks: usize,
}

/// What to answer a valid send with, decided before any waiting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    Accept {
        wa_message_id: String,
    },
    /// Retryable: `true` → HTTP 500 code 131000, `false` → HTTP 429 code 130429.
    Fail {
        server_error: bool,
    },
    Permanent {
        code: i64,
    },
}

pub(crate) struct Shared {
    pub cfg: FakeGraphConfig,
    inner: Mutex<Inner>,
    /// Woken on every accepted message, for long polls and `wait_for_count`.
    pub notify: Notify,
    /// Woken on a message to one recipient (normalized), so an in-process
    /// customer waiting for its reply is not woken by everyone else's.
    per_recipient: Mutex<std::collections::HashMap<String, std::sync::Arc<Notify>>>,
    /// While set, every request is refused as Meta refuses an expired token (401, code 190).
    pub token_expired: std::sync::atomic::AtomicBool,
    /// The next this many valid sends are answered 500 / 131000 (retryable).
    pub fail_next: std::sync::atomic::AtomicUsize,
}

struct Inner {
    rng: fastrand::Rng,
    received: Vec<Received>,
    /// Positions in `received` per normalized recipient, so a customer's
    /// long poll does not scan everyone's messages.
    by_recipient: std::collections::HashMap<String, Vec<usize>>,
    stats: FakeStats,
    callbacks: HashSet<String>,
    next_fail_is_500: bool,
}

/// Phone numbers compare without `+`, spaces, dashes and brackets (a `+` in a query string
/// arrives as a space).
pub(crate) fn same_recipient(a: &str, b: &str) -> bool {
    norm(a) == norm(b)
}

fn norm(s: &str) -> String {
    s.chars().filter(|c| !"+ -()".contains(*c)).collect()
}

impl Shared {
    pub(super) fn new(cfg: FakeGraphConfig) -> Shared {
        let inner = Inner {
            rng: fastrand::Rng::with_seed(cfg.seed),
            received: Vec::new(),
            by_recipient: std::collections::HashMap::new(),
            stats: FakeStats::default(),
            callbacks: HashSet::new(),
            next_fail_is_500: true,
        };
        Shared {
            cfg,
            inner: Mutex::new(inner),
            notify: Notify::new(),
            per_recipient: Mutex::new(std::collections::HashMap::new()),
            token_expired: std::sync::atomic::AtomicBool::new(false),
            fail_next: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // a panicking test thread must not hide the fake's record from the others
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(super) fn stats(&self) -> FakeStats {
        self.lock().stats
    }

    pub(super) fn received(&self) -> Vec<Received> {
        self.lock().received.clone()
    }

    pub(super) fn accepted(&self) -> usize {
        self.lock().received.len()
    }

    /// Accepted messages to `to` (all when `None`) with `seq > after`.
    pub(super) fn after(&self, to: Option<&str>, after: u64) -> Vec<Received> {
        let inner = self.lock();
        match to {
            None => inner
                .received
                .iter()
                .filter(|r| r.seq > after)
                .cloned()
                .collect(),
            Some(t) => inner
                .by_recipient
                .get(&norm(t))
                .map_or_else(Vec::new, |idx| {
                    // seq is position + 1, and positions are in order: skip what was seen
                    let start = idx.partition_point(|&i| (i as u64) < after);
                    idx[start..]
                        .iter()
                        .map(|&i| inner.received[i].clone())
                        .collect()
                }),
        }
    }

    /// The wake-up for messages to `to`.
    pub(super) fn recipient_notify(&self, to: &str) -> std::sync::Arc<Notify> {
        let mut m = self.per_recipient.lock().unwrap_or_else(|p| p.into_inner());
        m.entry(norm(to)).or_default().clone()
    }

    pub(super) fn count_rejected(&self) {
        self.lock().stats.rejected += 1;
    }

    pub(super) fn count_mark_read(&self) {
        self.lock().stats.mark_reads += 1;
    }

    /// Roll the dice for one valid send and record the outcome. Returns the verdict and
    /// whether to stall for `slow_ms` before answering. Both dice are rolled on every send,
    /// so a seed gives the same sequence of outcomes whatever the recipients.
    pub(super) fn decide(&self, to: &str, body: &Value) -> (Verdict, bool) {
        let mut inner = self.lock();
        let slow = inner.rng.f64() < self.cfg.slow_rate;
        let fail = inner.rng.f64() < self.cfg.failure_rate;
        let permanent = self
            .cfg
            .permanent_failures
            .iter()
            .find(|(r, _)| same_recipient(r, to));
        let verdict = if let Some((_, code)) = permanent {
            inner.stats.permanent_failures += 1;
            Verdict::Permanent { code: *code }
        } else if fail {
            inner.stats.injected_failures += 1;
            let server_error = inner.next_fail_is_500;
            inner.next_fail_is_500 = !server_error;
            Verdict::Fail { server_error }
        } else {
            Verdict::Accept {
                wa_message_id: accept(&mut inner, to, body),
            }
        };
        drop(inner);
        if matches!(verdict, Verdict::Accept { .. }) {
            self.notify.notify_waiters();
            if let Some(n) = self
                .per_recipient
                .lock()
                .ok()
                .and_then(|m| m.get(&norm(to)).cloned())
            {
                n.notify_waiters();
            }
        }
        (verdict, slow)
    }
}

fn accept(inner: &mut Inner, to: &str, body: &Value) -> String {
    let seq = inner.received.len() as u64 + 1;
    let wa_message_id = format!("wamid.FAKE{:016X}{seq:08X}", inner.rng.u64(..));
    if let Some(cb) = body.get("biz_opaque_callback_data").and_then(Value::as_str)
        && !inner.callbacks.insert(cb.to_string())
    {
        inner.stats.duplicate_callbacks += 1;
    }
    inner.stats.accepted += 1;
    let at = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    let id = wa_message_id.clone();
    let pos = inner.received.len();
    inner.by_recipient.entry(norm(to)).or_default().push(pos);
    inner.received.push(Received {
        seq,
        to: to.to_string(),
        body: body.clone(),
        wa_message_id,
        at,
    });
    id
}
