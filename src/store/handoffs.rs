//! Handoffs: a person has taken over a customer's conversation. One open row per
//! customer (`resolved_at` unset); while its `quiet_until` is ahead the inbox
//! worker sends that customer nothing from the bot. Staff close it (`reply
//! --done`, the board's `w` panel); otherwise it simply runs out.
//!
//! The customer's last messages are not copied here: they are the inbox rows
//! (customer messages, and the shop's own echoes stored with kind
//! [`ECHO_KIND`]), read by [`last_messages`].

use std::collections::HashSet;

use super::{Exec, StoreError};
use crate::args;
use crate::domain::CustomerId;
use crate::domain::time::At;

/// The inbox `kind` of a message the shop sent from the WhatsApp Business app
/// (`smb_message_echoes`): stored under the customer it went to, never given to
/// the bot, and not a customer message for Meta's 24-hour window.
pub const ECHO_KIND: &str = "smb_message_echo";

/// One open handoff, as the waiting list shows it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub(crate) struct Handoff {
    pub customer_phone: CustomerId,
    /// Why: `asked`, `media`, `not_understood`, `echo`, `reply`.
    pub reason: String,
    /// When it was opened.
    pub created_at: At,
    /// The bot is quiet for this customer until then.
    pub quiet_until: At,
    /// The last time a person answered (a `reply` or an echo), if any.
    pub answered_at: Option<At>,
    /// The customer's WhatsApp profile name, as stored (clean before showing).
    pub name: Option<String>,
}

/// One stored message of a customer's conversation (newest first from [`last_messages`]).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub(crate) struct Said {
    pub kind: String,
    /// The message as Meta sent it (JSON).
    pub payload: String,
    pub sent_at: At,
}

/// Open a handoff for `phone`, or extend the open one: the quiet lasts at least
/// until `quiet_until`; `answered` records that a person answered now. An open
/// handoff that already ran out is closed first, so a new request starts a new
/// one (with its own reason and time). Returns true when a new one was opened.
pub async fn open(
    conn: &mut Exec<'_>,
    phone: &CustomerId,
    reason: &str,
    now: At,
    quiet_until: At,
    answered: bool,
) -> Result<bool, StoreError> {
    let (now, quiet_until) = (now.as_millis(), quiet_until.as_millis());
    conn.execute(
        r#"UPDATE handoffs SET resolved_at = $2, resolved_by = 'expired'
           WHERE customer_phone = $1 AND resolved_at IS NULL AND quiet_until <= $2"#,
        args![phone, now],
    )
    .await?;
    let answered_at = answered.then_some(now);
    let extended = conn
        .execute(
            r#"UPDATE handoffs
               SET quiet_until = CASE WHEN quiet_until < $2 THEN $2 ELSE quiet_until END,
                   answered_at = COALESCE($3, answered_at)
               WHERE customer_phone = $1 AND resolved_at IS NULL"#,
            args![phone, quiet_until, answered_at],
        )
        .await?;
    if extended > 0 {
        return Ok(false);
    }
    conn.execute(
        r#"INSERT INTO handoffs (customer_phone, reason, created_at, quiet_until, answered_at)
           VALUES ($1, $2, $3, $4, $5)"#,
        args![phone, reason, now, quiet_until, answered_at],
    )
    .await?;
    Ok(true)
}

/// Extend the quiet of `phone`'s open handoff, if one is open and still quiet at
/// `now` (the customer waits for a person), to at least `quiet_until`, and note
/// that a person answered. False (nothing changed) when nobody waits: a reply
/// that does not answer a waiting customer does not silence the bot.
pub(crate) async fn extend_waiting(
    conn: &mut Exec<'_>,
    phone: &CustomerId,
    now: At,
    quiet_until: At,
) -> Result<bool, StoreError> {
    let (now, quiet_until) = (now.as_millis(), quiet_until.as_millis());
    let n = conn
        .execute(
            r#"UPDATE handoffs
               SET quiet_until = CASE WHEN quiet_until < $3 THEN $3 ELSE quiet_until END,
                   answered_at = $2
               WHERE customer_phone = $1 AND resolved_at IS NULL AND quiet_until > $2"#,
            args![phone, now, quiet_until],
        )
        .await?;
    Ok(n > 0)
}

