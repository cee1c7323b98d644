//! The cart: view, change a quantity, remove a line, clear; stale line rows.

use super::*;

fn two_lines() -> Chat {
    let mut c = Chat::new();
    c.add_simple("İçecekler", "Ayran", 2);
    c.add_simple("İçecekler", "Kola", 1);
    c
}

#[test]
fn view_shows_line_totals_and_total() {
    let mut c = two_lines();
    c.say("SEPET");
    assert!(
        c.saw("2 × Ayran — 50,00 ₺") && c.saw("1 × Kola — 40,00 ₺"),
        "{}",
        c.text()
    );
    assert!(c.saw("Toplam: 90,00 ₺"), "{}", c.text());
    let t = c.titles();
    assert!(t.iter().any(|t| t.contains("Sipariş ver")) && t.iter().any(|t| t.contains("Düzenle")));
}

#[test]
fn empty_cart_says_so() {
    let mut c = Chat::new();
    c.say("cart");
    assert!(c.saw("Sepetin boş"), "{}", c.text());
    c.say("sipariş ver");
    assert!(
        c.saw("Sepetin boş"),
        "checkout with an empty cart: {}",
        c.text()
    );
    assert_eq!(c.session.step, Step::Idle);
}

#[test]
fn change_a_quantity_by_row_and_by_typing() {
    let mut c = two_lines();
    c.say("sepet");
    c.tap("Düzenle");
    c.tap("2× Ayran");
    c.tap("Adedi değiştir");
    assert!(c.saw("şu an 2 adet"), "{}", c.text());
    c.tap("5");
    assert_eq!(c.session.cart.lines[0].quantity, 5);
    assert!(
        c.saw("Ayran: artık 5 adet") && c.saw("Toplam: 165,00 ₺"),
        "{}",
        c.text()
    );
    c.tap("Düzenle");
    c.tap("1× Kola");
    c.tap("Adedi değiştir");
    c.say("77");
    assert!(c.saw("1 ile 50"), "{}", c.text());
    c.say("3");
    assert_eq!(c.session.cart.lines[1].quantity, 3);
}

#[test]
fn remove_a_line_and_clear() {
    let mut c = two_lines();
    c.say("sepet");
    c.tap("Düzenle");
    c.tap("2× Ayran");
    c.tap("Çıkar");
    assert!(
        c.saw("Sepetten çıkarıldı: Ayran") && c.saw("Toplam: 40,00 ₺"),
        "{}",
        c.text()
    );
    assert_eq!(c.session.cart.lines.len(), 1);
    c.tap("Düzenle");
    c.tap("Sepeti boşalt");
    assert!(c.saw("Sepet boşaltıldı"), "{}", c.text());
    assert!(c.session.cart.is_empty());
}

#[test]
fn an_old_line_row_cannot_touch_another_line() {
    let mut c = two_lines();
    c.say("sepet");
    c.tap("Düzenle");
    let old_ayran = c.find("2× Ayran");
    c.tap("2× Ayran");
    c.tap("Çıkar");
    // Index 0 is Kola now; the old row said Ayran (product 6).
    c.send(old_ayran);
    assert!(c.saw("artık sepette yok"), "{}", c.text());
    c.send(Input::Button {
        id: "lrm:0:6".into(),
        title: "🗑 Çıkar".into(),
    });
    assert_eq!(c.session.cart.lines.len(), 1, "Kola stays");
    // A quantity row for a line we are not asking about is stale.
    c.send(Input::ListRow {
        id: "lq:0:7:4".into(),
        title: "4".into(),
    });
    assert!(c.saw("daha önceki bir mesaj"), "{}", c.text());
    assert_eq!(c.session.cart.lines[0].quantity, 1);
}

#[test]
fn many_lines_page_and_bodies_stay_short() {
    let mut w = World::default();
    for i in 0..40 {
        w.menu.products.push(product(
            200 + i,
            3,
            &format!("Meşrubat çeşidi numara {i} 🥤 uzun isim"),
            1000,
            vec![],
        ));
    }
    let mut c = Chat::with(w);
    for i in 0..31 {
        c.send(Input::ListRow {
            id: format!("prod:{}", 200 + i),
            title: "x".into(),
        });
        if i < 30 {
            c.say("50");
        }
    }
    assert_eq!(c.session.cart.lines.len(), crate::domain::cart::MAX_LINES);
    assert!(c.saw("Sepet dolu"), "{}", c.text());
    c.say("sepet");
    assert!(
        c.saw("satır daha"),
        "long cart is cut with a count: {}",
        c.text()
    );
    c.tap("Düzenle");
    c.tap("Daha fazla");
    c.tap("Daha fazla");
    c.tap("Daha fazla");
    assert!(c.titles().iter().any(|t| t.contains("Sepeti boşalt")));
}

/// A reused product id: 2 × Kola (#7) in the cart; Kola is removed and a database that reused ids
/// gives #7 to "Baklava (kg)" at 950 ₺. The line must not become 2 × Baklava: it is shown as
/// unavailable under its own name and dropped with a notice at checkout.
#[test]
fn a_line_whose_id_now_names_another_product_is_dropped_with_a_notice() {
    let mut c = Chat::new();
    c.add_simple("İçecekler", "Kola", 2);
    c.add_simple("İçecekler", "Ayran", 1);
    let p = c.world.product_mut(7);
    p.name = "Baklava (kg)".into();
    p.price = Money::from_minor(95_000);
    c.say("sepet");
    assert!(
        !c.saw("Baklava") && c.saw("Kola (şu an yok)"),
        "{}",
        c.text()
    );
    c.tap("Sipariş ver");
    assert!(c.saw("sepetten çıkardık: Kola"), "{}", c.text());
    assert_eq!(c.session.cart.lines.len(), 1);
    assert_eq!(c.session.cart.lines[0].product_id, 6);
    // a case or accent change of the same product is not a new identity
    c.world.product_mut(6).name = "AYRAN".into();
    assert!(c.session.cart.lines[0].price(&c.world.menu).is_ok());
}
