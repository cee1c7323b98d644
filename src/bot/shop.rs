//! The shop's state in the conversation. While orders are paused, the first
//! message a customer sends is answered with the pause (its reason and, when
//! known, when it ends) above whatever else the message gets, once per pause:
//! [`Session::paused_told`](super::Session) keeps when it was said, and
//! `maydanoz resume` reads it to tell that customer the shop is open again.
//! A checkout tried while orders are not taken says so once per bubble and
//! keeps the cart; the cart view then offers no checkout button to loop on.

use crate::copy;

use super::api::ShopStatus;
use super::steps::Turn;

/// Are orders paused right now?
pub fn paused(turn: &Turn) -> bool {
    matches!(turn.ctx.shop, ShopStatus::Paused { .. })
}

/// After a customer's message was handled: the pause said once (first, above
/// the rest), or the record of it dropped once the shop takes orders again.
pub fn after_message(turn: &mut Turn) {
    if !paused(turn) {
        turn.session.paused_told = 0;
        return;
    }
    if turn.session.paused_told != 0 {
        return;
    }
    if !turn.notice_said
        && let Some(n) = turn.shop_notice()
    {
        turn.out.note_first(n);
        turn.notice_said = true;
    }
    turn.session.paused_told = turn.ctx.now.as_millis().max(1);
}

/// A checkout refused while closed or paused: the shop's sentence (unless this
/// bubble has it already) and how long the cart is kept, each said once.
pub fn not_now(turn: &mut Turn, notice: String) {
    let lang = turn.lang();
    if !turn.notice_said {
        turn.out.note(notice);
        turn.notice_said = true;
    }
    let minutes = turn.ctx.cart_idle.whole_minutes();
    turn.out
        .note(copy::cart_kept(lang, &copy::kept_for(lang, minutes)));
}

/// The city of the shop's address (`restaurant.address`), for examples: the
/// last part after a comma or a slash ("…, Çankaya/Ankara" → "Ankara"), when it
/// is one word of letters; `None` otherwise (the example then names no city).
pub fn city(address: Option<&str>) -> Option<String> {
    let a = crate::domain::text::clean(address?);
    let last = a.rsplit([',', '/']).next()?.trim();
    let words: Vec<&str> = last
        .split_whitespace()
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .collect();
    match words.as_slice() {
        [w] if w.chars().all(char::is_alphabetic) && w.chars().count() <= 20 => {
            Some((*w).to_string())
        }
        _ => None,
    }
}

/// An order was placed: keep how it was paid, for "aynısından".
pub fn remember_payment(turn: &mut Turn) {
    if let Some(p) = turn.session.checkout.payment {
        turn.session.last_payment = Some(p);
    }
}

/// "aynısından": the last order's payment, unless one was chosen already (the
/// checkout keeps it only if it is still offered for the fulfilment).
pub fn same_payment(turn: &mut Turn) {
    if turn.session.checkout.payment.is_none() {
        turn.session.checkout.payment = turn.session.last_payment;
    }
}