/// Close the open handoff of `phone` (staff hand the customer back to the bot);
/// false when nobody was waiting (none open, or it had already run out).
pub(crate) async fn resolve(
    conn: &mut Exec<'_>,
    phone: &CustomerId,
    now: At,
    by: &str,
) -> Result<bool, StoreError> {
    let now = now.as_millis();
    let quiet = conn
        .scalar(
            r#"SELECT COUNT(*) FROM handoffs
               WHERE customer_phone = $1 AND resolved_at IS NULL AND quiet_until > $2"#,
            args![phone, now],
        )
        .await?;
    conn.execute(
        r#"UPDATE handoffs SET resolved_at = $2,
                  resolved_by = CASE WHEN quiet_until <= $2 THEN 'expired' ELSE $3 END
           WHERE customer_phone = $1 AND resolved_at IS NULL"#,
        args![phone, now, by],
    )
    .await?;
    Ok(quiet > 0)
}

/// Of `phones`, those the bot must stay quiet for at `now`.
pub(crate) async fn quiet_among(
    conn: &mut Exec<'_>,
    phones: &[&CustomerId],
    now: At,
) -> Result<HashSet<CustomerId>, StoreError> {
    let now = now.as_millis();
    if phones.is_empty() {
        return Ok(HashSet::new());
    }
    let sql = crate::by_backend!(conn,
        sqlite: r#"SELECT customer_phone FROM handoffs
                   WHERE resolved_at IS NULL AND quiet_until > $1
                     AND customer_phone IN (SELECT value FROM json_each($2))"#,
        postgres: r#"SELECT customer_phone FROM handoffs
                     WHERE resolved_at IS NULL AND quiet_until > $1
                       AND customer_phone IN (SELECT jsonb_array_elements_text(CAST($2 AS jsonb)))"#);
    let rows: Vec<(String,)> = conn
        .fetch_all(sql, vec![now.into(), super::db::json_arg(&phones)?])
        .await?;
    rows.into_iter()
        .map(|(p,)| Ok(CustomerId::try_from(p)?))
        .collect()
}

/// Customers waiting for a person at `now`, oldest first.
pub(crate) async fn waiting(conn: &mut Exec<'_>, now: At) -> Result<Vec<Handoff>, StoreError> {
    let now = now.as_millis();
    conn.fetch_all(
        r#"SELECT h.customer_phone, h.reason, h.created_at, h.quiet_until, h.answered_at, c.name
           FROM handoffs AS h LEFT JOIN customers AS c ON c.phone = h.customer_phone
           WHERE h.resolved_at IS NULL AND h.quiet_until > $1
           ORDER BY h.created_at, h.id"#,
        args![now],
    )
    .await
}

/// The last `n` stored messages of `phone` (theirs and the shop's echoes), newest first.
pub(crate) async fn last_messages(
    conn: &mut Exec<'_>,
    phone: &CustomerId,
    n: i64,
) -> Result<Vec<Said>, StoreError> {
    conn.fetch_all(
        r#"SELECT kind, payload, sent_at FROM inbox
           WHERE customer_phone = $1 ORDER BY id DESC LIMIT $2"#,
        args![phone, n],
    )
    .await
}

/// When `phone` last wrote to us (their own messages, not the shop's echoes): Meta's
/// customer-service window runs 24 hours from then. `None`: they never wrote.
pub(crate) async fn last_customer_message(
    conn: &mut Exec<'_>,
    phone: &CustomerId,
) -> Result<Option<At>, StoreError> {
    let (t,): (Option<i64>,) = conn
        .fetch_one(
            "SELECT MAX(sent_at) FROM inbox WHERE customer_phone = $1 AND kind <> $2",
            args![phone, ECHO_KIND],
        )
        .await?;
    Ok(t.map(At::from_millis))
}
