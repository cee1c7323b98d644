//! Menu lists, paging, 86'd items, options and quantities.

use super::*;

fn with_many(n: i64) -> World {
    let mut w = World::default();
    w.menu.categories.push(crate::domain::menu::Category {
        id: 5,
        name: "Mezeler".into(),
        sort: 5,
        name_en: None,
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
    // A row from the last page still works; a typed number sets how many.
    c.tap("Meze 22");
    c.say("2");
    assert!(
        c.saw("Meze 22: artık 2 adet") && c.saw("100,44 ₺"),
        "{}",
        c.text()
    );
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
    c.say("et dürüm");
    assert!(c.saw("Acı: bir tane seç"), "{}", c.text());
    c.world.product_mut(2).available = false;
    c.tap("Acılı");
    assert!(c.session.cart.is_empty());
    assert!(c.saw("şu an yok: Et Dürüm"), "{}", c.text());
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
    c.say("3");
    assert!(c.saw(LONG), "full name in the message body: {}", c.text());
    c.say("sepet");
    assert!(c.saw(&format!("3 × {LONG} — 540,00 ₺")), "{}", c.text());
    c.tap("Düzenle");
    c.tap("Tavuk Şiş");
    c.tap("Sepete dön");
    c.tap("Sipariş ver");
    assert!(c.saw("Gelip mi alırsın"), "{}", c.text());
}

#[test]
fn extras_are_offered_after_adding_up_to_their_max() {
    let mut c = Chat::new();
    c.say("menü");
    c.tap("Dürümler");
    c.tap("Tavuk Dürüm · Az acılı");
    assert!(c.saw("1 × Tavuk Dürüm (Az acılı)"), "{}", c.text());
    c.tap("Ekstra");
    c.tap("Soğansız");
    assert!(
        c.saw("Oldu: 1 × Tavuk Dürüm (Az acılı, Soğansız)"),
        "{}",
        c.text()
    );
    c.tap("Ekstra");
    c.tap("Ekstra lavaş");
    assert!(
        c.saw("Tavuk Dürüm (Az acılı, Soğansız, Ekstra lavaş)") && c.saw("130,00 ₺"),
        "{}",
        c.text()
    );
    // max 2 reached
    c.tap("Ekstra");
    c.tap("Kaşar");
    assert!(c.saw("daha fazla seçilemiyor"), "{}", c.text());
    // one more of the same merges; one more plain is a separate line
    c.tap("Ekstra");
    c.tap("Aynısından");
    assert_eq!(c.session.cart.lines.len(), 1);
    assert_eq!(c.session.cart.lines[0].quantity, 2);
    c.say("1 tavuk dürüm acısız");
    assert_eq!(c.session.cart.lines.len(), 2);
    assert_eq!(c.session.cart.lines[1].option_ids, vec![11]);
    // an extra on one of two splits it off
    c.say("1 tavuk dürüm acısız");
    c.tap("Ekstra");
    c.tap("Kaşar");
    let l = &c.session.cart.lines;
    assert_eq!((l[1].quantity, l[2].quantity), (1, 1), "{l:?}");
    assert_eq!(l[2].option_ids, vec![11, 23]);
}

#[test]
fn identical_choices_merge_and_quantity_is_capped() {
    let mut c = Chat::new();
    c.add_simple("İçecekler", "Ayran", 5);
    assert_eq!(c.session.cart.lines[0].quantity, 5);
    c.say("60");
    assert!(c.saw("1 ile 50"), "{}", c.text());
    assert_eq!(c.session.cart.lines[0].quantity, 5);
    c.say("48 ayran");
    assert_eq!(c.session.cart.lines.len(), 1);
    assert_eq!(c.session.cart.lines[0].quantity, 50);
    assert!(c.saw("en fazla 50"), "{}", c.text());
}

#[test]
fn quantity_bounds_after_adding() {
    let mut c = Chat::new();
    c.say("menü");
    c.tap("İçecekler");
    c.tap("Kola");
    for bad in ["0", "51", "99999999999999999999"] {
        c.say(bad);
        assert_eq!(c.session.cart.lines[0].quantity, 1, "{bad}");
        assert!(c.saw("1 ile 50"), "{bad}: {}", c.text());
    }
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
