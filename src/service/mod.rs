//! Operations shared by the kitchen display, the CLI and the worker: each works
//! in the caller's transaction (an [`Exec`]), changing the data and queueing the
//! customer's WhatsApp message in the outbox, and collects the events to
//! broadcast; [`Change`] commits them and then [`publish`]es the events, so
//! every view agrees and a rolled-back change announces nothing.
//! One caller may do several in one transaction: they commit or roll back
//! together. [`kds::StoreKds`] serves the kitchen display from these and the store.

pub mod cancel_request;
pub mod kds;
pub mod pace;
/// Telling the customers told of a pause that the shop reopened.
pub(crate) mod reopen;
pub(crate) mod sessions;
pub mod stations;
pub mod support;
pub(crate) mod tell;

use crate::copy;
use crate::domain::OrderNumber;
use crate::domain::order::{Order, OrderStatus, TransitionError, check_transition};
use crate::domain::time::At;
use crate::events::{Bus, OrderEvent};
use crate::store::{Db, Exec, StoreError, Tx, coupons, orders};

/// Why a status change did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    #[error("no order number {0}")]
    UnknownOrder(OrderNumber),
    #[error("order {number}: {source}")]
    Transition {
        number: OrderNumber,
        source: TransitionError,
    },
    #[error("order {number} was just moved to {now} by someone else")]
    Raced {
        number: OrderNumber,
        now: &'static str,
    },
    #[error("order {0} has no cancel request waiting")]
    NoCancelRequest(OrderNumber),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Move order `number` to `to`: one transaction with the customer's
/// notification (forward moves only; a recall is the kitchen's own undo), the
/// coupon released on cancel, then `StatusChanged` on the bus.
pub async fn change_status(
    db: &Db,
    bus: Option<&Bus>,
    number: OrderNumber,
    to: OrderStatus,
    now: At,
) -> Result<Order, ChangeError> {
    change_status_printing(db, bus, number, to, now, false).await
}

/// [`change_status`], and when `print_on_first_bump` (`printer.print_on = "first_bump"`)
/// and this is the order's first move from new, its ticket (and slip) are queued
/// in the same transaction (keyed per order and kind: a second "first" bump after
/// a recall queues nothing).
pub(crate) async fn change_status_printing(
    db: &Db,
    bus: Option<&Bus>,
    number: OrderNumber,
    to: OrderStatus,
    now: At,
    print_on_first_bump: bool,
) -> Result<Order, ChangeError> {
    let mut change = Change::begin(db, bus).await?;
    let (mut conn, events) = change.parts();
    let order = change_status_in(&mut conn, number, to, now, print_on_first_bump, events).await?;
    change.commit().await?;
    Ok(order)
}

/// Announce what a committed transaction decided, in order.
pub fn publish(bus: Option<&Bus>, events: Vec<OrderEvent>) {
    if let Some(bus) = bus {
        for e in events {
            bus.publish(e);
        }
    }
}

/// A write transaction whose events are published only once it commits: the one
/// path for "begin, call service functions, commit, publish". Service functions
/// write through [`Change::parts`] (the transaction and the events list);
/// [`Change::commit`] commits and then publishes, in order. Dropped without a
/// commit (an error on the way), it rolls back and publishes nothing.
pub struct Change<'b> {
    tx: Tx,
    events: Vec<OrderEvent>,
    bus: Option<&'b Bus>,
}

