//! The order summary, Confirm (→ `PlaceOrder`), and what the driver reports back.
//!
//! Totals come from [`crate::domain::order::totals`] over items priced from the
//! current menu; the coupon is re-checked against the then-subtotal. Confirm
//! carries the summary's nonce and only places the order if nothing changed
//! since the customer read it.

use crate::domain::{Lang, OrderNumber};

use crate::copy::{self, labels};
use crate::domain::coupon::CouponRejection;
use crate::domain::coupon_code::CouponCode;
use crate::domain::money::Money;
use crate::domain::order::{Fulfilment, OrderItem, total_with_fee, totals};
use crate::domain::reply::Choice;
use crate::domain::text::{cut, fold};
use crate::domain::time::At;

use super::{Turn, ahead, cart, checkout, fees};
use crate::bot::api::ShopStatus;
use crate::bot::api::{Effect, OrderDraft, PlaceError};
use crate::bot::ids::Action;
use crate::bot::layout::fit_lines;
use crate::bot::render::buttons;
use crate::bot::session::Step;

/// Items priced now, with subtotal, discount, delivery fee and total.
struct Totals {
    items: Vec<OrderItem>,
    subtotal: Money,
    discount: Money,
    total: Money,
    /// Zero for pickup, without a configured fee, or above `free_above`.
    fee: Money,
}

fn compute(turn: &Turn) -> Totals {
    let items = turn.session.cart.to_order_items(turn.ctx.menu);
    let pre: Money = items.iter().map(OrderItem::line_total).sum();
    let wanted = match &turn.session.checkout.coupon {
        Some(a) => a
            .coupon
            .check(a.customer_uses, pre, turn.ctx.now)
            .unwrap_or(Money::ZERO),
        None => Money::ZERO,
    };
    let (subtotal, discount, goods) = totals(&items, wanted);
    let f = turn
        .session
        .checkout
        .fulfilment
        .unwrap_or(Fulfilment::Pickup);
    let fee = turn.ctx.delivery.fee_for(f, goods);
    Totals {
        items,
        subtotal,
        discount,
        total: total_with_fee(subtotal, discount, fee),
        fee,
    }
}

/// Drop a coupon that no longer applies to this cart (and say why). True if dropped.
fn recheck_coupon(turn: &mut Turn) -> bool {
    let Some(a) = turn.session.checkout.coupon.clone() else {
        return false;
    };
    let subtotal = turn.session.cart.subtotal(turn.ctx.menu);
    match a.coupon.check(a.customer_uses, subtotal, turn.ctx.now) {
        Ok(_) => false,
        Err(why) => {
            turn.out
                .note(checkout::rejection(turn, &a.coupon.code, &why));
            turn.out.note(copy::coupon_dropped(turn.lang()));
            turn.session.checkout.coupon = None;
            true
        }
    }
}

/// Show the summary with a fresh nonce. `anyway`: the coupon was just lost, so the
/// Confirm button says "confirm without coupon".
pub fn show(turn: &mut Turn, anyway: bool) {
    let lang = turn.lang();
    turn.session.resume = false;
    checkout::prune(turn);
    if turn.session.cart.is_empty() {
        return cart::view(turn);
    }
    let Some(f) = turn.session.checkout.fulfilment else {
        return checkout::fulfilment_prompt(turn);
    };
    if f == Fulfilment::Delivery && turn.session.checkout.address.is_none() {
        return checkout::address_prompt(turn);
    }
    if let Some(at) = turn.session.checkout.scheduled_for
        && let Err(why) = ahead::still_good(turn, at)
    {
        turn.session.checkout.scheduled_for = None;
        turn.out.note(ahead::problem(turn, at, why));
        if ahead::offer(turn) {
            return;
        }
    }
    recheck_coupon(turn);
    let tot = compute(turn);
    if fees::stop_before_summary(turn, f, tot.subtotal - tot.discount) {
        return;
    }
    let Some(ready) = super::pace::at_summary(turn, f) else {
        return;
    };
    let nonce = turn.session.nonce.wrapping_add(1).max(1);
    turn.session.nonce = nonce;
    turn.session.step = Step::Summary {
        nonce,
        total: tot.total.minor(),
    };
    let lines: Vec<String> = turn
        .session
        .cart
        .lines
        .iter()
        .map(|c| cart::line_text(turn, c))
        .collect();
    let tail = summary_tail(turn, f, &tot, ready);
    let body = fit_lines(&copy::summary_header(lang), &lines, &tail.join("\n"), lang);
    turn.out
        .push(buttons(body, summary_buttons(lang, nonce, anyway)));
}

