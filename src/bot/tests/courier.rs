//! Delivery pins: the pin reaches the order (with the door asked
//! once after it), a pin is welcome at any point of a delivery checkout,
//! saved addresses come back with their pins in one tap, typed addresses that
//! are no address are asked for again once, and notes are cut at 500
//! characters with the customer told what was kept.

use super::*;
use crate::domain::order::Fulfilment;
use crate::domain::pin::Pin;

const LAT: f64 = 40.98765;
const LON: f64 = 29.02468;

fn pin(name: Option<&str>) -> Input {
    Input::Location {
        latitude: LAT,
        longitude: LON,
        name: name.map(str::to_string),
        address: None,
    }
}

fn at_delivery_address() -> Chat {
    let mut c = Chat::new();
    c.add_simple("İçecekler", "Ayran", 2);
    c.tap("Sipariş ver");
    c.tap("Paket servis");
    assert_eq!(c.session.step, Step::Address, "{}", c.text());
    c
}

fn assert_pin(d: &OrderDraft) {
    let pin = d.location.expect("the pin rides on the order");
    let (lat, lon) = (pin.latitude(), pin.longitude());
    assert!(
        (lat - LAT).abs() < 1e-7 && (lon - LON).abs() < 1e-7,
        "{lat},{lon}"
    );
}

#[test]
fn a_pin_is_followed_by_one_door_question_and_both_are_kept() {
    let mut c = at_delivery_address();
    c.send(pin(None));
    assert_eq!(c.session.step, Step::Door);
    assert!(c.saw("kat ve daireyi") && c.saw("Kat 3"), "{}", c.text());
    assert_eq!(c.titles(), ["Gerek yok", "❌ Vazgeç"]);
    c.say("No 12, Kat 3, Daire 5");
    assert!(
        c.saw("Adres: No 12, Kat 3, Daire 5") && c.saw("📍 Konum paylaşıldı"),
        "the door replaces the pin's empty label: {}",
        c.text()
    );
    c.tap("Onayla");
    let d = c.draft().expect("placed");
    assert_eq!(d.fulfilment, Fulfilment::Delivery);
    assert_eq!(d.address.as_deref(), Some("No 12, Kat 3, Daire 5"));
    assert_pin(d);
}

#[test]
fn a_named_pin_keeps_its_name_after_the_door_and_the_door_can_be_skipped() {
    let mut c = at_delivery_address();
    c.send(pin(Some("Ev")));
    c.say("Kat 2");
    assert!(c.saw("Adres: Kat 2, Ev"), "{}", c.text());
    c.tap("Onayla");
    assert_eq!(
        c.draft().expect("placed").address.as_deref(),
        Some("Kat 2, Ev")
    );

    let mut c = at_delivery_address();
    c.send(pin(Some("Moda Cad. 5")));
    c.tap("Gerek yok");
    c.tap("Onayla");
    let d = c.draft().expect("placed");
    assert_eq!(d.address.as_deref(), Some("Moda Cad. 5"));
    assert_pin(d);

    // "yok" typed is a skip too; "gel al" at the door question is pickup
    let mut c = at_delivery_address();
    c.send(pin(None));
    c.say("yok");
    assert!(
        matches!(c.session.step, Step::Summary { .. }),
        "{}",
        c.text()
    );
    assert_eq!(
        c.session.checkout.address.as_deref(),
        Some("Paylaşılan konum"),
        "no emoji: the slip is printed in PC857"
    );
    let mut c = at_delivery_address();
    c.send(pin(None));
    c.say("gel al");
    c.tap("Onayla");
    let d = c.draft().expect("placed");
    assert_eq!((d.fulfilment, d.location), (Fulfilment::Pickup, None));
}

