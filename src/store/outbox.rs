//! The outbox: every message we send, queued in the same transaction that
//! decided to send it, sent by the outbox sender, and never dropped silently:
//! a row ends `sent` (with Meta's message id) or `failed` (with Meta's code).

use super::{Exec, StoreError};
use crate::args;
use crate::domain::CustomerId;
use crate::domain::time::{At, Span};

/// What kind of Graph API call a row is (the `kind` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutboxKind {
    /// A message to the customer.
    Message,
    /// Mark an inbound message read (blue ticks).
    Read,
}

/// The short name the callers queueing rows use.
pub type Kind = OutboxKind;

impl OutboxKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            OutboxKind::Message => "message",
            OutboxKind::Read => "read",
        }
    }

    /// The column's text read back; anything else is a row this version cannot send.
    pub(crate) fn parse(s: &str) -> Option<OutboxKind> {
        match s {
            "message" => Some(OutboxKind::Message),
            "read" => Some(OutboxKind::Read),
            _ => None,
        }
    }
}

impl TryFrom<String> for OutboxKind {
    type Error = StoreError;

    fn try_from(s: String) -> Result<OutboxKind, StoreError> {
        OutboxKind::parse(&s)
            .ok_or_else(|| StoreError::Invalid(format!("unknown outbox kind {s:?}")))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    /// The customer the call goes to (their `customer_phone`).
    pub recipient: CustomerId,
    #[sqlx(try_from = "String")]
    pub kind: OutboxKind,
    /// The Graph API request body (JSON).
    pub body: String,
    pub order_id: Option<i64>,
    pub attempts: i64,
    pub next_attempt_at: At,
    pub created_at: At,
}

/// Queue a call; it is sent after this transaction commits.
pub async fn enqueue(
    conn: &mut Exec<'_>,
    recipient: &CustomerId,
    kind: Kind,
    body: &str,
    order_id: Option<i64>,
    now: At,
) -> Result<i64, StoreError> {
    conn.scalar(
        r#"INSERT INTO outbox (recipient, kind, body, order_id, next_attempt_at, created_at)
           VALUES ($1, $2, $3, $4, $5, $5) RETURNING id"#,
        args![recipient, kind.as_str(), body, order_id, now.as_millis()],
    )
    .await
}

/// Pending rows, fair between recipients: every recipient's first pending row before
/// anyone's second, and so on, up to `limit` (returned in queue order, each recipient's in
/// order). A customer with thousands of replies waiting on Meta's pair rate limit then
/// cannot fill the batch and hide everyone else's rows behind it.
pub async fn pending_fair(conn: &mut Exec<'_>, limit: i64) -> Result<Vec<OutboxRow>, StoreError> {
    // the ranking reads only ids and recipients; the chosen rows are fetched whole afterwards
    conn.fetch_all(
        r#"SELECT o.id, o.recipient, o.kind, o.body, o.order_id, o.attempts, o.next_attempt_at, o.created_at
           FROM outbox AS o
           JOIN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY recipient ORDER BY id) AS nth
                                 FROM outbox WHERE state = 'pending') AS ranked
                 ORDER BY nth, id LIMIT $1) AS chosen ON chosen.id = o.id
           ORDER BY o.id"#,
        args![limit],
    )
    .await
}

/// A transient failure: try again at `next_at`.
pub async fn mark_retry(
    conn: &mut Exec<'_>,
    id: i64,
    code: Option<i64>,
    error: &str,
    next_at: At,
) -> Result<(), StoreError> {
    conn.execute(
        r#"UPDATE outbox SET attempts = attempts + 1, error_code = $1, last_error = $2, next_attempt_at = $3
           WHERE id = $4 AND state = 'pending'"#,
        args![code, error, next_at.as_millis(), id],
    )
    .await?;
    Ok(())
}

