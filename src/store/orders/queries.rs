//! Reading orders: the board, the list, one by id or by number, a customer's, a period's,
//! and the kitchen's average pace.

use super::rows::{OrderRow, orders_of, select_orders, with_items};
use crate::args;
use crate::domain::order::{Order, OrderItem, OrderStatus};
use crate::domain::time::{At, Span};
use crate::domain::{CustomerId, Lang, OrderNumber};
use crate::store::{Exec, StoreError};

/// Orders on the kitchen board, oldest first: not finished, and not ordered
/// ahead for later (those are `held` until [`super::ahead::release_due`]).
pub async fn open(conn: &mut Exec<'_>) -> Result<Vec<Order>, StoreError> {
    let rows: Vec<OrderRow> = conn
        .fetch_all(
            select_orders!(
                "WHERE status NOT IN ('delivered', 'cancelled') AND held = $1 ORDER BY created_at, id"
            ),
            args![false],
        )
        .await?;
    orders_of(conn, rows).await
}

/// Recent orders, newest first, optionally of one status.
pub async fn list(
    conn: &mut Exec<'_>,
    status: Option<OrderStatus>,
    limit: i64,
) -> Result<Vec<Order>, StoreError> {
    let rows: Vec<OrderRow> = conn
        .fetch_all(
            select_orders!("WHERE ($1 IS NULL OR status = $1) ORDER BY id DESC LIMIT $2"),
            args![status.map(|s| s.as_str().to_string()), limit],
        )
        .await?;
    orders_of(conn, rows).await
}

/// One order by its number, with the language its customer speaks.
pub async fn by_number(
    conn: &mut Exec<'_>,
    number: OrderNumber,
) -> Result<Option<(Order, Lang)>, StoreError> {
    let rows: Vec<OrderRow> = conn
        .fetch_all(select_orders!("WHERE number = $1"), args![number])
        .await?;
    Ok(with_items(conn, rows).await?.into_iter().next())
}

/// One order by its id, as the board reads it (two statements: the order, its lines).
pub(crate) async fn by_id(conn: &mut Exec<'_>, id: i64) -> Result<Option<Order>, StoreError> {
    let rows: Vec<OrderRow> = conn
        .fetch_all(select_orders!("WHERE id = $1"), args![id])
        .await?;
    Ok(orders_of(conn, rows).await?.into_iter().next())
}

/// Average time from order (an order ahead: from its board time) to ready, over orders that became ready since `since`.
pub async fn avg_prep(conn: &mut Exec<'_>, since: At) -> Result<Option<Span>, StoreError> {
    let row: (Option<i64>,) = conn
        .fetch_one(
            "SELECT CAST(AVG(ready_at - COALESCE(board_at, created_at)) AS BIGINT) FROM orders WHERE ready_at IS NOT NULL AND ready_at >= $1",
            args![since.as_millis()],
        )
        .await?;
    Ok(row.0.map(Span::millis))
}

/// The open orders of many customers.
pub async fn open_for_customers(
    conn: &mut Exec<'_>,
    phones: &[&CustomerId],
) -> Result<Vec<Order>, StoreError> {
    let sql = crate::by_backend!(conn,
        sqlite: select_orders!("WHERE status NOT IN ('delivered', 'cancelled') AND customer_phone IN (SELECT value FROM json_each($1)) ORDER BY id"),
        postgres: select_orders!("WHERE status NOT IN ('delivered', 'cancelled') AND customer_phone IN (SELECT jsonb_array_elements_text(CAST($1 AS jsonb))) ORDER BY id"));
    let rows: Vec<OrderRow> = conn
        .fetch_all(sql, vec![crate::store::arg::json_arg(&phones)?])
        .await?;
    orders_of(conn, rows).await
}

/// Every order the kitchen had in `[from, to)` (unix ms), any status, oldest
/// first, with items: what a report adds up. An order made now counts at its
/// creation; one ordered ahead at its board time (the day it is for), so the
/// caller filters on [`Order::kitchen_since`].
pub async fn created_between(
    conn: &mut Exec<'_>,
    from: i64,
    to: i64,
) -> Result<Vec<Order>, StoreError> {
    let rows: Vec<OrderRow> = conn
        .fetch_all(
            select_orders!("WHERE (created_at >= $1 AND created_at < $2) OR (board_at >= $1 AND board_at < $2) ORDER BY created_at, id"),
            args![from, to],
        )
        .await?;
    orders_of(conn, rows).await
}

/// The items of a customer's newest order that was not cancelled ("the same again").
pub(crate) async fn last_items_for_customer(
    conn: &mut Exec<'_>,
    phone: &CustomerId,
) -> Result<Option<Vec<OrderItem>>, StoreError> {
    let rows: Vec<OrderRow> = conn
        .fetch_all(
            select_orders!(
                "WHERE customer_phone = $1 AND status <> 'cancelled' ORDER BY id DESC LIMIT 1"
            ),
            args![phone],
        )
        .await?;
    Ok(orders_of(conn, rows)
        .await?
        .into_iter()
        .next()
        .map(|o| o.items))
}
