//! What a report reads: the orders of a period and, for the customers in it,
//! when each first ordered. The figures themselves are computed by
//! `domain::report`, which does no IO.

use std::collections::HashMap;

use super::{Exec, StoreError, orders};
use crate::args;
use crate::domain::Phone;
use crate::domain::order::Order;
use crate::domain::report::AvailabilityChange;

/// The raw material of a report over `[from, to)`.
#[derive(Debug, Clone, Default)]
pub struct ReportData {
    /// Orders created in the period, any status, with their items.
    pub orders: Vec<Order>,
    /// For every customer who ordered in the period: the time of their first
    /// order that was not cancelled (any period), to tell new from returning.
    pub first_order_at: HashMap<Phone, i64>,
    /// Availability changes before the period's end, oldest first.
    pub availability: Vec<AvailabilityChange>,
}

#[derive(sqlx::FromRow)]
struct FirstRow {
    #[sqlx(try_from = "String")]
    customer_phone: Phone,
    first_at: Option<i64>,
}

/// Load a period's orders and its customers' first orders.
pub async fn load(x: &mut Exec<'_>, from: i64, to: i64) -> Result<ReportData, StoreError> {
    let orders = orders::created_between(x, from, to).await?;
    let rows: Vec<FirstRow> = x
        .fetch_all(
            r#"SELECT customer_phone, MIN(created_at) AS first_at FROM orders
               WHERE status <> 'cancelled' AND customer_phone IN
                     (SELECT customer_phone FROM orders WHERE created_at >= $1 AND created_at < $2)
               GROUP BY customer_phone"#,
            args![from, to],
        )
        .await?;
    let first_order_at = rows
        .into_iter()
        .filter_map(|r| r.first_at.map(|t| (r.customer_phone, t)))
        .collect();
    let availability = availability_before(x, to).await?;
    Ok(ReportData {
        orders,
        first_order_at,
        availability,
    })
}

/// Record a change of a product's availability, if it is one (86'ing an item
/// that is already out writes nothing). Part of the caller's transaction.
pub async fn record_availability(
    x: &mut Exec<'_>,
    product_id: i64,
    available: bool,
    now: i64,
) -> Result<(), StoreError> {
    x.execute(
        r#"INSERT INTO availability_changes (product_id, name, available, at)
           SELECT id, name, $1, $3 FROM products WHERE id = $2 AND available <> $1"#,
        args![available, product_id, now],
    )
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct ChangeRow {
    product_id: i64,
    name: String,
    available: bool,
    at: i64,
}

/// Every availability change before `end`, oldest first (86 events are few: a
/// handful a day).
pub async fn availability_before(
    x: &mut Exec<'_>,
    end: i64,
) -> Result<Vec<AvailabilityChange>, StoreError> {
    let rows: Vec<ChangeRow> = x
        .fetch_all(
            "SELECT product_id, name, available, at FROM availability_changes WHERE at < $1 ORDER BY at, id",
            args![end],
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| AvailabilityChange {
            product_id: r.product_id,
            name: r.name,
            available: r.available,
            at: r.at,
        })
        .collect())
}

/// The recent pace's query: read through the `orders_ready` index (every worker
/// batch asks it for the quoted time, so it must not walk the day's orders).
pub const RECENT_PREP_SQL: &str = r#"SELECT ready_at - created_at FROM orders
               WHERE ready_at IS NOT NULL AND ready_at >= $1 AND status <> 'cancelled'
               ORDER BY ready_at DESC LIMIT $2"#;

/// The kitchen's recent pace: order-to-ready times (ms) of the last `limit`
/// orders that became ready since `since`, newest first. What the customer's
/// "where is my order" estimate is made from.
pub async fn recent_prep_ms(
    x: &mut Exec<'_>,
    since: i64,
    limit: i64,
) -> Result<Vec<i64>, StoreError> {
    let rows: Vec<(i64,)> = x.fetch_all(RECENT_PREP_SQL, args![since, limit]).await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}
