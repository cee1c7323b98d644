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

fn compute(t: &Turn) -> Totals {
    let items = t.session.cart.to_order_items(t.ctx.menu);
    let pre: Money = items.iter().map(OrderItem::line_total).sum();
    let wanted = match &t.session.checkout.coupon {
        Some(a) => a
            .coupon
            .check(a.customer_uses, pre, t.ctx.now)
            .unwrap_or(Money::ZERO),
        None => Money::ZERO,
    };
    let (subtotal, discount, goods) = totals(&items, wanted);
    let f = t.session.checkout.fulfilment.unwrap_or(Fulfilment::Pickup);
    let fee = t.ctx.delivery.fee_for(f, goods);
    Totals {
        items,
        subtotal,
        discount,
        total: total_with_fee(subtotal, discount, fee),
        fee,
    }
}

/// Drop a coupon that no longer applies to this cart (and say why). True if dropped.
fn recheck_coupon(t: &mut Turn) -> bool {
    let Some(a) = t.session.checkout.coupon.clone() else {
        return false;
    };
    let subtotal = t.session.cart.subtotal(t.ctx.menu);
    match a.coupon.check(a.customer_uses, subtotal, t.ctx.now) {
        Ok(_) => false,
        Err(why) => {
            t.out.note(checkout::rejection(t, &a.coupon.code, &why));
            t.out.note(copy::coupon_dropped(t.lang()));
            t.session.checkout.coupon = None;
            true
        }
    }
}

/// Show the summary with a fresh nonce. `anyway`: the coupon was just lost, so the
/// Confirm button says "confirm without coupon".
pub fn show(t: &mut Turn, anyway: bool) {
    let lang = t.lang();
    t.session.resume = false;
    checkout::prune(t);
    if t.session.cart.is_empty() {
        return cart::view(t);
    }
    let Some(f) = t.session.checkout.fulfilment else {
        return checkout::fulfilment_prompt(t);
    };
    if f == Fulfilment::Delivery && t.session.checkout.address.is_none() {
        return checkout::address_prompt(t);
    }
    if let Some(at) = t.session.checkout.scheduled_for
        && let Err(why) = ahead::still_good(t, at)
    {
        t.session.checkout.scheduled_for = None;
        t.out.note(ahead::problem(t, at, why));
        if ahead::offer(t) {
            return;
        }
    }
    recheck_coupon(t);
    let tot = compute(t);
    if fees::stop_before_summary(t, f, tot.subtotal - tot.discount) {
        return;
    }
    let Some(ready) = super::pace::at_summary(t, f) else {
        return;
    };
    let nonce = t.session.nonce.wrapping_add(1).max(1);
    t.session.nonce = nonce;
    t.session.step = Step::Summary {
        nonce,
        total: tot.total.minor(),
    };
    let lines: Vec<String> = t
        .session
        .cart
        .lines
        .iter()
        .map(|c| cart::line_text(t, c))
        .collect();
    let tail = summary_tail(t, f, &tot, ready);
    let body = fit_lines(&copy::summary_header(lang), &lines, &tail.join("\n"), lang);
    t.out
        .push(buttons(body, summary_buttons(lang, nonce, anyway)));
}

