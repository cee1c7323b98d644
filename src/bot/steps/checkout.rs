//! Checkout questions: coupon (looked up by the driver), pickup or delivery, the
//! delivery address (typed, saved or a location pin) and a note for the kitchen.

use crate::domain::cart::LineProblem;
use crate::domain::coupon::{Coupon, CouponRejection, normalize_code, valid_code};
use crate::domain::order::Fulfilment;
use crate::domain::reply::Choice;
use crate::domain::text::{clean, cut, fold};
use crate::domain::texts::{self, labels};

use super::{Turn, browse, cart, summary};
use crate::bot::api::Effect;
use crate::bot::ids::Action;
use crate::bot::render::{buttons, list};
use crate::bot::session::{AppliedCoupon, Checkout, Step};

/// Longest address and note we keep (characters).
pub const ADDRESS_MAX: usize = 300;
/// Longest kitchen note kept (characters).
pub const NOTE_MAX: usize = 200;
/// Shorter than this is not an address anyone can deliver to.
const ADDRESS_MIN: usize = 8;

/// Take 86'd and vanished lines out of the cart and say which. True if any went.
pub fn prune(t: &mut Turn) -> bool {
    let gone = t.s.cart.prune(t.ctx.menu);
    if gone.is_empty() {
        return false;
    }
    let names: Vec<String> = gone
        .iter()
        .map(|p| match p {
            LineProblem::Gone { name }
            | LineProblem::Unavailable { name }
            | LineProblem::OptionGone { name } => cut(name, 40),
        })
        .collect();
    t.out
        .note(texts::removed_unavailable(t.lang(), &names.join(", ")));
    true
}

/// "Checkout": prune the cart, refuse while closed, then ask for a coupon.
pub fn start(t: &mut Turn) {
    let l = t.lang();
    t.s.checkout = Checkout::default();
    t.s.step = Step::Idle;
    prune(t);
    if t.s.cart.is_empty() {
        return cart::view(t);
    }
    if let Some(notice) = t.shop_notice() {
        t.out.note(notice);
        t.out.note(texts::no_orders_now(l));
        return cart::view(t);
    }
    t.s.step = Step::Coupon;
    coupon_prompt(t);
}

/// Ask for a coupon code, with "no coupon" and "cancel".
pub fn coupon_prompt(t: &mut Turn) {
    let l = t.lang();
    t.s.step = Step::Coupon;
    let b = vec![
        Choice::new(Action::CouponSkip.id(), labels::no_coupon(l)),
        Choice::new(Action::Home.id(), labels::cancel(l)),
    ];
    t.out.push(buttons(texts::coupon_prompt(l), b));
}

/// A typed code: ask the driver to look it up (no reply until it answers).
pub fn coupon_typed(t: &mut Turn, text: &str) {
    let l = t.lang();
    if ["yok", "hayir", "no", "none", "kupon yok", "no coupon"].contains(&fold(text).as_str()) {
        return fulfilment_prompt(t);
    }
    let code = normalize_code(text);
    if !valid_code(&code) {
        t.out
            .note(texts::coupon_unknown(l, &cut(&clean(&code), 32)));
        t.out.note(texts::coupon_try_again(l));
        return coupon_prompt(t);
    }
    t.s.step = Step::CouponCheck { code: code.clone() };
    t.out.effect = Some(Effect::LookupCoupon { code });
}

/// Why a coupon does not apply, in the customer's words.
pub fn rejection(t: &Turn, code: &str, why: &CouponRejection) -> String {
    let l = t.lang();
    let code = cut(code, 32);
    match why {
        CouponRejection::Unknown => texts::coupon_unknown(l, &code),
        CouponRejection::Inactive => texts::coupon_inactive(l, &code),
        CouponRejection::NotYetValid { starts_at } => {
            texts::coupon_not_yet(l, &code, &local_date(t, *starts_at))
        }
        CouponRejection::Expired => texts::coupon_expired(l, &code),
        CouponRejection::UsedUp => texts::coupon_used_up(l, &code),
        CouponRejection::AlreadyUsedByYou => texts::coupon_already_used(l, &code),
        CouponRejection::BelowMinimum { min_order } => {
            texts::coupon_below_minimum(l, &code, &t.money(*min_order))
        }
    }
}

/// "01.06.2027", with the time when it is not midnight, in the restaurant's zone.
fn local_date(t: &Turn, ms: i64) -> String {
    match jiff::Timestamp::from_millisecond(ms) {
        Ok(ts) => {
            let z = ts.to_zoned(t.ctx.tz.clone());
            let fmt = if z.hour() == 0 && z.minute() == 0 {
                "%d.%m.%Y"
            } else {
                "%d.%m.%Y %H:%M"
            };
            z.strftime(fmt).to_string()
        }
        Err(_) => "-".to_string(),
    }
}

/// The driver's answer to `LookupCoupon`: apply it, or explain and ask again.
pub fn coupon_found(t: &mut Turn, code: &str, coupon: Option<Coupon>, customer_uses: i64) {
    let l = t.lang();
    let expected = matches!(&t.s.step, Step::CouponCheck { code: c } if c == code);
    if !expected {
        return super::prompt(t);
    }
    let subtotal = t.s.cart.subtotal(t.ctx.menu);
    let checked = match coupon {
        None => Err(CouponRejection::Unknown),
        Some(c) => c
            .check(customer_uses, subtotal, t.ctx.now_ms)
            .map(|d| (d, c)),
    };
    match checked {
        Ok((discount, c)) => {
            t.out.note(texts::coupon_applied(
                l,
                &cut(&c.code, 32),
                &t.money(discount),
            ));
            t.s.checkout.coupon = Some(AppliedCoupon {
                coupon: c,
                customer_uses,
            });
            fulfilment_prompt(t);
        }
        Err(why) => {
            t.out.note(rejection(t, code, &why));
            t.out.note(texts::coupon_try_again(l));
            coupon_prompt(t);
        }
    }
}

