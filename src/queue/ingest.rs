//! The single inbox writer: webhook handlers hand it what a delivery carried
//! and wait; it drains everything queued, writes it all in ONE transaction
//! (one fsync for many requests: group commit), and answers each handler only
//! once that commit is durable. Retried deliveries are no-ops (unique message id).
//!
//! While this process works the queues on SQLite, the writer takes the worker's turn (waiting
//! out a batch of the worker's own loop) and the same transaction also decides what it
//! stored
//! ([`worker::Worker::decide_in`]): the replies, the order on the board and the rows
//! marked done are durable with the messages, in one commit instead of two. Should
//! deciding fail, the transaction is rolled back and the messages are stored alone;
//! the worker's loop takes them, with its retries one by one.

use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::{Notify, mpsc, oneshot};

use crate::domain::time::At;
use crate::health::Health;
use crate::queue::worker;
use crate::store::inbox::{self, NewInbound, NewStatus};
use crate::store::{Db, StoreError, Tx};
use crate::whatsapp::inbound::InboundMessage;

/// Most requests folded into one commit.
const MAX_BATCH: usize = 512;

/// What one webhook delivery asks us to store.
#[derive(Debug, Default)]
pub struct Job {
    pub messages: Vec<NewInbound>,
    pub statuses: Vec<NewStatus>,
    /// The messages as the webhook decoded them, for the worker deciding them in the
    /// commit that stores them (read back from the inbox, they would be decoded again).
    pub(crate) decoded: Vec<InboundMessage>,
}

struct Pending {
    job: Job,
    received_at: At,
    done: oneshot::Sender<Result<Stored, String>>,
}

