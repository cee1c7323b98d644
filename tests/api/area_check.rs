//! The delivery area cannot be skipped, through the real server on SQLite and
//! PostgreSQL: a far pin refused, Vazgeç, "onayla", a typed address, the pin
//! question, Vazgeç, "onayla" again — the pin question comes back and no order
//! is stored until the customer taps "Adres doğru".

use maydanoz::domain::Money;
use maydanoz::domain::delivery::{DeliveryTerms, Radius, Zone};
use maydanoz::sim::Customer;

use crate::conversation::{orders_json, stock_for, wire_for};
use crate::helpers::{Backend, TestApp, tap, wait_text};

/// The shop in Moda, Kadıköy, and a pin about 29 km north of it.
const SHOP: (f64, f64) = (40.9870, 29.0260);
const FAR: (f64, f64) = (41.2480, 29.0260);

fn configure(c: &mut maydanoz::config::Config) {
    c.delivery = DeliveryTerms {
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
    };
}

fn orders_of(app: &TestApp, phone: &str) -> Vec<serde_json::Value> {
    let all = orders_json(app, &app.db_url());
    all.as_array()
        .expect("array")
        .iter()
        .filter(|o| o["customer_phone"] == phone)
        .cloned()
        .collect()
}

async fn the_reported_sequence(app: &TestApp) {
    let phone = "905550000031";
    let mut c = Customer::new(wire_for(app), phone, "Uzak Müşteri");
    c.say("1 adana dürüm").await.expect("say");
    wait_text(&mut c, "Sepet:").await;
    c.say("paket").await.expect("say");
    wait_text(&mut c, "adresini").await;
    c.pin(FAR.0, FAR.1, "Uzak").await.expect("pin");
    wait_text(&mut c, "km uzakta").await;
    tap(&mut c, "Vazgeç").await;
    c.say("onayla").await.expect("say");
    wait_text(&mut c, "adresini").await;
    c.say("No 12 Daire 3").await.expect("say");
    wait_text(&mut c, "konumunu paylaşır mısın").await;
    tap(&mut c, "Vazgeç").await;
    c.say("onayla").await.expect("say");
    let again = wait_text(&mut c, "konumunu paylaşır mısın").await;
    assert!(!again.contains("Sipariş özeti"), "{again}");
    let shown: Vec<String> = c.shown().into_iter().map(|(t, _)| t).collect();
    assert!(
        !shown.iter().any(|t| t.contains("Sipariş özeti")),
        "an unchecked address reached the summary: {shown:?}"
    );
    assert!(
        orders_of(app, phone).is_empty(),
        "placed without the area check"
    );

    // the explicit tap is what lets a typed address through a radius-only zone
    tap(&mut c, "Adres doğru").await;
    let summary = wait_text(&mut c, "Sipariş özeti").await;
    assert!(summary.contains("No 12 Daire 3"), "{summary}");
    tap(&mut c, "Onayla").await;
    wait_text(&mut c, "Siparişin alındı").await;
    let placed = orders_of(app, phone);
    assert_eq!(placed.len(), 1, "{placed:?}");
    assert_eq!(placed[0]["fulfilment"], "delivery", "{}", placed[0]);
    assert_eq!(placed[0]["delivery_fee_minor"], 2500, "{}", placed[0]);
}

async fn the_delivery_area_cannot_be_skipped(backend: Backend) {
    let app = TestApp::builder()
        .backend(backend)
        .config(configure)
        .spawn()
        .await;
    stock_for(&app).await;
    the_reported_sequence(&app).await;
    app.stop().await;
}

crate::on_both_backends!(app: the_delivery_area_cannot_be_skipped);
