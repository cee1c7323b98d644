//! Whole conversations from greeting to a placed order, and the driver protocol.

use super::*;
use crate::domain::coupon::CouponKind;
use crate::domain::order::{Fulfilment, OrderStatus};
use crate::domain::time::At;

/// 2 × Tavuk Dürüm (Acılı + Kaşar) + 1 Ayran, coupon ILK10 (10 %), pickup, confirmed.
#[test]
fn scripted_customer_orders_with_a_coupon() {
    let mut c = Chat::new();
    c.coupons.push(coupon("ILK10", CouponKind::Percent, 10));
    c.send(Input::Welcome);
    assert!(c.saw("Maydanoz Döner"), "{}", c.text());
    c.tap("Menü");
    c.tap("Dürümler");
    // one required choice of three: listed once per choice
    c.tap("Tavuk Dürüm · Acılı");
    assert!(c.saw("1 × Tavuk Dürüm (Acılı)"), "{}", c.text());
    c.tap("Ekstra");
    c.tap("Kaşar");
    assert!(
        c.saw("1 × Tavuk Dürüm (Acılı, Kaşar)") && c.saw("135,00 ₺"),
        "unit price with Kaşar: {}",
        c.text()
    );
    c.say("2");
    assert!(c.saw("270,00 ₺"), "{}", c.text());
    c.tap("Ürün ekle");
    c.tap("İçecekler");
    c.tap("Ayran");
    assert!(c.saw("3 ürün, 295,00 ₺"), "{}", c.text());
    c.tap("Sipariş ver");
    assert!(c.saw("Gelip mi alırsın"), "{}", c.text());
    c.say("ilk10");
    assert!(c.saw("ILK10 kuponu uygulandı: -29,50 ₺"), "{}", c.text());
    c.tap("Gel al");
    assert!(
        c.saw("Ara toplam: 295,00 ₺") && c.saw("İndirim (ILK10): -29,50 ₺"),
        "{}",
        c.text()
    );
    assert!(c.saw("Toplam: 265,50 ₺"), "{}", c.text());
    assert_eq!(c.titles(), ["✅ Onayla", "✏️ Düzenle", "🎟 Kupon · 📝 Not"]);
    c.tap("Onayla");
    let d = c.draft().expect("order placed").clone();
    assert_eq!(d.items.len(), 2);
    assert_eq!(
        (d.items[0].name.as_str(), d.items[0].quantity),
        ("Tavuk Dürüm", 2)
    );
    assert_eq!(
        d.items[0].options,
        vec!["Acılı".to_string(), "Kaşar".to_string()]
    );
    assert_eq!(d.items[0].unit_price, Money::from_minor(13500));
    assert_eq!(
        (d.items[1].name.as_str(), d.items[1].unit_price),
        ("Ayran", Money::from_minor(2500))
    );
    assert_eq!(
        (d.subtotal, d.discount, d.total),
        (
            Money::from_minor(29500),
            Money::from_minor(2950),
            Money::from_minor(26550)
        )
    );
    assert_eq!(d.coupon.as_ref().map(|c| c.as_str()), Some("ILK10"));
    assert_eq!(
        (d.fulfilment, d.address.clone(), d.note.clone()),
        (Fulfilment::Pickup, None, None)
    );
    assert_eq!(d.lang, Lang::Tr);
    // one reply says it all: number, total, time and what was ordered
    assert_eq!(c.last.len(), 1);
    assert!(
        c.saw("#101") && c.saw("265,50 ₺") && c.saw("15:15 civarı hazır"),
        "{}",
        c.text()
    );
    assert!(c.saw("2 × Tavuk Dürüm (Acılı, Kaşar)"), "{}", c.text());
    assert!(c.session.cart.is_empty() && c.session.step == Step::Idle);
    // The old Confirm cannot place a second order.
    let summary_confirm = c.effects.len();
    c.send(Input::Button {
        id: format!("confirm:{}", c.session.nonce),
        title: "✅ Onayla".into(),
    });
    assert_eq!(c.effects.len(), summary_confirm);
    assert!(c.saw("daha önceki bir mesaj"), "{}", c.text());
}

