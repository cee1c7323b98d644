//! Typed text: words that work at any step (menü, sepet, iptal, yardım, english…,
//! compared case- and accent-insensitively), then what the current step reads
//! from text (an option, a coupon code, an address…), then short intents
//! ([`super::intents`]), then an order in the customer's words
//! ([`super::steps::reading`]), then a search, and otherwise "not understood"
//! with the current question again.

use crate::copy::{self, labels};
use crate::domain::Lang;
use crate::domain::cart::MAX_QUANTITY;
use crate::domain::order::OrderStatus;
use crate::domain::reply::Choice;
use crate::domain::text::{clean, cut, fold};

use super::api::Handoff;
use super::ids::Action;
use super::intents::{Intent, intent, wants_person};
use super::render::buttons;
use super::said;
use super::session::Step;
use super::steps::{
    self, Turn, added, browse, cart, checkout, courier, edit, options, orders, person, quantity,
    reading, summary,
};
use crate::domain::order::Fulfilment;
use crate::domain::reply::Reply;

/// Words that work at any step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Greet,
    Menu,
    Cart,
    Cancel,
    Help,
    Orders,
    Checkout,
    Lang(Lang),
}

fn command(folded: &str) -> Option<Command> {
    use Command::*;
    Some(match folded {
        w if crate::domain::lang_guess::is_greeting(w) => Greet,
        "start" | "basla" => Greet,
        "menu" | "menuler" | "menuyu goster" | "menuyu gonder" | "menuyu" | "menunuz"
        | "ne var" | "neler var" | "show menu" | "the menu" => Menu,
        "sepet" | "sepetim" | "cart" | "my cart" | "basket" => Cart,
        "iptal" | "cancel" | "vazgec" | "stop" => Cancel,
        "yardim" | "help" | "?" | "komutlar" => Help,
        // not "durum" (status): folded, it is "dürüm"
        "siparisim"
        | "siparislerim"
        | "siparis durumu"
        | "siparisim nerede"
        | "siparisim ne durumda"
        | "siparisim ne oldu"
        | "my order"
        | "orders"
        | "order status"
        | "status"
        | "where is my order" => Orders,
        "siparis ver"
        | "siparisi ver"
        | "siparis"
        | "siparisi tamamla"
        | "siparis vermek istiyorum"
        | "checkout"
        | "check out"
        | "order"
        | "place order"
        | "place my order"
        | "tamamla"
        | "odeme"
        | "bu kadar"
        | "hepsi bu"
        | "o kadar"
        | "that's all"
        | "thats all" => Checkout,
        "english" | "ingilizce" | "in english" => Lang(crate::domain::Lang::En),
        "turkce" | "turkish" | "in turkish" => Lang(crate::domain::Lang::Tr),
        _ => return None,
    })
}

/// Typed text: a command, an answer to the current step, a short intent, an
/// order in the customer's words, a search, or "not understood".
pub fn text(t: &mut Turn, raw: &str, first_contact: bool) {
    let cleaned = cut(&clean(raw), 1000);
    let folded = fold(&cleaned);
    // written in Turkish by a customer we greeted in English: answer in Turkish
    if super::lang::read(t, &cleaned, &folded) {
        return;
    }
    let misses = std::mem::take(&mut t.session.misses);
    if said_anywhere(t, raw, &cleaned, &folded)
        || said_at_step(t, &cleaned, &folded)
        || fulfilment_with_order(t, &cleaned)
    {
        return;
    }
    let unknown = match reading::order(t, &cleaned) {
        Ok(()) => return,
        Err(unknown) => unknown,
    };
    if coupon_at_checkout(t, &cleaned, misses) {
        return;
    }
    if t.session.step.is_idle() && browse::search(t, &cleaned) {
        return;
    }
    unknown_words(t, &unknown, first_contact, misses);
}

