//! Orders and their items. Prices, names and options are copied at order time,
//! so a later menu change never rewrites history.

use crate::domain::{OrderNumber, Phone};

use super::{Exec, StoreError, counters};
use crate::args;
use crate::domain::Money;
use crate::domain::order::{Fulfilment, Order, OrderItem, OrderStatus, StatusTimes};
use crate::domain::payment::Payment;
use crate::domain::pin::Pin;

/// `SELECT <every order column> FROM orders <tail>`, as one static string.
macro_rules! select_orders {
    ($tail:literal) => {
        concat!(
            "SELECT id, number, status, fulfilment, customer_phone, customer_name, address, note, ",
            "subtotal_minor, discount_minor, total_minor, coupon_code, lang, created_at, preparing_at, ",
            "ready_at, out_for_delivery_at, delivered_at, cancelled_at, rush, ",
            "latitude_e7, longitude_e7, ",
            // issue 13 items 3 and 4
            "delivery_fee_minor, payment, ",
            "cancel_requested_at, ",
            "scheduled_for, board_at ",
            "FROM orders ",
            $tail
        )
    };
}

/// A new order, everything decided; totals already computed by the domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrder {
    pub customer_phone: Phone,
    pub customer_name: Option<String>,
    pub fulfilment: Fulfilment,
    pub address: Option<String>,
    pub note: Option<String>,
    pub items: Vec<OrderItem>,
    pub subtotal: Money,
    pub discount: Money,
    pub total: Money,
    pub coupon: Option<String>,
    pub lang: String,
    /// The inbound message that confirmed it (unique: no double orders on reprocessing).
    pub source_message_id: Option<String>,
    // -- delivery fee and payment (issue 13 items 3 and 4) --
    /// Included in `total`; zero for pickup or without a configured fee.
    pub delivery_fee: Money,
    /// How the customer pays (chosen or the only method offered).
    pub payment: Option<Payment>,
}

impl NewOrder {
    /// The order as it stands once stored as `id` / `number` at `created_at`: new, nothing
    /// reached yet (what the bus announces, without reading it back).
    pub fn into_order(self, id: i64, number: OrderNumber, created_at: i64) -> Order {
        Order {
            id,
            number,
            status: OrderStatus::New,
            fulfilment: self.fulfilment,
            customer_phone: self.customer_phone,
            customer_name: self.customer_name,
            address: self.address,
            note: self.note,
            items: self.items,
            subtotal: self.subtotal,
            discount: self.discount,
            total: self.total,
            coupon: self.coupon,
            created_at,
            status_times: StatusTimes::default(),
            rush: false,
            location: None,
            delivery_fee: self.delivery_fee,
            payment: self.payment,
            cancel_requested_at: None,
            scheduled_for: None,
            board_at: None,
        }
    }
}

#[derive(sqlx::FromRow)]
struct OrderRow {
    id: i64,
    #[sqlx(try_from = "i64")]
    number: OrderNumber,
    status: String,
    fulfilment: String,
    #[sqlx(try_from = "String")]
    customer_phone: Phone,
    customer_name: Option<String>,
    address: Option<String>,
    note: Option<String>,
    subtotal_minor: i64,
    discount_minor: i64,
    total_minor: i64,
    coupon_code: Option<String>,
    lang: String,
    created_at: i64,
    preparing_at: Option<i64>,
    ready_at: Option<i64>,
    out_for_delivery_at: Option<i64>,
    delivered_at: Option<i64>,
    cancelled_at: Option<i64>,
    rush: bool,
    latitude_e7: Option<i64>,
    longitude_e7: Option<i64>,
    delivery_fee_minor: i64,
    payment: Option<String>,
    cancel_requested_at: Option<i64>,
    scheduled_for: Option<i64>,
    board_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    order_id: i64,
    product_id: Option<i64>,
    name: String,
    quantity: i64,
    unit_price_minor: i64,
    options: String,
    note: Option<String>,
    station: Option<String>,
    station_done_at: Option<i64>,
}

