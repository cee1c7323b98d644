//! The sender's decisions, synchronous over plain data: which rows are known and
//! due, which customer's rows go now (in id order, paced, one send task per
//! customer, one probe at a time while Meta rejects our token), what a claim or a
//! send's result changes, and when to look again. The async loop around it
//! ([`super::run`]) only reads the outbox, claims, spawns sends and sleeps until the
//! instant returned here — so each decision is unit-tested without a database, a
//! Graph API or a clock.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Duration;

use super::send::{Done, Outcome};
use crate::domain::CustomerId;
use crate::domain::time::{At, Span};
use crate::queue::pace::Pacer;
use crate::store::outbox::{OutboxKind, OutboxRow};

/// The sender's timing (spans on the monotonic clock). Tests shrink these instead of
/// sleeping through them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SenderTiming {
    /// While Meta rejects our token, one send is tried this often to see whether it was fixed.
    pub hold_probe: Span,
    /// How often the whole pending queue is read again (rows another process queued, or
    /// ids that committed out of order on PostgreSQL).
    pub full_scan_every: Span,
    /// The longest sleep without looking again (also the pause after a database error).
    pub max_sleep: Span,
    /// The shortest sleep: a row due in a moment does not make the loop spin.
    pub min_sleep: Span,
    /// A row another lease claimed (and may be sending) is looked at again this much later.
    pub claimed_elsewhere: Span,
    /// Meta's pair rate limit: one message to the same customer per this long (after the burst).
    pub pair_refill: Span,
    /// The longest wait between two tries of a message: a customer is waiting for it.
    pub max_backoff: Span,
    /// A message still failing this long after it was queued is given up on (WhatsApp's
    /// customer-service window is 24 hours); a held reply past it is failed when the hold ends.
    pub give_up_after: Span,
}

impl Default for SenderTiming {
    fn default() -> SenderTiming {
        SenderTiming {
            hold_probe: Span::seconds(3),
            full_scan_every: Span::seconds(2),
            max_sleep: Span::seconds(1),
            min_sleep: Span::millis(5),
            claimed_elsewhere: Span::seconds(1),
            pair_refill: Span::seconds(6),
            max_backoff: Span::minutes(1),
            give_up_after: Span::hours(24),
        }
    }
}

/// One customer's rows about to be sent, in order.
pub(super) type Start = (CustomerId, Vec<OutboxRow>);

/// The sender's view of the queue, shared with the result writer.
#[derive(Default)]
pub(super) struct Book {
    /// Pending rows known and not being sent, by id.
    pub(super) queue: BTreeMap<i64, OutboxRow>,
    /// Rows whose send or result write is under way.
    pub(super) in_flight: HashMap<i64, OutboxRow>,
    /// Customers with a send task running (their order must hold).
    pub(super) busy: HashSet<CustomerId>,
    /// Rows finished since the last full scan began: a scan that started
    /// before their commit still sees them pending and must not resend them.
    pub(super) recently_done: HashSet<i64>,
    /// Highest id read so far.
    pub(super) cursor: i64,
    /// Customers whose message did not go out: the pacing allowance it took is given back.
    pub(super) refunds: Vec<CustomerId>,
    /// When each known row is due, on the monotonic clock.
    pub(super) due: HashMap<i64, i64>,
    /// A send was held for a rejected token: before sending again, fail the held replies
    /// whose customer's window closed.
    pub(super) window_check: bool,
    /// While the token is rejected: when the next probe send may go (monotonic).
    pub(super) next_probe: i64,
}

/// What [`Book::plan`] decided.
#[derive(Debug)]
pub(super) struct Plan {
    /// Sends to start, one per customer.
    pub(super) starts: Vec<Start>,
    /// When to look again at the latest (monotonic ms), before any wake-up.
    pub(super) next_wake: i64,
}

/// When a row read from the database is due on the monotonic clock: its stored time is
/// wall-clock, so the wait it implies is capped at the longest backoff (a clock stepped
/// back must not stretch it).
pub(super) fn due_from_stored(
    next_attempt_at: At,
    wall_now: At,
    mono_now: i64,
    max_backoff: Span,
) -> i64 {
    mono_now
        + (next_attempt_at - wall_now)
            .clamp(Span::ZERO, max_backoff.max(Span::ZERO))
            .as_millis()
}

