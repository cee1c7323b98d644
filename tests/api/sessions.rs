//! A customer's stored session that is not a session (a corrupt row, a shape this
//! version cannot read at all): the worker never answers from an empty cart. The
//! session stays as it was, the message is retried and then parked for a person
//! with an apology, and `/healthz` counts the unreadable reads.

use maydanoz::store::customers;
use maydanoz::testing::load_sessions;

use crate::helpers::{Backend, TestApp, text_delivery};

const GARBLED: &str = r#"["a cart this version cannot read"]"#;

async fn an_unreadable_session_is_kept_and_the_message_parked(backend: Backend) {
    let app = TestApp::builder().backend(backend).spawn().await;
    let from = "905551119988";
    let customer = crate::common::phone(from);
    let now = maydanoz::clock::now().as_millis();
    let mut tx = app.db.begin().await.expect("begin");
    customers::touch(
        &mut tx.exec(),
        &customer,
        Some("Ayşe"),
        maydanoz::domain::time::At::from_millis(now),
    )
    .await
    .expect("customer");
    customers::save_sessions(
        &mut tx.exec(),
        &[(&customer, GARBLED.to_string())],
        maydanoz::domain::time::At::from_millis(now),
    )
    .await
    .expect("session");
    tx.commit().await.expect("commit");
    let body = text_delivery(from, "Ayşe", "wamid.SESS1", "menü", now / 1000);
    assert_eq!(app.post_webhook(&body).await.status(), 200);
    assert_eq!(
        app.wait_count("SELECT COUNT(*) FROM inbox WHERE state = 'failed'", 1)
            .await,
        1,
        "the message is parked after its tries"
    );
    let texts = app.texts_after(from, 1).await;
    assert_eq!(
        texts.len(),
        1,
        "one apology, no answer from an empty cart: {texts:?}"
    );
    assert!(texts[0].contains("yeniden yazar mısın"), "{texts:?}");
    let stored = load_sessions(&mut app.db.read().await.expect("read").exec(), &[&customer])
        .await
        .expect("sessions");
    assert_eq!(
        stored.get(&customer).map(String::as_str),
        Some(GARBLED),
        "left as it was"
    );
    let health: serde_json::Value = app
        .http
        .get(app.url("/healthz"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert!(
        health["unreadable_sessions"].as_i64().unwrap_or(0) >= 1,
        "{health}"
    );
    app.stop().await;
}

crate::on_both_backends!(app: an_unreadable_session_is_kept_and_the_message_parked);
