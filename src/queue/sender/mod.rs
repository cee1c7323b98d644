//! The outbox sender: posts queued messages to the Graph API, in order per
//! customer, many customers at once, at Meta's pace, retrying what is
//! retryable and recording what is not. Results are written back in batches
//! (one commit for many sends).
//!
//! Delivery is at-least-once across a crash: a message sent in the moment
//! between Meta's answer and our commit is sent again after a restart.
//!
//! Rows are claimed (under the queue lease's fence) before they are sent, so a second
//! process that took the lease over cannot send them at the same time. Retry timing runs on
//! the monotonic clock: a wall clock stepped back (a Pi without a real-time clock at boot)
//! does not hold a customer's replies until it catches up. A token Meta rejects (code 190)
//! holds the whole queue — probed every few seconds — instead of failing every reply; once a
//! send succeeds the held replies go out, except those whose customer's 24-hour window
//! closed meanwhile (marked failed, with the reason).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, mpsc};
use tokio_util::sync::CancellationToken;

use super::pace::Pacer;
use crate::domain::Phone;
use crate::health::Health;
use crate::store::lease::Fence;
use crate::store::outbox::{self, OutboxRow};
use crate::store::{Db, StoreError};
use crate::whatsapp::client::GraphClient;
use results::result_writer;
use send::{Done, GIVE_UP_AFTER_MS, MAX_BACKOFF_MS, send_in_order};

mod results;
mod send;

pub use send::backoff;

/// While Meta rejects our token, one send is tried this often to see whether it was fixed.
const HOLD_PROBE_MS: i64 = 3_000;
/// What a held reply whose customer's window closed is marked failed with.
const WINDOW_CLOSED: &str = "not sent: held while the WhatsApp token was rejected, and the \
                             customer's 24-hour window closed meanwhile";

/// Milliseconds on the monotonic clock (tokio's, so tests may pause it) since the first call.
pub(super) fn mono_ms() -> i64 {
    static ORIGIN: std::sync::OnceLock<tokio::time::Instant> = std::sync::OnceLock::new();
    let origin = *ORIGIN.get_or_init(tokio::time::Instant::now);
    i64::try_from(origin.elapsed().as_millis()).unwrap_or(i64::MAX)
}

/// Sender settings.
#[derive(Debug, Clone)]
pub struct SenderConfig {
    pub pair_burst: u32,
    /// The first retry waits this long (ms); each further one twice as long, up to a minute.
    pub retry_first_ms: i64,
    /// Rows fetched per look at the outbox.
    pub batch: i64,
    /// The queue lease these sends happen under (claims are checked against it).
    pub fence: Fence,
    /// The wall clock (unix ms), for what is stored; injected so a test can step it back.
    pub wall: fn() -> i64,
}

/// Run until `shutdown`; `wake` is rung when new rows are committed.
pub async fn run(
    db: Db,
    client: Arc<GraphClient>,
    wake: Arc<Notify>,
    cfg: SenderConfig,
    health: Arc<Health>,
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
        health.clone(),
        cfg.wall,
    ));
    let mut pacer = Pacer::new(cfg.pair_burst, 6_000);
    let mut next_full_scan = 0;
    let cx = Cx {
        db: &db,
        client: &client,
        cfg: &cfg,
        book: &book,
        health: &health,
        done: &done_tx,
    };
    loop {
        let now = mono_ms();
        let full = now >= next_full_scan;
        if full {
            next_full_scan = now + FULL_SCAN_EVERY_MS;
        }
        let wait = match dispatch(&cx, &mut pacer, full).await {
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
    pub(super) queue: std::collections::BTreeMap<i64, OutboxRow>,
    /// Rows whose send or result write is under way.
    pub(super) in_flight: HashMap<i64, OutboxRow>,
    /// Customers with a send task running (their order must hold).
    pub(super) busy: HashSet<Phone>,
    /// Rows finished since the last full scan began: a scan that started
    /// before their commit still sees them pending and must not resend them.
    pub(super) recently_done: HashSet<i64>,
    /// Highest id read so far.
    pub(super) cursor: i64,
    /// Customers whose message did not go out: the pacing allowance it took is given back.
    pub(super) refunds: Vec<Phone>,
    /// When each known row is due, on the monotonic clock (see [`mono_ms`]).
    pub(super) due: HashMap<i64, i64>,
    /// A send was held for a rejected token: before sending again, fail the held replies
    /// whose customer's window closed.
    pub(super) window_check: bool,
    /// While the token is rejected: when the next probe send may go (monotonic).
    pub(super) next_probe: i64,
}

/// What [`dispatch`] works with.
struct Cx<'a> {
    db: &'a Db,
    client: &'a Arc<GraphClient>,
    cfg: &'a SenderConfig,
    book: &'a Arc<std::sync::Mutex<Book>>,
    health: &'a Arc<Health>,
    done: &'a mpsc::UnboundedSender<Done>,
}

