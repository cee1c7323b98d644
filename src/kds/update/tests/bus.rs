//! Orders arriving and moving, ageing, the chime, reloads and failures.

use crossterm::event::KeyCode;

use super::{board, ch, press, status_of};
use crate::domain::order::OrderStatus::*;
use crate::domain::time::Span;
use crate::events::OrderEvent;
use crate::kds::event::{ChimeKind, Command, Event};
use crate::kds::state::{Ageing, ageing};
use crate::kds::testutil::{T0, at, order, state};
use crate::kds::update::update;

#[test]
fn ageing_thresholds_are_inclusive() {
    let (w, l) = (Span::minutes(5), Span::minutes(8));
    let ms = Span::millis(1);
    assert_eq!(ageing(w - ms, w, l), Ageing::Fresh);
    assert_eq!(ageing(w, w, l), Ageing::Warn);
    assert_eq!(ageing(l - ms, w, l), Ageing::Warn);
    assert_eq!(ageing(l, w, l), Ageing::Late);
    let mut s = board(vec![order(1, T0)]);
    assert_eq!(s.ageing_of(&s.orders[0], at(T0) + l), Ageing::Late);
    s.orders[0].status = Ready;
    assert_eq!(
        s.ageing_of(&s.orders[0], at(T0) + l),
        Ageing::Done,
        "ready tickets stop ageing"
    );
}

#[test]
fn a_ticket_turns_at_exactly_the_configured_minutes() {
    // settings(): warn after 5 minutes, late after 8; the ticket came in at T0
    let s = board(vec![order(1, T0)]);
    let o = &s.orders[0];
    let placed = at(T0);
    let ms = Span::millis(1);
    assert_eq!(
        s.ageing_of(o, placed + Span::minutes(5) - ms),
        Ageing::Fresh
    );
    assert_eq!(s.ageing_of(o, placed + Span::minutes(5)), Ageing::Warn);
    assert_eq!(s.ageing_of(o, placed + Span::minutes(8) - ms), Ageing::Warn);
    assert_eq!(s.ageing_of(o, placed + Span::minutes(8)), Ageing::Late);
    assert_eq!(s.ageing_of(o, placed + Span::seconds(299)), Ageing::Fresh);
}

#[test]
fn a_new_order_rings_until_its_ticket_is_touched() {
    let mut s = board(vec![order(1, T0)]);
    let placed = |n| Event::Order(OrderEvent::Placed(Box::new(order(n, T0 + n))));
    assert_eq!(
        update(&mut s, placed(2), at(T0)),
        vec![Command::Chime(ChimeKind::NewOrder)]
    );
    assert!(update(&mut s, Event::Tick, at(T0 + 19_999)).is_empty());
    assert_eq!(
        update(&mut s, Event::Tick, at(T0 + 20_000)),
        vec![Command::Chime(ChimeKind::NewOrder)]
    );
    assert!(update(&mut s, Event::Tick, at(T0 + 21_000)).is_empty());
    assert_eq!(
        s.selected,
        Some(crate::domain::OrderNumber::new(1)),
        "arrival does not steal the selection"
    );
    assert_eq!(ch(&mut s, '2'), vec![Command::StopChime]);
    assert!(
        update(&mut s, Event::Tick, at(T0 + 60_000)).is_empty(),
        "touched: silent"
    );
    assert!(
        update(&mut s, placed(2), at(T0)).is_empty(),
        "a repeated Placed does not ring again"
    );
}

#[test]
fn mute_silences_and_bump_elsewhere_counts_as_touch() {
    let mut s = board(vec![]);
    let placed = |n| Event::Order(OrderEvent::Placed(Box::new(order(n, T0 + n))));
    assert_eq!(ch(&mut s, 'm'), vec![Command::StopChime]);
    assert!(update(&mut s, placed(5), at(T0)).is_empty(), "muted");
    assert!(update(&mut s, Event::Tick, at(T0 + 20_000)).is_empty());
    ch(&mut s, 'm');
    assert_eq!(
        update(&mut s, Event::Tick, at(T0 + 40_000)),
        vec![Command::Chime(ChimeKind::NewOrder)]
    );
    let moved = OrderEvent::StatusChanged {
        number: crate::domain::OrderNumber::new(5),
        status: Preparing,
        at: T0,
    };
    assert_eq!(
        update(&mut s, Event::Order(moved), at(T0)),
        vec![Command::StopChime]
    );
    assert_eq!(status_of(&s, 5), Some(Preparing));
    assert!(update(&mut s, Event::Tick, at(T0 + 60_000)).is_empty());
}

