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
pub fn text(turn: &mut Turn, raw: &str, first_contact: bool) {
    let cleaned = cut(&clean(raw), 1000);
    let folded = fold(&cleaned);
    // written in Turkish by a customer we greeted in English: answer in Turkish
    if super::lang::read(turn, &cleaned, &folded) {
        return;
    }
    let misses = std::mem::take(&mut turn.session.misses);
    if said_anywhere(turn, raw, &cleaned, &folded)
        || said_at_step(turn, &cleaned, &folded)
        || fulfilment_with_order(turn, &cleaned)
    {
        return;
    }
    let unknown = match reading::order(turn, &cleaned) {
        Ok(()) => return,
        Err(unknown) => unknown,
    };
    if coupon_at_checkout(turn, &cleaned, misses) {
        return;
    }
    if turn.session.step.is_idle() && browse::search(turn, &cleaned) {
        return;
    }
    unknown_words(turn, &unknown, first_contact, misses);
}

/// What works whatever the step: a shown choice, yes at the summary, a cancel,
/// a command, asking for a person, an answer to a question, "no coupon".
/// True if the text was taken.
fn said_anywhere(turn: &mut Turn, raw: &str, cleaned: &str, folded: &str) -> bool {
    // a shown choice by its position or title; yes or no to a yes/no question
    if super::picks::typed(turn, cleaned) {
        return true;
    }
    // "onaylıyorum", "evet lütfen", "👍" at the summary
    if matches!(turn.session.step, Step::Summary { .. }) && said::is_yes(cleaned) {
        summary::confirm(turn);
        return true;
    }
    // "iptal et", "vazgeçtim", "siparişimi iptal etmek istiyorum" ("et" is no meat here)
    if folded.trim() != "iptal"
        && !matches!(turn.session.step, Step::Address | Step::Note | Step::Door)
        && let Some(c) = said::cancel(cleaned)
    {
        cancel_said(turn, c);
        return true;
    }
    if let Some(c) = command(folded) {
        run_command(turn, c);
        return true;
    }
    // before the step reads it: "yetkili" is not an address or a coupon code
    if wants_person(
        cleaned,
        matches!(turn.session.step, Step::Address | Step::Note),
    ) {
        person::hand_over(turn, Handoff::Asked);
        return true;
    }
    if super::asks::answer(turn, raw, folded) {
        return true;
    }
    if let Some(q) = super::answers::question(folded, super::answers::strict_at(&turn.session.step))
    {
        super::answers::answer(turn, q);
        return true;
    }
    if said::coupon_off(cleaned) {
        run_intent(turn, Intent::NoCoupon);
        return true;
    }
    false
}

/// A change to the cart in words, a coupon named, what the step reads, a short
/// intent, or a bare number for the last line. True if the text was taken.
fn said_at_step(turn: &mut Turn, cleaned: &str, folded: &str) -> bool {
    // "kolayı çıkar", "ayranlar 2 olsun", "tavuk yerine et", "bir ayran daha"
    let words_step = !matches!(
        turn.session.step,
        Step::Address | Step::Note | Step::Door | Step::CouponCheck { .. }
    );
    let building = matches!(
        turn.session.step,
        Step::Options { .. } | Step::Quantity { .. } | Step::LineQty { .. }
    );
    if words_step && (!building || said::removal(cleaned).is_some()) && edit::typed(turn, cleaned) {
        return true;
    }
    // "hoşgeldin kuponu", "kuponum var: YAZ25"
    if words_step
        && !building
        && let Some(code) = said::coupon_named(cleaned)
    {
        checkout::coupon_typed(turn, &code);
        return true;
    }
    if step_text(turn, cleaned, folded) {
        return true;
    }
    if let Some(i) = intent(folded, cleaned) {
        run_intent(turn, i);
        return true;
    }
    turn.session.step.is_idle() && last_line_quantity(turn, folded)
}

/// "2 tavuk dürüm paket olsun": the fulfilment said inside the order. True if
/// an order was read around it.
fn fulfilment_with_order(turn: &mut Turn, cleaned: &str) -> bool {
    let Some((f, rest)) = said::fulfilment_in(cleaned) else {
        return false;
    };
    if matches!(turn.session.step, Step::Placing { .. }) {
        return false;
    }
    let r = crate::bot::understand::read_order(turn.ctx.menu, &rest);
    if !r.found_anything() {
        return false;
    }
    turn.session.checkout.fulfilment = Some(f);
    if f == Fulfilment::Pickup {
        turn.session.checkout.address = None;
        turn.session.checkout.location = None;
    }
    reading::apply(turn, r);
    true
}

