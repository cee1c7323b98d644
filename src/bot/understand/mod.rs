//! Reading an order written the way people write it: one message in, cart lines
//! out, against the live menu. Pure and deterministic: no IO, no clock, no
//! network, no model; imports nothing from `store`, `server`, `whatsapp` or `kds`.
//!
//! # API
//!
//! - [`read_order`]`(menu, text) -> `[`Reading`]: everything the message asked for.
//!   [`Reading::lines`] are ready for the cart (product, quantity, option ids, and
//!   the required groups the customer did not name, to be asked one at a time);
//!   [`Reading::unknown`] are the pieces that named nothing, as the customer wrote
//!   them, to be said back by name; [`Reading::ambiguous`] are words that fit
//!   several products equally well, to be asked once with the candidates as
//!   choices (then [`Ambiguity::resolve`] gives the line); [`Reading::unavailable`]
//!   are products named that are 86'd; [`Reading::capped`] are the limits hit
//!   ([`MAX_QUANTITY`] per line, [`MAX_ITEMS`] per message), to be told.
//! - [`read_options`]`(product, text)`: the options named in a reply while one
//!   product's options are being asked ("soğansız olsun", "acisiz sogansiz").
//! - [`fold_words`]: the Turkish-aware normal form every comparison here uses (İ/I/ı → i,
//!   ş → s, ğ → g, ö → o, ü → u, ç → c, punctuation → space), for the flow's own
//!   word checks. Coupon codes typed by customers are read by
//!   [`crate::domain::coupon_code`] (" hoşgeldin " = HOSGELDIN, "yaz 25" = YAZ25,
//!   "kuponum yok" = none).
//!
//! # What is understood
//!
//! - Several items in one message, separated by commas, new lines, "+", "ve",
//!   "ile", "bir de", "and", or simply by the next quantity ("2 tavuk dürüm 1 ayran").
//! - Quantities as digits or words (bir … on, one … ten), "2 tane", "2 adet", "x2",
//!   "2x", before or after the product ("kola 2").
//! - Product names regardless of case and Turkish letters, with Turkish endings
//!   ("dürümü", "lahmacunlar", "pideyi"), small typos scaled to the word's length
//!   (none under 4 letters: "su" matches only "su"), a unique part of a name
//!   ("adana", "iskender"), and the aliases the owner lists in the menu file.
//! - Options named anywhere in the item's words, only among that product's groups;
//!   the longest name wins ("az acılı" is not "acılı").
//! - "2 tavuk dürüm, biri soğansız" (one plain, one without onion), "diğeri acılı",
//!   "ikisi de acısız"/"hepsi"; an item with only options applies to the item
//!   before it ("tavuk dürüm, acısız olsun").
//! - Filler is ignored ("istiyorum", "olsun", "lütfen", "abi", "please", "i want").
//! - English: the menu's English names (`name_en` on products and options) are
//!   read like aliases ("mince pide", "less butter"); and a small built-in table
//!   maps common English words to the Turkish ones before matching, so a menu
//!   without English names is understood too (chicken → tavuk, wrap → dürüm,
//!   meat → et, spicy/hot → acılı, not spicy/mild → acısız, no/without onion →
//!   soğansız, large → büyük, small → küçük, cheese → kaşarlı, coke → kola,
//!   water → su, …); English names go through the same table, so both sides
//!   meet in the same words; see `synonyms.rs`.

mod index;
mod normalise;
mod numbers;
mod options;
mod products;
mod reading;
mod replies;
mod split;
mod synonyms;

#[cfg(test)]
mod tests;

use crate::domain::menu::{Menu, Product};

pub use normalise::fold_words;

/// Most of one product in one line; more is capped to this and told
/// (the cart's own limit, so a read line always fits).
pub const MAX_QUANTITY: u32 = crate::domain::cart::MAX_QUANTITY;
/// Most items read from one message; the rest are not read, and the customer is told.
pub const MAX_ITEMS: usize = 20;