impl OrderRow {
    fn into_order(self, items: Vec<OrderItem>) -> (Order, String) {
        let order = Order {
            id: self.id,
            number: self.number,
            status: OrderStatus::parse(&self.status).unwrap_or(OrderStatus::New),
            fulfilment: Fulfilment::parse(&self.fulfilment).unwrap_or(Fulfilment::Pickup),
            customer_phone: self.customer_phone,
            customer_name: self.customer_name,
            address: self.address,
            note: self.note,
            items,
            subtotal: Money::from_minor(self.subtotal_minor),
            discount: Money::from_minor(self.discount_minor),
            total: Money::from_minor(self.total_minor),
            coupon: self.coupon_code,
            created_at: self.created_at,
            status_times: StatusTimes {
                preparing_at: self.preparing_at,
                ready_at: self.ready_at,
                out_for_delivery_at: self.out_for_delivery_at,
                delivered_at: self.delivered_at,
                cancelled_at: self.cancelled_at,
            },
            rush: self.rush,
            location: self
                .latitude_e7
                .zip(self.longitude_e7)
                .and_then(|(lat, lon)| Pin::from_e7(lat, lon).ok()),
            delivery_fee: Money::from_minor(self.delivery_fee_minor),
            payment: self.payment.as_deref().and_then(Payment::parse),
            cancel_requested_at: self.cancel_requested_at,
            scheduled_for: self.scheduled_for,
            board_at: self.board_at,
        };
        (order, self.lang)
    }
}

impl From<ItemRow> for OrderItem {
    fn from(r: ItemRow) -> OrderItem {
        OrderItem {
            product_id: r.product_id,
            name: r.name,
            quantity: r.quantity,
            unit_price: Money::from_minor(r.unit_price_minor),
            options: serde_json::from_str(&r.options).unwrap_or_default(),
            note: r.note,
            station: r.station,
            station_done_at: r.station_done_at,
        }
    }
}

/// Write an order and its items; returns (id, number). The caller redeems the
/// coupon (with the returned id) in the same transaction.
pub async fn insert(
    x: &mut Exec<'_>,
    o: &NewOrder,
    now: i64,
) -> Result<(i64, OrderNumber), StoreError> {
    let number = counters::next_order_number(x).await?;
    let id = x
        .scalar(
            r#"INSERT INTO orders (number, customer_phone, customer_name, status, fulfilment, address, note,
                                   subtotal_minor, discount_minor, total_minor, coupon_code, lang,
                                   created_at, updated_at, source_message_id,
                                   delivery_fee_minor, payment)
               VALUES ($1, $2, $3, 'new', $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $14, $15) RETURNING id"#,
            args![
                number,
                o.customer_phone.as_str(),
                o.customer_name.clone(),
                o.fulfilment.as_str(),
                o.address.clone(),
                o.note.clone(),
                o.subtotal.minor(),
                o.discount.minor(),
                o.total.minor(),
                o.coupon.clone(),
                o.lang.as_str(),
                now,
                o.source_message_id.clone(),
                o.delivery_fee.minor(),
                o.payment.map(|p| p.as_str().to_string())
            ],
        )
        .await
        .map_err(|e| if e.is_unique_violation() { StoreError::Conflict("order already placed for this message".into()) } else { e })?;
    for (pos, it) in o.items.iter().enumerate() {
        let options =
            serde_json::to_string(&it.options).map_err(|e| StoreError::Invalid(e.to_string()))?;
        x.execute(
            // the line's station is the menu's at confirmation: the product's, else its category's
            r#"INSERT INTO order_items (order_id, position, product_id, name, quantity, unit_price_minor, options, note, station)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
                       (SELECT COALESCE(p.station, c.station) FROM products p
                        JOIN categories c ON c.id = p.category_id WHERE p.id = $3))"#,
            args![id, pos as i64, it.product_id, it.name.as_str(), it.quantity, it.unit_price.minor(), options, it.note.clone()],
        )
        .await?;
    }
    counters::bump_change_seq(x).await?;
    Ok((id, number.into()))
}

