//! Putting it together: items → lines, items that point back ("biri
//! soğansız", "diğeri acılı", an item of options only), ambiguities, caps.

use super::index::{Index, ProductWords};
use super::normalise::{Tok, tokens};
use super::numbers::{Qty, Rel, quantity};
use super::split::{Item, items};
use super::synonyms::translate;
use super::{Ambiguity, Cap, Line, MAX_ITEMS, MAX_QUANTITY, Reading, options, products};
use crate::domain::menu::Menu;
use crate::domain::text::cut;

/// Longest piece said back to the customer.
pub(super) const SAID_MAX_CHARS: usize = 40;
/// Most unknown pieces said back from one message.
const UNKNOWN_MAX: usize = 5;

/// A line being built: its options with their groups.
struct Draft<'m> {
    pw: &'m ProductWords,
    qty: u64,
    chosen: Vec<(i64, i64)>,
    /// Index of the line this one was carved from ("biri soğansız"), or itself.
    family: usize,
}

fn said(words: &[Tok]) -> String {
    let mut out: Vec<&str> = Vec::new();
    for w in words {
        if out.last() != Some(&w.raw.as_str()) {
            out.push(&w.raw);
        }
    }
    cut(&out.join(" "), SAID_MAX_CHARS)
}

/// The words not at the positions `used`.
fn rest_of(words: &[Tok], used: &[usize]) -> Vec<Tok> {
    words
        .iter()
        .enumerate()
        .filter(|(i, _)| !used.contains(i))
        .map(|(_, w)| w.clone())
        .collect()
}

pub(super) fn keys(words: &[Tok]) -> Vec<&str> {
    words.iter().map(|w| w.key.as_str()).collect()
}

/// Options of `p` named by all of `words`, or `None` if some word is not one.
fn only_options(pw: &ProductWords, words: &[Tok]) -> Option<Vec<options::Named>> {
    let k = keys(words);
    let mut free = vec![true; k.len()];
    let found = options::find(&pw.options, &k, &mut free);
    (!found.is_empty() && free.iter().all(|f| !f)).then_some(found)
}

struct Reader<'m> {
    ix: &'m Index,
    out: Reading,
    drafts: Vec<Draft<'m>>,
    /// The last line read from a product item, which later items may point back at.
    base: Option<usize>,
    items_read: usize,
}

impl<'m> Reader<'m> {
    fn unknown(&mut self, words: &[Tok]) {
        let s = said(words);
        if !s.is_empty() && self.out.unknown.len() < UNKNOWN_MAX && !self.out.unknown.contains(&s) {
            self.out.unknown.push(s);
        }
    }

    fn item(&mut self, it: &Item) {
        if let Some(rel) = it.rel {
            self.relative(rel, &it.words);
            return;
        }
        if it.words.is_empty() {
            // a number alone ("3") names nothing
            if let Some(q) = it.qty {
                self.unknown(&[Tok {
                    raw: q.to_string(),
                    key: q.to_string(),
                    sep: false,
                }]);
            }
            return;
        }
        let parts = self.split_products(&it.words);
        for (i, part) in parts.iter().enumerate() {
            let qty = if i == 0 { it.qty } else { None };
            self.product_item(qty, part);
        }
    }

    /// Cut words that name several products without a separator ("et dürüm
    /// tavuk dürüm ayran") before each later product named in full, taking the
    /// option words just before it along ("…, büyük ayran").
    fn split_products(&self, words: &[Tok]) -> Vec<Vec<Tok>> {
        let k = keys(words);
        let mut free = vec![true; k.len()];
        let Some(first) = products::best(self.ix, &k, &free)
            .into_iter()
            .filter(|f| f.complete)
            .min_by_key(|f| f.used.iter().min().copied())
        else {
            return vec![words.to_vec()];
        };
        let last_used = first.used.iter().max().copied().unwrap_or(0);
        for i in &first.used {
            free[*i] = false;
        }
        let next = products::best(self.ix, &k, &free)
            .into_iter()
            .filter(|f| f.complete && f.used.iter().all(|u| *u > last_used))
            .min_by_key(|f| f.used.iter().min().copied());
        let Some(next) = next else {
            return vec![words.to_vec()];
        };
        let mut cut = next.used.iter().min().copied().unwrap_or(0);
        let (Some(a), Some(b)) = (self.ix.get(first.product_id), self.ix.get(next.product_id))
        else {
            return vec![words.to_vec()];
        };
        while cut > last_used + 1 {
            let w = std::slice::from_ref(&words[cut - 1]);
            if only_options(b, w).is_some() && only_options(a, w).is_none() {
                cut -= 1;
            } else {
                break;
            }
        }
        let mut out = vec![words[..cut].to_vec()];
        out.extend(self.split_products(&words[cut..]));
        out
    }

