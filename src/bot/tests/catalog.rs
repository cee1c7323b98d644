//! Meta's catalog cart (`order` messages): lines by sku at our prices, unknown
//! codes and 86'd items said by name, required options asked, bad quantities
//! and oversized carts told, never more than WhatsApp takes in a reply.

use super::cashier::sample_world;
use super::*;
use crate::bot::CatalogItem;

fn item(sku: &str, quantity: i64, price: Option<i64>) -> CatalogItem {
    CatalogItem {
        retailer_id: sku.into(),
        quantity,
        unit_price_minor: price,
    }
}

fn order(items: Vec<CatalogItem>, text: Option<&str>) -> Input {
    Input::CatalogOrder {
        items,
        text: text.map(String::from),
    }
}

#[test]
fn a_catalog_cart_becomes_lines_at_our_prices_then_options_are_asked() {
    let mut w = sample_world();
    w.menu
        .products
        .iter_mut()
        .find(|p| p.name == "Künefe")
        .expect("künefe")
        .available = false;
    let mut c = Chat::with(w);
    c.send(order(
        vec![
            item("DRM-ADANA", 2, Some(32_000)),
            item("ICE-AYRAN", 2, Some(3_550)),
            item("SKU-NOPE", 1, Some(100)),
            item("TAT-KUNEFE", 1, None),
        ],
        Some("Kapıda kartla ödeyeceğim"),
    ));
    assert!(c.saw("SKU-NOPE"), "unknown code said: {}", c.text());
    assert!(c.saw("şu an yok: Künefe"), "86'd said: {}", c.text());
    assert!(c.saw("Fiyatlar menümüzdeki"), "{}", c.text());
    assert!(c.saw("Not alındı: Kapıda kartla"), "{}", c.text());
    // Adana has no required option: in; Ayran's size is asked
    assert!(c.saw("Boy"), "{}", c.text());
    c.tap("Büyük");
    c.say("sepet");
    assert!(c.saw("2 × Adana Dürüm") && c.saw("380,00"), "{}", c.text());
    assert!(c.saw("2 × Ayran (Büyük)"), "{}", c.text());
    c.say("sipariş ver");
    c.say("gel al");
    c.tap("Onayla");
    let d = c.draft().expect("placed");
    let got: Vec<(String, i64, i64)> = d
        .items
        .iter()
        .map(|i| (i.name.clone(), i.quantity, i.unit_price.minor()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Adana Dürüm".to_string(), 2, 19_000),
            ("Ayran".to_string(), 2, 3_500),
        ]
    );
    assert_eq!(d.note.as_deref(), Some("Kapıda kartla ödeyeceğim"));
}

#[test]
fn bad_quantities_are_named_and_huge_ones_capped() {
    let mut c = Chat::with(sample_world());
    c.send(order(
        vec![
            item("ICE-KOLA", 0, None),
            item("ICE-SU", -3, None),
            item("TAT-SUTLAC", 1_000_000_000_000, None),
            item("DRM-CIGKOFTE", 1, None),
        ],
        None,
    ));
    assert!(
        c.saw("Adedi geçersiz") && c.saw("Kola") && c.saw("Su"),
        "{}",
        c.text()
    );
    assert!(c.saw("en fazla 50"), "{}", c.text());
    let cart: Vec<(i64, u32)> = c
        .session
        .cart
        .lines
        .iter()
        .map(|l| (l.product_id, l.quantity))
        .collect();
    let m = &c.world.menu;
    let id = |n: &str| m.products.iter().find(|p| p.name == n).expect(n).id;
    assert_eq!(cart, vec![(id("Sütlaç"), 50), (id("Çiğ Köfte Dürüm"), 1)]);
}

#[test]
fn a_cart_of_a_hundred_lines_is_bounded_and_told() {
    let menu = sample_world().menu;
    let skus: Vec<String> = menu.products.iter().filter_map(|p| p.sku.clone()).collect();
    // 100 lines: every product of the menu several times, and unknown codes
    let mut items: Vec<CatalogItem> = (0..80)
        .map(|i| item(&skus[i % skus.len()], 1, Some(1)))
        .collect();
    items.extend((0..20).map(|i| item(&format!("UNKNOWN-{i}"), 1, None)));
    let mut c = Chat::with(sample_world());
    c.send(order(items, None));
    // every reply fits WhatsApp (checked by Chat::raw); five unknown codes named
    assert!(c.saw("UNKNOWN-0") && c.saw("UNKNOWN-4"), "{}", c.text());
    assert!(!c.saw("UNKNOWN-5"), "{}", c.text());
    // the sample has 20 products: each once, 4 each, within the cart
    let queued: u32 = c.session.queue.iter().map(|q| q.qty).sum();
    let in_cart: u32 = c.session.cart.lines.iter().map(|l| l.quantity).sum();
    let asking = match c.session.step {
        Step::Options { qty, .. } => qty,
        _ => 0,
    };
    assert_eq!(in_cart + queued + asking, 80, "{:?}", c.session);
    // more distinct products than one message takes: the rest is told
    let many: Vec<CatalogItem> = (0..100).map(|i| item(&format!("X{i}"), 1, None)).collect();
    let mut w = sample_world();
    for i in 0..100 {
        let mut p = w.menu.products[0].clone();
        p.id = 1000 + i;
        p.name = format!("Ürün {i}");
        p.groups.clear();
        p.sku = Some(format!("X{i}"));
        w.menu.products.push(p);
    }
    let mut c = Chat::with(w);
    c.send(order(many, None));
    assert!(
        c.saw("en fazla 20 ürün") && c.saw("80 tanesini"),
        "{}",
        c.text()
    );
    assert_eq!(c.session.cart.lines.len(), 20);
}

#[test]
fn an_english_customer_hears_about_the_catalog_cart_in_english() {
    let mut w = sample_world();
    w.customer.phone = crate::domain::CustomerId::parse("447700900123").expect("a phone");
    let mut c = Chat::with(w);
    c.send(order(
        vec![item("ICE-KOLA", 2, Some(4_000)), item("GONE-1", 1, None)],
        None,
    ));
    assert!(c.saw("Not on our menu: GONE-1"), "{}", c.text());
    assert!(c.saw("2 × Coke"), "{}", c.text());
    assert!(
        !c.saw("Prices are our"),
        "same price, nothing to say: {}",
        c.text()
    );
}