#[test]
fn cancellation_from_elsewhere_plays_the_other_sound() {
    let mut s = board(vec![order(1, T0), order(2, T0)]);
    let cancelled = OrderEvent::StatusChanged {
        number: crate::domain::OrderNumber::new(2),
        status: Cancelled,
        at: T0,
    };
    assert_eq!(
        update(&mut s, Event::Order(cancelled.clone()), at(T0)),
        vec![Command::Chime(ChimeKind::Cancelled)]
    );
    assert_eq!(status_of(&s, 2), None);
    assert!(
        update(&mut s, Event::Order(cancelled), at(T0)).is_empty(),
        "unknown order: no sound"
    );
}

#[test]
fn lag_and_unknown_orders_reload_from_the_store() {
    let mut s = board(vec![order(1, T0)]);
    assert_eq!(
        update(&mut s, Event::Order(OrderEvent::Reload), at(T0)),
        vec![Command::Reload]
    );
    // a recall done elsewhere brings back an order this display no longer has
    let back = OrderEvent::StatusChanged {
        number: crate::domain::OrderNumber::new(9),
        status: Ready,
        at: T0,
    };
    assert_eq!(
        update(&mut s, Event::Order(back), at(T0)),
        vec![Command::Reload]
    );
}

#[test]
fn reload_rings_only_for_orders_placed_by_another_process() {
    let mut s = state(80, 24);
    s.loaded = false;
    assert!(
        update(&mut s, Event::Reloaded(vec![order(1, T0)]), at(T0)).is_empty(),
        "first load is silent"
    );
    let mut done = order(3, T0);
    done.status = Delivered;
    let cmds = update(
        &mut s,
        Event::Reloaded(vec![order(1, T0), order(2, T0), done]),
        at(T0),
    );
    assert_eq!(cmds, vec![Command::Chime(ChimeKind::NewOrder)]);
    assert_eq!(s.orders.len(), 2, "closed orders are dropped");
    assert!(
        s.ringing.contains_key(&crate::domain::OrderNumber::new(2))
            && !s.ringing.contains_key(&crate::domain::OrderNumber::new(1))
    );
}

#[test]
fn failures_are_shown_and_esc_clears_them() {
    let mut s = board(vec![]);
    assert!(
        update(
            &mut s,
            Event::CommandFailed("#4 → ready: database is locked".into()),
            at(T0)
        )
        .is_empty()
    );
    assert_eq!(
        s.error.as_ref().map(|e| e.text.as_str()),
        Some("#4 → ready: database is locked")
    );
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.error, None);
}

#[test]
fn an_order_placed_ahead_rings_when_it_reaches_the_board_and_ages_from_then() {
    let mut s = board(vec![order(1, T0)]);
    // booked twelve hours ago for now + 15 minutes, released now
    let mut ahead = order(2, T0 - 12 * 3_600_000);
    ahead.scheduled_for = Some(at(T0) + Span::minutes(15));
    ahead.board_at = Some(at(T0));
    assert!(
        update(
            &mut s,
            Event::Order(OrderEvent::Upcoming {
                number: 2.into(),
                board_at: T0
            }),
            at(T0 - 1)
        )
        .is_empty(),
        "announced as upcoming: nothing on the board, no chime"
    );
    assert_eq!(s.orders.len(), 1);
    assert_eq!(
        update(
            &mut s,
            Event::Order(OrderEvent::Placed(Box::new(ahead))),
            at(T0)
        ),
        vec![Command::Chime(ChimeKind::NewOrder)]
    );
    let o = s.order(2.into()).expect("on the board");
    assert_eq!(
        s.ageing_of(o, at(T0 + 60_000)),
        Ageing::Fresh,
        "not twelve hours late"
    );
    assert_eq!(
        s.orders.iter().map(|o| o.number).collect::<Vec<_>>(),
        [1, 2],
        "behind the order that was there first"
    );
}
