//! `GET /healthz`: the database's answer and the queues' backlogs, as JSON.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;

use super::AppState;
use crate::store::{inbox, outbox};

#[derive(Serialize)]
pub struct Report {
    status: &'static str,
    database: &'static str,
    backend: &'static str,
    inbox_backlog: Option<i64>,
    outbox_backlog: Option<i64>,
    failed_sends_last_hour: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// 200 `{"status":"ok", …}` while the database answers; 503 `degraded` otherwise.
pub async fn healthz(State(app): State<AppState>) -> (StatusCode, Json<Report>) {
    let backend = match app.db.backend() {
        crate::store::Backend::Sqlite => "sqlite",
        crate::store::Backend::Postgres => "postgres",
    };
    let probe = async {
        let mut c = app.db.read().await?;
        let inbox = inbox::backlog(&mut c.exec()).await?;
        let out = outbox::backlog(&mut c.exec()).await?;
        let failed =
            outbox::failed_since(&mut c.exec(), crate::clock::now_ms() - 3_600_000).await?;
        Ok::<_, crate::store::StoreError>((inbox, out, failed))
    };
    match tokio::time::timeout(Duration::from_secs(2), probe).await {
        Ok(Ok((inbox, out, failed))) => {
            app.health.db_ok();
            let report = Report {
                status: "ok",
                database: "ok",
                backend,
                inbox_backlog: Some(inbox),
                outbox_backlog: Some(out),
                failed_sends_last_hour: Some(failed),
                error: None,
            };
            (StatusCode::OK, Json(report))
        }
        other => {
            let e = match other {
                Ok(Err(e)) => e.to_string(),
                _ => "database did not answer within 2 s".to_string(),
            };
            app.health.db_failed(&e);
            let report = Report {
                status: "degraded",
                database: "unavailable",
                backend,
                inbox_backlog: None,
                outbox_backlog: None,
                failed_sends_last_hour: None,
                error: Some("database unavailable".into()),
            };
            (StatusCode::SERVICE_UNAVAILABLE, Json(report))
        }
    }
}
