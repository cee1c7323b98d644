//! No delivery order is placed for an address that has not passed the area
//! check: a pin inside the radius, a listed neighbourhood named, or the typed
//! address confirmed at the pin question. Leaving the pin question (Vazgeç) and
//! coming back does not count as confirming, and Confirm checks again.

use super::*;
use crate::domain::delivery::{DeliveryTerms, Radius, Zone};
use crate::domain::order::Fulfilment;
use crate::domain::payment::PaymentTerms;

/// The shop in Moda, Kadıköy.
const SHOP: (f64, f64) = (40.9870, 29.0260);
/// About 29 km north of the shop.
const FAR: (f64, f64) = (41.2480, 29.0260);

fn chat() -> Chat {
    let w = World {
        delivery: DeliveryTerms {
            fee: Money::from_minor(2500),
            zone: Zone {
                radius: Some(Radius {
                    latitude: SHOP.0,
                    longitude: SHOP.1,
                    km: 3.0,
                }),
                neighbourhoods: vec![],
            },
            ..DeliveryTerms::default()
        },
        payment: PaymentTerms::default(),
        ..World::default()
    };
    Chat::with(w)
}

fn pin(at: (f64, f64)) -> Input {
    Input::Location {
        latitude: at.0,
        longitude: at.1,
        name: None,
        address: None,
    }
}

/// The reported sequence: far pin refused → Vazgeç → onayla → a typed address →
/// the pin question → Vazgeç → onayla. The pin question comes again; the
/// unchecked address never reaches a summary or an order.
#[test]
fn leaving_the_pin_question_does_not_pass_the_area_check() {
    let mut c = chat();
    c.add_simple("İçecekler", "Kola", 3);
    c.tap("Sipariş ver");
    c.tap("Paket servis");
    c.send(pin(FAR));
    assert!(c.saw("km uzakta"), "{}", c.text());
    c.tap("Vazgeç");
    c.say("onayla");
    c.say("No 12 Daire 3");
    assert!(c.saw("konumunu paylaşır mısın"), "{}", c.text());
    c.tap("Vazgeç");
    c.say("onayla");
    assert!(
        !c.saw("Sipariş özeti") && c.saw("konumunu paylaşır mısın"),
        "an unchecked address reached the summary: {}",
        c.text()
    );
    assert!(c.try_find("Onayla").is_none(), "{}", c.text());
    assert!(c.draft().is_none(), "placed without the area check");
    assert_eq!(c.placed_orders(), 0);

    // the explicit "Adres doğru" is what lets it through
    c.tap("Adres doğru");
    assert!(c.saw("Sipariş özeti"), "{}", c.text());
    c.tap("Onayla");
    let d = c.draft().expect("placed after Adres doğru");
    assert_eq!(d.fulfilment, Fulfilment::Delivery);
    assert_eq!(d.address.as_deref(), Some("No 12 Daire 3"));
}

/// A confirmation holds for the text confirmed only: a different typed address
/// is asked about again.
#[test]
fn a_confirmation_is_for_that_address_only() {
    let mut c = chat();
    c.add_simple("İçecekler", "Kola", 3);
    c.tap("Sipariş ver");
    c.tap("Paket servis");
    c.say("Moda Cad. No 12 Daire 3");
    c.tap("Adres doğru");
    assert!(c.saw("Sipariş özeti"), "{}", c.text());
    // the address changed under the confirmation (another way to reach the summary)
    c.session.checkout.address = Some("Bağdat Cad. No 400".into());
    c.tap("Onayla");
    assert!(c.draft().is_none(), "placed to an unconfirmed address");
    assert!(c.saw("konumunu paylaşır mısın"), "{}", c.text());
}

/// Confirm itself checks the area: a summary on screen whose address has not
/// passed (however it got there) places nothing.
#[test]
fn confirm_checks_the_area_again() {
    let mut c = chat();
    c.add_simple("İçecekler", "Kola", 3);
    c.tap("Sipariş ver");
    c.tap("Paket servis");
    c.say("Moda Cad. No 12 Daire 3");
    c.tap("Adres doğru");
    assert!(c.saw("Sipariş özeti"), "{}", c.text());
    c.session.checkout.address_confirmed = None;
    c.tap("Onayla");
    assert!(c.draft().is_none(), "Confirm placed an unchecked address");
    assert!(c.saw("konumunu paylaşır mısın"), "{}", c.text());
    // a pin inside the radius passes
    c.send(pin((40.9900, 29.0300)));
    c.tap("Gerek yok");
    c.tap("Onayla");
    assert_eq!(c.draft().expect("placed").fulfilment, Fulfilment::Delivery);
}
