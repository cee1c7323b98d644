//! Taps on the terminal board, through `update` as the run loop feeds them:
//! a tap selects the ticket under it, a second tap within a second bumps it,
//! a late second tap only selects, the footer's "bump" and "page" are
//! buttons, the wheel pages.

use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::event::{Command, Event};
use super::state::HEADER_H;
use super::testutil::{T0, at, order, state};
use super::update::update;
use super::view::footer;
use crate::domain::OrderNumber;
use crate::domain::order::OrderStatus;

fn click(column: u16, row: u16) -> Event {
    Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

fn bumped(cmds: &[Command]) -> bool {
    cmds.iter().any(|c| {
        matches!(
            c,
            Command::SetStatus {
                to: OrderStatus::Preparing,
                ..
            }
        )
    })
}

#[test]
fn a_tap_selects_and_a_second_tap_within_a_second_bumps() {
    let mut s = state(100, 30);
    update(
        &mut s,
        Event::Reloaded(vec![order(1, T0), order(2, T0 + 1)]),
        at(T0),
    );
    let l = s.layout();
    let p = *l.pages[0]
        .pieces
        .iter()
        .find(|p| p.index == 1)
        .expect("#2 on the page");
    let (x, y) = (l.x(p.col) + 2, HEADER_H + p.y + 1);
    assert_eq!(
        s.selected,
        Some(OrderNumber::new(1)),
        "the first is selected on load"
    );
    let cmds = update(&mut s, click(x, y), at(T0 + 10));
    assert_eq!(s.selected, Some(OrderNumber::new(2)));
    assert!(!bumped(&cmds));
    // too late for a double tap: selects again, no bump
    let cmds = update(&mut s, click(x, y), at(T0 + 2000));
    assert!(!bumped(&cmds));
    let cmds = update(&mut s, click(x, y), at(T0 + 2500));
    assert!(bumped(&cmds), "{cmds:?}");
    // a tap on nothing does nothing
    let cmds = update(&mut s, click(99, 28), at(T0 + 5000));
    assert!(cmds.is_empty());
}

#[test]
fn the_footer_words_are_buttons_and_the_wheel_pages() {
    let mut s = state(120, 30);
    update(&mut s, Event::Reloaded(vec![order(1, T0)]), at(T0));
    let buttons = footer::buttons(&s, at(T0));
    let (from, _, _) = *buttons
        .iter()
        .find(|b| b.2 == "bump")
        .expect("a bump button");
    // nothing selected: the footer's bump selects nothing, so select first
    let first_x = s.layout().x(0) + 2;
    update(&mut s, click(first_x, HEADER_H + 1), at(T0 + 10));
    let cmds = update(&mut s, click(from + 1, 29), at(T0 + 5000));
    assert!(bumped(&cmds), "{buttons:?} {cmds:?}");
    assert!(buttons.iter().any(|b| b.2 == "86"), "{buttons:?}");
    let wheel = Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 5,
        row: 5,
        modifiers: KeyModifiers::NONE,
    });
    update(&mut s, wheel, at(T0 + 6000));
    assert_eq!(s.page, 0, "one page only: the wheel stays");
}
