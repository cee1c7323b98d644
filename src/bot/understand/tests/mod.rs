//! Tests of the order reader: the corpus of customer messages, unit cases,
//! bad input, and properties over random text. The menu is `menu.sample.toml`
//! read through the menu-file code, as an owner would load it.

mod bad;
mod cases;
mod corpus;
mod props;

use super::{Reading, read_order};
use crate::domain::menu::Menu;

/// The sample menu, parsed by the same code as `maydanoz menu import`.
pub fn sample() -> Menu {
    static SAMPLE: std::sync::LazyLock<Menu> = std::sync::LazyLock::new(|| {
        let src = include_str!("../../../../menu.sample.toml");
        crate::domain::menu_file::parse(src, "menu.sample.toml")
            .expect("the sample menu parses")
            .to_menu()
    });
    SAMPLE.clone()
}

fn product_name(menu: &Menu, id: i64) -> String {
    menu.product(id)
        .map_or_else(|| format!("#{id}"), |p| p.name.clone())
}

/// A reading written by name, one entry per line/ambiguity/unknown piece,
/// sorted: "2 Tavuk Dürüm [Acısız, Soğansız]", "?dürüm: Tavuk Dürüm / Et Dürüm",
/// "!hamburger", "-Kola" (86'd).
pub fn described(menu: &Menu, r: &Reading) -> Vec<String> {
    let mut out = Vec::new();
    for l in &r.lines {
        let p = menu.product(l.product_id);
        let mut opts: Vec<String> = l
            .option_ids
            .iter()
            .filter_map(|o| {
                p.and_then(|p| {
                    p.groups
                        .iter()
                        .flat_map(|g| &g.options)
                        .find(|x| x.id == *o)
                        .map(|x| x.name.clone())
                })
            })
            .collect();
        opts.sort();
        let name = product_name(menu, l.product_id);
        if opts.is_empty() {
            out.push(format!("{} {name}", l.quantity));
        } else {
            out.push(format!("{} {name} [{}]", l.quantity, opts.join(", ")));
        }
    }
    for a in &r.ambiguous {
        let names: Vec<String> = a
            .candidates
            .iter()
            .map(|c| product_name(menu, *c))
            .collect();
        out.push(format!(
            "?{}: {}",
            super::fold_words(&a.said),
            names.join(" / ")
        ));
    }
    for u in &r.unknown {
        out.push(format!("!{}", super::fold_words(u)));
    }
    for id in &r.unavailable {
        out.push(format!("-{}", product_name(menu, *id)));
    }
    out.sort();
    out
}

/// The same form from a hand-written expectation ("2 Tavuk Dürüm [Soğansız, Acısız]; !x").
pub fn expected(s: &str) -> Vec<String> {
    let mut out: Vec<String> = s
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            if let Some(rest) = p.strip_prefix('?') {
                let (said, cands) = rest.split_once(':').unwrap_or((rest, ""));
                format!("?{}: {}", super::fold_words(said), cands.trim())
            } else if let Some(u) = p.strip_prefix('!') {
                format!("!{}", super::fold_words(u))
            } else if let Some((head, opts)) = p.split_once('[') {
                // ", " between options: an option's own name may hold a comma ("1,5 porsiyon")
                let mut o: Vec<&str> = opts
                    .trim_end_matches(']')
                    .split(", ")
                    .map(str::trim)
                    .collect();
                o.sort_unstable();
                format!("{} [{}]", head.trim(), o.join(", "))
            } else {
                p.to_string()
            }
        })
        .collect();
    out.sort();
    out
}

/// Read `text` against the sample menu, written by name.
pub fn read(text: &str) -> Vec<String> {
    let m = sample();
    described(&m, &read_order(&m, text))
}
