//! Checkout questions: pickup or delivery and the delivery address (typed, saved
//! or a location pin), then the summary. A coupon (looked up by the driver) and a
//! note are not questions: typed any time, or asked from the summary's button.

use crate::copy::{self, labels};
use crate::domain::cart::LineProblem;
use crate::domain::coupon::{Coupon, CouponRejection};
use crate::domain::coupon_code::{CouponCode, TypedCoupon, read_typed};
use crate::domain::order::Fulfilment;
use crate::domain::reply::{Choice, Reply};
use crate::domain::text::{clean, cut, fold};

use super::{Turn, ahead, browse, cart, summary};
use crate::bot::api::Effect;
use crate::bot::api::ShopStatus;
use crate::bot::ids::Action;
use crate::bot::render::{buttons, list};
use crate::bot::session::{AppliedCoupon, Step};

/// Longest address and note we keep (characters).
pub const ADDRESS_MAX: usize = 300;
/// Longest kitchen note kept (characters).
pub const NOTE_MAX: usize = 500;

/// Take 86'd and vanished lines out of the cart and say which. True if any went.
pub fn prune(t: &mut Turn) -> bool {
    let gone = t.session.cart.prune(t.ctx.menu);
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
        .note(copy::removed_unavailable(t.lang(), &names.join(", ")));
    true
}

/// "Checkout": prune the cart, refuse while closed, then pickup or delivery (if
/// not said yet) and the summary. A coupon or note given earlier is kept.
pub fn start(t: &mut Turn) {
    t.session.step = Step::Idle;
    prune(t);
    if t.session.cart.is_empty() {
        return cart::view(t);
    }
    if let Some(notice) = t.shop_notice() {
        // closed: an order ahead already timed goes on; else the times, if any
        let timed = t.session.checkout.scheduled_for.is_some_and(|at| {
            matches!(t.ctx.shop, ShopStatus::Closed { .. }) && ahead::still_good(t, at).is_ok()
        });
        if timed {
            return summary::show(t, false);
        }
        if ahead::offer(t) {
            return;
        }
        crate::bot::shop::not_now(t, notice);
        return cart::view(t);
    }
    summary::show(t, false);
}

/// Back to the checkout after an interruption (items typed, a coupon, a note).
pub fn resume(t: &mut Turn) {
    summary::show(t, false);
}

/// Ask for a coupon code (from the summary's button).
pub fn coupon_prompt(t: &mut Turn) {
    let lang = t.lang();
    t.session.step = Step::Coupon;
    let b = vec![Choice::new(Action::Summary.id(), labels::no_coupon(lang))];
    t.out.push(buttons(copy::coupon_ask(lang), b));
}

/// The summary's "Kupon · Not": which of the two.
pub fn coupon_or_note(t: &mut Turn) {
    let lang = t.lang();
    let b = vec![
        Choice::new(Action::CouponAsk.id(), labels::coupon_button(lang)),
        Choice::new(Action::NoteAsk.id(), labels::note_button(lang)),
        Choice::new(Action::Summary.id(), labels::back_to_summary(lang)),
    ];
    t.out.push(buttons(copy::extras_of_order(lang), b));
}

/// "kuponum yok", "yok", "no coupon"…
pub fn is_no_coupon(folded: &str) -> bool {
    [
        "yok",
        "hayir",
        "no",
        "none",
        "kupon yok",
        "kuponum yok",
        "kupon kodum yok",
        "kodum yok",
        "no coupon",
        "i have no coupon",
        "kuponsuz",
        "kuponsuz olsun",
        "kuponsuz devam",
        "without coupon",
    ]
    .contains(&folded)
}

/// A typed code: ask the driver to look it up (no reply until it answers).
/// Read forgivingly ([`read_typed`]): " hoşgeldin " is HOSGELDIN, "yaz 25" is
/// YAZ25, "kuponum yok" is none; a leading "kupon"/"kod" is dropped.
pub fn coupon_typed(t: &mut Turn, text: &str) {
    let lang = t.lang();
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let prefix = ["kupon", "kod", "coupon", "code", "kupon:", "kod:"];
    if words.len() > 1 && prefix.contains(&fold(words[0]).as_str()) {
        words.remove(0);
    }
    let text = words.join(" ");
    let code = match read_typed(&text) {
        TypedCoupon::NoCoupon => {
            t.session.step = Step::Idle;
            return resume(t);
        }
        TypedCoupon::Code(c) => c,
        TypedCoupon::NotACode => {
            t.out
                .note(copy::coupon_unknown(lang, &cut(&clean(&text), 32)));
            t.out.note(copy::coupon_try_again(lang));
            return coupon_prompt(t);
        }
    };
    t.session.step = Step::CouponCheck {
        code: code.clone(),
        soft: false,
    };
    t.out.effect = Some(Effect::LookupCoupon { code });
}

