//! The single inbox writer: webhook handlers hand it what a delivery carried
//! and wait; it drains everything queued, writes it all in ONE transaction
//! (one fsync for many requests: group commit), and answers each handler only
//! once that commit is durable. Retried deliveries are no-ops (unique message id).

use std::sync::Arc;

use tokio::sync::{Notify, mpsc, oneshot};

use crate::health::Health;
use crate::store::inbox::{self, NewInbound, NewStatus};
use crate::store::{Db, StoreError};

/// Most requests folded into one commit.
const MAX_BATCH: usize = 512;

/// What one webhook delivery asks us to store.
#[derive(Debug, Default)]
pub struct Job {
    pub messages: Vec<NewInbound>,
    pub statuses: Vec<NewStatus>,
}

struct Pending {
    job: Job,
    received_at: i64,
    done: oneshot::Sender<Result<Stored, String>>,
}

/// How much of a delivery was new.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stored {
    pub new_messages: usize,
    pub duplicates: usize,
}

/// The handlers' side of the writer.
#[derive(Clone)]
pub struct Ingest {
    tx: mpsc::Sender<Pending>,
}

impl std::fmt::Debug for Ingest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ingest")
            .field("queued", &(self.tx.max_capacity() - self.tx.capacity()))
            .finish()
    }
}

impl Ingest {
    /// Store a delivery durably; returns once it is committed.
    pub async fn store(&self, job: Job, received_at: i64) -> Result<Stored, String> {
        let (done, rx) = oneshot::channel();
        self.tx
            .send(Pending {
                job,
                received_at,
                done,
            })
            .await
            .map_err(|_| "the inbox writer has stopped".to_string())?;
        rx.await
            .map_err(|_| "the inbox writer dropped the request".to_string())?
    }
}

/// Start the writer task; `wake` is notified after every commit that stored something new.
pub fn start(
    db: Db,
    wake: Arc<Notify>,
    health: Arc<Health>,
) -> (Ingest, tokio::task::JoinHandle<()>) {
    let (tx, rx) = mpsc::channel(4096);
    let handle = tokio::spawn(writer(db, rx, wake, health));
    (Ingest { tx }, handle)
}

async fn writer(db: Db, mut rx: mpsc::Receiver<Pending>, wake: Arc<Notify>, health: Arc<Health>) {
    let mut batch: Vec<Pending> = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = rx.recv().await {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(p) => batch.push(p),
                Err(_) => break,
            }
        }
        let mut stored_any = false;
        let started = std::time::Instant::now();
        let written = write(&db, &batch).await;
        tracing::debug!(
            requests = batch.len(),
            took_us = started.elapsed().as_micros(),
            "ingest batch"
        );
        match written {
            Ok(results) => {
                health.write_ok();
                for (p, r) in batch.drain(..).zip(results) {
                    stored_any |= r.new_messages > 0;
                    let _ = p.done.send(Ok(r));
                }
            }
            Err(e) if e.is_unavailable() || e.is_write_refused() => {
                health.write_failed(&e);
                // the database is away: each request on its own would wait as long again
                // (one pool timeout each), holding Meta's deliveries for minutes; answer
                // them all now so Meta retries
                tracing::error!(error = %e, batch = batch.len(), "cannot store webhook deliveries; Meta will retry them");
                for p in batch.drain(..) {
                    let _ = p.done.send(Err(e.to_string()));
                }
            }
            Err(e) => {
                // One bad request must not fail the others: retry each on its own.
                tracing::warn!(error = %e, batch = batch.len(), "inbox batch failed; retrying one by one");
                for p in batch.drain(..) {
                    let r = write(&db, std::slice::from_ref(&p))
                        .await
                        .map(|mut v| v.pop().unwrap_or_default());
                    if let Err(e) = &r {
                        tracing::error!(error = %e, "cannot store a webhook delivery; Meta will retry it");
                    }
                    stored_any |= r.as_ref().is_ok_and(|s| s.new_messages > 0);
                    let _ = p.done.send(r.map_err(|e| e.to_string()));
                }
            }
        }
        if stored_any {
            wake.notify_one();
        }
    }
}

async fn write(db: &Db, batch: &[Pending]) -> Result<Vec<Stored>, StoreError> {
    let mut tx = db.begin().await?;
    let messages: Vec<(&inbox::NewInbound, i64)> = batch
        .iter()
        .flat_map(|p| p.job.messages.iter().map(move |m| (m, p.received_at)))
        .collect();
    let new = inbox::insert_many(&mut tx.exec(), &messages).await?;
    let statuses: Vec<&inbox::NewStatus> =
        batch.iter().flat_map(|p| p.job.statuses.iter()).collect();
    inbox::record_statuses(&mut tx.exec(), &statuses).await?;
    tx.commit().await?;
    // one statement for all: the batch as a whole says how many were new
    let total = messages.len();
    let new = usize::try_from(new).unwrap_or(total);
    Ok(batch
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i == 0 {
                Stored {
                    new_messages: new,
                    duplicates: total - new,
                }
            } else {
                Stored {
                    new_messages: 0,
                    duplicates: p.job.messages.len(),
                }
            }
        })
        .collect())
}
