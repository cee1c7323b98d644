//! The inbox: every inbound WhatsApp message, stored before the webhook answers
//! 200 and processed exactly once by the worker. Unique on the WhatsApp message
//! id, so Meta's retried deliveries are no-ops.

use super::{Exec, StoreError};
use crate::args;
use crate::domain::CustomerId;
use crate::domain::time::At;
use crate::whatsapp::inbound::{InboundRecord, StatusUpdate};

/// An inbound message as the webhook stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInbound {
    pub wa_message_id: String,
    pub customer_phone: CustomerId,
    pub contact_name: Option<String>,
    pub kind: String,
    /// The message object exactly as Meta sent it (re-serialized compactly).
    pub payload: String,
    /// When WhatsApp says it was sent (unix ms).
    pub sent_at: At,
}

/// The wire's record is the inbox row's content: one mapping, the same names.
impl From<InboundRecord> for NewInbound {
    fn from(m: InboundRecord) -> NewInbound {
        NewInbound {
            wa_message_id: m.wa_message_id,
            customer_phone: m.customer_phone,
            contact_name: m.contact_name,
            kind: m.kind,
            payload: m.raw,
            sent_at: m.timestamp_ms,
        }
    }
}

/// A stored message waiting for (or done with) processing.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct InboxRow {
    pub id: i64,
    pub wa_message_id: String,
    pub customer_phone: CustomerId,
    pub contact_name: Option<String>,
    pub kind: String,
    pub payload: String,
    pub sent_at: At,
    pub received_at: At,
    pub attempts: i64,
}

/// Store one message; returns false when it was already there (a retry). The
/// inbox writer's own statement ([`insert_many`]) with a batch of one.
pub(crate) async fn insert(
    conn: &mut Exec<'_>,
    m: &NewInbound,
    now: At,
) -> Result<bool, StoreError> {
    Ok(insert_many(conn, &[(m, now)]).await? == 1)
}

/// Pending messages, fair between customers: at most `per_customer` leading messages of
/// each customer, everyone's first before anyone's second, up to `limit` (returned in
/// arrival order, each customer's in order). A number with thousands of messages waiting
/// then shares short batches with everyone else instead of holding them behind it.
pub async fn pending_fair(
    conn: &mut Exec<'_>,
    limit: i64,
    per_customer: i64,
) -> Result<Vec<InboxRow>, StoreError> {
    conn.fetch_all(PENDING_FAIR_SQL, args![limit, per_customer])
        .await
}

/// [`pending_fair`]'s statement (`$1` the batch, `$2` per customer). The ranking reads
/// only ids and numbers, over pending rows alone (the partial index
/// `inbox_pending_customer`: the store suite checks SQLite's plan uses it, since a walk
/// over every message ever received made each batch slower all day); the chosen rows
/// are fetched whole afterwards.
pub(crate) const PENDING_FAIR_SQL: &str = r#"SELECT i.id, i.wa_message_id, i.customer_phone, i.contact_name, i.kind, i.payload, i.sent_at, i.received_at, i.attempts
           FROM inbox AS i
           JOIN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY customer_phone ORDER BY id) AS nth
                                 FROM inbox WHERE state = 'pending') AS ranked
                 WHERE nth <= $2 ORDER BY nth, id LIMIT $1) AS chosen ON chosen.id = i.id
           ORDER BY i.id"#;

/// Count a failed attempt; after `max_attempts` the message is parked as failed
/// (kept, with the error, for a person to look at) so it cannot block the queue.
pub async fn record_failure(
    conn: &mut Exec<'_>,
    id: i64,
    error: &str,
    max_attempts: i64,
    now: At,
) -> Result<bool, StoreError> {
    let parked = conn
        .execute(
            r#"UPDATE inbox SET attempts = attempts + 1, last_error = $1,
                      state = CASE WHEN attempts + 1 >= $2 THEN 'failed' ELSE state END,
                      processed_at = CASE WHEN attempts + 1 >= $2 THEN $3 ELSE processed_at END
               WHERE id = $4 AND state = 'pending'"#,
            args![error, max_attempts, now.as_millis(), id],
        )
        .await?;
    let state: (String,) = conn
        .fetch_one("SELECT state FROM inbox WHERE id = $1", args![id])
        .await?;
    Ok(parked == 1 && state.0 == "failed")
}

