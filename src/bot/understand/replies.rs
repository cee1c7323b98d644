//! Answers to the reader's questions: the options named in a reply while one
//! product's options are asked ("soğansız olsun"), and the line an ambiguity
//! becomes once the customer chose among its candidates.

use super::normalise::{Tok, tokens};
use super::reading::{SAID_MAX_CHARS, keys};
use super::synonyms::translate;
use super::{Ambiguity, Line, MAX_QUANTITY, OptionsReading, options};
use crate::domain::menu::{Menu, Product};
use crate::domain::text::cut;

pub(super) fn read_options(product: &Product, text: &str) -> OptionsReading {
    let words: Vec<Tok> = translate(tokens(text))
        .into_iter()
        .filter(|t| !t.sep && !super::synonyms::is_filler(&t.key))
        .collect();
    let k = keys(&words);
    let mut free = vec![true; k.len()];
    let found = options::find(&options::variants(product), &k, &mut free);
    let mut chosen = Vec::new();
    options::add(product, &mut chosen, &found);
    let (option_ids, _) = options::settle(product, &chosen);
    let unknown = words
        .iter()
        .zip(&free)
        .filter(|(_, f)| **f)
        .map(|(w, _)| cut(&w.raw, SAID_MAX_CHARS))
        .collect();
    OptionsReading {
        option_ids,
        unknown,
    }
}

pub(super) fn resolve(menu: &Menu, a: &Ambiguity, product_id: i64) -> Option<Line> {
    let p = menu.product(product_id)?;
    if !a.candidates.contains(&product_id) {
        return None;
    }
    let rest: Vec<&str> = a.rest.iter().map(String::as_str).collect();
    let mut free = vec![true; rest.len()];
    let found = options::find(&options::variants(p), &rest, &mut free);
    let mut chosen = Vec::new();
    options::add(p, &mut chosen, &found);
    let (option_ids, missing_groups) = options::settle(p, &chosen);
    Some(Line {
        product_id,
        quantity: a.quantity.clamp(1, MAX_QUANTITY),
        option_ids,
        missing_groups,
    })
}
