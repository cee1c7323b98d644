//! The outbox sender: posts queued messages to the Graph API, in order per
//! customer, many customers at once, at Meta's pace, retrying what is
//! retryable and recording what is not. Results are written back in batches
//! (one commit for many sends).
//!
//! Delivery is at-least-once across a crash: a message sent in the moment
//! between Meta's answer and our commit is sent again after a restart.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, mpsc};
use tokio_util::sync::CancellationToken;

use super::pace::Pacer;
use crate::clock::now_ms;
use crate::store::outbox::{self, OutboxRow};
use crate::store::{Db, StoreError};
use crate::whatsapp::client::{GraphClient, SendError};

/// A message still failing this long after it was queued is given up on
/// (WhatsApp's customer-service window is 24 hours).
const GIVE_UP_AFTER_MS: i64 = 24 * 3_600_000;
/// Longest wait between two tries: a customer is waiting for this reply.
const MAX_BACKOFF_MS: i64 = 60_000;

/// What happened to one row.
#[derive(Debug)]
enum Outcome {
    Sent {
        wa_message_id: Option<String>,
    },
    Retry {
        code: Option<i64>,
        error: String,
        at: i64,
    },
    Failed {
        code: Option<i64>,
        error: String,
    },
}

struct Done {
    id: i64,
    recipient: String,
    outcome: Outcome,
    /// The last row of its customer's batch: the customer is free once it is written.
    last: bool,
}

/// Sender settings.
#[derive(Debug, Clone)]
pub struct SenderConfig {
    pub pair_burst: u32,
    /// The first retry waits this long (ms); each further one twice as long, up to a minute.
    pub retry_first_ms: i64,
    /// Rows fetched per look at the outbox.
    pub batch: i64,
}

/// Run until `shutdown`; `wake` is rung when new rows are committed.
pub async fn run(
    db: Db,
    client: Arc<GraphClient>,
    wake: Arc<Notify>,
    cfg: SenderConfig,
    shutdown: CancellationToken,
) {
    let (done_tx, done_rx) = mpsc::unbounded_channel::<Done>();
    let committed = Arc::new(Notify::new());
    let book = Arc::new(std::sync::Mutex::new(Book::default()));
    let writer = tokio::spawn(result_writer(
        db.clone(),
        done_rx,
        book.clone(),
        committed.clone(),
    ));
    let mut pacer = Pacer::new(cfg.pair_burst, 6_000);
    let mut next_full_scan = 0;
    loop {
        let now = now_ms();
        let full = now >= next_full_scan;
        if full {
            next_full_scan = now + FULL_SCAN_EVERY_MS;
        }
        let wait = match dispatch(&db, &client, &cfg, &book, &mut pacer, &done_tx, full).await {
            Ok(w) => w,
            Err(e) => {
                tracing::warn!(error = %e, "outbox: cannot read the queue; trying again shortly");
                next_full_scan = 0;
                Duration::from_secs(1)
            }
        };
        tokio::select! {
            () = shutdown.cancelled() => break,
            () = wake.notified() => {}
            () = committed.notified() => {}
            () = tokio::time::sleep(wait) => {}
        }
    }
    drop(done_tx);
    // let in-flight sends finish and their results land
    let _ = tokio::time::timeout(Duration::from_secs(10), writer).await;
}

/// How often the whole pending queue is read again (rows another process
/// queued, or ids that committed out of order on PostgreSQL).
const FULL_SCAN_EVERY_MS: i64 = 2_000;

/// The sender's view of the queue, shared with the result writer.
#[derive(Default)]
struct Book {
    /// Pending rows known and not being sent, by id.
    queue: std::collections::BTreeMap<i64, OutboxRow>,
    /// Rows whose send or result write is under way.
    in_flight: HashMap<i64, OutboxRow>,
    /// Customers with a send task running (their order must hold).
    busy: HashSet<String>,
    /// Rows finished since the last full scan began: a scan that started
    /// before their commit still sees them pending and must not resend them.
    recently_done: HashSet<i64>,
    /// Highest id read so far.
    cursor: i64,
    /// Customers whose message did not go out: the pacing allowance it took is given back.
    refunds: Vec<String>,
}

