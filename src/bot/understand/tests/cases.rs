//! Unit cases: the parts of a reading the corpus does not spell out (missing
//! groups, option order, resolving an ambiguity, 86'd products, aliases,
//! replies to an options question).

use super::{read, sample};
use crate::bot::understand::{fold_words, read_options, read_order};

#[test]
fn missing_required_groups_are_listed_in_order() {
    let m = sample();
    let r = read_order(&m, "2 tavuk dürüm soğansız");
    let line = &r.lines[0];
    let p = m.product(line.product_id).expect("product");
    assert_eq!(p.name, "Tavuk Dürüm");
    let aci = p.groups.iter().find(|g| g.name == "Acı").expect("Acı");
    assert_eq!(line.missing_groups, vec![aci.id]);
    let r = read_order(&m, "2 tavuk dürüm acısız soğansız");
    assert!(r.lines[0].missing_groups.is_empty());
}

#[test]
fn an_ambiguity_resolves_with_its_options() {
    let m = sample();
    let r = read_order(&m, "3 dürüm acısız");
    assert!(r.lines.is_empty(), "{r:?}");
    let a = &r.ambiguous[0];
    assert_eq!(a.quantity, 3);
    // only the dürüms with an "Acı" group fit "acısız"
    let names: Vec<&str> = a
        .candidates
        .iter()
        .filter_map(|c| m.product(*c).map(|p| p.name.as_str()))
        .collect();
    assert_eq!(names, ["Tavuk Dürüm", "Et Dürüm"]);
    let line = a.resolve(&m, a.candidates[1]).expect("a candidate");
    assert_eq!(line.quantity, 3);
    assert_eq!(line.option_ids.len(), 1);
    assert!(line.missing_groups.is_empty());
    assert!(a.resolve(&m, 9999).is_none(), "not a candidate");
}

#[test]
fn an_86d_product_is_said_not_added() {
    let mut m = sample();
    let kola = m
        .products
        .iter_mut()
        .find(|p| p.name == "Kola")
        .expect("Kola");
    kola.available = false;
    let id = kola.id;
    let r = read_order(&m, "2 kola 1 ayran");
    assert_eq!(r.unavailable, vec![id]);
    assert_eq!(r.lines.len(), 1);
    assert!(r.found_anything());
}

#[test]
fn owner_aliases_are_names() {
    let mut m = sample();
    let p = m
        .products
        .iter_mut()
        .find(|p| p.name == "Kola")
        .expect("Kola");
    p.aliases = vec!["Coca Cola".into(), "kokakola".into()];
    let r = read_order(&m, "2 kokakola, 1 coca cola");
    assert_eq!(r.lines.len(), 1, "{r:?}");
    assert_eq!(r.lines[0].quantity, 3);
}

#[test]
fn options_reply_reads_only_that_products_options() {
    let m = sample();
    let p = m
        .products
        .iter()
        .find(|p| p.name == "Tavuk Dürüm")
        .expect("p");
    let r = read_options(p, "sogansiz olsun");
    assert_eq!(r.option_ids.len(), 1);
    assert!(r.unknown.is_empty());
    let r = read_options(p, "acisiz sogansiz");
    assert_eq!(r.option_ids.len(), 2);
    let r = read_options(p, "az acılı, büyük");
    assert_eq!(r.option_ids.len(), 1, "{r:?}");
    assert_eq!(r.unknown, ["büyük"]);
}

#[test]
fn longest_option_name_wins() {
    assert_eq!(read("tavuk dürüm az acılı"), ["1 Tavuk Dürüm [Az acılı]"]);
    assert_eq!(read("tavuk dürüm acılı"), ["1 Tavuk Dürüm [Acılı]"]);
    assert_eq!(read("tavuk dürüm acısız"), ["1 Tavuk Dürüm [Acısız]"]);
}

#[test]
fn short_names_match_exactly() {
    assert_eq!(read("su"), ["1 Su"]);
    assert_eq!(read("2 su"), ["2 Su"]);
    // "sü", "st" are not "su"; "et" alone fits two products
    assert_eq!(read("st"), ["!st"]);
    assert_eq!(read("et").len(), 1);
    assert!(read("et")[0].starts_with("?et:"));
}

#[test]
fn nothing_on_the_menu_reads_as_nothing_found() {
    let m = sample();
    let r = read_order(&m, "siparişim nerede?");
    assert!(!r.found_anything());
    let r = read_order(&m, "lütfen");
    assert_eq!(r, super::super::Reading::default());
}

#[test]
fn fold_is_exported_for_the_flow() {
    assert_eq!(fold_words("Soğansız OLSUN!"), "sogansiz olsun");
}

/// The menu's word index is kept between readings: each reading must still see
/// the menu it is given, the moment it changes (an 86, a new alias, back again).
#[test]
fn a_changed_menu_is_read_as_changed_at_once() {
    let plain = sample();
    let mut changed = sample();
    let kola = changed
        .products
        .iter_mut()
        .find(|p| p.name == "Kola")
        .expect("Kola");
    kola.available = false;
    kola.aliases = vec!["zumzum".into()];
    let id = kola.id;
    for _ in 0..2 {
        let r = read_order(&plain, "2 zumzum, 1 kola");
        assert!(r.unavailable.is_empty(), "{r:?}");
        assert_eq!(r.lines.len(), 1, "{r:?}");
        assert_eq!(r.lines[0].quantity, 1, "zumzum is nothing yet: {r:?}");
        assert_eq!(r.unknown.len(), 1, "{r:?}");
        let r = read_order(&changed, "2 zumzum, 1 kola");
        assert_eq!(r.unavailable, vec![id], "{r:?}");
        assert!(r.lines.is_empty(), "{r:?}");
        assert!(r.unknown.is_empty(), "{r:?}");
    }
}
