//! What a report reads: the orders of a period and, for the customers in it,
//! when each first ordered ([`load`], for the per-day CSV, the export and the
//! board's panel), or the same period added up in SQL ([`sums`], for `report`
//! itself: a month of 100,000 orders is a few hundred rows instead of all of
//! them). The figures themselves are computed by `domain::report`, which does no IO.

use std::collections::HashMap;

use super::{Exec, StoreError, orders};
use crate::args;
use crate::domain::CustomerId;
use crate::domain::order::Fulfilment;
use crate::domain::order::Order;
use crate::domain::report::AvailabilityChange;
use crate::domain::report::sums::{KindSums, LineSums, OffsetSpan, Sums};
use crate::domain::time::At;

/// The raw material of a report over `[from, to)`.
#[derive(Debug, Clone, Default)]
pub struct ReportData {
    /// Orders created in the period, any status, with their items.
    pub orders: Vec<Order>,
    /// For every customer who ordered in the period: the time of their first
    /// order that was not cancelled (any period), to tell new from returning.
    pub first_order_at: HashMap<CustomerId, i64>,
}

#[derive(sqlx::FromRow)]
struct FirstRow {
    customer_phone: CustomerId,
    first_at: Option<i64>,
}

/// Load a period's orders and its customers' first orders.
pub async fn load(conn: &mut Exec<'_>, from: At, to: At) -> Result<ReportData, StoreError> {
    let (from, to) = (from.as_millis(), to.as_millis());
    let orders = orders::created_between(conn, from, to).await?;
    let rows: Vec<FirstRow> = conn
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

/// Record a change of a product's availability, if it is one (86'ing an item
/// that is already out writes nothing). Part of the caller's transaction.
pub(crate) async fn record_availability(
    conn: &mut Exec<'_>,
    product_id: i64,
    available: bool,
    now: At,
) -> Result<(), StoreError> {
    conn.execute(
        r#"INSERT INTO availability_changes (product_id, name, available, at)
           SELECT id, name, $1, $3 FROM products WHERE id = $2 AND available <> $1"#,
        args![available, product_id, now.as_millis()],
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
pub(crate) async fn availability_before(
    conn: &mut Exec<'_>,
    end: At,
) -> Result<Vec<AvailabilityChange>, StoreError> {
    let end = end.as_millis();
    let rows: Vec<ChangeRow> = conn
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
pub(crate) const RECENT_PREP_SQL: &str = r#"SELECT ready_at - created_at FROM orders
               WHERE ready_at IS NOT NULL AND ready_at >= $1 AND status <> 'cancelled'
               ORDER BY ready_at DESC LIMIT $2"#;

/// The kitchen's recent pace: order-to-ready times of the last `limit` orders
/// that became ready since `since`, newest first. What the customer's "where is
/// my order" estimate is made from.
pub async fn recent_prep(
    conn: &mut Exec<'_>,
    since: At,
    limit: i64,
) -> Result<Vec<crate::domain::time::Span>, StoreError> {
    let rows: Vec<(i64,)> = conn
        .fetch_all(RECENT_PREP_SQL, args![since.as_millis(), limit])
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| crate::domain::time::Span::millis(r.0))
        .collect())
}

/// `<select> FROM orders o WHERE` the order's kitchen time — its board time
/// when ordered ahead, else its creation — is in `[$1, $2)` `<tail>`. The first
/// two ranges let each backend read through the `created_at` and `board_at`
/// indexes; the last is the rule itself (`Order::kitchen_since`).
macro_rules! in_period {
    ($select:literal, $tail:literal) => {
        concat!(
            $select,
            " FROM orders o WHERE ((o.created_at >= $1 AND o.created_at < $2) ",
            "OR (o.board_at >= $1 AND o.board_at < $2)) ",
            "AND COALESCE(o.board_at, o.created_at) >= $1 AND COALESCE(o.board_at, o.created_at) < $2 ",
            $tail
        )
    };
}

/// Per kind of order (cancelled or not × pickup or delivery): counts, money
/// and timing. `$3` is the lateness threshold in ms, `$4` true (the orders the
/// cap moved, as `store::pace::moved_by_cap` counts them).
const KINDS_SQL: &str = in_period!(
    r#"SELECT CAST(CASE WHEN o.status = 'cancelled' THEN 1 ELSE 0 END AS BIGINT) AS cancelled, o.fulfilment,
              COUNT(*) AS orders,
              CAST(SUM(o.subtotal_minor) AS BIGINT) AS gross,
              CAST(SUM(o.discount_minor) AS BIGINT) AS discount,
              CAST(SUM(o.delivery_fee_minor) AS BIGINT) AS fee,
              CAST(SUM(o.total_minor) AS BIGINT) AS net,
              CAST(SUM(CASE WHEN o.ready_at IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS prep_timed,
              CAST(SUM(CASE WHEN o.ready_at - COALESCE(o.board_at, o.created_at) >= $3 THEN 1 ELSE 0 END) AS BIGINT) AS late,
              CAST(SUM(CASE WHEN o.ready_at IS NOT NULL AND o.promised_at IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS promised_timed,
              CAST(SUM(CASE WHEN o.ready_at - o.promised_at > 0 THEN 1 ELSE 0 END) AS BIGINT) AS late_promise,
              CAST(SUM(CASE WHEN o.moved_by_cap = $4 THEN 1 ELSE 0 END) AS BIGINT) AS moved_by_cap"#,
    "GROUP BY CASE WHEN o.status = 'cancelled' THEN 1 ELSE 0 END, o.fulfilment"
);

const COUPONS_SQL: &str = in_period!(
    "SELECT o.coupon_code, COUNT(*) AS uses, CAST(SUM(o.discount_minor) AS BIGINT) AS discount",
    "AND o.status <> 'cancelled' AND o.coupon_code IS NOT NULL GROUP BY o.coupon_code"
);

/// Lines of the orders not cancelled, grouped by product name and options
/// (the options as stored: one JSON array per line).
const LINES_SQL: &str = concat!(
    r#"SELECT i.name, i.options, CAST(SUM(i.quantity) AS BIGINT) AS quantity,
              CAST(SUM(i.quantity * i.unit_price_minor) AS BIGINT) AS revenue
       FROM order_items i WHERE i.order_id IN ("#,
    in_period!("SELECT o.id", "AND o.status <> 'cancelled'"),
    ") GROUP BY i.name, i.options"
);

/// Ready − kitchen time in whole seconds (integer division cuts towards zero on
/// both backends, as Rust's does), with how many orders took it.
const PREP_SQL: &str = in_period!(
    "SELECT (o.ready_at - COALESCE(o.board_at, o.created_at)) / 1000 AS k, COUNT(*) AS n",
    "AND o.status <> 'cancelled' AND o.ready_at IS NOT NULL GROUP BY (o.ready_at - COALESCE(o.board_at, o.created_at)) / 1000"
);

const LATENESS_SQL: &str = in_period!(
    "SELECT (o.ready_at - o.promised_at) / 1000 AS k, COUNT(*) AS n",
    "AND o.status <> 'cancelled' AND o.ready_at IS NOT NULL AND o.promised_at IS NOT NULL GROUP BY (o.ready_at - o.promised_at) / 1000"
);

/// Orders per local hour within one stretch `[$1, $2)` of offset `$3` (ms).
const HOURS_SQL: &str = in_period!(
    "SELECT ((COALESCE(o.board_at, o.created_at) + $3) / 3600000) % 24 AS k, COUNT(*) AS n",
    "AND o.status <> 'cancelled' GROUP BY ((COALESCE(o.board_at, o.created_at) + $3) / 3600000) % 24"
);

const CUSTOMERS_SQL: &str = concat!(
    r#"SELECT COUNT(*) AS total, CAST(COALESCE(SUM(CASE WHEN
            EXISTS (SELECT 1 FROM orders c WHERE c.customer_phone = k.phone
                    AND c.created_at >= $1 AND c.created_at < $2)
            AND EXISTS (SELECT 1 FROM orders f WHERE f.customer_phone = k.phone
                    AND f.status <> 'cancelled' AND f.created_at < $1)
          THEN 1 ELSE 0 END), 0) AS BIGINT) AS seen_before
       FROM ("#,
    in_period!(
        "SELECT DISTINCT o.customer_phone AS phone",
        "AND o.status <> 'cancelled'"
    ),
    ") k"
);

#[derive(sqlx::FromRow)]
struct KindRow {
    cancelled: i64,
    fulfilment: String,
    orders: i64,
    gross: i64,
    discount: i64,
    fee: i64,
    net: i64,
    prep_timed: i64,
    late: i64,
    promised_timed: i64,
    late_promise: i64,
    moved_by_cap: i64,
}

#[derive(sqlx::FromRow)]
struct CouponRow {
    coupon_code: String,
    uses: i64,
    discount: i64,
}

#[derive(sqlx::FromRow)]
struct LineRow {
    name: String,
    options: String,
    quantity: i64,
    revenue: i64,
}

#[derive(sqlx::FromRow)]
struct CountRow {
    k: i64,
    n: i64,
}

#[derive(sqlx::FromRow)]
struct CustomerRow {
    total: i64,
    seen_before: i64,
}

fn count(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

async fn counts(
    conn: &mut Exec<'_>,
    sql: &'static str,
    args: Vec<crate::store::Arg>,
) -> Result<Vec<(i64, u64)>, StoreError> {
    let rows: Vec<CountRow> = conn.fetch_all(sql, args).await?;
    Ok(rows.into_iter().map(|r| (r.k, count(r.n))).collect())
}

/// The period `[from, to)` added up in SQL, for `domain::report::sums::from_sums`.
/// `late_after` is the lateness threshold; `spans` are the stretches of one
/// UTC offset that cover the period (`domain::report::sums::offset_spans`), for
/// the orders per local hour.
///
/// Customers: those of the orders not cancelled; one is returning when they had
/// an order that was not cancelled created before `from` and an order created
/// within the period — the rule [`load`]'s first orders give `compute` (so a
/// customer whose only orders in the period were placed ahead, before it began,
/// is not looked up there and counts as new).
pub async fn sums(
    conn: &mut Exec<'_>,
    from: At,
    to: At,
    late_after: crate::domain::time::Span,
    spans: &[OffsetSpan],
) -> Result<Sums, StoreError> {
    let (from, to) = (from.as_millis(), to.as_millis());
    let kinds: Vec<KindRow> = conn
        .fetch_all(KINDS_SQL, args![from, to, late_after.as_millis(), true])
        .await?;
    let coupons: Vec<CouponRow> = conn.fetch_all(COUPONS_SQL, args![from, to]).await?;
    let lines: Vec<LineRow> = conn.fetch_all(LINES_SQL, args![from, to]).await?;
    let customers: CustomerRow = conn.fetch_one(CUSTOMERS_SQL, args![from, to]).await?;
    let mut hours = [0u64; 24];
    for sp in spans {
        for (h, n) in counts(conn, HOURS_SQL, args![sp.from, sp.to, sp.offset_ms]).await? {
            if let Some(slot) = usize::try_from(h).ok().and_then(|h| hours.get_mut(h)) {
                *slot += n;
            }
        }
    }
    Ok(Sums {
        kinds: kinds
            .into_iter()
            .map(|k| KindSums {
                cancelled: k.cancelled != 0,
                fulfilment: Fulfilment::parse(&k.fulfilment),
                orders: count(k.orders),
                gross_minor: k.gross,
                discount_minor: k.discount,
                delivery_fee_minor: k.fee,
                net_minor: k.net,
                prep_timed: count(k.prep_timed),
                late: count(k.late),
                promised_timed: count(k.promised_timed),
                late_against_promise: count(k.late_promise),
                moved_by_cap: count(k.moved_by_cap),
            })
            .collect(),
        coupons: coupons
            .into_iter()
            .map(|c| (c.coupon_code, count(c.uses), c.discount))
            .collect(),
        lines: lines
            .into_iter()
            .map(|l| LineSums {
                name: l.name,
                // read as `store::orders` reads a line's options
                options: serde_json::from_str(&l.options).unwrap_or_default(),
                quantity: l.quantity,
                revenue_minor: l.revenue,
            })
            .collect(),
        customers: count(customers.total),
        returning: count(customers.seen_before),
        hours,
        prep_seconds: counts(conn, PREP_SQL, args![from, to]).await?,
        lateness_seconds: counts(conn, LATENESS_SQL, args![from, to]).await?,
    })
}
