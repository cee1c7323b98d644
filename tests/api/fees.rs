//! Delivery zone, minimum, fee and payment through the real server, on SQLite
//! and PostgreSQL: what the customer is told, what the
//! store keeps (`orders list --json`), the online link as the fake Graph API
//! received it, and the report's delivery fees.

use maydanoz::domain::Money;
use maydanoz::domain::delivery::{DeliveryTerms, Radius, Zone};
use maydanoz::domain::payment::{Payment, PaymentTerms};
use maydanoz::sim::Customer;
use maydanoz::testing::FakeGraphControls as _;

use crate::conversation::{orders_json, stock_for, wire_for};
use crate::helpers::{Backend, TestApp, tap, wait_text};

/// The shop in Moda, Kadıköy; a pin 400 m away; Taksim, about 6 km away.
const SHOP: (f64, f64) = (40.9870, 29.0260);
const NEAR: (f64, f64) = (40.9900, 29.0300);
const TAKSIM: (f64, f64) = (41.0370, 28.9850);

fn configure(c: &mut maydanoz::config::Config) {
    c.delivery = DeliveryTerms {
        fee: Money::from_minor(2500),
        free_above: Some(Money::from_minor(30000)),
        min_order: Some(Money::from_minor(20000)),
        zone: Zone {
            radius: Some(Radius {
                latitude: SHOP.0,
                longitude: SHOP.1,
                km: 3.0,
            }),
            neighbourhoods: vec![],
        },
    };
    c.payment = PaymentTerms {
        delivery: vec![Payment::Cash, Payment::Card, Payment::Online],
        pickup: vec![Payment::Counter],
        online_url: Some("https://pay.example/{number}?amount={total_minor}".into()),
    };
}

/// With a cart: delivery, a pin inside the radius, and the door (asked first after a
/// pin).
async fn delivered_to_a_pin_near(c: &mut Customer) {
    wait_text(c, "Sepet:").await;
    c.say("paket").await.expect("say");
    wait_text(c, "adresini").await;
    c.pin(NEAR.0, NEAR.1, "Ev").await.expect("pin");
    wait_text(c, "Kuryenin").await;
    c.say("No 12, Kat 3").await.expect("say");
}

fn order_of(app: &TestApp, phone: &str) -> serde_json::Value {
    let all = orders_json(app, &app.db_url());
    all.as_array()
        .expect("array")
        .iter()
        .find(|o| o["customer_phone"] == phone)
        .cloned()
        .unwrap_or_else(|| panic!("no order of {phone} in {all}"))
}

/// A pin 6 km away: told so, pickup in one tap, stored as pickup with no fee.
async fn outside_the_zone(app: &TestApp) {
    let phone = "905550000001";
    let mut c = Customer::new(wire_for(app), phone, "Uzak Müşteri");
    c.say("1 adana dürüm").await.expect("say");
    wait_text(&mut c, "Sepet:").await;
    c.say("paket").await.expect("say");
    wait_text(&mut c, "adresini").await;
    c.pin(TAKSIM.0, TAKSIM.1, "Taksim").await.expect("pin");
    let refused = wait_text(&mut c, "km uzakta").await;
    assert!(refused.contains("3 km"), "{refused}");
    tap(&mut c, "Gel al").await;
    let summary = wait_text(&mut c, "Sipariş özeti").await;
    assert!(!summary.contains("Teslimat ücreti"), "{summary}");
    tap(&mut c, "Onayla").await;
    wait_text(&mut c, "Siparişin alındı").await;
    let o = order_of(app, phone);
    assert_eq!(o["fulfilment"], "pickup", "{o}");
    assert_eq!(o["delivery_fee_minor"], 0, "{o}");
    assert_eq!(o["payment"], "counter", "{o}");
    assert_eq!(
        (o["subtotal_minor"].as_i64(), o["total_minor"].as_i64()),
        (Some(19000), Some(19000))
    );
}

