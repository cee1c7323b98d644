//! Station routes: `POST /kds/v1/orders/{number}/lines` (a station finished
//! lines of an order, or takes them back) and `GET /kds/v1/stations` (the
//! stations the menu names, so a display can check its `--station`).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::super::AppState;
use super::wire::LinesBody;
use super::{error, internal};
use crate::domain::OrderNumber;
use crate::service::stations::LineError;
use crate::store::stations;

/// 204 done; 404 no open order; 400 a position that is not a station line;
/// 409 a line already in that state (another screen was first: nothing changed).
pub(super) async fn set_lines(
    State(s): State<AppState>,
    Path(number): Path<OrderNumber>,
    Json(b): Json<LinesBody>,
) -> Response {
    let now = crate::clock::now();
    let r = async {
        let mut change = crate::service::Change::begin(&s.db, Some(&s.bus)).await?;
        let (mut conn, events) = change.parts();
        crate::service::stations::set_lines(&mut conn, number, &b.positions, b.done, now, events)
            .await?;
        change.commit().await?;
        Ok::<_, LineError>(())
    };
    match r.await {
        Ok(_) => StatusCode::NO_CONTENT.into_response(),
        Err(e @ LineError::UnknownOrder(_)) => error(StatusCode::NOT_FOUND, &e.to_string()),
        Err(e @ (LineError::NoSuchLine { .. } | LineError::Empty)) => {
            error(StatusCode::BAD_REQUEST, &e.to_string())
        }
        Err(e @ LineError::Raced { .. }) => error(StatusCode::CONFLICT, &e.to_string()),
        Err(e) => internal(&e.into()),
    }
}

/// `["içecek", "ızgara"]`: the stations the menu names (`expo` is always there too).
pub(super) async fn stations(State(s): State<AppState>) -> Response {
    let known = async {
        let mut reader = s.db.read().await?;
        stations::known(&mut reader.exec()).await
    };
    match known.await {
        Ok(list) => Json(list).into_response(),
        Err(e) => internal(&e.into()),
    }
}