#[test]
fn delivery_with_typed_address_and_note() {
    let mut c = Chat::new();
    c.say("menu");
    c.tap("İçecekler");
    c.tap("Kola");
    c.say(" 3 ");
    c.tap("Sipariş ver");
    c.tap("Paket servis");
    c.say("kısa");
    assert!(c.saw("çok kısa"), "{}", c.text());
    c.say("Caferağa Mah. Moda Cad. No:12 D:3 Kadıköy");
    assert!(c.saw("Adres: Caferağa"), "{}", c.text());
    c.say("not: Zil çalışmıyor, arayın lütfen");
    assert!(
        c.saw("Adres: Caferağa") && c.saw("Not: Zil çalışmıyor"),
        "{}",
        c.text()
    );
    c.tap("Onayla");
    let d = c.draft().expect("placed");
    assert_eq!(d.fulfilment, Fulfilment::Delivery);
    assert_eq!(
        d.address.as_deref(),
        Some("Caferağa Mah. Moda Cad. No:12 D:3 Kadıköy")
    );
    assert_eq!(d.note.as_deref(), Some("Zil çalışmıyor, arayın lütfen"));
    assert_eq!(d.items[0].quantity, 3);
    assert_eq!(
        (d.subtotal, d.discount, d.total, d.coupon.clone()),
        (
            Money::from_minor(12000),
            Money::from_minor(0),
            Money::from_minor(12000),
            None
        )
    );
    assert!(c.saw("15:35 civarı kapında"), "{}", c.text());
}

#[test]
fn porsiyon_variants_are_one_pick() {
    let mut c = Chat::new();
    c.say("menü");
    c.tap("Porsiyonlar");
    assert!(
        c.titles().contains(&"Tavuk Porsiyon · Yarım".to_string()),
        "{:?}",
        c.titles()
    );
    c.tap("Tavuk Porsiyon · Yarım");
    assert!(
        c.saw("Tavuk Porsiyon (Yarım)") && c.saw("140,00 ₺"),
        "{}",
        c.text()
    );
}

#[test]
fn saved_address_and_location_pin() {
    let mut w = World::default();
    w.customer.saved_addresses = vec![
        "Moda Cad. No:1 Kadıköy".into(),
        "İş: Levent Plaza Kat 5".into(),
    ];
    let mut c = Chat::with(w);
    c.add_simple("İçecekler", "Ayran", 2);
    c.tap("Sipariş ver");
    c.tap("Paket servis");
    assert!(c.saw("Kayıtlı adresine dokun"), "{}", c.text());
    c.tap("Levent");
    assert!(c.saw("Adres: İş: Levent Plaza Kat 5"), "{}", c.text());
    // Change to a pin instead, from the summary.
    c.say("eve getirin");
    let pin = Input::Location {
        latitude: 40.98765,
        longitude: 29.02468,
        name: Some("Ev".into()),
        address: None,
    };
    c.send(pin);
    assert!(c.saw("kat ve daireyi"), "{}", c.text());
    c.tap("Gerek yok");
    c.tap("Onayla");
    let d = c.draft().expect("placed");
    assert_eq!(d.address.as_deref(), Some("Ev"));
    let pin = d.location.expect("pin");
    let (lat, lon) = (pin.latitude(), pin.longitude());
    assert!((lat - 40.98765).abs() < 1e-6 && (lon - 29.02468).abs() < 1e-6);
}

