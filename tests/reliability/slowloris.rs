//! Slowloris. The 30 s idle cut was reset by every byte, so connections
//! sending one header byte now and then held the server for as long as they liked and real
//! webhooks timed out. Now a request head must be whole within 10 s of its first byte.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::child::Server;
use crate::common::TestDb;
use crate::helpers::{delivery, fake_graph, post_signed, text_message};

/// Slow (waits for the 10 s head deadline): run by scripts/reliability.sh.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "waits 10 s; run by scripts/reliability.sh"]
async fn clients_dribbling_header_bytes_are_cut_at_the_head_deadline() {
    let db = TestDb::sqlite().await;
    let fake = fake_graph(maydanoz::fakegraph::FakeGraphConfig::default()).await;
    let server = Server::start(&db.url, &fake.base_url(), &[]).await;
    let port = server.port;
    let t0 = Instant::now();
    // 100 clients, each a header byte per second (the idle cut of 30 s never fires)
    // how many dribblers have sent a few bytes: the server is holding them all
    let dribbling = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let dribblers: Vec<_> = (0..100)
        .map(|i| {
            let dribbling = dribbling.clone();
            tokio::spawn(async move {
                let mut s = TcpStream::connect(("127.0.0.1", port)).await.ok()?;
                let head = format!("POST /webhook HTTP/1.1\r\nHost: x\r\nX-Slow-{i}: ");
                let mut bytes = head.into_bytes();
                bytes.extend(std::iter::repeat_n(b'a', 60));
                for (k, b) in bytes.into_iter().enumerate() {
                    if s.write_all(&[b]).await.is_err() {
                        return Some(t0.elapsed());
                    }
                    if k == 2 {
                        dribbling.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                    let mut buf = [0u8; 64];
                    if let Ok(Ok(0) | Err(_)) =
                        tokio::time::timeout(Duration::from_secs(1), s.read(&mut buf)).await
                    {
                        return Some(t0.elapsed());
                    }
                }
                None
            })
        })
        .collect();
    // the webhook comes once every dribbler is connected and a few bytes in
    crate::common::app::eventually(Duration::from_secs(10), || {
        let n = dribbling.load(std::sync::atomic::Ordering::SeqCst);
        async move { (n == 100).then_some(()) }
    })
    .await
    .expect("the dribblers did not all connect");
    let http = reqwest::Client::new();
    let body = delivery(
        "905551237777",
        "Normal",
        vec![text_message("905551237777", "wamid.LORIS1", "merhaba")],
    );
    let t = Instant::now();
    assert_eq!(
        post_signed(&http, &server.url("/webhook"), &body).await,
        200
    );
    let answered = t.elapsed();
    let mut cut = Vec::new();
    for d in dribblers {
        cut.push(
            d.await
                .expect("join")
                .expect("a dribbler was never cut off"),
        );
    }
    let first = cut.iter().min().copied().unwrap_or_default();
    let last = cut.iter().max().copied().unwrap_or_default();
    assert!(first >= Duration::from_secs(9), "cut too early: {first:?}");
    assert!(last < Duration::from_secs(15), "cut too late: {last:?}");
    println!(
        "» slowloris: 100 clients sending a header byte a second; a webhook meanwhile 200 in \
         {answered:?}; all cut off between {first:.1?} and {last:.1?} (head deadline 10 s; \
         before the fix: never — each byte reset the 30 s idle cut)"
    );
    server.stop().await;
    db.cleanup().await;
}