    /// An item that names a product (or options for the one before).
    fn product_item(&mut self, qty: Option<u64>, words: &[Tok]) {
        if self.items_read >= MAX_ITEMS {
            self.dropped();
            return;
        }
        self.items_read += 1;
        let fits = self.fits(words);
        // options for the item before ("tavuk dürüm, acısız olsun"; "…, 1 acılı 1 acısız")
        if fits.iter().all(|f| !f.complete)
            && let Some(b) = self.base
            && let Some(found) = only_options(self.drafts[b].pw, words)
        {
            let rel = qty.map_or(Rel::All, Rel::Some);
            self.apply(rel, b, &found, words);
            return;
        }
        if fits.is_empty() || qty.unwrap_or(1) == 0 {
            self.unknown(words);
            return;
        }
        let open = self.open_fits(&fits);
        if open.is_empty() {
            self.note_unavailable(&fits);
            return;
        }
        let chosen = self.narrowed(open, words);
        if let [only] = chosen.as_slice() {
            let rest = rest_of(words, &only.used);
            self.line(only.product_id, qty, &rest);
        } else {
            self.ambiguous(&chosen, words, qty.unwrap_or(1));
        }
    }

    /// The products that fit the item's words best; "dürüm ekstra et": "et" is
    /// the option here, not the product, so reserved words count only if
    /// nothing fits without them.
    fn fits(&self, words: &[Tok]) -> Vec<products::Fit> {
        let k = keys(words);
        let fits = products::best(self.ix, &k, &self.ix.reserved(&k));
        if fits.is_empty() {
            return products::best(self.ix, &k, &vec![true; k.len()]);
        }
        fits
    }

