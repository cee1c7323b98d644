//! A customer's cancel request on the board: the bus event marks the ticket
//! (snapshot), `x` opens the question, `y` accepts, `n` refuses, any other key
//! decides nothing, and `x` on an unmarked ticket only says so.

use crossterm::event::KeyCode;

use super::event::{ChimeKind, Command, Event};
use super::snapshot_tests::{key, rush, screen};
use super::state::{Mode, State};
use super::testutil::{T0, at, state};
use super::update;
use crate::domain::OrderNumber;
use crate::events::OrderEvent;

fn n(x: i64) -> OrderNumber {
    OrderNumber::new(x)
}

fn asked(s: &mut State, number: OrderNumber) -> Vec<Command> {
    update(
        s,
        Event::Order(OrderEvent::CancelRequested {
            number,
            at: Some(T0),
        }),
        at(T0),
    )
}

fn keys(s: &mut State, code: KeyCode) -> Vec<Command> {
    update(
        s,
        Event::Key(crossterm::event::KeyEvent::new(
            code,
            crossterm::event::KeyModifiers::NONE,
        )),
        at(T0),
    )
}

#[test]
fn the_request_marks_the_ticket_80x24() {
    let mut s = state(80, 24);
    rush(&mut s);
    let cmds = asked(&mut s, n(43));
    assert!(
        cmds.contains(&Command::Chime(ChimeKind::Cancelled)),
        "{cmds:?}"
    );
    assert!(
        s.order(n(43))
            .is_some_and(|o| o.cancel_requested_at == Some(at(T0)))
    );
    insta::assert_snapshot!(screen(&s, T0).backend());
}

#[test]
fn x_asks_and_y_accepts_80x24() {
    let mut s = state(80, 24);
    rush(&mut s);
    asked(&mut s, n(43));
    key(&mut s, KeyCode::Char('3'), T0);
    key(&mut s, KeyCode::Char('x'), T0);
    assert_eq!(s.mode, Mode::AnswerCancel { number: n(43) });
    insta::assert_snapshot!(screen(&s, T0).backend());
    let cmds = keys(&mut s, KeyCode::Char('y'));
    assert!(cmds.contains(&Command::AnswerCancel {
        number: n(43),
        accept: true
    }));
    assert!(s.order(n(43)).is_none(), "cancelled: off the board");
    assert_eq!(s.mode, Mode::Board);
}

#[test]
fn n_refuses_and_other_keys_decide_nothing() {
    let mut s = state(80, 24);
    rush(&mut s);
    asked(&mut s, n(43));
    key(&mut s, KeyCode::Char('3'), T0);
    key(&mut s, KeyCode::Char('x'), T0);
    let cmds = keys(&mut s, KeyCode::Enter);
    assert!(cmds.is_empty(), "{cmds:?}");
    assert_eq!(s.mode, Mode::Board);
    assert!(
        s.order(n(43))
            .is_some_and(|o| o.cancel_requested_at.is_some())
    );
    key(&mut s, KeyCode::Char('x'), T0);
    let cmds = keys(&mut s, KeyCode::Char('n'));
    assert!(cmds.contains(&Command::AnswerCancel {
        number: n(43),
        accept: false
    }));
    assert!(
        s.order(n(43))
            .is_some_and(|o| o.cancel_requested_at.is_none())
    );
    // staff refused on another board: the mark goes here too
    asked(&mut s, n(43));
    update(
        &mut s,
        Event::Order(OrderEvent::CancelRequested {
            number: n(43),
            at: None,
        }),
        at(T0),
    );
    assert!(
        s.order(n(43))
            .is_some_and(|o| o.cancel_requested_at.is_none())
    );
}

#[test]
fn x_on_a_ticket_without_a_request_only_says_so() {
    let mut s = state(80, 24);
    rush(&mut s);
    key(&mut s, KeyCode::Char('1'), T0);
    let cmds = keys(&mut s, KeyCode::Char('x'));
    assert!(cmds.is_empty());
    assert_eq!(s.mode, Mode::Board);
    assert!(
        s.flash
            .as_ref()
            .is_some_and(|f| f.text.contains("no cancel request"))
    );
}
