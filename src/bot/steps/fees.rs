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
pub fn stop_before_summary(t: &mut Turn, f: Fulfilment, basket: Money) -> bool {
    if f == Fulfilment::Delivery && (zone_refused(t) || below_minimum(t, basket)) {
        return true;
    }
    payment_missing(t, f)
}

/// The pin in degrees, if the checkout has one.
fn pin(t: &Turn) -> Option<(f64, f64)> {
    t.session
        .checkout
        .location
        .map(|p| (p.latitude(), p.longitude()))
}

/// One decimal, with the customer's decimal mark ("3,2" / "3.2").
fn km_text(t: &Turn, km: f64) -> String {
    let s = format!("{km:.1}");
    let s = s.strip_suffix(".0").map_or(s.clone(), str::to_string);
    match t.lang() {
        crate::domain::Lang::Tr => s.replace('.', ","),
        crate::domain::Lang::En => s,
    }
}

/// The zone's verdict on the checkout's address as it is now. A typed address
/// passes a radius-only zone without a pin only if the customer confirmed that
/// very text.
fn verdict(t: &Turn) -> ZoneVerdict {
    let c = &t.session.checkout;
    let confirmed = c.address.is_some() && c.address_confirmed == c.address;
    t.ctx
        .delivery
        .zone
        .check(c.address.as_deref(), pin(t), confirmed)
}

/// Has the delivery address passed the area check (a pin inside the radius, a
/// listed neighbourhood named, or the typed address confirmed where a radius
/// alone allows it)? Asked again right before an order is placed.
pub fn zone_passed(t: &Turn) -> bool {
    t.session.checkout.address.is_some() && verdict(t) == ZoneVerdict::Inside
}

/// Right after a pin: one outside the radius is refused at once, before the
/// door question (a neighbourhood is judged with the whole address, later).
pub fn pin_too_far(t: &mut Turn) -> bool {
    matches!(verdict(t), ZoneVerdict::TooFar { .. }) && zone_refused(t)
}

/// "Adres doğru" tapped at the pin question: this typed address is taken as
/// given (and only this one), then the summary.
pub fn address_right(t: &mut Turn) {
    t.session.checkout.pin_asked = false;
    t.session.checkout.address_confirmed = t.session.checkout.address.clone();
    t.session.step = Step::Idle;
    super::summary::show(t, false);
}

/// A typed address given in answer to the pin question: the customer typed it
/// again instead of sharing a pin, which confirms it. False when the pin
/// question is not the one asked now.
pub fn answers_pin_question(t: &Turn) -> bool {
    t.session.step == Step::Address && t.session.checkout.pin_asked
}

fn zone_refused(t: &mut Turn) -> bool {
    let lang = t.lang();
    let zone = &t.ctx.delivery.zone;
    let why = match verdict(t) {
        ZoneVerdict::Inside => return false,
        ZoneVerdict::NeedPin => {
            t.session.checkout.pin_asked = true;
            t.session.step = Step::Address;
            let b = vec![
                Choice::new(Action::AddressRight.id(), dt::address_is_right(lang)),
                Choice::new(
                    Action::Fulfil(Fulfilment::Pickup).id(),
                    labels::pickup(lang),
                ),
                Choice::new(Action::Home.id(), labels::cancel(lang)),
            ];
            t.out.push(buttons(dt::need_pin(lang), b));
            return true;
        }
        ZoneVerdict::TooFar { km } => {
            let radius = zone.radius.map_or(0.0, |r| r.km);
            dt::too_far(lang, &km_text(t, km), &km_text(t, radius))
        }
        ZoneVerdict::NotListed => dt::not_listed(lang, &neighbourhood_list(t)),
    };
    // the refused address is forgotten: "Başka adres" asks for a new one
    t.session.checkout.address = None;
    t.session.checkout.location = None;
    t.session.checkout.address_confirmed = None;
    t.session.step = Step::Fulfilment;
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
    t.out.push(buttons(why, b));
    true
}

