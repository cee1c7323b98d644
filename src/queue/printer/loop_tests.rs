//! The printer loop on tokio's paused clock: the real step, decisions and waits
//! ([`drive`]) over an in-memory print queue and a scripted printer ([`Port`]). The
//! clock only moves while the loop waits, so "not tried again before its pause" and
//! "never tried again once skipped" are proved without sleeping through them.

use std::sync::{Arc, Mutex};

use super::*;
use crate::domain::OrderNumber;

/// Every try: the job, the clock's milliseconds, and how many bytes were sent.
type Tries = Arc<Mutex<Vec<(i64, i64, usize)>>>;
/// What the printer does with a job's `n`th try (from 0).
type Printer = fn(i64, usize) -> Result<(), NotTaken>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Pending,
    Printed,
    Skipped,
}

struct Fake {
    origin: tokio::time::Instant,
    jobs: Arc<Mutex<Vec<(PrintJob, State)>>>,
    printer: Printer,
    tries: Tries,
    /// The job being sent (the port's `send` gets only bytes).
    sending: i64,
}

impl Fake {
    fn job_mut<R>(&self, id: i64, f: impl FnOnce(&mut (PrintJob, State)) -> R) -> R {
        let mut jobs = self.jobs.lock().expect("jobs");
        f(jobs.iter_mut().find(|(j, _)| j.id == id).expect("a job"))
    }
}

impl Port for Fake {
    fn now(&self) -> At {
        At::from_millis(i64::try_from(self.origin.elapsed().as_millis()).expect("ms"))
    }

    async fn pending(&mut self) -> Result<(Vec<PrintJob>, i64), StoreError> {
        let jobs = self.jobs.lock().expect("jobs");
        let pending = jobs
            .iter()
            .filter(|(_, s)| *s == State::Pending)
            .map(|(j, _)| j.clone())
            .collect();
        let newest = jobs
            .iter()
            .filter(|(_, s)| *s == State::Printed)
            .map(|(j, _)| j.id)
            .max()
            .unwrap_or(0);
        Ok((pending, newest))
    }

    async fn render(&mut self, job: &PrintJob) -> Result<Option<Vec<u8>>, StoreError> {
        self.sending = job.id;
        Ok(Some(vec![b'x'; 100]))
    }

    async fn send(&mut self, bytes: &[u8]) -> Result<(), NotTaken> {
        let mut tries = self.tries.lock().expect("tries");
        let nth = tries
            .iter()
            .filter(|(id, _, _)| *id == self.sending)
            .count();
        tries.push((self.sending, self.now().as_millis(), bytes.len()));
        (self.printer)(self.sending, nth)
    }

    async fn printed(&mut self, job: &PrintJob, _now: At) -> Result<(), StoreError> {
        self.job_mut(job.id, |(j, s)| {
            j.attempts += 1;
            *s = State::Printed;
        });
        Ok(())
    }

    async fn retry(&mut self, job: &PrintJob, _error: &str, at: At) -> Result<(), StoreError> {
        self.job_mut(job.id, |(j, _)| {
            j.attempts += 1;
            j.next_attempt_at = at;
        });
        Ok(())
    }

    async fn skipped(&mut self, job: &PrintJob, _: &str, _now: At) -> Result<(), StoreError> {
        self.job_mut(job.id, |(_, s)| *s = State::Skipped);
        Ok(())
    }
}

fn job(id: i64) -> (PrintJob, State) {
    let j = PrintJob {
        id,
        idem_key: format!("order:{id}:ticket"),
        order_number: OrderNumber::new(id),
        kind: "ticket".into(),
        attempts: 0,
        next_attempt_at: At::from_millis(0),
        created_at: At::from_millis(0),
    };
    (j, State::Pending)
}

fn off(_: i64, _: usize) -> Result<(), NotTaken> {
    Err(NotTaken {
        error: "connection refused".into(),
        written: 0,
    })
}

struct Running {
    tries: Tries,
    jobs: Arc<Mutex<Vec<(PrintJob, State)>>>,
    shutdown: CancellationToken,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    fn tries(&self) -> Vec<(i64, i64)> {
        let t = self.tries.lock().expect("tries");
        t.iter().map(|(id, at, _)| (*id, *at)).collect()
    }

    fn states(&self) -> Vec<State> {
        let j = self.jobs.lock().expect("jobs");
        j.iter().map(|(_, s)| *s).collect()
    }

