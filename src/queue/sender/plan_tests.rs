//! The sender's planning on plain data: no database, no Graph API, no clock.

use std::collections::HashSet;
use std::time::Duration;

use super::*;
use crate::queue::sender::send::{Done, Outcome};

const A: &str = "905550000001";
const B: &str = "905550000002";

fn phone(p: &str) -> CustomerId {
    CustomerId::parse(p).expect("a phone")
}

/// A queued text to `to`, due at once (the loop's tests use it too).
pub(in crate::queue::sender) fn row(id: i64, to: &str) -> OutboxRow {
    OutboxRow {
        id,
        recipient: phone(to),
        kind: OutboxKind::Message,
        body: "{}".into(),
        order_id: None,
        attempts: 0,
        next_attempt_at: At::from_millis(0),
        created_at: At::from_millis(0),
    }
}

fn ids(starts: &[Start]) -> Vec<(String, Vec<i64>)> {
    starts
        .iter()
        .map(|(p, rows)| (p.to_string(), rows.iter().map(|r| r.id).collect()))
        .collect()
}

fn timing() -> SenderTiming {
    SenderTiming::default()
}

/// A book holding `rows`, all due now (wall and monotonic clocks both at 0).
fn book_with(rows: Vec<OutboxRow>) -> Book {
    let mut b = Book::default();
    b.absorb(rows, false, (At::from_millis(0), 0), &timing());
    b
}

fn done(id: i64, to: &str, outcome: Outcome, last: bool) -> Done {
    Done {
        id,
        recipient: phone(to),
        outcome,
        last,
    }
}

#[test]
fn each_customer_gets_one_send_with_its_rows_in_order() {
    let mut b = book_with(vec![row(1, A), row(2, B), row(3, A), row(4, B)]);
    let mut pacer = Pacer::new(10, Span::seconds(6));
    let p = b.plan(&mut pacer, 0, false, &timing());
    assert_eq!(
        ids(&p.starts),
        vec![(A.to_string(), vec![1, 3]), (B.to_string(), vec![2, 4])]
    );
    assert!(b.queue.is_empty());
    assert_eq!(b.in_flight.len(), 4);
    // both are busy: a new row of theirs waits for their send to finish
    b.absorb(vec![row(5, A)], false, (At::from_millis(0), 10), &timing());
    let p = b.plan(&mut pacer, 10, false, &timing());
    assert!(p.starts.is_empty());
    assert_eq!(
        p.next_wake,
        10 + timing().max_sleep.as_millis(),
        "nothing due: the idle look"
    );
}

#[test]
fn a_customer_waits_behind_its_first_row_not_yet_due() {
    let mut b = book_with(vec![row(1, A), row(2, A), row(3, B)]);
    b.due.insert(1, 400);
    let mut pacer = Pacer::new(10, Span::seconds(6));
    let p = b.plan(&mut pacer, 0, false, &timing());
    // row 2 is due but must not overtake row 1
    assert_eq!(ids(&p.starts), vec![(B.to_string(), vec![3])]);
    assert_eq!(p.next_wake, 400, "wakes when the waiting row falls due");
    let p = b.plan(&mut pacer, 400, false, &timing());
    assert_eq!(ids(&p.starts), vec![(A.to_string(), vec![1, 2])]);
}

#[test]
fn the_pair_rate_limit_sends_the_burst_then_says_when_the_rest_may_go() {
    let mut b = book_with((1..=5).map(|i| row(i, A)).collect());
    let mut pacer = Pacer::new(2, Span::seconds(6));
    let p = b.plan(&mut pacer, 0, false, &timing());
    assert_eq!(ids(&p.starts), vec![(A.to_string(), vec![1, 2])]);
    // the next allowance comes back in 6 s, past the idle look: the idle look wins
    assert_eq!(p.next_wake, timing().max_sleep.as_millis());
    let t = SenderTiming {
        max_sleep: Span::minutes(1),
        ..timing()
    };
    b.busy.clear();
    let p = b.plan(&mut pacer, 1, false, &t);
    assert!(p.starts.is_empty());
    assert_eq!(p.next_wake, 6_000, "the pacer's instant");
}