/// How many messages wait for the worker.
pub async fn backlog(conn: &mut Exec<'_>) -> Result<i64, StoreError> {
    conn.scalar(
        "SELECT COUNT(*) FROM inbox WHERE state = 'pending'",
        args![],
    )
    .await
}

/// When the oldest message still waiting for the worker arrived, if any.
pub(crate) async fn oldest_pending_received(conn: &mut Exec<'_>) -> Result<Option<At>, StoreError> {
    let (t,): (Option<i64>,) = conn
        .fetch_one(
            "SELECT MIN(received_at) FROM inbox WHERE state = 'pending'",
            args![],
        )
        .await?;
    Ok(t.map(At::from_millis))
}

/// A delivery receipt from a status webhook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStatus {
    pub wa_message_id: String,
    pub status: String,
    pub recipient: Option<String>,
    pub error_code: Option<i64>,
    pub error_message: Option<String>,
    pub at: i64,
}

impl From<StatusUpdate> for NewStatus {
    fn from(s: StatusUpdate) -> NewStatus {
        NewStatus {
            wa_message_id: s.wa_message_id,
            status: s.status,
            recipient: s.recipient,
            error_code: s.error_code,
            error_message: s.error_message,
            at: s.timestamp_ms.as_millis(),
        }
    }
}

/// The furthest receipt for a sent message: read > delivered > sent; failed wins.
pub(crate) async fn delivery_state(
    conn: &mut Exec<'_>,
    wa_message_id: &str,
) -> Result<Option<String>, StoreError> {
    let rows: Vec<(String,)> = conn
        .fetch_all(
            "SELECT status FROM wa_statuses WHERE wa_message_id = $1",
            args![wa_message_id],
        )
        .await?;
    let rank = |s: &str| match s {
        "failed" => 4,
        "read" | "played" => 3,
        "delivered" => 2,
        "sent" => 1,
        _ => 0,
    };
    Ok(rows.into_iter().map(|(s,)| s).max_by_key(|s| rank(s)))
}

/// Mark many processed messages done in one statement.
pub async fn mark_done_many(conn: &mut Exec<'_>, ids: &[i64], now: At) -> Result<(), StoreError> {
    if ids.is_empty() {
        return Ok(());
    }
    let sql = crate::by_backend!(conn,
        sqlite: r#"UPDATE inbox SET state = 'done', processed_at = $1, attempts = attempts + 1
                   WHERE id IN (SELECT value FROM json_each($2)) AND state = 'pending'"#,
        postgres: r#"UPDATE inbox SET state = 'done', processed_at = $1, attempts = attempts + 1
                     WHERE id IN (SELECT CAST(jsonb_array_elements_text(CAST($2 AS jsonb)) AS BIGINT))
                       AND state = 'pending'"#);
    let changed = conn
        .execute(
            sql,
            vec![now.as_millis().into(), super::db::json_arg(&ids)?],
        )
        .await?;
    if changed != ids.len() as u64 {
        // another worker completed some of them first (a lease lost and taken over):
        // this batch's work must not commit a second time
        return Err(StoreError::Conflict(format!(
            "{} of {} messages were no longer pending",
            ids.len() as u64 - changed.min(ids.len() as u64),
            ids.len()
        )));
    }
    Ok(())
}

/// Store many messages (the inbox writer's group commit); returns how many were new (the
/// rest were retries). Each statement is a multi-row `VALUES` with bound parameters — no
/// JSON built here and taken apart again by the database — for up to [`ROWS_MAX`] rows,
/// padded to a power of two by repeating its last row (a repeat is a conflict, so it
/// stores nothing and counts nothing): ten statement texts per backend, each prepared once.
pub(crate) async fn insert_many(
    conn: &mut Exec<'_>,
    batch: &[(&NewInbound, At)],
) -> Result<u64, StoreError> {
    let mut new = 0;
    for chunk in batch.chunks(ROWS_MAX) {
        let rows = chunk.len().next_power_of_two();
        let sql = insert_sql(conn.backend(), rows);
        let mut args = Vec::with_capacity(rows * 7);
        for i in 0..rows {
            let (m, received) = chunk[i.min(chunk.len() - 1)];
            args.extend(crate::args![
                m.wa_message_id.as_str(),
                &m.customer_phone,
                m.contact_name.as_deref(),
                m.kind.as_str(),
                m.payload.as_str(),
                m.sent_at.as_millis(),
                received.as_millis()
            ]);
        }
        new += conn.execute(sql, args).await?;
    }
    Ok(new)
}

/// Rows in one [`insert_many`] statement at most (7 parameters each: well inside both
/// backends' limits).
const ROWS_MAX: usize = 512;

/// The statement storing `rows` messages (`rows` a power of two up to [`ROWS_MAX`]).
/// PostgreSQL gets numbered `$n` parameters; SQLite plain `?` ones, bound in order:
/// for each numbered parameter sqlx asks SQLite its name, which SQLite finds by walking
/// the statement's list of names, so binding 3,584 of them walked that list 3,584
/// times (3 % of the ingest profile).
fn insert_sql(backend: super::Backend, rows: usize) -> &'static str {
    use std::sync::OnceLock;
    static TEXTS: OnceLock<[Vec<&'static str>; 2]> = OnceLock::new();
    let texts = TEXTS.get_or_init(|| {
        let texts = |numbered: bool| -> Vec<&'static str> {
            (0..=ROWS_MAX.trailing_zeros())
                .map(|k| {
                    let values: Vec<String> = (0..1usize << k)
                        .map(|r| {
                            let p: Vec<String> = (1..=7)
                                .map(|c| {
                                    if numbered {
                                        format!("${}", r * 7 + c)
                                    } else {
                                        "?".to_string()
                                    }
                                })
                                .collect();
                            format!("({})", p.join(", "))
                        })
                        .collect();
                    let sql = format!(
                        "INSERT INTO inbox (wa_message_id, customer_phone, contact_name, kind, payload, sent_at, received_at) \
                         VALUES {} ON CONFLICT (wa_message_id) DO NOTHING",
                        values.join(", ")
                    );
                    &*Box::leak(sql.into_boxed_str())
                })
                .collect()
        };
        [texts(false), texts(true)]
    });
    let by_backend = match backend {
        super::Backend::Sqlite => &texts[0],
        super::Backend::Postgres => &texts[1],
    };
    by_backend[rows.trailing_zeros() as usize]
}