/// The summary below the cart lines: money, fulfilment, readiness, payment,
/// time ordered for, note, then the question.
fn summary_tail(turn: &Turn, f: Fulfilment, tot: &Totals, ready: Vec<String>) -> Vec<String> {
    let lang = turn.lang();
    let mut tail = vec![copy::subtotal(lang, &turn.money(tot.subtotal))];
    if let (Some(a), true) = (&turn.session.checkout.coupon, tot.discount > Money::ZERO) {
        tail.push(copy::discount(
            lang,
            &cut(&a.coupon.code, 32),
            &turn.money(tot.discount),
        ));
    }
    tail.extend(fees::summary_fee_lines(
        turn,
        f,
        tot.subtotal - tot.discount,
        tot.fee,
    ));
    tail.push(format!("*{}*", copy::total(lang, &turn.money(tot.total))));
    tail.push(String::new());
    tail.push(copy::fulfilment_line(
        lang,
        f,
        turn.session.checkout.address.as_deref(),
    ));
    tail.extend(ready);
    if f == Fulfilment::Delivery && turn.session.checkout.location.is_some() {
        tail.push(copy::pin_line(lang));
    }
    tail.extend(fees::summary_payment_line(turn));
    if let Some(at) = turn.session.checkout.scheduled_for {
        tail.push(copy::scheduled_line(lang, f, &ahead::when(turn, at)));
    }
    if let Some(n) = &turn.session.checkout.note {
        tail.push(copy::note_line(lang, &cut(n, super::courier::NOTE_SHOWN)));
    }
    tail.push(String::new());
    tail.push(copy::summary_question(lang));
    tail
}

/// Confirm (or "confirm anyway"), edit the cart, coupon or note.
fn summary_buttons(l: Lang, nonce: u32, anyway: bool) -> Vec<Choice> {
    let confirm = if anyway {
        labels::confirm_anyway(l)
    } else {
        labels::confirm(l)
    };
    vec![
        Choice::new(Action::Confirm { nonce }.id(), confirm),
        Choice::new(Action::CartEdit { page: 0 }.id(), labels::edit_cart(l)),
        Choice::new(Action::CouponNote.id(), labels::coupon_note(l)),
    ]
}

/// Confirm on the current summary: refuse while closed, re-show if anything
/// changed, else hand the draft to the driver.
pub fn confirm(turn: &mut Turn) {
    let lang = turn.lang();
    let Step::Summary {
        nonce,
        total: shown,
    } = turn.session.step.clone()
    else {
        return;
    };
    let Ok(ahead_at) = ahead::confirmable(turn) else {
        return checkout::start(turn);
    };
    if let Some(notice) = turn.shop_notice() {
        let timed = ahead_at.is_some() && matches!(turn.ctx.shop, ShopStatus::Closed { .. });
        if !timed {
            if ahead::offer(turn) {
                return;
            }
            crate::bot::shop::not_now(turn, notice);
            return cart::view(turn);
        }
    }
    let changed = checkout::prune(turn) | recheck_coupon(turn);
    let tot = compute(turn);
    if turn.session.cart.is_empty() {
        return cart::view(turn);
    }
    if changed || tot.total.minor() != shown {
        turn.out.note(copy::summary_changed(lang));
        return show(turn, false);
    }
    // the last point before placing: no delivery to an address that has not
    // passed the area check (the summary asks again or refuses it)
    if turn.session.checkout.fulfilment == Some(Fulfilment::Delivery) && !fees::zone_passed(turn) {
        return show(turn, false);
    }
    let f = turn
        .session
        .checkout
        .fulfilment
        .unwrap_or(Fulfilment::Pickup);
    let Ok(promised) = super::pace::at_confirm(turn, f, ahead_at) else {
        return show(turn, false);
    };
    turn.session.checkout.promised_at = Some(promised);
    let draft = draft(turn, tot, ahead_at, promised);
    turn.session.step = Step::Placing { nonce };
    turn.out.effect = Some(Effect::PlaceOrder(draft));
}