/// How long to sleep at `now` to wake at `next_wake`, within the timing's bounds.
pub(super) fn sleep_for(next_wake: i64, now: i64, t: &SenderTiming) -> Duration {
    Span::millis(next_wake - now)
        .clamp(t.min_sleep, t.max_sleep.max(t.min_sleep))
        .to_std()
}

/// When the whole queue is read again.
#[derive(Debug, Default)]
pub(super) struct Scans {
    next_full: i64,
}

impl Scans {
    /// Is the look starting at `now` a full scan? (If so, the next is scheduled.)
    pub(super) fn full_at(&mut self, now: i64, t: &SenderTiming) -> bool {
        let full = now >= self.next_full;
        if full {
            self.next_full = now + t.full_scan_every.as_millis();
        }
        full
    }

    /// The queue could not be read: the next look reads all of it.
    pub(super) fn failed(&mut self) {
        self.next_full = 0;
    }
}

/// What a batch of results says about our access token: `Some(true)` when Meta
/// rejected it and nothing got past the token check, `Some(false)` when an answer
/// got past it (a send, or a refusal for another reason: the hold ends), `None` when
/// the batch says nothing about it.
pub(super) fn token_verdict(batch: &[Done]) -> Option<bool> {
    let rejected = batch
        .iter()
        .any(|d| matches!(d.outcome, Outcome::Held { .. }));
    let accepted = batch.iter().any(|d| {
        matches!(
            d.outcome,
            Outcome::Sent { .. } | Outcome::Failed { .. } | Outcome::Retry { code: Some(_), .. }
        )
    });
    if accepted {
        Some(false)
    } else if rejected {
        Some(true)
    } else {
        None
    }
}

impl Book {
    /// A look at the queue begins: the allowances of sends that did not go out are given
    /// back, and a full scan forgets what finished before it. Returns the cursor to read
    /// after and whether closed windows must be failed first (a hold ended).
    pub(super) fn begin_look(&mut self, pacer: &mut Pacer, full: bool, held: bool) -> (i64, bool) {
        if full {
            self.recently_done.clear();
        }
        for r in self.refunds.drain(..) {
            pacer.refund(&r);
        }
        (self.cursor, self.window_check && !held)
    }

    /// Take rows read from the outbox into the book: rows being sent or just finished
    /// are not taken again; only an in-order read (not a full scan, which may skip ids)
    /// moves the cursor.
    pub(super) fn absorb(
        &mut self,
        rows: Vec<OutboxRow>,
        full: bool,
        (wall_now, now): (At, i64),
        t: &SenderTiming,
    ) {
        for r in rows {
            if !full {
                self.cursor = self.cursor.max(r.id);
            }
            if !self.in_flight.contains_key(&r.id) && !self.recently_done.contains(&r.id) {
                self.due.entry(r.id).or_insert_with(|| {
                    due_from_stored(r.next_attempt_at, wall_now, now, t.max_backoff)
                });
                self.queue.insert(r.id, r);
            }
        }
    }

    /// Each free customer's due rows in id order; a customer waits behind its first row
    /// not yet due. Returns them (in order of each customer's first row) and the
    /// earliest instant a waiting row falls due.
    fn due_per_customer(&self, now: i64) -> (Vec<(CustomerId, Vec<i64>)>, Option<i64>) {
        let mut per: Vec<(CustomerId, Vec<i64>)> = Vec::new();
        let mut blocked: HashSet<&CustomerId> = HashSet::new();
        let mut next_due: Option<i64> = None;
        for (id, r) in &self.queue {
            if blocked.contains(&r.recipient) || self.busy.contains(&r.recipient) {
                continue;
            }
            let due = self.due.get(id).copied().unwrap_or(now);
            if due > now {
                next_due = Some(next_due.map_or(due, |n| n.min(due)));
                blocked.insert(&r.recipient);
                continue;
            }
            match per.iter_mut().find(|(p, _)| *p == r.recipient) {
                Some((_, ids)) => ids.push(*id),
                None => per.push((r.recipient.clone(), vec![*id])),
            }
        }
        (per, next_due)
    }