#[test]
fn a_pin_after_a_typed_address_is_welcome_and_keeps_the_text() {
    let mut c = at_delivery_address();
    c.say("Caferağa Mah. Moda Cad. No:12 D:3 Kadıköy");
    assert!(matches!(c.session.step, Step::Summary { .. }));
    c.send(pin(None));
    assert!(
        c.saw("Konumunu adresine ekledik") && c.saw("Adres: Caferağa Mah."),
        "{}",
        c.text()
    );
    assert!(!c.saw("yalnızca paket servis"), "{}", c.text());
    c.tap("Onayla");
    let d = c.draft().expect("placed");
    assert_eq!(
        d.address.as_deref(),
        Some("Caferağa Mah. Moda Cad. No:12 D:3 Kadıköy")
    );
    assert_pin(d);
}

#[test]
fn a_pin_is_welcome_anywhere_in_the_checkout_and_with_a_cart() {
    // at pickup or delivery: the pin says delivery
    let mut c = Chat::new();
    c.add_simple("İçecekler", "Ayran", 1);
    c.tap("Sipariş ver");
    assert_eq!(c.session.step, Step::Fulfilment);
    c.send(pin(None));
    assert_eq!(c.session.step, Step::Door, "{}", c.text());
    // at the note question
    let mut c = Chat::new();
    c.add_simple("İçecekler", "Ayran", 1);
    c.say("gel al");
    c.tap("Kupon");
    c.tap("Not ekle");
    assert_eq!(c.session.step, Step::Note);
    c.send(pin(None));
    c.say("Daire 4");
    c.tap("Onayla");
    let d = c.draft().expect("placed");
    assert_eq!(d.fulfilment, Fulfilment::Delivery);
    assert_eq!(d.address.as_deref(), Some("Daire 4"));
    assert_pin(d);
    // a cart, nothing asked yet
    let mut c = Chat::new();
    c.add_simple("İçecekler", "Ayran", 1);
    c.send(pin(None));
    assert_eq!(c.session.step, Step::Door, "{}", c.text());
    // nothing ordered yet: kept for the delivery, the door asked at the checkout
    let mut c = Chat::new();
    c.send(pin(None));
    assert!(c.saw("Konumunu aldım"), "{}", c.text());
    assert!(c.session.checkout.location.is_some());
    c.add_simple("İçecekler", "Ayran", 1);
    c.say("sipariş ver");
    assert_eq!(c.session.step, Step::Door, "{}", c.text());
    c.tap("Gerek yok");
    c.tap("Onayla");
    let d = c.draft().expect("placed");
    assert_eq!(d.fulfilment, Fulfilment::Delivery);
    assert_pin(d);
}

#[test]
fn impossible_pins_are_refused_and_nothing_is_kept() {
    for (lat, lon) in [
        (123.0, 29.0),
        (41.0, 190.0),
        (f64::NAN, 29.0),
        (41.0, f64::NEG_INFINITY),
        (0.0, 0.0),
    ] {
        let mut c = at_delivery_address();
        c.send(Input::Location {
            latitude: lat,
            longitude: lon,
            name: Some("Ev".into()),
            address: None,
        });
        assert!(c.saw("geçersiz"), "{lat},{lon}: {}", c.text());
        assert!(c.saw("Teslimat adresini yaz"), "asked again: {}", c.text());
        assert_eq!(c.session.step, Step::Address);
        assert_eq!(c.session.checkout.location, None);
        assert_eq!(c.session.checkout.address, None);
    }
}

