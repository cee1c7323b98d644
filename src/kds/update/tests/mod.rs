//! Tests of `update`: every decision the kitchen display makes, without a
//! terminal. `board`: keys; `bus`: orders arriving, ageing, the chime, reloads.

mod board;
mod bus;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::update;
use crate::domain::order::{Order, OrderStatus};
use crate::kds::event::{Command, Event};
use crate::kds::state::State;
use crate::kds::testutil::{T0, at, state};

pub(super) fn press(s: &mut State, code: KeyCode) -> Vec<Command> {
    update(
        s,
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE)),
        at(T0),
    )
}

pub(super) fn ch(s: &mut State, c: char) -> Vec<Command> {
    press(s, KeyCode::Char(c))
}

pub(super) fn board(orders: Vec<Order>) -> State {
    let mut s = state(80, 24);
    s.loaded = false;
    update(&mut s, Event::Reloaded(orders), at(T0));
    s
}

pub(super) fn set(number: i64, to: OrderStatus) -> Command {
    Command::SetStatus {
        number: crate::domain::OrderNumber::new(number),
        to,
    }
}

pub(super) fn status_of(s: &State, number: i64) -> Option<OrderStatus> {
    s.order(crate::domain::OrderNumber::new(number))
        .map(|o| o.status)
}
