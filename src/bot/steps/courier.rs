//! What gets the courier to the door: a shared pin (welcome at any point of a
//! delivery checkout, refused when its coordinates cannot be a place), the one
//! question after it for building / door / floor, a typed address asked again
//! once when it does not read like one, saved addresses with their pins picked
//! with one tap, and a note cut to its limit with the customer told so.

use crate::copy::{self, labels};
use crate::domain::order::Fulfilment;
use crate::domain::pin::{ADDRESS_MIN, Pin, looks_like_address};
use crate::domain::reply::Choice;
use crate::domain::text::{clean, cut};

use super::checkout::{ADDRESS_MAX, NOTE_MAX};
use super::{Turn, summary};
use crate::bot::ids::Action;
use crate::bot::render::buttons;
use crate::bot::session::Step;

/// How much of a cut note is quoted back to the customer.
const NOTE_QUOTE: usize = 80;
/// How much of a note the summary and "note taken" show (the whole note is
/// kept): a 500-character note beside a 300-character address would not fit
/// a summary's 1024.
pub const NOTE_SHOWN: usize = 200;

/// Is a pin part of what we are doing now? Any checkout question, or a cart
/// waiting to be checked out; not in the middle of choosing an item.
pub fn pin_welcome(t: &Turn) -> bool {
    match t.session.step {
        Step::Fulfilment
        | Step::Address
        | Step::Door
        | Step::Note
        | Step::Coupon
        | Step::CouponCheck { .. }
        | Step::Summary { .. } => true,
        Step::Idle => !t.session.cart.is_empty(),
        _ => false,
    }
}

