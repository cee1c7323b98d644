//! Every customer-facing sentence, in Turkish and English, in one place.
//!
//! Functions take already formatted values (amounts as `"120,00 ₺"`, names already
//! cleaned and cut) and return the text; they never decide anything. Button and row
//! labels live in [`labels`] and are short enough for WhatsApp as they are (a test
//! checks every one). Names are never glued to Turkish suffixes, so any restaurant
//! or product name reads correctly.

/// Ordering ahead while closed: the offer, the times, the confirmation.
pub mod ahead;
/// Home, categories, products, search.
pub mod browse;
/// Coupon, pickup or delivery, address, note.
pub mod checkout;
/// Help, not understood, earlier buttons, closed and paused.
pub mod general;
/// Button, list and row labels within WhatsApp's limits.
pub mod labels;
/// Open orders and cancelling one.
pub mod orders;
/// Ordering in one's own words: added, not on the menu, limits, extras, short answers.
pub mod talk;

pub use ahead::*;
pub use browse::*;
pub use checkout::*;
pub use general::*;
pub use orders::*;
pub use talk::*;

use super::Lang;

/// The Turkish or the English text.
pub(crate) fn pick(lang: Lang, tr: &str, en: &str) -> String {
    match lang {
        Lang::Tr => tr.to_string(),
        Lang::En => en.to_string(),
    }
}
