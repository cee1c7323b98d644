//! What the sender's loop reads, claims, sends and records, behind one trait: [`Live`] is
//! the outbox in the database and the Graph API; the loop's tests put an in-memory outbox
//! and a scripted Graph API behind it, on tokio's paused clock, and drive the real loop.

use std::collections::HashSet;
use std::future::Future;
use std::sync::Arc;

use super::send::{Done, Outcome};
use crate::domain::time::{At, Span};
use crate::store::lease::Fence;
use crate::store::outbox::{self, OutboxRow};
use crate::store::{Db, StoreError};
use crate::whatsapp::client::{GraphClient, SendError, SendOk};

/// Which pending rows a look reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Look {
    /// Those queued after the cursor, oldest first, at most this many.
    After { cursor: i64, limit: i64 },
    /// All of the queue, fair between customers (one customer's paced backlog cannot fill
    /// it), at most this many.
    Fair { limit: i64 },
}

/// The sender's outside world. Cloned into the send tasks and the result writer, so its
/// futures are `Send`.
pub(super) trait Port: Clone + Send + Sync + 'static {
    /// The wall clock, which stored times are in.
    fn wall(&self) -> At;
    /// The monotonic clock (ms) that retry timing runs on.
    fn mono(&self) -> i64;
    /// Pending rows.
    fn pending(
        &self,
        look: Look,
    ) -> impl Future<Output = Result<Vec<OutboxRow>, StoreError>> + Send;
    /// Claim `ids` for this sender (under the lease's fence); the ids it may send.
    fn claim(
        &self,
        ids: &[i64],
        wall_now: At,
    ) -> impl Future<Output = Result<HashSet<i64>, StoreError>> + Send;
    /// Fail the pending replies whose customer's last message is older than `window`, with
    /// `reason`; their ids.
    fn fail_outside_window(
        &self,
        wall_now: At,
        window: Span,
        reason: &str,
    ) -> impl Future<Output = Result<Vec<i64>, StoreError>> + Send;
    /// Post one Graph API request.
    fn send(
        &self,
        body: &serde_json::Value,
    ) -> impl Future<Output = Result<SendOk, SendError>> + Send;
    /// Write what a batch of sends came to, in one commit.
    fn record(
        &self,
        batch: &[Done],
        wall_now: At,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// The outbox in the database and the Graph API.
#[derive(Clone)]
pub(super) struct Live {
    pub(super) db: Db,
    pub(super) client: Arc<GraphClient>,
    pub(super) fence: Fence,
    pub(super) wall: fn() -> At,
}

impl Port for Live {
    fn wall(&self) -> At {
        (self.wall)()
    }

    fn mono(&self) -> i64 {
        super::mono_ms()
    }

    async fn pending(&self, look: Look) -> Result<Vec<OutboxRow>, StoreError> {
        let mut reader = self.db.read().await?;
        match look {
            Look::After { cursor, limit } => {
                outbox::pending_after(&mut reader.exec(), cursor, limit).await
            }
            Look::Fair { limit } => outbox::pending_fair(&mut reader.exec(), limit).await,
        }
    }

    async fn claim(&self, ids: &[i64], wall_now: At) -> Result<HashSet<i64>, StoreError> {
        let mut tx = self.db.begin_relaxed().await?;
        self.fence.check(&mut tx.exec()).await?;
        let got = outbox::claim(&mut tx.exec(), ids, &self.fence.token, wall_now).await?;
        tx.commit().await?;
        Ok(got.into_iter().collect())
    }

    async fn fail_outside_window(
        &self,
        wall_now: At,
        window: Span,
        reason: &str,
    ) -> Result<Vec<i64>, StoreError> {
        let mut tx = self.db.begin().await?;
        let failed = outbox::fail_outside_window(&mut tx.exec(), wall_now, window, reason).await?;
        tx.commit().await?;
        Ok(failed)
    }

    async fn send(&self, body: &serde_json::Value) -> Result<SendOk, SendError> {
        self.client.send(body).await
    }

    async fn record(&self, batch: &[Done], now: At) -> Result<(), StoreError> {
        // losing these marks in a power cut only resends the replies (at-least-once)
        let mut tx = self.db.begin_relaxed().await?;
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
                Outcome::Retry { delay, .. } if *delay < Span::ZERO => {}
                Outcome::Retry { code, error, delay } => {
                    tracing::info!(outbox_id = d.id, code, error = %error, "send will be retried");
                    // stored in wall-clock time for a restart; this process times it monotonically
                    outbox::mark_retry(&mut tx.exec(), d.id, *code, error, now + *delay).await?;
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
}
