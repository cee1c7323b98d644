//! The sender's result writer: outcomes recorded in batches (one commit for
//! many sends), rows and customers released only once their result is durable.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, mpsc};

use super::Book;
use super::send::{Done, Outcome};
use crate::clock::now_ms;
use crate::store::outbox;
use crate::store::{Db, StoreError};

/// Write results in batches; release rows and recipients once their result is durable.
pub(super) async fn result_writer(
    db: Db,
    mut rx: mpsc::UnboundedReceiver<Done>,
    book: Arc<std::sync::Mutex<Book>>,
    committed: Arc<Notify>,
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
            match write_results(&db, &batch).await {
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
        if let Ok(mut b) = book.lock() {
            for d in batch.drain(..) {
                if let Some(mut row) = b.in_flight.remove(&d.id) {
                    if row.kind == "message" && !matches!(d.outcome, Outcome::Sent { .. }) {
                        b.refunds.push(row.recipient.clone());
                    }
                    match d.outcome {
                        Outcome::Sent { .. } | Outcome::Failed { .. } => {
                            b.recently_done.insert(d.id);
                        }
                        Outcome::Retry { at, .. } => {
                            if at >= 0 {
                                row.attempts += 1;
                                row.next_attempt_at = at;
                            }
                            b.queue.insert(d.id, row);
                        }
                    }
                }
                if d.last {
                    b.busy.remove(&d.recipient);
                }
            }
        }
        batch.clear();
        committed.notify_one();
    }
}

async fn write_results(db: &Db, batch: &[Done]) -> Result<(), StoreError> {
    let now = now_ms();
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
            Outcome::Retry { at, .. } if *at < 0 => {}
            Outcome::Retry { code, error, at } => {
                tracing::info!(outbox_id = d.id, code, error = %error, "send will be retried");
                outbox::mark_retry(&mut tx.exec(), d.id, *code, error, *at).await?;
            }
            Outcome::Failed { code, error } => {
                tracing::warn!(outbox_id = d.id, code, error = %error, "send failed for good");
                outbox::mark_failed(&mut tx.exec(), d.id, *code, error, now).await?;
            }
        }
    }
    tx.commit().await
}
