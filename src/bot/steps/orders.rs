//! The customer's open orders and cancelling one that is still `new`.
//!
//! Only orders in `ctx.customer.open_orders` can be touched, so an old or forged
//! "cancel #N" button cannot reach anyone else's order; the store re-checks the
//! status inside its transaction and may still refuse.

use crate::domain::OrderNumber;

use crate::copy::{self, labels};
use crate::domain::order::{Fulfilment, OrderItem, OrderStatus};
use crate::domain::reply::Choice;
use crate::domain::text::{cut, fold};

use super::{Turn, browse};
use crate::bot::api::{Effect, OrderBrief};
use crate::bot::ids::Action;
use crate::bot::render::buttons;

/// Open orders with their status and estimates: the driver first reads the
/// kitchen's pace ([`super::status::show`] answers); with none open, say so
/// and offer the menu.
pub fn view(turn: &mut Turn) {
    if turn.ctx.customer.open_orders.is_empty() {
        turn.out.note(copy::no_open_orders(turn.lang()));
        return browse::home(turn, false);
    }
    turn.out.effect = Some(Effect::KitchenPace);
}

/// The customer's own order `number`, if it can still be cancelled.
fn cancellable(turn: &Turn, number: OrderNumber) -> Option<OrderBrief> {
    turn.ctx
        .customer
        .open_orders
        .iter()
        .find(|o| o.number == number && o.status == OrderStatus::New)
        .copied()
}

/// "Cancel #N": ask before doing it.
pub fn ask(turn: &mut Turn, number: OrderNumber) {
    let lang = turn.lang();
    if cancellable(turn, number).is_none() {
        turn.out.note(copy::cancel_not_possible(lang, number));
        return browse::home(turn, false);
    }
    let b = vec![
        Choice::new(
            Action::CancelOrderYes { number }.id(),
            labels::yes_cancel_order(lang),
        ),
        Choice::new(Action::Orders.id(), labels::keep_order(lang)),
    ];
    turn.out.push(buttons(copy::cancel_ask(lang, number), b));
}

/// "Yes, cancel": the driver cancels it if the kitchen has not started.
pub fn cancel(turn: &mut Turn, number: OrderNumber) {
    if cancellable(turn, number).is_none() {
        turn.out
            .note(copy::cancel_not_possible(turn.lang(), number));
        return browse::home(turn, false);
    }
    turn.out.effect = Some(Effect::CancelOrder { number });
}

/// The order is cancelled. Not the home message: its open-order list was loaded
/// before the cancel and would still show the order.
pub fn cancelled(turn: &mut Turn, number: OrderNumber) {
    let lang = turn.lang();
    let b = vec![Choice::new(
        Action::Categories { page: 0 }.id(),
        labels::menu(lang),
    )];
    turn.out
        .push(buttons(copy::order_cancelled(lang, number), b));
}

/// The kitchen moved the order on before the cancel reached it.
pub fn refused(turn: &mut Turn, number: OrderNumber, status: OrderStatus) {
    let f = turn
        .ctx
        .customer
        .open_orders
        .iter()
        .find(|o| o.number == number)
        .map_or(Fulfilment::Pickup, |o| o.fulfilment);
    let lang = turn.lang();
    let b = vec![
        Choice::new(Action::Categories { page: 0 }.id(), labels::menu(lang)),
        Choice::new(Action::Cart.id(), labels::cart(lang)),
    ];
    turn.out
        .push(buttons(copy::cancel_refused(lang, number, status, f), b));
}

/// "aynısından": ask the driver for the last order.
pub fn ask_last(turn: &mut Turn) {
    turn.out.effect = Some(Effect::LastOrder);
}

/// The last order's items back in the cart at today's prices; what cannot be
/// ordered now (86'd, gone, an option gone) is named; then the checkout.
pub fn repeat(turn: &mut Turn, items: Option<Vec<OrderItem>>) {
    let lang = turn.lang();
    let items = items.unwrap_or_default();
    if items.is_empty() {
        turn.out.note(copy::no_last_order(lang));
        return browse::categories(turn, 0);
    }
    let mut gone = Vec::new();
    let mut added = 0;
    for it in &items {
        let p = it.product_id.and_then(|id| turn.ctx.menu.product(id));
        let Some(p) = p.filter(|p| p.available) else {
            gone.push(cut(&it.name, 40));
            continue;
        };
        let ids: Vec<i64> = it
            .options
            .iter()
            .filter_map(|name| {
                p.groups
                    .iter()
                    .flat_map(|g| g.options.iter())
                    .find(|o| fold(&o.name) == fold(name))
                    .map(|o| o.id)
            })
            .collect();
        if ids.len() != it.options.len() {
            gone.push(cut(&it.name, 40));
            continue;
        }
        let qty = u32::try_from(it.quantity.clamp(1, 50)).unwrap_or(1);
        let line = crate::domain::cart::CartLine {
            product_id: p.id,
            name: p.name.clone(),
            option_ids: super::options::in_menu_order(p, &ids),
            quantity: qty,
        };
        turn.session.cart.add(line);
        added += 1;
    }
    crate::bot::shop::same_payment(turn);
    if !gone.is_empty() {
        turn.out
            .note(copy::removed_unavailable(lang, &gone.join(", ")));
    }
    if added == 0 {
        return super::cart::view(turn);
    }
    turn.out.note(copy::repeated(lang));
    super::checkout::start(turn);
}
