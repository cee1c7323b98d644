//! (e) One number floods the shop with thousands of messages while a normal customer orders:
//! the normal customer must finish within a bound, not wait behind the flood.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use maydanoz::fakegraph::FakeGraphConfig;
use maydanoz::sim::{Customer, Feed, Item, Plan, Wire};

use crate::child::{Server, stock};
use crate::common::TestDb;
use crate::helpers::{
    APP_SECRET, PHONE_NUMBER_ID, count, delivery, env_num, fake_graph, post_signed, text_message,
};

const FLOODER: &str = "905550000666";

/// Post `total` messages from one number, `per_delivery` to a delivery, 4 deliveries at a
/// time, until done or `stop`; returns how many were answered 200.
async fn flood(url: String, total: u64, per_delivery: u64, stop: Arc<AtomicBool>) -> u64 {
    let next = Arc::new(AtomicU64::new(0));
    let accepted = Arc::new(AtomicU64::new(0));
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (url, next, accepted, stop) =
                (url.clone(), next.clone(), accepted.clone(), stop.clone());
            tokio::spawn(async move {
                let http = reqwest::Client::new();
                loop {
                    let first = next.fetch_add(per_delivery, Ordering::Relaxed);
                    if first >= total || stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let ms = (first..first + per_delivery)
                        .map(|i| text_message(FLOODER, &format!("wamid.FLOOD{i:06}"), "merhaba"))
                        .collect();
                    if post_signed(&http, &url, &delivery(FLOODER, "Sel", ms)).await == 200 {
                        accepted.fetch_add(per_delivery, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.await;
    }
    accepted.load(Ordering::Relaxed)
}

/// How long a normal customer takes to order, alone or beside a flood.
async fn order_time(wire: Arc<Wire>, phone: &str) -> Result<Duration, String> {
    let plan = Plan {
        items: vec![Item {
            category: "Dürümler".into(),
            product: "Tavuk Dürüm".into(),
            options: vec!["Acılı".into()],
            quantity: 1,
        }],
        ..Plan::default()
    };
    let mut c = Customer::new(wire, phone, "Normal Müşteri");
    c.patience = Duration::from_secs(60);
    let t = Instant::now();
    c.order(&plan).await.map_err(|e| e.to_string())?;
    Ok(t.elapsed())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flooding_number_does_not_starve_other_customers() {
    let total = env_num("MAYDANOZ_FLOOD_MESSAGES", 3_000);
    let db = TestDb::sqlite().await;
    let fake = fake_graph(FakeGraphConfig::default()).await;
    stock(&db.url, None).await;
    // Meta's pair rate limit as configured by default: the flooder's replies are paced
    let server = Server::start(&db.url, &fake.base_url(), &[]).await;
    let wire = Wire::new(
        server.url("/webhook"),
        APP_SECRET.as_bytes().to_vec(),
        Feed::Local(fake.view()),
        PHONE_NUMBER_ID.into(),
    );
    let alone = order_time(wire.clone(), "905550000001")
        .await
        .expect("an order with no flood");

    // the flood lands first, then keeps coming while the customer orders
    let stop = Arc::new(AtomicBool::new(false));
    let head = flood(server.url("/webhook"), total / 2, 50, stop.clone()).await;
    let rest = tokio::spawn(flood(server.url("/webhook"), total / 2, 50, stop.clone()));
    let beside = order_time(wire.clone(), "905550000002").await;
    stop.store(true, Ordering::Relaxed);
    let flooded = head + rest.await.expect("flood task");
    let backlog = count(&db.db, "SELECT COUNT(*) FROM inbox WHERE state = 'pending'").await;
    let queued = count(
        &db.db,
        "SELECT COUNT(*) FROM outbox WHERE state = 'pending'",
    )
    .await;
    let theirs = count(
        &db.db,
        "SELECT COUNT(*) FROM inbox WHERE customer_phone = '905550000002' AND state = 'pending'",
    )
    .await;
    let answers = count(
        &db.db,
        "SELECT COUNT(*) FROM outbox WHERE recipient = '905550000002' AND state = 'pending'",
    )
    .await;
    let beside = beside.unwrap_or_else(|e| {
        panic!(
            "the customer starved beside a flood of {flooded} messages: {e}\n\
             inbox backlog {backlog} ({theirs} of theirs), outbox backlog {queued} ({answers} replies to them waiting)"
        )
    });
    println!(
        "» flood: {flooded} messages from one number; a normal order took {alone:?} alone and {beside:?} beside the flood \
         (inbox backlog {backlog}, {queued} replies to the flooder still paced in the outbox)"
    );
    let bound = alone * 5 + Duration::from_secs(5);
    assert!(
        beside < bound,
        "beside the flood the order took {beside:?}, more than {bound:?}"
    );
    assert!(server.panics().is_empty());
    server.stop().await;
    db.cleanup().await;
}

/// A backlog of one number's messages already waiting (Meta replaying after an outage, or a
/// flood faster than the bot) must not hold up a customer who writes after it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backlog_from_one_number_does_not_hold_up_others() {
    let backlog = env_num("MAYDANOZ_BACKLOG_MESSAGES", 5_000);
    let db = TestDb::sqlite().await;
    let fake = fake_graph(FakeGraphConfig::default()).await;
    stock(&db.url, None).await;
    let now = maydanoz::clock::now().as_millis();
    let mut tx = db.db.begin().await.expect("begin");
    for i in 0..backlog {
        let m = text_message(FLOODER, &format!("wamid.BACKLOG{i:06}"), "merhaba");
        let row = maydanoz::store::inbox::NewInbound {
            wa_message_id: format!("wamid.BACKLOG{i:06}"),
            customer_phone: FLOODER.try_into().expect("a phone"),
            contact_name: Some("Sel".into()),
            kind: "text".into(),
            payload: m.to_string(),
            sent_at: maydanoz::domain::time::At::from_millis(now),
        };
        maydanoz::testing::inbox_insert(&mut tx.exec(), &row, now)
            .await
            .expect("insert");
    }
    tx.commit().await.expect("commit");
    let server = Server::start(&db.url, &fake.base_url(), &[]).await;
    let t0 = Instant::now();
    let drained = {
        let db = db.db.clone();
        tokio::spawn(async move {
            let left = crate::helpers::wait_count(
                &db,
                "SELECT COUNT(*) FROM inbox WHERE state = 'pending'",
                0,
                Duration::from_secs(120),
            )
            .await;
            assert_eq!(left, 0, "the backlog never drained");
            t0.elapsed()
        })
    };
    let wire = Wire::new(
        server.url("/webhook"),
        APP_SECRET.as_bytes().to_vec(),
        Feed::Local(fake.view()),
        PHONE_NUMBER_ID.into(),
    );
    let took = order_time(wire, "905550000003").await;
    let took = took.unwrap_or_else(|e| {
        panic!("the customer waited behind {backlog} messages of one number: {e}")
    });
    let drained = drained.await.expect("drain");
    println!(
        "» backlog: {backlog} messages of one number already waiting took {drained:?} to process; a normal order beside them took {took:?}"
    );
    assert!(
        took * 3 < drained,
        "the customer finished after {took:?}, the backlog drained in {drained:?}: they waited behind it"
    );
    server.stop().await;
    db.cleanup().await;
}