/// Read what is new (or everything, on a full scan), then start sends for
/// every customer with due rows; returns how long to sleep at most.
async fn dispatch(
    db: &Db,
    client: &Arc<GraphClient>,
    cfg: &SenderConfig,
    book: &Arc<std::sync::Mutex<Book>>,
    pacer: &mut Pacer,
    done: &mpsc::UnboundedSender<Done>,
    full: bool,
) -> Result<Duration, StoreError> {
    let poisoned = || StoreError::Invalid("outbox state poisoned".into());
    let cursor = {
        let mut b = book.lock().map_err(|_| poisoned())?;
        if full {
            b.recently_done.clear();
        }
        for r in b.refunds.drain(..) {
            pacer.refund(&r);
        }
        b.cursor
    };
    let rows = {
        let mut c = db.read().await?;
        // the full scan is fair between recipients (one number's paced backlog cannot fill it)
        if full {
            outbox::pending_fair(&mut c.exec(), cfg.batch * 5).await?
        } else {
            outbox::pending_after(&mut c.exec(), cursor, cfg.batch).await?
        }
    };
    let now = now_ms();
    let mut next_wake = now + 1_000;
    let mut starts: Vec<(String, Vec<OutboxRow>)> = Vec::new();
    {
        let mut b = book.lock().map_err(|_| poisoned())?;
        for r in rows {
            if !full {
                // a fair full scan may skip ids; only the in-order read moves the cursor
                b.cursor = b.cursor.max(r.id);
            }
            if !b.in_flight.contains_key(&r.id) && !b.recently_done.contains(&r.id) {
                b.queue.insert(r.id, r);
            }
        }
        // each customer's rows in id order; a customer waits behind its first row
        let mut per: Vec<(String, Vec<i64>)> = Vec::new();
        let mut blocked: HashSet<&str> = HashSet::new();
        for (id, r) in &b.queue {
            if blocked.contains(r.recipient.as_str()) || b.busy.contains(&r.recipient) {
                continue;
            }
            if r.next_attempt_at > now {
                next_wake = next_wake.min(r.next_attempt_at);
                blocked.insert(&r.recipient);
                continue;
            }
            match per.iter_mut().find(|(p, _)| *p == r.recipient) {
                Some((_, ids)) => ids.push(*id),
                None => per.push((r.recipient.clone(), vec![*id])),
            }
        }
        for (recipient, ids) in per {
            let rows: Vec<OutboxRow> = ids
                .iter()
                .filter_map(|id| b.queue.get(id).cloned())
                .collect();
            let (batch, wait_until) = pacer.take(&recipient, rows, now);
            if let Some(t) = wait_until {
                next_wake = next_wake.min(t);
            }
            if batch.is_empty() {
                continue;
            }
            for r in &batch {
                b.queue.remove(&r.id);
                b.in_flight.insert(r.id, r.clone());
            }
            b.busy.insert(recipient.clone());
            starts.push((recipient, batch));
        }
    }
    for (recipient, batch) in starts {
        tokio::spawn(send_in_order(
            client.clone(),
            recipient,
            batch,
            cfg.retry_first_ms,
            done.clone(),
        ));
    }
    Ok(Duration::from_millis(
        u64::try_from((next_wake - now).clamp(5, 1_000)).unwrap_or(1_000),
    ))
}

