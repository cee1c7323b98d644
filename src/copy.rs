//! Every customer-facing sentence (the shop's copy), in Turkish and English, in one place.
//!
//! Functions take already formatted values (amounts as `"120,00 ₺"`, names already
//! cleaned and cut) and return the text; they never decide anything. Button and row
//! labels live in [`labels`] and are short enough for WhatsApp as they are (a test
//! checks every one). Names are never glued to Turkish suffixes, so any restaurant
//! or product name reads correctly.

/// Ordering ahead while closed: the offer, the times, the confirmation.
pub mod ahead;
/// Address, phone, hours; order timing; asking the shop to cancel.
pub mod answers;
/// Home, categories, products, search.
pub mod browse;
/// A WhatsApp catalog cart taken into ours.
pub mod catalog;
/// Coupon, pickup or delivery, address, note.
pub mod checkout;
/// The pin, the door question, addresses asked again, notes cut.
pub mod courier;
/// Delivery zone, fee, minimum and payment.
pub mod delivery;
/// Help, not understood, earlier buttons, closed and paused.
pub mod general;
/// Button, list and row labels within WhatsApp's limits.
pub mod labels;
/// Open orders and cancelling one.
pub mod orders;
/// The ready time quoted, busy mode, full slots, the counter reminder.
pub mod pace;
/// The shop's state, questions about an order, language switches.
pub mod shop;
/// Handed to a person: what the customer is told.
pub mod support;
/// Ordering in one's own words: added, not on the menu, limits, extras, short answers.
pub mod talk;
/// Changes, cancels and coupons said in words; what can be done when not understood.
pub mod turns;

pub use ahead::*;
pub use answers::*;
pub use browse::*;
pub use catalog::*;
pub use checkout::*;
pub use courier::*;
pub use general::*;
pub use orders::*;
pub use pace::*;
pub use shop::*;
pub use support::*;
pub use talk::*;
pub use turns::*;

use crate::domain::Lang;

/// The Turkish or the English text.
pub(crate) fn pick(lang: Lang, tr: &str, en: &str) -> String {
    match lang {
        Lang::Tr => tr.to_string(),
        Lang::En => en.to_string(),
    }
}