/// A bare word that was nothing else, tried as a coupon code: applied if a
/// coupon has it, else answered as not understood (no "unknown coupon").
pub fn coupon_guess(t: &mut Turn, text: &str) -> bool {
    match read_typed(text) {
        TypedCoupon::Code(code) => {
            t.session.step = Step::CouponCheck {
                code: code.clone(),
                soft: true,
            };
            t.out.effect = Some(Effect::LookupCoupon { code });
            true
        }
        TypedCoupon::NoCoupon | TypedCoupon::NotACode => false,
    }
}

/// Why a coupon does not apply, in the customer's words.
pub fn rejection(t: &Turn, code: &str, why: &CouponRejection) -> String {
    let lang = t.lang();
    let code = cut(code, 32);
    match why {
        CouponRejection::Unknown => copy::coupon_unknown(lang, &code),
        CouponRejection::Inactive => copy::coupon_inactive(lang, &code),
        CouponRejection::NotYetValid { starts_at } => {
            copy::coupon_not_yet(lang, &code, &local_date(t, *starts_at))
        }
        CouponRejection::Expired => copy::coupon_expired(lang, &code),
        CouponRejection::UsedUp => copy::coupon_used_up(lang, &code),
        CouponRejection::AlreadyUsedByYou => copy::coupon_already_used(lang, &code),
        CouponRejection::BelowMinimum { min_order } => {
            copy::coupon_below_minimum(lang, &code, &t.money(*min_order))
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
pub fn coupon_found(t: &mut Turn, code: &CouponCode, coupon: Option<Coupon>, customer_uses: i64) {
    let lang = t.lang();
    let soft = match &t.session.step {
        Step::CouponCheck { code: c, soft } if c == code => *soft,
        _ => return super::prompt(t),
    };
    if soft && coupon.is_none() {
        // the word was no coupon either: not understood, back where the customer was
        t.session.step = Step::Idle;
        t.session.misses = t.session.misses.saturating_add(1);
        if t.session.checkout.fulfilment.is_some() {
            t.out
                .note(copy::not_understood_at(lang, &copy::can_summary(lang)));
            resume(t);
        } else {
            t.out
                .note(copy::not_understood_at(lang, &copy::can_idle(lang, true)));
            cart::view(t);
        }
        return crate::bot::typed::offer_person(t);
    }
    let subtotal = t.session.cart.subtotal(t.ctx.menu);
    let checked = match coupon {
        None => Err(CouponRejection::Unknown),
        Some(c) => c.check(customer_uses, subtotal, t.ctx.now).map(|d| (d, c)),
    };
    match checked {
        Ok((discount, c)) => {
            if let Some(old) = &t.session.checkout.coupon
                && old.coupon.code != c.code
            {
                t.out.note(copy::coupon_replaced(
                    lang,
                    &cut(&old.coupon.code, 32),
                    &cut(&c.code, 32),
                ));
            }
            t.out.note(copy::coupon_applied(
                lang,
                &cut(&c.code, 32),
                &t.money(discount),
            ));
            t.session.checkout.coupon = Some(AppliedCoupon {
                coupon: c,
                customer_uses,
            });
            t.session.step = Step::Idle;
            resume(t);
        }
        Err(why) => {
            t.out.note(rejection(t, code.as_str(), &why));
            t.out.note(copy::coupon_try_again(lang));
            coupon_prompt(t);
        }
    }
}

/// Ask pickup or delivery.
pub fn fulfilment_prompt(t: &mut Turn) {
    let lang = t.lang();
    t.session.step = Step::Fulfilment;
    let b = vec![
        Choice::new(
            Action::Fulfil(Fulfilment::Pickup).id(),
            labels::pickup(lang),
        ),
        Choice::new(
            Action::Fulfil(Fulfilment::Delivery).id(),
            labels::delivery(lang),
        ),
        Choice::new(Action::Home.id(), labels::cancel(lang)),
    ];
    t.out.push(buttons(copy::fulfilment_prompt(lang), b));
}

/// Pickup or delivery, tapped or typed.
pub fn fulfil(t: &mut Turn, f: Fulfilment) {
    t.session.checkout.fulfilment = Some(f);
    match f {
        Fulfilment::Pickup => {
            t.session.checkout.address = None;
            t.session.checkout.location = None;
            super::fees::forget_delivery(t);
            summary::show(t, false);
        }
        Fulfilment::Delivery => address_prompt(t),
    }
}

/// Typed words for pickup or delivery (spelt with or without Turkish letters).
pub fn typed_fulfilment(folded: &str) -> Option<Fulfilment> {
    let f = folded.trim_end_matches(['.', '!']).trim();
    const PICKUP: [&str; 18] = [
        "gel al",
        "gelal",
        "gelip alirim",
        "gelip alicam",
        "gelip alacagim",
        "gelip alacam",
        "gel alirim",
        "gelip alcam",
        "ben alirim",
        "kendim alirim",
        "gelip alirim ben",
        "alirim",
        "pickup",
        "pick up",
        "take away",
        "takeaway",
        "i will pick it up",
        "i'll pick it up",
    ];
    const DELIVERY: [&str; 17] = [
        "paket",
        "paket servis",
        "paket olsun",
        "adrese",
        "adrese getirin",
        "eve",
        "eve getirin",
        "eve gelsin",
        "eve servis",
        "getirin",
        "teslimat",
        "kuryeyle",
        "adrese teslim",
        "delivery",
        "deliver",
        "deliver it",
        "home delivery",
    ];
    if PICKUP.contains(&f) {
        return Some(Fulfilment::Pickup);
    }
    DELIVERY.contains(&f).then_some(Fulfilment::Delivery)
}

/// Ask the delivery address; saved addresses come as a list.
pub fn address_prompt(t: &mut Turn) {
    let lang = t.lang();
    if t.session.checkout.location.is_some() && t.session.checkout.address.is_none() {
        // a pin sent before ordering is the address: only the door is asked
        t.session.checkout.address = Some(copy::pin_address(lang));
        return super::courier::door_prompt(t);
    }
    t.session.step = Step::Address;
    // a fresh address question, not the pin question: an answer confirms nothing
    t.session.checkout.pin_asked = false;
    if let Some(r) = super::courier::saved_buttons(t) {
        t.out.push(r);
        return t.out.push(Reply::LocationRequest {
            body: copy::location_request(lang),
        });
    }
    let saved = &t.ctx.customer.saved_addresses;
    let body = copy::address_prompt(lang, !saved.is_empty());
    if saved.is_empty() {
        // WhatsApp's own "Send location" button under the question; typing works too
        return t.out.push(Reply::LocationRequest { body });
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
        labels::list_addresses(lang),
        labels::list_addresses(lang),
        rows,
    ));
    t.out.push(Reply::LocationRequest {
        body: copy::location_request(lang),
    });
}

/// A typed address; one that does not read like an address is asked again
/// once (see [`super::courier::address_typed`]).
pub fn address_typed(t: &mut Turn, text: &str) {
    super::courier::address_typed(t, text);
}

/// A saved address chosen (checked against the current ones), with its pin.
pub fn address_saved(t: &mut Turn, idx: usize) {
    if !super::courier::address_saved(t, idx) {
        t.out.note(copy::stale_button(t.lang()));
        address_prompt(t);
    }
}

/// Ask for a note for the kitchen (from the summary's button).
pub fn note_prompt(t: &mut Turn) {
    let lang = t.lang();
    t.session.step = Step::Note;
    let b = vec![Choice::new(
        Action::Summary.id(),
        labels::back_to_summary(lang),
    )];
    t.out.push(buttons(copy::note_ask(lang), b));
}

/// The note (or none), then the summary.
pub fn note(t: &mut Turn, text: Option<&str>) {
    let n = text.and_then(|s| super::courier::take_note(t, s));
    t.session.checkout.note = n;
    summary::show(t, false);
}

/// Leave the checkout (the cart stays) and go home.
pub fn abandon(t: &mut Turn) {
    t.session.step = Step::Idle;
    t.session.resume = false;
    t.session.queue.clear();
    t.session.ask.clear();
    t.out.note(copy::flow_cancelled(t.lang()));
    browse::home(t, false);
}
