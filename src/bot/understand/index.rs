//! The menu's words, folded once per menu ([`Index::cached`]): product names and aliases (also
//! with two neighbouring words written as one, "çiğköfte"), English names
//! (`name_en`, put through the English table like a customer's words), option names (also
//! without their weak words, "lavaş" for "Ekstra lavaş"), and what the splitter
//! asks of them.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

use super::options::{Variant, variants};
use super::products::word_cost;
use crate::domain::menu::{Menu, Product};

/// The folded words of a name ("Çiğ Köfte Dürüm" → cig, kofte, durum).
pub(super) fn name_words(name: &str) -> Vec<String> {
    // most names are letters and spaces: fold them directly, as the tokeniser would
    let folded = if name.chars().all(|c| c.is_alphanumeric() || c == ' ') {
        crate::domain::text::fold(name)
    } else {
        super::fold_words(name)
    };
    folded
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

/// One product's names and options, folded.
pub(super) struct ProductWords {
    pub product: Product,
    /// The name and each alias as words, plus each with two neighbours joined.
    pub names: Vec<Vec<String>>,
    /// Ways to name its options, longest first.
    pub options: Vec<Variant>,
}

/// The whole menu, folded.
pub(super) struct Index {
    pub products: Vec<ProductWords>,
    /// Every word of every name (products, aliases, options).
    words: HashSet<String>,
    /// Every word of product names and aliases.
    product_words: Vec<String>,
    /// Every product, alias and option name, as words.
    names: Vec<Vec<String>>,
    /// Option names of two words or more, as words, once each.
    long_options: Vec<Vec<String>>,
}

/// The index of the menu read last, with that menu: built again only when the menu
/// differs. Building it folds and varies every name (a third of a reading's work);
/// the menu changes a few times a day and is read on every message. Comparing the
/// whole menu costs no allocation, and leaves nothing to keep in step with it.
static LAST: Mutex<Option<(Menu, Arc<Index>)>> = Mutex::new(None);

impl Index {
    /// The index of `menu`, the one built before when the menu is the same.
    pub fn cached(menu: &Menu) -> Arc<Index> {
        if let Some((m, ix)) = LAST.lock().unwrap_or_else(PoisonError::into_inner).as_ref()
            && m == menu
        {
            return Arc::clone(ix);
        }
        let ix = Arc::new(Index::of(menu));
        *LAST.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((menu.clone(), Arc::clone(&ix)));
        ix
    }

    pub fn of(menu: &Menu) -> Index {
        let mut names = Vec::new();
        let mut product_words = Vec::new();
        let mut products = Vec::new();
        let mut long_options: Vec<Vec<String>> = Vec::new();
        for p in &menu.products {
            let mut variants_of_name = Vec::new();
            let english = p
                .name_en
                .as_deref()
                .map(super::synonyms::english_name_words);
            let spelled =
                std::iter::once(p.name.as_str()).chain(p.aliases.iter().map(String::as_str));
            for w in spelled.map(name_words).chain(english) {
                product_words.extend(w.iter().cloned());
                for i in 1..w.len() {
                    let mut joined = w.clone();
                    let second = joined.remove(i);
                    joined[i - 1].push_str(&second);
                    variants_of_name.push(joined);
                }
                names.push(w.clone());
                variants_of_name.push(w);
            }
            for g in &p.groups {
                for o in &g.options {
                    let english = o
                        .name_en
                        .as_deref()
                        .map(super::synonyms::english_name_words);
                    for w in std::iter::once(name_words(&o.name)).chain(english) {
                        if w.len() >= 2 && !long_options.contains(&w) {
                            long_options.push(w.clone());
                        }
                        names.push(w);
                    }
                }
            }
            products.push(ProductWords {
                product: p.clone(),
                names: variants_of_name,
                options: variants(p),
            });
        }
        product_words.sort();
        product_words.dedup();
        let words = names.iter().flatten().cloned().collect();
        Index {
            products,
            words,
            product_words,
            names,
            long_options,
        }
    }

    pub fn get(&self, product_id: i64) -> Option<&ProductWords> {
        self.products.iter().find(|p| p.product.id == product_id)
    }

    /// Is this word part of a name on the menu?
    pub fn has(&self, key: &str) -> bool {
        self.words.contains(key)
    }

    /// Could this word be (part of) a product's name?
    pub fn names_product(&self, key: &str) -> bool {
        self.product_words
            .iter()
            .any(|n| word_cost(key, n).is_some())
    }

    /// Do `prev w next` sit inside a menu name ("Sucuk ve Kaşar")?
    pub fn inside_name(&self, prev: &str, w: &str, next: &str) -> bool {
        self.names.iter().any(|n| {
            n.windows(3).any(|t| {
                t[1] == w && word_cost(prev, &t[0]).is_some() && word_cost(next, &t[2]).is_some()
            })
        })
    }

    /// Do `number next` start an option name ("1,5 porsiyon", "1 porsiyon")?
    pub fn option_number(&self, number: &str, next: &str) -> bool {
        self.names
            .iter()
            .any(|n| n.len() >= 2 && n[0] == number && n[1] == next)
    }

    /// Where `words` name in full an option of several words of any product
    /// ("ekstra et", "1,5 porsiyon"): those words are options, not product names.
    pub fn reserved(&self, words: &[&str]) -> Vec<bool> {
        let mut free = vec![true; words.len()];
        for n in self.long_options.iter().filter(|n| n.len() <= words.len()) {
            for start in 0..=words.len() - n.len() {
                if (0..n.len()).all(|k| word_cost(words[start + k], &n[k]).is_some()) {
                    for f in &mut free[start..start + n.len()] {
                        *f = false;
                    }
                }
            }
        }
        free
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_fold_as_customer_words_do() {
        for n in [
            "Çiğ Köfte Dürüm",
            "İskender",
            "1,5 porsiyon",
            "Pide & Lahmacun",
            "IĞDIR",
        ] {
            assert_eq!(
                super::name_words(n).join(" "),
                super::super::fold_words(n),
                "{n}"
            );
        }
    }
}
