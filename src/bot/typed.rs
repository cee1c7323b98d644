//! Typed text: words that work at any step (menü, sepet, iptal, yardım, english…,
//! compared case- and accent-insensitively), then what the current step reads
//! from text (a quantity, a coupon code, an address…), then a product search,
//! and otherwise "not understood" with the current question again.

use crate::domain::Lang;
use crate::domain::cart::MAX_QUANTITY;
use crate::domain::order::OrderStatus;
use crate::domain::reply::Choice;
use crate::domain::text::{clean, cut, fold};
use crate::domain::texts::{self, labels};

use super::ids::Action;
use super::render::buttons;
use super::session::Step;
use super::steps::{self, Turn, browse, cart, checkout, options, orders, quantity, summary};

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
        "merhaba" | "selam" | "selamlar" | "slm" | "mrb" | "hi" | "hello" | "hey" | "start"
        | "basla" => Greet,
        "menu" | "menuler" | "menuyu goster" | "show menu" => Menu,
        "sepet" | "sepetim" | "cart" | "my cart" | "basket" => Cart,
        "iptal" | "cancel" | "vazgec" | "stop" => Cancel,
        "yardim" | "help" | "?" | "komutlar" => Help,
        // not "durum" (status): folded, it is "dürüm"
        "siparisim" | "siparislerim" | "siparis durumu" | "my order" | "orders"
        | "order status" | "status" => Orders,
        "siparis ver" | "siparisi tamamla" | "checkout" | "tamamla" | "odeme" => Checkout,
        "english" | "ingilizce" | "in english" => Lang(crate::domain::Lang::En),
        "turkce" | "turkish" | "in turkish" => Lang(crate::domain::Lang::Tr),
        _ => return None,
    })
}

/// Typed text: a command, an answer to the current step, a search, or "not understood".
pub fn text(t: &mut Turn, raw: &str, first_contact: bool) {
    let cleaned = cut(&clean(raw), 1000);
    let folded = fold(&cleaned);
    if let Some(c) = command(&folded) {
        return run_command(t, c);
    }
    if step_text(t, &cleaned, &folded) {
        return;
    }
    if t.s.step.is_idle() && browse::search(t, &cleaned) {
        return;
    }
    if first_contact && t.s.step.is_idle() {
        return browse::home(t, true);
    }
    t.out.note(texts::not_understood(t.lang()));
    steps::prompt(t);
}

/// Carry out a word that works anywhere (also used by the equivalent buttons).
pub fn run_command(t: &mut Turn, c: Command) {
    match c {
        Command::Greet => browse::home(t, true),
        Command::Menu => browse::categories(t, 0),
        Command::Cart => cart::view(t),
        Command::Cancel => cancel(t),
        Command::Help => {
            t.out.note(texts::help(t.lang()));
            steps::prompt(t);
        }
        Command::Orders => orders::view(t),
        Command::Checkout => checkout::start(t),
        Command::Lang(l) => {
            t.s.lang = Some(l);
            t.out.note(texts::lang_switched(l));
            steps::prompt(t);
        }
    }
}

/// "iptal": leave the current question; with none, offer what can be cancelled.
fn cancel(t: &mut Turn) {
    if !t.s.step.is_idle() {
        return checkout::abandon(t);
    }
    let l = t.lang();
    let mut b = Vec::new();
    if !t.s.cart.is_empty() {
        b.push(Choice::new(Action::Clear.id(), labels::clear_row(l)));
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
            texts::cancel_order_button(l, o.number),
        ));
    }
    if b.is_empty() {
        t.out.note(texts::nothing_to_cancel(l));
        return browse::home(t, false);
    }
    b.push(Choice::new(Action::Home.id(), labels::menu(l)));
    t.out.push(buttons(texts::cancel_what(l), b));
}

/// A typed number at a quantity question. False if it is not a number.
fn typed_quantity(t: &mut Turn, folded: &str) -> bool {
    let Some(n) = quantity::parse(folded) else {
        return false;
    };
    match (n, t.s.step.clone()) {
        (Ok(n), Step::Quantity { .. }) => quantity::add(t, n),
        (Ok(n), _) => cart::set_line_qty(t, n),
        (Err(()), step) => {
            t.out
                .note(texts::quantity_out_of_range(t.lang(), MAX_QUANTITY));
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
    match t.s.step.clone() {
        Step::Idle | Step::Placing { .. } => false,
        Step::Options { .. } => options::typed(t, folded),
        Step::Quantity { .. } | Step::LineQty { .. } => typed_quantity(t, folded),
        Step::Coupon | Step::CouponCheck { .. } => {
            checkout::coupon_typed(t, cleaned);
            true
        }
        Step::Fulfilment => match checkout::typed_fulfilment(folded) {
            Some(f) => {
                checkout::fulfil(t, f);
                true
            }
            None => false,
        },
        Step::Address => {
            checkout::address_typed(t, cleaned);
            true
        }
        Step::Note => {
            let skip = ["yok", "hayir", "no", "none", "not yok", "no note", "-"].contains(&folded);
            checkout::note(t, if skip { None } else { Some(cleaned) });
            true
        }
        Step::Summary { .. } => {
            let yes = ["onayla", "onay", "evet", "tamam", "confirm", "yes", "ok"].contains(&folded);
            if yes {
                summary::confirm(t);
            }
            yes
        }
    }
}
