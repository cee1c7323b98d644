//! The delivery zone, the minimum basket, the fee line and the payment choice
//! and the two answers read from the same config.

use super::*;
use crate::domain::coupon::CouponKind;
use crate::domain::delivery::{DeliveryTerms, Radius, Zone};
use crate::domain::order::Fulfilment;
use crate::domain::payment::{Payment, PaymentTerms};
use crate::domain::reply::Reply;

/// The shop in Moda, Kadıköy.
const SHOP: (f64, f64) = (40.9870, 29.0260);
/// Taksim, about 6 km away.
const TAKSIM: (f64, f64) = (41.0370, 28.9850);

fn pin(at: (f64, f64)) -> Input {
    Input::Location {
        latitude: at.0,
        longitude: at.1,
        name: None,
        address: None,
    }
}

fn terms() -> DeliveryTerms {
    DeliveryTerms {
        fee: Money::from_minor(2500),
        free_above: Some(Money::from_minor(30000)),
        min_order: Some(Money::from_minor(10000)),
        zone: Zone {
            radius: Some(Radius {
                latitude: SHOP.0,
                longitude: SHOP.1,
                km: 3.0,
            }),
            neighbourhoods: vec![],
        },
    }
}

fn chat(delivery: DeliveryTerms, payment: PaymentTerms) -> Chat {
    let w = World {
        delivery,
        payment,
        ..World::default()
    };
    Chat::with(w)
}

/// Three colas (120,00 ₺), at the pickup-or-delivery question, then delivery.
fn to_address(c: &mut Chat) {
    c.add_simple("İçecekler", "Kola", 3);
    c.tap("Sipariş ver");
    c.tap("Paket servis");
}

#[test]
fn a_pin_outside_the_radius_is_refused_and_pickup_is_one_tap() {
    let mut c = chat(terms(), PaymentTerms::default());
    to_address(&mut c);
    c.send(pin(TAKSIM));
    assert!(c.saw("km uzakta") && c.saw("3 km"), "{}", c.text());
    assert_eq!(c.titles(), ["🏃 Gel al", "📍 Başka adres", "❌ Vazgeç"]);
    assert!(c.draft().is_none());
    c.tap("Gel al");
    assert!(
        c.saw("Sipariş özeti") && !c.saw("Teslimat ücreti"),
        "{}",
        c.text()
    );
    c.tap("Onayla");
    let d = c.draft().expect("placed");
    assert_eq!(d.fulfilment, Fulfilment::Pickup);
    assert_eq!(
        (d.delivery_fee, d.total),
        (Money::ZERO, Money::from_minor(12000))
    );
    assert_eq!(d.payment, Some(Payment::Counter));
    assert_eq!(d.location, None);
}

#[test]
fn another_address_after_a_refusal_asks_again_and_a_pin_inside_is_taken() {
    let mut c = chat(terms(), PaymentTerms::default());
    to_address(&mut c);
    c.send(pin(TAKSIM));
    c.tap("Başka adres");
    assert!(c.saw("adresini yaz"), "{}", c.text());
    c.send(pin((40.9900, 29.0300)));
    c.tap("Gerek yok");
    assert!(
        c.saw("Teslimat ücreti: 25,00 ₺") && c.saw("Toplam: 145,00 ₺"),
        "{}",
        c.text()
    );
    assert!(
        c.saw("180,00 ₺ daha eklersen teslimat ücretsiz"),
        "{}",
        c.text()
    );
    assert!(c.saw("Ödeme: kapıda nakit"), "{}", c.text());
    c.tap("Onayla");
    let d = c.draft().expect("placed");
    assert_eq!(
        (d.subtotal, d.discount, d.delivery_fee, d.total),
        (
            Money::from_minor(12000),
            Money::ZERO,
            Money::from_minor(2500),
            Money::from_minor(14500)
        )
    );
    assert_eq!(d.payment, Some(Payment::Cash));
}