/// Everything one message asked for, and what could not be taken from it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    /// Lines for the cart, in the order they were named.
    pub lines: Vec<Line>,
    /// Pieces that named nothing on the menu, as written (cleaned, cut short), to be
    /// said back by name while the rest is added.
    pub unknown: Vec<String>,
    /// Words that fit several products equally well: ask once, with the candidates.
    pub ambiguous: Vec<Ambiguity>,
    /// Products named that are 86'd now (ids), to be said back by name.
    pub unavailable: Vec<i64>,
    /// Limits hit while reading, to be told.
    pub capped: Vec<Cap>,
}

/// One cart line read from the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub product_id: i64,
    /// 1 ..= [`MAX_QUANTITY`].
    pub quantity: u32,
    /// Options named for this line, each within the product's own groups, in
    /// the product's group order.
    pub option_ids: Vec<i64>,
    /// Required groups (min ≥ 1) not satisfied by the options named: ask these,
    /// one at a time, in this order.
    pub missing_groups: Vec<i64>,
}

/// A word that fits several products equally well ("dürüm", "pide").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ambiguity {
    /// The words as the customer wrote them, to quote in the question.
    pub said: String,
    /// Available products it could mean, in menu order (at least two).
    pub candidates: Vec<i64>,
    /// The quantity asked for.
    pub quantity: u32,
    /// The item's other words (folded), read as options once a product is chosen.
    pub rest: Vec<String>,
}

/// A limit hit while reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cap {
    /// The customer asked for `asked` of one product; the line has [`MAX_QUANTITY`].
    Quantity { product_id: i64, asked: u64 },
    /// The message named more than [`MAX_ITEMS`] items; `dropped` were not read.
    Items { dropped: usize },
}

/// Options named in a reply about one product.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OptionsReading {
    /// Option ids within the product's groups, in group order.
    pub option_ids: Vec<i64>,
    /// Words that named no option of this product, as written.
    pub unknown: Vec<String>,
}

/// Read a whole message as an order against `menu`. Never fails: what is not
/// understood is in [`Reading::unknown`].
pub fn read_order(menu: &Menu, text: &str) -> Reading {
    reading::read(menu, text)
}

/// Read the options named in `text` for `product` (a reply to an options question).
pub fn read_options(product: &Product, text: &str) -> OptionsReading {
    replies::read_options(product, text)
}

/// Does `text` say one of `phrases`, word by word and in order, read the way product
/// names are read: folded (case, Turkish letters), Turkish endings, and small typos
/// scaled to each word's length ("yetklii", "operatore", "canli destk")? With `whole`,
/// the message must be nothing but the phrase. The phrases are written folded.
pub fn mentions_any(text: &str, phrases: &[&str], whole: bool) -> bool {
    let said = fold_words(text);
    let said: Vec<&str> = said.split_whitespace().collect();
    phrases.iter().any(|phrase| {
        let want: Vec<&str> = phrase.split_whitespace().collect();
        if want.is_empty() || said.len() < want.len() || (whole && said.len() != want.len()) {
            return false;
        }
        said.windows(want.len()).any(|w| {
            w.iter()
                .zip(&want)
                .all(|(s, p)| products::word_cost(s, p).is_some())
        })
    })
}

/// Does the customer's (folded) `word` read as the (folded) `name` word: the same
/// word, the same stem with a Turkish ending, or a small typo — the tolerance the
/// reader gives product names.
pub fn word_is(word: &str, name: &str) -> bool {
    products::word_cost(word, name).is_some()
}

impl Reading {
    /// Did the message name anything on the menu (a line, an ambiguity or an 86'd product)?
    pub fn found_anything(&self) -> bool {
        !self.lines.is_empty() || !self.ambiguous.is_empty() || !self.unavailable.is_empty()
    }
}

impl Ambiguity {
    /// The line once the customer chose `product_id` (one of the candidates);
    /// the rest of the item's words are read as that product's options.
    pub fn resolve(&self, menu: &Menu, product_id: i64) -> Option<Line> {
        replies::resolve(menu, self, product_id)
    }
}
