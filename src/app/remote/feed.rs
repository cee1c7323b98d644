//! Following `/kds/v1/events`: read server-sent events, keep the latest board
//! in [`Shared`], ring the local bus so the board redraws at once. On any
//! break (server gone, stream ended, silence past [`SILENCE`], garbage, more
//! than the bounds) mark the link lost, wait a moment and reconnect with
//! `Last-Event-ID`, so the server sends a board only if something changed meanwhile.
//!
//! The stream is read by `sse-core`'s decoder (every line ending of the format:
//! CR LF, LF, a bare CR), and bounded, for a hostile or intercepted server: an
//! event of at most [`MAX_EVENT`] (the board of 10,000 orders fits), a line
//! that ends within [`LINE_TIME`] of its first byte. Past a bound: "connection
//! lost — server sent too much", and reconnect with backoff.

use std::num::NonZeroUsize;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use reqwest::StatusCode;
use sse_core::{SseDecoder, SseEvent as Decoded};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::client::{Remote, Shared};
use crate::events::{Bus, OrderEvent};
use crate::kds::Board;
use crate::server::kds_api::wire;

/// The server sends a keep-alive every 5 s; this long without a byte is a dead link.
pub const SILENCE: Duration = Duration::from_secs(12);
/// The largest event the display takes.
pub const MAX_EVENT: usize = 8 << 20;
/// How long one line of the stream may take from its first byte to its end.
pub const LINE_TIME: Duration = Duration::from_secs(30);
/// Waits between reconnects: short first, so a restarted server is found within 2 s.
const BACKOFF: [Duration; 3] = [
    Duration::from_millis(200),
    Duration::from_millis(500),
    Duration::from_secs(1),
];

/// One parsed server-sent event.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SseEvent {
    pub id: Option<String>,
    pub event: Option<String>,
    pub data: String,
}

/// The stream broke one of the display's bounds.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("server sent too much ({0})")]
pub struct TooMuch(pub String);

/// The event stream read incrementally and within bounds: feed bytes, get events.
pub struct Parser {
    decoder: SseDecoder,
    /// When the line now arriving began (`None` between lines).
    line_since: Option<Instant>,
}

impl Default for Parser {
    fn default() -> Parser {
        Parser::with_limit(MAX_EVENT)
    }
}

impl Parser {
    /// Events of at most `max` bytes.
    pub fn with_limit(max: usize) -> Parser {
        Parser {
            decoder: SseDecoder::with_limit(NonZeroUsize::new(max).unwrap_or(NonZeroUsize::MIN)),
            line_since: None,
        }
    }

    /// Add `bytes`, read at `now`; returns the events they completed, or the bound broken.
    pub fn push(&mut self, bytes: &[u8], now: Instant) -> Result<Vec<SseEvent>, TooMuch> {
        match bytes.iter().rposition(|&b| b == b'\n' || b == b'\r') {
            Some(end) => self.line_since = (end + 1 < bytes.len()).then_some(now),
            None if !bytes.is_empty() => {
                self.line_since.get_or_insert(now);
            }
            None => {}
        }
        let mut buf = bytes;
        let mut out = Vec::new();
        while let Some(e) = self.decoder.next(&mut buf) {
            match e {
                Ok(Decoded::Message(m)) => out.push(SseEvent {
                    id: m.last_event_id.map(|i| i.to_string()),
                    event: Some(m.event.into_owned()),
                    data: m.data,
                }),
                Ok(Decoded::Retry(_)) => {}
                Err(_) => return Err(TooMuch(format!("an event over {} MiB", MAX_EVENT >> 20))),
            }
        }
        self.late(now)?;
        Ok(out)
    }

    /// When the line now arriving must have ended.
    pub fn line_deadline(&self) -> Option<Instant> {
        self.line_since.map(|t| t + LINE_TIME)
    }

    /// A line that has taken longer than [`LINE_TIME`] by `now`.
    pub fn late(&self, now: Instant) -> Result<(), TooMuch> {
        match self.line_deadline() {
            Some(d) if now >= d => Err(TooMuch(format!(
                "a line still not ended after {} s",
                LINE_TIME.as_secs()
            ))),
            _ => Ok(()),
        }
    }
}

