//! The printer task: works the print queue (`store::print`) in order, one job
//! at a time, and marks a job printed only after the printer took its bytes
//! (`print::deliver` says what "took" means for a network printer and a device).
//!
//! - A printer that is off, refuses or stalls: the job stays pending with the
//!   error (the board's header then says "printer offline"), and is tried again
//!   with a growing pause (1 s, 2 s, … up to 10 s). Later jobs wait behind it,
//!   so tickets and slips come out in order when the printer is back.
//! - One stuck job does not hold the others for ever: after a job has failed
//!   [`HOLD_ATTEMPTS`] times in a row, the next job is tried too. If the printer
//!   takes it, the failing job is stuck on its own (the board names it): it is
//!   tried again every [`STUCK_PAUSE_MS`] and the others go ahead. If the
//!   printer does not take that one either, the printer is at fault and the
//!   first job keeps its place.
//! - A device that took part of a job before it stalled gets only the rest
//!   next time, before anything else (it is mid-document).
//! - No flood of old slips: a job still pending [`PrinterConfig::max_age_ms`]
//!   after it was queued is marked `skipped` with the reason, not printed; it
//!   stays in the table (nothing is lost silently) and can be reprinted from
//!   the board.
//! - At least once: a crash between the printer taking the bytes and the commit
//!   of `printed` prints that one job again after a restart.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::clock::now_ms;
use crate::print::Target;
use crate::print::render::{self, Layout};
use crate::store::print::{self as jobs, Kind, PrintJob};
use crate::store::{Db, StoreError, orders};

/// Printer task settings.
#[derive(Debug, Clone)]
pub struct PrinterConfig {
    pub target: Target,
    /// Jobs older than this when the printer could take them are skipped.
    pub max_age_ms: i64,
    pub layout: Layout,
    /// How long a printer may take to accept a job.
    pub timeout: Duration,
}

/// Run until `shutdown`.
pub async fn run(db: Db, cfg: PrinterConfig, shutdown: CancellationToken) {
    tracing::info!(printer = %cfg.target.url(), "printing to");
    let mut partial = None;
    loop {
        let wait = match step(&db, &cfg, &mut partial).await {
            Ok(w) => w,
            Err(e) => {
                tracing::warn!(error = %e, "printer: cannot read the print queue; trying again shortly");
                Duration::from_secs(1)
            }
        };
        tokio::select! {
            () = shutdown.cancelled() => break,
            () = tokio::time::sleep(wait) => {}
        }
    }
}

/// How often the queue is read when nothing waits.
const IDLE_POLL: Duration = Duration::from_millis(300);

/// A failing job holds the later ones back for this many attempts in a row.
pub const HOLD_ATTEMPTS: i64 = 3;

/// How often a stuck job (the printer takes the others) is tried again.
pub const STUCK_PAUSE_MS: i64 = 60_000;

/// A job a device took part of: what it was sent and how much it took.
struct Partial {
    job_id: i64,
    bytes: Vec<u8>,
    written: usize,
}

/// Print what is due, in order (see the module comment for who waits for whom).
async fn step(
    db: &Db,
    cfg: &PrinterConfig,
    partial: &mut Option<Partial>,
) -> Result<Duration, StoreError> {
    let (mut pending, mut newest_printed) = {
        let mut c = db.read().await?;
        let pending = jobs::pending(&mut c.exec(), 20).await?;
        (pending, jobs::newest_printed(&mut c.exec()).await?)
    };
    if let Some(p) = partial.as_ref() {
        // a device mid-document: the rest of that job goes before anything else
        match pending.iter().position(|j| j.id == p.job_id) {
            Some(i) => pending = vec![pending.swap_remove(i)],
            None => *partial = None,
        }
    }
    // the previous job failed and the printer has yet to show it takes others
    let mut probing: Option<PrintJob> = None;
    for job in pending {
        let now = now_ms();
        if now - job.created_at > cfg.max_age_ms {
            let reason = format!(
                "not printed: still waiting for the printer {} minutes after it was queued",
                cfg.max_age_ms / 60_000
            );
            tracing::warn!(key = %job.idem_key, "{reason}");
            let mut tx = db.begin().await?;
            jobs::mark_skipped(&mut tx.exec(), job.id, &reason, now).await?;
            tx.commit().await?;
            if partial.as_ref().is_some_and(|p| p.job_id == job.id) {
                *partial = None;
            }
            continue;
        }
        // a job that failed although the printer has since taken a later one
        let stuck = job.attempts > 0 && newest_printed > job.id;
        if job.next_attempt_at > now && probing.is_none() {
            if stuck {
                continue;
            }
            return Ok(Duration::from_millis(
                u64::try_from(job.next_attempt_at - now).unwrap_or(0),
            ));
        }
        let (bytes, already) = match partial.take() {
            Some(p) if p.job_id == job.id => (p.bytes, p.written),
            _ => match render_job(db, cfg, &job).await? {
                Some(b) => (b, 0),
                None => {
                    let mut tx = db.begin().await?;
                    jobs::mark_skipped(&mut tx.exec(), job.id, "order not found", now).await?;
                    tx.commit().await?;
                    continue;
                }
            },
        };
        match cfg.target.send(&bytes[already..], cfg.timeout).await {
            Ok(()) => {
                let mut tx = db.begin().await?;
                jobs::mark_printed(&mut tx.exec(), job.id, now_ms()).await?;
                tx.commit().await?;
                newest_printed = newest_printed.max(job.id);
                if let Some(held) = probing.take() {
                    tracing::warn!(
                        key = %held.idem_key,
                        "print job stuck: the printer took the next one; it is tried again on its own and the others go ahead"
                    );
                }
                if job.attempts > 0 {
                    tracing::info!(key = %job.idem_key, "printer is back; printed");
                }
            }
            Err(e) => {
                if e.written > 0 {
                    *partial = Some(Partial {
                        job_id: job.id,
                        written: already + e.written,
                        bytes,
                    });
                }
                if job.attempts == 0 {
                    tracing::warn!(key = %job.idem_key, error = %e.error, "printer offline; the job is kept");
                }
                let pause = if stuck {
                    STUCK_PAUSE_MS
                } else {
                    (1_000_i64 << job.attempts.clamp(0, 4)).min(10_000)
                };
                let mut tx = db.begin().await?;
                jobs::mark_retry(&mut tx.exec(), job.id, &e.error, now_ms() + pause).await?;
                tx.commit().await?;
                if stuck {
                    continue;
                }
                if probing.is_none() && partial.is_none() && job.attempts + 1 >= HOLD_ATTEMPTS {
                    probing = Some(job);
                    continue;
                }
                return Ok(Duration::from_millis(50));
            }
        }
    }
    Ok(IDLE_POLL)
}

async fn render_job(
    db: &Db,
    cfg: &PrinterConfig,
    job: &PrintJob,
) -> Result<Option<Vec<u8>>, StoreError> {
    let Some((order, _)) =
        orders::by_number(&mut db.read().await?.exec(), job.order_number).await?
    else {
        return Ok(None);
    };
    let reprint = job.idem_key.contains(":reprint:");
    Ok(Some(match Kind::parse(&job.kind) {
        Some(Kind::Slip) => render::slip(&order, &cfg.layout),
        _ => render::ticket(&order, &cfg.layout, reprint),
    }))
}
