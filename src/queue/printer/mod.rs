//! The printer task: works the print queue (`store::print`) in order, one job
//! at a time, and marks a job printed only after the printer took its bytes
//! (`print::deliver` says what "took" means for a network printer and a device).
//!
//! - A printer that is off, refuses or stalls: the job stays pending with the
//!   error (the board's header then says "printer offline"), and is tried again
//!   with a growing pause (1 s, 2 s, … up to 10 s). Later jobs wait behind it,
//!   so tickets and slips come out in order when the printer is back.
//! - One stuck job does not hold the others for ever: after a job has failed
//!   `plan::HOLD_ATTEMPTS` times in a row, the next job is tried too. If the printer
//!   takes it, the failing job is stuck on its own (the board names it): it is
//!   tried again every `plan::STUCK_PAUSE` and the others go ahead. If the
//!   printer does not take that one either, the printer is at fault and the
//!   first job keeps its place.
//! - A device that took part of a job before it stalled gets only the rest
//!   next time, before anything else (it is mid-document).
//! - No flood of old slips: a job still pending [`PrinterConfig::max_age`]
//!   after it was queued is marked `skipped` with the reason, not printed; it
//!   stays in the table (nothing is lost silently) and can be reprinted from
//!   the board.
//! - At least once: a crash between the printer taking the bytes and the commit
//!   of `printed` prints that one job again after a restart.

#[cfg(test)]
mod loop_tests;
mod plan;

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::clock;
use crate::domain::time::{At, Span};
use crate::print::render::{self, Layout};
use crate::print::{NotTaken, Target};
use crate::store::print::{self as jobs, Kind, PrintJob};
use crate::store::{Db, StoreError, orders};
pub use plan::PrinterTiming;
use plan::{Next, Round};

/// Printer task settings.
#[derive(Debug, Clone)]
pub struct PrinterConfig {
    pub target: Target,
    /// Jobs older than this when the printer could take them are skipped.
    pub max_age: Span,
    pub layout: Layout,
    /// How long a printer may take to accept a job.
    pub timeout: Duration,
    /// Polling and retry pauses.
    pub timing: PrinterTiming,
}

/// Run until `shutdown`.
pub async fn run(db: Db, cfg: PrinterConfig, shutdown: CancellationToken) {
    tracing::info!(printer = %cfg.target.url(), "printing to");
    let (timing, max_age) = (cfg.timing.clone(), cfg.max_age);
    drive(&mut Live { db, cfg }, &timing, max_age, &shutdown).await;
}

/// What the loop reads, renders, sends and records: [`Live`] is the print queue in the
/// database and the real printer; a test's is in memory, on tokio's paused clock.
pub(super) trait Port {
    /// The wall clock, which the jobs' times are in.
    fn now(&self) -> At;
    /// Pending jobs in queue order, and the id of the newest job printed.
    async fn pending(&mut self) -> Result<(Vec<PrintJob>, i64), StoreError>;
    /// The job's bytes; `None` when its order is gone.
    async fn render(&mut self, job: &PrintJob) -> Result<Option<Vec<u8>>, StoreError>;
    /// Hand bytes to the printer.
    async fn send(&mut self, bytes: &[u8]) -> Result<(), NotTaken>;
    async fn printed(&mut self, job: &PrintJob, now: At) -> Result<(), StoreError>;
    async fn retry(&mut self, job: &PrintJob, error: &str, at: At) -> Result<(), StoreError>;
    async fn skipped(&mut self, job: &PrintJob, reason: &str, now: At) -> Result<(), StoreError>;
}

/// The loop: a step, then the wait it asked for (the error pause when the queue could
/// not be read), until `shutdown`.
async fn drive(
    port: &mut impl Port,
    timing: &PrinterTiming,
    max_age: Span,
    shutdown: &CancellationToken,
) {
    let mut partial = None;
    loop {
        let wait = match step(port, timing, max_age, &mut partial).await {
            Ok(w) => w,
            Err(e) => {
                tracing::warn!(error = %e, "printer: cannot read the print queue; trying again shortly");
                timing.error_pause.to_std()
            }
        };
        tokio::select! {
            () = shutdown.cancelled() => break,
            () = tokio::time::sleep(wait) => {}
        }
    }
}

/// A job a device took part of: what it was sent and how much it took.
struct Partial {
    job_id: i64,
    bytes: Vec<u8>,
    written: usize,
}