/// Ask pickup or delivery.
pub fn fulfilment_prompt(t: &mut Turn) {
    let l = t.lang();
    t.s.step = Step::Fulfilment;
    let b = vec![
        Choice::new(Action::Fulfil(Fulfilment::Pickup).id(), labels::pickup(l)),
        Choice::new(
            Action::Fulfil(Fulfilment::Delivery).id(),
            labels::delivery(l),
        ),
        Choice::new(Action::Home.id(), labels::cancel(l)),
    ];
    t.out.push(buttons(texts::fulfilment_prompt(l), b));
}

/// Pickup or delivery, tapped or typed.
pub fn fulfil(t: &mut Turn, f: Fulfilment) {
    t.s.checkout.fulfilment = Some(f);
    match f {
        Fulfilment::Pickup => {
            t.s.checkout.address = None;
            t.s.checkout.location_e7 = None;
            note_prompt(t);
        }
        Fulfilment::Delivery => address_prompt(t),
    }
}

/// Typed words for pickup or delivery.
pub fn typed_fulfilment(folded: &str) -> Option<Fulfilment> {
    match folded {
        "gel al" | "gelal" | "gelip alirim" | "gel alirim" | "pickup" | "pick up" | "take away" => {
            Some(Fulfilment::Pickup)
        }
        "paket" | "paket servis" | "adrese" | "eve" | "teslimat" | "delivery" | "deliver" => {
            Some(Fulfilment::Delivery)
        }
        _ => None,
    }
}

/// Ask the delivery address; saved addresses come as a list.
pub fn address_prompt(t: &mut Turn) {
    let l = t.lang();
    t.s.step = Step::Address;
    let saved = &t.ctx.customer.saved_addresses;
    let body = texts::address_prompt(l, !saved.is_empty());
    if saved.is_empty() {
        let b = vec![Choice::new(Action::Home.id(), labels::cancel(l))];
        return t.out.push(buttons(body, b));
    }
    let rows: Vec<Choice> = saved
        .iter()
        .take(9)
        .enumerate()
        .map(|(idx, a)| {
            let a = clean(a);
            Choice::new(Action::Address { idx }.id(), cut(&a, 24)).with_description(cut(&a, 72))
        })
        .collect();
    t.out.push(list(
        body,
        labels::list_addresses(l),
        labels::list_addresses(l),
        rows,
    ));
}

/// A typed address, cleaned and cut; too short is asked again.
pub fn address_typed(t: &mut Turn, text: &str) {
    let a = clean(text);
    let a = a.trim();
    if a.chars().count() < ADDRESS_MIN {
        t.out.note(texts::address_too_short(t.lang()));
        return address_prompt(t);
    }
    t.s.checkout.address = Some(cut(a, ADDRESS_MAX));
    t.s.checkout.location_e7 = None;
    note_prompt(t);
}

/// A saved address chosen from the list (checked against the current ones).
pub fn address_saved(t: &mut Turn, idx: usize) {
    match t.ctx.customer.saved_addresses.get(idx) {
        Some(a) if !clean(a).trim().is_empty() => {
            t.s.checkout.address = Some(cut(clean(a).trim(), ADDRESS_MAX));
            t.s.checkout.location_e7 = None;
            note_prompt(t);
        }
        _ => {
            t.out.note(texts::stale_button(t.lang()));
            address_prompt(t);
        }
    }
}

/// A shared pin as the delivery address; nonsense coordinates are refused.
pub fn location(t: &mut Turn, lat: f64, lon: f64, name: Option<&str>, address: Option<&str>) {
    let ok = lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0;
    if !ok {
        t.out.note(texts::not_understood(t.lang()));
        return address_prompt(t);
    }
    let parts: Vec<String> = [name, address]
        .into_iter()
        .flatten()
        .map(|s| clean(s).trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let text = if parts.is_empty() {
        texts::shared_location(t.lang())
    } else {
        parts.join(", ")
    };
    t.s.checkout.address = Some(cut(&text, ADDRESS_MAX));
    // |lat| ≤ 90 and |lon| ≤ 180 keep both within i32 (±1.8e9).
    t.s.checkout.location_e7 = Some(((lat * 1e7).round() as i32, (lon * 1e7).round() as i32));
    note_prompt(t);
}

/// Ask for an optional note for the kitchen.
pub fn note_prompt(t: &mut Turn) {
    let l = t.lang();
    t.s.step = Step::Note;
    let b = vec![
        Choice::new(Action::NoteSkip.id(), labels::no_note(l)),
        Choice::new(Action::Home.id(), labels::cancel(l)),
    ];
    t.out.push(buttons(texts::note_prompt(l), b));
}

/// The note (or none), then the summary.
pub fn note(t: &mut Turn, text: Option<&str>) {
    let n = text
        .map(|s| cut(clean(s).trim(), NOTE_MAX))
        .filter(|s| !s.is_empty());
    t.s.checkout.note = n;
    summary::show(t, false);
}

/// Leave the checkout (the cart stays) and go home.
pub fn abandon(t: &mut Turn) {
    t.s.step = Step::Idle;
    t.out.note(texts::flow_cancelled(t.lang()));
    browse::home(t, false);
}
