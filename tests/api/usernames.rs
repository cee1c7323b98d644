//! A customer who adopted a WhatsApp username. Known only by the
//! business-scoped user id (`from_user_id`, no `from`, no `wa_id`), replies and order status
//! messages go out with `"recipient"` (with `"to"` Meta, and the fake, refuse them); later
//! seen with a phone number too, the two ids are one customer: one conversation, one order
//! history, answered with `"to"`.

use maydanoz::domain::order::OrderStatus;
use maydanoz::store::orders;
use maydanoz::testing::FakeGraphControls as _;
use serde_json::{Value, json};

use crate::helpers::{self, Backend, TestApp, eventually};

const USER: &str = "TR.13491208655302741918";
const PHONE: &str = "905551119999";

/// Shaped like Meta's username webhooks: the contact has `user_id` and `profile.username`.
fn delivery(id: &str, from: Option<&str>, body: &str) -> Vec<u8> {
    let mut contact = json!({"profile": {"name": "Deniz", "username": "deniz.k"}, "user_id": USER});
    let mut message = json!({"from_user_id": USER, "id": id, "timestamp": "1780000000",
                             "type": "text", "text": {"body": body}});
    if let Some(p) = from {
        contact["wa_id"] = p.into();
        message["from"] = p.into();
    }
    json!({"object": "whatsapp_business_account", "entry": [{"id": "102000000000001", "changes": [{
        "field": "messages", "value": {"messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "902125550100", "phone_number_id": helpers::PHONE_NUMBER_ID},
        "contacts": [contact], "messages": [message]}}]}]})
    .to_string()
    .into_bytes()
}

/// Sends (not read receipts) accepted for `key` from `after` on, and the field each used.
fn sends(app: &TestApp, key: &str) -> Vec<&'static str> {
    app.fake
        .received()
        .into_iter()
        .filter(|r| r.to == key && r.body.get("status").is_none())
        .map(|r| match (r.body.get("to"), r.body.get("recipient")) {
            (Some(Value::String(_)), _) => "to",
            (None, Some(Value::String(_))) => "recipient",
            _ => "?",
        })
        .collect()
}

async fn wait_sends(app: &TestApp, key: &str, n: usize) -> Vec<&'static str> {
    eventually(crate::common::app::PATIENCE, || async {
        let s = sends(app, key);
        (s.len() >= n).then_some(s)
    })
    .await
    .unwrap_or_else(|| sends(app, key))
}

async fn a_username_customer_is_answered_by_recipient_and_kept_one(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    // 1. known only by the user id
    assert_eq!(
        app.post_webhook(&delivery("wamid.U1", None, "merhaba"))
            .await
            .status(),
        200
    );
    let first = wait_sends(&app, USER, 1).await;
    assert!(
        !first.is_empty() && first.iter().all(|f| *f == "recipient"),
        "{first:?}"
    );
    assert_eq!(
        app.fake.stats().rejected,
        0,
        "no send refused for using `to`"
    );
    // an order placed meanwhile, and its status message
    let order = orders::NewOrder {
        customer_name: Some("Deniz".into()),
        ..crate::common::new_order(USER, vec![crate::common::item("Ayran", 1, 2500)], 2500)
    };
    let mut tx = app.db.begin().await.expect("begin");
    let number = orders::insert(&mut tx.exec(), &order, 1_780_000_000_000)
        .await
        .expect("order")
        .number;
    tx.commit().await.expect("commit");
    maydanoz::service::change_status(
        &app.db,
        None,
        number,
        OrderStatus::Preparing,
        1_780_000_001_000,
    )
    .await
    .expect("status");
    let with_status = wait_sends(&app, USER, first.len() + 1).await;
    assert!(
        with_status.iter().all(|f| *f == "recipient"),
        "{with_status:?}"
    );

    // 2. seen with both ids: one customer, keyed by the phone, answered with `to`
    assert_eq!(
        app.post_webhook(&delivery("wamid.U2", Some(PHONE), "merhaba"))
            .await
            .status(),
        200
    );
    let by_phone = wait_sends(&app, PHONE, 1).await;
    assert!(
        !by_phone.is_empty() && by_phone.iter().all(|f| *f == "to"),
        "{by_phone:?}"
    );
    // 3. the user id alone again: the same conversation, still answered at the phone
    assert_eq!(
        app.post_webhook(&delivery("wamid.U3", None, "merhaba"))
            .await
            .status(),
        200
    );
    let again = wait_sends(&app, PHONE, by_phone.len() + 1).await;
    assert!(again.len() > by_phone.len(), "{again:?}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM customers").await,
        1,
        "one customer"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM customers WHERE phone = '905551119999' AND user_id = 'TR.13491208655302741918'")
            .await,
        1,
        "both ids stored on the customer"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM orders WHERE customer_phone = '905551119999'")
            .await,
        1,
        "one order history"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sessions").await,
        1,
        "one conversation"
    );
    assert_eq!(app.fake.stats().rejected, 0);
    println!(
        "» username customer: {} replies by recipient (status message included), then {} by to once the phone was seen; 1 customer, 1 session, 1 order history",
        with_status.len(),
        again.len()
    );
    app.stop().await;
}

crate::on_both_backends!(app: a_username_customer_is_answered_by_recipient_and_kept_one);