    async fn stop(self) {
        self.shutdown.cancel();
        self.task.await.expect("stops");
    }
}

fn start(ids: &[i64], max_age: Span, printer: Printer) -> Running {
    let jobs = Arc::new(Mutex::new(ids.iter().map(|id| job(*id)).collect()));
    let tries = Tries::default();
    let shutdown = CancellationToken::new();
    let mut fake = Fake {
        origin: tokio::time::Instant::now(),
        jobs: jobs.clone(),
        printer,
        tries: tries.clone(),
        sending: 0,
    };
    let s = shutdown.clone();
    let task = tokio::spawn(async move {
        drive(&mut fake, &PrinterTiming::default(), max_age, &s).await;
    });
    Running {
        tries,
        jobs,
        shutdown,
        task,
    }
}

#[tokio::test(start_paused = true)]
async fn a_refused_job_backs_off_then_a_stuck_one_is_tried_once_a_minute_while_others_print() {
    // the printer refuses job 1 and takes every other
    let run = start(&[1, 2, 3], Span::hours(1), |id, n| {
        if id == 1 { off(id, n) } else { Ok(()) }
    });
    tokio::time::sleep(Duration::from_secs(100)).await;
    assert_eq!(
        run.tries(),
        vec![
            // 1 s, then 2 s: the others wait behind it
            (1, 0),
            (1, 1_000),
            (1, 3_000),
            // the third refusal tries the next: the printer takes it, job 1 is stuck
            (2, 3_000),
            (3, 3_000),
            // due after 4 s, seen at the next 300 ms poll; then once a minute
            (1, 7_200),
            (1, 67_200),
        ]
    );
    assert_eq!(
        run.states(),
        vec![State::Pending, State::Printed, State::Printed]
    );
    run.stop().await;
}

#[tokio::test(start_paused = true)]
async fn a_device_that_took_part_of_a_job_gets_only_the_rest_and_prints_it_once() {
    let run = start(&[1, 2], Span::hours(1), |id, n| {
        if id == 1 && n == 0 {
            Err(NotTaken {
                error: "stalled".into(),
                written: 30,
            })
        } else {
            Ok(())
        }
    });
    tokio::time::sleep(Duration::from_secs(30)).await;
    let tries = run.tries.lock().expect("tries").clone();
    // the rest after the 1 s pause; the job behind it at the next 300 ms poll
    assert_eq!(tries, vec![(1, 0, 100), (1, 1_000, 70), (2, 1_300, 100)]);
    assert_eq!(run.states(), vec![State::Printed, State::Printed]);
    run.stop().await;
}

#[tokio::test(start_paused = true)]
async fn a_try_that_takes_nothing_while_still_stalled_keeps_the_part_taken_before() {
    let run = start(&[1], Span::hours(1), |_, n| match n {
        0 => Err(NotTaken {
            error: "stalled".into(),
            written: 30,
        }),
        1 => Err(NotTaken {
            error: "still stalled".into(),
            written: 0,
        }),
        _ => Ok(()),
    });
    tokio::time::sleep(Duration::from_secs(30)).await;
    let sent: Vec<usize> = run
        .tries
        .lock()
        .expect("tries")
        .iter()
        .map(|(_, _, n)| *n)
        .collect();
    // the whole job, then only the rest twice: never the first 30 bytes again
    assert_eq!(sent, vec![100, 70, 70]);
    assert_eq!(run.states(), vec![State::Printed]);
    run.stop().await;
}

#[tokio::test(start_paused = true)]
async fn jobs_still_refused_past_their_age_are_skipped_and_never_tried_again() {
    let run = start(&[1, 2], Span::minutes(10), off);
    // found too old at its first look past 10 minutes: within one longest pause (10 s)
    tokio::time::sleep(Duration::from_secs(611)).await;
    assert_eq!(run.states(), vec![State::Skipped, State::Skipped]);
    let tries = run.tries();
    assert!(
        tries.iter().all(|(_, at)| *at <= 600_000),
        "none after the age limit: {tries:?}"
    );
    for w in tries.windows(2) {
        assert!(
            w[1].1 - w[0].1 <= 10_000,
            "pauses capped at 10 s: {tries:?}"
        );
    }
    tokio::time::sleep(Duration::from_secs(3_600)).await;
    assert_eq!(
        run.tries().len(),
        tries.len(),
        "a skipped job is not tried again"
    );
    run.stop().await;
}