#[test]
fn saved_addresses_come_back_with_their_pins_in_one_tap() {
    let mut w = World::default();
    w.customer.saved_addresses = vec!["Kat 3 Daire 5, Ev".into(), "Bahariye Cad. 45/2".into()];
    w.customer.saved_pins = vec![Pin::from_e7(409_876_500, 290_246_800).ok(), None];
    let mut c = Chat::with(w);
    c.add_simple("İçecekler", "Ayran", 1);
    c.tap("Sipariş ver");
    c.tap("Paket servis");
    assert!(
        c.saw("1) Kat 3 Daire 5, Ev 📍") && c.saw("2) Bahariye Cad. 45/2\n"),
        "{}",
        c.text()
    );
    let titles = c.titles();
    assert_eq!(titles.len(), 3, "two addresses and cancel: {titles:?}");
    c.tap("1 · Kat 3");
    assert!(
        c.saw("📍 Konum paylaşıldı"),
        "one tap, no door question: {}",
        c.text()
    );
    c.tap("Onayla");
    let d = c.draft().expect("placed");
    assert_eq!(d.address.as_deref(), Some("Kat 3 Daire 5, Ev"));
    assert_pin(d);
    // the other one has no pin
    let mut w = World::default();
    w.customer.saved_addresses = vec!["Kat 3 Daire 5, Ev".into(), "Bahariye Cad. 45/2".into()];
    w.customer.saved_pins = vec![Pin::from_e7(409_876_500, 290_246_800).ok(), None];
    let mut c = Chat::with(w);
    c.add_simple("İçecekler", "Ayran", 1);
    c.tap("Sipariş ver");
    c.tap("Paket servis");
    c.tap("2 · Bahariye");
    c.tap("Onayla");
    assert_eq!(c.draft().expect("placed").location, None);
}

#[test]
fn an_address_that_is_no_address_is_asked_again_once_with_an_example() {
    let mut c = at_delivery_address();
    c.say("adrese getirin");
    assert!(
        c.saw("adres olarak okuyamadık") && c.saw("Örnek:"),
        "{}",
        c.text()
    );
    assert_eq!(c.session.step, Step::Address);
    assert_eq!(c.session.checkout.address, None);
    c.say("kırmızı kapılı ev, parkın yanı");
    assert!(
        c.saw("Adres: kırmızı kapılı ev"),
        "second answer taken: {}",
        c.text()
    );

    let mut c = at_delivery_address();
    c.say("evim");
    assert!(c.saw("çok kısa") && c.saw("Örnek:"), "{}", c.text());
    c.say("evim");
    assert!(c.saw("Adres: evim"), "{}", c.text());

    // folded: no Turkish letters, no number, an address word
    let mut c = at_delivery_address();
    c.say("yeldegirmeni mahallesi karakolhane sokagi");
    assert!(
        matches!(c.session.step, Step::Summary { .. }),
        "{}",
        c.text()
    );
    // asking again is once per address: a later address is checked anew
    c.say("paket");
    c.say("burası");
    assert!(c.saw("çok kısa"), "{}", c.text());
}

#[test]
fn a_long_note_is_cut_at_500_characters_and_the_customer_is_told() {
    let mut c = Chat::new();
    c.add_simple("İçecekler", "Ayran", 1);
    c.say("gel al");
    let long: String = "Zil bozuk, kapıyı çalın. ".repeat(200);
    assert_eq!(long.chars().count(), 5000);
    c.say(&format!("not: {long}"));
    assert!(
        c.saw("500 karakterden uzundu") && c.saw("“Zil bozuk, kapıyı çalın."),
        "{}",
        c.text()
    );
    let kept = c.session.checkout.note.clone().expect("note");
    assert_eq!(kept.chars().count(), 500);
    assert!(long.starts_with(kept.trim_end_matches('…')));
    // through the note question as well; a note within the limit is not remarked on
    c.tap("Kupon");
    c.tap("Not ekle");
    c.say(&"ş".repeat(5000));
    assert!(c.saw("500 karakterden uzundu"), "{}", c.text());
    assert_eq!(
        c.session
            .checkout
            .note
            .as_deref()
            .map(|n| n.chars().count()),
        Some(500)
    );
    c.tap("Kupon");
    c.tap("Not ekle");
    c.say(&"a".repeat(500));
    assert!(!c.saw("uzundu"), "{}", c.text());
    c.tap("Onayla");
    assert_eq!(c.draft().expect("placed").note, Some("a".repeat(500)));
}
