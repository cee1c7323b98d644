//! Properties over random text: never a panic, never more than the caps, every
//! line a real product with its own options.

use proptest::prelude::*;

use super::sample;
use crate::bot::understand::{MAX_ITEMS, MAX_QUANTITY, read_order};

/// Words from the menu's world mixed with anything.
fn words() -> impl Strategy<Value = String> {
    let menu_words = prop::sample::select(vec![
        "tavuk",
        "dürüm",
        "durum",
        "ayran",
        "2",
        "999",
        "iki",
        "x3",
        "3x",
        "biri",
        "ikisi",
        "de",
        "soğansız",
        "acılı",
        "az",
        "büyük",
        ",",
        "+",
        "ve",
        "bir",
        "su",
        "et",
        "1,5",
        "porsiyon",
        "\n",
        "diğeri",
        "hepsi",
        "no",
        "onion",
        "chicken",
        "wrap",
        "olmasın",
        "🌯",
        "İ",
        "ı",
        "'",
        "tane",
        "kaşar",
        "pide",
    ]);
    prop::collection::vec(
        prop_oneof![menu_words.prop_map(String::from), ".{0,12}"],
        0..40,
    )
    .prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_text_never_panics_nor_passes_the_caps(text in words()) {
        let m = sample();
        let r = read_order(&m, &text);
        prop_assert!(r.lines.len() <= MAX_ITEMS);
        for l in &r.lines {
            prop_assert!((1..=MAX_QUANTITY).contains(&l.quantity), "{l:?}");
            let p = m.product(l.product_id).expect("a real product");
            prop_assert!(p.available);
            for o in &l.option_ids {
                prop_assert!(p.groups.iter().any(|g| g.options.iter().any(|x| x.id == *o)));
            }
            for g in &p.groups {
                let n = g.options.iter().filter(|o| l.option_ids.contains(&o.id)).count();
                prop_assert!(n <= g.max as usize, "group {} over its max in {l:?}", g.name);
            }
        }
        for a in &r.ambiguous {
            prop_assert!(a.candidates.len() >= 2);
            prop_assert!((1..=MAX_QUANTITY).contains(&a.quantity));
        }
    }

    #[test]
    fn any_string_never_panics(text in "\\PC{0,300}") {
        let m = sample();
        let _ = read_order(&m, &text);
    }
}
