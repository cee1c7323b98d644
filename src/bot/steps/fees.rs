//! Before the summary of a checkout: is the address inside the delivery zone, is
//! the basket above the delivery minimum, and how will the customer pay.
//! Each refusal says why and offers pickup with one tap. Also the
//! summary's fee and payment lines, the online payment link after the order, and
//! the two answers read from the same config ("kartla ödeyebilir miyim?",
//! "Moda'ya teslimat var mı?").

use crate::copy::{delivery as dt, labels};
use crate::domain::delivery::ZoneVerdict;
use crate::domain::money::Money;
use crate::domain::order::Fulfilment;
use crate::domain::payment::Payment;
use crate::domain::reply::{Choice, Reply};
use crate::domain::text::{clean, cut};

use super::Turn;
use crate::bot::ids::Action;
use crate::bot::render::buttons;
use crate::bot::session::Step;

/// Check the zone, the minimum and the payment for `f` with `basket` (goods after
/// the coupon). True when a refusal or a question was shown instead of the summary.
pub fn stop_before_summary(turn: &mut Turn, f: Fulfilment, basket: Money) -> bool {
    if f == Fulfilment::Delivery && (zone_refused(turn) || below_minimum(turn, basket)) {
        return true;
    }
    payment_missing(turn, f)
}

/// The pin in degrees, if the checkout has one.
fn pin(turn: &Turn) -> Option<(f64, f64)> {
    turn.session
        .checkout
        .location
        .map(|p| (p.latitude(), p.longitude()))
}

/// One decimal, with the customer's decimal mark ("3,2" / "3.2").
fn km_text(turn: &Turn, km: f64) -> String {
    let s = format!("{km:.1}");
    let s = s.strip_suffix(".0").map_or(s.clone(), str::to_string);
    match turn.lang() {
        crate::domain::Lang::Tr => s.replace('.', ","),
        crate::domain::Lang::En => s,
    }
}

/// The zone's verdict on the checkout's address as it is now. A typed address
/// passes a radius-only zone without a pin only if the customer confirmed that
/// very text.
fn verdict(turn: &Turn) -> ZoneVerdict {
    let c = &turn.session.checkout;
    let confirmed = c.address.is_some() && c.address_confirmed == c.address;
    turn.ctx
        .delivery
        .zone
        .check(c.address.as_deref(), pin(turn), confirmed)
}

/// Has the delivery address passed the area check (a pin inside the radius, a
/// listed neighbourhood named, or the typed address confirmed where a radius
/// alone allows it)? Asked again right before an order is placed.
pub fn zone_passed(turn: &Turn) -> bool {
    turn.session.checkout.address.is_some() && verdict(turn) == ZoneVerdict::Inside
}

/// Right after a pin: one outside the radius is refused at once, before the
/// door question (a neighbourhood is judged with the whole address, later).
pub fn pin_too_far(turn: &mut Turn) -> bool {
    matches!(verdict(turn), ZoneVerdict::TooFar { .. }) && zone_refused(turn)
}

/// "Adres doğru" tapped at the pin question: this typed address is taken as
/// given (and only this one), then the summary.
pub fn address_right(turn: &mut Turn) {
    turn.session.checkout.pin_asked = false;
    turn.session.checkout.address_confirmed = turn.session.checkout.address.clone();
    turn.session.step = Step::Idle;
    super::summary::show(turn, false);
}

/// A typed address given in answer to the pin question: the customer typed it
/// again instead of sharing a pin, which confirms it. False when the pin
/// question is not the one asked now.
pub fn answers_pin_question(turn: &Turn) -> bool {
    turn.session.step == Step::Address && turn.session.checkout.pin_asked
}

fn zone_refused(turn: &mut Turn) -> bool {
    let lang = turn.lang();
    let zone = &turn.ctx.delivery.zone;
    let why = match verdict(turn) {
        ZoneVerdict::Inside => return false,
        ZoneVerdict::NeedPin => {
            turn.session.checkout.pin_asked = true;
            turn.session.step = Step::Address;
            let b = vec![
                Choice::new(Action::AddressRight.id(), dt::address_is_right(lang)),
                Choice::new(
                    Action::Fulfil(Fulfilment::Pickup).id(),
                    labels::pickup(lang),
                ),
                Choice::new(Action::Home.id(), labels::cancel(lang)),
            ];
            turn.out.push(buttons(dt::need_pin(lang), b));
            return true;
        }
        ZoneVerdict::TooFar { km } => {
            let radius = zone.radius.map_or(0.0, |r| r.km);
            dt::too_far(lang, &km_text(turn, km), &km_text(turn, radius))
        }
        ZoneVerdict::NotListed => dt::not_listed(lang, &neighbourhood_list(turn)),
    };
    // the refused address is forgotten: "Başka adres" asks for a new one
    turn.session.checkout.address = None;
    turn.session.checkout.location = None;
    turn.session.checkout.address_confirmed = None;
    turn.session.step = Step::Fulfilment;
    let b = vec![
        Choice::new(
            Action::Fulfil(Fulfilment::Pickup).id(),
            labels::pickup(lang),
        ),
        Choice::new(
            Action::Fulfil(Fulfilment::Delivery).id(),
            dt::other_address(lang),
        ),
        Choice::new(Action::Home.id(), labels::cancel(lang)),
    ];
    turn.out.push(buttons(why, b));
    true
}

