//! The printer task: works the print queue (`store::print`) in order, one job
//! at a time, and marks a job printed only after the printer took its bytes.
//!
//! - A printer that is off, refuses or stalls: the job stays pending with the
//!   error (the board's header then says "printer offline"), and is tried again
//!   with a growing pause (1 s, 2 s, … up to 10 s). Later jobs wait behind it,
//!   so slips come out in order when the printer is back.
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
    loop {
        let wait = match step(&db, &cfg).await {
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

/// Print what is due, in order; stop at the first job the printer did not take.
async fn step(db: &Db, cfg: &PrinterConfig) -> Result<Duration, StoreError> {
    let pending = jobs::pending(&mut db.read().await?.exec(), 20).await?;
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
            continue;
        }
        if job.next_attempt_at > now {
            return Ok(Duration::from_millis(
                u64::try_from(job.next_attempt_at - now).unwrap_or(0),
            ));
        }
        let Some(bytes) = render_job(db, cfg, &job).await? else {
            let mut tx = db.begin().await?;
            jobs::mark_skipped(&mut tx.exec(), job.id, "order not found", now).await?;
            tx.commit().await?;
            continue;
        };
        match cfg.target.send(&bytes, cfg.timeout).await {
            Ok(()) => {
                let mut tx = db.begin().await?;
                jobs::mark_printed(&mut tx.exec(), job.id, now_ms()).await?;
                tx.commit().await?;
                if job.attempts > 0 {
                    tracing::info!(key = %job.idem_key, "printer is back; printed");
                }
            }
            Err(e) => {
                if job.attempts == 0 {
                    tracing::warn!(key = %job.idem_key, error = %e, "printer offline; the job is kept");
                }
                let pause = 1_000_i64 << job.attempts.clamp(0, 4);
                let next = now_ms() + pause.min(10_000);
                let mut tx = db.begin().await?;
                jobs::mark_retry(&mut tx.exec(), job.id, &e, next).await?;
                tx.commit().await?;
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
