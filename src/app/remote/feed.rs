//! Following `/kds/v1/events`: read server-sent events, keep the latest board
//! in [`Shared`], ring the local bus so the board redraws at once. On any
//! break (server gone, stream ended, silence past [`SILENCE`], garbage) mark
//! the link lost, wait a moment and reconnect with `Last-Event-ID`, so the
//! server sends a board only if something changed meanwhile.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use reqwest::StatusCode;
use tokio_util::sync::CancellationToken;

use super::client::{Remote, Shared};
use crate::events::{Bus, OrderEvent};
use crate::kds::Board;

/// The server sends a keep-alive every 5 s; this long without a byte is a dead link.
pub const SILENCE: Duration = Duration::from_secs(12);
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

/// Incremental SSE parser (the `text/event-stream` format): feed bytes, get events.
#[derive(Default)]
pub struct Parser {
    buf: Vec<u8>,
    cur: SseEvent,
    has_data: bool,
}

impl Parser {
    /// Add `bytes`; returns the events they completed.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<SseEvent> {
        self.buf.extend_from_slice(bytes);
        let mut out = Vec::new();
        while let Some(nl) = self.buf.iter().position(|&b| b == b'\n') {
            let mut line: Vec<u8> = self.buf.drain(..=nl).collect();
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            let line = String::from_utf8_lossy(&line).into_owned();
            if line.is_empty() {
                if self.has_data {
                    out.push(std::mem::take(&mut self.cur));
                }
                self.cur = SseEvent::default();
                self.has_data = false;
                continue;
            }
            if line.starts_with(':') {
                continue;
            }
            let (field, value) = line.split_once(':').unwrap_or((line.as_str(), ""));
            let value = value.strip_prefix(' ').unwrap_or(value).to_string();
            match field {
                "id" => self.cur.id = Some(value),
                "event" => self.cur.event = Some(value),
                "data" => {
                    if self.has_data {
                        self.cur.data.push('\n');
                    }
                    self.cur.data.push_str(&value);
                    self.has_data = true;
                }
                _ => {}
            }
        }
        out
    }
}

/// A board event checked: the id is the board's own sequence.
pub fn board_of(e: &SseEvent) -> Result<Board, String> {
    if e.event.as_deref() != Some("board") {
        return Err(format!("unexpected event {:?}", e.event));
    }
    let b: Board = serde_json::from_str(&e.data).map_err(|err| format!("bad board: {err}"))?;
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
                tracing::warn!(%why, "display feed: link lost; reconnecting");
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
    bus.publish(OrderEvent::Reload);
    let mut parser = Parser::default();
    loop {
        let chunk = match tokio::time::timeout(SILENCE, resp.chunk()).await {
            Err(_) => return Link::Broke("silent too long".into(), true),
            Ok(Err(e)) => return Link::Broke(format!("read: {e}"), true),
            Ok(Ok(None)) => return Link::Broke("stream ended".into(), true),
            Ok(Ok(Some(c))) => c,
        };
        for e in parser.push(&chunk) {
            match board_of(&e) {
                Ok(b) => {
                    shared.set_board(b);
                    bus.publish(OrderEvent::Reload);
                }
                Err(why) => return Link::Broke(format!("garbage from the server: {why}"), true),
            }
        }
        if parser.buf.len() > 8 << 20 {
            return Link::Broke("garbage from the server: an event over 8 MiB".into(), true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_events_split_anywhere() {
        let text =
            ": keep-alive\n\nid: 7\nevent: board\ndata: {\"seq\":7,\r\ndata: \"orders\":[]}\n\n";
        for cut in 0..text.len() {
            let mut p = Parser::default();
            let mut got = p.push(&text.as_bytes()[..cut]);
            got.extend(p.push(&text.as_bytes()[cut..]));
            assert_eq!(got.len(), 1, "cut at {cut}");
            let b = board_of(&got[0]).expect("a board");
            assert_eq!((b.seq, b.orders.len()), (7, 0));
        }
    }

    #[test]
    fn garbage_is_refused() {
        let mut p = Parser::default();
        let e = p.push(b"id: 3\nevent: board\ndata: {\"seq\":4,\"orders\":[]}\n\n");
        assert!(board_of(&e[0]).is_err(), "id and board disagree");
        let e = p.push(b"data: <html>\n\n");
        assert!(board_of(&e[0]).is_err());
        assert!(p.push(b"\x00\xff\xfe no newline").is_empty());
    }
}