/// 190,00 ₺ is 10,00 ₺ short of the delivery minimum; with an ayran it goes
/// through, card at the door, the fee on its own line and in the total.
async fn below_the_minimum_then_card(app: &TestApp) {
    let phone = "905550000002";
    let mut c = Customer::new(wire_for(app), phone, "Kartlı Müşteri");
    c.say("1 adana dürüm").await.expect("say");
    delivered_to_a_pin_near(&mut c).await;
    let short = wait_text(&mut c, "eksik").await;
    assert!(
        short.contains("200,00 ₺") && short.contains("10,00 ₺ eksik"),
        "{short}"
    );
    // added during the checkout, the checkout goes on: now the payment question
    c.say("1 küçük ayran").await.expect("say");
    wait_text(&mut c, "Nasıl ödemek").await;
    tap(&mut c, "Kapıda kart").await;
    let summary = wait_text(&mut c, "Sipariş özeti").await;
    assert!(
        summary.contains("Teslimat ücreti: 25,00 ₺") && summary.contains("Toplam: 240,00 ₺"),
        "{summary}"
    );
    assert!(summary.contains("kurye POS getirir"), "{summary}");
    tap(&mut c, "Onayla").await;
    wait_text(&mut c, "Siparişin alındı").await;
    let o = order_of(app, phone);
    assert_eq!(o["fulfilment"], "delivery", "{o}");
    assert_eq!(o["subtotal_minor"], 21500, "{o}");
    assert_eq!(o["discount_minor"], 0, "{o}");
    assert_eq!(o["delivery_fee_minor"], 2500, "{o}");
    assert_eq!(o["total_minor"], 24000, "{o}");
    assert_eq!(o["payment"], "card", "{o}");
}

/// 380,00 ₺ is above `free_above`: no fee; online payment sends the link as a
/// cta_url the fake Graph API checked and took.
async fn free_delivery_paid_online(app: &TestApp) {
    let phone = "905550000003";
    let mut c = Customer::new(wire_for(app), phone, "Online Müşteri");
    c.say("2 adana dürüm").await.expect("say");
    delivered_to_a_pin_near(&mut c).await;
    tap(&mut c, "Online öde").await;
    let summary = wait_text(&mut c, "Sipariş özeti").await;
    assert!(summary.contains("Teslimat: ücretsiz"), "{summary}");
    tap(&mut c, "Onayla").await;
    wait_text(&mut c, "online ödeyebilirsin").await;
    let o = order_of(app, phone);
    assert_eq!(o["delivery_fee_minor"], 0, "{o}");
    assert_eq!(o["total_minor"], 38000, "{o}");
    assert_eq!(o["payment"], "online", "{o}");
    let want = format!("https://pay.example/{}?amount=38000", o["number"]);
    let links: Vec<String> = app
        .fake
        .received()
        .iter()
        .filter(|r| r.body["interactive"]["type"] == "cta_url")
        .map(|r| {
            r.body["interactive"]["action"]["parameters"]["url"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(links, vec![want]);
}

/// `report --json` over the days around now: the fee of the card order.
fn report_fees(app: &TestApp) {
    let today = jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::get("Europe/Istanbul").expect("tz"))
        .date();
    let day = |d: jiff::civil::Date| d.to_string();
    let from = today.yesterday().expect("date");
    let to = today.tomorrow().expect("date");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_maydanoz"))
        .args([
            "--database-url",
            &app.db_url(),
            "report",
            "--from",
            &day(from),
            "--to",
            &day(to),
            "--json",
        ])
        .env_remove("MAYDANOZ_CONFIG")
        .output()
        .expect("run maydanoz");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(r["delivery_fee_minor"], 2500, "{r}");
    assert_eq!(r["gross_minor"], 19000 + 21500 + 38000, "{r}");
    assert_eq!(r["net_minor"], 19000 + 24000 + 38000, "{r}");
}

async fn zone_minimum_fee_and_payment(backend: Backend) {
    let app = TestApp::builder()
        .backend(backend)
        .config(configure)
        .spawn()
        .await;
    stock_for(&app).await;
    outside_the_zone(&app).await;
    below_the_minimum_then_card(&app).await;
    free_delivery_paid_online(&app).await;
    report_fees(&app);
    app.stop().await;
}

crate::on_both_backends!(app: zone_minimum_fee_and_payment);
