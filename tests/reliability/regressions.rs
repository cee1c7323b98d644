//! Focused regression tests for the defects this suite found (the attacks that found them
//! are in their own modules): fair batches in the inbox and the outbox, and a simulated
//! customer that is not thrown by a reply sent twice.

use std::time::Duration;

use maydanoz::fakegraph::FakeGraphConfig;
use maydanoz::sim::{Customer, Feed, Wire};
use maydanoz::store::{Db, inbox, outbox};
use maydanoz::testing::inbox_insert;
use serde_json::json;

use crate::helpers::{ACCESS_TOKEN, APP_SECRET, PHONE_NUMBER_ID, fake_graph, text_message};

async fn queue_inbound(db: &Db, phone: &str, n: usize) {
    let mut tx = db.begin().await.expect("begin");
    for i in 0..n {
        let id = format!("wamid.{phone}.{i}");
        let m = inbox::NewInbound {
            wa_message_id: id.clone(),
            customer_phone: phone.try_into().expect("a phone"),
            contact_name: None,
            kind: "text".into(),
            payload: text_message(phone, &id, "merhaba").to_string(),
            sent_at: maydanoz::domain::time::At::from_millis(0),
        };
        inbox_insert(&mut tx.exec(), &m, 0).await.expect("insert");
    }
    tx.commit().await.expect("commit");
}

async fn queue_outbound(db: &Db, phone: &str, n: usize) {
    let mut tx = db.begin().await.expect("begin");
    for _ in 0..n {
        outbox::enqueue(
            &mut tx.exec(),
            &crate::common::phone(phone),
            outbox::Kind::Message,
            "{}",
            None,
            maydanoz::domain::time::At::from_millis(0),
        )
        .await
        .expect("enqueue");
    }
    tx.commit().await.expect("commit");
}

/// A flooder's 100 messages, then two customers' one each: the batch holds at most 4 of the
/// flooder's (its first four, in order) and both customers', in arrival order.
async fn inbox_batches_are_fair_between_customers(db: &Db) {
    queue_inbound(db, "905550000666", 100).await;
    queue_inbound(db, "905550000001", 1).await;
    queue_inbound(db, "905550000002", 1).await;
    let mut c = db.read().await.expect("read");
    let plain = crate::common::inbox_in_arrival_order(&mut c.exec(), 10)
        .await
        .expect("pending");
    assert!(
        plain.iter().all(|r| r.customer_phone == "905550000666"),
        "arrival order alone: the flood fills the batch"
    );
    let fair = inbox::pending_fair(&mut c.exec(), 10, 4)
        .await
        .expect("fair");
    let phones: Vec<&str> = fair.iter().map(|r| r.customer_phone.as_str()).collect();
    assert_eq!(
        phones,
        [
            "905550000666",
            "905550000666",
            "905550000666",
            "905550000666",
            "905550000001",
            "905550000002"
        ]
    );
    let ids: Vec<String> = fair
        .iter()
        .take(4)
        .map(|r| r.wa_message_id.clone())
        .collect();
    assert_eq!(
        ids,
        (0..4)
            .map(|i| format!("wamid.905550000666.{i}"))
            .collect::<Vec<_>>(),
        "the flooder's first, in order"
    );
    assert!(
        fair.windows(2).all(|w| w[0].id < w[1].id),
        "in arrival order"
    );
    let tight = inbox::pending_fair(&mut c.exec(), 2, 4)
        .await
        .expect("fair");
    let phones: Vec<&str> = tight.iter().map(|r| r.customer_phone.as_str()).collect();
    assert_eq!(
        phones,
        ["905550000666", "905550000001"],
        "everyone's first before anyone's second"
    );
}

/// A recipient with 100 paced rows, then two others with one each: all three are visible in
/// a batch of 10, each recipient's rows in order.
async fn outbox_batches_are_fair_between_recipients(db: &Db) {
    queue_outbound(db, "905550000666", 100).await;
    queue_outbound(db, "905550000001", 1).await;
    queue_outbound(db, "905550000002", 2).await;
    let mut c = db.read().await.expect("read");
    let plain = outbox::pending_after(&mut c.exec(), 0, 10)
        .await
        .expect("pending");
    assert!(
        plain.iter().all(|r| r.recipient == "905550000666"),
        "queue order alone: the flood fills the batch"
    );
    let fair = outbox::pending_fair(&mut c.exec(), 10).await.expect("fair");
    for who in ["905550000001", "905550000002"] {
        assert!(
            fair.iter().any(|r| r.recipient == who),
            "{who} is hidden behind the flood"
        );
    }
    assert_eq!(fair.len(), 10);
    assert!(fair.windows(2).all(|w| w[0].id < w[1].id), "in queue order");
    let flood: Vec<i64> = fair
        .iter()
        .filter(|r| r.recipient == "905550000666")
        .map(|r| r.id)
        .collect();
    let first: Vec<i64> = plain.iter().take(flood.len()).map(|r| r.id).collect();
    assert_eq!(flood, first, "the flooder's leading rows, none skipped");
}

