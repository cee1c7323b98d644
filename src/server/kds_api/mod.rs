//! `/kds/v1/…`: the routes a remote kitchen display (`maydanoz kds --connect`)
//! uses. Every route first checks `Authorization: Bearer TOKEN` against the
//! stored token hashes and answers 401 without a valid one. Reads and writes
//! go through the same [`StoreKds`] the local board uses, so a remote bump is
//! the same transaction, customer message and bus event as a local one.
//! The live feed is in [`stream`], the boards' JSON types in [`wire`]; the routes
//! are written up in docs/kds-api.md.

mod busy;
mod idempotency;
mod lines;
mod stream;
pub(crate) mod ticket;
pub(crate) mod wire;

use std::sync::Arc;

use super::AppState;
use crate::domain::OrderNumber;
use crate::domain::order::OrderStatus;
use crate::kds::KdsBackend;
use crate::service::ChangeError;
use crate::service::kds::StoreKds;
use crate::store::kds_tokens;
use axum::extract::{Path, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use wire::{AnswerCancelBody, AvailableBody, RushBody, StatusBody};

/// The display routes, to be nested under `/kds/v1`.
pub(crate) fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/orders", get(orders))
        .route("/events", get(stream::events))
        .route("/orders/{number}/status", post(set_status))
        .route("/orders/{number}/rush", post(set_rush))
        .route("/orders/{number}/print", post(reprint))
        .route("/orders/{number}/cancel-request", post(answer_cancel))
        .route("/products", get(products))
        .route("/products/{id}/available", post(set_available))
        .route("/health", get(health))
        .route("/waiting", get(waiting))
        .route("/waiting/{phone}/done", post(hand_back))
        .route("/orders/{number}/lines", post(lines::set_lines))
        .route("/stations", get(lines::stations))
        .route("/busy", post(busy::set_busy))
        .route("/ticket", post(ticket::issue))
        .layer(middleware::from_fn_with_state(
            idempotency::Seen::default(),
            idempotency::once,
        ))
        .layer(middleware::from_fn_with_state(state, auth))
        .layer(axum::Extension(ticket::Tickets::default()))
}

/// 401 unless the request carries a token that `kds token create` made.
async fn auth(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let req = ticket::bearer_from_ticket(req);
    let token = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(bearer_token)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string);
    let Some(token) = token else {
        return error(StatusCode::UNAUTHORIZED, "missing display token");
    };
    let checked = async {
        let mut reader = s.db.read().await?;
        kds_tokens::check(&mut reader.exec(), &token).await
    };
    match checked.await {
        Ok(Some(name)) => {
            tracing::debug!(display = %name, "display token accepted");
            let mut req = req;
            req.extensions_mut()
                .insert(stream::Credential::Token(token));
            next.run(req).await
        }
        Ok(None) => error(StatusCode::UNAUTHORIZED, "wrong or revoked display token"),
        Err(e) => {
            tracing::error!(error = %e, "checking a display token failed");
            error(StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// The token of an `Authorization: Bearer TOKEN` value; the scheme's name is
/// case-insensitive (RFC 9110 §11.1), so `bearer` and `BEARER` are the same.
fn bearer_token(v: &str) -> Option<&str> {
    let (scheme, token) = v.trim_start().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token)
}

/// `{"error": "…"}` with `status`.
pub(super) fn error(status: StatusCode, text: &str) -> Response {
    let mut r = (status, Json(serde_json::json!({ "error": text }))).into_response();
    if status == StatusCode::UNAUTHORIZED {
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer"),
        );
    }
    r
}

/// The backend the local board uses, on this request's state.
fn backend(s: &AppState) -> StoreKds {
    StoreKds {
        db: s.db.clone(),
        bus: s.bus.clone(),
        health: Arc::clone(&s.health),
        tz: s.cfg.restaurant.timezone.clone(),
        report: crate::domain::report::Settings::from_config(&s.cfg),
        print_on_first_bump: s.cfg.printer.target.is_some()
            && s.cfg.printer.print_on == crate::print::PrintOn::FirstBump,
        today_cache: Arc::clone(&s.today_cache),
    }
}

/// 404 with `what` when the store found no such row (a board's stale or mistyped
/// number is the caller's mistake, not the server's), else [`internal`].
fn not_found_or_internal(e: &anyhow::Error, what: &str) -> Response {
    match e.downcast_ref::<crate::store::StoreError>() {
        Some(crate::store::StoreError::NotFound) => error(StatusCode::NOT_FOUND, what),
        _ => internal(e),
    }
}

pub(super) fn internal(e: &anyhow::Error) -> Response {
    tracing::error!(error = %format!("{e:#}"), "display request failed");
    error(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
}

/// The open board and the change it reflects: `{"seq": N, "orders": [...]}`.
async fn orders(State(s): State<AppState>) -> Response {
    match stream::board(&s.db).await {
        Ok(b) => Json(b).into_response(),
        Err(e) => internal(&e.into()),
    }
}

async fn set_status(
    State(s): State<AppState>,
    Path(number): Path<OrderNumber>,
    Json(b): Json<StatusBody>,
) -> Response {
    let Some(to) = OrderStatus::parse(&b.to) else {
        return error(StatusCode::BAD_REQUEST, "unknown status");
    };
    match backend(&s).set_status(number, to).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => match e.downcast_ref::<ChangeError>() {
            Some(ChangeError::UnknownOrder(_)) => error(StatusCode::NOT_FOUND, &e.to_string()),
            Some(ChangeError::Transition { .. } | ChangeError::Raced { .. }) => {
                error(StatusCode::CONFLICT, &e.to_string())
            }
            _ => internal(&e),
        },
    }
}

async fn set_rush(
    State(s): State<AppState>,
    Path(number): Path<OrderNumber>,
    Json(b): Json<RushBody>,
) -> Response {
    let rush = async {
        let mut change = crate::service::Change::begin(&s.db, Some(&s.bus)).await?;
        let (mut conn, events) = change.parts();
        crate::service::set_rush(&mut conn, number, b.rush, events).await?;
        change.commit().await?;
        Ok::<_, ChangeError>(())
    };
    match rush.await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(ChangeError::UnknownOrder(n)) => {
            error(StatusCode::NOT_FOUND, &format!("no open order {n}"))
        }
        Err(e) => internal(&e.into()),
    }
}

