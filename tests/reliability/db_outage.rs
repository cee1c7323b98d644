//! (f) The database goes away mid-run: PostgreSQL stopped (cleanly, then by a crash) while
//! customers order. `/healthz` must say so (503 "degraded"), webhooks must get a 5xx so Meta
//! retries, and the server must recover by itself once PostgreSQL is back, with nothing
//! lost. Runs on a PostgreSQL of its own (see `pgcluster`), only when
//! `MAYDANOZ_RELIABILITY_PG_RESTART=1` (scripts/reliability.sh sets it).

use std::sync::Arc;
use std::time::{Duration, Instant};

use maydanoz::fakegraph::FakeGraphConfig;
use maydanoz::sim::{Customer, Feed, Item, Plan, Wire};
use maydanoz::store::Db;

use crate::checks;
use crate::child::{Server, stock};
use crate::helpers::{APP_SECRET, PHONE_NUMBER_ID, delivery, fake_graph, text_message};
use crate::meta::Meta;
use crate::pgcluster::PgCluster;

/// Poll `/healthz` until it answers `want`; how long it took and the body.
async fn health_becomes(
    server: &Server,
    want: u16,
    within: Duration,
) -> (Duration, serde_json::Value) {
    let t = Instant::now();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client");
    let body = crate::common::app::eventually(within, || async {
        let r = http.get(server.url("/healthz")).send().await.ok()?;
        if r.status() != want {
            return None;
        }
        Some(r.json().await.unwrap_or_default())
    })
    .await
    .unwrap_or_else(|| panic!("/healthz did not answer {want} within {within:?}"));
    (t.elapsed(), body)
}

fn plan() -> Plan {
    Plan {
        items: vec![Item {
            category: "Dürümler".into(),
            product: "Et Dürüm".into(),
            options: vec!["Acısız".into()],
            quantity: 1,
        }],
        ..Plan::default()
    }
}