/// What works whatever the step: a shown choice, yes at the summary, a cancel,
/// a command, asking for a person, an answer to a question, "no coupon".
/// True if the text was taken.
fn said_anywhere(t: &mut Turn, raw: &str, cleaned: &str, folded: &str) -> bool {
    // a shown choice by its position or title; yes or no to a yes/no question
    if super::picks::typed(t, cleaned) {
        return true;
    }
    // "onaylıyorum", "evet lütfen", "👍" at the summary
    if matches!(t.session.step, Step::Summary { .. }) && said::is_yes(cleaned) {
        summary::confirm(t);
        return true;
    }
    // "iptal et", "vazgeçtim", "siparişimi iptal etmek istiyorum" ("et" is no meat here)
    if folded.trim() != "iptal"
        && !matches!(t.session.step, Step::Address | Step::Note | Step::Door)
        && let Some(c) = said::cancel(cleaned)
    {
        cancel_said(t, c);
        return true;
    }
    if let Some(c) = command(folded) {
        run_command(t, c);
        return true;
    }
    // before the step reads it: "yetkili" is not an address or a coupon code
    if wants_person(
        cleaned,
        matches!(t.session.step, Step::Address | Step::Note),
    ) {
        person::hand_over(t, Handoff::Asked);
        return true;
    }
    if super::asks::answer(t, raw, folded) {
        return true;
    }
    if let Some(q) = super::answers::question(folded, super::answers::strict_at(&t.session.step)) {
        super::answers::answer(t, q);
        return true;
    }
    if said::coupon_off(cleaned) {
        run_intent(t, Intent::NoCoupon);
        return true;
    }
    false
}

/// A change to the cart in words, a coupon named, what the step reads, a short
/// intent, or a bare number for the last line. True if the text was taken.
fn said_at_step(t: &mut Turn, cleaned: &str, folded: &str) -> bool {
    // "kolayı çıkar", "ayranlar 2 olsun", "tavuk yerine et", "bir ayran daha"
    let words_step = !matches!(
        t.session.step,
        Step::Address | Step::Note | Step::Door | Step::CouponCheck { .. }
    );
    let building = matches!(
        t.session.step,
        Step::Options { .. } | Step::Quantity { .. } | Step::LineQty { .. }
    );
    if words_step && (!building || said::removal(cleaned).is_some()) && edit::typed(t, cleaned) {
        return true;
    }
    // "hoşgeldin kuponu", "kuponum var: YAZ25"
    if words_step
        && !building
        && let Some(code) = said::coupon_named(cleaned)
    {
        checkout::coupon_typed(t, &code);
        return true;
    }
    if step_text(t, cleaned, folded) {
        return true;
    }
    if let Some(i) = intent(folded, cleaned) {
        run_intent(t, i);
        return true;
    }
    t.session.step.is_idle() && last_line_quantity(t, folded)
}

/// "2 tavuk dürüm paket olsun": the fulfilment said inside the order. True if
/// an order was read around it.
fn fulfilment_with_order(t: &mut Turn, cleaned: &str) -> bool {
    let Some((f, rest)) = said::fulfilment_in(cleaned) else {
        return false;
    };
    if matches!(t.session.step, Step::Placing { .. }) {
        return false;
    }
    let r = crate::bot::understand::read_order(t.ctx.menu, &rest);
    if !r.found_anything() {
        return false;
    }
    t.session.checkout.fulfilment = Some(f);
    if f == Fulfilment::Pickup {
        t.session.checkout.address = None;
        t.session.checkout.location = None;
    }
    reading::apply(t, r);
    true
}

/// Text that is no order at checkout time: a coupon code, or a bare word that
/// may be one (" hoşgeldin "). True if it was taken as a code.
fn coupon_at_checkout(t: &mut Turn, cleaned: &str, misses: u8) -> bool {
    let checkout_time = match t.session.step {
        Step::Summary { .. } | Step::Fulfilment => true,
        Step::Idle => !t.session.cart.is_empty(),
        _ => false,
    };
    if checkout_time && looks_like_code(cleaned) {
        checkout::coupon_typed(t, cleaned);
        return true;
    }
    // a bare word that is nothing else may be a coupon code (" hoşgeldin ")
    let guess_time = match t.session.step {
        Step::Summary { .. } => true,
        Step::Idle => !t.session.cart.is_empty(),
        _ => false,
    };
    if guess_time
        && maybe_code(cleaned)
        && !said::not_food_words(cleaned, t.customer_name().as_deref())
        && checkout::coupon_guess(t, cleaned)
    {
        t.session.misses = misses;
        return true;
    }
    false
}

/// Words read as no order, no command and no answer: the home screen at first
/// contact, the unknown food words said back, or "not understood".
fn unknown_words(t: &mut Turn, unknown: &[String], first_contact: bool, misses: u8) {
    let food: Vec<String> = unknown
        .iter()
        .filter(|u| !said::not_food_words(u, t.customer_name().as_deref()))
        .cloned()
        .collect();
    if first_contact && t.session.step.is_idle() && food.is_empty() {
        return browse::home(t, true);
    }
    if t.session.step.is_idle() && reading::say_unknown(t, &food) {
        return browse::categories(t, 0);
    }
    not_understood(t, misses);
}

