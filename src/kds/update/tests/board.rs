//! Keys on the board and in the panels.

use crossterm::event::KeyCode;

use super::{board, ch, press, set, status_of};
use crate::domain::order::OrderStatus::*;
use crate::events::OrderEvent;
use crate::kds::backend::ProductAvail;
use crate::kds::event::{Command, Event};
use crate::kds::state::Mode;
use crate::kds::testutil::{T0, at, delivery, order};
use crate::kds::update::update;

#[test]
fn bump_walks_a_pickup_order_off_the_board() {
    let mut s = board(vec![order(7, T0)]);
    assert_eq!(press(&mut s, KeyCode::Enter), vec![set(7, Preparing)]);
    assert_eq!(status_of(&s, 7), Some(Preparing));
    assert_eq!(ch(&mut s, ' '), vec![set(7, Ready)]);
    assert_eq!(press(&mut s, KeyCode::Enter), vec![set(7, Delivered)]);
    assert_eq!(status_of(&s, 7), None, "delivered leaves the board");
    assert_eq!(s.selected, None);
    assert!(
        press(&mut s, KeyCode::Enter).is_empty(),
        "nothing left to bump"
    );
}

#[test]
fn bump_takes_a_delivery_order_out_for_delivery_first() {
    let mut s = board(vec![delivery(8, T0, "Moda Cd. 1")]);
    let mut path = Vec::new();
    for _ in 0..4 {
        path.extend(press(&mut s, KeyCode::Enter));
    }
    assert_eq!(
        path,
        vec![
            set(8, Preparing),
            set(8, Ready),
            set(8, OutForDelivery),
            set(8, Delivered)
        ]
    );
    assert!(s.orders.is_empty());
}

#[test]
fn recall_undoes_bumps_and_brings_a_delivered_order_back() {
    let mut s = board(vec![order(1, T0), order(2, T0 + 1)]);
    ch(&mut s, '2');
    press(&mut s, KeyCode::Enter); // 2: preparing
    press(&mut s, KeyCode::Enter); // 2: ready
    press(&mut s, KeyCode::Enter); // 2: delivered, off the board
    assert_eq!(
        s.selected,
        Some(crate::domain::OrderNumber::new(1)),
        "selection falls to the neighbour"
    );
    assert_eq!(ch(&mut s, 'r'), vec![set(2, Ready)]);
    assert_eq!(status_of(&s, 2), Some(Ready));
    assert_eq!(
        s.selected,
        Some(crate::domain::OrderNumber::new(2)),
        "the recalled ticket is selected"
    );
    assert_eq!(ch(&mut s, 'r'), vec![set(2, Preparing)]);
    assert_eq!(ch(&mut s, 'r'), vec![set(2, New)]);
    assert!(ch(&mut s, 'r').is_empty(), "nothing more to recall");
    assert_eq!(
        s.orders.iter().map(|o| o.number).collect::<Vec<_>>(),
        vec![1, 2]
    );
}

#[test]
fn cancel_needs_y_and_anything_else_keeps_the_order() {
    let mut s = board(vec![order(3, T0), order(4, T0 + 1)]);
    ch(&mut s, '2');
    assert!(ch(&mut s, 'c').is_empty());
    assert_eq!(
        s.mode,
        Mode::ConfirmCancel {
            number: crate::domain::OrderNumber::new(4)
        }
    );
    assert!(
        press(&mut s, KeyCode::Enter).is_empty(),
        "Enter is not a yes"
    );
    assert_eq!(s.mode, Mode::Board);
    assert_eq!(status_of(&s, 4), Some(New));
    ch(&mut s, 'c');
    assert!(ch(&mut s, 'n').is_empty());
    assert_eq!(status_of(&s, 4), Some(New));
    ch(&mut s, 'c');
    assert_eq!(ch(&mut s, 'y'), vec![set(4, Cancelled)]);
    assert_eq!(status_of(&s, 4), None);
    assert_eq!(s.mode, Mode::Board);
    assert!(
        ch(&mut s, 'r').is_empty(),
        "a cancellation cannot be recalled"
    );
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
    assert!(
        ch(&mut s, 'q').is_empty(),
        "q closes the all-day panel first"
    );
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
    update(
        &mut s,
        Event::Products(vec![p(10, "Ayran", true), p(11, "Şalgam", false)]),
        at(T0),
    );
    assert_eq!(
        press(&mut s, KeyCode::Enter),
        vec![Command::SetAvailable {
            product_id: 10,
            available: false
        }]
    );
    assert!(!s.products[0].available, "optimistic 86");
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Down);
    assert_eq!(
        s.mode,
        Mode::Availability { selected: 1 },
        "stops at the last product"
    );
    assert_eq!(
        press(&mut s, KeyCode::Enter),
        vec![Command::SetAvailable {
            product_id: 11,
            available: true
        }]
    );
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.mode, Mode::Board);
    assert_eq!(
        update(&mut s, Event::Order(OrderEvent::MenuChanged), at(T0)),
        vec![Command::LoadProducts]
    );
}

