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
pub fn pin_welcome(turn: &Turn) -> bool {
    match turn.session.step {
        Step::Fulfilment
        | Step::Address
        | Step::Door
        | Step::Note
        | Step::Coupon
        | Step::CouponCheck { .. }
        | Step::Summary { .. } => true,
        Step::Idle => !turn.session.cart.is_empty(),
        _ => false,
    }
}

/// A shared pin: checked, then kept with the address typed before it, or asked
/// once for the door when it is the address itself. Makes the order a delivery.
pub fn location(turn: &mut Turn, lat: f64, lon: f64, name: Option<&str>, address: Option<&str>) {
    let Ok(pin) = Pin::from_degrees(lat, lon) else {
        turn.out.note(copy::pin_invalid(turn.lang()));
        return super::prompt(turn);
    };
    let at_address = turn.session.step == Step::Address;
    let c = &mut turn.session.checkout;
    // settled on an address already (not being asked for one): keep its text
    let typed_before = !at_address
        && c.fulfilment == Some(Fulfilment::Delivery)
        && c.address.is_some()
        && c.location.is_none();
    c.fulfilment = Some(Fulfilment::Delivery);
    c.location = Some(pin);
    c.address_doubted = false;
    if super::fees::pin_too_far(turn) {
        return;
    }
    if typed_before {
        turn.out.note(copy::pin_added(turn.lang()));
        turn.session.step = Step::Idle;
        return summary::show(turn, false);
    }
    let parts: Vec<String> = [name, address]
        .into_iter()
        .flatten()
        .map(|s| clean(s).trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let label = if parts.is_empty() {
        copy::pin_address(turn.lang())
    } else {
        parts.join(", ")
    };
    turn.session.checkout.address = Some(cut(&label, ADDRESS_MAX));
    door_prompt(turn);
}

/// A pin sent before ordering (at rest, or while choosing an item): kept for
/// the delivery address, said so; the door is asked at the checkout. False if
/// it is no place (told) or the step has no use for it.
pub fn pin_early(turn: &mut Turn, lat: f64, lon: f64) -> bool {
    if !matches!(
        turn.session.step,
        Step::Idle | Step::Options { .. } | Step::Quantity { .. } | Step::LineQty { .. }
    ) {
        return false;
    }
    let Ok(pin) = Pin::from_degrees(lat, lon) else {
        turn.out.note(copy::pin_invalid(turn.lang()));
        return true;
    };
    let c = &mut turn.session.checkout;
    c.fulfilment = Some(Fulfilment::Delivery);
    c.location = Some(pin);
    c.address = None;
    turn.out.note(copy::pin_kept(turn.lang()));
    true
}

/// Ask, once, for what the map cannot show.
pub fn door_prompt(turn: &mut Turn) {
    let lang = turn.lang();
    turn.session.step = Step::Door;
    let b = vec![
        Choice::new(Action::DoorSkip.id(), copy::door_skip_label(lang)),
        Choice::new(Action::Home.id(), labels::cancel(lang)),
    ];
    turn.out.push(buttons(copy::door_prompt(lang), b));
}

/// The door answer (or none): written in front of the pin's label (which it
/// replaces when the pin had none), then the summary.
pub fn door(turn: &mut Turn, text: Option<&str>) {
    let door = text
        .map(|s| clean(s).trim().to_string())
        .filter(|s| !s.is_empty());
    if let Some(door) = door {
        let label = turn.session.checkout.address.take().unwrap_or_default();
        let generic = label.is_empty()
            || [crate::domain::Lang::Tr, crate::domain::Lang::En]
                .into_iter()
                .any(|l| copy::pin_address(l) == label);
        let addr = if generic {
            door
        } else {
            format!("{door}, {label}")
        };
        turn.session.checkout.address = Some(cut(&addr, ADDRESS_MAX));
    }
    turn.session.step = Step::Idle;
    summary::show(turn, false);
}

/// Typed text at the door question: pickup switches, "yok" skips, a delivery
/// word asks again, anything else is the door.
pub fn door_typed(turn: &mut Turn, cleaned: &str, folded: &str) {
    match super::checkout::typed_fulfilment(folded) {
        Some(Fulfilment::Pickup) => return super::checkout::fulfil(turn, Fulfilment::Pickup),
        Some(Fulfilment::Delivery) => return door_prompt(turn),
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
    door(turn, if skip { None } else { Some(cleaned) });
}

/// A typed address: too short or without anything an address has → asked
/// again, once, with an example; the second answer is taken as given.
pub fn address_typed(turn: &mut Turn, text: &str) {
    let a = clean(text);
    let a = a.trim();
    if !looks_like_address(a) && !turn.session.checkout.address_doubted {
        turn.session.checkout.address_doubted = true;
        let short = a.chars().count() < ADDRESS_MIN;
        let city = crate::bot::shop::city(turn.ctx.address);
        turn.out
            .note(copy::address_again(turn.lang(), short, city.as_deref()));
        return super::checkout::address_prompt(turn);
    }
    let confirms = super::fees::answers_pin_question(turn);
    turn.session.checkout.address_doubted = false;
    turn.session.checkout.address = Some(cut(a, ADDRESS_MAX));
    turn.session.checkout.location = None;
    // typed again at the pin question: that text is confirmed; any other
    // typed address is judged afresh
    turn.session.checkout.pin_asked = false;
    turn.session.checkout.address_confirmed = confirms
        .then(|| turn.session.checkout.address.clone())
        .flatten();
    summary::show(turn, false);
}

/// The address question with up to three saved addresses as one-tap buttons,
/// each numbered in full in the body with a 📍 when its pin is kept. `None`
/// when there are more than fit (the caller lists them).
pub fn saved_buttons(turn: &Turn) -> Option<crate::domain::reply::Reply> {
    let lang = turn.lang();
    let saved = &turn.ctx.customer.saved_addresses;
    if saved.is_empty() || saved.len() > 3 {
        return None;
    }
    let mut lines = Vec::new();
    let mut b = Vec::new();
    for (idx, a) in saved.iter().enumerate() {
        let a = clean(a);
        let a = a.trim();
        let pinned = matches!(turn.ctx.customer.saved_pins.get(idx), Some(Some(_)));
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
pub fn address_saved(turn: &mut Turn, idx: usize) -> bool {
    let Some(a) = turn.ctx.customer.saved_addresses.get(idx) else {
        return false;
    };
    let a = clean(a);
    if a.trim().is_empty() {
        return false;
    }
    let pin = turn.ctx.customer.saved_pins.get(idx).copied().flatten();
    turn.session.checkout.address = Some(cut(a.trim(), ADDRESS_MAX));
    turn.session.checkout.location = pin;
    turn.session.checkout.address_doubted = false;
    summary::show(turn, false);
    true
}

/// A note cleaned and cut to [`NOTE_MAX`] characters; when something was cut,
/// the customer is told what was kept (its start). `None` for an empty note.
pub fn take_note(turn: &mut Turn, text: &str) -> Option<String> {
    let n = clean(text);
    let n = n.trim();
    if n.is_empty() {
        return None;
    }
    let kept = cut(n, NOTE_MAX);
    if n.chars().count() > NOTE_MAX {
        turn.out.note(copy::note_cut(
            turn.lang(),
            NOTE_MAX,
            &cut(&kept, NOTE_QUOTE),
        ));
    }
    Some(kept)
}
