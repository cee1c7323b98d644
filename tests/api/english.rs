//! English customers and Meta's catalog cart through the real server, on both
//! backends: a +44 customer's whole order in English names (the ticket and
//! `orders --json` keep the Turkish names the kitchen knows), and a catalog
//! `order` fixture → cart lines at our prices, the unknown sku and the 86'd item
//! named, then the usual checkout.

use maydanoz::sim::Customer;
use maydanoz::testing::post_delivery;
use serde_json::Value;

use crate::conversation::{orders_json, stock_for, wire_for};
use crate::helpers::{Backend, TestApp, fixture, tap, wait_text};

/// Wait for a message whose text contains `needle`.
async fn a_uk_customers_whole_order_in_english_names(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    stock_for(&app).await;
    let mut c = Customer::new(wire_for(&app), "447700900123", "Jane Smith");
    c.say("Hi").await.expect("say");
    wait_text(&mut c, "Welcome to").await;
    c.say("two chicken wrap and one ayran").await.expect("say");
    let asked = wait_text(&mut c, "Spice").await;
    assert!(asked.contains("Chicken wrap"), "{asked}");
    tap(&mut c, "Not spicy").await;
    wait_text(&mut c, "Size").await;
    tap(&mut c, "Large").await;
    wait_text(&mut c, "Ayran (Large)").await;
    c.say("pick up").await.expect("say");
    let summary = wait_text(&mut c, "Order summary").await;
    assert!(
        summary.contains("2 × Chicken wrap (Not spicy)"),
        "{summary}"
    );
    assert!(summary.contains("275,00"), "{summary}");
    tap(&mut c, "Confirm").await;
    let placed = wait_text(&mut c, "Order received").await;
    assert!(placed.contains("275,00"), "{placed}");
    assert!(
        !c.transcript
            .iter()
            .any(|m| m.contains("Sepet") || m.contains("Tavuk")),
        "nothing Turkish shown: {:#?}",
        c.transcript
    );
    // the kitchen's names: the ticket and the JSON keep the Turkish (canonical) ones
    let json = orders_json(&app, &app.db_url());
    let items = json[0]["items"].as_array().expect("items").clone();
    let mut got: Vec<(String, i64, Value)> = items
        .iter()
        .map(|i| {
            (
                i["name"].as_str().unwrap_or("").to_string(),
                i["quantity"].as_i64().unwrap_or(0),
                i["options"].clone(),
            )
        })
        .collect();
    got.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        got,
        vec![
            ("Ayran".to_string(), 1, serde_json::json!(["Büyük"])),
            ("Tavuk Dürüm".to_string(), 2, serde_json::json!(["Acısız"])),
        ]
    );
    assert_eq!(json[0]["total_minor"], 27_500);
    app.stop().await;
}

/// A delivery read from a fixture, its message dated now (an old one is stale).
fn dated_now(name: &str) -> Vec<u8> {
    let mut v: Value = serde_json::from_slice(&fixture(name)).expect("fixture json");
    let now = maydanoz::clock::now().as_millis() / 1000;
    v["entry"][0]["changes"][0]["value"]["messages"][0]["timestamp"] = now.to_string().into();
    serde_json::to_vec(&v).expect("json")
}

async fn eighty_six(app: &TestApp, name: &str) {
    let mut tx = app.db.begin().await.expect("begin");
    let menu = maydanoz::store::menu::load(&mut tx.exec())
        .await
        .expect("menu");
    let id = menu
        .products
        .iter()
        .find(|p| p.name == name)
        .expect("product")
        .id;
    maydanoz::store::menu::set_available(&mut tx.exec(), id, false, maydanoz::clock::now())
        .await
        .expect("86");
    tx.commit().await.expect("commit");
}

