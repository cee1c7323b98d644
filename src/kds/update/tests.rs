//! Tests of `update`: every decision the kitchen display makes, without a terminal.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::update;
use crate::domain::order::OrderStatus::{self, *};
use crate::events::OrderEvent;
use crate::kds::backend::ProductAvail;
use crate::kds::event::{ChimeKind, Command, Event};
use crate::kds::state::{Ageing, Mode, State, ageing};
use crate::kds::testutil::{T0, delivery, order, state};

fn press(s: &mut State, code: KeyCode) -> Vec<Command> {
    update(s, Event::Key(KeyEvent::new(code, KeyModifiers::NONE)), T0)
}

fn ch(s: &mut State, c: char) -> Vec<Command> {
    press(s, KeyCode::Char(c))
}

fn board(orders: Vec<crate::domain::order::Order>) -> State {
    let mut s = state(80, 24);
    s.loaded = false;
    update(&mut s, Event::Reloaded(orders), T0);
    s
}

fn set(number: i64, to: OrderStatus) -> Command {
    Command::SetStatus { number, to }
}

fn status_of(s: &State, number: i64) -> Option<OrderStatus> {
    s.order(number).map(|o| o.status)
}

#[test]
fn bump_walks_a_pickup_order_off_the_board() {
    let mut s = board(vec![order(7, T0)]);
    assert_eq!(press(&mut s, KeyCode::Enter), vec![set(7, Preparing)]);
    assert_eq!(status_of(&s, 7), Some(Preparing));
    assert_eq!(ch(&mut s, ' '), vec![set(7, Ready)]);
    assert_eq!(press(&mut s, KeyCode::Enter), vec![set(7, Delivered)]);
    assert_eq!(status_of(&s, 7), None, "delivered leaves the board");
    assert_eq!(s.selected, None);
    assert!(press(&mut s, KeyCode::Enter).is_empty(), "nothing left to bump");
}

#[test]
fn bump_takes_a_delivery_order_out_for_delivery_first() {
    let mut s = board(vec![delivery(8, T0, "Moda Cd. 1")]);
    let mut path = Vec::new();
    for _ in 0..4 {
        path.extend(press(&mut s, KeyCode::Enter));
    }
    assert_eq!(path, vec![set(8, Preparing), set(8, Ready), set(8, OutForDelivery), set(8, Delivered)]);
    assert!(s.orders.is_empty());
}

#[test]
fn recall_undoes_bumps_and_brings_a_delivered_order_back() {
    let mut s = board(vec![order(1, T0), order(2, T0 + 1)]);
    ch(&mut s, '2');
    press(&mut s, KeyCode::Enter); // 2: preparing
    press(&mut s, KeyCode::Enter); // 2: ready
    press(&mut s, KeyCode::Enter); // 2: delivered, off the board
    assert_eq!(s.selected, Some(1), "selection falls to the neighbour");
    assert_eq!(ch(&mut s, 'r'), vec![set(2, Ready)]);
    assert_eq!(status_of(&s, 2), Some(Ready));
    assert_eq!(s.selected, Some(2), "the recalled ticket is selected");
    assert_eq!(ch(&mut s, 'r'), vec![set(2, Preparing)]);
    assert_eq!(ch(&mut s, 'r'), vec![set(2, New)]);
    assert!(ch(&mut s, 'r').is_empty(), "nothing more to recall");
    assert_eq!(s.orders.iter().map(|o| o.number).collect::<Vec<_>>(), vec![1, 2]);
}

#[test]
fn cancel_needs_y_and_anything_else_keeps_the_order() {
    let mut s = board(vec![order(3, T0), order(4, T0 + 1)]);
    ch(&mut s, '2');
    assert!(ch(&mut s, 'c').is_empty());
    assert_eq!(s.mode, Mode::ConfirmCancel { number: 4 });
    assert!(press(&mut s, KeyCode::Enter).is_empty(), "Enter is not a yes");
    assert_eq!(s.mode, Mode::Board);
    assert_eq!(status_of(&s, 4), Some(New));
    ch(&mut s, 'c');
    assert!(ch(&mut s, 'n').is_empty());
    assert_eq!(status_of(&s, 4), Some(New));
    ch(&mut s, 'c');
    assert_eq!(ch(&mut s, 'y'), vec![set(4, Cancelled)]);
    assert_eq!(status_of(&s, 4), None);
    assert_eq!(s.mode, Mode::Board);
    assert!(ch(&mut s, 'r').is_empty(), "a cancellation cannot be recalled");
}

