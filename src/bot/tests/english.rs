//! English customers: greeted in English by their number, served with the
//! menu's English names (Turkish where none), their words understood; the order
//! the kitchen gets keeps the Turkish names.

use super::cashier::sample_world;
use super::*;
use crate::domain::order::Fulfilment;

/// The sample menu, written by a customer on a UK number.
fn uk() -> Chat {
    let mut w = sample_world();
    w.customer.phone = crate::domain::CustomerId::parse("447700900123").expect("a phone");
    Chat::with(w)
}

#[test]
fn a_uk_number_is_greeted_in_english_and_a_turkish_one_in_turkish() {
    let mut c = uk();
    c.send(Input::Welcome);
    assert!(c.saw("Welcome to Maydanoz Döner"), "{}", c.text());
    c.tap("Menu");
    let titles = c.titles();
    assert!(titles.iter().any(|t| t == "Wraps"), "{titles:?}");
    // no English name for this category: its Turkish one is shown
    assert!(titles.iter().any(|t| t == "Pide & Lahmacun"), "{titles:?}");

    let mut tr = Chat::with(sample_world());
    tr.send(Input::Welcome);
    assert!(tr.saw("hoş geldin"), "{}", tr.text());
}

#[test]
fn a_uk_customers_whole_order_in_english_names_reaches_the_kitchen_in_turkish() {
    let mut c = uk();
    c.say("two chicken wrap and one ayran");
    // the required spice is asked, with the English option names
    assert!(c.saw("Chicken wrap") && c.saw("Spice"), "{}", c.text());
    assert!(
        c.titles().iter().any(|t| t == "Not spicy"),
        "{:?}",
        c.titles()
    );
    c.tap("Not spicy");
    assert!(c.saw("Size"), "{}", c.text());
    c.tap("Large");
    c.say("cart");
    assert!(c.saw("2 × Chicken wrap (Not spicy)"), "{}", c.text());
    assert!(c.saw("1 × Ayran (Large)"), "{}", c.text());
    c.say("chicken wrap, no onion");
    c.tap("Spicy");
    c.say("pick up");
    assert!(c.saw("Order summary"), "{}", c.text());
    assert!(c.saw("Chicken wrap (Spicy, No onion)"), "{}", c.text());
    assert!(!c.saw("Tavuk"), "no Turkish product name: {}", c.text());
    c.tap("Confirm");
    let d = c.draft().expect("placed");
    let mut lines: Vec<(String, i64, Vec<String>)> = d
        .items
        .iter()
        .map(|i| (i.name.clone(), i.quantity, i.options.clone()))
        .collect();
    lines.sort();
    assert_eq!(
        lines,
        vec![
            ("Ayran".to_string(), 1, vec!["Büyük".to_string()]),
            (
                "Tavuk Dürüm".to_string(),
                1,
                vec!["Acılı".to_string(), "Soğansız".to_string()]
            ),
            ("Tavuk Dürüm".to_string(), 2, vec!["Acısız".to_string()]),
        ]
    );
    assert_eq!(d.lang, Lang::En, "status messages follow in English");
    assert_eq!(d.fulfilment, Fulfilment::Pickup);
    // 3 × 120,00 + 25,00 + 10,00
    assert_eq!(d.total, Money::from_minor(39_500));
}

#[test]
fn written_turkish_or_the_language_button_wins_over_the_number() {
    let mut c = uk();
    c.say("merhaba, 2 tavuk dürüm acısız");
    assert!(c.saw("Tavuk Dürüm"), "{}", c.text());
    assert!(c.saw("eklendi"), "answered in Turkish: {}", c.text());
    assert_eq!(c.session.lang, Some(Lang::Tr));

    let mut c = uk();
    c.say("english");
    c.say("türkçe");
    assert_eq!(c.session.lang, Some(Lang::Tr));
    c.say("menü");
    assert!(
        c.titles().iter().any(|t| t == "Dürümler"),
        "{:?}",
        c.titles()
    );
}

#[test]
fn english_names_are_searched_and_fall_back_to_turkish() {
    let mut c = uk();
    c.say("mince pide");
    assert!(c.saw("1 × Mince pide"), "{}", c.text());
    c.say("lahmacun not spicy");
    assert!(c.saw("Lahmacun (Not spicy)"), "{}", c.text());
    // an option typed by its English name while it is asked
    c.say("iskender");
    c.say("less butter");
    assert!(c.saw("Iskender (Less butter)"), "{}", c.text());
}
