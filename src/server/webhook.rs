//! `GET /webhook` (Meta's handshake) and `POST /webhook` (deliveries).
//!
//! A POST is answered 200 only after everything it carried is durably in the
//! inbox; a forged or unsigned body is refused (401) with nothing stored; a
//! store failure answers 503 so Meta retries. Nothing slow happens here: the
//! worker processes the inbox and the sender talks to the Graph API.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use secrecy::ExposeSecret;
use serde::Deserialize;

use super::AppState;
use super::ingest::{Ingest, Job};
use crate::health::Health;
use crate::store::inbox::{NewInbound, NewStatus};
use crate::whatsapp::{inbound, signature};

/// Meta's documented maximum payload.
pub(crate) const MAX_BODY: usize = 3 * 1024 * 1024;
/// How long a delivery may wait for the inbox commit before we answer 503.
const STORE_TIMEOUT: Duration = Duration::from_secs(3);
/// A client that has not sent its whole body by then is cut off.
const BODY_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Deserialize)]
pub(crate) struct Handshake {
    #[serde(rename = "hub.mode")]
    mode: Option<String>,
    #[serde(rename = "hub.verify_token")]
    verify_token: Option<String>,
    #[serde(rename = "hub.challenge")]
    challenge: Option<String>,
}

/// Echo `hub.challenge` when the verify token matches; 403 otherwise.
pub(crate) async fn verify(State(app): State<AppState>, Query(q): Query<Handshake>) -> Response {
    let expected = app
        .cfg
        .whatsapp
        .verify_token
        .as_ref()
        .map(|s| s.expose_secret().to_string());
    let ok = q.mode.as_deref() == Some("subscribe")
        && expected.is_some_and(|e| {
            !e.is_empty()
                && q.verify_token
                    .as_deref()
                    .is_some_and(|t| constant_eq(t.as_bytes(), e.as_bytes()))
        });
    match (ok, q.challenge) {
        (true, Some(c)) => (StatusCode::OK, [("content-type", "text/plain")], c).into_response(),
        _ => StatusCode::FORBIDDEN.into_response(),
    }
}

fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// What `POST /webhook` needs of the shop, apart from the rest: axum clones a route's
/// state for every request, and the whole [`AppState`] (pools, configuration, the
/// secret's bytes) is a dozen reference counts and an allocation, where this is one.
pub struct Hook {
    /// The app secret keyed into HMAC once; `None` only with `--insecure-no-signature`.
    pub key: Option<signature::Key>,
    pub ingest: Ingest,
    pub health: Arc<Health>,
}

impl Hook {
    pub(crate) fn of(app: &AppState) -> Arc<Hook> {
        Arc::new(Hook {
            key: app.app_secret.as_deref().map(signature::Key::new),
            ingest: app.ingest.clone(),
            health: app.health.clone(),
        })
    }
}

/// Receive a delivery: read, verify, parse, store, then answer. The request is taken
/// whole (not its `HeaderMap`, which axum would copy) and only the signature is read.
#[tracing::instrument(skip_all, fields(bytes))]
pub(crate) async fn receive(State(app): State<Arc<Hook>>, req: Request) -> Response {
    let received_at = crate::clock::now();
    let (parts, body) = req.into_parts();
    let bytes = match read_body(body).await {
        Ok(b) => b,
        Err(status) => return status.into_response(),
    };
    tracing::Span::current().record("bytes", bytes.len());
    if let Some(key) = &app.key {
        let header = parts
            .headers
            .get("x-hub-signature-256")
            .and_then(|v| v.to_str().ok());
        if let Err(e) = key.verify(&bytes, header) {
            tracing::warn!(error = %e, "refused a webhook with a bad signature");
            return (StatusCode::UNAUTHORIZED, "bad signature").into_response();
        }
    }
    let delivery = match inbound::parse_delivery(&bytes) {
        Ok(d) => d,
        Err(e) => {
            tracing::warn!(error = %e, "refused a body that is not a WhatsApp notification");
            return (StatusCode::BAD_REQUEST, "not a WhatsApp notification").into_response();
        }
    };
    for r in &delivery.rejected {
        tracing::warn!(reason = %r, "skipped a malformed message inside a delivery");
    }
    for e in &delivery.errors {
        tracing::warn!(code = e.code, message = %e.message, "WhatsApp reported an error");
    }
    let mut decoded = Vec::with_capacity(delivery.messages.len());
    let job = Job {
        // the shop's echoes go into the inbox too, under the customer they went to
        messages: delivery
            .messages
            .into_iter()
            .chain(delivery.echoes)
            .map(|mut r| {
                decoded.extend(r.message.take());
                NewInbound::from(r)
            })
            .collect(),
        statuses: delivery.statuses.into_iter().map(NewStatus::from).collect(),
        decoded,
    };
    if job.messages.is_empty() && job.statuses.is_empty() {
        return (StatusCode::OK, "ok").into_response();
    }
    // Meta asks for answers within a second or so; a store that has not
    // committed by then answers 503 (a late commit makes the retry a no-op)
    let stored = tokio::time::timeout(STORE_TIMEOUT, app.ingest.store(job, received_at)).await;
    let stored = stored.unwrap_or_else(|_| Err("the inbox did not commit in time".to_string()));
    match stored {
        Ok(_) => {
            app.health.db_ok();
            (StatusCode::OK, "ok").into_response()
        }
        Err(e) => {
            app.health.db_failed(&e);
            tracing::error!(error = %e, "cannot store a delivery; answering 503 so Meta retries");
            (StatusCode::SERVICE_UNAVAILABLE, "try again").into_response()
        }
    }
}

/// Read at most [`MAX_BODY`] bytes within [`BODY_TIMEOUT`].
async fn read_body(body: Body) -> Result<Bytes, StatusCode> {
    match tokio::time::timeout(BODY_TIMEOUT, axum::body::to_bytes(body, MAX_BODY)).await {
        Err(_) => Err(StatusCode::REQUEST_TIMEOUT),
        Ok(Err(e)) => {
            let too_big = std::error::Error::source(&e)
                .is_some_and(|s| s.is::<http_body_util::LengthLimitError>())
                || e.to_string().contains("length limit");
            Err(if too_big {
                StatusCode::PAYLOAD_TOO_LARGE
            } else {
                StatusCode::BAD_REQUEST
            })
        }
        Ok(Ok(b)) => Ok(b),
    }
}