/// The rows as whole orders (items attached), without their language.
async fn orders_of(x: &mut Exec<'_>, rows: Vec<OrderRow>) -> Result<Vec<Order>, StoreError> {
    Ok(with_items(x, rows)
        .await?
        .into_iter()
        .map(|(o, _)| o)
        .collect())
}

async fn with_items(
    x: &mut Exec<'_>,
    rows: Vec<OrderRow>,
) -> Result<Vec<(Order, String)>, StoreError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let min = rows.iter().map(|r| r.id).min().unwrap_or(0);
    let max = rows.iter().map(|r| r.id).max().unwrap_or(0);
    let items: Vec<ItemRow> = x
        .fetch_all(
            r#"SELECT order_id, product_id, name, quantity, unit_price_minor, options, note,
                      station, station_done_at
               FROM order_items WHERE order_id BETWEEN $1 AND $2 ORDER BY order_id, position"#,
            args![min, max],
        )
        .await?;
    let mut by_order: std::collections::HashMap<i64, Vec<OrderItem>> =
        std::collections::HashMap::new();
    for it in items {
        by_order.entry(it.order_id).or_default().push(it.into());
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let items = by_order.remove(&r.id).unwrap_or_default();
            r.into_order(items)
        })
        .collect())
}

/// Orders on the kitchen board, oldest first: not finished, and not ordered
/// ahead for later (those are `held` until [`super::ahead::release_due`]).
pub async fn open(x: &mut Exec<'_>) -> Result<Vec<Order>, StoreError> {
    let rows: Vec<OrderRow> = x
        .fetch_all(
            select_orders!(
                "WHERE status NOT IN ('delivered', 'cancelled') AND held = $1 ORDER BY created_at, id"
            ),
            args![false],
        )
        .await?;
    orders_of(x, rows).await
}

/// Recent orders, newest first, optionally of one status.
pub async fn list(
    x: &mut Exec<'_>,
    status: Option<OrderStatus>,
    limit: i64,
) -> Result<Vec<Order>, StoreError> {
    let rows: Vec<OrderRow> = x
        .fetch_all(
            select_orders!("WHERE ($1 IS NULL OR status = $1) ORDER BY id DESC LIMIT $2"),
            args![status.map(|s| s.as_str().to_string()), limit],
        )
        .await?;
    orders_of(x, rows).await
}

/// One order by its number, with the language its customer speaks.
pub async fn by_number(
    x: &mut Exec<'_>,
    number: OrderNumber,
) -> Result<Option<(Order, String)>, StoreError> {
    let rows: Vec<OrderRow> = x
        .fetch_all(select_orders!("WHERE number = $1"), args![number])
        .await?;
    Ok(with_items(x, rows).await?.into_iter().next())
}

/// Move an order to `to` if it is still `from` (compare-and-set, so two
/// kitchen screens bumping at once cannot both win). Stamps the status time.
pub async fn set_status(
    x: &mut Exec<'_>,
    id: i64,
    from: OrderStatus,
    to: OrderStatus,
    now: i64,
) -> Result<bool, StoreError> {
    let sql: &'static str = match to {
        OrderStatus::New => {
            "UPDATE orders SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4"
        }
        OrderStatus::Preparing => {
            "UPDATE orders SET status = $1, updated_at = $2, preparing_at = $2 WHERE id = $3 AND status = $4"
        }
        OrderStatus::Ready => {
            "UPDATE orders SET status = $1, updated_at = $2, ready_at = $2 WHERE id = $3 AND status = $4"
        }
        OrderStatus::OutForDelivery => {
            "UPDATE orders SET status = $1, updated_at = $2, out_for_delivery_at = $2 WHERE id = $3 AND status = $4"
        }
        OrderStatus::Delivered => {
            "UPDATE orders SET status = $1, updated_at = $2, delivered_at = $2 WHERE id = $3 AND status = $4"
        }
        OrderStatus::Cancelled => {
            "UPDATE orders SET status = $1, updated_at = $2, cancelled_at = $2 WHERE id = $3 AND status = $4"
        }
    };
    let changed = x
        .execute(sql, args![to.as_str(), now, id, from.as_str()])
        .await?
        == 1;
    if changed {
        counters::bump_change_seq(x).await?;
    }
    Ok(changed)
}