async fn a_catalog_order_becomes_cart_lines_at_our_prices(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    stock_for(&app).await;
    eighty_six(&app, "Künefe").await;
    let mut c = Customer::new(wire_for(&app), "905554445566", "Katalog Müşterisi");
    // the catalog id in the fixture is one we never configured: lines match by sku alone
    post_delivery(&mut c, dated_now("order_catalog_sample_menu.json"))
        .await
        .expect("accepted");
    let first = wait_text(&mut c, "SKU-YOK-42").await;
    assert!(
        first.contains("Menümüzde yok"),
        "unknown sku named: {first}"
    );
    assert!(
        first.contains("şu an yok: Künefe"),
        "86'd item named: {first}"
    );
    assert!(first.contains("Not alındı: Kapıda kartla"), "{first}");
    assert!(first.contains("Fiyatlar menümüzdeki"), "{first}");
    // Ayran's size is required: asked
    tap(&mut c, "Büyük").await;
    wait_text(&mut c, "Ayran (Büyük)").await;
    c.say("gel al").await.expect("say");
    let summary = wait_text(&mut c, "Sipariş özeti").await;
    // our prices: 2 × 190,00 + 2 × (25,00 + 10,00), not the catalog's 320 and 35.5
    assert!(summary.contains("450,00"), "{summary}");
    tap(&mut c, "Onayla").await;
    wait_text(&mut c, "Siparişin alındı").await;
    let json = orders_json(&app, &app.db_url());
    let o = &json[0];
    let got: Vec<(String, i64, i64)> = o["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["name"].as_str().unwrap_or("").to_string(),
                i["quantity"].as_i64().unwrap_or(0),
                i["unit_price_minor"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("Adana Dürüm".to_string(), 2, 19_000),
            ("Ayran".to_string(), 2, 3_500),
        ]
    );
    assert_eq!(o["note"], "Kapıda kartla ödeyeceğim", "{o}");
    assert_eq!(o["total_minor"], 45_000);
    app.stop().await;
}

/// 100 lines (known, unknown, zero, negative and absurd quantities): acknowledged
/// at once, answered with what was taken, nothing crashes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_catalog_order_of_a_hundred_items_is_bounded() {
    let app = TestApp::builder().backend(Backend::Sqlite).spawn().await;
    stock_for(&app).await;
    let skus = [
        "DRM-CIGKOFTE",
        "ICE-KOLA",
        "ICE-SU",
        "TAT-SUTLAC",
        "YAN-CORBA",
    ];
    let items: Vec<Value> = (0..100)
        .map(|i| {
            let (sku, q): (String, Value) = match i % 10 {
                0 => (format!("NOPE-{i}"), 1.into()),
                1 => (skus[i % 5].to_string(), 0.into()),
                2 => (skus[i % 5].to_string(), (-5).into()),
                3 => (skus[i % 5].to_string(), 9_000_000_000_000_000_000u64.into()),
                _ => (skus[i % 5].to_string(), 1.into()),
            };
            serde_json::json!({"product_retailer_id": sku, "quantity": q, "item_price": 1, "currency": "TRY"})
        })
        .collect();
    let mut v: Value =
        serde_json::from_slice(&fixture("order_catalog_sample_menu.json")).expect("json");
    let m = &mut v["entry"][0]["changes"][0]["value"]["messages"][0];
    m["timestamp"] = (maydanoz::clock::now().as_millis() / 1000)
        .to_string()
        .into();
    m["order"]["product_items"] = Value::Array(items);
    let mut c = Customer::new(wire_for(&app), "905554445566", "Çok Ürün");
    let started = std::time::Instant::now();
    post_delivery(&mut c, serde_json::to_vec(&v).expect("json"))
        .await
        .expect("accepted");
    let reply = wait_text(&mut c, "NOPE-0").await;
    println!(
        "» a 100-line catalog cart: answered in {} ms",
        started.elapsed().as_millis()
    );
    assert!(reply.contains("Adedi geçersiz"), "{reply}");
    assert!(reply.contains("en fazla 50"), "{reply}");
    c.say("sepet").await.expect("say");
    let cart = wait_text(&mut c, "Sepet").await;
    assert!(cart.contains("Kola") && cart.contains("Sütlaç"), "{cart}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM inbox WHERE kind = 'order'")
            .await,
        1,
        "stored durably like any message"
    );
    app.stop().await;
}

crate::on_both_backends!(app: a_uk_customers_whole_order_in_english_names, a_catalog_order_becomes_cart_lines_at_our_prices);
