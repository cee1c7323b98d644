//! A WhatsApp catalog cart (Meta's `order` message) becomes cart lines: each
//! `product_retailer_id` is looked up as a product's `sku`; unknown codes and
//! 86'd products are said by name, lines without a usable quantity are said and
//! left out; the price is always ours (the catalog's is only compared, to say
//! so); products with required options are queued and asked one at a time, as
//! for an order typed in words ([`super::reading::apply`]); `order.text` becomes
//! the note for the kitchen. At most [`understand::MAX_ITEMS`] products are
//! taken from one cart, the rest counted and told.

use crate::bot::api::CatalogItem;
use crate::bot::session::Step;
use crate::bot::understand::{self, Cap, Line, Reading};
use crate::copy;
use crate::domain::Lang;
use crate::domain::cart::MAX_QUANTITY;
use crate::domain::menu::Menu;
use crate::domain::text::{clean, cut};

use super::{Turn, checkout, reading};

/// Longest retailer id said back to the customer.
const SAID_MAX_CHARS: usize = 40;
/// Most names said back in one sentence.
const SAID_MAX: usize = 5;

/// Take a catalog cart into the customer's cart and go on as after a typed order.
pub fn order(turn: &mut Turn, items: Vec<CatalogItem>, text: Option<&str>) {
    if matches!(turn.session.step, Step::Placing { .. }) {
        return super::prompt(turn);
    }
    let lang = turn.lang();
    let taken = take(turn.ctx.menu, &items, lang);
    if !taken.bad_quantity.is_empty() {
        turn.out.note(copy::catalog_bad_quantity(
            lang,
            &taken.bad_quantity.join(", "),
        ));
    }
    if taken.price_differs {
        turn.out.note(copy::catalog_prices_ours(lang));
    }
    if let Some(note) = text.map(|n| cut(clean(n).trim(), checkout::NOTE_MAX))
        && !note.is_empty()
    {
        turn.out.note(copy::note_taken(lang, &note));
        turn.session.checkout.note = Some(note);
    }
    reading::apply(turn, taken.reading);
}

/// What a catalog cart gave: a reading as if typed, and what only a cart can get wrong.
struct Taken {
    reading: Reading,
    /// Names of lines with no usable quantity.
    bad_quantity: Vec<String>,
    /// Some line claimed another unit price than ours.
    price_differs: bool,
}

/// Turn the cart's lines into a [`Reading`]: one line per product (the same code
/// twice adds up), quantities capped, unknown codes and 86'd products kept aside.
fn take(menu: &Menu, items: &[CatalogItem], l: Lang) -> Taken {
    let mut r = Reading::default();
    let mut asked: Vec<(i64, u64)> = Vec::new();
    let mut bad_quantity = Vec::new();
    let mut price_differs = false;
    let mut dropped = 0;
    for it in items {
        let Some(p) = menu.by_sku(&it.retailer_id) else {
            let said = cut(&clean(it.retailer_id.trim()), SAID_MAX_CHARS);
            if r.unknown.len() < SAID_MAX && !said.is_empty() && !r.unknown.contains(&said) {
                r.unknown.push(said);
            }
            continue;
        };
        if !p.available {
            if !r.unavailable.contains(&p.id) {
                r.unavailable.push(p.id);
            }
            continue;
        }
        let Ok(qty) = u64::try_from(it.quantity) else {
            say_once(&mut bad_quantity, p.name_in(l));
            continue;
        };
        if qty == 0 {
            say_once(&mut bad_quantity, p.name_in(l));
            continue;
        }
        let required = p.groups.iter().any(|g| g.required());
        if !required && it.unit_price_minor.is_some_and(|c| c != p.price.minor()) {
            price_differs = true;
        }
        let full = asked.len() >= understand::MAX_ITEMS;
        match asked.iter_mut().find(|(id, _)| *id == p.id) {
            Some((_, q)) => *q = q.saturating_add(qty),
            None if full => dropped += 1,
            None => asked.push((p.id, qty)),
        }
    }
    add_lines(menu, &mut r, asked);
    if dropped > 0 {
        r.capped.push(Cap::Items { dropped });
    }
    Taken {
        reading: r,
        bad_quantity,
        price_differs,
    }
}

/// A line per product asked for (its quantity capped, its required groups
/// still to choose), in the order first asked.
fn add_lines(menu: &Menu, r: &mut Reading, asked: Vec<(i64, u64)>) {
    for (pid, qty) in asked {
        let Some(p) = menu.product(pid) else {
            continue;
        };
        if qty > u64::from(MAX_QUANTITY) {
            r.capped.push(Cap::Quantity {
                product_id: pid,
                asked: qty,
            });
        }
        r.lines.push(Line {
            product_id: pid,
            quantity: u32::try_from(qty.min(u64::from(MAX_QUANTITY))).unwrap_or(MAX_QUANTITY),
            option_ids: Vec::new(),
            missing_groups: p
                .groups_in_order()
                .into_iter()
                .filter(|g| g.required())
                .map(|g| g.id)
                .collect(),
        });
    }
}

fn say_once(names: &mut Vec<String>, name: &str) {
    let n = cut(name, 60);
    if names.len() < SAID_MAX && !names.contains(&n) {
        names.push(n);
    }
}