/// A permanent failure, kept with Meta's code and message.
pub async fn mark_failed(
    conn: &mut Exec<'_>,
    id: i64,
    code: Option<i64>,
    error: &str,
    now: At,
) -> Result<(), StoreError> {
    conn.execute(
        r#"UPDATE outbox SET state = 'failed', attempts = attempts + 1, error_code = $1, last_error = $2, failed_at = $3
           WHERE id = $4 AND state = 'pending'"#,
        args![code, error, now.as_millis(), id],
    )
    .await?;
    Ok(())
}

/// Rows waiting to be sent.
pub async fn backlog(conn: &mut Exec<'_>) -> Result<i64, StoreError> {
    conn.scalar(
        "SELECT COUNT(*) FROM outbox WHERE state = 'pending'",
        args![],
    )
    .await
}

/// Messages that failed since `since`: refused by the Graph API, or accepted and
/// then reported `failed` by a status webhook.
pub async fn failed_since(conn: &mut Exec<'_>, since: At) -> Result<i64, StoreError> {
    let since = since.as_millis();
    let sync = conn
        .scalar(
            "SELECT COUNT(*) FROM outbox WHERE state = 'failed' AND failed_at >= $1",
            args![since],
        )
        .await?;
    let asynchronous = conn
        .scalar(
            "SELECT COUNT(*) FROM wa_statuses WHERE status = 'failed' AND at >= $1",
            args![since],
        )
        .await?;
    Ok(sync + asynchronous)
}

/// A call to queue (see [`enqueue_many`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NewOutbox {
    pub recipient: CustomerId,
    pub kind: Kind,
    pub body: String,
    pub order_id: Option<i64>,
}

/// Queue many calls in one statement, in this order (ids ascend with it, and
/// the sender keeps each customer's messages in id order).
pub(crate) async fn enqueue_many(
    conn: &mut Exec<'_>,
    rows: &[NewOutbox],
    now: At,
) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let json: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| serde_json::json!({"r": r.recipient, "k": r.kind.as_str(), "b": r.body, "o": r.order_id}))
        .collect();
    let sql = crate::by_backend!(conn,
        sqlite: r#"INSERT INTO outbox (recipient, kind, body, order_id, next_attempt_at, created_at)
                   SELECT json_extract(value, '$.r'), json_extract(value, '$.k'), json_extract(value, '$.b'),
                          json_extract(value, '$.o'), $2, $2
                   FROM json_each($1) ORDER BY key"#,
        postgres: r#"INSERT INTO outbox (recipient, kind, body, order_id, next_attempt_at, created_at)
                     SELECT e->>'r', e->>'k', e->>'b', CAST(e->>'o' AS BIGINT), $2, $2
                     FROM jsonb_array_elements(CAST($1 AS jsonb)) WITH ORDINALITY AS t(e, n) ORDER BY n"#);
    conn.execute(
        sql,
        vec![super::db::json_arg(&json)?, now.as_millis().into()],
    )
    .await?;
    Ok(())
}

