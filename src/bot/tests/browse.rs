//! Menu lists, paging, 86'd items, options and quantities.

use super::*;

fn with_many(n: i64) -> World {
    let mut w = World::default();
    w.menu.categories.push(crate::domain::menu::Category {
        id: 5,
        name: "Mezeler".into(),
        sort: 5,
    });
    for i in 0..n {
        w.menu.products.push(product(
            100 + i,
            5,
            &format!("Meze {i:02}"),
            5000 + i,
            vec![],
        ));
    }
    w
}

#[test]
fn twenty_three_products_are_paged_nine_and_more() {
    let mut c = Chat::with(with_many(23));
    c.say("menü");
    c.tap("Mezeler");
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        pages += 1;
        let titles = c.titles();
        assert!(titles.len() <= 10);
        assert!(c.saw(&format!("sayfa {pages}/3")), "{}", c.text());
        seen.extend(titles.iter().filter(|t| t.starts_with("Meze")).cloned());
        if !titles.iter().any(|t| t.contains("Daha fazla")) {
            break;
        }
        assert_eq!(titles.len(), 10, "9 + more");
        c.tap("Daha fazla");
    }
    assert_eq!(pages, 3);
    let want: Vec<String> = (0..23).map(|i| format!("Meze {i:02}")).collect();
    assert_eq!(seen, want);
    // A row from the last page still works.
    c.tap("Meze 22");
    c.tap("2");
    assert!(c.saw("2 × Meze 22") && c.saw("100,44 ₺"), "{}", c.text());
}

#[test]
fn ten_products_fit_one_page() {
    let mut c = Chat::with(with_many(10));
    c.say("menü");
    c.tap("Mezeler");
    assert_eq!(c.titles().len(), 10);
    assert!(!c.saw("sayfa"));
}

#[test]
fn sold_out_items_and_empty_categories_are_not_offered() {
    let mut c = Chat::new();
    c.say("menü");
    let cats = c.titles();
    assert!(
        cats.contains(&"Porsiyonlar".to_string()) && !cats.contains(&"Tatlılar".to_string()),
        "{cats:?}"
    );
    c.tap("Porsiyonlar");
    assert!(!c.titles().iter().any(|t| t.contains("İskender")));
    // A product row from an old list, 86'd since.
    c.send(Input::ListRow {
        id: "prod:5".into(),
        title: "İskender".into(),
    });
    assert!(c.saw("şu an yok: İskender"), "{}", c.text());
    assert!(c.session.cart.is_empty() && c.session.step == Step::Idle);
    // Gone from the menu altogether.
    c.send(Input::ListRow {
        id: "prod:4040".into(),
        title: "?".into(),
    });
    assert!(c.saw("artık menüde yok"), "{}", c.text());
}

#[test]
fn an_item_86d_while_choosing_cannot_be_added() {
    let mut c = Chat::new();
    c.say("menü");
    c.tap("İçecekler");
    c.tap("Kola");
    c.world.product_mut(7).available = false;
    c.tap("2");
    assert!(c.session.cart.is_empty());
    assert!(c.saw("şu an yok: Kola"), "{}", c.text());
}

#[test]
fn long_and_emoji_names_fit_every_limit() {
    let mut c = Chat::new();
    c.say("menü");
    c.tap("Dürümler");
    let long_row = c
        .titles()
        .into_iter()
        .find(|t| t.starts_with("Tavuk Şiş"))
        .expect("long row");
    assert_eq!(long_row.chars().count(), 24);
    assert!(long_row.ends_with('…'));
    c.tap("Tavuk Şiş");
    c.tap("3");
    assert!(c.saw(LONG), "full name in the message body: {}", c.text());
    c.tap("Sepetim");
    assert!(c.saw(&format!("3 × {LONG} — 540,00 ₺")), "{}", c.text());
    c.tap("Düzenle");
    c.tap("Tavuk Şiş");
    c.tap("Sepete dön");
    c.tap("Sipariş ver");
    assert!(c.saw("Kupon"));
}

#[test]
fn optional_group_allows_up_to_its_max_then_moves_on() {
    let mut c = Chat::new();
    c.say("menü");
    c.tap("Dürümler");
    c.tap("Tavuk Dürüm");
    assert!(
        !c.titles().iter().any(|t| t.contains("Tamam")),
        "required group has no done"
    );
    c.say("AZ ACILI");
    assert!(
        c.titles().iter().any(|t| t.contains("İstemiyorum")),
        "optional: none row first"
    );
    c.tap("Soğansız");
    c.tap("Ekstra lavaş");
    // max 2 reached: straight to the quantity
    assert!(c.saw("Kaç adet"), "{}", c.text());
    assert!(
        c.saw("Tavuk Dürüm (Az acılı, Soğansız, Ekstra lavaş)") && c.saw("130,00 ₺"),
        "{}",
        c.text()
    );
    c.say("1");
    // Same product, no extras: a separate line.
    c.say("menü");
    c.tap("Dürümler");
    c.tap("Tavuk Dürüm");
    c.tap("Acısız");
    c.tap("İstemiyorum");
    c.say("2 adet");
    assert_eq!(c.session.cart.lines.len(), 2);
    assert_eq!(c.session.cart.lines[1].option_ids, vec![11]);
}

#[test]
fn identical_choices_merge_and_quantity_is_capped() {
    let mut c = Chat::new();
    c.add_simple("İçecekler", "Ayran", 5);
    c.say("menü");
    c.tap("İçecekler");
    c.tap("Ayran");
    c.say("50");
    assert_eq!(c.session.cart.lines.len(), 1);
    assert_eq!(c.session.cart.lines[0].quantity, 50);
    assert!(c.saw("en fazla 50"), "{}", c.text());
}

#[test]
fn quantity_bounds_and_other() {
    let mut c = Chat::new();
    c.say("menü");
    c.tap("İçecekler");
    c.tap("Kola");
    for bad in ["0", "51", "99999999999999999999", "-1"] {
        c.say(bad);
        assert!(c.session.cart.is_empty(), "{bad}");
        assert!(
            c.saw("1 ile 50") || c.saw("anlayamadım"),
            "{bad}: {}",
            c.text()
        );
        assert!(matches!(c.session.step, Step::Quantity { .. }), "{bad}");
    }
    c.tap("Başka adet");
    assert!(c.saw("sayı yaz"), "{}", c.text());
    c.say("12");
    assert_eq!(c.session.cart.lines[0].quantity, 12);
}

#[test]
fn typing_a_product_name_finds_it() {
    let mut c = Chat::new();
    c.say("hi");
    c.say("tavuk durum");
    assert!(c.saw("Acı"), "exact name opens the product: {}", c.text());
    c.say("iptal");
    c.say("dürüm");
    let t = c.titles();
    assert!(
        t.contains(&"Tavuk Dürüm".to_string()) && t.contains(&"Et Dürüm".to_string()),
        "{t:?}"
    );
    c.say("ŞALGAM");
    c.say("1");
    assert_eq!(c.session.cart.lines.len(), 1);
    c.say("iskender");
    assert!(c.saw("şu an yok: İskender"), "{}", c.text());
}
