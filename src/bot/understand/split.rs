//! Cutting a message into items: at commas, new lines, "+", "ve", "ile", "bir
//! de", at a quantity that starts the next item ("2 tavuk dürüm 1 ayran"), and at
//! words that point back ("biri soğansız"). Quantity and filler words are taken
//! out of the item's words here.

use super::index::Index;
use super::normalise::Tok;
use super::numbers::{Qty, Rel, is_count_word, quantity, relative};
use super::synonyms::{is_filler, is_separator_word};

/// One item of the message, before it is matched against the menu.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Item {
    /// Points back at the item before ("biri", "ikisi de", "diğeri").
    pub rel: Option<Rel>,
    /// The quantity, if one was given.
    pub qty: Option<u64>,
    /// The words left to match: no quantities, no filler.
    pub words: Vec<Tok>,
}

/// Is the separator word at `i` inside a menu name ("Sucuk ve Kaşar")?
fn inside_name(vocab: &Index, toks: &[Tok], i: usize) -> bool {
    match (i.checked_sub(1).and_then(|j| toks.get(j)), toks.get(i + 1)) {
        (Some(prev), Some(next)) => vocab.inside_name(&prev.key, &toks[i].key, &next.key),
        _ => false,
    }
}

/// Split the message's words into pieces at separators.
fn pieces(vocab: &Index, toks: &[Tok]) -> Vec<Vec<Tok>> {
    let mut out = vec![Vec::new()];
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let next_key = toks.get(i + 1).map_or("", |n| n.key.as_str());
        let bir_de = matches!(t.key.as_str(), "bir" | "bi") && matches!(next_key, "de" | "da");
        if t.sep || bir_de || (is_separator_word(&t.key) && !inside_name(vocab, toks, i)) {
            out.push(Vec::new());
            i += if bir_de { 2 } else { 1 };
            continue;
        }
        if let Some(last) = out.last_mut() {
            last.push(t.clone());
        }
        i += 1;
    }
    out.retain(|p| !p.is_empty());
    out
}

fn qty_at(vocab: &Index, toks: &[Tok], i: usize) -> Option<Qty> {
    let q = quantity(&toks[i].key)?;
    let next = toks.get(i + 1).map_or("", |t| t.key.as_str());
    (!vocab.option_number(&toks[i].key, next)).then_some(q)
}

/// Does the piece give its quantities after the products ("kola 2", "ayran 2 tane")?
/// Then each quantity closes its item; otherwise each starts one.
fn trailing(vocab: &Index, toks: &[Tok]) -> bool {
    let mut end = toks.len();
    while end > 0 && is_count_word(&toks[end - 1].key) {
        end -= 1;
    }
    end > 0 && end < toks.len() + 1 && qty_at(vocab, toks, end - 1).is_some() && {
        // not just a lone number
        toks[..end - 1].iter().any(|t| quantity(&t.key).is_none())
    }
}

/// Split one piece into items.
fn items_of(vocab: &Index, toks: &[Tok]) -> Vec<Item> {
    let trailing = trailing(vocab, toks);
    let keys: Vec<&str> = toks.iter().map(|t| t.key.as_str()).collect();
    let mut out = Vec::new();
    let mut cur = Item::default();
    let mut i = 0;
    while i < toks.len() {
        if let Some((rel, k)) = relative(&keys[i..]) {
            out.push(std::mem::take(&mut cur));
            cur.rel = Some(rel);
            i += k;
            continue;
        }
        if let Some(q) = qty_at(vocab, toks, i) {
            i += 1;
            while i < toks.len() && is_count_word(&toks[i].key) {
                i += 1;
            }
            let fresh = cur.words.is_empty() && cur.qty.is_none() && cur.rel.is_none();
            // "lahmacun 3 tane acısız": no product follows, so the number is this item's
            let next_names_product = toks[i..]
                .iter()
                .take_while(|t| quantity(&t.key).is_none())
                .any(|t| !is_filler(&t.key) && vocab.names_product(&t.key));
            match q {
                _ if fresh => cur.qty = Some(q.value()),
                Qty::Plain(n) if cur.qty.is_none() && !next_names_product => cur.qty = Some(n),
                Qty::After(n) if cur.qty.is_none() => cur.qty = Some(n),
                Qty::Plain(n) if trailing && cur.qty.is_none() => {
                    cur.qty = Some(n);
                    out.push(std::mem::take(&mut cur));
                }
                _ => {
                    out.push(std::mem::take(&mut cur));
                    cur.qty = Some(q.value());
                }
            }
            continue;
        }
        let t = &toks[i];
        if vocab.has(&t.key) || !is_filler(&t.key) {
            cur.words.push(t.clone());
        }
        i += 1;
    }
    out.push(cur);
    out.retain(|it| it.rel.is_some() || it.qty.is_some() || !it.words.is_empty());
    out
}

/// The items of a message, in order.
pub(super) fn items(vocab: &Index, toks: &[Tok]) -> Vec<Item> {
    pieces(vocab, toks)
        .iter()
        .flat_map(|p| items_of(vocab, p))
        .collect()
}
