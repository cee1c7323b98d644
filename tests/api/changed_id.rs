//! A customer's WhatsApp id changes (`system` message `user_changed_user_id`, or
//! `user_changed_number`): their record — cart, saved addresses, open orders —
//! moves to the new id, and the conversation goes on there. On SQLite and
//! PostgreSQL, through the real server.

use maydanoz::domain::time::At;
use maydanoz::store::orders;
use serde_json::json;

use crate::conversation::stock_for;
use crate::helpers::{self, Backend, TestApp, eventually};

const OLD: &str = "905551117777";
const NEW: &str = "TR.13491208655302741999";

fn wrap(contacts: serde_json::Value, message: serde_json::Value) -> Vec<u8> {
    json!({"object": "whatsapp_business_account", "entry": [{"id": "102000000000001", "changes": [{
        "field": "messages", "value": {"messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "902125550100", "phone_number_id": helpers::PHONE_NUMBER_ID},
        "contacts": contacts, "messages": [message]}}]}]})
    .to_string()
    .into_bytes()
}

fn now_s() -> String {
    (maydanoz::clock::now().as_millis() / 1000).to_string()
}

async fn scalar(app: &TestApp, sql: &'static str, key: &str) -> i64 {
    let mut c = app.db.read().await.expect("read");
    c.exec()
        .scalar(sql, maydanoz::args![key])
        .await
        .expect("scalar")
}

async fn the_record_follows_the_new_id(app: &TestApp) {
    stock_for(app).await;
    let ts = maydanoz::clock::now().as_millis() / 1000;
    let b = helpers::text_delivery(OLD, "Ayşe", "wamid.CI1", "2 adana dürüm", ts);
    assert_eq!(app.post_webhook(&b).await.status(), 200);
    let told = app.texts_after(OLD, 1).await;
    assert!(told.iter().any(|t| t.contains("Sepet")), "{told:?}");
    // an open order and a saved address under the old id
    let o = crate::common::new_order(OLD, vec![crate::common::item("Ayran", 1, 2500)], 2500);
    let mut tx = app.db.begin().await.expect("tx");
    orders::insert(&mut tx.exec(), &o, At::from_millis(1))
        .await
        .expect("order");
    tx.exec()
        .execute(
            "INSERT INTO customer_addresses (customer_phone, address, last_used_at) VALUES ($1, $2, 1)",
            maydanoz::args![OLD, "Moda Cad. No 12"],
        )
        .await
        .expect("address");
    tx.commit().await.expect("commit");

    let sys = json!({"from": OLD, "id": "wamid.CI2", "timestamp": now_s(), "type": "system",
        "system": {"body": "Ayşe changed their user id", "user_id": NEW, "type": "user_changed_user_id"}});
    assert_eq!(app.post_webhook(&wrap(json!([]), sys)).await.status(), 200);
    eventually(crate::common::app::PATIENCE, || async {
        let moved = scalar(
            app,
            "SELECT COUNT(*) FROM orders WHERE customer_phone = $1",
            NEW,
        )
        .await;
        (moved >= 1).then_some(())
    })
    .await
    .expect("the order did not move");
    for sql in [
        "SELECT COUNT(*) FROM orders WHERE customer_phone = $1",
        "SELECT COUNT(*) FROM customer_addresses WHERE customer_phone = $1",
        "SELECT COUNT(*) FROM sessions WHERE customer_phone = $1",
        "SELECT COUNT(*) FROM customers WHERE phone = $1",
    ] {
        assert_eq!(scalar(app, sql, OLD).await, 0, "{sql} (old)");
        assert_eq!(scalar(app, sql, NEW).await, 1, "{sql} (new)");
    }
    // the conversation goes on under the new id, with the cart
    let hello = json!({"from_user_id": NEW, "id": "wamid.CI3", "timestamp": now_s(),
                       "type": "text", "text": {"body": "sepet"}});
    let contacts = json!([{"profile": {"name": "Ayşe"}, "user_id": NEW}]);
    assert_eq!(app.post_webhook(&wrap(contacts, hello)).await.status(), 200);
    let told = app.texts_after(NEW, 1).await;
    assert!(
        told.iter().any(|t| t.contains("Adana") && t.contains("2")),
        "the cart moved: {told:?}"
    );
}

async fn a_changed_user_id_moves_the_customer(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    the_record_follows_the_new_id(&app).await;
    app.stop().await;
}

crate::on_both_backends!(app: a_changed_user_id_moves_the_customer);
