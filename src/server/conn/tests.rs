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

/// Slowloris: a byte every 100 ms used to keep a half-sent head open for ever; the
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

/// A stream the server writes to while the client sends nothing: every event stream of a
/// remote board was cut at the idle deadline although keep-alives went out. What is written
/// counts; after the writes stop, the idle deadline applies again.
#[tokio::test]
async fn a_stream_the_server_writes_to_is_not_idle() {
    let (mut client, server) = tokio::io::duplex(1 << 16);
    let mut server = Deadline::new(server, Duration::from_millis(300), Duration::from_secs(10));
    client
        .write_all(b"GET /kds/v1/events HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("write");
    let mut buf = [0u8; 256];
    assert!(server.read(&mut buf).await.expect("the head") > 0);
    let t = Instant::now();
    let (mut rd, mut wr) = tokio::io::split(server);
    let reader = tokio::spawn(async move {
        let mut buf = [0u8; 16];
        let r = rd.read(&mut buf).await;
        (r.map_err(|e| e.kind()), t.elapsed())
    });
    for _ in 0..10 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        wr.write_all(b": keep-alive\n\n").await.expect("write");
    }
    assert!(!reader.is_finished(), "cut while the server was writing");
    let (r, after) = reader.await.expect("join");
    assert_eq!(r, Err(io::ErrorKind::TimedOut));
    assert!(
        after >= Duration::from_millis(1250) && after < Duration::from_secs(3),
        "cut {after:?} after the head (writes ended at ~1 s)"
    );
    drop(client);
}

/// At the cap a newcomer closes the connection that has waited longest for its client; a
/// connection whose whole head arrived and whose body never came is closed too (body-less
/// `POST /webhook` heads took every descriptor), and the cap is hard: when every connection
/// is a live stream the newcomer is refused.
#[tokio::test]
async fn at_the_cap_the_longest_waiting_client_makes_room_and_the_cap_is_hard() {
    let r = Registry::default();
    let (_, body_a) = r.admit(3).expect("a");
    body_a.set_state(State::Body);
    tokio::time::sleep(Duration::from_millis(5)).await;
    let (_, body_b) = r.admit(3).expect("b");
    body_b.set_state(State::Body);
    tokio::time::sleep(Duration::from_millis(5)).await;
    let (_, fresh) = r.admit(3).expect("c");
    tokio::time::sleep(Duration::from_millis(5)).await;
    let (_, d) = r.admit(3).expect("d");
    assert!(
        body_a.close.is_cancelled(),
        "the oldest body-waiter is closed"
    );
    assert!(!body_b.close.is_cancelled() && !fresh.close.is_cancelled());
    assert_eq!(r.open(), 3, "never more than the cap");
    // body_b moves (a byte of its body): now the fresh one has waited longest
    body_b.moved(Instant::now());
    let (_, _e) = r.admit(3).expect("e");
    assert!(
        fresh.close.is_cancelled(),
        "a head-less socket goes before a moving body"
    );
    assert!(!body_b.close.is_cancelled());
    // every one a live stream: the newcomer is refused
    let r = Registry::default();
    let streams: Vec<_> = (0..2)
        .map(|_| {
            let (_, c) = r.admit(2).expect("stream");
            c.set_state(State::Answer);
            c.moved(Instant::now());
            c
        })
        .collect();
    assert!(r.admit(2).is_none(), "the cap is hard");
    assert!(streams.iter().all(|c| !c.close.is_cancelled()));
    assert_eq!(r.open(), 2);
    drop(d);
}

/// 600 unauthenticated idle sockets closed a display's healthy stream first: a connection
/// the server is writing to is never closed for a head-less newcomer.
#[tokio::test]
async fn head_less_sockets_are_closed_before_a_live_stream() {
    let r = Registry::default();
    let (_, stream) = r.admit(4).expect("stream");
    stream.set_state(State::Answer);
    tokio::time::sleep(Duration::from_millis(5)).await;
    let idle: Vec<_> = (0..3).map(|_| r.admit(4).expect("idle socket").1).collect();
    tokio::time::sleep(Duration::from_millis(5)).await;
    for _ in 0..10 {
        let _ = r.admit(4).expect("newcomer");
    }
    assert!(!stream.close.is_cancelled(), "the stream stays");
    assert!(idle.iter().all(|c| c.close.is_cancelled()));
    // a connection nobody wrote to for STREAMING is a quiet keep-alive one: it may go
    let r = Registry::with_streaming(Duration::from_millis(50));
    let (_, quiet) = r.admit(1).expect("quiet");
    quiet.set_state(State::Answer);
    quiet.moved(Instant::now());
    assert!(r.admit(1).is_none(), "written to 0 ms ago: live");
    tokio::time::sleep(Duration::from_millis(80)).await;
    assert!(r.admit(1).is_some());
    assert!(quiet.close.is_cancelled());
}

/// Over real HTTP through the guarded listener: an event stream whose server writes a
/// keep-alive every 200 ms outlives the idle deadline (1 s here, 30 s in production) by far.
#[tokio::test]
async fn an_event_stream_outlives_the_idle_deadline_over_http() {
    use axum::response::sse::{Event, KeepAlive, Sse};
    let app = axum::Router::new().route(
        "/events",
        axum::routing::get(|| async {
            let never = futures_util::stream::pending::<Result<Event, std::convert::Infallible>>();
            Sse::new(never).keep_alive(KeepAlive::new().interval(Duration::from_millis(200)))
        }),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let limits = Limits {
        idle: Duration::from_secs(1),
        head: Duration::from_secs(1),
        max_connections: 8,
    };
    let server = tokio::spawn(async move {
        let _ = axum::serve(Guarded::with_limits(listener, limits), app).await;
    });
    let mut r = reqwest::get(format!("http://{addr}/events"))
        .await
        .expect("stream");
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(3) {
        let chunk = tokio::time::timeout(Duration::from_secs(1), r.chunk()).await;
        match chunk {
            Ok(Ok(Some(_))) => {}
            other => panic!("the stream ended after {:?}: {other:?}", t.elapsed()),
        }
    }
    server.abort();
}

/// The head's end is found wherever the reads cut it, including inside the blank line,
/// and not before it (a lone `\n\r\n` or `\r\n\r` is no end).
#[tokio::test]
async fn the_end_of_a_head_is_seen_across_any_split_of_the_reads() {
    let head = b"POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n";
    for cut in 0..=head.len() {
        for second in cut..=head.len() {
            let (_client, server) = tokio::io::duplex(8);
            let mut d = Deadline::new(server, Duration::from_secs(10), Duration::from_secs(10));
            let now = Instant::now();
            for part in [&head[..cut], &head[cut..second], &head[second..]] {
                saw(&mut d.head_view(), part, now);
            }
            assert_eq!(d.conn.state(), State::Body, "cut at {cut} and {second}");
            assert!(!d.in_head);
        }
    }
    for almost in [
        &b"GET / HTTP/1.1\r\nA: b\r\n\r"[..],
        b"GET / HTTP/1.1\n\r\n",
        b"\r\r\n\n",
    ] {
        let (_client, server) = tokio::io::duplex(8);
        let mut d = Deadline::new(server, Duration::from_secs(10), Duration::from_secs(10));
        for b in almost {
            saw(&mut d.head_view(), std::slice::from_ref(b), Instant::now());
        }
        assert_eq!(d.conn.state(), State::Head, "{almost:?}");
    }
}
