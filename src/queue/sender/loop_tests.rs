//! The sender's real loop ([`drive`]: [`dispatch`], [`claim`], the send tasks and the
//! result writer) on tokio's paused clock, over an in-memory outbox and a scripted Graph
//! API ([`Port`]) in place of the database and the network. The clock only moves when the
//! loop waits, so "not before its backoff ran out" and "one probe per interval" are
//! proved without sleeping through them.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use super::plan::tests::row;
use super::send::Outcome;
use super::*;
use crate::queue::paused_clock::{after, settle};
use crate::store::outbox::OutboxRow;
use crate::whatsapp::client::{SendError, SendOk};

/// Every try: the row and the paused clock's milliseconds when it was sent.
type Tries = Arc<Mutex<Vec<(i64, i64)>>>;
/// A row tried this often is a loop gone wild (no test here expects more than a few dozen).
const RUNAWAY: usize = 500;
/// What the scripted Graph API answers to a row's `n`th try (from 0).
type Answer = fn(i64, usize) -> Result<SendOk, SendError>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Pending,
    Sent,
    Failed,
}

/// The outbox table, the Graph API and both clocks (the paused clock's milliseconds since
/// the start), in memory.
#[derive(Clone)]
struct Fake {
    origin: tokio::time::Instant,
    outbox: Arc<Mutex<Vec<(OutboxRow, State)>>>,
    answer: Answer,
    tries: Tries,
    /// What became of each row, by id, as the result writer recorded it.
    outcomes: Arc<Mutex<Vec<(i64, &'static str)>>>,
}

impl Fake {
    fn pending_rows(&self) -> Vec<OutboxRow> {
        let outbox = self.outbox.lock().expect("outbox");
        let mut rows: Vec<OutboxRow> = outbox
            .iter()
            .filter(|(_, s)| *s == State::Pending)
            .map(|(r, _)| r.clone())
            .collect();
        rows.sort_by_key(|r| r.id);
        rows
    }

    fn row_mut(&self, id: i64, f: impl FnOnce(&mut OutboxRow, &mut State)) {
        let mut outbox = self.outbox.lock().expect("outbox");
        if let Some((r, s)) = outbox
            .iter_mut()
            .find(|(r, s)| r.id == id && *s == State::Pending)
        {
            f(r, s);
        }
    }
}

impl Port for Fake {
    fn wall(&self) -> At {
        At::from_millis(self.mono())
    }

    fn mono(&self) -> i64 {
        i64::try_from(self.origin.elapsed().as_millis()).expect("ms")
    }

    async fn pending(&self, look: Look) -> Result<Vec<OutboxRow>, StoreError> {
        let rows = self.pending_rows().into_iter();
        Ok(match look {
            Look::After { cursor, limit } => rows
                .filter(|r| r.id > cursor)
                .take(usize::try_from(limit).expect("limit"))
                .collect(),
            Look::Fair { limit } => rows.take(usize::try_from(limit).expect("limit")).collect(),
        })
    }

    async fn claim(&self, ids: &[i64], _wall_now: At) -> Result<HashSet<i64>, StoreError> {
        let pending: HashSet<i64> = self.pending_rows().iter().map(|r| r.id).collect();
        Ok(ids
            .iter()
            .copied()
            .filter(|id| pending.contains(id))
            .collect())
    }

    async fn fail_outside_window(
        &self,
        _wall_now: At,
        _window: Span,
        _reason: &str,
    ) -> Result<Vec<i64>, StoreError> {
        // every customer here wrote just now
        Ok(Vec::new())
    }

    async fn send(&self, body: &serde_json::Value) -> Result<SendOk, SendError> {
        // the sender tags each text with its row, as it does for Meta's receipts
        let id: i64 = body["biz_opaque_callback_data"]
            .as_str()
            .and_then(|t| t.strip_prefix("ob:"))
            .and_then(|n| n.parse().ok())
            .expect("a row's tag");
        let nth = {
            let mut tries = self.tries.lock().expect("tries");
            let nth = tries.iter().filter(|(i, _)| *i == id).count();
            tries.push((id, self.mono()));
            nth
        };
        if nth >= RUNAWAY {
            // a loop sending without pause would never let the paused clock move on (the
            // test would hang): this send never answers, and the test fails on its counts
            std::future::pending::<()>().await;
        }
        (self.answer)(id, nth)
    }

