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
fn started(t: &Turn, number: OrderNumber) -> Option<OrderBrief> {
    t.ctx
        .customer
        .open_orders
        .iter()
        .find(|o| o.number == number && o.status != OrderStatus::New && o.status.is_open())
        .copied()
}

/// The first started order without a request yet: what "iptal" offers to ask about.
pub fn candidate(t: &Turn) -> Option<OrderBrief> {
    t.ctx
        .customer
        .open_orders
        .iter()
        .find(|o| o.status != OrderStatus::New && o.status.is_open() && !o.cancel_requested)
        .copied()
}

/// Is `number` one of the customer's orders still new (the kitchen has not
/// started it)? Then it is cancelled outright, not asked about.
fn still_new(t: &Turn, number: OrderNumber) -> bool {
    t.ctx
        .customer
        .open_orders
        .iter()
        .any(|o| o.number == number && o.status == OrderStatus::New)
}

/// "Ask to cancel #N": explain that the shop decides, and ask first.
pub fn ask(t: &mut Turn, number: OrderNumber) {
    let lang = t.lang();
    if still_new(t, number) {
        return orders::ask(t, number);
    }
    let Some(o) = started(t, number) else {
        t.out.note(copy::cancel_not_possible(lang, number));
        return browse::home(t, false);
    };
    if o.cancel_requested {
        return requested(t, number, true);
    }
    let b = vec![
        Choice::new(
            Action::CancelRequestYes { number }.id(),
            copy::ask_shop_button(lang),
        ),
        Choice::new(Action::Orders.id(), labels::keep_order(lang)),
    ];
    t.out
        .push(buttons(copy::cancel_request_ask(lang, number), b));
}

/// "Yes, ask the shop": the driver puts the request on the board.
pub fn send(t: &mut Turn, number: OrderNumber) {
    if still_new(t, number) {
        return orders::cancel(t, number);
    }
    match started(t, number) {
        Some(o) if o.cancel_requested => requested(t, number, true),
        Some(_) => t.out.effect = Some(Effect::RequestCancel { number }),
        None => {
            t.out.note(copy::cancel_not_possible(t.lang(), number));
            browse::home(t, false);
        }
    }
}

/// The request waits on the board: the shop decides, the customer will be told.
pub fn requested(t: &mut Turn, number: OrderNumber, already: bool) {
    let lang = t.lang();
    let text = if already {
        copy::cancel_already_requested(lang, number)
    } else {
        copy::cancel_requested(lang, number)
    };
    let b = vec![
        Choice::new(Action::Orders.id(), labels::my_orders(lang)),
        Choice::new(Action::Categories { page: 0 }.id(), labels::menu(lang)),
    ];
    t.out.push(buttons(text, b));
}