impl Job {
    /// A delivery's messages and statuses, none decoded beforehand (the worker decodes them
    /// from the stored text).
    pub fn new(messages: Vec<NewInbound>, statuses: Vec<NewStatus>) -> Job {
        Job {
            messages,
            statuses,
            decoded: Vec::new(),
        }
    }
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
    pub async fn store(&self, job: Job, received_at: At) -> Result<Stored, String> {
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

/// Start a writer task that only stores (no worker decides in its commits); `wake` is
/// notified after every commit that stored something new.
pub fn start(
    db: Db,
    wake: Arc<Notify>,
    health: Arc<Health>,
) -> (Ingest, tokio::task::JoinHandle<()>) {
    start_deciding(db, wake, health, worker::Slot::default())
}

/// Start the writer task; `worker` holds this process's worker while it works the queues,
/// and the writer then decides what it stores in the same commit (`wake` is notified only
/// for what it leaves undecided).
pub(crate) fn start_deciding(
    db: Db,
    wake: Arc<Notify>,
    health: Arc<Health>,
    worker: worker::Slot,
) -> (Ingest, tokio::task::JoinHandle<()>) {
    let (tx, rx) = mpsc::channel(4096);
    let handle = tokio::spawn(writer(db, rx, wake, health, worker));
    (Ingest { tx }, handle)
}

async fn writer(
    db: Db,
    mut rx: mpsc::Receiver<Pending>,
    wake: Arc<Notify>,
    health: Arc<Health>,
    worker: worker::Slot,
) {
    let mut batch: Vec<Pending> = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = rx.recv().await {
        batch.push(first);
        drain(&mut rx, &mut batch);
        let mut times = Times::default();
        // The writer connection is shared with the worker and the sender: waiting for it can
        // take longer than the commit itself. Whatever arrived meanwhile joins this commit
        // instead of waiting for the writer again after it.
        let mut at = std::time::Instant::now();
        // messages to store: the worker's turn first, as its loop takes it (then the writer)
        let deciding = match worker.get() {
            Some(w) if batch.iter().any(|p| !p.job.messages.is_empty()) => {
                let turn = w.turn.take().await;
                Some((w, turn))
            }
            _ => None,
        };
        times.turn_us = lap(&mut at);
        let begun = db.begin().await;
        times.begin_us = lap(&mut at);
        drain(&mut rx, &mut batch);
        let written = match begun {
            Ok(tx) => write_deciding(&db, tx, &batch, &mut times, deciding).await,
            Err(e) => Err(e),
        };
        // a slow batch says what it waited on: the writer connection (the worker's and the
        // sender's transactions share it), the statements, or the durable commit (its fsync,
        // and a WAL checkpoint when one falls due)
        tracing::debug!(
            requests = batch.len(),
            took_us = times.total_us(),
            turn_us = times.turn_us,
            begin_us = times.begin_us,
            insert_us = times.insert_us,
            decide_us = times.decide_us,
            commit_us = times.commit_us,
            "ingest batch"
        );
        if answer(&db, &health, &mut batch, written).await {
            wake.notify_one();
        }
    }
}

/// Answer each request of `batch` with what became of it; a batch that failed as a whole
/// is answered at once (the database is away) or stored again request by request. `true`
/// when something new was stored and left for the worker's loop.
async fn answer(
    db: &Db,
    health: &Health,
    batch: &mut Vec<Pending>,
    written: Result<(Vec<Stored>, Option<worker::DecidedIn>), StoreError>,
) -> bool {
    let mut stored_any = false;
    match written {
        Ok((results, decided)) => {
            health.write_ok();
            for (p, r) in batch.drain(..).zip(results) {
                stored_any |= r.new_messages > 0;
                let _ = p.done.send(Ok(r));
            }
            // the stored messages were answered in the same commit: the worker's loop
            // is woken only if some may be left
            if let Some(d) = decided {
                stored_any = false;
                d.committed();
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
                let r = write(db, std::slice::from_ref(&p))
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
    stored_any
}

/// Where one group commit's time went (microseconds), for the debug log.
#[derive(Debug, Default)]
struct Times {
    /// Waiting for the worker's turn (its loop in the middle of a batch).
    turn_us: u64,
    /// Waiting for the writer connection and its `BEGIN` (the requests that arrived
    /// meanwhile are in the batch).
    begin_us: u64,
    /// The inserts.
    insert_us: u64,
    /// Deciding what was stored ([`worker::Worker::decide_in`]), when this batch did.
    decide_us: u64,
    /// The `COMMIT`: the durable write and any checkpoint run inside it.
    commit_us: u64,
}

impl Times {
    fn total_us(&self) -> u64 {
        self.turn_us + self.begin_us + self.insert_us + self.decide_us + self.commit_us
    }
}

/// Microseconds since `*from`, which moves on to now.
fn lap(from: &mut std::time::Instant) -> u64 {
    let now = std::time::Instant::now();
    let us = u64::try_from(now.duration_since(*from).as_micros()).unwrap_or(u64::MAX);
    *from = now;
    us
}

/// Take what is queued, up to [`MAX_BATCH`] in all.
fn drain(rx: &mut mpsc::Receiver<Pending>, batch: &mut Vec<Pending>) {
    while batch.len() < MAX_BATCH {
        match rx.try_recv() {
            Ok(p) => batch.push(p),
            Err(_) => break,
        }
    }
}

/// Store `batch` in a transaction of its own (a request retried alone).
async fn write(db: &Db, batch: &[Pending]) -> Result<Vec<Stored>, StoreError> {
    let tx = db.begin().await?;
    write_in(tx, batch, &mut Times::default()).await
}

/// Store `batch` in `tx` and, with a worker and its turn, decide it there too, then
/// commit; a failure to decide rolls back and stores `batch` alone (the worker's loop
/// takes it).
async fn write_deciding(
    db: &Db,
    mut tx: Tx,
    batch: &[Pending],
    times: &mut Times,
    deciding: Option<(worker::Worker, worker::Held)>,
) -> Result<(Vec<Stored>, Option<worker::DecidedIn>), StoreError> {
    let mut at = std::time::Instant::now();
    let stored = insert(&mut tx, batch).await?;
    times.insert_us = lap(&mut at);
    let decided = match deciding {
        Some((w, turn)) if stored.iter().any(|s| s.new_messages > 0) => {
            let decoded: HashMap<&str, &InboundMessage> = batch
                .iter()
                .flat_map(|p| &p.job.decoded)
                .map(|m| (m.wa_message_id.as_str(), m))
                .collect();
            match w.decide_in(&mut tx.exec(), turn, &decoded).await {
                Ok(d) => d,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot decide the stored messages in their commit; storing them for the worker");
                    drop(tx);
                    let stored = write(db, batch).await?;
                    w.wake.notify_one();
                    return Ok((stored, None));
                }
            }
        }
        _ => None,
    };
    times.decide_us = lap(&mut at);
    tx.commit().await?;
    times.commit_us = lap(&mut at);
    Ok((stored, decided))
}

/// Store `batch` in `tx` and commit it.
async fn write_in(
    mut tx: Tx,
    batch: &[Pending],
    times: &mut Times,
) -> Result<Vec<Stored>, StoreError> {
    let mut at = std::time::Instant::now();
    let stored = insert(&mut tx, batch).await?;
    times.insert_us = lap(&mut at);
    tx.commit().await?;
    times.commit_us = lap(&mut at);
    Ok(stored)
}

/// The inserts of `batch` into `tx`; how much of each request was new.
async fn insert(tx: &mut Tx, batch: &[Pending]) -> Result<Vec<Stored>, StoreError> {
    let messages: Vec<(&inbox::NewInbound, At)> = batch
        .iter()
        .flat_map(|p| p.job.messages.iter().map(move |m| (m, p.received_at)))
        .collect();
    let new = inbox::insert_many(&mut tx.exec(), &messages).await?;
    let statuses: Vec<&inbox::NewStatus> =
        batch.iter().flat_map(|p| p.job.statuses.iter()).collect();
    inbox::record_statuses(&mut tx.exec(), &statuses).await?;
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::store::scratch::Scratch;

    /// A customer's text, sent now, as the webhook stores it.
    fn text(i: usize, body: &str) -> Job {
        let now = crate::clock::now().as_millis();
        let id = format!("wamid.SAID{i}");
        let payload = serde_json::json!({
            "from": "905551112233", "id": id, "timestamp": (now / 1000).to_string(),
            "type": "text", "text": {"body": body}
        });
        Job {
            messages: vec![NewInbound {
                wa_message_id: id,
                customer_phone: "905551112233".try_into().expect("a phone"),
                contact_name: None,
                kind: "text".into(),
                payload: payload.to_string(),
                sent_at: At::from_millis(now),
            }],
            statuses: vec![],
            decoded: vec![],
        }
    }

    /// A worker on `db` as the queues would give the inbox writer (its loop not running).
    fn worker_on(db: &Db) -> worker::Worker {
        worker::Worker {
            db: db.clone(),
            cfg: Arc::new(crate::config::Config::defaults()),
            bus: crate::events::Bus::new(),
            health: Arc::default(),
            wake: Arc::default(),
            outbox_wake: Arc::default(),
            fence: crate::store::lease::Fence::default(),
            poll: Duration::from_secs(60),
            error_pause: Duration::from_secs(60),
            turn: worker::Turn::default(),
        }
    }

    async fn count(db: &Db, sql: &'static str) -> i64 {
        let mut reader = db.read().await.expect("read");
        reader.exec().scalar(sql, vec![]).await.expect("count")
    }

    const PENDING: &str = "SELECT COUNT(*) FROM inbox WHERE state = 'pending'";
    const REPLIES: &str = "SELECT COUNT(*) FROM outbox";

    /// While this process works the queues, a stored message is answered by the commit that
    /// stores it: when the webhook's answer comes, the message is done and its replies are
    /// queued, though the worker's loop never ran; only its sender is woken.
    #[tokio::test]
    async fn a_stored_message_is_answered_in_the_commit_that_stores_it() {
        let scratch = Scratch::sqlite("ingest-decides").expect("a scratch database");
        let db = Db::connect(&scratch.url).await.expect("open");
        let slot = worker::Slot::default();
        let w = worker_on(&db);
        slot.set(Some(w.clone()));
        let (ingest, _writer) = start_deciding(db.clone(), w.wake.clone(), Arc::default(), slot);
        let stored = ingest
            .store(text(1, "merhaba"), At::from_millis(0))
            .await
            .expect("stored");
        assert_eq!(stored.new_messages, 1);
        assert_eq!(count(&db, PENDING).await, 0, "the message is done");
        assert!(count(&db, REPLIES).await >= 2, "a read receipt and a reply");
        let woken = |n: &Arc<Notify>| {
            let n = n.clone();
            async move {
                tokio::time::timeout(Duration::from_millis(50), n.notified())
                    .await
                    .is_ok()
            }
        };
        assert!(woken(&w.outbox_wake).await, "the sender is woken");
        assert!(
            !woken(&w.wake).await,
            "nothing is left for the worker's loop"
        );
    }

    /// While the worker's loop has its turn (in the middle of a batch), the writer waits for
    /// it, then decides what it stored in its own commit: the loop cannot keep the turn
    /// batch after batch and leave every message to a second commit.
    #[tokio::test]
    async fn a_writer_waiting_for_the_turn_decides_once_the_loop_lets_it_go() {
        let scratch = Scratch::sqlite("ingest-busy-worker").expect("a scratch database");
        let db = Db::connect(&scratch.url).await.expect("open");
        let slot = worker::Slot::default();
        let w = worker_on(&db);
        slot.set(Some(w.clone()));
        let (ingest, _writer) = start_deciding(db.clone(), w.wake.clone(), Arc::default(), slot);
        let turn = w.turn.take().await;
        let storing =
            tokio::spawn(async move { ingest.store(text(2, "merhaba"), At::from_millis(0)).await });
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(!storing.is_finished(), "the writer waits for the turn");
        assert_eq!(count(&db, PENDING).await, 0, "nothing stored meanwhile");
        drop(turn);
        storing.await.expect("task").expect("stored");
        assert_eq!(
            count(&db, PENDING).await,
            0,
            "decided in the writer's commit"
        );
        assert!(count(&db, REPLIES).await >= 2);
    }

    /// The writer's decision reads each message as the webhook decoded it, not from the
    /// stored text again: here the stored text is unreadable, yet the customer is answered
    /// (read back, such a message gets only its read receipt).
    #[tokio::test]
    async fn the_writer_decides_from_the_webhooks_decoding() {
        let scratch = Scratch::sqlite("ingest-decoded-once").expect("a scratch database");
        let db = Db::connect(&scratch.url).await.expect("open");
        let slot = worker::Slot::default();
        let w = worker_on(&db);
        slot.set(Some(w.clone()));
        let (ingest, _writer) = start_deciding(db.clone(), w.wake.clone(), Arc::default(), slot);
        let mut job = text(4, "merhaba");
        let decoded = crate::whatsapp::inbound::parse_message(&job.messages[0].payload, None)
            .expect("a readable message");
        job.messages[0].payload = "{}".into();
        job.decoded = vec![decoded];
        ingest.store(job, At::from_millis(0)).await.expect("stored");
        assert_eq!(count(&db, PENDING).await, 0);
        assert!(
            count(&db, REPLIES).await >= 2,
            "answered from the decoded message"
        );
    }

    /// Deciding that fails (here the outbox refuses every row) loses nothing: the
    /// transaction is rolled back, the message is stored alone and the worker's loop is
    /// woken to take it (with its own retries).
    #[tokio::test]
    async fn a_failure_to_decide_stores_the_message_alone() {
        let scratch = Scratch::sqlite("ingest-decide-fails").expect("a scratch database");
        let db = Db::connect(&scratch.url).await.expect("open");
        {
            let mut tx = db.begin().await.expect("begin");
            tx.exec()
                .execute(
                    "CREATE TRIGGER refuse_replies BEFORE INSERT ON outbox \
                     BEGIN SELECT RAISE(ABORT, 'refused'); END",
                    vec![],
                )
                .await
                .expect("trigger");
            tx.commit().await.expect("commit");
        }
        let slot = worker::Slot::default();
        let w = worker_on(&db);
        slot.set(Some(w.clone()));
        let (ingest, _writer) = start_deciding(db.clone(), w.wake.clone(), Arc::default(), slot);
        let stored = ingest
            .store(text(3, "merhaba"), At::from_millis(0))
            .await
            .expect("stored");
        assert_eq!(stored.new_messages, 1);
        assert_eq!(count(&db, PENDING).await, 1, "kept for the worker");
        assert_eq!(count(&db, REPLIES).await, 0);
        tokio::time::timeout(Duration::from_secs(1), w.wake.notified())
            .await
            .expect("the worker's loop is woken");
    }

    fn job(i: usize) -> Job {
        Job {
            messages: vec![NewInbound {
                wa_message_id: format!("wamid.JOIN{i}"),
                customer_phone: "905551112233".try_into().expect("a phone"),
                contact_name: None,
                kind: "text".into(),
                payload: "{}".into(),
                sent_at: At::from_millis(0),
            }],
            statuses: vec![],
            decoded: vec![],
        }
    }

    /// While the writer connection is held elsewhere (on SQLite the worker and the sender
    /// share the one connection), the inbox writer waits for it with the requests it had;
    /// those that arrive meanwhile go into that same commit, not into one more wait for the
    /// connection after it. A batch's first request carries the count of the whole batch.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn requests_arriving_while_the_writer_is_busy_join_the_commit_waiting_for_it() {
        let scratch = Scratch::sqlite("ingest-join").expect("a scratch database");
        let db = Db::connect(&scratch.url).await.expect("open");
        let (ingest, _writer) = start(db.clone(), Arc::default(), Arc::default());
        let held = db.begin().await.expect("hold the writer connection");
        let store = |i: usize| {
            let ingest = ingest.clone();
            tokio::spawn(async move { ingest.store(job(i), At::from_millis(0)).await })
        };
        let mut waiting = vec![store(0)];
        // the inbox writer has taken the first request and waits for the connection
        tokio::time::sleep(Duration::from_millis(300)).await;
        waiting.extend((1..8).map(store));
        tokio::time::sleep(Duration::from_millis(300)).await;
        drop(held);
        let mut stored = Vec::new();
        for w in waiting {
            stored.push(w.await.expect("task").expect("stored"));
        }
        let new: Vec<usize> = stored.iter().map(|s| s.new_messages).collect();
        assert_eq!(new.iter().sum::<usize>(), 8, "{new:?}");
        assert_eq!(new.iter().max(), Some(&8), "not one commit: {new:?}");
    }
}
