//! Staff answer a customer's request to cancel an order the kitchen already
//! started (the board's `x`, or `POST /kds/v1/orders/N/cancel-request`):
//! accepting cancels the order like any cancel (the customer is told their
//! request was accepted); refusing clears the mark and tells the customer the
//! order goes on. Each is one transaction with the customer's message, then
//! an event on the bus.

use super::{Change, ChangeError, change_status_in, tell};
use crate::copy;
use crate::domain::OrderNumber;
use crate::domain::order::OrderStatus;
use crate::domain::time::At;
use crate::events::{Bus, OrderEvent};
use crate::store::{Db, Exec, cancel_requests, orders};

/// Accept (`true`) or refuse the cancel request on order `number`.
/// [`ChangeError::NoCancelRequest`] when none waits (answered on another board).
pub async fn answer(
    db: &Db,
    bus: Option<&Bus>,
    number: OrderNumber,
    accept: bool,
    now: At,
) -> Result<(), ChangeError> {
    let mut change = Change::begin(db, bus).await?;
    let (mut conn, events) = change.parts();
    answer_in(&mut conn, number, accept, now, events).await?;
    change.commit().await?;
    Ok(())
}

/// [`answer`] inside the caller's transaction. The check that a request waits
/// ([`cancel_requests::take`] or [`cancel_requests::clear`]) locks the order's row
/// (PostgreSQL) or runs under the single writer (SQLite), so an answer from another
/// board either finished first (then nothing waits here) or finds this one done.
/// Accepting cancels the order like any cancel (the customer is told their request
/// was accepted); refusing tells them the order goes on.
pub(crate) async fn answer_in(
    conn: &mut Exec<'_>,
    number: OrderNumber,
    accept: bool,
    now: At,
    events: &mut Vec<OrderEvent>,
) -> Result<(), ChangeError> {
    let (order, lang) = orders::by_number(conn, number)
        .await?
        .ok_or(ChangeError::UnknownOrder(number))?;
    let waited = if accept {
        cancel_requests::take(conn, order.id, now).await?
    } else {
        cancel_requests::clear(conn, order.id, now).await?
    };
    if !waited {
        return Err(ChangeError::NoCancelRequest(number));
    }
    if accept {
        change_status_in(conn, number, OrderStatus::Cancelled, now, false, events).await?;
    } else {
        let text = copy::cancel_request_refused(lang, number);
        tell::queue_text(conn, &order.customer_phone, text, Some(order.id), now).await?;
        events.push(OrderEvent::CancelRequested { number, at: None });
    }
    Ok(())
}
