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
use crate::domain::time::At;

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
pub fn prune(turn: &mut Turn) -> bool {
    let gone = turn.session.cart.prune(turn.ctx.menu);
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
    turn.out
        .note(copy::removed_unavailable(turn.lang(), &names.join(", ")));
    true
}

/// "Checkout": prune the cart, refuse while closed, then pickup or delivery (if
/// not said yet) and the summary. A coupon or note given earlier is kept.
pub fn start(turn: &mut Turn) {
    turn.session.step = Step::Idle;
    prune(turn);
    if turn.session.cart.is_empty() {
        return cart::view(turn);
    }
    if let Some(notice) = turn.shop_notice() {
        // closed: an order ahead already timed goes on; else the times, if any
        let timed = turn.session.checkout.scheduled_for.is_some_and(|at| {
            matches!(turn.ctx.shop, ShopStatus::Closed { .. })
                && ahead::still_good(turn, at).is_ok()
        });
        if timed {
            return summary::show(turn, false);
        }
        if ahead::offer(turn) {
            return;
        }
        crate::bot::shop::not_now(turn, notice);
        return cart::view(turn);
    }
    summary::show(turn, false);
}

/// Back to the checkout after an interruption (items typed, a coupon, a note).
pub fn resume(turn: &mut Turn) {
    summary::show(turn, false);
}

/// Ask for a coupon code (from the summary's button).
pub fn coupon_prompt(turn: &mut Turn) {
    let lang = turn.lang();
    turn.session.step = Step::Coupon;
    let b = vec![Choice::new(Action::Summary.id(), labels::no_coupon(lang))];
    turn.out.push(buttons(copy::coupon_ask(lang), b));
}

