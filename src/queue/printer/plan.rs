//! The printer task's decisions, synchronous over plain data: which pending job
//! goes first (the rest of a job a device took part of), whether a job is too old,
//! not due yet, or stuck and passed over, and after the printer refused a job how
//! long it waits and whether the next job is tried meanwhile. The async loop
//! around it ([`super::run`]) only reads the queue, renders, sends and writes the
//! outcome — so each decision is unit-tested without a database, a printer or a
//! clock.

use std::time::Duration;

use crate::domain::time::{At, Span};
use crate::store::print::PrintJob;

/// A failing job holds the later ones back for this many attempts in a row.
pub const HOLD_ATTEMPTS: i64 = 3;

/// How often a stuck job (the printer takes the others) is tried again.
pub const STUCK_PAUSE: Span = Span::minutes(1);

/// The printer task's timing. Tests shrink these instead of sleeping through them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrinterTiming {
    /// How often the queue is read when nothing waits.
    pub idle_poll: Span,
    /// The pause after the print queue could not be read.
    pub error_pause: Span,
    /// The first pause after a refusal; it doubles per attempt up to `retry_max`.
    pub retry_first: Span,
    pub retry_max: Span,
    /// How often a stuck job is tried again on its own.
    pub stuck_pause: Span,
    /// After a refusal that holds the others: how soon the queue is read again.
    pub after_refusal: Span,
    /// A failing job holds the later ones back for this many attempts in a row.
    pub hold_attempts: i64,
}

impl Default for PrinterTiming {
    fn default() -> PrinterTiming {
        PrinterTiming {
            idle_poll: Span::millis(300),
            error_pause: Span::seconds(1),
            retry_first: Span::seconds(1),
            retry_max: Span::seconds(10),
            stuck_pause: STUCK_PAUSE,
            after_refusal: Span::millis(50),
            hold_attempts: HOLD_ATTEMPTS,
        }
    }
}

/// What to do with the next pending job.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Next {
    /// Too old to print: mark it skipped with this reason.
    Skip(String),
    /// Stuck and not due: leave it and look at the next job.
    PassOver,
    /// Not due, and it holds the others: look again after this long.
    Wait(Duration),
    /// Send it to the printer.
    Print,
}

/// After the printer refused a job: when it is tried again, and what happens meanwhile.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Refused {
    /// The job is tried again this long after now.
    pub(super) pause: Span,
    /// Look at the next job now (`None`) or after this long.
    pub(super) wait: Option<Duration>,
}

/// The pending jobs in the order they are looked at: when a device is mid-document
/// (`partial` is its job), only that job, which must finish first. `None` as the
/// second value: the partial job is no longer pending and is forgotten.
pub(super) fn order_jobs(
    mut pending: Vec<PrintJob>,
    partial: Option<i64>,
) -> (Vec<PrintJob>, Option<i64>) {
    match partial {
        Some(id) => match pending.iter().position(|j| j.id == id) {
            Some(i) => (vec![pending.swap_remove(i)], Some(id)),
            None => (pending, None),
        },
        None => (pending, None),
    }
}

/// One pass over the pending jobs: what the printer has shown so far.
#[derive(Debug)]
pub(super) struct Round {
    timing: PrinterTiming,
    max_age: Span,
    /// The highest job id printed so far.
    newest_printed: i64,
    /// The job that failed while the printer has yet to show it takes others
    /// (its key, for the log when the next one prints).
    probing: Option<String>,
}

impl Round {
    pub(super) fn new(timing: PrinterTiming, max_age: Span, newest_printed: i64) -> Round {
        Round {
            timing,
            max_age,
            newest_printed,
            probing: None,
        }
    }

    /// A job that failed although the printer has since taken a later one.
    pub(super) fn stuck(&self, job: &PrintJob) -> bool {
        job.attempts > 0 && self.newest_printed > job.id
    }

    /// What to do with `job` at `now`.
    pub(super) fn next(&self, job: &PrintJob, now: At) -> Next {
        if now - job.created_at > self.max_age {
            return Next::Skip(format!(
                "not printed: still waiting for the printer {} minutes after it was queued",
                self.max_age.whole_minutes()
            ));
        }
        if job.next_attempt_at > now && self.probing.is_none() {
            if self.stuck(job) {
                return Next::PassOver;
            }
            return Next::Wait((job.next_attempt_at - now).to_std());
        }
        Next::Print
    }

    /// The printer took `job`. Returns the key of the job that failed before it,
    /// now known to be stuck on its own.
    pub(super) fn printed(&mut self, job: &PrintJob) -> Option<String> {
        self.newest_printed = self.newest_printed.max(job.id);
        self.probing.take()
    }

    /// The printer refused `job`; `partial` when a device holds part of it (it must
    /// finish before anything else, so nothing is tried past it).
    pub(super) fn refused(&mut self, job: &PrintJob, partial: bool) -> Refused {
        let t = &self.timing;
        if self.stuck(job) {
            return Refused {
                pause: t.stuck_pause,
                wait: None,
            };
        }
        let attempts = u32::try_from(job.attempts.clamp(0, 4)).unwrap_or(0);
        let pause = t.retry_first.doubled(attempts, t.retry_max);
        if self.probing.is_none() && !partial && job.attempts + 1 >= t.hold_attempts {
            // try the next job too: if the printer takes it, this one is stuck
            self.probing = Some(job.idem_key.clone());
            return Refused { pause, wait: None };
        }
        Refused {
            pause,
            wait: Some(t.after_refusal.to_std()),
        }
    }

    /// Nothing left to do: when to read the queue again.
    pub(super) fn idle(&self) -> Duration {
        self.timing.idle_poll.to_std()
    }
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
