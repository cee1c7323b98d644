//! Orders and their items. Prices, names and options are copied at order time,
//! so a later menu change never rewrites history.
//!
//! Here: the new order and every write (insert, status, rush, pin). The reads are
//! in `queries` (re-exported here), the row types they decode in `rows`.

mod queries;
mod rows;

pub use queries::*;

use super::{Exec, StoreError, counters};
use crate::args;
use crate::domain::coupon_code::CouponCode;
use crate::domain::order::{Fulfilment, Order, OrderItem, OrderStatus};
use crate::domain::payment::Payment;
use crate::domain::pin::Pin;
use crate::domain::time::At;
use crate::domain::{CustomerId, Lang, Money, OrderNumber};

/// A new order, everything decided; totals already computed by the domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrder {
    pub customer_phone: CustomerId,
    pub customer_name: Option<String>,
    pub fulfilment: Fulfilment,
    pub address: Option<String>,
    pub note: Option<String>,
    pub items: Vec<OrderItem>,
    pub subtotal: Money,
    pub discount: Money,
    pub total: Money,
    /// The coupon redeemed with it.
    pub coupon: Option<CouponCode>,
    /// The customer's language: their status notifications are written in it.
    pub lang: Lang,
    /// The inbound message that confirmed it (unique: no double orders on reprocessing).
    pub source_message_id: Option<String>,
    // -- delivery fee and payment --
    /// Included in `total`; zero for pickup or without a configured fee.
    pub delivery_fee: Money,
    /// How the customer pays (chosen or the only method offered).
    pub payment: Option<Payment>,
    /// The pin the customer shared for a delivery: the courier's map link.
    pub location: Option<Pin>,
    /// Ordered ahead: when it is for and when it reaches the board.
    pub ahead: Option<Ahead>,
    /// The ready time the customer was told, and the cap's slot it took.
    pub promise: Option<Promise>,
}

/// An order for later (see [`crate::domain::ahead`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ahead {
    /// When the customer gets it.
    pub scheduled_for: At,
    /// When it reaches the kitchen board.
    pub board_at: At,
    /// Off the board (upcoming) until `board_at`; released by `ahead::release_due`.
    pub held: bool,
}

/// The promise made when the order was placed (see [`crate::domain::pace`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Promise {
    /// When the customer was told it is ready (or at the door).
    pub at: At,
    /// The start of the cap slot it was counted in; `None` without a cap.
    pub slot: Option<At>,
    /// The cap moved it to a later slot than the customer first asked for.
    pub moved_by_cap: bool,
}

/// Write an order and its items, and read it back as everyone sees it (the
/// board's own read, in the same transaction: the lines' stations as copied
/// from the menu, the pin, the schedule and the promise as stored). The caller
/// redeems the coupon (with the returned id) in the same transaction.
///
/// Statements: the number, the order, one per line, the change sequence, then
/// the read back (the order, its lines).
pub async fn insert(conn: &mut Exec<'_>, o: &NewOrder, now: At) -> Result<Order, StoreError> {
    let number = counters::next_order_number_and_change(conn).await?;
    let (lat, lon) = o
        .location
        .map(|p| p.e7())
        .map_or((None, None), |(lat, lon)| {
            (Some(i64::from(lat)), Some(i64::from(lon)))
        });
    let ahead = o.ahead;
    let id = conn
        .scalar(
            r#"INSERT INTO orders (number, customer_phone, customer_name, status, fulfilment, address, note,
                                   subtotal_minor, discount_minor, total_minor, coupon_code, lang,
                                   created_at, updated_at, source_message_id,
                                   delivery_fee_minor, payment, latitude_e7, longitude_e7,
                                   scheduled_for, board_at, held, promised_at, slot_at, moved_by_cap)
               VALUES ($1, $2, $3, 'new', $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $14, $15,
                       $16, $17, $18, $19, $20, $21, $22, $23) RETURNING id"#,
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
                o.coupon.as_ref().map(|c| c.as_str().to_string()),
                o.lang.as_str(),
                now.as_millis(),
                o.source_message_id.clone(),
                o.delivery_fee.minor(),
                o.payment.map(|p| p.as_str().to_string()),
                lat,
                lon,
                ahead.map(|a| a.scheduled_for.as_millis()),
                ahead.map(|a| a.board_at.as_millis()),
                ahead.is_some_and(|a| a.held),
                o.promise.map(|p| p.at.as_millis()),
                o.promise.and_then(|p| p.slot).map(At::as_millis),
                o.promise.is_some_and(|p| p.moved_by_cap)
            ],
        )
        .await
        .map_err(|e| if e.is_unique_violation() { StoreError::Conflict("order already placed for this message".into()) } else { e })?;
    insert_items(conn, id, &o.items).await?;
    by_id(conn, id).await?.ok_or(StoreError::NotFound)
}