fn neighbourhood_list(turn: &Turn) -> String {
    let names: Vec<String> = turn
        .ctx
        .delivery
        .zone
        .neighbourhoods
        .iter()
        .take(20)
        .map(|n| cut(&clean(n), 40))
        .collect();
    names.join(", ")
}

fn below_minimum(turn: &mut Turn, basket: Money) -> bool {
    let lang = turn.lang();
    let terms = turn.ctx.delivery;
    let (Some(missing), Some(min)) = (
        terms.missing_for_minimum(Fulfilment::Delivery, basket),
        terms.min_order,
    ) else {
        return false;
    };
    turn.session.step = Step::Fulfilment;
    let b = vec![
        Choice::new(
            Action::Fulfil(Fulfilment::Pickup).id(),
            labels::pickup(lang),
        ),
        Choice::new(Action::Categories { page: 0 }.id(), labels::add_more(lang)),
        Choice::new(Action::Home.id(), labels::cancel(lang)),
    ];
    let body = dt::below_minimum(lang, &turn.money(min), &turn.money(missing));
    turn.out.push(buttons(body, b));
    true
}

/// Keep a chosen method that is still offered, take the only one, or ask.
fn payment_missing(turn: &mut Turn, f: Fulfilment) -> bool {
    let terms = turn.ctx.payment;
    if turn
        .session
        .checkout
        .payment
        .is_some_and(|p| terms.methods(f).contains(&p))
    {
        return false;
    }
    turn.session.checkout.payment = terms.only(f);
    if turn.session.checkout.payment.is_some() {
        return false;
    }
    payment_prompt(turn);
    true
}

/// Ask how the customer pays: one button per method offered for this fulfilment.
pub fn payment_prompt(turn: &mut Turn) {
    let lang = turn.lang();
    let f = turn
        .session
        .checkout
        .fulfilment
        .unwrap_or(Fulfilment::Pickup);
    turn.session.step = Step::Payment;
    let b: Vec<Choice> = turn
        .ctx
        .payment
        .methods(f)
        .iter()
        .map(|p| Choice::new(Action::Pay(*p).id(), dt::payment_button(lang, *p)))
        .collect();
    turn.out.push(buttons(dt::payment_ask(lang), b));
}

/// A method tapped (or typed): stored if offered, then the summary.
pub fn pay(turn: &mut Turn, p: Payment) {
    let f = turn
        .session
        .checkout
        .fulfilment
        .unwrap_or(Fulfilment::Pickup);
    if !turn.ctx.payment.methods(f).contains(&p) {
        turn.out.note(dt::payment_not_offered(turn.lang()));
        return payment_prompt(turn);
    }
    turn.session.checkout.payment = Some(p);
    turn.session.step = Step::Idle;
    super::summary::show(turn, false);
}

/// A method typed at the payment question ("kart", "nakit", "online"). False if
/// the text names none.
pub fn payment_typed(turn: &mut Turn, folded: &str) -> bool {
    match typed_payment(folded) {
        Some(p) => {
            pay(turn, p);
            true
        }
        None => false,
    }
}

/// The method a short answer names.
fn typed_payment(folded: &str) -> Option<Payment> {
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &[&str]| words.iter().any(|x| w.contains(x));
    if words.len() > 6 {
        return None;
    }
    if has(&["online", "link", "linkle", "internetten", "havale"]) {
        Some(Payment::Online)
    } else if has(&["kart", "kartla", "kredi", "pos", "card", "visa"]) {
        Some(Payment::Card)
    } else if has(&["nakit", "cash", "nakitle", "para"]) {
        Some(Payment::Cash)
    } else if has(&["kasada", "kasa", "counter"]) {
        Some(Payment::Counter)
    } else {
        None
    }
}

