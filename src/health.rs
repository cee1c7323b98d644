//! The process's health, its memory of trouble (process state, not storage): set by whoever talks to the database or to Meta (the
//! webhook, the worker, the sender, the kitchen display, the file watcher), read by
//! `/healthz` and the kitchen display's status line: the database not answering or not
//! writing (a full disk), its file deleted or replaced under us, the WhatsApp token
//! rejected. Logs once per change, not per failure.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

use crate::domain::time::At;
use crate::store::StoreError;

/// The reason `/healthz` and the board give while Meta refuses our access token.
pub(crate) const TOKEN_REJECTED: &str = "WhatsApp token rejected";

/// Set by whoever talks to the database or to Meta; read by `/healthz` and the kitchen display.
#[derive(Debug, Default)]
pub struct Health {
    failing: AtomicBool,
    last_error: Mutex<Option<String>>,
    /// The last write was refused (disk full, read-only, I/O error); cleared by a write that works.
    write_error: Mutex<Option<String>>,
    /// Meta answered a send with an authentication error (code 190): replies are held.
    token_rejected: AtomicBool,
    /// The database file vanished or was replaced while we run (see `server::dbfile`).
    file_problem: Mutex<Option<String>>,
    /// When this process's inbox worker last finished a batch (unix ms; 0: never).
    worker_progress_at: AtomicI64,
}

fn set(slot: &Mutex<Option<String>>, v: Option<String>) -> Option<String> {
    slot.lock()
        .map_or(None, |mut l| std::mem::replace(&mut *l, v))
}

fn get(slot: &Mutex<Option<String>>) -> Option<String> {
    slot.lock().ok().and_then(|l| l.clone())
}

impl Health {
    /// The inbox worker of this process finished a batch at `now`.
    pub(crate) fn worker_progressed(&self, now: At) {
        self.worker_progress_at
            .fetch_max(now.as_millis(), Ordering::Relaxed);
    }

    /// When this process's inbox worker last finished a batch, if ever.
    pub(crate) fn worker_progressed_at(&self) -> Option<At> {
        Some(self.worker_progress_at.load(Ordering::Relaxed))
            .filter(|t| *t > 0)
            .map(At::from_millis)
    }

    pub(crate) fn db_ok(&self) {
        if self.failing.swap(false, Ordering::Relaxed) {
            tracing::info!("database answers again");
        }
    }

    pub(crate) fn db_failed(&self, e: &str) {
        if !self.failing.swap(true, Ordering::Relaxed) {
            tracing::error!(error = %e, "database trouble");
        }
        set(&self.last_error, Some(e.to_string()));
    }

    pub(crate) fn is_failing(&self) -> bool {
        self.failing.load(Ordering::Relaxed)
    }

    /// A write transaction committed.
    pub(crate) fn write_ok(&self) {
        if set(&self.write_error, None).is_some() {
            tracing::info!("the database accepts writes again");
        }
    }

    /// A write failed; only errors that say the database cannot write count (see
    /// [`StoreError::is_write_refused`]), not a single bad request.
    pub(crate) fn write_failed(&self, e: &StoreError) {
        if e.is_write_refused() && set(&self.write_error, Some(e.to_string())).is_none() {
            tracing::error!(error = %e, "the database cannot write (disk full?)");
        }
    }

    pub(crate) fn write_error(&self) -> Option<String> {
        get(&self.write_error)
    }

    /// What the last send said about our access token.
    pub(crate) fn set_token_rejected(&self, rejected: bool) {
        if self.token_rejected.swap(rejected, Ordering::Relaxed) != rejected {
            if rejected {
                tracing::error!("{TOKEN_REJECTED}: replies are held until a send succeeds");
            } else {
                tracing::info!("WhatsApp accepts our token again; sending the held replies");
            }
        }
    }

    pub(crate) fn token_rejected(&self) -> bool {
        self.token_rejected.load(Ordering::Relaxed)
    }

    /// The database file's trouble (`None`: it is where it was).
    pub(crate) fn set_file_problem(&self, p: Option<String>) {
        set(&self.file_problem, p);
    }

    pub(crate) fn file_problem(&self) -> Option<String> {
        get(&self.file_problem)
    }
}

/// Stored sessions this process found unreadable (see [`session_unreadable`]).
static UNREADABLE_SESSIONS: AtomicI64 = AtomicI64::new(0);

/// A customer's stored session could not be read: it was left as it is and their
/// message was not answered from an empty cart. Process-wide (whoever reads a
/// session has no `Health` at hand); `/healthz` reports the count.
pub(crate) fn session_unreadable() {
    UNREADABLE_SESSIONS.fetch_add(1, Ordering::Relaxed);
}

/// How many times this process found a stored session unreadable.
pub(crate) fn unreadable_sessions() -> i64 {
    UNREADABLE_SESSIONS.load(Ordering::Relaxed)
}