/// The summary below the cart lines: money, fulfilment, readiness, payment,
/// time ordered for, note, then the question.
fn summary_tail(t: &Turn, f: Fulfilment, tot: &Totals, ready: Vec<String>) -> Vec<String> {
    let lang = t.lang();
    let mut tail = vec![copy::subtotal(lang, &t.money(tot.subtotal))];
    if let (Some(a), true) = (&t.session.checkout.coupon, tot.discount > Money::ZERO) {
        tail.push(copy::discount(
            lang,
            &cut(&a.coupon.code, 32),
            &t.money(tot.discount),
        ));
    }
    tail.extend(fees::summary_fee_lines(
        t,
        f,
        tot.subtotal - tot.discount,
        tot.fee,
    ));
    tail.push(format!("*{}*", copy::total(lang, &t.money(tot.total))));
    tail.push(String::new());
    tail.push(copy::fulfilment_line(
        lang,
        f,
        t.session.checkout.address.as_deref(),
    ));
    tail.extend(ready);
    if f == Fulfilment::Delivery && t.session.checkout.location.is_some() {
        tail.push(copy::pin_line(lang));
    }
    tail.extend(fees::summary_payment_line(t));
    if let Some(at) = t.session.checkout.scheduled_for {
        tail.push(copy::scheduled_line(lang, f, &ahead::when(t, at)));
    }
    if let Some(n) = &t.session.checkout.note {
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
pub fn confirm(t: &mut Turn) {
    let lang = t.lang();
    let Step::Summary {
        nonce,
        total: shown,
    } = t.session.step.clone()
    else {
        return;
    };
    let Ok(ahead_at) = ahead::confirmable(t) else {
        return checkout::start(t);
    };
    if let Some(notice) = t.shop_notice() {
        let timed = ahead_at.is_some() && matches!(t.ctx.shop, ShopStatus::Closed { .. });
        if !timed {
            if ahead::offer(t) {
                return;
            }
            crate::bot::shop::not_now(t, notice);
            return cart::view(t);
        }
    }
    let changed = checkout::prune(t) | recheck_coupon(t);
    let tot = compute(t);
    if t.session.cart.is_empty() {
        return cart::view(t);
    }
    if changed || tot.total.minor() != shown {
        t.out.note(copy::summary_changed(lang));
        return show(t, false);
    }
    // the last point before placing: no delivery to an address that has not
    // passed the area check (the summary asks again or refuses it)
    if t.session.checkout.fulfilment == Some(Fulfilment::Delivery) && !fees::zone_passed(t) {
        return show(t, false);
    }
    let f = t.session.checkout.fulfilment.unwrap_or(Fulfilment::Pickup);
    let Ok(promised) = super::pace::at_confirm(t, f, ahead_at) else {
        return show(t, false);
    };
    t.session.checkout.promised_at = Some(promised);
    let draft = draft(t, tot, ahead_at, promised);
    t.session.step = Step::Placing { nonce };
    t.out.effect = Some(Effect::PlaceOrder(draft));
}

/// The order to place from the checkout and the totals: address and pin only
/// for a delivery.
fn draft(t: &Turn, tot: Totals, ahead_at: Option<At>, promised: At) -> OrderDraft {
    let c = &t.session.checkout;
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
        lang: t.lang(),
        customer_name: t.customer_name(),
        delivery_fee: tot.fee,
        payment: c.payment.or_else(|| t.ctx.payment.only(fulfilment)),
        scheduled_for: ahead_at,
        promised_at: Some(promised),
    }
}

/// The order is written: one message with the number, what was ordered, the
/// total and the expected time.
pub fn placed(t: &mut Turn, number: OrderNumber, total: Money) {
    let lang = t.lang();
    let f = t.session.checkout.fulfilment.unwrap_or(Fulfilment::Pickup);
    let minutes = match f {
        Fulfilment::Pickup => t.ctx.pickup_minutes,
        Fulfilment::Delivery => t.ctx.delivery_minutes,
    };
    let items: Vec<String> = t
        .session
        .cart
        .lines
        .iter()
        .map(|c| match t.priced(c) {
            Ok(p) => format!("{} × {}", c.quantity, cart::label(&p.name, &p.options)),
            Err(_) => format!("{} × {}", c.quantity, cut(&c.name, 60)),
        })
        .collect();
    let pay_link = fees::online_link(t, t.session.checkout.payment, number, total);
    let head = match t.session.checkout.scheduled_for {
        Some(at) => copy::placed_ahead(lang, number, &t.money(total), f, &ahead::when(t, at)),
        None => match t.session.checkout.promised_at {
            Some(p) => copy::placed_around(
                lang,
                number,
                &t.money(total),
                &super::pace::placed_line(t, f, p),
                f,
            ),
            None => copy::placed(lang, number, &t.money(total), f, minutes),
        },
    };
    crate::bot::shop::remember_payment(t);
    t.session.reset_order();
    let body = if items.is_empty() {
        head
    } else {
        fit_lines(&head, &items, "", lang)
    };
    let b = vec![
        Choice::new(Action::Orders.id(), labels::my_orders(lang)),
        Choice::new(Action::Categories { page: 0 }.id(), labels::menu(lang)),
    ];
    t.out.push(buttons(body, b));
    if let Some(link) = pay_link {
        t.out.push(link);
    }
}

/// The store refused the order: explain, and show what can be confirmed now.
pub fn rejected(t: &mut Turn, err: PlaceError) {
    let lang = t.lang();
    match err {
        PlaceError::Coupon(why) => {
            let code = t
                .session
                .checkout
                .coupon
                .as_ref()
                .map(|a| a.coupon.code.clone())
                .unwrap_or_default();
            if !code.is_empty() && why != CouponRejection::Unknown {
                t.out.note(checkout::rejection(t, &code, &why));
            }
            t.out.note(copy::coupon_lost(lang));
            t.session.checkout.coupon = None;
            show(t, true)
        }
        PlaceError::Closed => {
            if let Some(at) = t.session.checkout.scheduled_for
                && let Err(why) = ahead::still_good(t, at)
            {
                t.session.checkout.scheduled_for = None;
                t.out.note(ahead::problem(t, at, why));
            }
            if t.session.checkout.scheduled_for.is_none() && ahead::offer(t) {
                return;
            }
            match t.shop_notice() {
                Some(notice) => crate::bot::shop::not_now(t, notice),
                None => {
                    t.out.note(copy::place_failed(lang));
                    t.out.note(t.no_orders_now());
                }
            }
            show(t, false)
        }
        PlaceError::Unavailable(names) => {
            let gone: Vec<String> = names.iter().map(|n| fold(n)).collect();
            t.session
                .cart
                .lines
                .retain(|c| !gone.contains(&fold(&c.name)));
            let shown: Vec<String> = names.iter().take(10).map(|n| cut(n, 40)).collect();
            t.out
                .note(copy::removed_unavailable(lang, &shown.join(", ")));
            show(t, false)
        }
        PlaceError::SlotFull { offered } => {
            let full = t.session.checkout.promised_at.unwrap_or(t.ctx.now);
            super::pace::offer(t, full, &offered)
        }
    }
}