/// Text that is no order at checkout time: a coupon code, or a bare word that
/// may be one (" hoşgeldin "). True if it was taken as a code.
fn coupon_at_checkout(turn: &mut Turn, cleaned: &str, misses: u8) -> bool {
    let checkout_time = match turn.session.step {
        Step::Summary { .. } | Step::Fulfilment => true,
        Step::Idle => !turn.session.cart.is_empty(),
        _ => false,
    };
    if checkout_time && looks_like_code(cleaned) {
        checkout::coupon_typed(turn, cleaned);
        return true;
    }
    // a bare word that is nothing else may be a coupon code (" hoşgeldin ")
    let guess_time = match turn.session.step {
        Step::Summary { .. } => true,
        Step::Idle => !turn.session.cart.is_empty(),
        _ => false,
    };
    if guess_time
        && maybe_code(cleaned)
        && !said::not_food_words(cleaned, turn.customer_name().as_deref())
        && checkout::coupon_guess(turn, cleaned)
    {
        turn.session.misses = misses;
        return true;
    }
    false
}

/// Words read as no order, no command and no answer: the home screen at first
/// contact, the unknown food words said back, or "not understood".
fn unknown_words(turn: &mut Turn, unknown: &[String], first_contact: bool, misses: u8) {
    let food: Vec<String> = unknown
        .iter()
        .filter(|u| !said::not_food_words(u, turn.customer_name().as_deref()))
        .cloned()
        .collect();
    if first_contact && turn.session.step.is_idle() && food.is_empty() {
        return browse::home(turn, true);
    }
    if turn.session.step.is_idle() && reading::say_unknown(turn, &food) {
        return browse::categories(turn, 0);
    }
    not_understood(turn, misses);
}

/// One short line on what can be done here, the question again; at the second
/// miss in a row, a person is offered (a button), never handed over unasked.
fn not_understood(turn: &mut Turn, misses: u8) {
    let lang = turn.lang();
    turn.session.misses = misses.saturating_add(1);
    let can = match turn.session.step {
        Step::Idle => copy::can_idle(lang, !turn.session.cart.is_empty()),
        Step::Summary { .. } => copy::can_summary(lang),
        _ => copy::can_choose(lang),
    };
    turn.out.note(copy::not_understood_at(lang, &can));
    steps::prompt(turn);
    offer_person(turn);
}

