//! The sender's result writer: what each send came to, written back in batches (one
//! commit for many sends), then the rows and customers released in the sender's book. It
//! also tells `/healthz` and the board whether Meta accepts our access token.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, mpsc};

use super::mono_ms;
use super::plan::{self, Book};
use super::send::{Done, Outcome};
use crate::store::health::Health;
use crate::store::outbox;
use crate::store::{Db, StoreError};

/// Write results in batches; release rows and recipients once their result is durable.
pub(super) async fn result_writer(
    db: Db,
    mut rx: mpsc::UnboundedReceiver<Done>,
    book: Arc<std::sync::Mutex<Book>>,
    committed: Arc<Notify>,
    health: Arc<Health>,
    wall: fn() -> i64,
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
            match write_results(&db, &batch, wall()).await {
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
        let now = mono_ms();
        if let Ok(mut b) = book.lock() {
            b.settle(std::mem::take(&mut batch), now);
        }
        batch.clear();
        committed.notify_one();
    }
}

async fn write_results(db: &Db, batch: &[Done], now: i64) -> Result<(), StoreError> {
    // losing these marks in a power cut only resends the replies (at-least-once)
    let mut tx = db.begin_relaxed().await?;
    let sent: Vec<(i64, Option<String>)> = batch
        .iter()
        .filter_map(|d| match &d.outcome {
            Outcome::Sent { wa_message_id } => Some((d.id, wa_message_id.clone())),
            _ => None,
        })
        .collect();
    outbox::mark_sent_many(&mut tx.exec(), &sent, now).await?;
    for d in batch {
        match &d.outcome {
            Outcome::Sent { .. } => {}
            Outcome::Retry { delay, .. } if *delay < 0 => {}
            Outcome::Retry { code, error, delay } => {
                tracing::info!(outbox_id = d.id, code, error = %error, "send will be retried");
                // stored in wall-clock time for a restart; this process times it monotonically
                outbox::mark_retry(&mut tx.exec(), d.id, *code, error, now + delay).await?;
            }
            Outcome::Held { code, error } => {
                outbox::mark_retry(&mut tx.exec(), d.id, *code, error, now).await?;
            }
            Outcome::Failed { code, error } => {
                tracing::warn!(outbox_id = d.id, code, error = %error, "send failed for good");
                outbox::mark_failed(&mut tx.exec(), d.id, *code, error, now).await?;
            }
        }
    }
    tx.commit().await
}
