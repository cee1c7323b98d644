//! Pure tests of the quote, busy mode, the caps and the slot arithmetic
//! (midnight, Europe/Istanbul, a slot straddling closing time).

use super::*;
use crate::domain::hours::Window;
use crate::domain::order::OrderStatus;

fn tz() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::get("Europe/Istanbul").expect("tz")
}

/// Istanbul local time on Wednesday 2026-11-25 (UTC+3 all year); the order-ahead tests
/// use it too.
pub(crate) fn wed(hh: i64, mm: i64) -> At {
    At::from_millis(
        "2026-11-24T21:00:00Z"
            .parse::<jiff::Timestamp>()
            .expect("ts")
            .as_millisecond(),
    ) + Span::minutes(hh * 60 + mm)
}

fn hours(w: &str) -> Hours {
    Hours {
        days: [Window::parse(w).ok().flatten(); 7],
    }
}

fn capped(max: u32) -> Load {
    Load {
        caps: Caps {
            max_per_slot: Some(max),
            slot_minutes: 15,
        },
        ..Load::default()
    }
}

#[test]
fn an_empty_kitchen_is_quoted_the_configured_minutes() {
    let now = wed(12, 0);
    let l = Load::default();
    assert_eq!(quote(&l, Fulfilment::Pickup, 15, 40, now), wed(12, 15));
    assert_eq!(quote(&l, Fulfilment::Delivery, 15, 40, now), wed(12, 40));
}

#[test]
fn open_orders_ahead_push_the_quote_later() {
    let now = wed(12, 0);
    let mut l = Load::default();
    let first = quote(&l, Fulfilment::Pickup, 15, 40, now);
    l.open_ahead = 10;
    let eleventh = quote(&l, Fulfilment::Pickup, 15, 40, now);
    // 15 min each, 4 in hand: 10 ahead add 37.5 minutes
    assert_eq!(eleventh, wed(12, 53));
    assert!(eleventh > first);
}

#[test]
fn a_measured_pace_counts_but_never_under_the_configured_minutes() {
    let now = wed(12, 0);
    let slow = Load {
        recent_prep: [25, 20, 30].map(Span::minutes).to_vec(),
        ..Load::default()
    };
    assert_eq!(quote(&slow, Fulfilment::Pickup, 15, 40, now), wed(12, 25));
    // delivery: the kitchen's 25 plus the road (40 - 15)
    assert_eq!(quote(&slow, Fulfilment::Delivery, 15, 40, now), wed(12, 50));
    let fast = Load {
        recent_prep: [5, 6, 4].map(Span::minutes).to_vec(),
        ..Load::default()
    };
    assert_eq!(quote(&fast, Fulfilment::Pickup, 15, 40, now), wed(12, 15));
}

#[test]
fn busy_mode_adds_its_minutes_until_it_expires() {
    let now = wed(12, 0);
    let mut l = Load {
        busy: Some(Busy {
            minutes: 20,
            until: Some(wed(13, 0)),
        }),
        ..Load::default()
    };
    assert_eq!(quote(&l, Fulfilment::Pickup, 15, 40, now), wed(12, 35));
    assert_eq!(
        quote(&l, Fulfilment::Pickup, 15, 40, wed(13, 0)),
        wed(13, 15),
        "expired at 13:00"
    );
    l.busy = Some(Busy {
        minutes: 20,
        until: None,
    });
    assert_eq!(
        quote(&l, Fulfilment::Pickup, 15, 40, wed(20, 0)),
        wed(20, 35)
    );
    assert_eq!(
        busy_header(
            &Busy {
                minutes: 20,
                until: Some(wed(13, 30))
            },
            &tz()
        ),
        "BUSY +20 until 13:30"
    );
}

#[test]
fn the_b_key_cycles_off_10_20_30_off() {
    assert_eq!(next_busy_step(0), 10);
    assert_eq!(next_busy_step(10), 20);
    assert_eq!(next_busy_step(20), 30);
    assert_eq!(next_busy_step(30), 0);
    assert_eq!(next_busy_step(45), 0);
}

#[test]
fn quotes_round_up_to_the_minute() {
    let now = wed(12, 0) + Span::millis(1);
    assert_eq!(
        quote(&Load::default(), Fulfilment::Pickup, 15, 40, now),
        wed(12, 16)
    );
}

#[test]
fn slots_start_at_local_quarter_hours_in_istanbul() {
    assert_eq!(slot_start(wed(12, 7), 15, &tz()), wed(12, 0));
    assert_eq!(slot_start(wed(12, 15), 15, &tz()), wed(12, 15));
    assert_eq!(
        slot_start(wed(12, 29) + Span::millis(59_999), 15, &tz()),
        wed(12, 15)
    );
    assert_eq!(
        slot_start(wed(12, 15) - Span::millis(1), 15, &tz()),
        wed(12, 0),
        "the last millisecond before a boundary is the slot before"
    );
    // Istanbul is UTC+3: a slot is counted from local, not UTC, midnight
    assert_eq!(slot_start(wed(0, 20), 45, &tz()), wed(0, 0));
    assert_eq!(slot_start(wed(1, 40), 45, &tz()), wed(1, 30));
}