/// Record many successful sends in one statement: (row id, Meta's message id).
pub async fn mark_sent_many(
    conn: &mut Exec<'_>,
    sent: &[(i64, Option<String>)],
    now: At,
) -> Result<(), StoreError> {
    if sent.is_empty() {
        return Ok(());
    }
    let json: Vec<serde_json::Value> = sent
        .iter()
        .map(|(id, w)| serde_json::json!({"id": id, "w": w}))
        .collect();
    let sql = crate::by_backend!(conn,
        sqlite: r#"UPDATE outbox SET state = 'sent', wa_message_id = j.w, sent_at = $2,
                          attempts = attempts + 1, last_error = NULL
                   FROM (SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.w') AS w FROM json_each($1)) AS j
                   WHERE outbox.id = j.id AND outbox.state = 'pending'"#,
        postgres: r#"UPDATE outbox SET state = 'sent', wa_message_id = j.w, sent_at = $2,
                            attempts = outbox.attempts + 1, last_error = NULL
                     FROM (SELECT CAST(e->>'id' AS BIGINT) AS id, e->>'w' AS w
                           FROM jsonb_array_elements(CAST($1 AS jsonb)) AS e) AS j
                     WHERE outbox.id = j.id AND outbox.state = 'pending'"#);
    conn.execute(
        sql,
        vec![super::db::json_arg(&json)?, now.as_millis().into()],
    )
    .await?;
    Ok(())
}

/// Pending rows queued after `after` (the sender's cursor), oldest first.
pub async fn pending_after(
    conn: &mut Exec<'_>,
    after: i64,
    limit: i64,
) -> Result<Vec<OutboxRow>, StoreError> {
    conn.fetch_all(
        r#"SELECT id, recipient, kind, body, order_id, attempts, next_attempt_at, created_at
           FROM outbox WHERE state = 'pending' AND id > $1 ORDER BY id LIMIT $2"#,
        args![after, limit],
    )
    .await
}

/// A claim younger than this, by another lease, is respected (the other sender may still be
/// waiting for Meta's answer: the Graph client gives up after 30 s).
pub(crate) const CLAIM_TTL: Span = Span::seconds(40);

/// Claim rows for the sender holding `token`; returns the ids it may send. A row claimed by
/// another lease is skipped while that claim is fresh (and, on PostgreSQL, while the
/// backend that wrote it is still connected: a killed process's claims are stale at once).
pub async fn claim(
    conn: &mut Exec<'_>,
    ids: &[i64],
    token: &str,
    now: At,
) -> Result<Vec<i64>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = crate::by_backend!(conn,
        sqlite: r#"UPDATE outbox SET claimed_by = $1, claimed_at = $2
                   WHERE id IN (SELECT value FROM json_each($3)) AND state = 'pending'
                     AND (claimed_by IS NULL OR claimed_by = $1 OR claimed_at < $4)
                   RETURNING id"#,
        postgres: r#"UPDATE outbox SET claimed_by = $1, claimed_at = $2, claimed_pid = pg_backend_pid()
                     WHERE id IN (SELECT CAST(jsonb_array_elements_text(CAST($3 AS jsonb)) AS BIGINT))
                       AND state = 'pending'
                       AND (claimed_by IS NULL OR claimed_by = $1 OR claimed_at < $4
                            OR claimed_pid NOT IN (SELECT pid FROM pg_stat_activity WHERE pid IS NOT NULL))
                     RETURNING id"#);
    let rows: Vec<(i64,)> = conn
        .fetch_all(
            sql,
            vec![
                token.into(),
                now.as_millis().into(),
                super::db::json_arg(&ids)?,
                (now - CLAIM_TTL).as_millis().into(),
            ],
        )
        .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Forget every claim: for a new lease holder on SQLite, where the lock file outlives no
/// process, so the previous holder has stopped sending.
pub(crate) async fn release_claims(conn: &mut Exec<'_>) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE outbox SET claimed_by = NULL WHERE state = 'pending' AND claimed_by IS NOT NULL",
        args![],
    )
    .await?;
    Ok(())
}

/// Fail the pending replies whose customer wrote last more than `window` before `now`
/// (WhatsApp refuses free-form messages outside that window); returns their ids.
pub(crate) async fn fail_outside_window(
    conn: &mut Exec<'_>,
    now: At,
    window: Span,
    reason: &str,
) -> Result<Vec<i64>, StoreError> {
    let rows: Vec<(i64,)> = conn
        .fetch_all(
            r#"UPDATE outbox SET state = 'failed', failed_at = $1, last_error = $2, error_code = NULL
               WHERE state = 'pending' AND kind = 'message'
                 AND COALESCE((SELECT MAX(i.received_at) FROM inbox AS i
                               WHERE i.customer_phone = outbox.recipient),
                              outbox.created_at) < $3
               RETURNING id"#,
            args![now.as_millis(), reason, (now - window).as_millis()],
        )
        .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}