/// A board event checked: the id is the board's own sequence, every order one
/// the domain can hold.
pub fn board_of(e: &SseEvent) -> Result<Board, String> {
    if e.event.as_deref() != Some("board") {
        return Err(format!("unexpected event {:?}", e.event));
    }
    let b: wire::Board =
        serde_json::from_str(&e.data).map_err(|err| format!("bad board: {err}"))?;
    let b = b.into_board().map_err(|err| format!("bad board: {err}"))?;
    match e.id.as_deref().and_then(|i| i.parse::<i64>().ok()) {
        Some(id) if id == b.seq => Ok(b),
        _ => Err(format!(
            "event id {:?} does not match board {}",
            e.id, b.seq
        )),
    }
}

/// Follow the feed until `stop`; on a 401 record why in `shared.fatal` and cancel `stop`.
pub async fn follow(remote: Remote, shared: Arc<Shared>, bus: Bus, stop: CancellationToken) {
    let mut attempt = 0usize;
    loop {
        let outcome = tokio::select! {
            () = stop.cancelled() => return,
            o = once(&remote, &shared, &bus) => o,
        };
        shared.connected.store(false, Ordering::SeqCst);
        bus.publish(OrderEvent::Reload);
        match outcome {
            Link::Refused => {
                let msg = "the server no longer accepts this display's token (401)";
                *shared
                    .fatal
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(msg.to_string());
                stop.cancel();
                return;
            }
            Link::Broke(why, was_up) => {
                tracing::warn!("display feed: connection lost — {why}; reconnecting");
                shared
                    .too_much
                    .store(why.contains("sent too much"), Ordering::SeqCst);
                if was_up {
                    attempt = 0;
                }
            }
        }
        let wait = BACKOFF[attempt.min(BACKOFF.len() - 1)];
        attempt += 1;
        tokio::select! {
            () = stop.cancelled() => return,
            () = tokio::time::sleep(wait) => {}
        }
    }
}

enum Link {
    /// 401: the token is gone; reconnecting will not help.
    Refused,
    /// Why, and whether the stream was up before it broke.
    Broke(String, bool),
}

