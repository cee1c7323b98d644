//! `GET /healthz`: the database's answer and the queues' backlogs, as JSON, with every
//! reason for `degraded` said in words (see [`crate::health`]).

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;

use super::AppState;
use crate::domain::time::{At, Span};
use crate::health::TOKEN_REJECTED;
use crate::store::{StoreError, inbox, outbox};

#[derive(Serialize)]
pub(crate) struct Report {
    status: &'static str,
    database: &'static str,
    backend: &'static str,
    inbox_backlog: Option<i64>,
    outbox_backlog: Option<i64>,
    failed_sends_last_hour: Option<i64>,
    /// Age of the oldest message waiting for the worker, in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    oldest_waiting_seconds: Option<i64>,
    whatsapp: &'static str,
    /// Stored sessions found unreadable since this process started (kept, not emptied).
    unreadable_sessions: i64,
    /// Every reason for `degraded`, in words.
    problems: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// How recently this process's worker must have finished a batch for a late
/// inbox to count as being drained rather than stalled.
const DRAINING_WITHIN: Span = Span::millis(10_000);

/// The inbox's problem, if the oldest waiting message is `age` s old with the
/// alert at `stall` s (0: off): "behind by N s, draining" while this process's
/// worker keeps finishing batches (`progressed_at`), else nobody works it.
fn inbox_problem(
    age: i64,
    stall: i64,
    waiting: i64,
    progressed_at: Option<At>,
    now: At,
) -> Option<String> {
    if stall <= 0 || age < stall {
        return None;
    }
    let draining =
        progressed_at.is_some_and(|t| now - t <= DRAINING_WITHIN.max(Span::millis(stall * 1000)));
    Some(if draining {
        format!("behind by {age} s, draining ({waiting} messages waiting)")
    } else {
        format!("no process works the inbox: the oldest waiting message is {age} s old")
    })
}

/// 200 `{"status":"ok", …}` while the database answers and writes, its file is where it was,
/// Meta takes our token and the inbox is worked; 503 `degraded` with the reasons otherwise.
pub(crate) async fn healthz(State(app): State<AppState>) -> (StatusCode, Json<Report>) {
    let backend = match app.db.backend() {
        crate::store::Backend::Sqlite => "sqlite",
        crate::store::Backend::Postgres => "postgres",
    };
    let at = crate::clock::now();
    let mut problems = Vec::new();
    let token = app.health.token_rejected();
    if token {
        problems.push(TOKEN_REJECTED.to_string());
    }
    if let Some(p) = app.health.file_problem() {
        problems.push(p);
    }
    let whatsapp = if token { "token rejected" } else { "ok" };
    let Some(b) = read_backlogs(&app, at).await else {
        problems.insert(0, "database unavailable".into());
        let report = Report {
            status: "degraded",
            database: "unavailable",
            backend,
            inbox_backlog: None,
            outbox_backlog: None,
            failed_sends_last_hour: None,
            oldest_waiting_seconds: None,
            whatsapp,
            unreadable_sessions: crate::health::unreadable_sessions(),
            error: Some(problems.join("; ")),
            problems,
        };
        return (StatusCode::SERVICE_UNAVAILABLE, Json(report));
    };
    let database = match write_problem(&app, at).await {
        Some(p) => {
            problems.push(p);
            "cannot write"
        }
        None => "ok",
    };
    let oldest_s = b.oldest.map(|t| (at - t).whole_seconds().max(0));
    let stall = i64::from(app.cfg.server.stall_alert_seconds);
    if let Some(age) = oldest_s {
        problems.extend(inbox_problem(
            age,
            stall,
            b.inbox,
            app.health.worker_progressed_at(),
            at,
        ));
    }
    let ok = problems.is_empty();
    let report = Report {
        status: if ok { "ok" } else { "degraded" },
        database,
        backend,
        inbox_backlog: Some(b.inbox),
        outbox_backlog: Some(b.outbox),
        failed_sends_last_hour: Some(b.failed),
        oldest_waiting_seconds: oldest_s,
        whatsapp,
        unreadable_sessions: crate::health::unreadable_sessions(),
        error: (!ok).then(|| problems.join("; ")),
        problems,
    };
    let code = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (code, Json(report))
}

/// What the queues hold, read within 2 s.
struct Backlogs {
    inbox: i64,
    oldest: Option<At>,
    outbox: i64,
    failed: i64,
}

/// The queues' backlogs, or `None` (recorded in the process health) when the
/// database failed or did not answer within 2 s.
async fn read_backlogs(app: &AppState, now: At) -> Option<Backlogs> {
    let probe = async {
        let mut reader = app.db.read().await?;
        Ok::<_, StoreError>(Backlogs {
            inbox: inbox::backlog(&mut reader.exec()).await?,
            oldest: inbox::oldest_pending_received(&mut reader.exec()).await?,
            outbox: outbox::backlog(&mut reader.exec()).await?,
            failed: outbox::failed_since(&mut reader.exec(), now - Span::hours(1)).await?,
        })
    };
    let e = match tokio::time::timeout(Duration::from_secs(2), probe).await {
        Ok(Ok(b)) => {
            app.health.db_ok();
            return Some(b);
        }
        Ok(Err(e)) => e.to_string(),
        Err(_) => "database did not answer within 2 s".to_string(),
    };
    app.health.db_failed(&e);
    None
}

/// After a refused write, one probe write (within 2 s): the problem while
/// writes are still refused.
async fn write_problem(app: &AppState, now: At) -> Option<String> {
    app.health.write_error()?;
    match tokio::time::timeout(Duration::from_secs(2), app.db.probe_write(now)).await {
        Ok(Ok(())) => app.health.write_ok(),
        Ok(Err(e)) => app.health.write_failed(&e),
        Err(_) => {}
    }
    app.health
        .write_error()
        .map(|e| format!("database cannot write: {e}"))
}

#[cfg(test)]
mod tests {
    use super::inbox_problem;
    use crate::domain::time::{At, Span};

    const NOW: At = At::from_millis(1_780_315_200_000);

    #[test]
    fn a_late_inbox_being_worked_is_draining_not_stalled() {
        let p = inbox_problem(95, 60, 4000, Some(NOW - Span::millis(300)), NOW).expect("late");
        assert_eq!(p, "behind by 95 s, draining (4000 messages waiting)");
        let p = inbox_problem(95, 60, 4000, None, NOW).expect("late");
        assert!(p.starts_with("no process works the inbox"), "{p}");
        // a worker that stopped a while ago is not draining
        let p = inbox_problem(300, 60, 4, Some(NOW - Span::millis(120_000)), NOW).expect("late");
        assert!(p.starts_with("no process works the inbox"), "{p}");
        assert_eq!(inbox_problem(30, 60, 4, None, NOW), None);
        assert_eq!(inbox_problem(3000, 0, 4, None, NOW), None);
    }
}