/// One short line on what can be done here, the question again; at the second
/// miss in a row, a person is offered (a button), never handed over unasked.
fn not_understood(t: &mut Turn, misses: u8) {
    let lang = t.lang();
    t.session.misses = misses.saturating_add(1);
    let can = match t.session.step {
        Step::Idle => copy::can_idle(lang, !t.session.cart.is_empty()),
        Step::Summary { .. } => copy::can_summary(lang),
        _ => copy::can_choose(lang),
    };
    t.out.note(copy::not_understood_at(lang, &can));
    steps::prompt(t);
    offer_person(t);
}

/// At the second miss in a row, a button to reach a person below the question.
pub(crate) fn offer_person(t: &mut Turn) {
    let lang = t.lang();
    if t.session.misses >= MISSES_BEFORE_PERSON {
        t.out.push(buttons(
            copy::person_offer(lang),
            vec![Choice::new(
                Action::Person.id(),
                labels::talk_to_person(lang),
            )],
        ));
    }
}

/// A cancel said in words: a product named is taken out of the cart; one open
/// order is asked about at once ("cancel #N?"); a cart alone is emptied.
fn cancel_said(t: &mut Turn, c: said::Cancel) {
    if !c.rest.is_empty() {
        let r = crate::bot::understand::read_order(t.ctx.menu, &c.rest.join(" "));
        if r.found_anything() {
            edit::remove(t, &c.rest);
            return;
        }
    }
    if matches!(
        t.session.step,
        Step::Options { .. } | Step::Quantity { .. } | Step::LineQty { .. }
    ) {
        return checkout::abandon(t);
    }
    if !t.session.step.is_idle() {
        // leaving the question: what to cancel is asked at rest
        t.session.step = Step::Idle;
        t.session.resume = false;
    }
    let open = &t.ctx.customer.open_orders;
    let new: Vec<_> = open
        .iter()
        .filter(|o| o.status == OrderStatus::New)
        .collect();
    let has_cart = !t.session.cart.is_empty();
    let want_order = c.order && !c.cart || !has_cart;
    if want_order && !open.is_empty() {
        if let [o] = new.as_slice()
            && (new.len() == open.len() || !has_cart)
        {
            return orders::ask(t, o.number);
        }
        if new.is_empty()
            && let Some(o) = steps::cancel_request::candidate(t)
        {
            return steps::cancel_request::ask(t, o.number);
        }
        return cancel(t);
    }
    if has_cart && (c.cart || open.is_empty() || !c.order) {
        if !c.cart && !c.order && !open.is_empty() {
            // a cart and an open order, neither named: which one
            return cancel(t);
        }
        return clear_said(t);
    }
    cancel(t)
}

/// The cart emptied on the customer's word, saying what was in it.
fn clear_said(t: &mut Turn) {
    let lang = t.lang();
    let what: Vec<String> = t
        .session
        .cart
        .lines
        .iter()
        .take(4)
        .map(|c| match t.priced(c) {
            Ok(p) => format!("{} × {}", c.quantity, cut(&p.name, 40)),
            Err(_) => format!("{} × {}", c.quantity, cut(&c.name, 40)),
        })
        .collect();
    t.session.reset_order();
    t.out.note(copy::cart_cancelled(lang, &what.join(", ")));
    browse::home(t, false);
}

/// Typed messages in a row not understood before a person is asked to take over.
const MISSES_BEFORE_PERSON: u8 = 2;

/// A bare number at rest, after something was added: the new quantity of the
/// last cart line. False if it is not a number or the cart is empty.
fn last_line_quantity(t: &mut Turn, folded: &str) -> bool {
    let Some(n) = quantity::parse(folded) else {
        return false;
    };
    let Some(idx) = t.session.cart.lines.len().checked_sub(1) else {
        return false;
    };
    let lang = t.lang();
    match n {
        Ok(n) => {
            t.session.cart.lines[idx].quantity = n;
            let line = &t.session.cart.lines[idx];
            let what = match t.priced(line) {
                Ok(p) => cart::label(&p.name, &p.options),
                Err(_) => cut(&line.name, 80),
            };
            t.out.note(copy::line_updated(lang, &what, n));
        }
        Err(()) => t.out.note(copy::quantity_out_of_range(lang, MAX_QUANTITY)),
    }
    added::show(t, idx);
    true
}

/// One or two short words of letters (3 to 20), the shape of a coupon code typed
/// in lower case (" hoşgeldin ").
fn maybe_code(cleaned: &str) -> bool {
    let words = cleaned.split_whitespace().count();
    let joined: String = cleaned.split_whitespace().collect();
    (1..=2).contains(&words)
        && (3..=20).contains(&joined.chars().count())
        && joined.chars().all(char::is_alphanumeric)
}