async fn once(remote: &Remote, shared: &Shared, bus: &Bus) -> Link {
    let mut req = remote
        .http
        .get(remote.url("/events"))
        .bearer_auth(&remote.token)
        .header("Accept", "text/event-stream");
    let seq = shared.seq.load(Ordering::SeqCst);
    if shared.board.lock().is_ok_and(|b| b.is_some()) {
        req = req.header("Last-Event-ID", seq.to_string());
    }
    let mut resp = match req.send().await {
        Ok(r) => r,
        Err(e) => return Link::Broke(format!("connect: {e}"), false),
    };
    if resp.status() == StatusCode::UNAUTHORIZED {
        return Link::Refused;
    }
    let sse = resp
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/event-stream"));
    if !resp.status().is_success() || !sse {
        return Link::Broke(format!("not an event stream ({})", resp.status()), false);
    }
    shared.connected.store(true, Ordering::SeqCst);
    shared.too_much.store(false, Ordering::SeqCst);
    bus.publish(OrderEvent::Reload);
    let mut parser = Parser::default();
    loop {
        let wait = parser.line_deadline().map_or(SILENCE, |d| {
            SILENCE.min(d.saturating_duration_since(Instant::now()))
        });
        let chunk = match tokio::time::timeout(wait, resp.chunk()).await {
            Err(_) => {
                // not a byte for SILENCE, or a line that has not ended in time
                if let Err(e) = parser.late(Instant::now()) {
                    return Link::Broke(e.to_string(), false);
                }
                return Link::Broke("silent too long".into(), true);
            }
            Ok(Err(e)) => return Link::Broke(format!("read: {e}"), true),
            Ok(Ok(None)) => return Link::Broke("stream ended".into(), true),
            Ok(Ok(Some(c))) => c,
        };
        let events = match parser.push(&chunk, Instant::now()) {
            Ok(events) => events,
            // not reset to the shortest wait: a server that floods is not retried at once
            Err(e) => return Link::Broke(e.to_string(), false),
        };
        for e in events {
            match board_of(&e) {
                Ok(b) => {
                    shared.set_board(b);
                    bus.publish(OrderEvent::Reload);
                }
                Err(why) => return Link::Broke(format!("garbage from the server: {why}"), true),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn push(p: &mut Parser, bytes: &[u8]) -> Vec<SseEvent> {
        p.push(bytes, Instant::now()).expect("within bounds")
    }

    #[test]
    fn parses_events_split_anywhere() {
        let text =
            ": keep-alive\n\nid: 7\nevent: board\ndata: {\"seq\":7,\r\ndata: \"orders\":[]}\n\n";
        for cut in 0..text.len() {
            let mut p = Parser::default();
            let mut got = push(&mut p, &text.as_bytes()[..cut]);
            got.extend(push(&mut p, &text.as_bytes()[cut..]));
            assert_eq!(got.len(), 1, "cut at {cut}");
            let b = board_of(&got[0]).expect("a board");
            assert_eq!((b.seq, b.orders.len()), (7, 0));
        }
    }

    /// A bare CR ends a line too (the format allows CR LF, LF and CR): the hand-written
    /// parser took `id: 7\revent: board\r…` for one line and never saw an event.
    #[test]
    fn a_bare_cr_ends_a_line() {
        let text = "id: 7\revent: board\rdata: {\"seq\":7,\"orders\":[]}\r\r";
        for cut in 0..text.len() {
            let mut p = Parser::default();
            let mut got = push(&mut p, &text.as_bytes()[..cut]);
            got.extend(push(&mut p, &text.as_bytes()[cut..]));
            assert_eq!(got.len(), 1, "cut at {cut}: {got:?}");
            assert_eq!(board_of(&got[0]).expect("a board").seq, 7);
        }
    }

    #[test]
    fn garbage_is_refused() {
        let mut p = Parser::default();
        let e = push(
            &mut p,
            b"id: 3\nevent: board\ndata: {\"seq\":4,\"orders\":[]}\n\n",
        );
        assert!(board_of(&e[0]).is_err(), "id and board disagree");
        let e = push(&mut p, b"data: <html>\n\n");
        assert!(board_of(&e[0]).is_err());
        assert!(push(&mut p, b"\x00\xff\xfe no newline").is_empty());
    }

    /// Endless `data:` lines, each one short: the hand-written parser kept appending them to
    /// one event (1.2 GB in 10 s); now the event is refused past MAX_EVENT.
    #[test]
    fn an_endless_event_is_refused_past_the_bound() {
        let mut p = Parser::default();
        let line = format!("data: {}\n", "x".repeat(1000));
        let chunk = line.repeat(64);
        let mut fed = 0usize;
        let err = loop {
            match p.push(chunk.as_bytes(), Instant::now()) {
                Ok(events) => assert!(events.is_empty()),
                Err(e) => break e,
            }
            fed += chunk.len();
            assert!(fed < 2 * MAX_EVENT, "no bound after {fed} bytes");
        };
        assert!(fed <= MAX_EVENT + chunk.len(), "refused late: {fed}");
        assert!(err.to_string().contains("too much"), "{err}");
    }

    /// A line that never ends (a byte now and then keeps the silence timer quiet).
    #[test]
    fn a_line_that_never_ends_is_refused_after_its_time() {
        let mut p = Parser::default();
        let t0 = Instant::now();
        assert!(p.push(b"data: {\"seq\": 1", t0).expect("fine").is_empty());
        assert!(p.push(b"1", t0 + LINE_TIME / 2).is_ok());
        assert!(
            p.push(b"1", t0 + LINE_TIME + Duration::from_secs(1))
                .is_err()
        );
        // lines that end in time are fine however many there are
        let mut p = Parser::default();
        for i in 0..100u32 {
            let at = t0 + LINE_TIME / 4 * i;
            assert!(p.push(b": keep-alive\n\n", at).expect("fine").is_empty());
        }
    }

    /// Over real HTTP: a server answering an endless event makes the feed give up with
    /// "server sent too much" (and not grow).
    #[tokio::test]
    async fn a_hostile_server_is_dropped_with_server_sent_too_much() {
        use axum::routing::get;
        let endless = futures_util::stream::repeat_with(|| {
            Ok::<_, std::convert::Infallible>(format!("data: {}\n", "y".repeat(4096)))
        });
        let app = axum::Router::new().route(
            "/kds/v1/events",
            get(move || async move {
                (
                    [("content-type", "text/event-stream")],
                    axum::body::Body::from_stream(endless),
                )
            }),
        );
        let l = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = l.local_addr().expect("addr");
        tokio::spawn(async move {
            let _ = axum::serve(l, app).await;
        });
        let remote = Remote::new(&format!("http://{addr}"), "t").expect("client");
        let shared = Shared::default();
        let link =
            tokio::time::timeout(Duration::from_secs(30), once(&remote, &shared, &Bus::new()))
                .await
                .expect("the feed gave up in time");
        match link {
            Link::Broke(why, _) => assert!(why.contains("server sent too much"), "{why}"),
            Link::Refused => panic!("refused"),
        }
    }
}
