//! Bad input: a clear reading each, nothing lost, nothing added silently.

use super::{read, sample};
use crate::bot::understand::{Cap, MAX_ITEMS, MAX_QUANTITY, read_order};

#[test]
fn a_thousand_character_message_is_read_in_full() {
    let m = sample();
    let mut text = String::from("2 tavuk dürüm acısız, ");
    while text.chars().count() < 1000 {
        text.push_str("çok güzel olsun abi teşekkürler ");
    }
    text.push_str(", 1 ayran");
    assert!(text.chars().count() >= 1000);
    let r = read_order(&m, &text);
    assert_eq!(r.lines.len(), 2, "{r:?}");
    // the chatter is said back, cut short
    assert!(!r.unknown.is_empty());
    assert!(r.unknown.iter().all(|u| u.chars().count() <= 40));
}

#[test]
fn emoji_only_finds_nothing_and_says_nothing() {
    let m = sample();
    let r = read_order(&m, "🌯🌯🔥👍🏽");
    assert!(!r.found_anything());
    assert!(r.unknown.is_empty());
    assert!(r.capped.is_empty());
    // emoji between words do not stop the order
    assert_eq!(read("2 🌯 tavuk dürüm 🔥"), ["2 Tavuk Dürüm"]);
}

#[test]
fn two_hundred_items_are_capped_and_told() {
    let m = sample();
    let names = ["ayran", "kola", "su", "lahmacun", "künefe"];
    let text: Vec<String> = (0..200)
        .map(|i| format!("1 {}", names[i % names.len()]))
        .collect();
    let r = read_order(&m, &text.join(", "));
    let total: u32 = r.lines.iter().map(|l| l.quantity).sum();
    assert_eq!(total as usize, MAX_ITEMS, "{r:?}");
    assert!(r.capped.contains(&Cap::Items {
        dropped: 200 - MAX_ITEMS
    }));
}

#[test]
fn a_quantity_over_the_cap_is_capped_and_told() {
    let m = sample();
    let r = read_order(&m, "999 ayran");
    assert_eq!(r.lines.len(), 1);
    assert_eq!(r.lines[0].quantity, MAX_QUANTITY);
    assert_eq!(MAX_QUANTITY, 50);
    assert_eq!(
        r.capped,
        vec![Cap::Quantity {
            product_id: r.lines[0].product_id,
            asked: 999
        }]
    );
    let r = read_order(&m, "99999999999999999999999999 kola");
    assert_eq!(r.lines[0].quantity, MAX_QUANTITY);
    assert_eq!(r.capped.len(), 1);
    // 30 + 30 of the same line is 60 asked: capped too
    let r = read_order(&m, "30 ayran, 30 ayran");
    assert_eq!(r.lines[0].quantity, MAX_QUANTITY);
    assert_eq!(r.capped.len(), 1);
}

#[test]
fn a_name_in_two_categories_is_asked() {
    let mut m = sample();
    // the owner lists Ayran under İçecekler and again under a menu category
    let mut copy = m
        .products
        .iter()
        .find(|p| p.name == "Ayran")
        .expect("Ayran")
        .clone();
    copy.id = 9001;
    copy.category_id = 1;
    m.products.push(copy);
    let r = read_order(&m, "2 ayran");
    assert!(r.lines.is_empty(), "{r:?}");
    assert_eq!(r.ambiguous.len(), 1);
    assert_eq!(r.ambiguous[0].candidates.len(), 2);
    assert_eq!(r.ambiguous[0].quantity, 2);
}

#[test]
fn zero_and_lone_numbers_are_said_back() {
    assert_eq!(read("0 ayran"), ["!ayran"]);
    assert_eq!(read("ayran, 3"), ["!3", "1 Ayran"]);
}