#[test]
fn a_typed_address_with_only_a_radius_asks_for_a_pin_once() {
    let mut c = chat(terms(), PaymentTerms::default());
    to_address(&mut c);
    c.say("Moda Cad. No 12 Daire 3");
    assert!(c.saw("konumunu paylaşır mısın"), "{}", c.text());
    assert_eq!(c.titles()[0], "✅ Adres doğru");
    // the typed answer again is taken as given
    c.say("Moda Cad. No 12 Daire 3 Kadıköy");
    assert!(
        c.saw("Sipariş özeti") && c.saw("Moda Cad. No 12"),
        "{}",
        c.text()
    );
    c.tap("Onayla");
    assert_eq!(
        c.draft().expect("placed").delivery_fee,
        Money::from_minor(2500)
    );
}

#[test]
fn an_address_in_no_listed_neighbourhood_is_refused_with_the_list() {
    let t = DeliveryTerms {
        zone: Zone {
            radius: None,
            neighbourhoods: vec!["Caferağa".into(), "Osmanağa Mahallesi".into()],
        },
        ..DeliveryTerms::default()
    };
    let mut c = chat(t, PaymentTerms::default());
    to_address(&mut c);
    c.say("Fenerbahçe Mah. Kalamış Cad. No 5");
    assert!(
        c.saw("paket servisimiz yok") && c.saw("Caferağa, Osmanağa Mahallesi"),
        "{}",
        c.text()
    );
    c.tap("Başka adres");
    c.say("osmanaga mah. Söğütlüçeşme Cad. No 5");
    assert!(c.saw("Sipariş özeti"), "{}", c.text());
    assert!(!c.saw("Teslimat ücreti"), "no fee configured: {}", c.text());
    c.tap("Onayla");
    let d = c.draft().expect("placed");
    assert_eq!(
        (d.delivery_fee, d.total),
        (Money::ZERO, Money::from_minor(12000))
    );
}

#[test]
fn below_the_minimum_says_how_much_is_missing() {
    let mut c = chat(terms(), PaymentTerms::default());
    c.add_simple("İçecekler", "Ayran", 2);
    c.tap("Sipariş ver");
    c.tap("Paket servis");
    c.send(pin(SHOP));
    c.tap("Gerek yok");
    assert!(
        c.saw("en az 100,00 ₺") && c.saw("50,00 ₺ eksik"),
        "{}",
        c.text()
    );
    assert_eq!(c.titles(), ["🏃 Gel al", "➕ Ürün ekle", "❌ Vazgeç"]);
    c.tap("Gel al");
    c.tap("Onayla");
    assert_eq!(c.draft().expect("placed").fulfilment, Fulfilment::Pickup);
}

#[test]
fn free_above_counts_the_basket_after_the_coupon() {
    let t = DeliveryTerms {
        free_above: Some(Money::from_minor(10000)),
        min_order: None,
        zone: Zone::default(),
        ..terms()
    };
    // 120,00 ₺ of cola: free
    let mut c = chat(t.clone(), PaymentTerms::default());
    to_address(&mut c);
    c.say("Caferağa Mah. Moda Cad. No 5");
    assert!(
        c.saw("Teslimat: ücretsiz (100,00 ₺ ve üzeri)"),
        "{}",
        c.text()
    );
    assert!(c.saw("Toplam: 120,00 ₺"), "{}", c.text());
    // 30 % off makes it 84,00 ₺: the fee applies
    let mut c = chat(t, PaymentTerms::default());
    c.coupons.push(coupon("YAZ30", CouponKind::Percent, 30));
    to_address(&mut c);
    c.say("Caferağa Mah. Moda Cad. No 5");
    c.say("kupon YAZ30");
    assert!(
        c.saw("İndirim (YAZ30): -36,00 ₺") && c.saw("Teslimat ücreti: 25,00 ₺"),
        "{}",
        c.text()
    );
    assert!(c.saw("Toplam: 109,00 ₺"), "{}", c.text());
    c.tap("Onayla");
    let d = c.draft().expect("placed");
    assert_eq!(
        (d.subtotal, d.discount, d.delivery_fee, d.total),
        (
            Money::from_minor(12000),
            Money::from_minor(3600),
            Money::from_minor(2500),
            Money::from_minor(10900)
        )
    );
}