/// One or two short words of letters and digits, with a digit or in capitals:
/// with a cart or at checkout, a coupon code.
fn looks_like_code(cleaned: &str) -> bool {
    let words = cleaned.split_whitespace().count();
    let joined: String = cleaned.split_whitespace().collect();
    // typed as a code: with a digit, or in capitals ("YAZ25", "ILK10", "HOSGELDIN")
    let codeish =
        joined.chars().any(|c| c.is_ascii_digit()) || joined.chars().all(|c| !c.is_lowercase());
    (1..=2).contains(&words)
        && (3..=32).contains(&joined.chars().count())
        && joined.chars().all(char::is_alphanumeric)
        && codeish
}

/// Act on a short intent ("tamam", "gelip alıcam", "not: …").
fn run_intent(t: &mut Turn, i: Intent) {
    let lang = t.lang();
    match i {
        Intent::Thanks => t.out.push(Reply::text(copy::thanks_reply(lang))),
        Intent::Yes => match t.session.step {
            Step::Summary { .. } => summary::confirm(t),
            Step::Idle if !t.session.cart.is_empty() => checkout::start(t),
            // nothing changes: the question again, no "👍" that looks like a yes taken
            _ => steps::prompt(t),
        },
        Intent::Fulfil(f) => fulfil_any(t, f),
        Intent::NoCoupon => {
            if let Some(a) = t.session.checkout.coupon.take() {
                t.out
                    .note(copy::coupon_removed(lang, &cut(&a.coupon.code, 32)));
                if !t.session.cart.is_empty() && !matches!(t.session.step, Step::Placing { .. }) {
                    t.session.step = Step::Idle;
                    return checkout::resume(t);
                }
                return steps::prompt(t);
            }
            t.out.note(copy::no_coupon_ok(lang));
            if matches!(t.session.step, Step::Coupon | Step::CouponCheck { .. }) {
                t.session.step = Step::Idle;
                return checkout::resume(t);
            }
            steps::prompt(t);
        }
        Intent::Repeat => orders::ask_last(t),
        Intent::Note(n) => {
            let Some(n) = courier::take_note(t, &n) else {
                return steps::prompt(t);
            };
            t.out
                .note(copy::note_taken(lang, &cut(&n, courier::NOTE_SHOWN)));
            t.session.checkout.note = Some(n);
            match t.session.step {
                Step::Summary { .. } | Step::Note => {
                    t.session.step = Step::Idle;
                    checkout::resume(t)
                }
                Step::Idle if !t.session.cart.is_empty() => cart::view(t),
                _ => steps::prompt(t),
            }
        }
        Intent::Coupon(code) => checkout::coupon_typed(t, &code),
        Intent::PaymentMethods => steps::fees::answer_payment(t),
        Intent::DeliveryArea { place, said } => {
            steps::fees::answer_area(t, place.as_deref(), &said);
        }
        Intent::Person => person::hand_over(t, Handoff::Asked),
    }
}

/// Pickup or delivery said at any step: into the checkout when there is a cart.
fn fulfil_any(t: &mut Turn, f: Fulfilment) {
    let lang = t.lang();
    match t.session.step {
        Step::Placing { .. } => return steps::prompt(t),
        Step::Options { .. } => {
            t.session.checkout.fulfilment = Some(f);
            t.session.resume = true;
            return options::show_current(t);
        }
        _ => {}
    }
    if t.session.cart.is_empty() {
        t.session.checkout.fulfilment = Some(f);
        t.out
            .note(copy::fulfilment_noted(lang, f == Fulfilment::Pickup));
        return browse::categories(t, 0);
    }
    t.session.step = Step::Idle;
    checkout::fulfil(t, f);
}

/// Carry out a word that works anywhere (also used by the equivalent buttons).
pub fn run_command(t: &mut Turn, c: Command) {
    if let Step::Options { pid, .. } = t.session.step {
        let name = t
            .ctx
            .menu
            .product(pid)
            .map(|p| cut(p.name_in(t.lang()), 60))
            .unwrap_or_default();
        match c {
            // the half-built item is finished first, then the checkout
            Command::Checkout => {
                t.session.resume = true;
                t.out.note(copy::finish_item_first(t.lang(), &name));
                return options::show_current(t);
            }
            Command::Menu | Command::Cart | Command::Greet => {
                t.out.note(copy::item_left(t.lang(), &name));
                t.session.step = Step::Idle;
                t.session.queue.clear();
            }
            _ => {}
        }
    }
    match c {
        Command::Greet => browse::home(t, true),
        Command::Menu => browse::categories(t, 0),
        Command::Cart => cart::view(t),
        Command::Cancel => cancel(t),
        Command::Help => {
            t.out.note(copy::help(t.lang()));
            steps::prompt(t);
        }
        Command::Orders => orders::view(t),
        Command::Checkout if matches!(t.session.step, Step::Summary { .. }) => summary::confirm(t),
        Command::Checkout => checkout::start(t),
        Command::Lang(l) => {
            t.session.lang = Some(l);
            t.out.note(copy::lang_switched(l));
            steps::prompt(t);
        }
    }
}

