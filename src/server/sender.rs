//! The outbox sender: posts queued messages to the Graph API, in order per
//! customer, many customers at once, at Meta's pace, retrying what is
//! retryable and recording what is not. Results are written back in batches
//! (one commit for many sends).
//!
//! Delivery is at-least-once across a crash: a message sent in the moment
//! between Meta's answer and our commit is sent again after a restart.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, mpsc};
use tokio_util::sync::CancellationToken;

use super::pace::Pacer;
use crate::clock::now_ms;
use crate::store::outbox::{self, OutboxRow};
use crate::store::{Db, StoreError};
use crate::whatsapp::client::{GraphClient, SendError};

/// A message still failing this long after it was queued is given up on
/// (WhatsApp's customer-service window is 24 hours).
const GIVE_UP_AFTER_MS: i64 = 24 * 3_600_000;
/// Longest wait between two tries.
const MAX_BACKOFF_MS: i64 = 5 * 60_000;

/// What happened to one row.
#[derive(Debug)]
enum Outcome {
    Sent { wa_message_id: Option<String> },
    Retry { code: Option<i64>, error: String, at: i64 },
    Failed { code: Option<i64>, error: String },
}

struct Done {
    id: i64,
    recipient: String,
    outcome: Outcome,
    /// The last row of its customer's batch: the customer is free once it is written.
    last: bool,
}

/// Sender settings.
#[derive(Debug, Clone)]
pub struct SenderConfig {
    pub pair_burst: u32,
    /// Rows fetched per look at the outbox.
    pub batch: i64,
}

/// Run until `shutdown`; `wake` is rung when new rows are committed.
pub async fn run(db: Db, client: Arc<GraphClient>, wake: Arc<Notify>, cfg: SenderConfig, shutdown: CancellationToken) {
    let (done_tx, done_rx) = mpsc::unbounded_channel::<Done>();
    let committed = Arc::new(Notify::new());
    let state = Arc::new(std::sync::Mutex::new(InFlight::default()));
    let writer = tokio::spawn(result_writer(db.clone(), done_rx, state.clone(), committed.clone()));
    let mut pacer = Pacer::new(cfg.pair_burst, 6_000);
    loop {
        let wait = match dispatch(&db, &client, &cfg, &state, &mut pacer, &done_tx).await {
            Ok(w) => w,
            Err(e) => {
                tracing::warn!(error = %e, "outbox: cannot read the queue; trying again shortly");
                Duration::from_secs(1)
            }
        };
        tokio::select! {
            () = shutdown.cancelled() => break,
            () = wake.notified() => {}
            () = committed.notified() => {}
            () = tokio::time::sleep(wait) => {}
        }
    }
    drop(done_tx);
    // let in-flight sends finish and their results land
    let _ = tokio::time::timeout(Duration::from_secs(10), writer).await;
}

/// Rows and recipients whose send or result write is under way.
#[derive(Default)]
struct InFlight {
    rows: HashSet<i64>,
    recipients: HashSet<String>,
    /// Rows whose result was committed since the dispatcher last looked: a
    /// read that began before that commit still sees them pending, and must
    /// not send them again.
    recently_done: HashSet<i64>,
}

/// Start sends for every recipient with due rows; returns how long to sleep at most.
async fn dispatch(
    db: &Db,
    client: &Arc<GraphClient>,
    cfg: &SenderConfig,
    state: &Arc<std::sync::Mutex<InFlight>>,
    pacer: &mut Pacer,
    done: &mpsc::UnboundedSender<Done>,
) -> Result<Duration, StoreError> {
    if let Ok(mut st) = state.lock() {
        // commits from here on are recorded again; earlier ones are visible to the read below
        st.recently_done.clear();
    }
    let rows = outbox::pending_fair(&mut db.read().await?.exec(), cfg.batch).await?;
    let now = now_ms();
    let mut next_wake = now + 1_000;
    let mut per_recipient: HashMap<String, Vec<OutboxRow>> = HashMap::new();
    let mut blocked: HashSet<String> = HashSet::new();
    {
        let st = state.lock().map_err(|_| StoreError::Invalid("outbox state poisoned".into()))?;
        for r in rows {
            let busy = st.rows.contains(&r.id) || st.recently_done.contains(&r.id);
            if busy || st.recipients.contains(&r.recipient) || blocked.contains(&r.recipient) {
                continue;
            }
            if r.next_attempt_at > now {
                // keep this customer's order: later rows wait behind this one
                next_wake = next_wake.min(r.next_attempt_at);
                blocked.insert(r.recipient.clone());
                continue;
            }
            per_recipient.entry(r.recipient.clone()).or_default().push(r);
        }
    }
    for (recipient, rows) in per_recipient {
        let (batch, wait_until) = pacer.take(&recipient, rows, now);
        if let Some(t) = wait_until {
            next_wake = next_wake.min(t);
        }
        if batch.is_empty() {
            continue;
        }
        if let Ok(mut st) = state.lock() {
            st.recipients.insert(recipient.clone());
            st.rows.extend(batch.iter().map(|r| r.id));
        }
        tokio::spawn(send_in_order(client.clone(), recipient, batch, done.clone()));
    }
    Ok(Duration::from_millis(u64::try_from((next_wake - now).clamp(5, 1_000)).unwrap_or(1_000)))
}

