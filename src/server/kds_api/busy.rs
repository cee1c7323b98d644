//! `POST /kds/v1/busy`: busy mode from a remote board (its `b` key) or a
//! script. Body `{"minutes": N, "for_minutes": M}`: N minutes added to every
//! quote (0 clears it), for M minutes (absent: until cleared). Answers the busy
//! mode now in force, `{"busy": {"minutes", "until"} | null}`; 400 for minutes
//! out of range. `GET /kds/v1/health` carries it as `"busy"` too.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::wire::BusyBody;
use super::{error, internal};
use crate::server::AppState;
use crate::service::pace::{BusyError, set_busy as set};

pub(super) async fn set_busy(State(s): State<AppState>, Json(b): Json<BusyBody>) -> Response {
    match set(
        &s.db,
        Some(&s.bus),
        b.minutes,
        b.for_minutes,
        crate::clock::now(),
    )
    .await
    {
        Ok(busy) => Json(serde_json::json!({ "busy": busy })).into_response(),
        Err(e @ (BusyError::Minutes | BusyError::For)) => {
            error(StatusCode::BAD_REQUEST, &e.to_string())
        }
        Err(BusyError::Store(e)) => internal(&e.into()),
    }
}
