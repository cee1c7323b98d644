//! (e) Hostile clients at the HTTP edge: bodies over 3 MiB, clients that stall in the middle
//! of a body (or of their headers) while others need answers.

use std::time::{Duration, Instant};

use maydanoz::fakegraph::FakeGraphConfig;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::child::Server;
use crate::common::TestDb;
use crate::helpers::{APP_SECRET, count, delivery, fake_graph, post_signed, text_message};

const MIB: usize = 1024 * 1024;

async fn server() -> (TestDb, maydanoz::fakegraph::FakeGraph, Server) {
    let db = TestDb::sqlite().await;
    let fake = fake_graph(FakeGraphConfig::default()).await;
    let server = Server::start(&db.url, &fake.base_url(), &[]).await;
    (db, fake, server)
}

/// A valid delivery padded with spaces to exactly `len` bytes.
fn padded(len: usize, id: &str) -> Vec<u8> {
    let mut body = delivery(
        "905551230000",
        "Büyük",
        vec![text_message("905551230000", id, "merhaba")],
    );
    let pad = len - body.len();
    body.splice(1..1, std::iter::repeat_n(b' ', pad));
    body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_over_3_mib_get_413_and_3_mib_exactly_is_read() {
    let (db, _fake, server) = server().await;
    let http = reqwest::Client::new();
    let url = server.url("/webhook");
    let exact = padded(3 * MIB, "wamid.EXACT3MIB");
    assert_eq!(
        post_signed(&http, &url, &exact).await,
        200,
        "a delivery of exactly 3 MiB is Meta's maximum, not over it"
    );
    let over = padded(3 * MIB + 1, "wamid.OVER3MIB");
    assert_eq!(post_signed(&http, &url, &over).await, 413);
    // no Content-Length: chunks until the limit is passed
    let t = Instant::now();
    let mut s = TcpStream::connect(("127.0.0.1", server.port))
        .await
        .expect("connect");
    s.write_all(b"POST /webhook HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n")
        .await
        .expect("head");
    for _ in 0..5 {
        let mut chunk = format!("{MIB:x}\r\n").into_bytes();
        chunk.extend(std::iter::repeat_n(b' ', MIB));
        chunk.extend(b"\r\n");
        if s.write_all(&chunk).await.is_err() {
            break;
        }
    }
    assert_eq!(
        read_status(&mut s, Duration::from_secs(5)).await,
        Some(413),
        "a chunked body over the limit"
    );
    let chunked_ms = t.elapsed().as_millis();
    // a huge declared length: refused once 3 MiB have been read, not after reading it all
    let mut s = TcpStream::connect(("127.0.0.1", server.port))
        .await
        .expect("connect");
    let head = format!(
        "POST /webhook HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        1024 * MIB
    );
    s.write_all(head.as_bytes()).await.expect("head");
    let _ = s.write_all(&vec![b' '; 4 * MIB]).await;
    let declared = read_status(&mut s, Duration::from_secs(5)).await;
    assert_eq!(declared, Some(413), "a declared 1 GiB body");
    assert_eq!(
        count(&db.db, "SELECT COUNT(*) FROM inbox").await,
        1,
        "only the 3 MiB delivery was stored"
    );
    println!(
        "» 413: exactly 3 MiB → 200; 3 MiB + 1 → 413; 5 MiB chunked → 413 in {chunked_ms} ms; declared 1 GiB → 413 after 4 MiB sent"
    );
    server.stop().await;
    db.cleanup().await;
}

/// The status code of the response on `s`, or `None` if none came (closed or timed out).
async fn read_status(s: &mut TcpStream, within: Duration) -> Option<u16> {
    let mut buf = vec![0u8; 256];
    let n = tokio::time::timeout(within, s.read(&mut buf))
        .await
        .ok()?
        .ok()?;
    let head = String::from_utf8_lossy(&buf[..n]);
    head.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()
}

/// Start a request that declares 100 000 bytes and sends half; `headers_only` stops in the
/// middle of the headers instead.
async fn stall(port: u16, headers_only: bool) -> TcpStream {
    let mut s = TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connect");
    if headers_only {
        s.write_all(b"POST /webhook HTTP/1.1\r\nhost: x\r\ncontent-type: appl")
            .await
            .expect("write");
    } else {
        let head = "POST /webhook HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nx-hub-signature-256: sha256=00\r\ncontent-length: 100000\r\n\r\n";
        s.write_all(head.as_bytes()).await.expect("write");
        s.write_all(&[b' '; 50_000]).await.expect("write");
    }
    s
}

/// Does the server end the stalled request within `within`? Returns the status it answered
/// (`Some(0)` = closed without an answer) and when, or `None` if it still holds it open.
async fn cut_off(s: &mut TcpStream, within: Duration) -> Option<(u16, Duration)> {
    let t = Instant::now();
    let mut buf = vec![0u8; 256];
    match tokio::time::timeout(within, s.read(&mut buf)).await {
        Err(_) => None,
        Ok(Ok(0) | Err(_)) => Some((0, t.elapsed())),
        Ok(Ok(n)) => {
            let head = String::from_utf8_lossy(&buf[..n]).to_string();
            let code = head
                .strip_prefix("HTTP/1.1 ")
                .and_then(|h| h.get(..3))
                .and_then(|c| c.parse().ok())
                .unwrap_or(0);
            Some((code, t.elapsed()))
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_stalling_mid_body_do_not_block_others_and_are_cut_off() {
    let (db, _fake, server) = server().await;
    let t0 = Instant::now();
    let mut stalled = Vec::new();
    for _ in 0..200 {
        stalled.push(stall(server.port, false).await);
    }
    // while 200 clients hold half-sent bodies, Meta's deliveries are answered at once
    let http = reqwest::Client::new();
    let mut slowest = Duration::ZERO;
    for i in 0..50 {
        let body = delivery(
            "905551239999",
            "Normal",
            vec![text_message(
                "905551239999",
                &format!("wamid.NORMAL{i}"),
                "merhaba",
            )],
        );
        let sig = maydanoz::whatsapp::signature::sign(APP_SECRET.as_bytes(), &body);
        let t = Instant::now();
        let r = http
            .post(server.url("/webhook"))
            .header("x-hub-signature-256", sig)
            .body(body)
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), 200);
        slowest = slowest.max(t.elapsed());
    }
    assert!(
        slowest < Duration::from_secs(1),
        "a delivery took {slowest:?} while others stalled"
    );
    // the server's body timeout is 10 s
    let first = cut_off(
        &mut stalled[0],
        Duration::from_secs(14).saturating_sub(t0.elapsed()),
    )
    .await;
    let Some((code, _)) = first else {
        panic!("a client stalled mid-body was still connected after 14 s")
    };
    let cut_at = t0.elapsed();
    assert_eq!(code, 408, "a stalled body is answered 408 Request Timeout");
    let mut rest = 0;
    for s in stalled.iter_mut().skip(1) {
        rest += usize::from(cut_off(s, Duration::from_secs(2)).await.is_some());
    }
    assert_eq!(rest, 199, "every stalled client is cut off");
    assert_eq!(count(&db.db, "SELECT COUNT(*) FROM inbox").await, 50);
    println!(
        "» stalled bodies: 200 clients stalled mid-body; 50 deliveries meanwhile, slowest {slowest:?}; \
         the stalled ones cut off with 408 after {cut_at:?}"
    );
    server.stop().await;
    db.cleanup().await;
}

/// Slow (a request head may take 10 s): run by scripts/reliability.sh.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "waits 10 s; run by scripts/reliability.sh"]
async fn clients_stalling_mid_headers_are_cut_off() {
    let (db, _fake, server) = server().await;
    let t0 = Instant::now();
    let mut stalled = Vec::new();
    for _ in 0..50 {
        stalled.push(stall(server.port, true).await);
    }
    let http = reqwest::Client::new();
    let body = delivery(
        "905551238888",
        "Normal",
        vec![text_message("905551238888", "wamid.HEADERS1", "merhaba")],
    );
    let t = Instant::now();
    assert_eq!(
        post_signed(&http, &server.url("/webhook"), &body).await,
        200
    );
    let answered = t.elapsed();
    let first = cut_off(&mut stalled[0], Duration::from_secs(25)).await;
    let Some((code, _)) = first else {
        panic!(
            "a client stalled in its headers is still connected after {:?}",
            t0.elapsed()
        )
    };
    let cut_at = t0.elapsed();
    let mut rest = 0;
    for s in stalled.iter_mut().skip(1) {
        rest += usize::from(cut_off(s, Duration::from_secs(2)).await.is_some());
    }
    println!(
        "» stalled headers: 50 clients stalled mid-headers; a delivery meanwhile took {answered:?}; \
         all cut off (closed, status {code}) after {cut_at:?}"
    );
    assert!(
        cut_at >= Duration::from_secs(9),
        "cut off after {cut_at:?}: sooner than the 10 s a head may take"
    );
    assert_eq!(rest, 49, "every stalled client is cut off");
    server.stop().await;
    db.cleanup().await;
}