/// An order's lines in one statement, in their order (`position` from 0, ids ascending
/// with it). Each line's station is the menu's at confirmation: the product's, else its
/// category's.
async fn insert_items(
    conn: &mut Exec<'_>,
    order_id: i64,
    items: &[OrderItem],
) -> Result<(), StoreError> {
    if items.is_empty() {
        return Ok(());
    }
    let mut lines = Vec::with_capacity(items.len());
    for it in items {
        let options =
            serde_json::to_string(&it.options).map_err(|e| StoreError::Invalid(e.to_string()))?;
        lines.push(serde_json::json!({
            "p": it.product_id, "n": it.name, "q": it.quantity,
            "u": it.unit_price.minor(), "o": options, "t": it.note,
        }));
    }
    let sql = crate::by_backend!(conn,
        sqlite: r#"INSERT INTO order_items (order_id, position, product_id, name, quantity, unit_price_minor, options, note, station)
                   SELECT $1, j.key, json_extract(j.value, '$.p'), json_extract(j.value, '$.n'),
                          json_extract(j.value, '$.q'), json_extract(j.value, '$.u'),
                          json_extract(j.value, '$.o'), json_extract(j.value, '$.t'),
                          (SELECT COALESCE(p.station, c.station) FROM products p
                           JOIN categories c ON c.id = p.category_id WHERE p.id = json_extract(j.value, '$.p'))
                   FROM json_each($2) AS j ORDER BY j.key"#,
        postgres: r#"INSERT INTO order_items (order_id, position, product_id, name, quantity, unit_price_minor, options, note, station)
                     SELECT $1, t.n - 1, CAST(t.e->>'p' AS BIGINT), t.e->>'n', CAST(t.e->>'q' AS BIGINT),
                            CAST(t.e->>'u' AS BIGINT), t.e->>'o', t.e->>'t',
                            (SELECT COALESCE(p.station, c.station) FROM products p
                             JOIN categories c ON c.id = p.category_id WHERE p.id = CAST(t.e->>'p' AS BIGINT))
                     FROM jsonb_array_elements(CAST($2 AS jsonb)) WITH ORDINALITY AS t(e, n) ORDER BY t.n"#);
    conn.execute(
        sql,
        vec![order_id.into(), crate::store::arg::json_arg(&lines)?],
    )
    .await?;
    Ok(())
}

/// Move an order to `to` if it is still `from` (compare-and-set, so two
/// kitchen screens bumping at once cannot both win). Stamps the status time.
pub async fn set_status(
    conn: &mut Exec<'_>,
    id: i64,
    from: OrderStatus,
    to: OrderStatus,
    now: At,
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
    let changed = conn
        .execute(sql, args![to.as_str(), now.as_millis(), id, from.as_str()])
        .await?
        == 1;
    if changed {
        counters::bump_change_seq(conn).await?;
    }
    Ok(changed)
}

/// Mark order `number` rush (made first, on every screen) or clear it. Bumps
/// the change sequence so displays in other processes reload. `false` when no
/// open order has that number.
pub(crate) async fn set_rush(
    conn: &mut Exec<'_>,
    number: OrderNumber,
    rush: bool,
) -> Result<bool, StoreError> {
    let n = conn
        .execute(
            r#"UPDATE orders SET rush = $1 WHERE number = $2
               AND status NOT IN ('delivered', 'cancelled')"#,
            args![rush, number],
        )
        .await?;
    if n > 0 {
        counters::bump_change_seq(conn).await?;
    }
    Ok(n > 0)
}

/// Attach the customer's pin to order `id`, in the transaction that wrote it
/// (a separate statement so an order without a pin costs nothing more).
pub(crate) async fn set_location(conn: &mut Exec<'_>, id: i64, pin: Pin) -> Result<(), StoreError> {
    let (lat, lon) = pin.e7();
    conn.execute(
        "UPDATE orders SET latitude_e7 = $1, longitude_e7 = $2 WHERE id = $3",
        args![i64::from(lat), i64::from(lon), id],
    )
    .await?;
    Ok(())
}