/// Average time from order (an order ahead: from its board time) to ready, over orders that became ready since `since`.
pub async fn avg_prep_ms(x: &mut Exec<'_>, since: i64) -> Result<Option<i64>, StoreError> {
    let row: (Option<i64>,) = x
        .fetch_one(
            "SELECT CAST(AVG(ready_at - COALESCE(board_at, created_at)) AS BIGINT) FROM orders WHERE ready_at IS NOT NULL AND ready_at >= $1",
            args![since],
        )
        .await?;
    Ok(row.0)
}

/// The open orders of many customers.
pub async fn open_for_customers(
    x: &mut Exec<'_>,
    phones: &[&Phone],
) -> Result<Vec<Order>, StoreError> {
    let sql = crate::by_backend!(x,
        sqlite: select_orders!("WHERE status NOT IN ('delivered', 'cancelled') AND customer_phone IN (SELECT value FROM json_each($1)) ORDER BY id"),
        postgres: select_orders!("WHERE status NOT IN ('delivered', 'cancelled') AND customer_phone IN (SELECT jsonb_array_elements_text(CAST($1 AS jsonb))) ORDER BY id"));
    let rows: Vec<OrderRow> = x
        .fetch_all(sql, vec![super::db::json_arg(&phones)?])
        .await?;
    orders_of(x, rows).await
}

/// Every order the kitchen had in `[from, to)` (unix ms), any status, oldest
/// first, with items: what a report adds up. An order made now counts at its
/// creation; one ordered ahead at its board time (the day it is for), so the
/// caller filters on [`Order::kitchen_since`].
pub async fn created_between(
    x: &mut Exec<'_>,
    from: i64,
    to: i64,
) -> Result<Vec<Order>, StoreError> {
    let rows: Vec<OrderRow> = x
        .fetch_all(
            select_orders!("WHERE (created_at >= $1 AND created_at < $2) OR (board_at >= $1 AND board_at < $2) ORDER BY created_at, id"),
            args![from, to],
        )
        .await?;
    orders_of(x, rows).await
}

/// The items of a customer's newest order that was not cancelled ("the same again").
pub async fn last_items_for_customer(
    x: &mut Exec<'_>,
    phone: &Phone,
) -> Result<Option<Vec<OrderItem>>, StoreError> {
    let rows: Vec<OrderRow> = x
        .fetch_all(
            select_orders!(
                "WHERE customer_phone = $1 AND status <> 'cancelled' ORDER BY id DESC LIMIT 1"
            ),
            args![phone],
        )
        .await?;
    Ok(orders_of(x, rows)
        .await?
        .into_iter()
        .next()
        .map(|o| o.items))
}

/// Mark order `number` rush (made first, on every screen) or clear it. Bumps
/// the change sequence so displays in other processes reload. `false` when no
/// open order has that number.
pub async fn set_rush(
    x: &mut Exec<'_>,
    number: OrderNumber,
    rush: bool,
) -> Result<bool, StoreError> {
    let n = x
        .execute(
            r#"UPDATE orders SET rush = $1 WHERE number = $2
               AND status NOT IN ('delivered', 'cancelled')"#,
            args![rush, number],
        )
        .await?;
    if n > 0 {
        counters::bump_change_seq(x).await?;
    }
    Ok(n > 0)
}

/// Attach the customer's pin to order `id`, in the transaction that wrote it
/// (a separate statement so an order without a pin costs nothing more).
pub async fn set_location(x: &mut Exec<'_>, id: i64, pin: Pin) -> Result<(), StoreError> {
    let (lat, lon) = pin.e7();
    x.execute(
        "UPDATE orders SET latitude_e7 = $1, longitude_e7 = $2 WHERE id = $3",
        args![i64::from(lat), i64::from(lon), id],
    )
    .await?;
    Ok(())
}
