//! The sender's result writer: what each send came to, written back in batches (one
//! commit for many sends), then the rows and customers released in the sender's book. It
//! also tells `/healthz` and the board whether Meta accepts our access token.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, mpsc};

use super::plan::{self, Book};
use super::port::Port;
use super::send::Done;
use crate::health::Health;

/// Write results in batches; release rows and recipients once their result is durable.
pub(super) async fn result_writer(
    port: impl Port,
    mut rx: mpsc::UnboundedReceiver<Done>,
    book: Arc<std::sync::Mutex<Book>>,
    committed: Arc<Notify>,
    health: Arc<Health>,
) {
    let mut batch = Vec::new();
    while let Some(first) = rx.recv().await {
        batch.push(first);
        while batch.len() < 1024 {
            match rx.try_recv() {
                Ok(d) => batch.push(d),
                Err(_) => break,
            }
        }
        let started = std::time::Instant::now();
        loop {
            match port.record(&batch, port.wall()).await {
                Ok(()) => break,
                Err(e) => {
                    tracing::error!(error = %e, "outbox: cannot record send results; retrying");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
            }
        }
        tracing::debug!(
            results = batch.len(),
            took_us = started.elapsed().as_micros(),
            "outbox results"
        );
        // what Meta said about our token: a rejection holds the queue, any answer that got
        // past the token check ends the hold
        if let Some(rejected) = plan::token_verdict(&batch) {
            health.set_token_rejected(rejected);
        }
        let now = port.mono();
        if let Ok(mut b) = book.lock() {
            b.settle(std::mem::take(&mut batch), now);
        }
        batch.clear();
        committed.notify_one();
    }
}
