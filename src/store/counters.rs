//! The counters table: the change sequence other processes watch, and the
//! gapless order number.

use super::{Exec, StoreError};
use crate::args;

/// Bump the change sequence inside a write transaction; returns the new value.
/// Every write a kitchen display should notice calls this, so a display in
/// another process sees the change with one cheap read.
pub async fn bump_change_seq(x: &mut Exec<'_>) -> Result<i64, StoreError> {
    x.scalar(
        "UPDATE counters SET value = value + 1 WHERE name = 'change_seq' RETURNING value",
        args![],
    )
    .await
}

/// The current change sequence.
pub async fn change_seq(x: &mut Exec<'_>) -> Result<i64, StoreError> {
    x.scalar(
        "SELECT value FROM counters WHERE name = 'change_seq'",
        args![],
    )
    .await
}

/// Take the next order number (gapless: it rolls back with the transaction).
pub async fn next_order_number(x: &mut Exec<'_>) -> Result<i64, StoreError> {
    x.scalar(
        "UPDATE counters SET value = value + 1 WHERE name = 'order_number' RETURNING value",
        args![],
    )
    .await
}
