//! Orders placed ahead while the shop was closed: marked `held` (upcoming) when
//! written, and put on the kitchen board at their `board_at` by
//! [`release_due`], which the release task (`queue::ahead`) calls when the
//! earliest one falls due ([`next_board_at`]). Releasing bumps the change
//! sequence, so every display — in this process, another, or over HTTP — sees
//! the order appear at that moment, and nothing before.

use super::{Exec, StoreError, counters};
use crate::args;
use crate::domain::OrderNumber;
use crate::domain::order::Fulfilment;
use crate::domain::time::At;

/// Mark the order just written (`id`) as ordered ahead: for `scheduled_for`,
/// on the board from `board_at`, `held` (upcoming) until then — not held when
/// that time has already come. Part of the order's transaction.
pub(crate) async fn schedule(
    conn: &mut Exec<'_>,
    id: i64,
    scheduled_for: At,
    board_at: At,
    held: bool,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE orders SET scheduled_for = $1, board_at = $2, held = $3 WHERE id = $4",
        args![scheduled_for.as_millis(), board_at.as_millis(), held, id],
    )
    .await?;
    Ok(())
}

/// An order released onto the board.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub(crate) struct Released {
    pub number: i64,
    pub fulfilment: String,
}

impl Released {
    pub(crate) fn number(&self) -> OrderNumber {
        OrderNumber::new(self.number)
    }

    pub(crate) fn fulfilment(&self) -> Fulfilment {
        Fulfilment::parse(&self.fulfilment).unwrap_or(Fulfilment::Pickup)
    }
}

/// Put every held order whose board time has come (`board_at <= now`) on the
/// board; returns them. A cancelled or finished one stays held (nobody makes it).
/// Bumps the change sequence when anything moved. Run it in a write transaction,
/// with the print jobs of the released orders.
pub(crate) async fn release_due(conn: &mut Exec<'_>, now: At) -> Result<Vec<Released>, StoreError> {
    let released: Vec<Released> = conn
        .fetch_all(
            r#"UPDATE orders SET held = $1, updated_at = $2
               WHERE held = $3 AND board_at <= $2 AND status NOT IN ('delivered', 'cancelled')
               RETURNING number, fulfilment"#,
            args![false, now.as_millis(), true],
        )
        .await?;
    if !released.is_empty() {
        counters::bump_change_seq(conn).await?;
    }
    Ok(released)
}

/// The earliest board time of an order still held, if any.
pub(crate) async fn next_board_at(conn: &mut Exec<'_>) -> Result<Option<At>, StoreError> {
    let row: (Option<i64>,) = conn
        .fetch_one(
            r#"SELECT MIN(board_at) FROM orders
               WHERE held = $1 AND status NOT IN ('delivered', 'cancelled')"#,
            args![true],
        )
        .await?;
    Ok(row.0.map(At::from_millis))
}

/// One order waiting to reach the board, as the board's header and
/// `orders list` show it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, serde::Deserialize)]
pub struct Upcoming {
    pub number: i64,
    pub scheduled_for: i64,
    pub board_at: i64,
}

/// Orders placed ahead and not yet on the board, soonest first.
pub async fn upcoming(conn: &mut Exec<'_>) -> Result<Vec<Upcoming>, StoreError> {
    conn.fetch_all(
        r#"SELECT number, scheduled_for, board_at FROM orders
           WHERE held = $1 AND status NOT IN ('delivered', 'cancelled')
             AND scheduled_for IS NOT NULL AND board_at IS NOT NULL
           ORDER BY board_at, number"#,
        args![true],
    )
    .await
}
