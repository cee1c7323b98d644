//! A customer's request to cancel an order the kitchen already started: set
//! when they ask, cleared when staff refuse (an accepted request simply
//! cancels the order). Each change bumps the change sequence, so every board
//! (local, another process, remote) shows or drops the mark.

use super::{Exec, StoreError, counters};
use crate::args;
use crate::domain::time::At;

/// Mark order `id` as asked to be cancelled, if the kitchen has started it and
/// it is still open and not asked already. `false` when nothing changed.
pub async fn request(conn: &mut Exec<'_>, id: i64, now: At) -> Result<bool, StoreError> {
    let n = conn
        .execute(
            r#"UPDATE orders SET cancel_requested_at = $1, updated_at = $1
               WHERE id = $2 AND cancel_requested_at IS NULL
                 AND status IN ('preparing', 'ready', 'out_for_delivery')"#,
            args![now.as_millis(), id],
        )
        .await?;
    if n > 0 {
        counters::bump_change_seq(conn).await?;
    }
    Ok(n > 0)
}

/// Staff accept the request on order `id`: `true` when one waits on an open
/// order. The row is written (and so locked until the transaction ends), so a
/// refusal racing it waits and then finds nothing to refuse. The request's
/// time stays: the cancel that follows in the same transaction tells the
/// customer their request was accepted.
pub(crate) async fn take(conn: &mut Exec<'_>, id: i64, now: At) -> Result<bool, StoreError> {
    let n = conn
        .execute(
            r#"UPDATE orders SET updated_at = $1
               WHERE id = $2 AND cancel_requested_at IS NOT NULL
                 AND status NOT IN ('delivered', 'cancelled')"#,
            args![now.as_millis(), id],
        )
        .await?;
    Ok(n > 0)
}

/// Drop the request on order `id` (staff refused it). `false` when none waited
/// on an open order (an accepted request leaves the time on the cancelled order).
pub(crate) async fn clear(conn: &mut Exec<'_>, id: i64, now: At) -> Result<bool, StoreError> {
    let n = conn
        .execute(
            r#"UPDATE orders SET cancel_requested_at = NULL, updated_at = $1
               WHERE id = $2 AND cancel_requested_at IS NOT NULL
                 AND status NOT IN ('delivered', 'cancelled')"#,
            args![now.as_millis(), id],
        )
        .await?;
    if n > 0 {
        counters::bump_change_seq(conn).await?;
    }
    Ok(n > 0)
}
