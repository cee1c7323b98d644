//! An expired access token holds the replies instead of failing
//! them, and a wall clock stepped back does not freeze a customer's retries.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use maydanoz::domain::reply::Reply;
use maydanoz::domain::time::{At, Span};
use maydanoz::fakegraph::FakeGraphConfig;
use maydanoz::health::Health;
use maydanoz::queue::sender::{self, SenderConfig};
use maydanoz::store::lease::Fence;
use maydanoz::store::{Db, outbox};
use maydanoz::testing::FakeGraphControls as _;
use maydanoz::whatsapp::outbound;
use tokio_util::sync::CancellationToken;

use crate::common::TestDb;
use crate::helpers::{ACCESS_TOKEN, PHONE_NUMBER_ID, TestApp, eventually};

async fn queue_at(db: &Db, to: &str, text: &str, at: At) -> i64 {
    let body =
        outbound::message_body(&crate::common::phone(to), &Reply::text(text), None).to_string();
    let mut tx = db.begin().await.expect("begin");
    let id = outbox::enqueue(
        &mut tx.exec(),
        &crate::common::phone(to),
        outbox::Kind::Message,
        &body,
        None,
        at,
    )
    .await
    .expect("enqueue");
    tx.commit().await.expect("commit");
    id
}

async fn scalar(db: &Db, sql: &'static str, args: Vec<maydanoz::store::Arg>) -> i64 {
    db.read()
        .await
        .expect("read")
        .exec()
        .scalar(sql, args)
        .await
        .expect("scalar")
}

/// Graph error 190 for a while, then the token works again: nothing is failed meanwhile,
/// `/healthz` says "WhatsApp token rejected", and afterwards the held replies go out — all
/// but the one whose customer last wrote more than 24 hours ago, failed with the reason.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_token_holds_replies_until_it_works_again() {
    // a short token probe: the test sees the hold probed and lifted without sleeping
    // through the shipped 3 s probe twice
    let timing = maydanoz::queue::Timing {
        sender: sender::SenderTiming {
            hold_probe: Span::millis(150),
            ..sender::SenderTiming::default()
        },
        ..maydanoz::queue::Timing::default()
    };
    let app = TestApp::builder().timing(timing).spawn().await;
    app.fake.set_token_expired(true);
    let now = maydanoz::clock::now();
    let fresh: Vec<i64> = {
        let mut ids = Vec::new();
        for i in 0..3 {
            ids.push(queue_at(&app.db, "905550001001", &format!("hazır {i}"), now).await);
        }
        ids
    };
    let stale = queue_at(&app.db, "905550001002", "dün", now - Span::hours(25)).await;
    // the sender tries, Meta says 190, the hold begins
    let body = eventually(Duration::from_secs(10), || async {
        let r = app.http.get(app.url("/healthz")).send().await.expect("get");
        let status = r.status();
        let body: serde_json::Value = r.json().await.expect("json");
        (status == 503).then_some(body)
    })
    .await
    .unwrap_or_else(|| panic!("never degraded: {:?}", app.fake.stats()));
    assert_eq!(body["status"], "degraded");
    assert!(
        body["error"]
            .as_str()
            .is_some_and(|e| e.contains("WhatsApp token rejected")),
        "{body}"
    );
    // the hold lasts through the sender's next probe of the token, which Meta refuses too;
    // with the short probe that comes well within 2 s (the shipped 3 s one would not)
    let refused = app.fake.stats().rejected;
    eventually(Duration::from_secs(2), || async {
        (app.fake.stats().rejected > refused).then_some(())
    })
    .await
    .expect("the sender probes the token while it holds");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE state = 'failed'")
            .await,
        0,
        "a rejected token fails no reply"
    );
    assert_eq!(app.fake.received().len(), 0);

    app.fake.set_token_expired(false);
    let pending = app
        .wait_count_down(
            "SELECT COUNT(*) FROM outbox WHERE state = 'pending'",
            0,
            Duration::from_secs(15),
        )
        .await;
    assert_eq!(pending, 0, "held replies never went out");
    for id in fresh {
        let sent = scalar(
            &app.db,
            "SELECT COUNT(*) FROM outbox WHERE id = $1 AND state = 'sent'",
            vec![id.into()],
        )
        .await;
        assert_eq!(sent, 1, "held reply {id} sent once the token works");
    }
    let why: (String, String) = app
        .db
        .read()
        .await
        .expect("read")
        .exec()
        .fetch_one(
            "SELECT state, COALESCE(last_error, '') FROM outbox WHERE id = $1",
            vec![stale.into()],
        )
        .await
        .expect("row");
    assert_eq!(why.0, "failed");
    assert!(why.1.contains("24-hour window"), "{}", why.1);
    let texts: Vec<String> = app
        .fake
        .received()
        .iter()
        .map(|r| {
            r.body["text"]["body"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(
        texts,
        ["hazır 0", "hazır 1", "hazır 2"],
        "in order, none twice"
    );
    let r = app.http.get(app.url("/healthz")).send().await.expect("get");
    assert_eq!(r.status(), 200, "healthy again");
    app.stop().await;
}

/// The test's wall clock: the real one plus an offset the test steps.
static OFFSET: AtomicI64 = AtomicI64::new(0);
fn stepped_wall() -> At {
    maydanoz::clock::now() + Span::millis(OFFSET.load(Ordering::Relaxed))
}

/// A reply waiting to retry, then the wall clock stepped back an hour: the retry and a new
/// reply to the same customer still go out within seconds (before: not for an hour).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clock_stepped_back_does_not_freeze_retries() {
    let t = TestDb::sqlite().await;
    let fake = crate::common::app::fake_graph(FakeGraphConfig::default()).await;
    let client = maydanoz::whatsapp::client::GraphClient::new(
        &fake.base_url(),
        "v25.0",
        PHONE_NUMBER_ID,
        ACCESS_TOKEN.to_string().into(),
        Duration::from_secs(5),
    )
    .expect("client");
    fake.fail_next(1);
    let to = "905550002001";
    queue_at(&t.db, to, "birinci", stepped_wall()).await;
    let shutdown = CancellationToken::new();
    let wake = Arc::new(tokio::sync::Notify::new());
    let cfg = SenderConfig {
        pair_burst: 5,
        retry_first: Span::millis(1_000),
        batch: 100,
        fence: Fence::default(),
        wall: stepped_wall,
        timing: sender::SenderTiming::default(),
    };
    let task = tokio::spawn(sender::run(
        t.db.clone(),
        Arc::new(client),
        wake.clone(),
        cfg,
        Arc::new(Health::default()),
        shutdown.clone(),
    ));
    // the first try fails and is scheduled again about a second later
    eventually(Duration::from_secs(5), || async {
        let tried = scalar(
            &t.db,
            "SELECT COUNT(*) FROM outbox WHERE attempts > 0",
            vec![],
        )
        .await;
        (tried > 0).then_some(())
    })
    .await
    .expect("the first try never happened");
    OFFSET.store(-3_600_000, Ordering::Relaxed);
    queue_at(&t.db, to, "ikinci", stepped_wall()).await;
    wake.notify_one();
    eventually(Duration::from_secs(6), || async {
        (fake.received().len() >= 2).then_some(())
    })
    .await;
    let arrived = fake.received().len();
    shutdown.cancel();
    let _ = task.await;
    assert_eq!(
        arrived, 2,
        "both replies within 6 s of the clock stepping back"
    );
    t.cleanup().await;
}