#[test]
fn returning_customer_sees_open_orders_and_cancels_a_new_one() {
    let mut w = World::default();
    w.customer.name = Some("Ayşe\u{1b}[31m".into());
    w.customer.is_returning = true;
    w.customer.open_orders = vec![
        OrderBrief {
            number: crate::domain::OrderNumber::new(7),
            status: OrderStatus::Preparing,
            fulfilment: Fulfilment::Pickup,
            total: Money::from_minor(12000),
            placed_at: At::from_millis(NOW),
            cancel_requested: false,
            scheduled_for: None,
        },
        OrderBrief {
            number: crate::domain::OrderNumber::new(8),
            status: OrderStatus::New,
            fulfilment: Fulfilment::Delivery,
            total: Money::from_minor(5000),
            placed_at: At::from_millis(NOW),
            cancel_requested: false,
            scheduled_for: None,
        },
    ];
    let mut c = Chat::with(w);
    c.say("merhaba");
    assert!(c.saw("Tekrar hoş geldin Ayşe!"), "{}", c.text());
    assert!(!c.text().contains('\u{1b}'));
    assert!(
        c.saw("#7: hazırlanıyor") && c.saw("#8: alındı"),
        "{}",
        c.text()
    );
    c.tap("Siparişim");
    c.tap("#8 iptal");
    assert!(
        c.saw("#8 numaralı siparişi iptal edelim mi"),
        "{}",
        c.text()
    );
    c.tap("Evet, iptal et");
    assert_eq!(
        c.effects.last(),
        Some(&Effect::CancelOrder {
            number: crate::domain::OrderNumber::new(8)
        })
    );
    assert!(c.saw("#8 numaralı siparişin iptal edildi"), "{}", c.text());
    // The kitchen was faster this time.
    c.cancel_refused = Some(OrderStatus::Preparing);
    c.send(Input::Button {
        id: "ocxy:8".into(),
        title: "x".into(),
    });
    assert!(
        c.saw("artık iptal edilemiyor") && c.saw("hazırlanıyor"),
        "{}",
        c.text()
    );
    // Someone else's (or a preparing) order cannot be cancelled from here.
    let before = c.effects.len();
    c.send(Input::Button {
        id: "ocxy:7".into(),
        title: "x".into(),
    });
    c.send(Input::Button {
        id: "ocxy:999".into(),
        title: "x".into(),
    });
    assert_eq!(c.effects.len(), before);
    assert!(c.saw("iptal edilemiyor"), "{}", c.text());
}

#[test]
fn effects_wait_for_their_results() {
    let mut c = Chat::new();
    c.coupons.push(coupon("YAZ", CouponKind::Amount, 1000));
    c.add_simple("İçecekler", "Kola", 1);
    c.tap("Sipariş ver");
    c.auto = false;
    let out = c.raw(Input::Text("kupon yaz".into()));
    assert_eq!(
        out.effect,
        Some(Effect::LookupCoupon {
            code: crate::domain::coupon_code::CouponCode::parse("YAZ").expect("a code")
        })
    );
    assert!(out.replies.is_empty());
    // A result for a code we did not ask about is not applied.
    let stray = Input::CouponFound {
        code: crate::domain::coupon_code::CouponCode::parse("OTHER").expect("a code"),
        coupon: Some(coupon("OTHER", CouponKind::Amount, 9000)),
        customer_uses: 0,
    };
    let out = c.raw(stray);
    assert!(out.session.checkout.coupon.is_none() && out.effect.is_none());
    c.auto = true;
    c.say("kupon yaz");
    c.tap("Gel al");
    c.auto = false;
    c.tap("Onayla");
    let Some(Effect::PlaceOrder(d)) = c.effects.last().cloned() else {
        panic!("no PlaceOrder")
    };
    assert_eq!(
        (d.subtotal, d.discount, d.total),
        (
            Money::from_minor(4000),
            Money::from_minor(1000),
            Money::from_minor(3000)
        )
    );
    assert!(c.last.is_empty(), "no reply until the order is written");
    assert!(matches!(c.session.step, Step::Placing { .. }));
    c.send(Input::OrderPlaced {
        number: crate::domain::OrderNumber::new(55),
        total: d.total,
    });
    assert!(c.saw("#55") && c.saw("30,00 ₺"), "{}", c.text());
    assert!(c.session.cart.is_empty() && c.session.checkout.is_empty());
}

#[test]
fn english_customer_gets_english_texts_and_draft_lang() {
    let mut c = Chat::new();
    c.say("ENGLISH");
    assert!(c.saw("Language: English"), "{}", c.text());
    c.add_simple("İçecekler", "Şalgam", 2);
    c.tap("Checkout");
    c.tap("Pickup");
    assert!(
        c.saw("Order summary") && c.saw("Total: 60,00 ₺"),
        "{}",
        c.text()
    );
    c.tap("Confirm");
    assert_eq!(c.draft().map(|d| d.lang), Some(Lang::En));
    assert!(
        c.saw("Order received") && c.saw("Ready around 15:15"),
        "{}",
        c.text()
    );
}
