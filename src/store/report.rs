//! What a report reads: the orders of a period and, for the customers in it,
//! when each first ordered. The figures themselves are computed by
//! `domain::report`, which does no IO.

use std::collections::HashMap;

use super::{Exec, StoreError, orders};
use crate::args;
use crate::domain::order::Order;

/// The raw material of a report over `[from, to)`.
#[derive(Debug, Clone, Default)]
pub struct ReportData {
    /// Orders created in the period, any status, with their items.
    pub orders: Vec<Order>,
    /// For every customer who ordered in the period: the time of their first
    /// order that was not cancelled (any period), to tell new from returning.
    pub first_order_at: HashMap<String, i64>,
}

#[derive(sqlx::FromRow)]
struct FirstRow {
    customer_phone: String,
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
    Ok(ReportData {
        orders,
        first_order_at,
    })
}