/// One outage: stop PostgreSQL with `mode` while customers order, check the server says so
/// and refuses webhooks with a 5xx, start it again, and wait for the server to recover.
/// Returns (detected after, webhook status and time during the outage, recovered after).
async fn outage(
    pg: &PgCluster,
    server: &Server,
    mode: &str,
    wire: &Arc<Wire>,
    round: usize,
    relay: &str,
) -> Vec<(String, i64)> {
    let customers: Vec<_> = (0..6)
        .map(|i| {
            let wire = wire.clone();
            tokio::spawn(async move {
                let phone = format!("9055{round}{i:07}");
                let mut c = Customer::new(wire, phone.clone(), "Kesintide");
                c.patience = Duration::from_secs(60);
                c.think = Duration::from_millis(100);
                let placed = c
                    .order(&plan())
                    .await
                    .map_err(|e| format!("{phone}: {e}"))?;
                Ok::<_, String>((phone, placed.number.get()))
            })
        })
        .collect();
    // fault injection, not a wait for a result: the outage comes while the customers are
    // somewhere in their conversations, wherever that is
    tokio::time::sleep(Duration::from_millis(400)).await;
    let t = Instant::now();
    pg.stop(mode).expect("stop PostgreSQL");
    let (detected, body) = health_becomes(server, 503, Duration::from_secs(10)).await;
    assert_eq!(body["status"], "degraded", "{body}");
    let direct = delivery(
        "905550009999",
        "Doğrudan",
        vec![text_message(
            "905550009999",
            &format!("wamid.OUTAGE{round}"),
            "merhaba",
        )],
    );
    let posted = Instant::now();
    let sig = maydanoz::whatsapp::signature::sign(APP_SECRET.as_bytes(), &direct);
    let r = reqwest::Client::new()
        .post(server.url("/webhook"))
        .header("x-hub-signature-256", sig)
        .body(direct.clone())
        .send()
        .await;
    let answered = posted.elapsed();
    let status = match r {
        Ok(r) => r.status().as_u16(),
        Err(e) => panic!(
            "a webhook during the outage got no answer after {answered:?}: {e:?}\n{}",
            server.log_tail(3000)
        ),
    };
    assert!(
        (500..600).contains(&status),
        "a webhook during the outage got {status}: Meta would not retry"
    );
    assert!(
        answered < Duration::from_secs(12),
        "a webhook during the outage took {answered:?} to be refused"
    );
    // fault injection: the outage lasts a while longer (the customers keep retrying)
    tokio::time::sleep(Duration::from_secs(2)).await;
    pg.start().expect("start PostgreSQL");
    let (recovered, _) = health_becomes(server, 200, Duration::from_secs(30)).await;
    // Meta retries what got a 5xx: redeliver the refused webhook through the relay,
    // which repeats it until 200 and records it (a copy the server stored late, after
    // answering 503 on its 3 s deadline, is then a duplicate and processed once)
    let sig = maydanoz::whatsapp::signature::sign(APP_SECRET.as_bytes(), &direct);
    let redelivered = reqwest::Client::new()
        .post(relay)
        .header("x-hub-signature-256", sig)
        .body(direct.clone())
        .send()
        .await
        .map(|r| r.status().as_u16());
    assert_eq!(
        redelivered.ok(),
        Some(200),
        "Meta's retry of the refused webhook is accepted"
    );
    println!(
        "» db outage[{mode}]: /healthz said degraded {detected:?} after the stop; a webhook got {status} in {answered:?}; \
         PostgreSQL down {:?}; healthy again {recovered:?} after the start",
        t.elapsed() - recovered
    );
    let mut told = Vec::new();
    for c in customers {
        told.push(
            c.await
                .expect("task")
                .unwrap_or_else(|e| panic!("a customer did not get through the outage: {e}")),
        );
    }
    told
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_going_away_is_reported_and_survived() {
    if std::env::var("MAYDANOZ_RELIABILITY_PG_RESTART")
        .ok()
        .as_deref()
        != Some("1")
    {
        println!(
            "» db outage: set MAYDANOZ_RELIABILITY_PG_RESTART=1 to stop and start a PostgreSQL of its own; skipped"
        );
        return;
    }
    let t0 = Instant::now();
    let pg =
        PgCluster::create().unwrap_or_else(|e| panic!("cannot make a PostgreSQL of our own: {e}"));
    let fake = fake_graph(FakeGraphConfig::default()).await;
    stock(&pg.url(), None).await;
    let server = Server::start(&pg.url(), &fake.base_url(), &[]).await;
    let meta = Meta::start(server.url("/webhook")).await;
    let wire = Wire::new(
        meta.url.clone(),
        APP_SECRET.as_bytes().to_vec(),
        Feed::Local(fake.view()),
        PHONE_NUMBER_ID.into(),
    );
    let mut told = outage(&pg, &server, "fast", &wire, 1, &meta.url).await;
    told.extend(outage(&pg, &server, "immediate", &wire, 2, &meta.url).await);
    let db = Db::connect(&pg.url()).await.expect("connect");
    checks::settle(&db, Duration::from_secs(60)).await;
    let acked = meta.record.acked();
    let checked = checks::exactly_once(&db, &acked).await;
    let orders = checks::orders_match(&db, &told).await;
    let sent = checks::all_replies_sent(&db, &fake).await;
    assert!(server.panics().is_empty(), "{:?}", server.panics());
    println!(
        "» db outage: 2 outages survived; {checked} messages answered 200 processed exactly once ({} Meta retries), \
         {orders} orders as told, {} replies sent, {} twice; total {:?}",
        meta.record.retries(),
        sent.messages,
        sent.duplicates,
        t0.elapsed()
    );
    assert!(
        meta.record.retries() > 0,
        "no delivery was refused during the outages"
    );
    db.close().await;
    server.stop().await;
}