/// A shared pin: checked, then kept with the address typed before it, or asked
/// once for the door when it is the address itself. Makes the order a delivery.
pub fn location(t: &mut Turn, lat: f64, lon: f64, name: Option<&str>, address: Option<&str>) {
    let Ok(pin) = Pin::from_degrees(lat, lon) else {
        t.out.note(copy::pin_invalid(t.lang()));
        return super::prompt(t);
    };
    let at_address = t.session.step == Step::Address;
    let c = &mut t.session.checkout;
    // settled on an address already (not being asked for one): keep its text
    let typed_before = !at_address
        && c.fulfilment == Some(Fulfilment::Delivery)
        && c.address.is_some()
        && c.location.is_none();
    c.fulfilment = Some(Fulfilment::Delivery);
    c.location = Some(pin);
    c.address_doubted = false;
    if super::fees::pin_too_far(t) {
        return;
    }
    if typed_before {
        t.out.note(copy::pin_added(t.lang()));
        t.session.step = Step::Idle;
        return summary::show(t, false);
    }
    let parts: Vec<String> = [name, address]
        .into_iter()
        .flatten()
        .map(|s| clean(s).trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let label = if parts.is_empty() {
        copy::pin_address(t.lang())
    } else {
        parts.join(", ")
    };
    t.session.checkout.address = Some(cut(&label, ADDRESS_MAX));
    door_prompt(t);
}

/// A pin sent before ordering (at rest, or while choosing an item): kept for
/// the delivery address, said so; the door is asked at the checkout. False if
/// it is no place (told) or the step has no use for it.
pub fn pin_early(t: &mut Turn, lat: f64, lon: f64) -> bool {
    if !matches!(
        t.session.step,
        Step::Idle | Step::Options { .. } | Step::Quantity { .. } | Step::LineQty { .. }
    ) {
        return false;
    }
    let Ok(pin) = Pin::from_degrees(lat, lon) else {
        t.out.note(copy::pin_invalid(t.lang()));
        return true;
    };
    let c = &mut t.session.checkout;
    c.fulfilment = Some(Fulfilment::Delivery);
    c.location = Some(pin);
    c.address = None;
    t.out.note(copy::pin_kept(t.lang()));
    true
}

/// Ask, once, for what the map cannot show.
pub fn door_prompt(t: &mut Turn) {
    let lang = t.lang();
    t.session.step = Step::Door;
    let b = vec![
        Choice::new(Action::DoorSkip.id(), copy::door_skip_label(lang)),
        Choice::new(Action::Home.id(), labels::cancel(lang)),
    ];
    t.out.push(buttons(copy::door_prompt(lang), b));
}

/// The door answer (or none): written in front of the pin's label (which it
/// replaces when the pin had none), then the summary.
pub fn door(t: &mut Turn, text: Option<&str>) {
    let door = text
        .map(|s| clean(s).trim().to_string())
        .filter(|s| !s.is_empty());
    if let Some(door) = door {
        let label = t.session.checkout.address.take().unwrap_or_default();
        let generic = label.is_empty()
            || [crate::domain::Lang::Tr, crate::domain::Lang::En]
                .into_iter()
                .any(|l| copy::pin_address(l) == label);
        let addr = if generic {
            door
        } else {
            format!("{door}, {label}")
        };
        t.session.checkout.address = Some(cut(&addr, ADDRESS_MAX));
    }
    t.session.step = Step::Idle;
    summary::show(t, false);
}

/// Typed text at the door question: pickup switches, "yok" skips, a delivery
/// word asks again, anything else is the door.
pub fn door_typed(t: &mut Turn, cleaned: &str, folded: &str) {
    match super::checkout::typed_fulfilment(folded) {
        Some(Fulfilment::Pickup) => return super::checkout::fulfil(t, Fulfilment::Pickup),
        Some(Fulfilment::Delivery) => return door_prompt(t),
        None => {}
    }
    let skip = [
        "yok",
        "gerek yok",
        "hayir",
        "-",
        "no",
        "none",
        "not needed",
        "mustakil",
        "mustakil ev",
    ]
    .contains(&folded);
    door(t, if skip { None } else { Some(cleaned) });
}

/// A typed address: too short or without anything an address has → asked
/// again, once, with an example; the second answer is taken as given.
pub fn address_typed(t: &mut Turn, text: &str) {
    let a = clean(text);
    let a = a.trim();
    if !looks_like_address(a) && !t.session.checkout.address_doubted {
        t.session.checkout.address_doubted = true;
        let short = a.chars().count() < ADDRESS_MIN;
        let city = crate::bot::shop::city(t.ctx.address);
        t.out
            .note(copy::address_again(t.lang(), short, city.as_deref()));
        return super::checkout::address_prompt(t);
    }
    let confirms = super::fees::answers_pin_question(t);
    t.session.checkout.address_doubted = false;
    t.session.checkout.address = Some(cut(a, ADDRESS_MAX));
    t.session.checkout.location = None;
    // typed again at the pin question: that text is confirmed; any other
    // typed address is judged afresh
    t.session.checkout.pin_asked = false;
    t.session.checkout.address_confirmed = confirms
        .then(|| t.session.checkout.address.clone())
        .flatten();
    summary::show(t, false);
}

/// The address question with up to three saved addresses as one-tap buttons,
/// each numbered in full in the body with a 📍 when its pin is kept. `None`
/// when there are more than fit (the caller lists them).
pub fn saved_buttons(t: &Turn) -> Option<crate::domain::reply::Reply> {
    let lang = t.lang();
    let saved = &t.ctx.customer.saved_addresses;
    if saved.is_empty() || saved.len() > 3 {
        return None;
    }
    let mut lines = Vec::new();
    let mut b = Vec::new();
    for (idx, a) in saved.iter().enumerate() {
        let a = clean(a);
        let a = a.trim();
        let pinned = matches!(t.ctx.customer.saved_pins.get(idx), Some(Some(_)));
        let mark = if pinned { " 📍" } else { "" };
        lines.push(format!("{}) {}{mark}", idx + 1, cut(a, 200)));
        b.push(Choice::new(
            Action::Address { idx }.id(),
            format!("{} · {}", idx + 1, a),
        ));
    }
    if b.len() < 3 {
        b.push(Choice::new(Action::Home.id(), labels::cancel(lang)));
    }
    Some(buttons(copy::saved_addresses(lang, &lines.join("\n")), b))
}

/// A saved address tapped: its text and, when it was pinned, its pin.
pub fn address_saved(t: &mut Turn, idx: usize) -> bool {
    let Some(a) = t.ctx.customer.saved_addresses.get(idx) else {
        return false;
    };
    let a = clean(a);
    if a.trim().is_empty() {
        return false;
    }
    let pin = t.ctx.customer.saved_pins.get(idx).copied().flatten();
    t.session.checkout.address = Some(cut(a.trim(), ADDRESS_MAX));
    t.session.checkout.location = pin;
    t.session.checkout.address_doubted = false;
    summary::show(t, false);
    true
}

/// A note cleaned and cut to [`NOTE_MAX`] characters; when something was cut,
/// the customer is told what was kept (its start). `None` for an empty note.
pub fn take_note(t: &mut Turn, text: &str) -> Option<String> {
    let n = clean(text);
    let n = n.trim();
    if n.is_empty() {
        return None;
    }
    let kept = cut(n, NOTE_MAX);
    if n.chars().count() > NOTE_MAX {
        t.out
            .note(copy::note_cut(t.lang(), NOTE_MAX, &cut(&kept, NOTE_QUOTE)));
    }
    Some(kept)
}