/// Record many receipts in one statement; repeats are no-ops.
pub async fn record_statuses(conn: &mut Exec<'_>, batch: &[&NewStatus]) -> Result<(), StoreError> {
    if batch.is_empty() {
        return Ok(());
    }
    let rows: Vec<serde_json::Value> = batch
        .iter()
        .map(|s| serde_json::json!({"i": s.wa_message_id, "s": s.status, "r": s.recipient, "c": s.error_code, "m": s.error_message, "a": s.at}))
        .collect();
    let sql = crate::by_backend!(conn,
        sqlite: r#"INSERT INTO wa_statuses (wa_message_id, status, recipient, error_code, error_message, at)
                   SELECT json_extract(value, '$.i'), json_extract(value, '$.s'), json_extract(value, '$.r'),
                          json_extract(value, '$.c'), json_extract(value, '$.m'), json_extract(value, '$.a')
                   FROM json_each($1) WHERE true
                   ON CONFLICT (wa_message_id, status) DO NOTHING"#,
        postgres: r#"INSERT INTO wa_statuses (wa_message_id, status, recipient, error_code, error_message, at)
                     SELECT e->>'i', e->>'s', e->>'r', CAST(e->>'c' AS BIGINT), e->>'m', CAST(e->>'a' AS BIGINT)
                     FROM jsonb_array_elements(CAST($1 AS jsonb)) AS e
                     ON CONFLICT (wa_message_id, status) DO NOTHING"#);
    conn.execute(sql, vec![super::db::json_arg(&rows)?]).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Backend;

    /// SQLite's texts bind in order (`?`): a numbered parameter makes sqlx ask SQLite for
    /// its name, a walk over all of the statement's names for each one.
    #[test]
    fn the_sqlite_insert_has_only_plain_parameters_and_postgres_numbered_ones() {
        for k in 0..=ROWS_MAX.trailing_zeros() {
            let rows = 1usize << k;
            let lite = insert_sql(Backend::Sqlite, rows);
            assert!(!lite.contains('$'), "{rows} rows: {lite}");
            assert_eq!(lite.matches('?').count(), rows * 7, "{rows} rows");
            let pg = insert_sql(Backend::Postgres, rows);
            assert!(!pg.contains('?'), "{rows} rows");
            assert!(pg.contains(&format!("${})", rows * 7)), "{rows} rows");
            assert!(!pg.contains(&format!("${}", rows * 7 + 1)), "{rows} rows");
        }
    }
}