#[test]
fn a_rejected_token_lets_one_probe_through_per_interval() {
    let mut b = book_with(vec![row(1, A), row(2, A), row(3, B)]);
    let mut pacer = Pacer::new(10, Span::seconds(6));
    let t = timing();
    let p = b.plan(&mut pacer, 0, true, &t);
    assert_eq!(ids(&p.starts), vec![(A.to_string(), vec![1])], "one row");
    assert_eq!(b.next_probe, t.hold_probe.as_millis());
    // the probe was held too; nothing else goes before the next probe
    b.settle(
        vec![done(
            1,
            A,
            Outcome::Held {
                code: Some(190),
                error: "token".into(),
            },
            true,
        )],
        5,
    );
    assert!(b.window_check, "a hold makes the window check due");
    let p = b.plan(&mut pacer, 10, true, &t);
    assert!(p.starts.is_empty());
    assert_eq!(
        p.next_wake,
        10 + t.max_sleep.as_millis().min(t.hold_probe.as_millis() - 10)
    );
    let p = b.plan(&mut pacer, t.hold_probe.as_millis(), true, &t);
    assert_eq!(p.starts.len(), 1);
    assert_eq!(p.starts[0].1.len(), 1);
}

#[test]
fn a_full_scan_does_not_move_the_cursor_nor_take_back_what_is_in_flight() {
    let mut b = Book::default();
    b.absorb(vec![row(7, A)], false, (At::from_millis(0), 0), &timing());
    assert_eq!(b.cursor, 7);
    b.absorb(vec![row(9, A)], true, (At::from_millis(0), 0), &timing());
    assert_eq!(b.cursor, 7, "a fair scan may skip ids");
    let mut pacer = Pacer::new(10, Span::seconds(6));
    let p = b.plan(&mut pacer, 0, false, &timing());
    assert_eq!(ids(&p.starts), vec![(A.to_string(), vec![7, 9])]);
    // a scan that began before the results landed still sees them pending
    b.absorb(
        vec![row(7, A), row(9, A)],
        true,
        (At::from_millis(0), 0),
        &timing(),
    );
    assert!(b.queue.is_empty(), "in flight: not queued twice");
    b.settle(
        vec![
            done(
                7,
                A,
                Outcome::Sent {
                    wa_message_id: None,
                },
                false,
            ),
            done(
                9,
                A,
                Outcome::Sent {
                    wa_message_id: None,
                },
                true,
            ),
        ],
        0,
    );
    b.absorb(vec![row(7, A)], true, (At::from_millis(0), 0), &timing());
    assert!(b.queue.is_empty(), "just sent: not sent again");
    assert!(b.busy.is_empty());
    let mut pacer2 = Pacer::new(10, Span::seconds(6));
    assert_eq!(b.begin_look(&mut pacer2, true, false), (7, false));
    assert!(b.recently_done.is_empty(), "a new full scan forgets");
}

#[test]
fn a_stored_retry_time_is_capped_so_a_clock_stepped_back_cannot_stretch_it() {
    let mut late = row(1, A);
    late.next_attempt_at = At::from_millis(10_000_000);
    let mut b = Book::default();
    b.absorb(vec![late], false, (At::from_millis(0), 100), &timing());
    assert_eq!(b.due[&1], 100 + timing().max_backoff.as_millis());
    let mut past = row(2, B);
    past.next_attempt_at = At::from_millis(-5);
    b.absorb(vec![past], false, (At::from_millis(0), 100), &timing());
    assert_eq!(b.due[&2], 100);
    // the cap is the timing's longest backoff, so a test may shorten it
    let short = SenderTiming {
        max_backoff: Span::seconds(2),
        ..timing()
    };
    let mut late = row(3, A);
    late.next_attempt_at = At::from_millis(10_000_000);
    b.absorb(vec![late], false, (At::from_millis(0), 100), &short);
    assert_eq!(b.due[&3], 2_100);
}

#[test]
fn a_claim_keeps_each_customers_leading_rows_and_requeues_the_rest() {
    let mut b = book_with(vec![row(1, A), row(2, A), row(3, A), row(4, B)]);
    let mut pacer = Pacer::new(10, Span::seconds(6));
    let t = timing();
    let p = b.plan(&mut pacer, 0, false, &t);
    // row 2 belongs to another lease: rows 2 and 3 wait (3 must not overtake 2)
    let got: HashSet<i64> = [1, 3].into_iter().collect();
    let kept = b.claimed(p.starts, &got, 50, &t);
    assert_eq!(ids(&kept), vec![(A.to_string(), vec![1])]);
    assert_eq!(b.queue.keys().copied().collect::<Vec<_>>(), vec![2, 3, 4]);
    assert_eq!(b.due[&2], 50 + t.claimed_elsewhere.as_millis());
    assert!(
        !b.busy.contains(&phone(B)),
        "nothing of B's goes: B is free"
    );
    assert!(b.busy.contains(&phone(A)));
}

