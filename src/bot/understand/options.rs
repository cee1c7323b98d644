//! Which options an item names, only among its product's own groups (by their
//! Turkish or English names); the longest option name wins ("az acılı" before "acılı").

use super::index::name_words;
use super::products::word_cost;
use crate::domain::menu::Product;

/// Words an option name may leave out ("lavaş" for "Ekstra lavaş", "yarım" for
/// "Yarım porsiyon").
const WEAK: &[&str] = &["ekstra", "extra", "normal", "porsiyon", "boy"];

/// One way to name an option: all its words, or its words without the weak ones.
pub(super) struct Variant {
    group_id: i64,
    option_id: i64,
    words: Vec<String>,
    /// All the option's words (a full name beats a shortened one of equal length).
    full: bool,
}

/// Is this word one an option name may leave out (and so not worth saying back)?
pub(super) fn is_weak(key: &str) -> bool {
    WEAK.contains(&key)
}

/// The ways to name a product's options, longest first.
pub(super) fn variants(p: &Product) -> Vec<Variant> {
    let mut out = Vec::new();
    for g in &p.groups {
        for o in &g.options {
            let english = o
                .name_en
                .as_deref()
                .map(super::synonyms::english_name_words);
            for words in std::iter::once(name_words(&o.name)).chain(english) {
                let strong: Vec<String> = words
                    .iter()
                    .filter(|w| !WEAK.contains(&w.as_str()))
                    .cloned()
                    .collect();
                if !strong.is_empty() && strong.len() < words.len() {
                    out.push(Variant {
                        group_id: g.id,
                        option_id: o.id,
                        words: strong,
                        full: false,
                    });
                }
                out.push(Variant {
                    group_id: g.id,
                    option_id: o.id,
                    words,
                    full: true,
                });
            }
        }
    }
    // longest first, full names before shortened ones
    out.sort_by_key(|v| (std::cmp::Reverse(v.words.len()), !v.full));
    out
}

/// An option found: its group, its id, and where it was named (for order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Named {
    pub group_id: i64,
    pub option_id: i64,
    pub at: usize,
}

/// Find the product's options among the free words, marking the words used.
/// Each option is found at most once, in the order the customer named them.
pub(super) fn find(variants: &[Variant], words: &[&str], free: &mut [bool]) -> Vec<Named> {
    let mut found: Vec<Named> = Vec::new();
    for v in variants {
        if found.iter().any(|f| f.option_id == v.option_id) {
            continue;
        }
        let n = v.words.len();
        if n == 0 || n > words.len() {
            continue;
        }
        let hit = (0..=words.len() - n).find(|&start| {
            (0..n).all(|k| {
                free.get(start + k).copied().unwrap_or(false)
                    && word_cost(words[start + k], &v.words[k]).is_some()
            })
        });
        if let Some(start) = hit {
            for k in 0..n {
                free[start + k] = false;
            }
            found.push(Named {
                group_id: v.group_id,
                option_id: v.option_id,
                at: start,
            });
        }
    }
    found.sort_by_key(|f| f.at);
    found
}

/// Add `new` options to `chosen`, keeping each group within its maximum: a
/// later choice in a full group replaces the earliest ("acılı…, biri acısız").
pub(super) fn add(p: &Product, chosen: &mut Vec<(i64, i64)>, new: &[Named]) {
    for n in new {
        if chosen.iter().any(|(_, o)| *o == n.option_id) {
            continue;
        }
        let max = p
            .groups
            .iter()
            .find(|g| g.id == n.group_id)
            .map_or(1, |g| g.max as usize);
        let in_group = chosen.iter().filter(|(g, _)| *g == n.group_id).count();
        if in_group >= max
            && let Some(pos) = chosen.iter().position(|(g, _)| *g == n.group_id)
        {
            chosen.remove(pos);
        }
        chosen.push((n.group_id, n.option_id));
    }
}

/// The chosen option ids in the product's group order, and the required
/// groups still short of their minimum.
pub(super) fn settle(p: &Product, chosen: &[(i64, i64)]) -> (Vec<i64>, Vec<i64>) {
    let mut ids = Vec::new();
    let mut missing = Vec::new();
    for g in p.groups_in_order() {
        let mut n = 0;
        for o in &g.options {
            if chosen.iter().any(|(_, id)| *id == o.id) {
                ids.push(o.id);
                n += 1;
            }
        }
        if n < g.min {
            missing.push(g.id);
        }
    }
    (ids, missing)
}