#[test]
fn quit_needs_a_confirmation() {
    let mut s = board(vec![]);
    assert!(ch(&mut s, 'q').is_empty());
    assert_eq!(s.mode, Mode::ConfirmQuit);
    assert!(ch(&mut s, 'x').is_empty());
    assert_eq!(s.mode, Mode::Board);
    ch(&mut s, 'q');
    assert_eq!(ch(&mut s, 'y'), vec![Command::Quit]);
    ch(&mut s, 'a');
    assert!(ch(&mut s, 'q').is_empty(), "q closes the all-day panel first");
    assert_eq!(s.mode, Mode::Board);
}

#[test]
fn availability_panel_loads_and_toggles_86() {
    let mut s = board(vec![]);
    assert_eq!(ch(&mut s, 'u'), vec![Command::LoadProducts]);
    let p = |id, name: &str, available| ProductAvail {
        id,
        name: name.into(),
        category: "İçecekler".into(),
        available,
    };
    update(&mut s, Event::Products(vec![p(10, "Ayran", true), p(11, "Şalgam", false)]), T0);
    assert_eq!(press(&mut s, KeyCode::Enter), vec![Command::SetAvailable { product_id: 10, available: false }]);
    assert!(!s.products[0].available, "optimistic 86");
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Down);
    assert_eq!(s.mode, Mode::Availability { selected: 1 }, "stops at the last product");
    assert_eq!(press(&mut s, KeyCode::Enter), vec![Command::SetAvailable { product_id: 11, available: true }]);
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.mode, Mode::Board);
    assert_eq!(update(&mut s, Event::Order(OrderEvent::MenuChanged), T0), vec![Command::LoadProducts]);
}

#[test]
fn paging_moves_by_whole_pages_and_counts_everything() {
    // 80×24 fits three tickets per page
    let mut s = board((1..=7).map(|n| order(n, T0 + n)).collect());
    assert_eq!((s.per_page(), s.page_count(), s.page_range()), (3, 3, 0..3));
    ch(&mut s, 'n');
    assert_eq!((s.page, s.selected, s.page_range()), (1, Some(4), 3..6));
    press(&mut s, KeyCode::PageDown);
    press(&mut s, KeyCode::PageDown);
    assert_eq!((s.page, s.selected, s.page_range()), (2, Some(7), 6..7), "stops at the last page");
    ch(&mut s, 'p');
    assert_eq!((s.page, s.selected), (1, Some(4)));
    press(&mut s, KeyCode::Right);
    press(&mut s, KeyCode::Right);
    press(&mut s, KeyCode::Right);
    assert_eq!((s.page, s.selected), (2, Some(7)), "the selection carries the page");
    assert!(ch(&mut s, '2').is_empty(), "no second ticket on the last page");
    assert_eq!(s.selected, Some(7));
    // a bigger screen shows them all: the page follows the selection
    update(&mut s, Event::Resize(160, 48), T0);
    assert_eq!((s.page_count(), s.page), (1, 0));
}

#[test]
fn ageing_thresholds_are_inclusive() {
    let (w, l) = (5 * 60_000, 8 * 60_000);
    assert_eq!(ageing(w - 1, w, l), Ageing::Fresh);
    assert_eq!(ageing(w, w, l), Ageing::Warn);
    assert_eq!(ageing(l - 1, w, l), Ageing::Warn);
    assert_eq!(ageing(l, w, l), Ageing::Late);
    let mut s = board(vec![order(1, T0)]);
    assert_eq!(s.ageing_of(&s.orders[0], T0 + l), Ageing::Late);
    s.orders[0].status = Ready;
    assert_eq!(s.ageing_of(&s.orders[0], T0 + l), Ageing::Done, "ready tickets stop ageing");
}

