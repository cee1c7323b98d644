//! Staff answer a customer's request to cancel an order the kitchen already
//! started (the board's `x`, or `POST /kds/v1/orders/N/cancel-request`):
//! accepting cancels the order like any cancel (the customer is told their
//! request was accepted); refusing clears the mark and tells the customer the
//! order goes on. Each is one transaction with the customer's message, then
//! an event on the bus.

use super::{ChangeError, change_status_in};
use crate::copy;
use crate::domain::order::OrderStatus;
use crate::domain::reply::Reply;
use crate::domain::{Lang, OrderNumber};
use crate::events::{Bus, OrderEvent};
use crate::store::{Db, cancel_requests, orders, outbox};
use crate::whatsapp::outbound;

/// Accept (`true`) or refuse the cancel request on order `number`.
/// [`ChangeError::NoCancelRequest`] when none waits (answered on another board).
pub async fn answer(
    db: &Db,
    bus: Option<&Bus>,
    number: OrderNumber,
    accept: bool,
    now: i64,
) -> Result<(), ChangeError> {
    if accept {
        return accept_request(db, bus, number, now).await;
    }
    refuse(db, bus, number, now).await
}

/// Cancel the order, in one write transaction with the check that a request
/// waits: [`cancel_requests::take`] locks the order's row (PostgreSQL) or runs
/// under the single writer (SQLite), so a refusal from another board either
/// finished first (then nothing waits here) or finds the order cancelled.
async fn accept_request(
    db: &Db,
    bus: Option<&Bus>,
    number: OrderNumber,
    now: i64,
) -> Result<(), ChangeError> {
    let mut tx = db.begin().await?;
    let (order, _) = orders::by_number(&mut tx.exec(), number)
        .await?
        .ok_or(ChangeError::UnknownOrder(number))?;
    if !cancel_requests::take(&mut tx.exec(), order.id, now).await? {
        return Err(ChangeError::NoCancelRequest(number));
    }
    change_status_in(&mut tx, number, OrderStatus::Cancelled, now, false).await?;
    tx.commit().await?;
    if let Some(bus) = bus {
        bus.publish(OrderEvent::StatusChanged {
            number,
            status: OrderStatus::Cancelled,
            at: now,
        });
    }
    Ok(())
}

async fn refuse(
    db: &Db,
    bus: Option<&Bus>,
    number: OrderNumber,
    now: i64,
) -> Result<(), ChangeError> {
    let mut tx = db.begin().await?;
    let (order, lang) = orders::by_number(&mut tx.exec(), number)
        .await?
        .ok_or(ChangeError::UnknownOrder(number))?;
    if !cancel_requests::clear(&mut tx.exec(), order.id, now).await? {
        return Err(ChangeError::NoCancelRequest(number));
    }
    let lang = Lang::parse(&lang).unwrap_or_default();
    let text = copy::cancel_request_refused(lang, number);
    let body = outbound::message_body(&order.customer_phone, &Reply::text(text), None).to_string();
    outbox::enqueue(
        &mut tx.exec(),
        &order.customer_phone,
        outbox::Kind::Message,
        &body,
        Some(order.id),
        now,
    )
    .await?;
    tx.commit().await?;
    if let Some(bus) = bus {
        bus.publish(OrderEvent::CancelRequested { number, at: None });
    }
    Ok(())
}
