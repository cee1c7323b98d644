//! "Siparişim nerede": each open order with its status, how long ago it was
//! confirmed, and about how long it will still take. The estimate needs the
//! kitchen's recent pace, which only the driver can read, so [`super::orders::view`]
//! asks for it ([`Effect::KitchenPace`](crate::bot::Effect)) and the answer lands here.

use crate::copy::{self, labels};
use crate::domain::eta;
use crate::domain::order::{Fulfilment, OrderStatus};
use crate::domain::reply::Choice;
use crate::domain::time::Span;

use super::{Turn, browse};
use crate::bot::api::OrderBrief;
use crate::bot::ids::Action;
use crate::bot::render::buttons;

/// The status view, with `recent` order-to-ready times as the kitchen's pace.
pub fn show(turn: &mut Turn, recent: &[Span]) {
    let lang = turn.lang();
    let open = turn.ctx.customer.open_orders.clone();
    if open.is_empty() {
        return no_open_orders(turn);
    }
    let pace = eta::pace(recent, turn.ctx.pickup_minutes);
    let mut body = copy::open_orders_header(lang);
    for o in open.iter().take(8) {
        body.push('\n');
        body.push_str(&order_lines(turn, o, pace));
    }
    if open
        .iter()
        .any(|o| !(o.status == OrderStatus::Ready && o.fulfilment == Fulfilment::Pickup))
    {
        body.push_str("\n\n");
        body.push_str(&copy::eta_basis(lang, pace.measured));
    }
    let mut b = Vec::new();
    let complaint = std::mem::take(&mut turn.session.complained);
    if let Some(o) = open.iter().find(|o| o.status == OrderStatus::New) {
        body.push_str("\n\n");
        body.push_str(&copy::cancel_hint(lang, o.number));
        b.push(Choice::new(
            Action::CancelOrderAsk { number: o.number }.id(),
            copy::cancel_order_button(lang, o.number),
        ));
    } else if let Some(o) = super::cancel_request::candidate(turn) {
        b.push(Choice::new(
            Action::CancelRequestAsk { number: o.number }.id(),
            copy::ask_cancel_button(lang),
        ));
    }
    if complaint {
        // a complaint: the offer of a person first, never the menu
        b.insert(
            0,
            Choice::new(Action::Person.id(), labels::talk_to_person(lang)),
        );
        return turn.out.push(buttons(body, b));
    }
    b.push(Choice::new(
        Action::Categories { page: 0 }.id(),
        labels::menu(lang),
    ));
    b.push(Choice::new(Action::Cart.id(), labels::cart(lang)));
    turn.out.push(buttons(body, b));
}

/// No open order: said, then a person offered after a complaint, else the home screen.
fn no_open_orders(turn: &mut Turn) {
    let lang = turn.lang();
    turn.out.note(copy::no_open_orders(lang));
    if std::mem::take(&mut turn.session.complained) {
        let b = vec![Choice::new(
            Action::Person.id(),
            labels::talk_to_person(lang),
        )];
        return turn.out.push(buttons(copy::person_offer(lang), b));
    }
    browse::home(turn, false);
}

/// One open order: its number, status and total; its time (the time ordered
/// for, or how long ago and about how long still); a pending cancel request.
fn order_lines(turn: &Turn, o: &OrderBrief, pace: eta::Pace) -> String {
    let lang = turn.lang();
    let travel = crate::domain::time::Span::minutes(i64::from(
        turn.ctx
            .delivery_minutes
            .saturating_sub(turn.ctx.pickup_minutes),
    ));
    let mut body = copy::order_line(lang, o.number, o.status, o.fulfilment, &turn.money(o.total));
    let e = eta::eta(
        o.status,
        o.fulfilment,
        o.placed_at,
        turn.ctx.now,
        pace,
        travel,
    );
    body.push('\n');
    match o.scheduled_for.filter(|&at| at > turn.ctx.now) {
        // ordered ahead: its time, not an estimate from the confirmation
        Some(at) if o.status == OrderStatus::New => {
            let tomorrow = crate::domain::ahead::days_ahead(turn.ctx.now, at, turn.ctx.tz) > 0;
            let hhmm = crate::domain::ahead::hhmm(at, turn.ctx.tz);
            body.push_str(&copy::order_ahead_timing(lang, &hhmm, tomorrow));
        }
        _ => body.push_str(&copy::order_timing(
            lang,
            eta::minutes_since(o.placed_at, turn.ctx.now),
            e,
        )),
    }
    if o.cancel_requested {
        body.push('\n');
        body.push_str(&copy::cancel_pending_mark(lang));
    }
    body
}