    async fn record(&self, batch: &[Done], now: At) -> Result<(), StoreError> {
        for d in batch {
            self.outcomes
                .lock()
                .expect("outcomes")
                .push((d.id, kind(&d.outcome)));
            // what the outbox's marks do to the row
            match &d.outcome {
                Outcome::Sent { .. } => self.row_mut(d.id, |_, s| *s = State::Sent),
                Outcome::Failed { .. } => self.row_mut(d.id, |r, s| {
                    r.attempts += 1;
                    *s = State::Failed;
                }),
                Outcome::Retry { delay, .. } if *delay < Span::ZERO => {}
                Outcome::Retry { delay, .. } => self.row_mut(d.id, |r, _| {
                    r.attempts += 1;
                    r.next_attempt_at = now + *delay;
                }),
                Outcome::Held { .. } => self.row_mut(d.id, |r, _| {
                    r.attempts += 1;
                    r.next_attempt_at = now;
                }),
            }
        }
        Ok(())
    }
}

struct Running {
    fake: Fake,
    wake: Arc<Notify>,
    shutdown: CancellationToken,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    fn tries(&self) -> Vec<(i64, i64)> {
        self.fake.tries.lock().expect("tries").clone()
    }

    fn outcome(&self, id: i64) -> Vec<&'static str> {
        let o = self.fake.outcomes.lock().expect("outcomes");
        o.iter()
            .filter(|(i, _)| *i == id)
            .map(|(_, k)| *k)
            .collect()
    }

    /// A row committed to the outbox (the next look that reads it sees it).
    fn queue(&self, r: OutboxRow) {
        self.fake
            .outbox
            .lock()
            .expect("outbox")
            .push((r, State::Pending));
    }

    async fn stop(self) {
        self.shutdown.cancel();
        self.task.await.expect("stops");
    }
}

fn sent() -> Result<SendOk, SendError> {
    Ok(SendOk {
        wa_message_id: None,
    })
}

fn timeout() -> Result<SendOk, SendError> {
    Err(SendError::Retry {
        code: None,
        message: "timeout".into(),
    })
}

/// Start the loop over `rows` with `t`, a first retry after `first`, one message per
/// customer before the pair limit's refill, and a Graph API answering `answer`.
fn start(rows: Vec<OutboxRow>, t: SenderTiming, first: Span, answer: Answer) -> Running {
    let fake = Fake {
        origin: tokio::time::Instant::now(),
        outbox: Arc::new(Mutex::new(
            rows.into_iter().map(|r| (r, State::Pending)).collect(),
        )),
        answer,
        tries: Tries::default(),
        outcomes: Arc::default(),
    };
    let cfg = SenderConfig {
        pair_burst: 1,
        retry_first: first,
        batch: 100,
        fence: Fence::default(),
        wall: crate::clock::now,
        timing: t,
    };
    let wake = Arc::new(Notify::new());
    let shutdown = CancellationToken::new();
    let (port, w, s) = (fake.clone(), wake.clone(), shutdown.clone());
    let task = tokio::spawn(async move {
        drive(port, &w, &cfg, Arc::new(Health::default()), &s).await;
    });
    Running {
        fake,
        wake,
        shutdown,
        task,
    }
}

fn kind(o: &Outcome) -> &'static str {
    match o {
        Outcome::Sent { .. } => "sent",
        Outcome::Retry { delay, .. } if *delay < Span::ZERO => "untouched",
        Outcome::Retry { .. } => "retry",
        Outcome::Held { .. } => "held",
        Outcome::Failed { .. } => "failed",
    }
}

const A: &str = "905550000001";
const B: &str = "905550000002";
const C: &str = "905550000003";

