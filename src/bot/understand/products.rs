//! Which product an item names: word matching with Turkish endings and typos,
//! then the best product by how many of its name's words were named.

use super::index::Index;

/// Endings stripped before comparing ("dürümü", "lahmacunlar", "pideyi",
/// "çorbası", "kaşarlı"). Never "-sız": that is an option of its own.
const SUFFIXES: &[&str] = &[
    "lerini", "larini", "leri", "lari", "ler", "lar", "sini", "sunu", "nin", "nun", "yla", "yle",
    "dan", "den", "si", "su", "yi", "yu", "ya", "ye", "in", "un", "li", "lu", "da", "de", "ta",
    "te", "la", "le", "i", "u", "a", "e",
];

/// The word, then the word without one ending, then without two
/// ("durumlerini" → "durum"). Slices of the word: nothing is allocated but the list.
fn stems(word: &str) -> Vec<&str> {
    let mut out = vec![word];
    let mut level_start = 0;
    for _ in 0..2 {
        let level_end = out.len();
        for i in level_start..level_end {
            let w = out[i];
            for s in SUFFIXES {
                if let Some(base) = w.strip_suffix(s)
                    && base.chars().count() >= 2
                    && !out.contains(&base)
                {
                    out.push(base);
                }
            }
        }
        level_start = level_end;
    }
    out
}

/// The same stem, allowing a softened last consonant ("kebab" of "kebabı" is "kebap").
fn same_stem(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (mut ca, mut cb) = (a.chars(), b.chars());
    let (Some(la), Some(lb)) = (ca.next_back(), cb.next_back()) else {
        return false;
    };
    ca.as_str() == cb.as_str()
        && matches!(
            (la, lb),
            ('b', 'p') | ('p', 'b') | ('d', 't') | ('t', 'd') | ('g', 'k') | ('k', 'g')
        )
}

fn negated(w: &str) -> bool {
    w.ends_with("siz") || w.ends_with("suz")
}

/// How many letters may be wrong in a word of this length: none under 4
/// ("su", "et", "kol" must be exact), one up to 8, two above. Counted as edits
/// with adjacent swaps ("ayarn"), by strsim's optimal string alignment.
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
    // Every way below to call two words the same keeps their first letter: a shared
    // stem is a common prefix of both words (endings are only ever cut off the end;
    // `same_stem` changes only the last letter of stems of equal length), and a typo
    // is only looked for when the first letters agree. So differing first letters
    // end it here, before any stem is cut — the reader asks this of every word
    // against every menu word, and most pairs start differently. (Two one-letter
    // words are the exception `same_stem` allows, "d" for "t"; they go on.)
    let (mut wc, mut nc) = (word.chars(), name.chars());
    if wc.next() != nc.next() && (wc.next().is_some() || nc.next().is_some()) {
        return None;
    }
    let ws = stems(word);
    let ns = stems(name);
    let shared = ws.iter().enumerate().any(|(wi, w)| {
        ns.iter().enumerate().any(|(ni, n)| {
            // both cut: the common stem must be a real word part, not "ko"
            same_stem(w, n) && (wi == 0 || ni == 0 || w.chars().count() >= 3)
        })
    });
    if shared {
        return Some(1);
    }
    let name_len = name.chars().count();
    let allowed = typo_allowance(name_len);
    if allowed == 0 || word.chars().count() < 3 {
        return None;
    }
    // a typo rarely hits the first letter; checking it first skips most pairs
    if word.chars().next() != name.chars().next() {
        return None;
    }
    let d = ws
        .iter()
        .take(4)
        .filter(|w| w.chars().count().abs_diff(name_len) <= allowed)
        .map(|w| strsim::osa_distance(w, name))
        .min()
        .unwrap_or(usize::MAX);
    (d <= allowed).then(|| 1 + u32::try_from(d).unwrap_or(u32::MAX))
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
/// The products that fit the words best (ties all returned, in menu order).
/// Empty when no word names a product.
pub(super) fn best(ix: &Index, words: &[&str], free: &[bool]) -> Vec<Fit> {
    let fits: Vec<Fit> = ix
        .products
        .iter()
        .filter_map(|p| {
            p.names
                .iter()
                .filter_map(|n| fit_name(p.product.id, n, words, free))
                .max_by_key(Fit::rank)
        })
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
