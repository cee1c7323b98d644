//! The print queue, a second outbox: a job per order and kind, written in the
//! transaction that decided to print, worked by the printer task
//! (`queue::printer`), ended `printed` or `skipped` (with the reason), never
//! dropped silently. The idempotency key makes a second write of the same job
//! a no-op, so a retried transaction or a second bump never prints twice.

use crate::domain::OrderNumber;

use super::{Exec, StoreError};
use crate::args;
use crate::domain::order::Fulfilment;
use crate::domain::time::At;

/// What a job prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The kitchen ticket.
    Ticket,
    /// The slip that leaves with the courier (delivery orders only).
    Slip,
}

impl Kind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Ticket => "ticket",
            Kind::Slip => "slip",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Kind> {
        match s {
            "ticket" => Some(Kind::Ticket),
            "slip" => Some(Kind::Slip),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub(crate) struct PrintJob {
    pub id: i64,
    pub idem_key: String,
    #[sqlx(try_from = "i64")]
    pub order_number: OrderNumber,
    pub kind: String,
    pub attempts: i64,
    pub next_attempt_at: At,
    pub created_at: At,
}

/// Queue one job under `key`; returns whether it is new (false: already queued once).
pub(crate) async fn enqueue(
    conn: &mut Exec<'_>,
    key: &str,
    order_number: OrderNumber,
    kind: Kind,
    now: At,
) -> Result<bool, StoreError> {
    let n = conn
        .execute(
            r#"INSERT INTO print_jobs (idem_key, order_number, kind, next_attempt_at, created_at)
               VALUES ($1, $2, $3, $4, $4) ON CONFLICT (idem_key) DO NOTHING"#,
            args![key, order_number, kind.as_str(), now.as_millis()],
        )
        .await?;
    Ok(n > 0)
}

/// The order's first printing: the kitchen ticket, and the courier slip for a
/// delivery. Keyed by order and kind, so calling it again is a no-op.
pub async fn enqueue_order(
    conn: &mut Exec<'_>,
    order_number: OrderNumber,
    fulfilment: Fulfilment,
    now: At,
) -> Result<(), StoreError> {
    let key = format!("{order_number}:ticket");
    enqueue(conn, &key, order_number, Kind::Ticket, now).await?;
    if fulfilment == Fulfilment::Delivery {
        let key = format!("{order_number}:slip");
        enqueue(conn, &key, order_number, Kind::Slip, now).await?;
    }
    Ok(())
}

/// A reprint asked for from the board: its own key (order, "reprint", time),
/// so it prints even though the first ticket did.
pub(crate) async fn enqueue_reprint(
    conn: &mut Exec<'_>,
    order_number: OrderNumber,
    now: At,
) -> Result<(), StoreError> {
    let key = format!("{order_number}:reprint:{}", now.as_millis());
    enqueue(conn, &key, order_number, Kind::Ticket, now).await?;
    Ok(())
}

/// Pending jobs in the order they were queued.
pub(crate) async fn pending(conn: &mut Exec<'_>, limit: i64) -> Result<Vec<PrintJob>, StoreError> {
    conn.fetch_all(
        r#"SELECT id, idem_key, order_number, kind, attempts, next_attempt_at, created_at
           FROM print_jobs WHERE state = 'pending' ORDER BY id LIMIT $1"#,
        args![limit],
    )
    .await
}

/// The printer took the bytes.
pub(crate) async fn mark_printed(conn: &mut Exec<'_>, id: i64, now: At) -> Result<(), StoreError> {
    let now = now.as_millis();
    conn.execute(
        r#"UPDATE print_jobs SET state = 'printed', attempts = attempts + 1, last_error = NULL, done_at = $1
           WHERE id = $2 AND state = 'pending'"#,
        args![now, id],
    )
    .await?;
    Ok(())
}

/// Not printed on purpose, with the reason kept.
pub(crate) async fn mark_skipped(
    conn: &mut Exec<'_>,
    id: i64,
    reason: &str,
    now: At,
) -> Result<(), StoreError> {
    let now = now.as_millis();
    conn.execute(
        r#"UPDATE print_jobs SET state = 'skipped', last_error = $1, done_at = $2
           WHERE id = $3 AND state = 'pending'"#,
        args![reason, now, id],
    )
    .await?;
    Ok(())
}

/// The printer did not take it: keep the job, try again at `next_at`.
pub(crate) async fn mark_retry(
    conn: &mut Exec<'_>,
    id: i64,
    error: &str,
    next_at: At,
) -> Result<(), StoreError> {
    let next_at = next_at.as_millis();
    conn.execute(
        r#"UPDATE print_jobs SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2
           WHERE id = $3 AND state = 'pending'"#,
        args![error, next_at, id],
    )
    .await?;
    Ok(())
}

/// The id of the newest job the printer took (0: none yet).
pub(crate) async fn newest_printed(conn: &mut Exec<'_>) -> Result<i64, StoreError> {
    conn.scalar(
        r#"SELECT COALESCE(MAX(id), 0) FROM print_jobs WHERE state = 'printed'"#,
        args![],
    )
    .await
}

/// The printer is offline: a pending job's last attempt failed and the
/// printer has taken nothing queued after it (else that job is [`stuck`]).
pub async fn offline(conn: &mut Exec<'_>) -> Result<bool, StoreError> {
    let n = conn
        .scalar(
            r#"SELECT COUNT(*) FROM print_jobs p WHERE p.state = 'pending' AND p.last_error IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM print_jobs q WHERE q.state = 'printed' AND q.id > p.id)"#,
            args![],
        )
        .await?;
    Ok(n > 0)
}

/// Jobs the printer does not take although it took later ones, oldest first,
/// as (order number, kind): the board names them.
pub async fn stuck(conn: &mut Exec<'_>) -> Result<Vec<(i64, String)>, StoreError> {
    conn.fetch_all(
        r#"SELECT p.order_number, p.kind FROM print_jobs p WHERE p.state = 'pending' AND p.last_error IS NOT NULL
           AND EXISTS (SELECT 1 FROM print_jobs q WHERE q.state = 'printed' AND q.id > p.id)
           ORDER BY p.id LIMIT 20"#,
        args![],
    )
    .await
}

/// Every job of an order as (key, state), for tests and inspection.
pub(crate) async fn of_order(
    conn: &mut Exec<'_>,
    order_number: OrderNumber,
) -> Result<Vec<(String, String)>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        idem_key: String,
        state: String,
    }
    let rows: Vec<Row> = conn
        .fetch_all(
            r#"SELECT idem_key, state FROM print_jobs WHERE order_number = $1 ORDER BY id"#,
            args![order_number],
        )
        .await?;
    Ok(rows.into_iter().map(|r| (r.idem_key, r.state)).collect())
}
