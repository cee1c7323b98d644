//! The process's memory of database trouble: set by whoever talks to the
//! database (the webhook, the worker, the kitchen display), read by `/healthz`
//! and the kitchen display's status line. Logs once per change, not per failure.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set by whoever talks to the database; read by `/healthz` and the kitchen display.
#[derive(Debug, Default)]
pub struct Health {
    failing: AtomicBool,
    last_error: Mutex<Option<String>>,
}

impl Health {
    pub fn db_ok(&self) {
        if self.failing.swap(false, Ordering::Relaxed) {
            tracing::info!("database answers again");
        }
    }

    pub fn db_failed(&self, e: &str) {
        if !self.failing.swap(true, Ordering::Relaxed) {
            tracing::error!(error = %e, "database trouble");
        }
        if let Ok(mut l) = self.last_error.lock() {
            *l = Some(e.to_string());
        }
    }

    pub fn is_failing(&self) -> bool {
        self.failing.load(Ordering::Relaxed)
    }
}