/// "iptal": leave the current question; with none, offer what can be cancelled.
fn cancel(t: &mut Turn) {
    if !t.session.step.is_idle() {
        return checkout::abandon(t);
    }
    let lang = t.lang();
    let mut b = Vec::new();
    if !t.session.cart.is_empty() {
        b.push(Choice::new(Action::Clear.id(), labels::clear_row(lang)));
    }
    let new = t
        .ctx
        .customer
        .open_orders
        .iter()
        .find(|o| o.status == OrderStatus::New);
    if let Some(o) = new {
        b.push(Choice::new(
            Action::CancelOrderAsk { number: o.number }.id(),
            copy::cancel_order_button(lang, o.number),
        ));
    }
    if let Some(o) = steps::cancel_request::candidate(t) {
        if b.is_empty() {
            // nothing else to cancel: straight to "shall we ask the shop?"
            return steps::cancel_request::ask(t, o.number);
        }
        b.push(Choice::new(
            Action::CancelRequestAsk { number: o.number }.id(),
            copy::ask_cancel_button(lang),
        ));
    }
    let asked = t
        .ctx
        .customer
        .open_orders
        .iter()
        .find(|o| o.cancel_requested);
    if let (true, Some(o)) = (b.is_empty(), asked) {
        return steps::cancel_request::requested(t, o.number, true);
    }
    if b.is_empty() {
        t.out.note(copy::nothing_to_cancel(lang));
        return browse::home(t, false);
    }
    if let [only] = b.as_slice()
        && let Some(Action::CancelOrderAsk { number }) = Action::parse(&only.id)
    {
        // one thing to cancel: its own question, not "which?"
        return orders::ask(t, number);
    }
    b.push(Choice::new(Action::Home.id(), labels::menu(lang)));
    t.out.push(buttons(copy::cancel_what(lang), b));
}

/// A typed number at a quantity question. False if it is not a number.
fn typed_quantity(t: &mut Turn, folded: &str) -> bool {
    let Some(n) = quantity::parse(folded) else {
        return false;
    };
    match (n, t.session.step.clone()) {
        (Ok(n), Step::Quantity { .. }) => quantity::add(t, n),
        (Ok(n), _) => cart::set_line_qty(t, n),
        (Err(()), step) => {
            t.out
                .note(copy::quantity_out_of_range(t.lang(), MAX_QUANTITY));
            match step {
                Step::LineQty { line, pid } => cart::line_qty_ask(t, line, pid),
                _ => quantity::show(t),
            }
        }
    }
    true
}

/// Typed text the current step can use. False if it could not.
fn step_text(t: &mut Turn, cleaned: &str, folded: &str) -> bool {
    match t.session.step.clone() {
        Step::Idle | Step::Placing { .. } | Step::Fulfilment | Step::Summary { .. } => false,
        Step::Options { .. } => options::typed(t, folded, cleaned),
        Step::Quantity { .. } | Step::LineQty { .. } => typed_quantity(t, folded),
        Step::Coupon | Step::CouponCheck { .. } => {
            // "gel al", "tamam"… at the coupon question are not codes
            if intent(folded, cleaned).is_some_and(|i| !matches!(i, Intent::Coupon(_))) {
                return false;
            }
            checkout::coupon_typed(t, cleaned);
            true
        }
        Step::Address => {
            // "gel al" switches; "adrese getirin" is no address (asked again once)
            if checkout::typed_fulfilment(folded) == Some(Fulfilment::Pickup) {
                checkout::fulfil(t, Fulfilment::Pickup);
            } else {
                checkout::address_typed(t, cleaned);
            }
            true
        }
        Step::Door => {
            courier::door_typed(t, cleaned, folded);
            true
        }
        Step::Payment => steps::fees::payment_typed(t, folded),
        Step::Note => {
            let skip = ["yok", "hayir", "no", "none", "not yok", "no note", "-"].contains(&folded);
            checkout::note(t, if skip { None } else { Some(cleaned) });
            true
        }
    }
}