/// When a row read from the database is due on the monotonic clock: its stored time is
/// wall-clock, so the wait it implies is capped (a clock stepped back must not stretch it).
fn due_from_stored(next_attempt_at: i64, wall_now: i64, mono_now: i64) -> i64 {
    mono_now + (next_attempt_at - wall_now).clamp(0, MAX_BACKOFF_MS)
}

/// Read what is new (or everything, on a full scan), then start sends for
/// every customer with due rows; returns how long to sleep at most.
async fn dispatch(cx: &Cx<'_>, pacer: &mut Pacer, full: bool) -> Result<Duration, StoreError> {
    let (db, cfg, book) = (cx.db, cx.cfg, cx.book);
    let poisoned = || StoreError::Invalid("outbox state poisoned".into());
    let held = cx.health.token_rejected();
    let (cursor, window_check) = {
        let mut b = book.lock().map_err(|_| poisoned())?;
        if full {
            b.recently_done.clear();
        }
        for r in b.refunds.drain(..) {
            pacer.refund(&r);
        }
        (b.cursor, b.window_check && !held)
    };
    if window_check {
        fail_closed_windows(db, book, (cfg.wall)()).await?;
    }
    let rows = {
        let mut c = db.read().await?;
        // the full scan is fair between recipients (one number's paced backlog cannot fill it)
        if full {
            outbox::pending_fair(&mut c.exec(), cfg.batch * 5).await?
        } else {
            outbox::pending_after(&mut c.exec(), cursor, cfg.batch).await?
        }
    };
    let now = mono_ms();
    let wall_now = (cfg.wall)();
    let mut next_wake = now + 1_000;
    let mut starts: Vec<(Phone, Vec<OutboxRow>)> = Vec::new();
    {
        let mut b = book.lock().map_err(|_| poisoned())?;
        for r in rows {
            if !full {
                // a fair full scan may skip ids; only the in-order read moves the cursor
                b.cursor = b.cursor.max(r.id);
            }
            if !b.in_flight.contains_key(&r.id) && !b.recently_done.contains(&r.id) {
                b.due
                    .entry(r.id)
                    .or_insert_with(|| due_from_stored(r.next_attempt_at, wall_now, now));
                b.queue.insert(r.id, r);
            }
        }
        // while the token is rejected, one probe now and then; nothing else
        let mut budget = usize::MAX;
        if held {
            if now < b.next_probe {
                budget = 0;
                next_wake = next_wake.min(b.next_probe);
            } else {
                budget = 1;
                b.next_probe = now + HOLD_PROBE_MS;
            }
        }
        // each customer's rows in id order; a customer waits behind its first row
        let mut per: Vec<(Phone, Vec<i64>)> = Vec::new();
        let mut blocked: HashSet<&str> = HashSet::new();
        for (id, r) in &b.queue {
            if blocked.contains(r.recipient.as_str()) || b.busy.contains(&r.recipient) {
                continue;
            }
            let due = b.due.get(id).copied().unwrap_or(now);
            if due > now {
                next_wake = next_wake.min(due);
                blocked.insert(r.recipient.as_str());
                continue;
            }
            match per.iter_mut().find(|(p, _)| *p == r.recipient) {
                Some((_, ids)) => ids.push(*id),
                None => per.push((r.recipient.clone(), vec![*id])),
            }
        }
        for (recipient, ids) in per {
            if budget == 0 {
                break;
            }
            let mut rows: Vec<OutboxRow> = ids
                .iter()
                .filter_map(|id| b.queue.get(id).cloned())
                .collect();
            if held {
                rows.truncate(1);
                budget -= 1;
            }
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
    let starts = claim(cx, starts, now).await?;
    for (recipient, batch) in starts {
        tokio::spawn(send_in_order(
            cx.client.clone(),
            recipient,
            batch,
            cfg.retry_first_ms,
            cfg.wall,
            cx.done.clone(),
        ));
    }
    Ok(Duration::from_millis(
        u64::try_from((next_wake - now).clamp(5, 1_000)).unwrap_or(1_000),
    ))
}

/// Claim what is about to be sent, under the lease's fence; each customer keeps the leading
/// rows it got (its order must hold), the rest go back to the queue for a second later.
async fn claim(
    cx: &Cx<'_>,
    starts: Vec<(Phone, Vec<OutboxRow>)>,
    now: i64,
) -> Result<Vec<(Phone, Vec<OutboxRow>)>, StoreError> {
    if starts.is_empty() {
        return Ok(starts);
    }
    let ids: Vec<i64> = starts
        .iter()
        .flat_map(|(_, b)| b.iter().map(|r| r.id))
        .collect();
    let claimed = async {
        let mut tx = cx.db.begin_relaxed().await?;
        cx.cfg.fence.check(&mut tx.exec()).await?;
        let got = outbox::claim(&mut tx.exec(), &ids, &cx.cfg.fence.token, (cx.cfg.wall)()).await?;
        tx.commit().await?;
        Ok::<_, StoreError>(got.into_iter().collect::<HashSet<i64>>())
    }
    .await;
    let mut b = cx
        .book
        .lock()
        .map_err(|_| StoreError::Invalid("outbox state poisoned".into()))?;
    let got = match claimed {
        Ok(got) => got,
        Err(e) => {
            for (recipient, batch) in starts {
                for r in batch {
                    b.in_flight.remove(&r.id);
                    b.queue.insert(r.id, r);
                }
                b.busy.remove(&recipient);
            }
            return Err(e);
        }
    };
    let mut out = Vec::with_capacity(starts.len());
    for (recipient, batch) in starts {
        let keep = batch.iter().take_while(|r| got.contains(&r.id)).count();
        let mut batch = batch;
        for r in batch.split_off(keep) {
            // another lease's fresh claim: look again in a second
            b.in_flight.remove(&r.id);
            b.due.insert(r.id, now + 1_000);
            b.queue.insert(r.id, r);
        }
        if batch.is_empty() {
            b.busy.remove(&recipient);
        } else {
            out.push((recipient, batch));
        }
    }
    Ok(out)
}

/// After a hold: fail the held replies whose customer's 24-hour window closed, and forget them.
async fn fail_closed_windows(
    db: &Db,
    book: &Arc<std::sync::Mutex<Book>>,
    wall_now: i64,
) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    let failed =
        outbox::fail_outside_window(&mut tx.exec(), wall_now, GIVE_UP_AFTER_MS, WINDOW_CLOSED)
            .await?;
    tx.commit().await?;
    if !failed.is_empty() {
        tracing::warn!(
            replies = failed.len(),
            "held replies not sent: the customer's 24-hour window closed while the token was rejected"
        );
    }
    if let Ok(mut b) = book.lock() {
        for id in failed {
            b.queue.remove(&id);
            b.due.remove(&id);
            b.recently_done.insert(id);
        }
        b.window_check = false;
    }
    Ok(())
}