/// Send one customer's rows one after another; stop at the first that must wait.
async fn send_in_order(
    client: Arc<GraphClient>,
    recipient: String,
    rows: Vec<OutboxRow>,
    first_ms: i64,
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
                at: -1,
            }
        } else {
            send_one(&client, &row, first_ms).await
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

async fn send_one(client: &GraphClient, row: &OutboxRow, first_ms: i64) -> Outcome {
    let mut body: serde_json::Value = match serde_json::from_str(&row.body) {
        Ok(b) => b,
        Err(e) => {
            return Outcome::Failed {
                code: None,
                error: format!("stored body is not JSON: {e}"),
            };
        }
    };
    if row.kind == "message" {
        // lets a status webhook (and a test) tie Meta's receipts back to this row
        body["biz_opaque_callback_data"] = serde_json::Value::String(format!("ob:{}", row.id));
    }
    let now = now_ms();
    match client.send(&body).await {
        Ok(ok) => Outcome::Sent {
            wa_message_id: ok.wa_message_id,
        },
        Err(SendError::Permanent { code, message }) => Outcome::Failed {
            code,
            error: message,
        },
        Err(e) if now - row.created_at > GIVE_UP_AFTER_MS => {
            let code = match &e {
                SendError::Retry { code, .. } => *code,
                SendError::PairRateLimit { .. } => Some(131_056),
                SendError::Permanent { code, .. } => *code,
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
                at: now + wait.min(MAX_BACKOFF_MS),
            }
        }
        Err(SendError::Retry { code, message }) => Outcome::Retry {
            code,
            error: message,
            at: now + backoff(first_ms, row.attempts),
        },
    }
}

/// `first`, twice that, four times … capped at 64 × `first` and at a minute, with ±20 % jitter.
pub fn backoff(first: i64, attempts: i64) -> i64 {
    let first = first.max(1);
    // seven doublings at most, and never over a minute
    let cap = first.saturating_mul(64).min(MAX_BACKOFF_MS);
    let base = first
        .saturating_mul(1_i64 << attempts.clamp(0, 20))
        .min(cap);
    let jitter = (base / 5).max(1);
    base - jitter + fastrand::i64(0..=2 * jitter)
}

/// Write results in batches; release rows and recipients once their result is durable.
async fn result_writer(
    db: Db,
    mut rx: mpsc::UnboundedReceiver<Done>,
    book: Arc<std::sync::Mutex<Book>>,
    committed: Arc<Notify>,
) {
    let mut batch = Vec::new();
    while let Some(first) = rx.recv().await {
        batch.push(first);
        while batch.len() < 1024 {
            match rx.try_recv() {
                Ok(d) => batch.push(d),
                Err(_) => break,
            }
        }
        let started = std::time::Instant::now();
        loop {
            match write_results(&db, &batch).await {
                Ok(()) => break,
                Err(e) => {
                    tracing::error!(error = %e, "outbox: cannot record send results; retrying");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
            }
        }
        tracing::debug!(
            results = batch.len(),
            took_us = started.elapsed().as_micros(),
            "outbox results"
        );
        if let Ok(mut b) = book.lock() {
            for d in batch.drain(..) {
                if let Some(mut row) = b.in_flight.remove(&d.id) {
                    if row.kind == "message" && !matches!(d.outcome, Outcome::Sent { .. }) {
                        b.refunds.push(row.recipient.clone());
                    }
                    match d.outcome {
                        Outcome::Sent { .. } | Outcome::Failed { .. } => {
                            b.recently_done.insert(d.id);
                        }
                        Outcome::Retry { at, .. } => {
                            if at >= 0 {
                                row.attempts += 1;
                                row.next_attempt_at = at;
                            }
                            b.queue.insert(d.id, row);
                        }
                    }
                }
                if d.last {
                    b.busy.remove(&d.recipient);
                }
            }
        }
        batch.clear();
        committed.notify_one();
    }
}

async fn write_results(db: &Db, batch: &[Done]) -> Result<(), StoreError> {
    let now = now_ms();
    // losing these marks in a power cut only resends the replies (at-least-once)
    let mut tx = db.begin_relaxed().await?;
    let sent: Vec<(i64, Option<String>)> = batch
        .iter()
        .filter_map(|d| match &d.outcome {
            Outcome::Sent { wa_message_id } => Some((d.id, wa_message_id.clone())),
            _ => None,
        })
        .collect();
    outbox::mark_sent_many(&mut tx.exec(), &sent, now).await?;
    for d in batch {
        match &d.outcome {
            Outcome::Sent { .. } => {}
            Outcome::Retry { at, .. } if *at < 0 => {}
            Outcome::Retry { code, error, at } => {
                tracing::info!(outbox_id = d.id, code, error = %error, "send will be retried");
                outbox::mark_retry(&mut tx.exec(), d.id, *code, error, *at).await?;
            }
            Outcome::Failed { code, error } => {
                tracing::warn!(outbox_id = d.id, code, error = %error, "send failed for good");
                outbox::mark_failed(&mut tx.exec(), d.id, *code, error, now).await?;
            }
        }
    }
    tx.commit().await
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
