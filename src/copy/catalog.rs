//! A WhatsApp catalog cart (Meta's `order` message) taken into our cart.

use super::pick;
use crate::domain::Lang;

/// Lines of the catalog cart with no usable quantity (0, negative, not a number).
pub fn catalog_bad_quantity(lang: Lang, names: &str) -> String {
    match lang {
        Lang::Tr => format!("Adedi geçersiz olduğu için eklenmedi: {names}"),
        Lang::En => format!("Not added, the quantity was not valid: {names}"),
    }
}

/// The catalog cart showed another price than ours for something.
pub fn catalog_prices_ours(lang: Lang) -> String {
    pick(
        lang,
        "💡 Fiyatlar menümüzdeki güncel fiyatlardır.",
        "💡 Prices are our current menu prices.",
    )
}
