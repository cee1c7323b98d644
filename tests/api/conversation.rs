//! Customers played by scripts that read the bot's messages as a person would,
//! through the real webhook, worker, outbox and fake Graph API.

use std::sync::Arc;

use maydanoz::sim::{Customer, Feed, Plan, Wire};
use maydanoz::store::coupons;

use crate::helpers::{APP_SECRET, Backend, PHONE_NUMBER_ID, TestApp};

async fn stock(app: &TestApp, coupon_uses: Option<i64>) {
    crate::common::fixtures::import_menu(&app.db, crate::common::fixtures::SAMPLE_MENU).await;
    let mut tx = app.db.begin().await.expect("begin");
    let mut c = maydanoz::domain::coupon::Coupon::new(
        "ILK50",
        maydanoz::domain::coupon::CouponKind::Percent,
        10,
    );
    c.max_uses = coupon_uses;
    c.per_customer = Some(1);
    coupons::create(
        &mut tx.exec(),
        &c,
        maydanoz::domain::time::At::from_millis(0),
    )
    .await
    .expect("coupon");
    tx.commit().await.expect("commit");
}

fn wire(app: &TestApp) -> Arc<Wire> {
    Wire::new(
        app.url("/webhook"),
        APP_SECRET.as_bytes().to_vec(),
        Feed::Local(app.fake.view()),
        PHONE_NUMBER_ID.into(),
    )
}

fn the_plan() -> Plan {
    maydanoz::sim::plan::standard(Some("ilk50"))
}

pub fn orders_json(app: &TestApp, url: &str) -> serde_json::Value {
    let _ = app;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_maydanoz"))
        .args([
            "--database-url",
            url,
            "orders",
            "list",
            "--json",
            "--limit",
            "1000",
        ])
        .env_remove("MAYDANOZ_CONFIG")
        .output()
        .expect("run maydanoz");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

async fn a_scripted_customer_orders_with_options_and_a_coupon(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    stock(&app, Some(50)).await;
    let mut ayse = Customer::new(wire(&app), "905551112233", "Ayşe Yılmaz");
    let placed = ayse.order(&the_plan()).await.expect("order placed");
    let all = orders_json(&app, &app.db_url());
    let order = all
        .as_array()
        .expect("array")
        .iter()
        .find(|o| o["number"] == placed.number.get())
        .expect("order listed");
    // 2 × 120,00 + 25,00 = 265,00; 10 % off = 26,50; total 238,50
    assert_eq!(order["subtotal_minor"], 26500, "{order}");
    assert_eq!(order["discount_minor"], 2650);
    assert_eq!(order["total_minor"], 23850);
    assert_eq!(order["coupon"], "ILK50");
    assert_eq!(order["fulfilment"], "pickup");
    assert_eq!(order["status"], "new");
    assert_eq!(order["customer_name"], "Ayşe Yılmaz");
    let items = order["items"].as_array().expect("items");
    assert_eq!(items[0]["name"], "Tavuk Dürüm");
    assert_eq!(items[0]["quantity"], 2);
    assert_eq!(items[0]["options"], serde_json::json!(["Acılı"]));
    assert_eq!(
        (items[1]["name"].as_str(), items[1]["quantity"].as_i64()),
        (Some("Ayran"), Some(1))
    );
    assert!(placed.text.contains("238,50 ₺"), "{}", placed.text);
    app.stop().await;
}

/// 100 customers at once (coupon without a total limit): all get their order, none twice.
async fn a_hundred_customers_at_once(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    stock(&app, None).await;
    let w = wire(&app);
    let mut tasks = Vec::new();
    for i in 0..100 {
        let w = w.clone();
        tasks.push(tokio::spawn(async move {
            let mut c = Customer::new(w, format!("90555{i:07}"), format!("Müşteri {i}"));
            c.order(&the_plan()).await
        }));
    }
    let mut numbers = Vec::new();
    for t in tasks {
        numbers.push(t.await.expect("task").expect("order placed").number);
    }
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(numbers.len(), 100, "a distinct order for each");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM orders").await,
        100,
        "none twice"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM orders WHERE total_minor = 23850")
            .await,
        100
    );
    assert_eq!(
        app.fake.stats().duplicate_callbacks,
        0,
        "no reply sent twice"
    );
    app.stop().await;
}

/// 200 customers race for a 50-use coupon through the whole conversation:
/// exactly 50 orders carry it, and everyone else is told why and still orders.
async fn a_fifty_use_coupon_raced_by_two_hundred(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    stock(&app, Some(50)).await;
    let w = wire(&app);
    let mut tasks = Vec::new();
    for i in 0..200 {
        let w = w.clone();
        tasks.push(tokio::spawn(async move {
            let mut c = Customer::new(w, format!("90544{i:07}"), format!("Yarışçı {i}"));
            c.patience = std::time::Duration::from_secs(60);
            let placed = c.order(&the_plan()).await;
            (placed, c.transcript)
        }));
    }
    let mut told_why = 0;
    for t in tasks {
        let (placed, transcript) = t.await.expect("task");
        let placed = placed.expect("every customer still gets an order");
        if !placed.text.contains("238,50") {
            assert!(placed.text.contains("265,00"), "{}", placed.text);
            let why = transcript.iter().any(|m| {
                m.contains("kullanım hakları doldu") || m.contains("kupon tam onaylarken")
            });
            assert!(
                why,
                "a customer without the discount is told why: {transcript:#?}"
            );
            told_why += 1;
        }
    }
    assert_eq!(told_why, 150);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM orders WHERE coupon_code = 'ILK50' AND discount_minor > 0")
            .await,
        50
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM coupon_redemptions").await,
        50
    );
    assert_eq!(
        app.count("SELECT used FROM coupons WHERE code = 'ILK50'")
            .await,
        50
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM orders").await, 200);
    assert_eq!(
        app.fake.stats().duplicate_callbacks,
        0,
        "no reply sent twice"
    );
    app.stop().await;
}

pub async fn stock_for(app: &TestApp) {
    stock(app, None).await;
}

pub fn wire_for(app: &TestApp) -> Arc<Wire> {
    wire(app)
}

pub fn simple_plan() -> Plan {
    Plan {
        coupon: None,
        ..the_plan()
    }
}

crate::on_both_backends!(app: a_scripted_customer_orders_with_options_and_a_coupon, a_hundred_customers_at_once, a_fifty_use_coupon_raced_by_two_hundred);