/// Send one customer's rows one after another; stop at the first that must wait.
async fn send_in_order(client: Arc<GraphClient>, recipient: String, rows: Vec<OutboxRow>, done: mpsc::UnboundedSender<Done>) {
    let mut stop = false;
    let n = rows.len();
    for (i, row) in rows.into_iter().enumerate() {
        let last = i + 1 == n;
        let outcome = if stop {
            // not attempted: released untouched, to go after the one that must wait
            Outcome::Retry { code: None, error: String::new(), at: -1 }
        } else {
            send_one(&client, &row).await
        };
        stop = stop || !matches!(outcome, Outcome::Sent { .. });
        let _ = done.send(Done { id: row.id, recipient: recipient.clone(), outcome, last });
    }
}

async fn send_one(client: &GraphClient, row: &OutboxRow) -> Outcome {
    let mut body: serde_json::Value = match serde_json::from_str(&row.body) {
        Ok(b) => b,
        Err(e) => return Outcome::Failed { code: None, error: format!("stored body is not JSON: {e}") },
    };
    if row.kind == "message" {
        // lets a status webhook (and a test) tie Meta's receipts back to this row
        body["biz_opaque_callback_data"] = serde_json::Value::String(format!("ob:{}", row.id));
    }
    let now = now_ms();
    match client.send(&body).await {
        Ok(ok) => Outcome::Sent { wa_message_id: ok.wa_message_id },
        Err(SendError::Permanent { code, message }) => Outcome::Failed { code, error: message },
        Err(e) if now - row.created_at > GIVE_UP_AFTER_MS => {
            let code = match &e {
                SendError::Retry { code, .. } => *code,
                SendError::PairRateLimit { .. } => Some(131_056),
                SendError::Permanent { code, .. } => *code,
            };
            Outcome::Failed { code, error: format!("gave up after 24 h: {e}") }
        }
        Err(SendError::PairRateLimit { message }) => {
            // Meta: wait 4^X seconds for this customer only
            let wait = 4_i64.saturating_pow(u32::try_from(row.attempts.clamp(0, 6)).unwrap_or(6)) * 1_000;
            Outcome::Retry { code: Some(131_056), error: message, at: now + wait.min(MAX_BACKOFF_MS) }
        }
        Err(SendError::Retry { code, message }) => Outcome::Retry { code, error: message, at: now + backoff(row.attempts) },
    }
}

/// 1 s, 2 s, 4 s … capped at five minutes, with ±20 % jitter.
pub fn backoff(attempts: i64) -> i64 {
    let base = 1_000_i64.saturating_mul(1_i64 << attempts.clamp(0, 20)).min(MAX_BACKOFF_MS);
    let jitter = (base / 5).max(1);
    base - jitter + fastrand::i64(0..=2 * jitter)
}

/// Write results in batches; release rows and recipients once their result is durable.
async fn result_writer(db: Db, mut rx: mpsc::UnboundedReceiver<Done>, state: Arc<std::sync::Mutex<InFlight>>, committed: Arc<Notify>) {
    let mut batch = Vec::new();
    while let Some(first) = rx.recv().await {
        batch.push(first);
        while batch.len() < 1024 {
            match rx.try_recv() {
                Ok(d) => batch.push(d),
                Err(_) => break,
            }
        }
        loop {
            match write_results(&db, &batch).await {
                Ok(()) => break,
                Err(e) => {
                    tracing::error!(error = %e, "outbox: cannot record send results; retrying");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
            }
        }
        if let Ok(mut st) = state.lock() {
            for d in &batch {
                st.rows.remove(&d.id);
                st.recently_done.insert(d.id);
            }
            for d in batch.iter().filter(|d| d.last) {
                st.recipients.remove(&d.recipient);
            }
        }
        batch.clear();
        committed.notify_one();
    }
}

async fn write_results(db: &Db, batch: &[Done]) -> Result<(), StoreError> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    for d in batch {
        match &d.outcome {
            Outcome::Sent { wa_message_id } => outbox::mark_sent(&mut tx.exec(), d.id, wa_message_id.as_deref(), now).await?,
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