    /// The fits whose product can be ordered now.
    fn open_fits<'f>(&self, fits: &'f [products::Fit]) -> Vec<&'f products::Fit> {
        fits.iter()
            .filter(|f| {
                self.ix
                    .get(f.product_id)
                    .is_some_and(|pw| pw.product.available)
            })
            .collect()
    }

    /// Every fit's product noted as unavailable (once).
    fn note_unavailable(&mut self, fits: &[products::Fit]) {
        for f in fits {
            if !self.out.unavailable.contains(&f.product_id) {
                self.out.unavailable.push(f.product_id);
            }
        }
    }

    /// Several fit equally: the item's other words may tell them apart
    /// ("dürüm kaşarlı"); those whose product has them as options, else all.
    fn narrowed<'f>(&self, open: Vec<&'f products::Fit>, words: &[Tok]) -> Vec<&'f products::Fit> {
        let narrowed: Vec<_> = open
            .iter()
            .filter(|f| {
                let rest = rest_of(words, &f.used);
                rest.is_empty()
                    || self
                        .ix
                        .get(f.product_id)
                        .is_some_and(|p| only_options(p, &rest).is_some())
            })
            .copied()
            .collect();
        if narrowed.is_empty() { open } else { narrowed }
    }

    /// The item could be any of `chosen`: asked about later, with the words
    /// that named it and the rest.
    fn ambiguous(&mut self, chosen: &[&products::Fit], words: &[Tok], qty: u64) {
        let rest = rest_of(words, &chosen[0].used);
        let used: Vec<Tok> = words
            .iter()
            .enumerate()
            .filter(|(i, _)| chosen[0].used.contains(i))
            .map(|(_, w)| w.clone())
            .collect();
        let candidates = chosen.iter().map(|f| f.product_id).collect();
        let quantity = self.capped(None, qty);
        self.out.ambiguous.push(Ambiguity {
            said: said(&used),
            candidates,
            quantity,
            rest: rest.iter().map(|w| w.key.clone()).collect(),
        });
    }

    fn dropped(&mut self) {
        match self.out.capped.iter_mut().find_map(|c| match c {
            Cap::Items { dropped } => Some(dropped),
            Cap::Quantity { .. } => None,
        }) {
            Some(d) => *d += 1,
            None => self.out.capped.push(Cap::Items { dropped: 1 }),
        }
    }

    fn capped(&mut self, product_id: Option<i64>, qty: u64) -> u32 {
        if qty > u64::from(MAX_QUANTITY) {
            if let Some(product_id) = product_id {
                self.out.capped.push(Cap::Quantity {
                    product_id,
                    asked: qty,
                });
            }
            MAX_QUANTITY
        } else {
            u32::try_from(qty).unwrap_or(MAX_QUANTITY)
        }
    }

    /// A line for `product_id`; `qty` as given, or a number left among the
    /// words ("1 porsiyon iskender": "1" looked like part of an option name).
    fn line(&mut self, product_id: i64, qty: Option<u64>, rest: &[Tok]) {
        let Some(pw) = self.ix.get(product_id) else {
            return;
        };
        let k = keys(rest);
        let mut free = vec![true; k.len()];
        let found = options::find(&pw.options, &k, &mut free);
        let mut chosen = Vec::new();
        options::add(&pw.product, &mut chosen, &found);
        let mut qty = qty;
        let left: Vec<Tok> = rest
            .iter()
            .zip(&free)
            .filter(|(w, f)| **f && !options::is_weak(&w.key))
            .filter(|(w, _)| match (qty, quantity(&w.key)) {
                (None, Some(Qty::Plain(n))) => {
                    qty = Some(n);
                    false
                }
                _ => true,
            })
            .map(|(w, _)| w.clone())
            .collect();
        if !left.is_empty() {
            self.unknown(&left);
        }
        let qty = qty.unwrap_or(1);
        let at = self.drafts.len();
        self.drafts.push(Draft {
            pw,
            qty,
            chosen,
            family: at,
        });
        self.base = Some(at);
    }

    fn relative(&mut self, rel: Rel, words: &[Tok]) {
        let Some(b) = self.base else {
            self.unknown(words);
            return;
        };
        let k = keys(words);
        let mut free = vec![true; k.len()];
        let found = options::find(&self.drafts[b].pw.options, &k, &mut free);
        let left: Vec<Tok> = words
            .iter()
            .zip(&free)
            .filter(|(w, f)| **f && !options::is_weak(&w.key))
            .map(|(w, _)| w.clone())
            .collect();
        if !left.is_empty() {
            self.unknown(&left);
        }
        if !found.is_empty() {
            self.apply(rel, b, &found, words);
        }
    }

    /// Give `found` to some, all, or the rest of the line at `b`.
    /// "Both"/"ikisi de" after single items of different products means each of
    /// them: then `words` are read as options of every line so far.
    fn apply(&mut self, rel: Rel, b: usize, found: &[options::Named], words: &[Tok]) {
        let pw = self.drafts[b].pw;
        let p = &pw.product;
        match rel {
            Rel::Some(n) if n > 0 && n < self.drafts[b].qty => {
                self.drafts[b].qty -= n;
                let mut chosen = self.drafts[b].chosen.clone();
                options::add(p, &mut chosen, found);
                let family = self.drafts[b].family;
                self.drafts.push(Draft {
                    pw,
                    qty: n,
                    chosen,
                    family,
                });
            }
            Rel::All if self.drafts[b].qty == 1 && self.drafts.len() > 1 => {
                for d in &mut self.drafts {
                    if let Some(f) = only_options(d.pw, words) {
                        options::add(&d.pw.product, &mut d.chosen, &f);
                    }
                }
            }
            Rel::All => {
                let family = self.drafts[b].family;
                for d in self.drafts.iter_mut().filter(|d| d.family == family) {
                    options::add(p, &mut d.chosen, found);
                }
            }
            Rel::Some(_) | Rel::Rest => options::add(p, &mut self.drafts[b].chosen, found),
        }
    }

    /// Lines with the same product and options become one; quantities capped.
    fn finish(mut self) -> Reading {
        let mut lines: Vec<(i64, Vec<i64>, Vec<i64>, u64)> = Vec::new();
        for d in &self.drafts {
            let (ids, missing) = options::settle(&d.pw.product, &d.chosen);
            match lines
                .iter_mut()
                .find(|l| l.0 == d.pw.product.id && l.1 == ids)
            {
                Some(l) => l.3 = l.3.saturating_add(d.qty),
                None => lines.push((d.pw.product.id, ids, missing, d.qty)),
            }
        }
        for (product_id, option_ids, missing_groups, qty) in lines {
            let quantity = self.capped(Some(product_id), qty);
            self.out.lines.push(Line {
                product_id,
                quantity,
                option_ids,
                missing_groups,
            });
        }
        self.out
    }
}

pub(super) fn read(menu: &Menu, text: &str) -> Reading {
    let ix = Index::cached(menu);
    let toks = translate(tokens(text));
    let mut r = Reader {
        ix: &ix,
        out: Reading::default(),
        drafts: Vec::new(),
        base: None,
        items_read: 0,
    };
    for it in items(&ix, &toks) {
        r.item(&it);
    }
    r.finish()
}
