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

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, mpsc};
use tokio_util::sync::CancellationToken;

use super::pace::Pacer;
use crate::domain::time::{At, Span};
use crate::health::Health;
use crate::store::lease::Fence;
use crate::store::{Db, StoreError};
use crate::whatsapp::client::GraphClient;
use plan::{Book, Scans, Start};
use port::{Live, Look, Port};
use results::result_writer;
use send::{Done, RetryPolicy, send_in_order};

#[cfg(test)]
mod loop_tests;
mod plan;
mod port;
mod results;
mod send;

pub use plan::SenderTiming;

/// What a held reply whose customer's window closed is marked failed with.
const WINDOW_CLOSED: &str = "not sent: held while the WhatsApp token was rejected, and the \
                             customer's 24-hour window closed meanwhile";

/// Milliseconds on the monotonic clock (tokio's, so tests may pause it) since the first call.
fn mono_ms() -> i64 {
    static ORIGIN: std::sync::OnceLock<tokio::time::Instant> = std::sync::OnceLock::new();
    let origin = *ORIGIN.get_or_init(tokio::time::Instant::now);
    i64::try_from(origin.elapsed().as_millis()).unwrap_or(i64::MAX)
}

/// Sender settings.
#[derive(Debug, Clone)]
pub struct SenderConfig {
    pub pair_burst: u32,
    /// The first retry waits this long; each further one twice as long, up to
    /// [`SenderTiming::max_backoff`].
    pub retry_first: Span,
    /// Rows fetched per look at the outbox.
    pub batch: i64,
    /// The queue lease these sends happen under (claims are checked against it).
    pub fence: Fence,
    /// The wall clock, for what is stored; injected so a test can step it back.
    pub wall: fn() -> At,
    /// Probe, scan and sleep intervals.
    pub timing: SenderTiming,
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
    let live = Live {
        db,
        client,
        fence: cfg.fence.clone(),
        wall: cfg.wall,
    };
    drive(live, &wake, &cfg, health, &shutdown).await;
}

/// The loop over `port`: look, plan, claim and start the sends ([`dispatch`]), sleep
/// until the plan's next instant or a wake-up, until `shutdown`; then let the sends under
/// way finish and their results land.
async fn drive<P: Port>(
    port: P,
    wake: &Notify,
    cfg: &SenderConfig,
    health: Arc<Health>,
    shutdown: &CancellationToken,
) {
    let (done_tx, done_rx) = mpsc::unbounded_channel::<Done>();
    let committed = Arc::new(Notify::new());
    let book = Arc::new(std::sync::Mutex::new(Book::default()));
    let writer = tokio::spawn(result_writer(
        port.clone(),
        done_rx,
        book.clone(),
        committed.clone(),
        health.clone(),
    ));
    let mut pacer = Pacer::new(cfg.pair_burst, cfg.timing.pair_refill);
    let mut scans = Scans::default();
    let cx = Cx {
        port: &port,
        cfg,
        book: &book,
        health: &health,
        done: &done_tx,
    };
    loop {
        let full = scans.full_at(port.mono(), &cfg.timing);
        let looked = dispatch(&cx, &mut pacer, full).await;
        let wait = after_look(&mut scans, looked, &cfg.timing);
        if !wait_next(wait, wake, &committed, shutdown).await {
            break;
        }
    }
    drop(done_tx);
    // let in-flight sends finish and their results land
    let _ = tokio::time::timeout(Duration::from_secs(10), writer).await;
}

/// How long to sleep after a look that came to `looked` (its planned sleep); after a
/// database error, the longest sleep, and the next look reads the whole queue.
fn after_look(
    scans: &mut Scans,
    looked: Result<Duration, StoreError>,
    t: &SenderTiming,
) -> Duration {
    match looked {
        Ok(w) => w,
        Err(e) => {
            tracing::warn!(error = %e, "outbox: cannot read the queue; trying again shortly");
            scans.failed();
            t.max_sleep.to_std()
        }
    }
}