/// The summary's "Kupon · Not": which of the two.
pub fn coupon_or_note(turn: &mut Turn) {
    let lang = turn.lang();
    let b = vec![
        Choice::new(Action::CouponAsk.id(), labels::coupon_button(lang)),
        Choice::new(Action::NoteAsk.id(), labels::note_button(lang)),
        Choice::new(Action::Summary.id(), labels::back_to_summary(lang)),
    ];
    turn.out.push(buttons(copy::extras_of_order(lang), b));
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
pub fn coupon_typed(turn: &mut Turn, text: &str) {
    let lang = turn.lang();
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let prefix = ["kupon", "kod", "coupon", "code", "kupon:", "kod:"];
    if words.len() > 1 && prefix.contains(&fold(words[0]).as_str()) {
        words.remove(0);
    }
    let text = words.join(" ");
    let code = match read_typed(&text) {
        TypedCoupon::NoCoupon => {
            turn.session.step = Step::Idle;
            return resume(turn);
        }
        TypedCoupon::Code(c) => c,
        TypedCoupon::NotACode => {
            turn.out
                .note(copy::coupon_unknown(lang, &cut(&clean(&text), 32)));
            turn.out.note(copy::coupon_try_again(lang));
            return coupon_prompt(turn);
        }
    };
    turn.session.step = Step::CouponCheck {
        code: code.clone(),
        soft: false,
    };
    turn.out.effect = Some(Effect::LookupCoupon { code });
}

/// A bare word that was nothing else, tried as a coupon code: applied if a
/// coupon has it, else answered as not understood (no "unknown coupon").
pub fn coupon_guess(turn: &mut Turn, text: &str) -> bool {
    match read_typed(text) {
        TypedCoupon::Code(code) => {
            turn.session.step = Step::CouponCheck {
                code: code.clone(),
                soft: true,
            };
            turn.out.effect = Some(Effect::LookupCoupon { code });
            true
        }
        TypedCoupon::NoCoupon | TypedCoupon::NotACode => false,
    }
}

/// Why a coupon does not apply, in the customer's words.
pub fn rejection(turn: &Turn, code: &str, why: &CouponRejection) -> String {
    let lang = turn.lang();
    let code = cut(code, 32);
    match why {
        CouponRejection::Unknown => copy::coupon_unknown(lang, &code),
        CouponRejection::Inactive => copy::coupon_inactive(lang, &code),
        CouponRejection::NotYetValid { starts_at } => {
            copy::coupon_not_yet(lang, &code, &local_date(turn, *starts_at))
        }
        CouponRejection::Expired => copy::coupon_expired(lang, &code),
        CouponRejection::UsedUp => copy::coupon_used_up(lang, &code),
        CouponRejection::AlreadyUsedByYou => copy::coupon_already_used(lang, &code),
        CouponRejection::BelowMinimum { min_order } => {
            copy::coupon_below_minimum(lang, &code, &turn.money(*min_order))
        }
    }
}

/// "01.06.2027", with the time when it is not midnight, in the restaurant's zone.
fn local_date(turn: &Turn, at: At) -> String {
    match jiff::Timestamp::from_millisecond(at.as_millis()) {
        Ok(ts) => {
            let z = ts.to_zoned(turn.ctx.tz.clone());
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
pub fn coupon_found(
    turn: &mut Turn,
    code: &CouponCode,
    coupon: Option<Coupon>,
    customer_uses: i64,
) {
    let lang = turn.lang();
    let soft = match &turn.session.step {
        Step::CouponCheck { code: c, soft } if c == code => *soft,
        _ => return super::prompt(turn),
    };
    if soft && coupon.is_none() {
        // the word was no coupon either: not understood, back where the customer was
        turn.session.step = Step::Idle;
        turn.session.misses = turn.session.misses.saturating_add(1);
        if turn.session.checkout.fulfilment.is_some() {
            turn.out
                .note(copy::not_understood_at(lang, &copy::can_summary(lang)));
            resume(turn);
        } else {
            turn.out
                .note(copy::not_understood_at(lang, &copy::can_idle(lang, true)));
            cart::view(turn);
        }
        return crate::bot::typed::offer_person(turn);
    }
    let subtotal = turn.session.cart.subtotal(turn.ctx.menu);
    let checked = match coupon {
        None => Err(CouponRejection::Unknown),
        Some(c) => c
            .check(customer_uses, subtotal, turn.ctx.now)
            .map(|d| (d, c)),
    };
    match checked {
        Ok((discount, c)) => {
            if let Some(old) = &turn.session.checkout.coupon
                && old.coupon.code != c.code
            {
                turn.out.note(copy::coupon_replaced(
                    lang,
                    &cut(&old.coupon.code, 32),
                    &cut(&c.code, 32),
                ));
            }
            turn.out.note(copy::coupon_applied(
                lang,
                &cut(&c.code, 32),
                &turn.money(discount),
            ));
            turn.session.checkout.coupon = Some(AppliedCoupon {
                coupon: c,
                customer_uses,
            });
            turn.session.step = Step::Idle;
            resume(turn);
        }
        Err(why) => {
            turn.out.note(rejection(turn, code.as_str(), &why));
            turn.out.note(copy::coupon_try_again(lang));
            coupon_prompt(turn);
        }
    }
}

/// Ask pickup or delivery.
pub fn fulfilment_prompt(turn: &mut Turn) {
    let lang = turn.lang();
    turn.session.step = Step::Fulfilment;
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
    turn.out.push(buttons(copy::fulfilment_prompt(lang), b));
}

/// Pickup or delivery, tapped or typed.
pub fn fulfil(turn: &mut Turn, f: Fulfilment) {
    turn.session.checkout.fulfilment = Some(f);
    match f {
        Fulfilment::Pickup => {
            turn.session.checkout.address = None;
            turn.session.checkout.location = None;
            super::fees::forget_delivery(turn);
            summary::show(turn, false);
        }
        Fulfilment::Delivery => address_prompt(turn),
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
pub fn address_prompt(turn: &mut Turn) {
    let lang = turn.lang();
    if turn.session.checkout.location.is_some() && turn.session.checkout.address.is_none() {
        // a pin sent before ordering is the address: only the door is asked
        turn.session.checkout.address = Some(copy::pin_address(lang));
        return super::courier::door_prompt(turn);
    }
    turn.session.step = Step::Address;
    // a fresh address question, not the pin question: an answer confirms nothing
    turn.session.checkout.pin_asked = false;
    if let Some(r) = super::courier::saved_buttons(turn) {
        turn.out.push(r);
        return turn.out.push(Reply::LocationRequest {
            body: copy::location_request(lang),
        });
    }
    let saved = &turn.ctx.customer.saved_addresses;
    let body = copy::address_prompt(lang, !saved.is_empty());
    if saved.is_empty() {
        // WhatsApp's own "Send location" button under the question; typing works too
        return turn.out.push(Reply::LocationRequest { body });
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
    turn.out.push(list(
        body,
        labels::list_addresses(lang),
        labels::list_addresses(lang),
        rows,
    ));
    turn.out.push(Reply::LocationRequest {
        body: copy::location_request(lang),
    });
}

/// A typed address; one that does not read like an address is asked again
/// once (see [`super::courier::address_typed`]).
pub fn address_typed(turn: &mut Turn, text: &str) {
    super::courier::address_typed(turn, text);
}

/// A saved address chosen (checked against the current ones), with its pin.
pub fn address_saved(turn: &mut Turn, idx: usize) {
    if !super::courier::address_saved(turn, idx) {
        turn.out.note(copy::stale_button(turn.lang()));
        address_prompt(turn);
    }
}

/// Ask for a note for the kitchen (from the summary's button).
pub fn note_prompt(turn: &mut Turn) {
    let lang = turn.lang();
    turn.session.step = Step::Note;
    let b = vec![Choice::new(
        Action::Summary.id(),
        labels::back_to_summary(lang),
    )];
    turn.out.push(buttons(copy::note_ask(lang), b));
}

/// The note (or none), then the summary.
pub fn note(turn: &mut Turn, text: Option<&str>) {
    let n = text.and_then(|s| super::courier::take_note(turn, s));
    turn.session.checkout.note = n;
    summary::show(turn, false);
}

/// Leave the checkout (the cart stays) and go home.
pub fn abandon(turn: &mut Turn) {
    turn.session.step = Step::Idle;
    turn.session.resume = false;
    turn.session.queue.clear();
    turn.session.ask.clear();
    turn.out.note(copy::flow_cancelled(turn.lang()));
    browse::home(turn, false);
}
