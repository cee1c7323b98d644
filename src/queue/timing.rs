//! The queue's timing in one place: how often each background task looks again,
//! how long it pauses after a failure, and how retries back off. The wiring
//! (`app::serve`'s `start_shop`, via [`crate::server::start_all`]) passes the
//! production defaults; a test passes short ones instead of sleeping through them.

use std::time::Duration;

use super::printer::PrinterTiming;
use super::sender::SenderTiming;
pub use super::timer::TimedPauses;
use crate::domain::time::Span;

/// Every queue task's timing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timing {
    /// The outbox sender: token-hold probes, full scans, sleeps, pair pacing.
    pub sender: SenderTiming,
    /// The printer task: idle polling, retry backoff, stuck jobs.
    pub printer: PrinterTiming,
    /// The inbox worker: how often it looks for messages without a wake-up.
    pub worker_poll: Span,
    /// The inbox worker: the pause after a database error.
    pub worker_error_pause: Span,
    /// A process standing by tries to take the queue lease this often.
    pub lease_retry: Span,
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
            worker_poll: Span::seconds(1),
            worker_error_pause: Span::millis(500),
            lease_retry: Span::seconds(2),
            ahead: TimedPauses {
                max_sleep: Span::minutes(10),
                retry: Span::seconds(1),
            },
            counter: TimedPauses {
                max_sleep: Span::minutes(10),
                retry: Span::seconds(5),
            },
        }
    }
}

impl Timing {
    /// [`Timing::lease_retry`] as a duration.
    pub(crate) fn lease_retry(&self) -> Duration {
        self.lease_retry.to_std()
    }

    /// [`Timing::worker_poll`] as a duration.
    pub(crate) fn worker_poll(&self) -> Duration {
        self.worker_poll.to_std()
    }

    /// [`Timing::worker_error_pause`] as a duration.
    pub(crate) fn worker_error_pause(&self) -> Duration {
        self.worker_error_pause.to_std()
    }
}