fn three_ways() -> PaymentTerms {
    PaymentTerms {
        delivery: vec![Payment::Cash, Payment::Card, Payment::Online],
        pickup: vec![Payment::Counter],
        online_url: Some("https://pay.example/{number}?amount={total_minor}".into()),
    }
}

#[test]
fn a_delivery_customer_picks_how_to_pay_with_one_tap() {
    let mut c = chat(DeliveryTerms::default(), three_ways());
    to_address(&mut c);
    c.say("Caferağa Mah. Moda Cad. No 5");
    assert!(c.saw("Nasıl ödemek istersin"), "{}", c.text());
    assert_eq!(
        c.titles(),
        ["💵 Kapıda nakit", "💳 Kapıda kart", "🌐 Online öde"]
    );
    c.tap("Kapıda kart");
    assert!(
        c.saw("Ödeme: kapıda kartla (kurye POS getirir)"),
        "{}",
        c.text()
    );
    c.tap("Onayla");
    assert_eq!(c.draft().expect("placed").payment, Some(Payment::Card));
    assert_eq!(c.last.len(), 1, "no payment link for card");
}

#[test]
fn a_typed_method_works_and_pickup_pays_at_the_counter() {
    let mut c = chat(DeliveryTerms::default(), three_ways());
    to_address(&mut c);
    c.say("Caferağa Mah. Moda Cad. No 5");
    c.say("nakit");
    assert!(c.saw("Ödeme: kapıda nakit"), "{}", c.text());
    // changing to pickup drops the door payment: the counter, without asking
    c.say("gel al");
    assert!(c.saw("Ödeme: kasada"), "{}", c.text());
    c.tap("Onayla");
    assert_eq!(c.draft().expect("placed").payment, Some(Payment::Counter));
}

#[test]
fn online_payment_sends_the_link_as_a_cta_url_button() {
    let mut c = chat(terms(), three_ways());
    to_address(&mut c);
    c.send(pin(SHOP));
    c.tap("Gerek yok");
    c.tap("Online öde");
    c.tap("Onayla");
    let d = c.draft().expect("placed").clone();
    assert_eq!(d.payment, Some(Payment::Online));
    assert_eq!(d.total, Money::from_minor(14500));
    let link = c.last.iter().find_map(|r| match r {
        Reply::CtaUrl {
            url, display_text, ..
        } => Some((url.clone(), display_text.clone())),
        _ => None,
    });
    assert_eq!(
        link,
        Some((
            "https://pay.example/101?amount=14500".to_string(),
            "💳 Şimdi öde".to_string()
        )),
        "{:#?}",
        c.last
    );
}

#[test]
fn payment_and_delivery_questions_are_answered_from_the_config() {
    let t = DeliveryTerms {
        zone: Zone {
            radius: None,
            neighbourhoods: vec!["Caferağa".into(), "Moda".into()],
        },
        ..terms()
    };
    let mut c = chat(t, three_ways());
    c.say("Kartla ödeyebilir miyim?");
    assert!(
        c.saw("Paket serviste: kapıda nakit, kapıda kartla (kurye POS getirir), online")
            && c.saw("Gel alda: kasada"),
        "{}",
        c.text()
    );
    c.say("Moda'ya teslimat var mı?");
    assert!(c.saw("Evet, “Moda” teslimat alanımızda"), "{}", c.text());
    assert!(
        c.saw("Teslimat ücreti 25,00 ₺; 300,00 ₺ ve üzeri siparişte ücretsiz")
            && c.saw("en az sipariş 100,00 ₺"),
        "{}",
        c.text()
    );
    c.say("Kartal'a getiriyor musunuz?");
    assert!(
        c.saw("“Kartal” teslimat alanımızda değil") && c.saw("Caferağa, Moda"),
        "{}",
        c.text()
    );
    // written in English: answered in English, whatever the number
    c.say("do you deliver?");
    assert!(c.saw("We deliver to: Caferağa, Moda"), "{}", c.text());
    // without [delivery]: delivery is free and anywhere
    let mut c = Chat::new();
    c.say("nereye teslimat var?");
    assert!(
        c.saw("Paket servisimiz var") && c.saw("Teslimat ücretsiz"),
        "{}",
        c.text()
    );
}