crate::on_both_backends!(
    inbox_batches_are_fair_between_customers,
    outbox_batches_are_fair_between_recipients
);

/// A reply the Graph API accepted twice (sent again after a crash) is read once.
#[tokio::test]
async fn a_simulated_customer_skips_a_reply_sent_twice() {
    let fake = fake_graph(FakeGraphConfig::default()).await;
    let url = format!("{}/v25.0/{PHONE_NUMBER_ID}/messages", fake.base_url());
    let http = reqwest::Client::new();
    for (cb, text) in [("ob:1", "menü"), ("ob:1", "menü"), ("ob:2", "sepet")] {
        let body = json!({"messaging_product": "whatsapp", "to": "905551112233", "type": "text",
                          "text": {"body": text}, "biz_opaque_callback_data": cb});
        let r = http
            .post(&url)
            .bearer_auth(ACCESS_TOKEN)
            .json(&body)
            .send()
            .await
            .expect("send");
        assert_eq!(r.status(), 200);
    }
    assert_eq!(fake.stats().duplicate_callbacks, 1);
    let wire = Wire::new(
        String::new(),
        APP_SECRET.as_bytes().to_vec(),
        Feed::Local(fake.view()),
        PHONE_NUMBER_ID.into(),
    );
    let mut c = Customer::new(wire, "905551112233", "Ayşe");
    c.patience = Duration::from_millis(300);
    let _ = c
        .wait_for("three messages", |p| (p.len() >= 3).then_some(()))
        .await;
    assert_eq!(
        c.transcript,
        ["menü", "sepet"],
        "the copy is skipped, the next message is not"
    );
}

/// With the database unreachable, the inbox writer answers every waiting webhook after one
/// pool timeout, instead of retrying each on its own (one more timeout each) while Meta's
/// deliveries wait.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_database_fails_all_waiting_webhooks_at_once() {
    use maydanoz::queue::ingest::{self, Job};
    use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
    let port = crate::child::free_port();
    let opts = PgConnectOptions::new()
        .host("127.0.0.1")
        .port(port)
        .username("nobody");
    let pool = PgPoolOptions::new()
        .acquire_timeout(Duration::from_millis(300))
        .connect_lazy_with(opts);
    let (ingest, _writer) = ingest::start(
        Db::Pg(pool),
        std::sync::Arc::default(),
        std::sync::Arc::default(),
    );
    let t = std::time::Instant::now();
    let waiting: Vec<_> = (0..12)
        .map(|i| {
            let ingest = ingest.clone();
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(20 * i)).await;
                let m = inbox::NewInbound {
                    wa_message_id: format!("wamid.DOWN{i}"),
                    customer_phone: "905551112233".try_into().expect("a phone"),
                    contact_name: None,
                    kind: "text".into(),
                    payload: "{}".into(),
                    sent_at: maydanoz::domain::time::At::from_millis(0),
                };
                ingest
                    .store(
                        Job::new(vec![m], vec![]),
                        maydanoz::domain::time::At::from_millis(0),
                    )
                    .await
            })
        })
        .collect();
    for w in waiting {
        assert!(
            w.await.expect("task").is_err(),
            "stored without a database?"
        );
    }
    let took = t.elapsed();
    println!(
        "» unreachable database: 12 waiting webhooks refused in {took:?} (pool timeout 300 ms)"
    );
    assert!(
        took < Duration::from_millis(1_500),
        "12 webhooks took {took:?} to be refused"
    );
}

/// A message whose id is longer than the Graph API accepts (found by the webhook fuzzer) is
/// answered, but no read receipt is queued for it: that request could only fail for good.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_id_over_metas_limit_gets_an_answer_and_no_doomed_read_receipt() {
    let db = crate::common::TestDb::sqlite().await;
    let fake = fake_graph(FakeGraphConfig::default()).await;
    let server = crate::child::Server::start(&db.url, &fake.base_url(), &[]).await;
    let long_id = format!("wamid.{}", "ş".repeat(600));
    let body = crate::helpers::delivery(
        "905551112299",
        "Uzun",
        vec![text_message("905551112299", &long_id, "merhaba")],
    );
    let status =
        crate::helpers::post_signed(&reqwest::Client::new(), &server.url("/webhook"), &body).await;
    assert_eq!(status, 200);
    crate::checks::settle(&db.db, Duration::from_secs(20)).await;
    let failed = crate::checks::failed_sends(&db.db).await;
    assert!(
        failed.is_empty(),
        "a request the Graph API refused: {failed:?}"
    );
    assert_eq!(fake.stats().rejected, 0);
    assert!(fake.stats().accepted >= 1, "the customer was answered");
    server.stop().await;
    db.cleanup().await;
}
