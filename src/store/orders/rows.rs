//! The order rows as stored and how they become [`Order`]s: the one column list
//! every read selects, and the items attached in one more statement.

use crate::args;
use crate::domain::coupon_code::CouponCode;
use crate::domain::order::{Fulfilment, Order, OrderItem, OrderStatus, StatusTimes};
use crate::domain::payment::Payment;
use crate::domain::pin::Pin;
use crate::domain::time::At;
use crate::domain::{CustomerId, Lang, Money, OrderNumber};
use crate::store::{Exec, StoreError};

/// `SELECT <every order column> FROM orders <tail>`, as one static string.
macro_rules! select_orders {
    ($tail:literal) => {
        concat!(
            "SELECT id, number, status, fulfilment, customer_phone, customer_name, address, note, ",
            "subtotal_minor, discount_minor, total_minor, coupon_code, lang, created_at, preparing_at, ",
            "ready_at, out_for_delivery_at, delivered_at, cancelled_at, rush, ",
            "latitude_e7, longitude_e7, ",
            // delivery fee and payment
            "delivery_fee_minor, payment, ",
            "cancel_requested_at, ",
            "scheduled_for, board_at, promised_at ",
            "FROM orders ",
            $tail
        )
    };
}
pub(super) use select_orders;

#[derive(sqlx::FromRow)]
pub(super) struct OrderRow {
    id: i64,
    #[sqlx(try_from = "i64")]
    number: OrderNumber,
    status: String,
    fulfilment: String,
    customer_phone: CustomerId,
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
    promised_at: Option<i64>,
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
    pub(super) fn into_order(self, items: Vec<OrderItem>) -> (Order, Lang) {
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
            // written from a `CouponCode`, so it reads back as one
            coupon: self.coupon_code.as_deref().and_then(CouponCode::parse),
            created_at: At::from_millis(self.created_at),
            status_times: StatusTimes {
                preparing_at: self.preparing_at.map(At::from_millis),
                ready_at: self.ready_at.map(At::from_millis),
                out_for_delivery_at: self.out_for_delivery_at.map(At::from_millis),
                delivered_at: self.delivered_at.map(At::from_millis),
                cancelled_at: self.cancelled_at.map(At::from_millis),
            },
            rush: self.rush,
            location: self
                .latitude_e7
                .zip(self.longitude_e7)
                .and_then(|(lat, lon)| Pin::from_e7(lat, lon).ok()),
            delivery_fee: Money::from_minor(self.delivery_fee_minor),
            payment: self.payment.as_deref().and_then(Payment::parse),
            cancel_requested_at: self.cancel_requested_at.map(At::from_millis),
            scheduled_for: self.scheduled_for.map(At::from_millis),
            board_at: self.board_at.map(At::from_millis),
            promised_at: self.promised_at.map(At::from_millis),
        };
        // written by us from a `Lang`; a row from an unknown future language reads as the default
        (order, Lang::parse(&self.lang).unwrap_or_default())
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
            station_done_at: r.station_done_at.map(At::from_millis),
        }
    }
}

/// The rows as whole orders (items attached), without their language.
pub(super) async fn orders_of(
    conn: &mut Exec<'_>,
    rows: Vec<OrderRow>,
) -> Result<Vec<Order>, StoreError> {
    Ok(with_items(conn, rows)
        .await?
        .into_iter()
        .map(|(o, _)| o)
        .collect())
}

pub(super) async fn with_items(
    conn: &mut Exec<'_>,
    rows: Vec<OrderRow>,
) -> Result<Vec<(Order, Lang)>, StoreError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let min = rows.iter().map(|r| r.id).min().unwrap_or(0);
    let max = rows.iter().map(|r| r.id).max().unwrap_or(0);
    let items: Vec<ItemRow> = conn
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