/// Accept or refuse the customer's cancel request on order `number` (the board's `x`):
/// 404 for no such order, 409 when no request waits (another board answered it).
async fn answer_cancel(
    State(s): State<AppState>,
    Path(number): Path<OrderNumber>,
    Json(b): Json<AnswerCancelBody>,
) -> Response {
    let now = crate::clock::now();
    match crate::service::cancel_request::answer(&s.db, Some(&s.bus), number, b.accept, now).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e @ ChangeError::UnknownOrder(_)) => error(StatusCode::NOT_FOUND, &e.to_string()),
        Err(
            e @ (ChangeError::NoCancelRequest(_)
            | ChangeError::Transition { .. }
            | ChangeError::Raced { .. }),
        ) => error(StatusCode::CONFLICT, &e.to_string()),
        Err(e) => internal(&e.into()),
    }
}

/// Queue the kitchen ticket of order `number` for printing again (the board's `P`).
async fn reprint(State(s): State<AppState>, Path(number): Path<OrderNumber>) -> Response {
    match backend(&s).reprint(number).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => not_found_or_internal(&e, &format!("no order {number}")),
    }
}

async fn products(State(s): State<AppState>) -> Response {
    match backend(&s).products().await {
        Ok(p) => Json(p).into_response(),
        Err(e) => internal(&e),
    }
}

async fn set_available(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    Json(b): Json<AvailableBody>,
) -> Response {
    match backend(&s).set_available(id, b.available).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => not_found_or_internal(&e, &format!("no product {id}")),
    }
}

async fn health(State(s): State<AppState>) -> Response {
    match backend(&s).health(crate::clock::now()).await {
        Ok(h) => Json(h).into_response(),
        Err(e) => internal(&e),
    }
}

/// Customers waiting for a person, with their last messages (the `w` panel).
async fn waiting(State(s): State<AppState>) -> Response {
    match backend(&s).waiting(crate::clock::now()).await {
        Ok(w) => Json(w).into_response(),
        Err(e) => internal(&e),
    }
}

/// Hand a customer back to the bot: 204, or 404 when nobody by that number was waiting.
async fn hand_back(State(s): State<AppState>, Path(phone): Path<String>) -> Response {
    let Ok(phone) = crate::domain::CustomerId::parse(&phone) else {
        return error(StatusCode::NOT_FOUND, "nobody by that number is waiting");
    };
    let now = crate::clock::now();
    let back = async {
        let mut change = crate::service::Change::begin(&s.db, Some(&s.bus)).await?;
        let (mut conn, events) = change.parts();
        let was =
            crate::service::support::hand_back(&mut conn, &phone, now, "board", events).await?;
        change.commit().await?;
        Ok::<_, crate::store::StoreError>(was)
    };
    match back.await {
        Ok(true) => StatusCode::NO_CONTENT.into_response(),
        Ok(false) => error(StatusCode::NOT_FOUND, "nobody by that number is waiting"),
        Err(e) => internal(&e.into()),
    }
}
