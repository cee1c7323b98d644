use std::collections::HashMap;
use std::time::Duration;

use maydanoz::domain::reply::Reply;
use maydanoz::fakegraph::FakeGraphConfig;
use maydanoz::store::outbox;
use maydanoz::testing::FakeGraphControls as _;
use maydanoz::whatsapp::outbound;

use crate::helpers::{Backend, TestApp};

async fn queue(app: &TestApp, to: &str, text: &str) -> i64 {
    let body =
        outbound::message_body(&crate::common::phone(to), &Reply::text(text), None).to_string();
    let mut tx = app.db.begin().await.expect("begin");
    let id = outbox::enqueue(
        &mut tx.exec(),
        &crate::common::phone(to),
        outbox::Kind::Message,
        &body,
        None,
        maydanoz::clock::now(),
    )
    .await
    .expect("enqueue");
    tx.commit().await.expect("commit");
    id
}

async fn wait_settled(app: &TestApp, secs: u64) {
    app.wait_count_down(
        "SELECT COUNT(*) FROM outbox WHERE state = 'pending'",
        0,
        Duration::from_secs(secs),
    )
    .await;
}

async fn every_reply_arrives_once_in_order_through_failures(backend: Backend) {
    let cfg = FakeGraphConfig {
        failure_rate: 0.5,
        slow_rate: 0.1,
        slow_ms: 300,
        seed: 7,
        ..Default::default()
    };
    let app = TestApp::builder().backend(backend).graph(cfg).spawn().await;
    let customers: Vec<String> = (0..8).map(|i| format!("90555000{i:04}")).collect();
    for n in 0..6 {
        for c in &customers {
            queue(&app, c, &format!("mesaj {n}")).await;
        }
    }
    wait_settled(&app, 60).await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE state = 'sent'")
            .await,
        48,
        "every reply sent"
    );
    let stats = app.fake.stats();
    assert!(
        stats.injected_failures > 0,
        "the fake really failed some sends: {stats:?}"
    );
    assert_eq!(stats.duplicate_callbacks, 0, "none sent twice by our side");
    // each customer's messages arrived in the order they were queued
    let mut seen: HashMap<String, Vec<String>> = HashMap::new();
    for r in app.fake.received() {
        seen.entry(r.to.clone()).or_default().push(
            r.body["text"]["body"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        );
    }
    for c in &customers {
        let expected: Vec<String> = (0..6).map(|n| format!("mesaj {n}")).collect();
        assert_eq!(seen.get(c), Some(&expected), "{c}");
    }
    app.stop().await;
}

#[tokio::test]
async fn a_permanent_failure_is_recorded_with_metas_code() {
    let mut permanent = HashMap::new();
    permanent.insert("905559999999".to_string(), 131_047);
    let cfg = FakeGraphConfig {
        permanent_failures: permanent,
        ..Default::default()
    };
    let app = TestApp::builder().graph(cfg).spawn().await;
    let id = queue(&app, "905559999999", "siparişiniz hazır").await;
    queue(&app, "905551112233", "merhaba").await;
    wait_settled(&app, 10).await;
    let row: (String, Option<i64>, Option<String>) = app
        .db
        .read()
        .await
        .expect("read")
        .exec()
        .fetch_one(
            "SELECT state, error_code, last_error FROM outbox WHERE id = $1",
            vec![id.into()],
        )
        .await
        .expect("row");
    assert_eq!(
        (row.0.as_str(), row.1),
        ("failed", Some(131_047)),
        "{row:?}"
    );
    assert!(row.2.is_some_and(|e| !e.is_empty()));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE state = 'sent'")
            .await,
        1,
        "other customers are not held up"
    );
    app.stop().await;
}

crate::on_both_backends!(app: every_reply_arrives_once_in_order_through_failures);