/// At the second miss in a row, a button to reach a person below the question.
pub(crate) fn offer_person(turn: &mut Turn) {
    let lang = turn.lang();
    if turn.session.misses >= MISSES_BEFORE_PERSON {
        turn.out.push(buttons(
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
fn cancel_said(turn: &mut Turn, c: said::Cancel) {
    if !c.rest.is_empty() {
        let r = crate::bot::understand::read_order(turn.ctx.menu, &c.rest.join(" "));
        if r.found_anything() {
            edit::remove(turn, &c.rest);
            return;
        }
    }
    if matches!(
        turn.session.step,
        Step::Options { .. } | Step::Quantity { .. } | Step::LineQty { .. }
    ) {
        return checkout::abandon(turn);
    }
    if !turn.session.step.is_idle() {
        // leaving the question: what to cancel is asked at rest
        turn.session.step = Step::Idle;
        turn.session.resume = false;
    }
    let open = &turn.ctx.customer.open_orders;
    let new: Vec<_> = open
        .iter()
        .filter(|o| o.status == OrderStatus::New)
        .collect();
    let has_cart = !turn.session.cart.is_empty();
    let want_order = c.order && !c.cart || !has_cart;
    if want_order && !open.is_empty() {
        if let [o] = new.as_slice()
            && (new.len() == open.len() || !has_cart)
        {
            return orders::ask(turn, o.number);
        }
        if new.is_empty()
            && let Some(o) = steps::cancel_request::candidate(turn)
        {
            return steps::cancel_request::ask(turn, o.number);
        }
        return cancel(turn);
    }
    if has_cart && (c.cart || open.is_empty() || !c.order) {
        if !c.cart && !c.order && !open.is_empty() {
            // a cart and an open order, neither named: which one
            return cancel(turn);
        }
        return clear_said(turn);
    }
    cancel(turn)
}

/// The cart emptied on the customer's word, saying what was in it.
fn clear_said(turn: &mut Turn) {
    let lang = turn.lang();
    let what: Vec<String> = turn
        .session
        .cart
        .lines
        .iter()
        .take(4)
        .map(|c| match turn.priced(c) {
            Ok(p) => format!("{} × {}", c.quantity, cut(&p.name, 40)),
            Err(_) => format!("{} × {}", c.quantity, cut(&c.name, 40)),
        })
        .collect();
    turn.session.reset_order();
    turn.out.note(copy::cart_cancelled(lang, &what.join(", ")));
    browse::home(turn, false);
}

/// Typed messages in a row not understood before a person is asked to take over.
const MISSES_BEFORE_PERSON: u8 = 2;

/// A bare number at rest, after something was added: the new quantity of the
/// last cart line. False if it is not a number or the cart is empty.
fn last_line_quantity(turn: &mut Turn, folded: &str) -> bool {
    let Some(n) = quantity::parse(folded) else {
        return false;
    };
    let Some(idx) = turn.session.cart.lines.len().checked_sub(1) else {
        return false;
    };
    let lang = turn.lang();
    match n {
        Ok(n) => {
            turn.session.cart.lines[idx].quantity = n;
            let line = &turn.session.cart.lines[idx];
            let what = match turn.priced(line) {
                Ok(p) => cart::label(&p.name, &p.options),
                Err(_) => cut(&line.name, 80),
            };
            turn.out.note(copy::line_updated(lang, &what, n));
        }
        Err(()) => turn
            .out
            .note(copy::quantity_out_of_range(lang, MAX_QUANTITY)),
    }
    added::show(turn, idx);
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
fn run_intent(turn: &mut Turn, i: Intent) {
    let lang = turn.lang();
    match i {
        Intent::Thanks => turn.out.push(Reply::text(copy::thanks_reply(lang))),
        Intent::Yes => match turn.session.step {
            Step::Summary { .. } => summary::confirm(turn),
            Step::Idle if !turn.session.cart.is_empty() => checkout::start(turn),
            // nothing changes: the question again, no "👍" that looks like a yes taken
            _ => steps::prompt(turn),
        },
        Intent::Fulfil(f) => fulfil_any(turn, f),
        Intent::NoCoupon => {
            if let Some(a) = turn.session.checkout.coupon.take() {
                turn.out
                    .note(copy::coupon_removed(lang, &cut(&a.coupon.code, 32)));
                if !turn.session.cart.is_empty()
                    && !matches!(turn.session.step, Step::Placing { .. })
                {
                    turn.session.step = Step::Idle;
                    return checkout::resume(turn);
                }
                return steps::prompt(turn);
            }
            turn.out.note(copy::no_coupon_ok(lang));
            if matches!(turn.session.step, Step::Coupon | Step::CouponCheck { .. }) {
                turn.session.step = Step::Idle;
                return checkout::resume(turn);
            }
            steps::prompt(turn);
        }
        Intent::Repeat => orders::ask_last(turn),
        Intent::Note(n) => {
            let Some(n) = courier::take_note(turn, &n) else {
                return steps::prompt(turn);
            };
            turn.out
                .note(copy::note_taken(lang, &cut(&n, courier::NOTE_SHOWN)));
            turn.session.checkout.note = Some(n);
            match turn.session.step {
                Step::Summary { .. } | Step::Note => {
                    turn.session.step = Step::Idle;
                    checkout::resume(turn)
                }
                Step::Idle if !turn.session.cart.is_empty() => cart::view(turn),
                _ => steps::prompt(turn),
            }
        }
        Intent::Coupon(code) => checkout::coupon_typed(turn, &code),
        Intent::PaymentMethods => steps::fees::answer_payment(turn),
        Intent::DeliveryArea { place, said } => {
            steps::fees::answer_area(turn, place.as_deref(), &said);
        }
        Intent::Person => person::hand_over(turn, Handoff::Asked),
    }
}

/// Pickup or delivery said at any step: into the checkout when there is a cart.
fn fulfil_any(turn: &mut Turn, f: Fulfilment) {
    let lang = turn.lang();
    match turn.session.step {
        Step::Placing { .. } => return steps::prompt(turn),
        Step::Options { .. } => {
            turn.session.checkout.fulfilment = Some(f);
            turn.session.resume = true;
            return options::show_current(turn);
        }
        _ => {}
    }
    if turn.session.cart.is_empty() {
        turn.session.checkout.fulfilment = Some(f);
        turn.out
            .note(copy::fulfilment_noted(lang, f == Fulfilment::Pickup));
        return browse::categories(turn, 0);
    }
    turn.session.step = Step::Idle;
    checkout::fulfil(turn, f);
}

/// Carry out a word that works anywhere (also used by the equivalent buttons).
pub fn run_command(turn: &mut Turn, c: Command) {
    if let Step::Options { pid, .. } = turn.session.step {
        let name = turn
            .ctx
            .menu
            .product(pid)
            .map(|p| cut(p.name_in(turn.lang()), 60))
            .unwrap_or_default();
        match c {
            // the half-built item is finished first, then the checkout
            Command::Checkout => {
                turn.session.resume = true;
                turn.out.note(copy::finish_item_first(turn.lang(), &name));
                return options::show_current(turn);
            }
            Command::Menu | Command::Cart | Command::Greet => {
                turn.out.note(copy::item_left(turn.lang(), &name));
                turn.session.step = Step::Idle;
                turn.session.queue.clear();
            }
            _ => {}
        }
    }
    match c {
        Command::Greet => browse::home(turn, true),
        Command::Menu => browse::categories(turn, 0),
        Command::Cart => cart::view(turn),
        Command::Cancel => cancel(turn),
        Command::Help => {
            turn.out.note(copy::help(turn.lang()));
            steps::prompt(turn);
        }
        Command::Orders => orders::view(turn),
        Command::Checkout if matches!(turn.session.step, Step::Summary { .. }) => {
            summary::confirm(turn)
        }
        Command::Checkout => checkout::start(turn),
        Command::Lang(l) => {
            turn.session.lang = Some(l);
            turn.out.note(copy::lang_switched(l));
            steps::prompt(turn);
        }
    }
}

/// "iptal": leave the current question; with none, offer what can be cancelled.
fn cancel(turn: &mut Turn) {
    if !turn.session.step.is_idle() {
        return checkout::abandon(turn);
    }
    let lang = turn.lang();
    let mut b = Vec::new();
    if !turn.session.cart.is_empty() {
        b.push(Choice::new(Action::Clear.id(), labels::clear_row(lang)));
    }
    let new = turn
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
    if let Some(o) = steps::cancel_request::candidate(turn) {
        if b.is_empty() {
            // nothing else to cancel: straight to "shall we ask the shop?"
            return steps::cancel_request::ask(turn, o.number);
        }
        b.push(Choice::new(
            Action::CancelRequestAsk { number: o.number }.id(),
            copy::ask_cancel_button(lang),
        ));
    }
    let asked = turn
        .ctx
        .customer
        .open_orders
        .iter()
        .find(|o| o.cancel_requested);
    if let (true, Some(o)) = (b.is_empty(), asked) {
        return steps::cancel_request::requested(turn, o.number, true);
    }
    if b.is_empty() {
        turn.out.note(copy::nothing_to_cancel(lang));
        return browse::home(turn, false);
    }
    if let [only] = b.as_slice()
        && let Some(Action::CancelOrderAsk { number }) = Action::parse(&only.id)
    {
        // one thing to cancel: its own question, not "which?"
        return orders::ask(turn, number);
    }
    b.push(Choice::new(Action::Home.id(), labels::menu(lang)));
    turn.out.push(buttons(copy::cancel_what(lang), b));
}

/// A typed number at a quantity question. False if it is not a number.
fn typed_quantity(turn: &mut Turn, folded: &str) -> bool {
    let Some(n) = quantity::parse(folded) else {
        return false;
    };
    match (n, turn.session.step.clone()) {
        (Ok(n), Step::Quantity { .. }) => quantity::add(turn, n),
        (Ok(n), _) => cart::set_line_qty(turn, n),
        (Err(()), step) => {
            turn.out
                .note(copy::quantity_out_of_range(turn.lang(), MAX_QUANTITY));
            match step {
                Step::LineQty { line, pid } => cart::line_qty_ask(turn, line, pid),
                _ => quantity::show(turn),
            }
        }
    }
    true
}

/// Typed text the current step can use. False if it could not.
fn step_text(turn: &mut Turn, cleaned: &str, folded: &str) -> bool {
    match turn.session.step.clone() {
        Step::Idle | Step::Placing { .. } | Step::Fulfilment | Step::Summary { .. } => false,
        Step::Options { .. } => options::typed(turn, folded, cleaned),
        Step::Quantity { .. } | Step::LineQty { .. } => typed_quantity(turn, folded),
        Step::Coupon | Step::CouponCheck { .. } => {
            // "gel al", "tamam"… at the coupon question are not codes
            if intent(folded, cleaned).is_some_and(|i| !matches!(i, Intent::Coupon(_))) {
                return false;
            }
            checkout::coupon_typed(turn, cleaned);
            true
        }
        Step::Address => {
            // "gel al" switches; "adrese getirin" is no address (asked again once)
            if checkout::typed_fulfilment(folded) == Some(Fulfilment::Pickup) {
                checkout::fulfil(turn, Fulfilment::Pickup);
            } else {
                checkout::address_typed(turn, cleaned);
            }
            true
        }
        Step::Door => {
            courier::door_typed(turn, cleaned, folded);
            true
        }
        Step::Payment => steps::fees::payment_typed(turn, folded),
        Step::Note => {
            let skip = ["yok", "hayir", "no", "none", "not yok", "no note", "-"].contains(&folded);
            checkout::note(turn, if skip { None } else { Some(cleaned) });
            true
        }
    }
}