#[test]
fn slots_count_elapsed_time_from_midnight_on_a_clock_change_day() {
    // Berlin springs forward at 02:00 on 2026-03-29: 03:07 local is 2 h 7 min
    // after midnight, so 15-minute slots there start at 03:00 (midnight + 2 h)
    let berlin = jiff::tz::TimeZone::get("Europe/Berlin").expect("tz");
    let local = |s: &str| {
        At::from_millis(
            s.parse::<jiff::civil::DateTime>()
                .expect("dt")
                .to_zoned(berlin.clone())
                .expect("zoned")
                .timestamp()
                .as_millisecond(),
        )
    };
    assert_eq!(
        slot_start(local("2026-03-29T03:07"), 15, &berlin),
        local("2026-03-29T03:00")
    );
    assert_eq!(
        next_slot(local("2026-03-29T03:00"), 15, &berlin),
        local("2026-03-29T03:15")
    );
}

#[test]
fn slots_cross_midnight_into_the_next_day() {
    assert_eq!(slot_start(wed(23, 58), 15, &tz()), wed(23, 45));
    assert_eq!(next_slot(wed(23, 45), 15, &tz()), wed(24, 0));
    // 25 does not divide a day: the last slot is cut at midnight
    assert_eq!(slot_start(wed(23, 59), 25, &tz()), wed(23, 45));
    assert_eq!(next_slot(wed(23, 45), 25, &tz()), wed(24, 0));
    assert_eq!(slot_start(wed(24, 10), 25, &tz()), wed(24, 0));
}

#[test]
fn a_full_slot_offers_the_next_free_ones() {
    let h = hours("11:00-23:00");
    let now = wed(12, 0);
    let mut l = capped(2);
    l.slots_taken = vec![(wed(12, 15), 2), (wed(12, 30), 2), (wed(12, 45), 1)];
    let promised = quote(&l, Fulfilment::Pickup, 15, 40, now);
    match placement(&l, &h, &tz(), now, promised) {
        Placement::Full { slot, offered, .. } => {
            assert_eq!(slot, wed(12, 15));
            let at: Vec<At> = offered.iter().map(|s| s.at).collect();
            assert_eq!(at[0], wed(12, 45), "12:30 is full too");
            assert_eq!(at[1], wed(13, 0));
            assert_eq!(at.len(), ahead::MAX_SLOTS);
        }
        other => panic!("expected full, got {other:?}"),
    }
    l.slots_taken = vec![(wed(12, 15), 1)];
    assert_eq!(
        placement(&l, &h, &tz(), now, promised),
        Placement::Fits {
            promised_at: promised,
            slot: Some(wed(12, 15))
        }
    );
    assert_eq!(
        placement(&Load::default(), &h, &tz(), now, promised),
        Placement::Fits {
            promised_at: promised,
            slot: None
        },
        "no cap, no slot"
    );
}

#[test]
fn a_slot_straddling_closing_time_is_offered_and_none_after_it() {
    // closes 22:40; 45-minute slots start 21:45, 22:30 (straddles), 23:15
    let h = hours("11:00-22:40");
    let now = wed(21, 0);
    let mut l = capped(1);
    l.caps.slot_minutes = 45;
    l.slots_taken = vec![(wed(21, 0), 1), (wed(21, 45), 1)];
    let offered = free_slots(&l, &h, &tz(), now, wed(21, 0));
    let at: Vec<String> = offered.iter().map(|s| ahead::hhmm(s.at, &tz())).collect();
    // 22:30 starts before closing; tomorrow starts again at the first slot inside the hours
    assert_eq!(at.first().map(String::as_str), Some("22:30"));
    assert_eq!(at.get(1).map(String::as_str), Some("11:15"));
}

#[test]
fn late_is_past_the_promise_and_not_ready() {
    let at = wed;
    let p = Some(at(12, 15));
    assert!(!late_against_promise(p, OrderStatus::New, at(12, 15)));
    assert!(late_against_promise(
        p,
        OrderStatus::New,
        at(12, 15) + Span::millis(1)
    ));
    assert!(late_against_promise(p, OrderStatus::Preparing, at(12, 16)));
    assert!(!late_against_promise(p, OrderStatus::Ready, at(13, 0)));
    assert!(!late_against_promise(None, OrderStatus::New, at(13, 0)));
    assert_eq!(lateness(p, Some(at(12, 20))), Some(Span::minutes(5)));
    assert_eq!(lateness(p, Some(at(12, 10))), Some(Span::minutes(-5)));
    assert_eq!(lateness(p, None), None);
}
