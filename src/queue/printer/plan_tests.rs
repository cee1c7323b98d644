//! The printer task's decisions on plain data: no database, no printer, no clock.

use std::time::Duration;

use super::*;
use crate::domain::OrderNumber;

const HOUR: i64 = 3_600_000;

fn job(id: i64, attempts: i64, next_attempt_at: i64) -> PrintJob {
    PrintJob {
        id,
        idem_key: format!("order:{id}:ticket"),
        order_number: OrderNumber::new(id),
        kind: "ticket".into(),
        attempts,
        next_attempt_at: At::from_millis(next_attempt_at),
        created_at: At::from_millis(0),
    }
}

fn round(newest_printed: i64) -> Round {
    Round::new(PrinterTiming::default(), Span::hours(1), newest_printed)
}

#[test]
fn a_due_job_is_printed_and_a_fresh_queue_idles_at_the_poll_interval() {
    let r = round(0);
    assert_eq!(r.next(&job(1, 0, 0), At::from_millis(1_000)), Next::Print);
    assert_eq!(r.idle(), Duration::from_millis(300));
}

#[test]
fn a_job_older_than_the_limit_is_skipped_with_the_minutes_in_the_reason() {
    let r = round(0);
    match r.next(&job(1, 0, 0), At::from_millis(HOUR + 1)) {
        Next::Skip(reason) => assert!(reason.contains("60 minutes"), "{reason}"),
        other => panic!("expected a skip, got {other:?}"),
    }
    assert_eq!(r.next(&job(1, 0, 0), At::from_millis(HOUR)), Next::Print);
}

#[test]
fn a_job_not_due_holds_the_others_until_its_time() {
    let r = round(0);
    assert_eq!(
        r.next(&job(1, 1, 5_000), At::from_millis(2_000)),
        Next::Wait(Duration::from_millis(3_000))
    );
}

#[test]
fn a_stuck_job_not_due_is_passed_over() {
    // job 1 failed, and the printer has since printed job 2
    let r = round(2);
    assert!(r.stuck(&job(1, 1, 0)));
    assert_eq!(
        r.next(&job(1, 1, 60_000), At::from_millis(1_000)),
        Next::PassOver
    );
    // a job that never failed is not stuck, whatever printed after it
    assert!(!r.stuck(&job(1, 0, 0)));
}

#[test]
fn refusals_back_off_doubling_up_to_the_cap_and_hold_the_others() {
    let mut r = round(0);
    let mut pauses = Vec::new();
    for attempts in 0..2 {
        let got = r.refused(&job(1, attempts, 0), false);
        assert_eq!(got.wait, Some(Duration::from_millis(50)));
        pauses.push(got.pause.as_millis());
    }
    assert_eq!(pauses, [1_000, 2_000]);
    // a device mid-document never lets the next job go first
    let got = r.refused(&job(1, 7, 0), true);
    assert_eq!(
        (got.pause, got.wait),
        (Span::seconds(10), Some(Duration::from_millis(50)))
    );
}

#[test]
fn after_hold_attempts_the_next_job_is_tried_and_its_printing_names_the_stuck_one() {
    let mut r = round(0);
    let first = job(1, HOLD_ATTEMPTS - 1, 0);
    let got = r.refused(&first, false);
    assert_eq!(got.wait, None, "the next job is tried at once");
    // while probing, a later job due in the future does not make the round wait
    assert_eq!(r.next(&job(2, 0, 10_000), At::from_millis(0)), Next::Print);
    assert_eq!(r.printed(&job(2, 0, 0)).as_deref(), Some("order:1:ticket"));
    // now job 1 is stuck: retried on its own, every stuck pause
    let got = r.refused(&job(1, HOLD_ATTEMPTS, 0), false);
    assert_eq!((got.pause, got.wait), (STUCK_PAUSE, None));
}

#[test]
fn when_the_probe_fails_too_the_printer_is_at_fault_and_the_round_waits() {
    let mut r = round(0);
    assert_eq!(r.refused(&job(1, HOLD_ATTEMPTS - 1, 0), false).wait, None);
    let got = r.refused(&job(2, 0, 0), false);
    assert_eq!(got.wait, Some(Duration::from_millis(50)));
    assert_eq!(got.pause, Span::seconds(1));
}

#[test]
fn a_device_mid_document_gets_its_job_first_and_alone() {
    let pending = vec![job(1, 0, 0), job(2, 0, 0), job(3, 0, 0)];
    let (jobs, kept) = order_jobs(pending.clone(), Some(2));
    assert_eq!(jobs.iter().map(|j| j.id).collect::<Vec<_>>(), [2]);
    assert_eq!(kept, Some(2));
    // the partial job is gone (printed elsewhere, skipped): forget it, take all
    let (jobs, kept) = order_jobs(pending, Some(9));
    assert_eq!(jobs.len(), 3);
    assert_eq!(kept, None);
}

#[test]
fn short_timings_shorten_every_pause() {
    let t = PrinterTiming {
        idle_poll: Span::millis(5),
        error_pause: Span::millis(5),
        retry_first: Span::millis(10),
        retry_max: Span::millis(40),
        stuck_pause: Span::millis(100),
        after_refusal: Span::millis(1),
        hold_attempts: 2,
    };
    let mut r = Round::new(t, Span::hours(1), 0);
    assert_eq!(r.idle(), Duration::from_millis(5));
    let got = r.refused(&job(1, 0, 0), false);
    assert_eq!(
        (got.pause, got.wait),
        (Span::millis(10), Some(Duration::from_millis(1)))
    );
    assert_eq!(r.refused(&job(1, 1, 0), false).wait, None);
    assert_eq!(r.refused(&job(1, 9, 0), true).pause, Span::millis(40));
}
