//! Signed deliveries with hostile content, through the real webhook on both backends: NUL
//! characters in names and ids (PostgreSQL's text and jsonb refuse them), and senders that are
//! not WhatsApp ids.

use std::time::Duration;

use maydanoz::testing::FakeGraphControls as _;
use serde_json::{Value, json};

use crate::common::app::PATIENCE;
use crate::helpers::{self, Backend, TestApp, eventually};

fn envelope(contacts: Value, messages: Value, statuses: Value) -> Vec<u8> {
    json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "102000000000001", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "902125550100", "phone_number_id": helpers::PHONE_NUMBER_ID},
            "contacts": contacts, "messages": messages, "statuses": statuses
        }}]}]
    })
    .to_string()
    .into_bytes()
}

fn text(from: &str, id: &str, body: &str) -> Value {
    json!({"from": from, "id": id, "timestamp": "1780000000", "type": "text", "text": {"body": body}})
}

/// Wait until the worker has finished every stored message (none pending).
async fn drained(app: &TestApp) {
    app.wait_count_down(
        "SELECT COUNT(*) FROM inbox WHERE state = 'pending'",
        0,
        Duration::from_secs(10),
    )
    .await;
}

/// Replies (not read receipts) the fake Graph API accepted for `to`.
fn replies_to(app: &TestApp, to: &str) -> usize {
    app.fake
        .received()
        .into_iter()
        .filter(|r| r.to == to && r.body.get("status").is_none())
        .count()
}

async fn wait_replies(app: &TestApp, to: &str, n: usize) -> usize {
    eventually(PATIENCE, || async {
        let got = replies_to(app, to);
        (got >= n).then_some(got)
    })
    .await
    .unwrap_or_else(|| replies_to(app, to))
}

/// One delivery: NUL in a contact name, in a message id, in `from`, in a status id and its
/// recipient, beside an ordinary customer. Before the fix PostgreSQL answered 503 to it on
/// every retry, and the ordinary customer was never answered.
async fn nul_characters_are_stored_and_the_rest_of_the_delivery_processed(backend: Backend) {
    let label = backend.name();
    let app = TestApp::builder().backend(backend).spawn().await;
    let body = envelope(
        json!([
            {"profile": {"name": "Ay\u{0}şe"}, "wa_id": "905551110001"},
            {"profile": {"name": "Mehmet"}, "wa_id": "905551110002"},
            {"profile": {"name": "Can"}, "wa_id": "905551110003"},
            {"profile": {"name": "Deniz"}, "wa_id": "905551110004"}
        ]),
        json!([
            text("905551110001", "wamid.N1", "merhaba"),
            text("905551110002", "wamid.N\u{0}2", "merhaba"),
            text("90555111\u{0}0003", "wamid.N3", "mer\u{0}haba"),
            text("905551110004", "wamid.N4", "merhaba")
        ]),
        json!([{"id": "wamid.OUT\u{0}1", "status": "delivered", "timestamp": "1780000002",
                "recipient_id": "9055511\u{0}10001"}]),
    );
    assert!(String::from_utf8_lossy(&body).contains("\\u0000"));
    let r = app.post_webhook(&body).await;
    assert_eq!(r.status(), 200, "a NUL must not refuse the delivery");
    assert_eq!(app.count("SELECT COUNT(*) FROM inbox").await, 4);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM wa_statuses WHERE wa_message_id = 'wamid.OUT1' AND recipient = '905551110001'")
            .await,
        1,
        "the status is stored without its NUL"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM inbox WHERE wa_message_id = 'wamid.N2'")
            .await,
        1
    );
    drained(&app).await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM inbox WHERE state = 'done'")
            .await,
        4,
        "every message processed, none failed"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM customers WHERE name = 'Ayşe'")
            .await,
        1
    );
    for phone in [
        "905551110001",
        "905551110002",
        "905551110003",
        "905551110004",
    ] {
        assert!(wait_replies(&app, phone, 1).await >= 1, "{phone} answered");
    }
    // the same delivery again (Meta's retry) is a no-op
    assert_eq!(app.post_webhook(&body).await.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM inbox").await, 4);
    println!(
        "» NUL in a name, a message id, from and a status id ({label}): 200, 4 of 4 messages stored, processed and answered, the status stored; the retry a no-op"
    );
    app.stop().await;
}

/// A signed message whose `from` holds escape sequences (or is no phone number at all) is
/// refused: not stored, so it can place no order and reach no terminal. The rest of the
/// delivery is stored and answered. Before the fix it was stored and could order.
async fn a_sender_that_is_not_a_whatsapp_id_is_refused(backend: Backend) {
    let label = backend.name();
    let app = TestApp::builder().backend(backend).spawn().await;
    let body = envelope(
        json!([{"profile": {"name": "Ayşe"}, "wa_id": "905551110005"}]),
        json!([
            text("9055\u{1b}]0;pwned\u{7}51110001", "wamid.E1", "merhaba"),
            text("\u{1b}[2J\u{1b}[H", "wamid.E2", "merhaba"),
            text("+905551110003", "wamid.E3", "merhaba"),
            text("905551110005", "wamid.E5", "merhaba"),
            {"from_user_id": "TR.1349\u{1b}[31m", "id": "wamid.E6", "timestamp": "1780000000",
             "type": "text", "text": {"body": "merhaba"}}
        ]),
        json!([]),
    );
    assert_eq!(app.post_webhook(&body).await.status(), 200);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM inbox").await,
        1,
        "only the real phone number is stored"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM inbox WHERE wa_message_id = 'wamid.E5'")
            .await,
        1
    );
    assert!(wait_replies(&app, "905551110005", 1).await >= 1);
    drained(&app).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM customers").await, 1);
    println!(
        "» senders with escape sequences, a '+' or a bad user id ({label}): 4 of 5 messages refused, the real customer stored and answered"
    );
    app.stop().await;
}

crate::on_both_backends!(app: nul_characters_are_stored_and_the_rest_of_the_delivery_processed, a_sender_that_is_not_a_whatsapp_id_is_refused);