#[test]
fn paging_moves_by_whole_pages_and_counts_everything() {
    // 80×24: a one-item ticket is 5 rows, four to a 21-row column, three columns
    let mut s = board((1..=30).map(|n| order(n, T0 + n)).collect());
    assert_eq!((s.page_count(), s.page_range()), (3, 0..12));
    ch(&mut s, 'n');
    assert_eq!(
        (s.page, s.selected, s.page_range()),
        (1, Some(crate::domain::OrderNumber::new(13)), 12..24)
    );
    press(&mut s, KeyCode::PageDown);
    press(&mut s, KeyCode::PageDown);
    assert_eq!(
        (s.page, s.selected, s.page_range()),
        (2, Some(crate::domain::OrderNumber::new(25)), 24..30),
        "stops at the last page"
    );
    ch(&mut s, 'p');
    assert_eq!(
        (s.page, s.selected),
        (1, Some(crate::domain::OrderNumber::new(13)))
    );
    for _ in 0..12 {
        press(&mut s, KeyCode::Down);
    }
    assert_eq!(
        (s.page, s.selected),
        (2, Some(crate::domain::OrderNumber::new(25))),
        "the selection carries the page"
    );
    assert!(
        ch(&mut s, '7').is_empty(),
        "no seventh ticket on the last page"
    );
    assert_eq!(s.selected, Some(crate::domain::OrderNumber::new(25)));
    // a bigger screen shows them all: the page follows the selection
    update(&mut s, Event::Resize(160, 48), at(T0));
    assert_eq!((s.page_count(), s.page), (1, 0));
}

#[test]
fn arrows_follow_the_columns() {
    // columns of four: #1–#4 | #5–#8 | #9–#12
    let mut s = board((1..=12).map(|n| order(n, T0 + n)).collect());
    ch(&mut s, '2');
    press(&mut s, KeyCode::Right);
    assert_eq!(
        s.selected,
        Some(crate::domain::OrderNumber::new(6)),
        "same height, next column"
    );
    press(&mut s, KeyCode::Right);
    press(&mut s, KeyCode::Down);
    assert_eq!(s.selected, Some(crate::domain::OrderNumber::new(11)));
    press(&mut s, KeyCode::Right);
    assert_eq!(
        s.selected,
        Some(crate::domain::OrderNumber::new(12)),
        "no column further: the next ticket"
    );
    press(&mut s, KeyCode::Left);
    assert_eq!(s.selected, Some(crate::domain::OrderNumber::new(8)));
    press(&mut s, KeyCode::Up);
    assert_eq!(s.selected, Some(crate::domain::OrderNumber::new(7)));
}

#[test]
fn rush_moves_an_order_to_the_front_and_the_same_key_clears_it() {
    let mut s = board((1..=3).map(|n| order(n, T0 + n)).collect());
    ch(&mut s, '3');
    assert_eq!(
        ch(&mut s, '*'),
        vec![Command::SetRush {
            number: crate::domain::OrderNumber::new(3),
            rush: true
        }]
    );
    let numbers =
        |s: &crate::kds::state::State| s.orders.iter().map(|o| o.number).collect::<Vec<_>>();
    assert_eq!(numbers(&s), vec![3, 1, 2]);
    assert_eq!(
        s.selected,
        Some(crate::domain::OrderNumber::new(3)),
        "the selection follows it"
    );
    assert!(s.orders[0].rush);
    assert_eq!(
        ch(&mut s, '*'),
        vec![Command::SetRush {
            number: crate::domain::OrderNumber::new(3),
            rush: false
        }]
    );
    assert_eq!(numbers(&s), vec![1, 2, 3], "back in its place");
    // another screen marked #2: it comes to the front here too
    update(
        &mut s,
        Event::Order(OrderEvent::Rush {
            number: crate::domain::OrderNumber::new(2),
            rush: true,
        }),
        at(T0),
    );
    assert_eq!(numbers(&s), vec![2, 1, 3]);
    // and a reload keeps the store's flag
    let mut fresh: Vec<_> = (1..=3).map(|n| order(n, T0 + n)).collect();
    fresh[2].rush = true;
    update(&mut s, Event::Reloaded(fresh), at(T0));
    assert_eq!(numbers(&s), vec![3, 1, 2]);
}

#[test]
fn shift_p_queues_a_reprint_of_the_selected_ticket_and_changes_nothing_else() {
    let mut s = board(vec![order(5, T0), order(6, T0 + 1)]);
    ch(&mut s, '2');
    assert_eq!(
        ch(&mut s, 'P'),
        vec![Command::Print {
            number: crate::domain::OrderNumber::new(6)
        }]
    );
    assert_eq!(status_of(&s, 6), Some(New), "printing is not a bump");
    assert!(
        ch(&mut s, 'p')
            .iter()
            .all(|c| !matches!(c, Command::Print { .. }))
    );
}
