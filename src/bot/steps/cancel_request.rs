//! Asking the shop to cancel an order the kitchen already started: the
//! customer confirms, the request goes to the board (the driver marks the
//! order), and staff accept or refuse there; their answer reaches the
//! customer from the kitchen side. An order still `new` is cancelled as before.

use crate::copy::{self, labels};
use crate::domain::OrderNumber;
use crate::domain::order::OrderStatus;
use crate::domain::reply::Choice;

use super::{Turn, browse, orders};
use crate::bot::api::{Effect, OrderBrief};
use crate::bot::ids::Action;
use crate::bot::render::buttons;

/// The customer's own open order `number`, if the kitchen has started it.
fn started(turn: &Turn, number: OrderNumber) -> Option<OrderBrief> {
    turn.ctx
        .customer
        .open_orders
        .iter()
        .find(|o| o.number == number && o.status != OrderStatus::New && o.status.is_open())
        .copied()
}

/// The first started order without a request yet: what "iptal" offers to ask about.
pub fn candidate(turn: &Turn) -> Option<OrderBrief> {
    turn.ctx
        .customer
        .open_orders
        .iter()
        .find(|o| o.status != OrderStatus::New && o.status.is_open() && !o.cancel_requested)
        .copied()
}

/// Is `number` one of the customer's orders still new (the kitchen has not
/// started it)? Then it is cancelled outright, not asked about.
fn still_new(turn: &Turn, number: OrderNumber) -> bool {
    turn.ctx
        .customer
        .open_orders
        .iter()
        .any(|o| o.number == number && o.status == OrderStatus::New)
}

/// "Ask to cancel #N": explain that the shop decides, and ask first.
pub fn ask(turn: &mut Turn, number: OrderNumber) {
    let lang = turn.lang();
    if still_new(turn, number) {
        return orders::ask(turn, number);
    }
    let Some(o) = started(turn, number) else {
        turn.out.note(copy::cancel_not_possible(lang, number));
        return browse::home(turn, false);
    };
    if o.cancel_requested {
        return requested(turn, number, true);
    }
    let b = vec![
        Choice::new(
            Action::CancelRequestYes { number }.id(),
            copy::ask_shop_button(lang),
        ),
        Choice::new(Action::Orders.id(), labels::keep_order(lang)),
    ];
    turn.out
        .push(buttons(copy::cancel_request_ask(lang, number), b));
}

/// "Yes, ask the shop": the driver puts the request on the board.
pub fn send(turn: &mut Turn, number: OrderNumber) {
    if still_new(turn, number) {
        return orders::cancel(turn, number);
    }
    match started(turn, number) {
        Some(o) if o.cancel_requested => requested(turn, number, true),
        Some(_) => turn.out.effect = Some(Effect::RequestCancel { number }),
        None => {
            turn.out
                .note(copy::cancel_not_possible(turn.lang(), number));
            browse::home(turn, false);
        }
    }
}

/// The request waits on the board: the shop decides, the customer will be told.
pub fn requested(turn: &mut Turn, number: OrderNumber, already: bool) {
    let lang = turn.lang();
    let text = if already {
        copy::cancel_already_requested(lang, number)
    } else {
        copy::cancel_requested(lang, number)
    };
    let b = vec![
        Choice::new(Action::Orders.id(), labels::my_orders(lang)),
        Choice::new(Action::Categories { page: 0 }.id(), labels::menu(lang)),
    ];
    turn.out.push(buttons(text, b));
}