/// The order to place from the checkout and the totals: address and pin only
/// for a delivery.
fn draft(turn: &Turn, tot: Totals, ahead_at: Option<At>, promised: At) -> OrderDraft {
    let c = &turn.session.checkout;
    let fulfilment = c.fulfilment.unwrap_or(Fulfilment::Pickup);
    let delivery = fulfilment == Fulfilment::Delivery;
    OrderDraft {
        items: tot.items,
        fulfilment,
        address: c.address.clone().filter(|_| delivery),
        location: c.location.filter(|_| delivery),
        note: c.note.clone(),
        // the coupon was found by its code, so its stored code reads back as that code
        coupon: c
            .coupon
            .as_ref()
            .and_then(|a| CouponCode::parse(&a.coupon.code)),
        subtotal: tot.subtotal,
        discount: tot.discount,
        total: tot.total,
        lang: turn.lang(),
        customer_name: turn.customer_name(),
        delivery_fee: tot.fee,
        payment: c.payment.or_else(|| turn.ctx.payment.only(fulfilment)),
        scheduled_for: ahead_at,
        promised_at: Some(promised),
    }
}

/// The order is written: one message with the number, what was ordered, the
/// total and the expected time.
pub fn placed(turn: &mut Turn, number: OrderNumber, total: Money) {
    let lang = turn.lang();
    let f = turn
        .session
        .checkout
        .fulfilment
        .unwrap_or(Fulfilment::Pickup);
    let minutes = match f {
        Fulfilment::Pickup => turn.ctx.pickup_minutes,
        Fulfilment::Delivery => turn.ctx.delivery_minutes,
    };
    let items: Vec<String> = turn
        .session
        .cart
        .lines
        .iter()
        .map(|c| match turn.priced(c) {
            Ok(p) => format!("{} × {}", c.quantity, cart::label(&p.name, &p.options)),
            Err(_) => format!("{} × {}", c.quantity, cut(&c.name, 60)),
        })
        .collect();
    let pay_link = fees::online_link(turn, turn.session.checkout.payment, number, total);
    let head = match turn.session.checkout.scheduled_for {
        Some(at) => copy::placed_ahead(lang, number, &turn.money(total), f, &ahead::when(turn, at)),
        None => match turn.session.checkout.promised_at {
            Some(p) => copy::placed_around(
                lang,
                number,
                &turn.money(total),
                &super::pace::placed_line(turn, f, p),
                f,
            ),
            None => copy::placed(lang, number, &turn.money(total), f, minutes),
        },
    };
    crate::bot::shop::remember_payment(turn);
    turn.session.reset_order();
    let body = if items.is_empty() {
        head
    } else {
        fit_lines(&head, &items, "", lang)
    };
    let b = vec![
        Choice::new(Action::Orders.id(), labels::my_orders(lang)),
        Choice::new(Action::Categories { page: 0 }.id(), labels::menu(lang)),
    ];
    turn.out.push(buttons(body, b));
    if let Some(link) = pay_link {
        turn.out.push(link);
    }
}

/// The store refused the order: explain, and show what can be confirmed now.
pub fn rejected(turn: &mut Turn, err: PlaceError) {
    let lang = turn.lang();
    match err {
        PlaceError::Coupon(why) => {
            let code = turn
                .session
                .checkout
                .coupon
                .as_ref()
                .map(|a| a.coupon.code.clone())
                .unwrap_or_default();
            if !code.is_empty() && why != CouponRejection::Unknown {
                turn.out.note(checkout::rejection(turn, &code, &why));
            }
            turn.out.note(copy::coupon_lost(lang));
            turn.session.checkout.coupon = None;
            show(turn, true)
        }
        PlaceError::Closed => {
            if let Some(at) = turn.session.checkout.scheduled_for
                && let Err(why) = ahead::still_good(turn, at)
            {
                turn.session.checkout.scheduled_for = None;
                turn.out.note(ahead::problem(turn, at, why));
            }
            if turn.session.checkout.scheduled_for.is_none() && ahead::offer(turn) {
                return;
            }
            match turn.shop_notice() {
                Some(notice) => crate::bot::shop::not_now(turn, notice),
                None => {
                    turn.out.note(copy::place_failed(lang));
                    turn.out.note(turn.no_orders_now());
                }
            }
            show(turn, false)
        }
        PlaceError::Unavailable(names) => {
            let gone: Vec<String> = names.iter().map(|n| fold(n)).collect();
            turn.session
                .cart
                .lines
                .retain(|c| !gone.contains(&fold(&c.name)));
            let shown: Vec<String> = names.iter().take(10).map(|n| cut(n, 40)).collect();
            turn.out
                .note(copy::removed_unavailable(lang, &shown.join(", ")));
            show(turn, false)
        }
        PlaceError::SlotFull { offered } => {
            let full = turn.session.checkout.promised_at.unwrap_or(turn.ctx.now);
            super::pace::offer(turn, full, &offered)
        }
    }
}