/// The summary's fee lines (between the discount and the total), for a delivery
/// with a configured fee.
pub fn summary_fee_lines(turn: &Turn, f: Fulfilment, basket: Money, fee: Money) -> Vec<String> {
    let lang = turn.lang();
    let terms = turn.ctx.delivery;
    if f != Fulfilment::Delivery || terms.fee == Money::ZERO {
        return Vec::new();
    }
    if fee > Money::ZERO {
        let mut v = vec![dt::fee_line(lang, &turn.money(fee))];
        if let Some(free) = terms.free_above {
            v.push(dt::fee_free_hint(lang, &turn.money(free - basket)));
        }
        return v;
    }
    let free = terms.free_above.unwrap_or(Money::ZERO);
    vec![dt::fee_waived_line(lang, &turn.money(free))]
}

/// The summary's payment line.
pub fn summary_payment_line(turn: &Turn) -> Option<String> {
    turn.session
        .checkout
        .payment
        .map(|p| dt::payment_line(turn.lang(), p))
}

/// After an online-paid order is placed: the payment page as a `cta_url` button.
pub fn online_link(
    turn: &Turn,
    payment: Option<Payment>,
    number: crate::domain::OrderNumber,
    total: Money,
) -> Option<Reply> {
    if payment != Some(Payment::Online) {
        return None;
    }
    let lang = turn.lang();
    let url = turn.ctx.payment.online_link(number, total)?;
    Some(Reply::CtaUrl {
        body: dt::online_pay_body(lang, number, &turn.money(total)),
        display_text: dt::online_pay_button(lang),
        url,
        footer: None,
    })
}

/// "kartla ödeyebilir miyim?": the configured methods.
pub fn answer_payment(turn: &mut Turn) {
    let lang = turn.lang();
    let names = |f: Fulfilment| {
        turn.ctx
            .payment
            .methods(f)
            .iter()
            .map(|p| dt::payment_name(lang, *p))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let answer = dt::payment_methods_answer(
        lang,
        &names(Fulfilment::Delivery),
        &names(Fulfilment::Pickup),
    );
    turn.out.note(answer);
    super::prompt(turn);
}

/// "nereye teslimat var?" / "Moda'ya getiriyor musunuz?": the area, the fee and the
/// minimum; with a place named and neighbourhoods listed, yes or no for it.
pub fn answer_area(turn: &mut Turn, place: Option<&str>, said: &str) {
    let lang = turn.lang();
    let terms = turn.ctx.delivery;
    let zone = &terms.zone;
    let mut parts = Vec::new();
    match place
        .map(|p| cut(&clean(p), 40))
        .filter(|p| !p.trim().is_empty())
    {
        Some(p) if !zone.neighbourhoods.is_empty() => {
            if zone.names_listed(said) {
                parts.push(dt::area_yes(lang, &p));
            } else {
                parts.push(dt::area_no(lang, &p));
                parts.push(dt::area_neighbourhoods(lang, &neighbourhood_list(turn)));
            }
        }
        _ => {
            if !zone.neighbourhoods.is_empty() {
                parts.push(dt::area_neighbourhoods(lang, &neighbourhood_list(turn)));
            }
            if let Some(r) = zone.radius {
                parts.push(dt::area_radius(lang, &km_text(turn, r.km)));
            }
            if zone.is_open() {
                parts.push(dt::area_anywhere(lang));
            }
        }
    }
    if terms.fee > Money::ZERO {
        let free = terms.free_above.map(|m| turn.money(m));
        parts.push(dt::area_fee(lang, &turn.money(terms.fee), free.as_deref()));
    } else {
        parts.push(dt::area_free(lang));
    }
    if let Some(min) = terms.min_order {
        parts.push(dt::area_minimum(lang, &turn.money(min)));
    }
    turn.out.note(parts.join("\n"));
    super::prompt(turn);
}

/// Pickup chosen after a refusal or any time: forget the delivery-only answers.
pub fn forget_delivery(turn: &mut Turn) {
    turn.session.checkout.pin_asked = false;
    turn.session.checkout.address_confirmed = None;
    if turn
        .session
        .checkout
        .payment
        .is_some_and(|p| !turn.ctx.payment.pickup.contains(&p))
    {
        turn.session.checkout.payment = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_methods() {
        assert_eq!(typed_payment("kartla"), Some(Payment::Card));
        assert_eq!(typed_payment("kredi karti"), Some(Payment::Card));
        assert_eq!(typed_payment("nakit olsun"), Some(Payment::Cash));
        assert_eq!(typed_payment("online odeyecegim"), Some(Payment::Online));
        assert_eq!(typed_payment("by card"), Some(Payment::Card));
        assert_eq!(typed_payment("2 ayran"), None);
    }
}
