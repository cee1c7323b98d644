//! `Idempotency-Key` on the display routes' writes. The browser board gives
//! every action (a bump, a rush, an 86, …) its own key and sends it again,
//! with the same key, until it gets an answer — after a dropped connection,
//! from its offline queue. The first request with a key runs; a later one with
//! the same key (and path) gets the first one's status and body back with
//! `Idempotent-Replayed: true` and changes nothing, so a retry can never bump
//! an order twice. While the first is still running, a repeat gets 409.
//! Answers are kept in the serving process's memory for [`KEEP`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use super::error;

/// How long an answer is kept for repeats.
pub(super) const KEEP: Duration = Duration::from_secs(24 * 3600);
/// The longest key taken; longer ones are refused (400).
const MAX_KEY: usize = 128;
/// Answers are small (`204`, or `{"error": …}`); a bigger body is not kept.
const MAX_BODY: usize = 64 * 1024;

enum Entry {
    Running,
    Done {
        status: StatusCode,
        body: axum::body::Bytes,
        at: Instant,
    },
}

/// One server's answers by path and key.
#[derive(Clone, Default)]
pub(super) struct Seen(Arc<Mutex<HashMap<String, Entry>>>);

impl Seen {
    fn with<T>(&self, f: impl FnOnce(&mut HashMap<String, Entry>) -> T) -> T {
        f(&mut self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// `Some(None)`: the first is still running; `Some(Some(answer))`: its answer;
/// `None`: the first with this key (now marked running).
fn lookup(
    seen: &mut HashMap<String, Entry>,
    slot: &str,
    now: Instant,
) -> Option<Option<(StatusCode, axum::body::Bytes)>> {
    if seen.len() > 1000 {
        seen.retain(|_, e| match e {
            Entry::Running => true,
            Entry::Done { at, .. } => now.duration_since(*at) < KEEP,
        });
    }
    match seen.get(slot) {
        Some(Entry::Running) => Some(None),
        Some(Entry::Done { status, body, at }) if now.duration_since(*at) < KEEP => {
            Some(Some((*status, body.clone())))
        }
        _ => {
            seen.insert(slot.to_string(), Entry::Running);
            None
        }
    }
}

/// The middleware: POSTs with an `Idempotency-Key` run at most once per key.
pub(super) async fn once(State(seen): State<Seen>, req: Request, next: Next) -> Response {
    if req.method() != Method::POST {
        return next.run(req).await;
    }
    let Some(key) = req
        .headers()
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_string)
    else {
        return next.run(req).await;
    };
    if key.len() > MAX_KEY {
        return error(StatusCode::BAD_REQUEST, "Idempotency-Key is too long");
    }
    let slot = format!("{} {key}", req.uri().path());
    let now = Instant::now();
    match seen.with(|m| lookup(m, &slot, now)) {
        Some(None) => {
            return error(
                StatusCode::CONFLICT,
                "the same action (Idempotency-Key) is still being done",
            );
        }
        Some(Some((status, body))) => {
            let mut r = Response::new(Body::from(body));
            *r.status_mut() = status;
            r.headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
            if status != StatusCode::NO_CONTENT {
                r.headers_mut().insert(
                    axum::http::header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
            }
            return r;
        }
        None => {}
    }
    let r = next.run(req).await;
    let status = r.status();
    // A failure of ours (5xx) is not an answer: the same key may try again.
    if status.is_server_error() {
        seen.with(|m| m.remove(&slot));
        return r;
    }
    let (parts, body) = r.into_parts();
    match to_bytes(body, MAX_BODY).await {
        Ok(bytes) => {
            let done = Entry::Done {
                status,
                body: bytes.clone(),
                at: Instant::now(),
            };
            seen.with(|m| m.insert(slot, done));
            Response::from_parts(parts, Body::from(bytes))
        }
        Err(_) => {
            seen.with(|m| m.remove(&slot));
            error(StatusCode::INTERNAL_SERVER_ERROR, "answer too large")
        }
    }
}
