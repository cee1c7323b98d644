//! The fake's behaviour over time: seeded failures, duplicate counting, the long poll,
//! waiting for messages, slow answers and mounting under a prefix.

use std::time::{Duration, Instant};

use super::tests::{TO, post, send, text};
use super::*;

async fn outcomes(seed: u64, n: usize) -> (Vec<u16>, FakeStats) {
    let cfg = FakeGraphConfig {
        failure_rate: 0.25,
        seed,
        ..FakeGraphConfig::default()
    };
    let fake = FakeGraph::start(cfg).await.expect("start");
    let mut statuses = Vec::new();
    for i in 0..n {
        let (status, body) = send(&fake, &text(TO, Some(&format!("cb{i}")))).await;
        match status {
            500 => assert_eq!(body["error"]["code"], 131_000),
            429 => assert_eq!(body["error"]["code"], 130_429),
            200 => {}
            other => panic!("unexpected {other}"),
        }
        statuses.push(status);
    }
    (statuses, fake.stats())
}

#[tokio::test]
async fn failure_rate_is_roughly_honoured_and_seeded() {
    let (statuses, stats) = outcomes(7, 300).await;
    assert!((45..=105).contains(&stats.injected_failures), "{stats:?}");
    assert_eq!(stats.accepted + stats.injected_failures, 300);
    let failures: Vec<u16> = statuses.iter().copied().filter(|s| *s != 200).collect();
    assert!(
        failures
            .chunks(2)
            .all(|c| c[0] == 500 && c.get(1).is_none_or(|s| *s == 429))
    );
    let (again, _) = outcomes(7, 300).await;
    assert_eq!(statuses, again, "same seed, same outcomes");
    let (other, _) = outcomes(8, 300).await;
    assert_ne!(statuses, other);
}

#[tokio::test]
async fn duplicate_callbacks_are_counted() {
    let fake = FakeGraph::start(FakeGraphConfig::default())
        .await
        .expect("start");
    for cb in [
        Some("outbox:1"),
        Some("outbox:2"),
        None,
        Some("outbox:1"),
        None,
        Some("outbox:1"),
    ] {
        assert_eq!(send(&fake, &text(TO, cb)).await.0, 200);
    }
    let s = fake.stats();
    assert_eq!((s.accepted, s.duplicate_callbacks), (6, 2));
    let seqs: Vec<u64> = fake.received().iter().map(|r| r.seq).collect();
    assert_eq!(seqs, vec![1, 2, 3, 4, 5, 6]);
}

#[tokio::test]
async fn long_poll_returns_as_soon_as_a_message_arrives() {
    let fake = FakeGraph::start(FakeGraphConfig::default())
        .await
        .expect("start");
    send(&fake, &text("905554445566", None)).await; // someone else's: seq 1
    // `+` left unencoded, as a shell user would type it: it arrives as a space
    let poll = format!(
        "{}/_fake/messages?to=+905551112233&after=0&wait_ms=10000",
        fake.base_url()
    );
    let started = Instant::now();
    let waiter = tokio::spawn(async move {
        reqwest::get(poll)
            .await
            .expect("poll")
            .json::<Vec<Received>>()
            .await
            .expect("json")
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    send(&fake, &text(TO, None)).await;
    let got = waiter.await.expect("join");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(got.len(), 1);
    assert_eq!((got[0].seq, got[0].to.as_str()), (2, TO));
    assert_eq!(got[0].body["text"]["body"], "Siparişiniz hazır");
}

#[tokio::test]
async fn long_poll_times_out_empty_and_respects_after() {
    let fake = FakeGraph::start(FakeGraphConfig::default())
        .await
        .expect("start");
    send(&fake, &text(TO, None)).await;
    let base = fake.base_url();
    let started = Instant::now();
    let url = format!("{base}/_fake/messages?to=905551112233&after=1&wait_ms=300");
    let got: Vec<Received> = reqwest::get(url)
        .await
        .expect("poll")
        .json()
        .await
        .expect("json");
    assert!(got.is_empty());
    assert!(
        started.elapsed() >= Duration::from_millis(280),
        "{:?}",
        started.elapsed()
    );
    let url = format!("{base}/_fake/messages?after=0");
    let got: Vec<Received> = reqwest::get(url)
        .await
        .expect("poll")
        .json()
        .await
        .expect("json");
    assert_eq!(got.len(), 1);
}

#[tokio::test]
async fn wait_for_count_and_slow_answers() {
    let cfg = FakeGraphConfig {
        slow_rate: 1.0,
        slow_ms: 400,
        ..FakeGraphConfig::default()
    };
    let fake = FakeGraph::start(cfg).await.expect("start");
    assert!(!fake.wait_for_count(1, Duration::from_millis(50)).await);
    let token = secrecy::SecretString::from("fake-access-token".to_string());
    let client = crate::whatsapp::client::GraphClient::new(
        &fake.base_url(),
        "v25.0",
        "106000000000001",
        token,
        Duration::from_millis(100),
    )
    .expect("client");
    // the client gives up, but the fake already accepted it: resending would duplicate
    let e = client
        .send(&text(TO, Some("outbox:9")))
        .await
        .expect_err("timeout");
    assert!(
        matches!(
            e,
            crate::whatsapp::client::SendError::Retry { code: None, .. }
        ),
        "{e:?}"
    );
    assert!(fake.wait_for_count(1, Duration::from_secs(2)).await);
    assert_eq!(fake.received().len(), 1);
}

#[tokio::test]
async fn router_can_be_mounted_under_a_prefix() {
    let fake = FakeGraph::new(FakeGraphConfig::default());
    assert_eq!(fake.base_url(), "");
    let app = axum::Router::new().nest("/graph", fake.router());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let url = format!("http://{addr}/graph/v25.0/106000000000001/messages");
    let (status, _) = post(&url, Some("fake-access-token"), &text(TO, None)).await;
    assert_eq!(status, 200);
    assert_eq!(fake.stats().accepted, 1);
    let stats: FakeStats = reqwest::get(format!("http://{addr}/graph/_fake/stats"))
        .await
        .expect("stats")
        .json()
        .await
        .expect("json");
    assert_eq!(stats.accepted, 1);
    server.abort();
}
