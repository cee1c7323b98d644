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
use crate::whatsapp::client::GraphClient;
use send::{Done, send_in_order};

mod results;
mod send;

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
    let writer = tokio::spawn(results::result_writer(
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
pub(super) struct Book {
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
