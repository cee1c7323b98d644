//! The sender's loop on tokio's paused clock: the real planning ([`Book`], [`Pacer`],
//! [`Scans`]), the real outcome of each answer ([`outcome_of`]) and the loop's real
//! waiting ([`after_look`], [`wait_next`]), with an in-memory outbox and a scripted Graph
//! API in place of the database and the network. The clock only moves when the loop
//! waits, so "not before its backoff ran out" and "one probe per interval" are proved
//! without sleeping through them.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use super::plan::tests::row;
use super::send::{Outcome, outcome_of};
use super::*;
use crate::queue::paused_clock::{after, settle};
use crate::store::outbox::OutboxRow;
use crate::whatsapp::client::{SendError, SendOk};

/// Every try: the row and the paused clock's milliseconds when it was sent.
type Tries = Arc<Mutex<Vec<(i64, i64)>>>;
/// What the scripted Graph API answers to a row's `n`th try (from 0).
type Answer = fn(i64, usize) -> Result<SendOk, SendError>;

struct Running {
    tries: Tries,
    /// Rows "committed" to the outbox that the next look reads.
    outbox: Arc<Mutex<Vec<OutboxRow>>>,
    /// What became of each row, by id.
    outcomes: Arc<Mutex<Vec<(i64, &'static str)>>>,
    wake: Arc<Notify>,
    shutdown: CancellationToken,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    fn tries(&self) -> Vec<(i64, i64)> {
        self.tries.lock().expect("tries").clone()
    }

    fn outcome(&self, id: i64) -> Vec<&'static str> {
        let o = self.outcomes.lock().expect("outcomes");
        o.iter()
            .filter(|(i, _)| *i == id)
            .map(|(_, k)| *k)
            .collect()
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

/// Start the loop over `rows` with `t`, a first retry after `first_ms` and a Graph API
/// answering `answer`. Both clocks (wall and monotonic) are the paused clock's
/// milliseconds since the start.
fn start(rows: Vec<OutboxRow>, t: SenderTiming, first_ms: i64, answer: Answer) -> Running {
    let tries = Tries::default();
    let outbox = Arc::new(Mutex::new(rows));
    let outcomes = Arc::new(Mutex::new(Vec::new()));
    let wake = Arc::new(Notify::new());
    let shutdown = CancellationToken::new();
    let (seen, queued, became, w, s) = (
        tries.clone(),
        outbox.clone(),
        outcomes.clone(),
        wake.clone(),
        shutdown.clone(),
    );
    let task = tokio::spawn(async move {
        let origin = tokio::time::Instant::now();
        let ms = move || i64::try_from(origin.elapsed().as_millis()).expect("ms");
        let committed = Notify::new();
        let held = AtomicBool::new(false);
        let mut book = Book::default();
        let mut pacer = Pacer::new(1, t.pair_refill.as_millis());
        let mut scans = Scans::default();
        let policy = RetryPolicy::new(first_ms, &t);
        loop {
            let now = ms();
            let full = scans.full_at(now, &t);
            // dispatch: read, plan, claim (all granted), send
            let is_held = held.load(Ordering::SeqCst);
            book.begin_look(&mut pacer, full, is_held);
            let rows = std::mem::take(&mut *queued.lock().expect("outbox"));
            book.absorb(rows, false, (now, now), &t);
            let plan = book.plan(&mut pacer, now, is_held, &t);
            let all: HashSet<i64> = plan
                .starts
                .iter()
                .flat_map(|(_, b)| b.iter().map(|r| r.id))
                .collect();
            let starts = book.claimed(plan.starts, &all, now, &t);
            let mut results = Vec::new();
            for (recipient, batch) in starts {
                let n = batch.len();
                for (i, r) in batch.into_iter().enumerate() {
                    let nth = seen
                        .lock()
                        .expect("tries")
                        .iter()
                        .filter(|(id, _)| *id == r.id)
                        .count();
                    seen.lock().expect("tries").push((r.id, now));
                    let outcome = outcome_of(answer(r.id, nth), &r, now, policy);
                    became
                        .lock()
                        .expect("outcomes")
                        .push((r.id, kind(&outcome)));
                    results.push(Done {
                        id: r.id,
                        recipient: recipient.clone(),
                        outcome,
                        last: i + 1 == n,
                    });
                }
            }
            // the result writer: the token's verdict, the book settled, the loop told
            if !results.is_empty() {
                if let Some(rejected) = plan::token_verdict(&results) {
                    held.store(rejected, Ordering::SeqCst);
                }
                book.settle(results, now);
                committed.notify_one();
            }
            let looked = Ok(plan::sleep_for(plan.next_wake, now, &t));
            let wait = after_look(&mut scans, looked, &t);
            if !wait_next(wait, &w, &committed, &s).await {
                break;
            }
        }
    });
    Running {
        tries,
        outbox,
        outcomes,
        wake,
        shutdown,
        task,
    }
}

fn kind(o: &Outcome) -> &'static str {
    match o {
        Outcome::Sent { .. } => "sent",
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
    let run = start(vec![row(1, A)], SenderTiming::default(), 2_000, |_, n| {
        if n == 0 { timeout() } else { sent() }
    });
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
    let run = start(vec![row(1, A)], t, 1_000, |_, _| timeout());
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
        1_000,
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
        1_000,
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
    let run = start(Vec::new(), t, 1_000, |_, _| sent());
    settle().await;
    run.outbox.lock().expect("outbox").push(row(1, A));
    after(Duration::from_secs(59)).await;
    assert!(
        run.tries().is_empty(),
        "no wake-up: not before the longest sleep"
    );
    after(Duration::from_secs(1)).await;
    assert_eq!(run.tries(), vec![(1, 60_000)]);
    run.outbox.lock().expect("outbox").push(row(2, B));
    run.wake.notify_one();
    settle().await;
    assert_eq!(
        run.tries(),
        vec![(1, 60_000), (2, 60_000)],
        "a wake-up looks at once"
    );
    run.stop().await;
}