/// Print what is due, in order (see the module comment for who waits for whom;
/// [`plan`] decides). Returns how long to wait before the next step.
async fn step(
    port: &mut impl Port,
    timing: &PrinterTiming,
    max_age: Span,
    partial: &mut Option<Partial>,
) -> Result<Duration, StoreError> {
    let (pending, newest_printed) = port.pending().await?;
    let (pending, mid_document) = plan::order_jobs(pending, partial.as_ref().map(|p| p.job_id));
    if mid_document.is_none() {
        *partial = None;
    }
    let mut round = Round::new(timing.clone(), max_age, newest_printed);
    for job in pending {
        let now = port.now();
        match round.next(&job, now) {
            Next::Skip(reason) => {
                tracing::warn!(key = %job.idem_key, "{reason}");
                port.skipped(&job, &reason, now).await?;
                if partial.as_ref().is_some_and(|p| p.job_id == job.id) {
                    *partial = None;
                }
                continue;
            }
            Next::PassOver => continue,
            Next::Wait(d) => return Ok(d),
            Next::Print => {}
        }
        let (bytes, already) = match partial.take() {
            Some(p) if p.job_id == job.id => (p.bytes, p.written),
            _ => match port.render(&job).await? {
                Some(b) => (b, 0),
                None => {
                    port.skipped(&job, "order not found", now).await?;
                    continue;
                }
            },
        };
        match port.send(&bytes[already..]).await {
            Ok(()) => printed(port, &mut round, &job).await?,
            Err(e) => {
                if let Some(wait) =
                    refused(port, &mut round, &job, e, (bytes, already), partial).await?
                {
                    return Ok(wait);
                }
            }
        }
    }
    Ok(round.idle())
}

/// The printer refused `job` after taking `sent.1` bytes of `sent.0` before this try:
/// keep what a device took, schedule the retry. Returns how long to wait when the
/// later jobs wait behind this one.
async fn refused(
    port: &mut impl Port,
    round: &mut Round,
    job: &PrintJob,
    e: NotTaken,
    (bytes, already): (Vec<u8>, usize),
    partial: &mut Option<Partial>,
) -> Result<Option<Duration>, StoreError> {
    // what the device took before, plus what it took now: a try that took nothing while
    // the device is still stalled must keep the part taken earlier, or the next try
    // would send the whole job again and print that part twice
    let written = already + e.written;
    if written > 0 {
        *partial = Some(Partial {
            job_id: job.id,
            written,
            bytes,
        });
    }
    if job.attempts == 0 {
        tracing::warn!(key = %job.idem_key, error = %e.error, "printer offline; the job is kept");
    }
    let r = round.refused(job, partial.is_some());
    let at = port.now() + r.pause;
    port.retry(job, &e.error, at).await?;
    Ok(r.wait)
}

/// The printer took `job`: mark it printed and say what that shows.
async fn printed(
    port: &mut impl Port,
    round: &mut Round,
    job: &PrintJob,
) -> Result<(), StoreError> {
    let now = port.now();
    port.printed(job, now).await?;
    if let Some(held) = round.printed(job) {
        tracing::warn!(
            key = %held,
            "print job stuck: the printer took the next one; it is tried again on its own and the others go ahead"
        );
    }
    if job.attempts > 0 {
        tracing::info!(key = %job.idem_key, "printer is back; printed");
    }
    Ok(())
}

/// The print queue in the database and the configured printer.
struct Live {
    db: Db,
    cfg: PrinterConfig,
}

impl Port for Live {
    fn now(&self) -> At {
        clock::now()
    }

    async fn pending(&mut self) -> Result<(Vec<PrintJob>, i64), StoreError> {
        let mut reader = self.db.read().await?;
        let pending = jobs::pending(&mut reader.exec(), 20).await?;
        Ok((pending, jobs::newest_printed(&mut reader.exec()).await?))
    }

    async fn render(&mut self, job: &PrintJob) -> Result<Option<Vec<u8>>, StoreError> {
        let Some((order, _)) =
            orders::by_number(&mut self.db.read().await?.exec(), job.order_number).await?
        else {
            return Ok(None);
        };
        let reprint = job.idem_key.contains(":reprint:");
        Ok(Some(match Kind::parse(&job.kind) {
            Some(Kind::Slip) => render::slip(&order, &self.cfg.layout),
            _ => render::ticket(&order, &self.cfg.layout, reprint),
        }))
    }

    async fn send(&mut self, bytes: &[u8]) -> Result<(), NotTaken> {
        self.cfg.target.send(bytes, self.cfg.timeout).await
    }

    async fn printed(&mut self, job: &PrintJob, now: At) -> Result<(), StoreError> {
        let mut tx = self.db.begin().await?;
        jobs::mark_printed(&mut tx.exec(), job.id, now).await?;
        tx.commit().await
    }

    async fn retry(&mut self, job: &PrintJob, error: &str, at: At) -> Result<(), StoreError> {
        let mut tx = self.db.begin().await?;
        jobs::mark_retry(&mut tx.exec(), job.id, error, at).await?;
        tx.commit().await
    }

    async fn skipped(&mut self, job: &PrintJob, reason: &str, now: At) -> Result<(), StoreError> {
        let mut tx = self.db.begin().await?;
        jobs::mark_skipped(&mut tx.exec(), job.id, reason, now).await?;
        tx.commit().await
    }
}