fn neighbourhood_list(t: &Turn) -> String {
    let names: Vec<String> = t
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

fn below_minimum(t: &mut Turn, basket: Money) -> bool {
    let lang = t.lang();
    let terms = t.ctx.delivery;
    let (Some(missing), Some(min)) = (
        terms.missing_for_minimum(Fulfilment::Delivery, basket),
        terms.min_order,
    ) else {
        return false;
    };
    t.session.step = Step::Fulfilment;
    let b = vec![
        Choice::new(
            Action::Fulfil(Fulfilment::Pickup).id(),
            labels::pickup(lang),
        ),
        Choice::new(Action::Categories { page: 0 }.id(), labels::add_more(lang)),
        Choice::new(Action::Home.id(), labels::cancel(lang)),
    ];
    let body = dt::below_minimum(lang, &t.money(min), &t.money(missing));
    t.out.push(buttons(body, b));
    true
}

/// Keep a chosen method that is still offered, take the only one, or ask.
fn payment_missing(t: &mut Turn, f: Fulfilment) -> bool {
    let terms = t.ctx.payment;
    if t.session
        .checkout
        .payment
        .is_some_and(|p| terms.methods(f).contains(&p))
    {
        return false;
    }
    t.session.checkout.payment = terms.only(f);
    if t.session.checkout.payment.is_some() {
        return false;
    }
    payment_prompt(t);
    true
}

/// Ask how the customer pays: one button per method offered for this fulfilment.
pub fn payment_prompt(t: &mut Turn) {
    let lang = t.lang();
    let f = t.session.checkout.fulfilment.unwrap_or(Fulfilment::Pickup);
    t.session.step = Step::Payment;
    let b: Vec<Choice> = t
        .ctx
        .payment
        .methods(f)
        .iter()
        .map(|p| Choice::new(Action::Pay(*p).id(), dt::payment_button(lang, *p)))
        .collect();
    t.out.push(buttons(dt::payment_ask(lang), b));
}

/// A method tapped (or typed): stored if offered, then the summary.
pub fn pay(t: &mut Turn, p: Payment) {
    let f = t.session.checkout.fulfilment.unwrap_or(Fulfilment::Pickup);
    if !t.ctx.payment.methods(f).contains(&p) {
        t.out.note(dt::payment_not_offered(t.lang()));
        return payment_prompt(t);
    }
    t.session.checkout.payment = Some(p);
    t.session.step = Step::Idle;
    super::summary::show(t, false);
}

/// A method typed at the payment question ("kart", "nakit", "online"). False if
/// the text names none.
pub fn payment_typed(t: &mut Turn, folded: &str) -> bool {
    match typed_payment(folded) {
        Some(p) => {
            pay(t, p);
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
pub fn summary_fee_lines(t: &Turn, f: Fulfilment, basket: Money, fee: Money) -> Vec<String> {
    let lang = t.lang();
    let terms = t.ctx.delivery;
    if f != Fulfilment::Delivery || terms.fee == Money::ZERO {
        return Vec::new();
    }
    if fee > Money::ZERO {
        let mut v = vec![dt::fee_line(lang, &t.money(fee))];
        if let Some(free) = terms.free_above {
            v.push(dt::fee_free_hint(lang, &t.money(free - basket)));
        }
        return v;
    }
    let free = terms.free_above.unwrap_or(Money::ZERO);
    vec![dt::fee_waived_line(lang, &t.money(free))]
}

/// The summary's payment line.
pub fn summary_payment_line(t: &Turn) -> Option<String> {
    t.session
        .checkout
        .payment
        .map(|p| dt::payment_line(t.lang(), p))
}

/// After an online-paid order is placed: the payment page as a `cta_url` button.
pub fn online_link(
    t: &Turn,
    payment: Option<Payment>,
    number: crate::domain::OrderNumber,
    total: Money,
) -> Option<Reply> {
    if payment != Some(Payment::Online) {
        return None;
    }
    let lang = t.lang();
    let url = t.ctx.payment.online_link(number, total)?;
    Some(Reply::CtaUrl {
        body: dt::online_pay_body(lang, number, &t.money(total)),
        display_text: dt::online_pay_button(lang),
        url,
        footer: None,
    })
}

/// "kartla ödeyebilir miyim?": the configured methods.
pub fn answer_payment(t: &mut Turn) {
    let lang = t.lang();
    let names = |f: Fulfilment| {
        t.ctx
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
    t.out.note(answer);
    super::prompt(t);
}

/// "nereye teslimat var?" / "Moda'ya getiriyor musunuz?": the area, the fee and the
/// minimum; with a place named and neighbourhoods listed, yes or no for it.
pub fn answer_area(t: &mut Turn, place: Option<&str>, said: &str) {
    let lang = t.lang();
    let terms = t.ctx.delivery;
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
                parts.push(dt::area_neighbourhoods(lang, &neighbourhood_list(t)));
            }
        }
        _ => {
            if !zone.neighbourhoods.is_empty() {
                parts.push(dt::area_neighbourhoods(lang, &neighbourhood_list(t)));
            }
            if let Some(r) = zone.radius {
                parts.push(dt::area_radius(lang, &km_text(t, r.km)));
            }
            if zone.is_open() {
                parts.push(dt::area_anywhere(lang));
            }
        }
    }
    if terms.fee > Money::ZERO {
        let free = terms.free_above.map(|m| t.money(m));
        parts.push(dt::area_fee(lang, &t.money(terms.fee), free.as_deref()));
    } else {
        parts.push(dt::area_free(lang));
    }
    if let Some(min) = terms.min_order {
        parts.push(dt::area_minimum(lang, &t.money(min)));
    }
    t.out.note(parts.join("\n"));
    super::prompt(t);
}

/// Pickup chosen after a refusal or any time: forget the delivery-only answers.
pub fn forget_delivery(t: &mut Turn) {
    t.session.checkout.pin_asked = false;
    t.session.checkout.address_confirmed = None;
    if t.session
        .checkout
        .payment
        .is_some_and(|p| !t.ctx.payment.pickup.contains(&p))
    {
        t.session.checkout.payment = None;
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
