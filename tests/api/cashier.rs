//! The cashier conversation through the real server: the everyday order in one
//! sentence (counted), and "aynısından" answered from the store's last order.

use maydanoz::sim::{Customer, find_tap, read};

use crate::conversation::{stock_for, wire_for};
use crate::helpers::{Backend, TestApp};

/// Wait for a message whose text contains `needle`.
async fn wait_text(c: &mut Customer, needle: &str) -> String {
    let n = needle.to_string();
    c.wait_for(needle, |p| {
        p.iter().map(|m| read(&m.body).0).find(|t| t.contains(&n))
    })
    .await
    .unwrap_or_else(|e| panic!("waiting for {needle:?}: {e}"))
}

async fn the_everyday_order_in_one_sentence(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    stock_for(&app).await;
    let mut c = Customer::new(wire_for(&app), "905551234567", "Kasiyer Testi");
    let mut sent = 0;
    c.say("2 tavuk dürüm acısız, biri soğansız, 1 küçük ayran")
        .await
        .expect("say");
    sent += 1;
    let added = wait_text(&mut c, "Sepet:").await;
    assert!(!added.contains("anlayamadım"), "{added}");
    c.say("gelip alıcam").await.expect("say");
    sent += 1;
    let summary = wait_text(&mut c, "Sipariş özeti").await;
    assert!(summary.contains("265,00 ₺"), "{summary}");
    let ok = c
        .wait_for("Onayla", |p| find_tap(p, "Onayla"))
        .await
        .expect("confirm button");
    c.tap(&ok).await.expect("tap");
    sent += 1;
    let placed = wait_text(&mut c, "Siparişin alındı").await;
    assert!(placed.contains("265,00 ₺"), "{placed}");
    println!("» the everyday order through the real server: {sent} customer messages");
    assert!(sent <= 5);
    assert!(
        !c.transcript.iter().any(|m| m.contains("anlayamadım")),
        "{:#?}",
        c.transcript
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM order_items").await,
        3,
        "plain dürüm, dürüm without onion, ayran"
    );
    assert_eq!(app.count("SELECT total_minor FROM orders").await, 26500);
    // the same again, from the store's last order, with an 86'd item said
    let mut tx = app.db.begin().await.expect("begin");
    let menu = maydanoz::store::menu::load(&mut tx.exec())
        .await
        .expect("menu");
    let ayran = menu
        .products
        .iter()
        .find(|p| p.name == "Ayran")
        .expect("ayran")
        .id;
    maydanoz::store::menu::set_available(&mut tx.exec(), ayran, false, maydanoz::clock::now())
        .await
        .expect("86");
    tx.commit().await.expect("commit");
    c.say("aynısından").await.expect("say");
    let again = wait_text(&mut c, "Son siparişini").await;
    assert!(again.contains("Ayran"), "the 86'd item is named: {again}");
    c.say("gel al").await.expect("say");
    let ok = c
        .wait_for("Onayla", |p| find_tap(p, "Onayla"))
        .await
        .expect("confirm button");
    c.tap(&ok).await.expect("tap");
    let placed = wait_text(&mut c, "Siparişin alındı").await;
    assert!(placed.contains("240,00 ₺"), "{placed}");
    assert_eq!(app.count("SELECT COUNT(*) FROM orders").await, 2);
    app.stop().await;
}

/// The simulated customers that tap (a quarter of the demo's) get through too,
/// with an extra, a coupon, a note and delivery.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_who_only_taps_gets_the_order_through() {
    let app = TestApp::builder().backend(Backend::Sqlite).spawn().await;
    stock_for(&app).await;
    let mut c = Customer::new(wire_for(&app), "905551239999", "Dokunan");
    let mut plan = maydanoz::sim::plan::standard(None);
    plan.items[0].options.push("Soğansız".into());
    plan.delivery = Some("Caferağa Mah. Moda Cad. No:12 D:3 Kadıköy".into());
    plan.note = Some("Zil bozuk".into());
    let placed = c.order_by_taps(&plan).await.expect("placed by taps");
    assert!(placed.text.contains("Siparişin alındı"), "{}", placed.text);
    let json = crate::conversation::orders_json(&app, &app.db_url());
    let o = &json[0];
    assert_eq!(o["fulfilment"], "delivery", "{o}");
    assert_eq!(o["note"], "Zil bozuk", "{o}");
    let items = o["items"].as_array().expect("items");
    let wraps: i64 = items
        .iter()
        .filter(|i| i["name"] == "Tavuk Dürüm")
        .map(|i| i["quantity"].as_i64().unwrap_or(0))
        .sum();
    assert_eq!(wraps, 2, "{o}");
    app.stop().await;
}

crate::on_both_backends!(app: the_everyday_order_in_one_sentence);
