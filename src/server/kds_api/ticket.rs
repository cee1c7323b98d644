//! Short-lived tickets for a browser's event stream. `EventSource` cannot
//! send an `Authorization` header, and the long-lived display token must never
//! sit in a URL that reaches a log, so the browser board first asks
//! `POST /kds/v1/ticket` (with its bearer token) for a ticket: 32 random bytes,
//! good for one connection within [`TTL`]. It then opens
//! `GET /kds/v1/events?ticket=T&last=N`; [`bearer_from_ticket`] takes the
//! ticket out of the address (so the URI that is served and logged has no
//! secret) and turns it back into the token's `Authorization` header, and
//! `last` into `Last-Event-ID`, before the usual token check runs — a revoked
//! token is refused just as in a header.

use std::collections::HashMap;
use std::io::Read as _;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};

use super::error;

/// How long a ticket can wait to be used.
pub(crate) const TICKET_TTL: Duration = Duration::from_secs(60);
use TICKET_TTL as TTL;

/// One server's tickets: ticket → (the bearer token it stands for, when it was
/// made). In memory: a ticket is worth nothing after a restart, and the page
/// asks for another. Reaches the handlers as a request extension.
#[derive(Clone, Default)]
pub(crate) struct Tickets(Arc<Mutex<HashMap<String, (String, Instant)>>>);

fn random_hex() -> Option<String> {
    let mut bytes = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .ok()?;
    Some(hex::encode(bytes))
}

/// `POST /kds/v1/ticket` (behind the token check): `{"ticket": "…", "expires_in_ms": N}`.
pub(super) async fn issue(Extension(tickets): Extension<Tickets>, headers: HeaderMap) -> Response {
    let Some(token) = bearer(&headers) else {
        return error(StatusCode::UNAUTHORIZED, "missing display token");
    };
    let Some(ticket) = random_hex() else {
        return error(StatusCode::SERVICE_UNAVAILABLE, "no random source");
    };
    let now = Instant::now();
    let mut map = tickets.0.lock().unwrap_or_else(PoisonError::into_inner);
    map.retain(|_, (_, at)| now.duration_since(*at) < TTL);
    map.insert(ticket.clone(), (token, now));
    drop(map);
    Json(serde_json::json!({
        "ticket": ticket,
        "expires_in_ms": TTL.as_millis() as u64,
    }))
    .into_response()
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// Take (and use up) a ticket, if it is still good.
fn redeem(tickets: &Tickets, ticket: &str) -> Option<String> {
    let mut map = tickets.0.lock().unwrap_or_else(PoisonError::into_inner);
    let (token, at) = map.remove(ticket)?;
    (at.elapsed() < TTL).then_some(token)
}

/// The token check's hook: a request whose query has `ticket=` loses the whole
/// query; a good ticket becomes `Authorization: Bearer TOKEN` and `last=N`
/// becomes `Last-Event-ID: N`. A used, unknown or expired ticket adds nothing,
/// so the check answers 401 as for a missing token.
pub(crate) fn bearer_from_ticket(mut req: Request) -> Request {
    let Some(query) = req.uri().query() else {
        return req;
    };
    let mut ticket = None;
    let mut last = None;
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        match &*k {
            "ticket" => ticket = Some(v.into_owned()),
            "last" => last = v.parse::<i64>().ok(),
            _ => {}
        }
    }
    let Some(ticket) = ticket else {
        return req;
    };
    if let Ok(uri) = req.uri().path().parse::<Uri>() {
        *req.uri_mut() = uri;
    }
    let tickets = req
        .extensions()
        .get::<Tickets>()
        .cloned()
        .unwrap_or_default();
    let Some(token) = redeem(&tickets, &ticket) else {
        return req;
    };
    let headers = req.headers_mut();
    if !headers.contains_key(header::AUTHORIZATION)
        && let Ok(v) = HeaderValue::from_str(&format!("Bearer {token}"))
    {
        headers.insert(header::AUTHORIZATION, v);
    }
    if let Some(n) = last
        && !headers.contains_key("last-event-id")
    {
        headers.insert("last-event-id", HeaderValue::from(n));
    }
    req
}
