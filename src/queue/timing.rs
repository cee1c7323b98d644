//! The queue's timing in one place: how often each background task looks again,
//! how long it pauses after a failure, and how retries back off. The wiring
//! (`app::serve`'s `start_shop`, via [`crate::server::start_all`]) passes the
//! production defaults; a test passes short ones instead of sleeping through them.

use std::time::Duration;

use super::printer::PrinterTiming;
use super::sender::SenderTiming;
pub use super::timer::TimedPauses;

/// Every queue task's timing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timing {
    /// The outbox sender: token-hold probes, full scans, sleeps, pair pacing.
    pub sender: SenderTiming,
    /// The printer task: idle polling, retry backoff, stuck jobs.
    pub printer: PrinterTiming,
    /// The inbox worker: how often it looks for messages without a wake-up.
    pub worker_poll_ms: i64,
    /// The inbox worker: the pause after a database error.
    pub worker_error_pause_ms: i64,
    /// A process standing by tries to take the queue lease this often.
    pub lease_retry_ms: i64,
    /// The release of orders placed ahead.
    pub ahead: TimedPauses,
    /// The counter's pickup reminders.
    pub counter: TimedPauses,
}

impl Default for Timing {
    fn default() -> Timing {
        Timing {
            sender: SenderTiming::default(),
            printer: PrinterTiming::default(),
            worker_poll_ms: 1_000,
            worker_error_pause_ms: 500,
            lease_retry_ms: 2_000,
            ahead: TimedPauses {
                max_sleep_ms: 600_000,
                retry_ms: 1_000,
            },
            counter: TimedPauses {
                max_sleep_ms: 600_000,
                retry_ms: 5_000,
            },
        }
    }
}

impl Timing {
    /// [`Timing::lease_retry_ms`] as a duration.
    pub fn lease_retry(&self) -> Duration {
        millis(self.lease_retry_ms)
    }

    /// [`Timing::worker_poll_ms`] as a duration.
    pub fn worker_poll(&self) -> Duration {
        millis(self.worker_poll_ms)
    }

    /// [`Timing::worker_error_pause_ms`] as a duration.
    pub fn worker_error_pause(&self) -> Duration {
        millis(self.worker_error_pause_ms)
    }
}

/// Milliseconds as a duration; negative is zero.
fn millis(ms: i64) -> Duration {
    Duration::from_millis(u64::try_from(ms).unwrap_or(0))
}
