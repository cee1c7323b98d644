//! A descriptor flood at the door: 1,100 connections that each send a whole
//! `POST /webhook` head with `Content-Length: 3000000` and then nothing, against a server
//! limited to 1,024 open files (systemd's default soft limit). The connection cap used to
//! be soft and never closed a connection waiting in its body: the server ran out of
//! descriptors, real webhooks were refused or waited 5 s, the sender could not open a
//! socket to Meta, and nothing was logged. Now the cap is hard, the longest-waiting body
//! is closed for a newcomer, and a reserve of descriptors stays for the sender.

use std::time::{Duration, Instant};

use rustix::process::{Pid, Resource, Rlimit, prlimit};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use crate::child::Server;
use crate::common::TestDb;
use crate::helpers::{delivery, fake_graph, post_signed, text_message};

const HEADS: usize = 1_100;
const WEBHOOKS: usize = 20;

async fn body_less_head(port: u16) -> Option<TcpStream> {
    let connect = TcpStream::connect(("127.0.0.1", port));
    let mut s = tokio::time::timeout(Duration::from_secs(2), connect)
        .await
        .ok()?
        .ok()?;
    let head = "POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
                X-Hub-Signature-256: sha256=00\r\nContent-Length: 3000000\r\n\r\n";
    s.write_all(head.as_bytes()).await.ok()?;
    Some(s)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn body_less_heads_do_not_starve_real_webhooks_or_the_sender() {
    // this process holds 1,100 sockets itself
    maydanoz::server::conn::files::raise_limit();
    let db = TestDb::sqlite().await;
    let fake = fake_graph(maydanoz::fakegraph::FakeGraphConfig::default()).await;
    let server = Server::start(&db.url, &fake.base_url(), &[]).await;
    let pid = server
        .pid()
        .and_then(|p| i32::try_from(p).ok())
        .and_then(Pid::from_raw);
    let limit = Rlimit {
        current: Some(1024),
        maximum: Some(1024),
    };
    prlimit(pid, Resource::Nofile, limit).expect("limit the server to 1,024 open files");

    let t0 = Instant::now();
    let mut heads = Vec::with_capacity(HEADS);
    for _ in 0..HEADS {
        heads.extend(body_less_head(server.port).await);
    }
    let flooded = t0.elapsed();
    // an attacker who reconnects whatever is closed, for as long as the webhooks go on
    let port = server.port;
    let stop = tokio_util::sync::CancellationToken::new();
    let again = stop.clone();
    let reflood = tokio::spawn(async move {
        let mut opened = 0usize;
        while !again.is_cancelled() && opened < 2 * HEADS {
            if body_less_head(port).await.is_some() {
                opened += 1;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        opened
    });

    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client");
    let mut slowest = Duration::ZERO;
    let mut phones = Vec::new();
    for i in 0..WEBHOOKS {
        let phone = format!("9055512{:05}", 30_000 + i);
        let body = delivery(
            &phone,
            "Gerçek",
            vec![text_message(
                &phone,
                &format!("wamid.FDFLOOD{i}"),
                "merhaba",
            )],
        );
        let t = Instant::now();
        let status = post_signed(&http, &server.url("/webhook"), &body).await;
        let took = t.elapsed();
        assert_eq!(status, 200, "webhook {i} during the flood (after {took:?})");
        slowest = slowest.max(took);
        phones.push(phone);
    }
    // every customer answered: the sender still opens sockets to the Graph API
    let mut unanswered = 0;
    for phone in &phones {
        if fake
            .wait_after(phone, 0, Duration::from_secs(20))
            .await
            .is_empty()
        {
            unanswered += 1;
        }
    }
    stop.cancel();
    let reopened = reflood.await.expect("join");
    let log = server.log();
    assert!(
        slowest < Duration::from_secs(1),
        "a webhook took {slowest:?} during the flood"
    );
    assert_eq!(
        unanswered,
        0,
        "customers never answered; log:\n{}",
        server.log_tail(3000)
    );
    assert!(
        !log.contains("Too many open files") && !log.contains("cannot accept"),
        "the server ran out of descriptors:\n{}",
        server.log_tail(3000)
    );
    println!(
        "» descriptor flood: {} body-less heads opened in {flooded:.1?} (+{reopened} reopened \
         meanwhile) against a 1,024-file server; {WEBHOOKS} webhooks each answered 200, the \
         slowest in {slowest:?}; every customer answered (before the fix: refused or 5 s, \
         the sender out of sockets)",
        heads.len()
    );
    drop(heads);
    server.stop().await;
    db.cleanup().await;
}