#[tokio::test(start_paused = true)]
async fn a_failed_send_is_tried_again_when_its_backoff_runs_out_and_not_before() {
    let run = start(
        vec![row(1, A)],
        SenderTiming::default(),
        Span::seconds(2),
        |_, n| {
            if n == 0 { timeout() } else { sent() }
        },
    );
    settle().await;
    assert_eq!(run.tries(), vec![(1, 0)]);
    // the loop looks every max_sleep meanwhile; the row must wait out its backoff
    after(Duration::from_millis(1_599)).await;
    assert_eq!(run.tries().len(), 1, "not before the backoff (2 s − 20 %)");
    tokio::time::sleep(Duration::from_secs(5)).await;
    let tries = run.tries();
    assert_eq!(tries.len(), 2, "{tries:?}");
    assert!(
        (1_600..=2_400).contains(&tries[1].1),
        "tried again when the backoff ran out: {tries:?}"
    );
    assert_eq!(run.outcome(1), vec!["retry", "sent"]);
    run.stop().await;
}

#[tokio::test(start_paused = true)]
async fn a_message_failing_past_the_give_up_age_is_failed_and_never_tried_again() {
    let t = SenderTiming {
        max_backoff: Span::seconds(2),
        give_up_after: Span::seconds(10),
        ..SenderTiming::default()
    };
    let run = start(vec![row(1, A)], t, Span::seconds(1), |_, _| timeout());
    tokio::time::sleep(Duration::from_secs(15)).await;
    let tries = run.tries();
    let last = tries.last().expect("tried").1;
    assert!(last > 10_000 && last <= 12_400, "{tries:?}");
    for w in tries.windows(2) {
        assert!(
            w[1].1 - w[0].1 <= 2_400,
            "backoff capped at 2 s (+20 %): {tries:?}"
        );
    }
    assert_eq!(run.outcome(1).last(), Some(&"failed"));
    tokio::time::sleep(Duration::from_secs(60)).await;
    assert_eq!(
        run.tries().len(),
        tries.len(),
        "a failed row is not tried again"
    );
    run.stop().await;
}

#[tokio::test(start_paused = true)]
async fn a_rejected_token_lets_one_probe_through_per_interval() {
    let rejected: Answer = |_, _| {
        Err(SendError::Auth {
            code: Some(190),
            message: "token expired".into(),
        })
    };
    let run = start(
        vec![row(1, A), row(2, B), row(3, C)],
        SenderTiming::default(),
        Span::seconds(1),
        rejected,
    );
    tokio::time::sleep(Duration::from_millis(9_500)).await;
    let times: Vec<i64> = run.tries().iter().map(|(_, at)| *at).collect();
    // everyone's first try before Meta said no, then one probe at once and every 3 s
    assert_eq!(times, vec![0, 0, 0, 0, 3_000, 6_000, 9_000]);
    run.stop().await;
}

#[tokio::test(start_paused = true)]
async fn the_pair_rate_limit_holds_a_customers_second_message_for_the_refill() {
    let run = start(
        vec![row(1, A), row(2, A), row(3, B)],
        SenderTiming::default(),
        Span::seconds(1),
        |_, _| sent(),
    );
    tokio::time::sleep(Duration::from_secs(10)).await;
    let tries = run.tries();
    assert_eq!(
        tries[..2],
        [(1, 0), (3, 0)],
        "the burst, and the other customer"
    );
    assert_eq!(tries.len(), 3, "{tries:?}");
    // the pacer's float refill may land a rounding step past 6 s: one short sleep more
    assert_eq!(tries[2].0, 2);
    assert!((6_000..=6_010).contains(&tries[2].1), "{tries:?}");
    run.stop().await;
}

#[tokio::test(start_paused = true)]
async fn new_rows_go_at_once_on_a_wake_up_and_at_the_longest_sleep_without_one() {
    let t = SenderTiming {
        max_sleep: Span::minutes(1),
        full_scan_every: Span::hours(1),
        ..SenderTiming::default()
    };
    let run = start(Vec::new(), t, Span::seconds(1), |_, _| sent());
    settle().await;
    run.queue(row(1, A));
    after(Duration::from_secs(59)).await;
    assert!(
        run.tries().is_empty(),
        "no wake-up: not before the longest sleep"
    );
    after(Duration::from_secs(1)).await;
    assert_eq!(run.tries(), vec![(1, 60_000)]);
    run.queue(row(2, B));
    run.wake.notify_one();
    settle().await;
    assert_eq!(
        run.tries(),
        vec![(1, 60_000), (2, 60_000)],
        "a wake-up looks at once"
    );
    run.stop().await;
}
