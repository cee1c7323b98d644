//! What one send's answer comes to, on plain data: backoff, Meta's pair-rate-limit
//! wait, the give-up age and the token hold, with the timing a test may shorten.

use super::*;

fn row(attempts: i64, created_at: i64) -> OutboxRow {
    OutboxRow {
        id: 1,
        recipient: CustomerId::parse("905550000001").expect("a phone"),
        kind: OutboxKind::Message,
        body: "{}".into(),
        order_id: None,
        attempts,
        next_attempt_at: At::from_millis(0),
        created_at: At::from_millis(created_at),
    }
}

fn policy() -> RetryPolicy {
    RetryPolicy::new(Span::seconds(1), &SenderTiming::default())
}

fn retry() -> Result<SendOk, SendError> {
    Err(SendError::Retry {
        code: None,
        message: "timeout".into(),
    })
}

#[test]
fn backoff_doubles_with_jitter_and_caps() {
    let minute = Span::minutes(1);
    for _ in 0..100 {
        let b0 = backoff(Span::millis(1_000), 0, minute).as_millis();
        assert!((800..=1_200).contains(&b0), "{b0}");
        let b3 = backoff(Span::millis(1_000), 3, minute).as_millis();
        assert!((6_400..=9_600).contains(&b3), "{b3}");
        assert!(
            backoff(Span::millis(1_000), 30, minute).as_millis() <= 72_000,
            "capped at a minute (+20 %)"
        );
        assert!(
            backoff(Span::millis(50), 30, minute).as_millis() <= 3_840,
            "capped at 64 × first (+20 %)"
        );
        assert!(
            backoff(Span::millis(1_000), 30, Span::seconds(2)).as_millis() <= 2_400,
            "capped at the timing's longest backoff (+20 %)"
        );
    }
}

#[test]
fn a_sent_message_is_sent_and_a_rejected_token_holds_it_whatever_its_age() {
    let ok = outcome_of(
        Ok(SendOk {
            wa_message_id: Some("wamid.1".into()),
        }),
        &row(0, 0),
        At::from_millis(10),
        policy(),
    );
    assert!(matches!(ok, Outcome::Sent { wa_message_id: Some(ref w) } if w == "wamid.1"));
    let auth = Err(SendError::Auth {
        code: Some(190),
        message: "expired".into(),
    });
    let old = At::from_millis(0) + Span::hours(48);
    assert!(matches!(
        outcome_of(auth, &row(5, 0), old, policy()),
        Outcome::Held {
            code: Some(190),
            ..
        }
    ));
}

#[test]
fn a_transient_failure_is_retried_with_backoff_until_the_give_up_age() {
    let p = policy();
    match outcome_of(retry(), &row(2, 0), At::from_millis(1_000), p) {
        Outcome::Retry { delay, .. } => {
            let ms = delay.as_millis();
            assert!((3_200..=4_800).contains(&ms), "{ms}")
        }
        o => panic!("retried, got {o:?}"),
    }
    let day = At::from_millis(0) + Span::hours(24);
    assert!(matches!(
        outcome_of(retry(), &row(2, 0), day, p),
        Outcome::Retry { .. }
    ));
    match outcome_of(retry(), &row(2, 0), day + Span::millis(1), p) {
        Outcome::Failed { error, .. } => {
            assert!(error.starts_with("gave up after 24 h"), "{error}")
        }
        o => panic!("given up, got {o:?}"),
    }
}

#[test]
fn a_shorter_give_up_age_and_backoff_cap_come_from_the_timing() {
    let t = SenderTiming {
        give_up_after: Span::minutes(5),
        max_backoff: Span::seconds(3),
        ..SenderTiming::default()
    };
    let p = RetryPolicy::new(Span::seconds(1), &t);
    match outcome_of(retry(), &row(10, 0), At::from_millis(60_000), p) {
        Outcome::Retry { delay, .. } => assert!(delay <= Span::millis(3_600), "{delay:?}"),
        o => panic!("retried, got {o:?}"),
    }
    match outcome_of(retry(), &row(10, 0), At::from_millis(300_001), p) {
        Outcome::Failed { error, .. } => {
            assert!(error.starts_with("gave up after 5 min"), "{error}")
        }
        o => panic!("given up, got {o:?}"),
    }
}

#[test]
fn the_pair_rate_limit_waits_four_to_the_attempts_seconds_capped() {
    let limited = || {
        Err(SendError::PairRateLimit {
            message: "131056".into(),
        })
    };
    let delay =
        |attempts| match outcome_of(limited(), &row(attempts, 0), At::from_millis(0), policy()) {
            Outcome::Retry {
                code: Some(131_056),
                delay,
                ..
            } => delay.as_millis(),
            o => panic!("retried, got {o:?}"),
        };
    assert_eq!(delay(0), 1_000);
    assert_eq!(delay(2), 16_000);
    assert_eq!(delay(3), 60_000, "4^3 s is over the minute cap");
}

#[test]
fn a_refusal_fails_for_good_at_once() {
    let refused = Err(SendError::Permanent {
        code: Some(131_047),
        message: "outside the window".into(),
    });
    assert!(matches!(
        outcome_of(refused, &row(0, 0), At::from_millis(0), policy()),
        Outcome::Failed {
            code: Some(131_047),
            ..
        }
    ));
}