#[test]
fn a_failed_claim_puts_everything_back() {
    let mut b = book_with(vec![row(1, A), row(2, B)]);
    let mut pacer = Pacer::new(10, Span::seconds(6));
    let p = b.plan(&mut pacer, 0, false, &timing());
    b.unplan(p.starts);
    assert_eq!(b.queue.len(), 2);
    assert!(b.in_flight.is_empty() && b.busy.is_empty());
}

#[test]
fn results_settle_rows_retries_and_allowances() {
    let mut b = book_with(vec![row(1, A), row(2, A), row(3, A)]);
    let mut pacer = Pacer::new(3, Span::seconds(6));
    let p = b.plan(&mut pacer, 0, false, &timing());
    assert_eq!(p.starts[0].1.len(), 3);
    b.settle(
        vec![
            done(
                1,
                A,
                Outcome::Sent {
                    wa_message_id: None,
                },
                false,
            ),
            done(
                2,
                A,
                Outcome::Retry {
                    code: Some(131_000),
                    error: "busy".into(),
                    delay: Span::millis(800),
                },
                false,
            ),
            // not attempted: released untouched, due at once behind row 2
            done(
                3,
                A,
                Outcome::Retry {
                    code: None,
                    error: String::new(),
                    delay: Span::millis(-1),
                },
                true,
            ),
        ],
        100,
    );
    assert!(b.recently_done.contains(&1));
    assert_eq!(b.queue[&2].attempts, 1);
    assert_eq!(b.due[&2], 900);
    assert_eq!(b.queue[&3].attempts, 0);
    assert_eq!(b.refunds.len(), 2, "two messages did not go out");
    assert!(b.busy.is_empty(), "the last result frees the customer");
    // the refunds come back at the next look; row 3 waits behind row 2
    b.begin_look(&mut pacer, false, false);
    let p = b.plan(&mut pacer, 100, false, &timing());
    assert!(p.starts.is_empty());
    assert_eq!(p.next_wake, 900);
    let p = b.plan(&mut pacer, 900, false, &timing());
    assert_eq!(ids(&p.starts), vec![(A.to_string(), vec![2, 3])]);
}

#[test]
fn what_a_batch_of_results_says_about_the_token() {
    let held = || Outcome::Held {
        code: Some(190),
        error: "x".into(),
    };
    assert_eq!(token_verdict(&[done(1, A, held(), true)]), Some(true));
    assert_eq!(
        token_verdict(&[
            done(1, A, held(), true),
            done(
                2,
                B,
                Outcome::Sent {
                    wa_message_id: None
                },
                true
            )
        ]),
        Some(false),
        "one send got past the token check: the hold ends"
    );
    let untried = Outcome::Retry {
        code: None,
        error: String::new(),
        delay: Span::millis(-1),
    };
    assert_eq!(token_verdict(&[done(1, A, untried, true)]), None);
}

#[test]
fn closed_windows_are_forgotten_and_the_check_is_done() {
    let mut b = book_with(vec![row(1, A), row(2, B)]);
    b.window_check = true;
    let mut pacer = Pacer::new(1, Span::seconds(6));
    assert!(!b.begin_look(&mut pacer, false, true).1, "not while held");
    assert!(b.begin_look(&mut pacer, false, false).1);
    b.forget_failed(&[1]);
    assert_eq!(b.queue.keys().copied().collect::<Vec<_>>(), vec![2]);
    assert!(!b.window_check);
}

#[test]
fn full_scans_come_at_their_interval_and_at_once_after_an_error() {
    let t = SenderTiming {
        full_scan_every: Span::seconds(2),
        ..timing()
    };
    let mut s = Scans::default();
    assert!(s.full_at(0, &t));
    assert!(!s.full_at(1_999, &t));
    assert!(s.full_at(2_000, &t));
    assert!(!s.full_at(2_001, &t));
    s.failed();
    assert!(s.full_at(2_002, &t));
}

#[test]
fn sleeps_are_bounded_both_ways() {
    let t = timing();
    assert_eq!(sleep_for(250, 0, &t), Duration::from_millis(250));
    assert_eq!(sleep_for(0, 0, &t), Duration::from_millis(5), "never spins");
    assert_eq!(sleep_for(-9, 0, &t), Duration::from_millis(5));
    assert_eq!(sleep_for(i64::MAX, 0, &t), Duration::from_secs(1));
}
