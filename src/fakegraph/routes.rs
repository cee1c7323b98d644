//! The fake's HTTP surface, answering with Meta's shapes: `POST /{version}/{phone}/messages`
//! (sends and mark-reads), plus `GET /_fake/messages` (long poll) and `GET /_fake/stats`.

use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::state::{Received, Shared, Verdict};
use crate::whatsapp::outbound::check_limits;

/// The longest a long poll may wait, whatever it asks for.
const MAX_WAIT_MS: u64 = 60_000;

/// Meta's error envelope.
fn graph_error(status: StatusCode, code: i64, message: &str, details: Option<&str>) -> Response {
    let mut error = json!({"message": message, "type": "OAuthException", "code": code,
                           "fbtrace_id": "FAKEtrace"});
    if let Some(d) = details {
        error["error_data"] = json!({"messaging_product": "whatsapp", "details": d});
    }
    (status, Json(json!({ "error": error }))).into_response()
}

fn invalid_param(details: &str) -> Response {
    graph_error(
        StatusCode::BAD_REQUEST,
        100,
        "(#100) Invalid parameter",
        Some(details),
    )
}

/// Titles for the codes a test is likely to configure as permanent failures.
fn title(code: i64) -> &'static str {
    match code {
        131_026 => "Message undeliverable",
        131_047 => "Re-engagement message",
        131_049 => "This message was not delivered to maintain healthy ecosystem engagement.",
        131_050 => "User has stopped marketing messages",
        131_056 => "(Business Account, Consumer Account) pair rate limit hit",
        130_403 => "Recipient blocked",
        _ => "Message failed to send",
    }
}

fn authorized(shared: &Shared, headers: &HeaderMap) -> bool {
    let expected = format!("Bearer {}", shared.cfg.access_token);
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        == Some(expected.as_str())
}

pub(crate) async fn messages(
    State(shared): State<Arc<Shared>>,
    Path((version, phone_number_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(refusal) = refuse(&shared, &version, &phone_number_id, &headers) {
        shared.count_rejected();
        return refusal;
    }
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        shared.count_rejected();
        return invalid_param("Request body is not valid JSON.");
    };
    if let Err(violation) = check_limits(&body) {
        shared.count_rejected();
        return invalid_param(&violation.to_string());
    }
    // like Meta: a username's business-scoped user id goes in `recipient`; in `to` the send
    // fails (Meta reads `to` as a phone number)
    if let Some(to) = body.get("to").and_then(Value::as_str)
        && crate::domain::UserId::parse(to).is_ok()
    {
        shared.count_rejected();
        return invalid_param("Param to is not a valid phone number; use recipient for a user id.");
    }
    if body.get("status").is_some() {
        shared.count_mark_read();
        return Json(json!({"success": true})).into_response();
    }
    let to = body
        .get("to")
        .or(body.get("recipient"))
        .and_then(Value::as_str)
        .unwrap_or("");
    let forced = shared
        .fail_next
        .fetch_update(
            std::sync::atomic::Ordering::Relaxed,
            std::sync::atomic::Ordering::Relaxed,
            |n| n.checked_sub(1),
        )
        .is_ok();
    if forced {
        return answer(to, Verdict::Fail { server_error: true });
    }
    let (verdict, slow) = shared.decide(to, &body);
    if slow {
        // the message is already recorded: a client that times out meanwhile and resends
        // produces exactly the duplicate a real slow Meta would
        tokio::time::sleep(Duration::from_millis(shared.cfg.slow_ms)).await;
    }
    answer(to, verdict)
}

/// The refusal for a bad token, API version or phone number id (checked in that order, like
/// Meta), or `None` when the request may proceed.
fn refuse(shared: &Shared, version: &str, phone: &str, headers: &HeaderMap) -> Option<Response> {
    if shared
        .token_expired
        .load(std::sync::atomic::Ordering::Relaxed)
    {
        let msg = "Error validating access token: Session has expired.";
        return Some(graph_error(StatusCode::UNAUTHORIZED, 190, msg, None));
    }
    if !authorized(shared, headers) {
        let msg = "Invalid OAuth access token - Cannot parse access token";
        return Some(graph_error(StatusCode::UNAUTHORIZED, 190, msg, None));
    }
    if version != shared.cfg.api_version {
        let msg = format!("Unknown path components: /{version}/{phone}/messages");
        return Some(graph_error(StatusCode::BAD_REQUEST, 100, &msg, None));
    }
    if phone != shared.cfg.phone_number_id {
        let msg = format!(
            "Unsupported post request. Object with ID '{phone}' does not exist, cannot be loaded \
             due to missing permissions, or does not support this operation."
        );
        return Some(graph_error(StatusCode::BAD_REQUEST, 100, &msg, None));
    }
    None
}

fn answer(to: &str, verdict: Verdict) -> Response {
    match verdict {
        Verdict::Accept { wa_message_id } => {
            let wa_id: String = to.chars().filter(char::is_ascii_digit).collect();
            Json(json!({"messaging_product": "whatsapp",
                        "contacts": [{"input": to, "wa_id": wa_id}],
                        "messages": [{"id": wa_message_id}]}))
            .into_response()
        }
        Verdict::Fail { server_error: true } => graph_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            131_000,
            "(#131000) Something went wrong",
            Some("Message failed to send due to an unknown error."),
        ),
        Verdict::Fail {
            server_error: false,
        } => graph_error(
            StatusCode::TOO_MANY_REQUESTS,
            130_429,
            "(#130429) Rate limit hit",
            Some("Cloud API message throughput has been reached."),
        ),
        Verdict::Permanent { code } => {
            let msg = format!("(#{code}) {}", title(code));
            graph_error(StatusCode::BAD_REQUEST, code, &msg, Some(title(code)))
        }
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct Poll {
    to: Option<String>,
    #[serde(default)]
    after: u64,
    #[serde(default)]
    wait_ms: u64,
}

/// Long poll: answers as soon as there are messages to `to` after seq `after`, else after
/// `wait_ms` with an empty array.
pub(crate) async fn poll(
    State(shared): State<Arc<Shared>>,
    Query(q): Query<Poll>,
) -> Json<Vec<Received>> {
    let deadline = tokio::time::Instant::now() + Duration::from_millis(q.wait_ms.min(MAX_WAIT_MS));
    let to = q.to.as_deref().map(str::trim).filter(|t| !t.is_empty());
    loop {
        // register for the wake-up before looking, so an accept in between is not missed
        let notified = shared.notify.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        let found = shared.after(to, q.after);
        if !found.is_empty() || tokio::time::Instant::now() >= deadline {
            return Json(found);
        }
        let _ = tokio::time::timeout_at(deadline, notified).await;
    }
}

pub(crate) async fn stats(State(shared): State<Arc<Shared>>) -> Json<super::FakeStats> {
    Json(shared.stats())
}