    /// Which rows go now, to whom, and when to look again. The rows chosen move to
    /// in flight and their customers are busy until their results are written. While
    /// the token is `held`, one row of one customer goes per probe interval, nothing else.
    pub(super) fn plan(
        &mut self,
        pacer: &mut Pacer,
        now: i64,
        held: bool,
        t: &SenderTiming,
    ) -> Plan {
        let mut next_wake = now + t.max_sleep.as_millis();
        let mut budget = usize::MAX;
        if held {
            if now < self.next_probe {
                budget = 0;
                next_wake = next_wake.min(self.next_probe);
            } else {
                budget = 1;
                self.next_probe = now + t.hold_probe.as_millis();
            }
        }
        let (per, next_due) = self.due_per_customer(now);
        if let Some(d) = next_due {
            next_wake = next_wake.min(d);
        }
        let mut starts = Vec::new();
        for (recipient, ids) in per {
            if budget == 0 {
                break;
            }
            let mut rows: Vec<OutboxRow> = ids
                .iter()
                .filter_map(|id| self.queue.get(id).cloned())
                .collect();
            if held {
                rows.truncate(1);
                budget -= 1;
            }
            let (batch, wait_until) = pacer.take(&recipient, rows, now);
            if let Some(w) = wait_until {
                next_wake = next_wake.min(w);
            }
            if batch.is_empty() {
                continue;
            }
            for r in &batch {
                self.queue.remove(&r.id);
                self.in_flight.insert(r.id, r.clone());
            }
            self.busy.insert(recipient.clone());
            starts.push((recipient, batch));
        }
        Plan { starts, next_wake }
    }

    /// The claim could not be made: everything planned goes back to the queue.
    pub(super) fn unplan(&mut self, starts: Vec<Start>) {
        for (recipient, batch) in starts {
            for r in batch {
                self.in_flight.remove(&r.id);
                self.queue.insert(r.id, r);
            }
            self.busy.remove(&recipient);
        }
    }

    /// The claim answered with the ids `got`: each customer keeps the leading rows it got
    /// (its order must hold); the rest go back to the queue, due again a little later.
    /// Returns the sends to start.
    pub(super) fn claimed(
        &mut self,
        starts: Vec<Start>,
        got: &HashSet<i64>,
        now: i64,
        t: &SenderTiming,
    ) -> Vec<Start> {
        let mut out = Vec::with_capacity(starts.len());
        for (recipient, mut batch) in starts {
            let keep = batch.iter().take_while(|r| got.contains(&r.id)).count();
            for r in batch.split_off(keep) {
                // another lease's fresh claim: look again shortly
                self.in_flight.remove(&r.id);
                self.due.insert(r.id, now + t.claimed_elsewhere.as_millis());
                self.queue.insert(r.id, r);
            }
            if batch.is_empty() {
                self.busy.remove(&recipient);
            } else {
                out.push((recipient, batch));
            }
        }
        out
    }

    /// Results are durable: sent and failed rows are done, a retry is due after its
    /// delay (not attempted: at once, untouched), a held row is due at once (the probe
    /// decides when it goes). A message that did not go out gives its allowance back;
    /// a customer is free once its batch's last result is in.
    pub(super) fn settle(&mut self, batch: Vec<Done>, now: i64) {
        if batch
            .iter()
            .any(|d| matches!(d.outcome, Outcome::Held { .. }))
        {
            self.window_check = true;
        }
        for d in batch {
            if let Some(mut row) = self.in_flight.remove(&d.id) {
                if row.kind == OutboxKind::Message && !matches!(d.outcome, Outcome::Sent { .. }) {
                    self.refunds.push(row.recipient.clone());
                }
                match d.outcome {
                    Outcome::Sent { .. } | Outcome::Failed { .. } => {
                        self.due.remove(&d.id);
                        self.recently_done.insert(d.id);
                    }
                    Outcome::Retry { delay, .. } => {
                        if delay >= Span::ZERO {
                            row.attempts += 1;
                            self.due.insert(d.id, now + delay.as_millis());
                        }
                        self.queue.insert(d.id, row);
                    }
                    Outcome::Held { .. } => {
                        self.due.insert(d.id, now);
                        self.queue.insert(d.id, row);
                    }
                }
            }
            if d.last {
                self.busy.remove(&d.recipient);
            }
        }
    }

    /// Held replies failed because their customer's window closed: forget them.
    pub(super) fn forget_failed(&mut self, ids: &[i64]) {
        for id in ids {
            self.queue.remove(id);
            self.due.remove(id);
            self.recently_done.insert(*id);
        }
        self.window_check = false;
    }
}

#[cfg(test)]
#[path = "plan_tests.rs"]
pub(super) mod tests;