/// Sleep until `wait` passes, new rows are committed (`wake`) or results were written
/// (`committed`), whichever is first. `false`: `shutdown` came, stop.
async fn wait_next(
    wait: Duration,
    wake: &Notify,
    committed: &Notify,
    shutdown: &CancellationToken,
) -> bool {
    tokio::select! {
        () = shutdown.cancelled() => false,
        () = wake.notified() => true,
        () = committed.notified() => true,
        () = tokio::time::sleep(wait) => true,
    }
}

/// What [`dispatch`] works with.
struct Cx<'a, P> {
    port: &'a P,
    cfg: &'a SenderConfig,
    book: &'a Arc<std::sync::Mutex<Book>>,
    health: &'a Arc<Health>,
    done: &'a mpsc::UnboundedSender<Done>,
}

fn poisoned() -> StoreError {
    StoreError::Invalid("outbox state poisoned".into())
}

/// Read what is new (or everything, on a full scan), plan ([`Book::plan`]), claim and
/// start the sends; returns how long to sleep at most.
async fn dispatch<P: Port>(
    cx: &Cx<'_, P>,
    pacer: &mut Pacer,
    full: bool,
) -> Result<Duration, StoreError> {
    let (port, cfg, book) = (cx.port, cx.cfg, cx.book);
    let held = cx.health.token_rejected();
    let (cursor, window_check) = book
        .lock()
        .map_err(|_| poisoned())?
        .begin_look(pacer, full, held);
    if window_check {
        fail_closed_windows(port, book, cfg.timing.give_up_after).await?;
    }
    let rows = port
        .pending(if full {
            Look::Fair {
                limit: cfg.batch * 5,
            }
        } else {
            Look::After {
                cursor,
                limit: cfg.batch,
            }
        })
        .await?;
    let now = port.mono();
    let plan = {
        let mut b = book.lock().map_err(|_| poisoned())?;
        b.absorb(rows, full, (port.wall(), now), &cfg.timing);
        b.plan(pacer, now, held, &cfg.timing)
    };
    for (recipient, batch) in claim(cx, plan.starts, now).await? {
        tokio::spawn(send_in_order(
            port.clone(),
            recipient,
            batch,
            RetryPolicy::new(cfg.retry_first, &cfg.timing),
            cx.done.clone(),
        ));
    }
    Ok(plan::sleep_for(plan.next_wake, now, &cfg.timing))
}

/// Claim what is about to be sent, under the lease's fence; [`Book::claimed`] keeps
/// what may go.
async fn claim<P: Port>(
    cx: &Cx<'_, P>,
    starts: Vec<Start>,
    now: i64,
) -> Result<Vec<Start>, StoreError> {
    if starts.is_empty() {
        return Ok(starts);
    }
    let ids: Vec<i64> = starts
        .iter()
        .flat_map(|(_, b)| b.iter().map(|r| r.id))
        .collect();
    let claimed = cx.port.claim(&ids, cx.port.wall()).await;
    let mut b = cx.book.lock().map_err(|_| poisoned())?;
    match claimed {
        Ok(got) => Ok(b.claimed(starts, &got, now, &cx.cfg.timing)),
        Err(e) => {
            b.unplan(starts);
            Err(e)
        }
    }
}

/// After a hold: fail the held replies whose customer's 24-hour window closed, and forget them.
async fn fail_closed_windows(
    port: &impl Port,
    book: &Arc<std::sync::Mutex<Book>>,
    window: Span,
) -> Result<(), StoreError> {
    let failed = port
        .fail_outside_window(port.wall(), window, WINDOW_CLOSED)
        .await?;
    if !failed.is_empty() {
        tracing::warn!(
            replies = failed.len(),
            "held replies not sent: the customer's 24-hour window closed while the token was rejected"
        );
    }
    if let Ok(mut b) = book.lock() {
        b.forget_failed(&failed);
    }
    Ok(())
}