impl<'b> Change<'b> {
    /// Begin a write transaction; `bus` (none for the CLI) hears its events after the commit.
    pub async fn begin(db: &Db, bus: Option<&'b Bus>) -> Result<Change<'b>, StoreError> {
        Ok(Change {
            tx: db.begin().await?,
            events: Vec::new(),
            bus,
        })
    }

    /// The transaction to write through and the events to announce after the commit.
    pub fn parts(&mut self) -> (Exec<'_>, &mut Vec<OrderEvent>) {
        (self.tx.exec(), &mut self.events)
    }

    /// Commit, then publish the collected events; a failed commit publishes nothing.
    pub async fn commit(self) -> Result<(), StoreError> {
        self.tx.commit().await?;
        publish(self.bus, self.events);
        Ok(())
    }
}

/// The work of [`change_status_printing`] inside the caller's transaction: the
/// caller commits it and then publishes `events`.
pub(crate) async fn change_status_in(
    conn: &mut Exec<'_>,
    number: OrderNumber,
    to: OrderStatus,
    now: At,
    print_on_first_bump: bool,
    events: &mut Vec<OrderEvent>,
) -> Result<Order, ChangeError> {
    let (mut order, lang) = orders::by_number(conn, number)
        .await?
        .ok_or(ChangeError::UnknownOrder(number))?;
    let from = order.status;
    check_transition(from, to, order.fulfilment)
        .map_err(|source| ChangeError::Transition { number, source })?;
    if !move_order(conn, &order, to, now, print_on_first_bump, events).await? {
        return Err(ChangeError::Raced {
            number,
            now: from.as_str(),
        });
    }
    if is_forward(from, to) {
        let text = if to == OrderStatus::Cancelled && order.cancel_requested_at.is_some() {
            // the customer asked for it: tell them their request was accepted
            copy::cancel_request_accepted(lang, number)
        } else {
            copy::status_update(lang, number, to, order.fulfilment)
        };
        tell::queue_text(conn, &order.customer_phone, text, Some(order.id), now).await?;
    }
    order.status = to;
    order.status_times.set(to, now);
    Ok(order)
}

/// Move `order` (as read in this transaction) to `to`, with what the move carries:
/// its ticket queued on the first bump when `print_on_first_bump`, its coupon use and
/// kitchen slot given back on a cancel, and `StatusChanged` for after the commit.
/// False when someone moved it first (compare-and-set on its status); the caller
/// decides what the customer is told. The board, the CLI and the customer cancelling
/// through the bot all move orders here.
pub(crate) async fn move_order(
    conn: &mut Exec<'_>,
    order: &Order,
    to: OrderStatus,
    now: At,
    print_on_first_bump: bool,
    events: &mut Vec<OrderEvent>,
) -> Result<bool, StoreError> {
    let from = order.status;
    if !orders::set_status(conn, order.id, from, to, now).await? {
        return Ok(false);
    }
    if print_on_first_bump && from == OrderStatus::New && to != OrderStatus::Cancelled {
        crate::store::print::enqueue_order(conn, order.number, order.fulfilment, now).await?;
    }
    if to == OrderStatus::Cancelled {
        coupons::release_for_order(conn, order.id, now).await?;
        crate::store::pace::release_slot(conn, order.id).await?;
    }
    events.push(OrderEvent::StatusChanged {
        number: order.number,
        status: to,
        at: now,
    });
    Ok(true)
}

/// Does this move tell the customer something new? Cancelling always does;
/// otherwise only a move further along the kitchen's path.
fn is_forward(from: OrderStatus, to: OrderStatus) -> bool {
    let rank = |s: OrderStatus| match s {
        OrderStatus::New => 0,
        OrderStatus::Preparing => 1,
        OrderStatus::Ready => 2,
        OrderStatus::OutForDelivery => 3,
        OrderStatus::Delivered => 4,
        OrderStatus::Cancelled => 5,
    };
    to == OrderStatus::Cancelled || rank(to) > rank(from)
}

/// Mark order `number` rush or clear it in the caller's transaction (which
/// bumps the change sequence, so other processes' screens reload); `Rush` goes
/// to `events` for after the commit.
pub async fn set_rush(
    conn: &mut Exec<'_>,
    number: OrderNumber,
    rush: bool,
    events: &mut Vec<OrderEvent>,
) -> Result<(), ChangeError> {
    if !orders::set_rush(conn, number, rush).await? {
        return Err(ChangeError::UnknownOrder(number));
    }
    events.push(OrderEvent::Rush { number, rush });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::is_forward;
    use crate::domain::order::OrderStatus::{
        Cancelled, Delivered, New, OutForDelivery, Preparing, Ready,
    };

    #[test]
    fn the_customer_hears_of_moves_forward_and_of_every_cancel() {
        assert!(is_forward(New, Preparing));
        assert!(is_forward(Preparing, Ready));
        assert!(is_forward(Ready, OutForDelivery));
        assert!(is_forward(New, Ready), "a skipped step still tells");
        assert!(is_forward(Ready, Cancelled));
        assert!(is_forward(New, Cancelled));
        // a recall is the kitchen's own undo: the customer is not told twice
        assert!(!is_forward(Ready, Preparing));
        assert!(!is_forward(Delivered, Ready));
        assert!(!is_forward(Preparing, New));
    }
}
