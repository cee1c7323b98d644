//! The counters table: the change sequence other processes watch, and the
//! gapless order number.

use super::{Exec, StoreError};
use crate::args;

/// Bump the change sequence inside a write transaction; returns the new value.
/// Every write a kitchen display should notice calls this, so a display in
/// another process sees the change with one cheap read.
pub async fn bump_change_seq(conn: &mut Exec<'_>) -> Result<i64, StoreError> {
    conn.scalar(
        "UPDATE counters SET value = value + 1 WHERE name = 'change_seq' RETURNING value",
        args![],
    )
    .await
}

/// The current change sequence.
pub async fn change_seq(conn: &mut Exec<'_>) -> Result<i64, StoreError> {
    conn.scalar(
        "SELECT value FROM counters WHERE name = 'change_seq'",
        args![],
    )
    .await
}

/// Take the next order number (gapless: it rolls back with the transaction) and move the
/// change counter with it, in one statement: placing an order needs both.
pub(crate) async fn next_order_number_and_change(conn: &mut Exec<'_>) -> Result<i64, StoreError> {
    let rows: Vec<(String, i64)> = conn
        .fetch_all(
            "UPDATE counters SET value = value + 1 WHERE name IN ('order_number', 'change_seq') RETURNING name, value",
            args![],
        )
        .await?;
    match (
        rows.iter().find(|(n, _)| n == "order_number"),
        rows.iter().any(|(n, _)| n == "change_seq"),
    ) {
        (Some((_, number)), true) => Ok(*number),
        _ => Err(StoreError::NotFound),
    }
}