#[test]
fn a_new_order_rings_until_its_ticket_is_touched() {
    let mut s = board(vec![order(1, T0)]);
    let placed = |n| Event::Order(OrderEvent::Placed(Box::new(order(n, T0 + n))));
    assert_eq!(update(&mut s, placed(2), T0), vec![Command::Chime(ChimeKind::NewOrder)]);
    assert!(update(&mut s, Event::Tick, T0 + 19_999).is_empty());
    assert_eq!(update(&mut s, Event::Tick, T0 + 20_000), vec![Command::Chime(ChimeKind::NewOrder)]);
    assert!(update(&mut s, Event::Tick, T0 + 21_000).is_empty());
    assert_eq!(s.selected, Some(1), "arrival does not steal the selection");
    assert_eq!(ch(&mut s, '2'), vec![Command::StopChime]);
    assert!(update(&mut s, Event::Tick, T0 + 60_000).is_empty(), "touched: silent");
    assert!(update(&mut s, placed(2), T0).is_empty(), "a repeated Placed does not ring again");
}

#[test]
fn mute_silences_and_bump_elsewhere_counts_as_touch() {
    let mut s = board(vec![]);
    let placed = |n| Event::Order(OrderEvent::Placed(Box::new(order(n, T0 + n))));
    assert_eq!(ch(&mut s, 'm'), vec![Command::StopChime]);
    assert!(update(&mut s, placed(5), T0).is_empty(), "muted");
    assert!(update(&mut s, Event::Tick, T0 + 20_000).is_empty());
    ch(&mut s, 'm');
    assert_eq!(update(&mut s, Event::Tick, T0 + 40_000), vec![Command::Chime(ChimeKind::NewOrder)]);
    let moved = OrderEvent::StatusChanged { number: 5, status: Preparing, at: T0 };
    assert_eq!(update(&mut s, Event::Order(moved), T0), vec![Command::StopChime]);
    assert_eq!(status_of(&s, 5), Some(Preparing));
    assert!(update(&mut s, Event::Tick, T0 + 60_000).is_empty());
}

#[test]
fn cancellation_from_elsewhere_plays_the_other_sound() {
    let mut s = board(vec![order(1, T0), order(2, T0)]);
    let cancelled = OrderEvent::StatusChanged { number: 2, status: Cancelled, at: T0 };
    assert_eq!(update(&mut s, Event::Order(cancelled.clone()), T0), vec![Command::Chime(ChimeKind::Cancelled)]);
    assert_eq!(status_of(&s, 2), None);
    assert!(update(&mut s, Event::Order(cancelled), T0).is_empty(), "unknown order: no sound");
}

#[test]
fn lag_and_unknown_orders_reload_from_the_store() {
    let mut s = board(vec![order(1, T0)]);
    assert_eq!(update(&mut s, Event::Order(OrderEvent::Reload), T0), vec![Command::Reload]);
    // a recall done elsewhere brings back an order this display no longer has
    let back = OrderEvent::StatusChanged { number: 9, status: Ready, at: T0 };
    assert_eq!(update(&mut s, Event::Order(back), T0), vec![Command::Reload]);
}

#[test]
fn reload_rings_only_for_orders_placed_by_another_process() {
    let mut s = state(80, 24);
    s.loaded = false;
    assert!(update(&mut s, Event::Reloaded(vec![order(1, T0)]), T0).is_empty(), "first load is silent");
    let mut done = order(3, T0);
    done.status = Delivered;
    let cmds = update(&mut s, Event::Reloaded(vec![order(1, T0), order(2, T0), done]), T0);
    assert_eq!(cmds, vec![Command::Chime(ChimeKind::NewOrder)]);
    assert_eq!(s.orders.len(), 2, "closed orders are dropped");
    assert!(s.ringing.contains_key(&2) && !s.ringing.contains_key(&1));
}

#[test]
fn failures_are_shown_and_esc_clears_them() {
    let mut s = board(vec![]);
    assert!(update(&mut s, Event::CommandFailed("#4 → ready: database is locked".into()), T0).is_empty());
    assert_eq!(s.error.as_ref().map(|e| e.text.as_str()), Some("#4 → ready: database is locked"));
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.error, None);
}
