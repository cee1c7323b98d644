//! Which product an item names: word matching with Turkish endings and typos,
//! then the best product by how many of its name's words were named.

use crate::domain::menu::{Menu, Product};

/// Endings stripped before comparing ("dürümü", "lahmacunlar", "pideyi",
/// "çorbası", "kaşarlı"). Never "-sız": that is an option of its own.
const SUFFIXES: &[&str] = &[
    "lerini", "larini", "leri", "lari", "ler", "lar", "sini", "sunu", "nin", "nun", "yla", "yle",
    "dan", "den", "si", "su", "yi", "yu", "ya", "ye", "in", "un", "li", "lu", "da", "de", "ta",
    "te", "la", "le", "i", "u", "a", "e",
];

/// The word without one (or two) endings, and with a softened last consonant
/// restored ("kebabı" → "kebab" → "kebap"). The word itself comes first.
fn stems(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    let mut i = 0;
    while i < out.len() && out.len() < 12 {
        let w = out[i].clone();
        i += 1;
        if i > 3 {
            break;
        }
        for s in SUFFIXES {
            if let Some(base) = w.strip_suffix(s) {
                if base.chars().count() >= 2 && !out.iter().any(|o| o == base) {
                    out.push(base.to_string());
                }
            }
        }
    }
    let softened: Vec<String> = out
        .iter()
        .filter_map(|w| {
            let hard = match w.chars().last()? {
                'b' => 'p',
                'd' => 't',
                'g' => 'k',
                _ => return None,
            };
            let mut h = w.clone();
            h.pop();
            h.push(hard);
            Some(h)
        })
        .collect();
    out.extend(softened);
    out
}

fn negated(w: &str) -> bool {
    w.ends_with("siz") || w.ends_with("suz")
}

/// How many letters may be wrong in a word of this length: none under 4
/// ("su", "et", "kol" must be exact), one up to 8, two above.
fn typo_allowance(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=8 => 1,
        _ => 2,
    }
}

/// The cost of reading the customer's `word` as the menu's `name` word: 0 exact,
/// 1 the same stem, 2+ a typo; `None` when they are different words.
pub(super) fn word_cost(word: &str, name: &str) -> Option<u32> {
    if word == name {
        return Some(0);
    }
    if negated(word) != negated(name) {
        return None;
    }
    let ws = stems(word);
    let ns = stems(name);
    let shared = ws.iter().enumerate().any(|(wi, w)| {
        ns.iter().enumerate().any(|(ni, n)| {
            // both cut: the common stem must be a real word part, not "ko"
            w == n && (wi == 0 || ni == 0 || w.chars().count() >= 3)
        })
    });
    if shared {
        return Some(1);
    }
    let allowed = typo_allowance(name.chars().count());
    if allowed == 0 || word.chars().count() < 3 {
        return None;
    }
    let d = ws
        .iter()
        .take(4)
        .map(|w| strsim::damerau_levenshtein(w, name))
        .min()
        .unwrap_or(usize::MAX);
    (d <= allowed).then(|| 1 + u32::try_from(d).unwrap_or(u32::MAX))
}

/// The folded words of a name ("Çiğ Köfte Dürüm" → cig, kofte, durum).
pub(super) fn name_words(name: &str) -> Vec<String> {
    super::fold(name)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

/// How well a product fits an item's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Fit {
    pub product_id: i64,
    /// Name words found among the item's words.
    pub matched: usize,
    /// Every word of the name (or of an alias) was found.
    pub complete: bool,
    /// Sum of word costs (lower is closer).
    pub cost: u32,
    /// Which of the item's words the name used.
    pub used: Vec<usize>,
}

impl Fit {
    fn rank(&self) -> (usize, bool, std::cmp::Reverse<u32>) {
        (self.matched, self.complete, std::cmp::Reverse(self.cost))
    }
}

/// Fit one name (a product's or an alias) against the words still free.
fn fit_name(product_id: i64, name: &[String], words: &[&str], free: &[bool]) -> Option<Fit> {
    let mut used: Vec<usize> = Vec::new();
    let mut cost = 0;
    for n in name {
        let best = words
            .iter()
            .enumerate()
            .filter(|(i, _)| free.get(*i).copied().unwrap_or(false) && !used.contains(i))
            .filter_map(|(i, w)| word_cost(w, n).map(|c| (c, i)))
            .min();
        if let Some((c, i)) = best {
            used.push(i);
            cost += c;
        }
    }
    if used.is_empty() {
        return None;
    }
    Some(Fit {
        product_id,
        matched: used.len(),
        complete: used.len() == name.len(),
        cost,
        used,
    })
}

/// The best fit of one product over its name and aliases.
/// Also each name with two neighbouring words written as one ("çiğköfte").
fn fit_product(p: &Product, words: &[&str], free: &[bool]) -> Option<Fit> {
    let mut names: Vec<Vec<String>> = Vec::new();
    for n in std::iter::once(p.name.as_str()).chain(p.aliases.iter().map(String::as_str)) {
        let w = name_words(n);
        for i in 1..w.len() {
            let mut joined = w.clone();
            let second = joined.remove(i);
            joined[i - 1].push_str(&second);
            names.push(joined);
        }
        names.push(w);
    }
    names
        .iter()
        .filter_map(|n| fit_name(p.id, n, words, free))
        .max_by_key(Fit::rank)
}

/// The products that fit the words best (ties all returned, in menu order).
/// Empty when no word names a product.
pub(super) fn best(menu: &Menu, words: &[&str], free: &[bool]) -> Vec<Fit> {
    let fits: Vec<Fit> = menu
        .products
        .iter()
        .filter_map(|p| fit_product(p, words, free))
        .collect();
    let Some(top) = fits.iter().map(Fit::rank).max() else {
        return Vec::new();
    };
    fits.into_iter().filter(|f| f.rank() == top).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endings_and_typos() {
        assert_eq!(word_cost("durum", "durum"), Some(0));
        assert_eq!(word_cost("durumu", "durum"), Some(1));
        assert_eq!(word_cost("durumler", "durum"), Some(1));
        assert_eq!(word_cost("lahmacunlar", "lahmacun"), Some(1));
        assert_eq!(word_cost("pideyi", "pide"), Some(1));
        assert_eq!(word_cost("ayrani", "ayran"), Some(1));
        assert_eq!(word_cost("corba", "corbasi"), Some(1));
        assert_eq!(word_cost("suyu", "su"), Some(1));
        assert_eq!(word_cost("kasar", "kasarli"), Some(1));
        assert!(word_cost("tavk", "tavuk").is_some());
        assert!(word_cost("lahmacn", "lahmacun").is_some());
        assert!(word_cost("ayarn", "ayran").is_some());
        assert_eq!(word_cost("sut", "su"), None);
        assert_eq!(word_cost("acisiz", "acili"), None);
        assert_eq!(word_cost("soganli", "sogansiz"), None);
        assert_eq!(word_cost("et", "etli"), Some(1));
    }
}
