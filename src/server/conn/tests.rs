use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::*;

#[tokio::test]
async fn a_silent_client_is_cut_off_and_a_talking_one_is_not() {
    let (mut client, server) = tokio::io::duplex(64);
    let mut server = Deadline::new(server, Duration::from_millis(300), Duration::from_secs(10));
    let mut buf = [0u8; 8];
    // a byte every 200 ms keeps the connection: the idle deadline counts from the last byte
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(200)).await;
        client.write_all(b"x").await.expect("write");
        assert_eq!(server.read(&mut buf).await.expect("read"), 1);
    }
    let t = Instant::now();
    let err = server.read(&mut buf).await.expect_err("silence is cut off");
    assert_eq!(err.kind(), io::ErrorKind::TimedOut);
    assert!(
        t.elapsed() >= Duration::from_millis(290) && t.elapsed() < Duration::from_secs(2),
        "{:?}",
        t.elapsed()
    );
}

/// Issue 16, item 5: a byte every 100 ms used to keep a half-sent head open for ever; the
/// head's deadline counts from its first byte.
#[tokio::test]
async fn a_dribbled_request_head_is_cut_at_its_deadline() {
    let (mut client, server) = tokio::io::duplex(64);
    let mut server = Deadline::new(server, Duration::from_secs(10), Duration::from_millis(500));
    let t = Instant::now();
    let dribble = tokio::spawn(async move {
        for b in b"POST /webhook HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaa" {
            if client.write_all(&[*b]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        client
    });
    let mut buf = [0u8; 64];
    let err = loop {
        match server.read(&mut buf).await {
            Ok(0) => panic!("eof"),
            Ok(_) => {}
            Err(e) => break e,
        }
    };
    assert_eq!(err.kind(), io::ErrorKind::TimedOut);
    assert!(
        t.elapsed() >= Duration::from_millis(450) && t.elapsed() < Duration::from_secs(2),
        "cut after {:?}",
        t.elapsed()
    );
    drop(server);
    let _ = dribble.await;
}

/// A whole head, then a slow body: the head deadline no longer applies (the handler's body
/// deadline does), and after the answer the next head gets its own deadline.
#[tokio::test]
async fn a_complete_head_stops_the_head_deadline() {
    let (mut client, server) = tokio::io::duplex(256);
    let mut server = Deadline::new(server, Duration::from_secs(10), Duration::from_millis(300));
    client
        .write_all(b"POST / HTTP/1.1\r\nHost: x\r\n\r\nab")
        .await
        .expect("write");
    let mut buf = [0u8; 256];
    assert!(server.read(&mut buf).await.expect("read") > 0);
    let waited = tokio::time::timeout(Duration::from_millis(700), server.read(&mut buf)).await;
    assert!(waited.is_err(), "no cut in the body: {waited:?}");
    server
        .write_all(b"HTTP/1.1 200 OK\r\n\r\n")
        .await
        .expect("answer");
    client.write_all(b"GET").await.expect("write");
    assert!(server.read(&mut buf).await.expect("read") > 0);
    let err = server
        .read(&mut buf)
        .await
        .expect_err("the next head is timed");
    assert_eq!(err.kind(), io::ErrorKind::TimedOut);
}

/// At the cap, the oldest connection without a whole request head is closed for the new
/// one; one whose request is being answered is not.
#[test]
fn at_the_cap_the_oldest_slow_client_makes_room() {
    let r = Registry::default();
    let (_, busy_a, close_a) = r.admit(2);
    busy_a.store(true, Ordering::Relaxed);
    let (_, _, close_b) = r.admit(2);
    let (_, _, close_c) = r.admit(2);
    assert!(!close_a.is_cancelled(), "a client in a request stays");
    assert!(close_b.is_cancelled(), "the oldest slow client is closed");
    assert!(!close_c.is_cancelled());
    assert_eq!(r.conns.lock().map(|m| m.len()).unwrap_or(0), 2);
}
