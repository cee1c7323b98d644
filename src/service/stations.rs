//! A station finishing its lines of an order (or recalling them): the lines
//! stamped in the caller's transaction, then (after its commit) a `Reload` on
//! the bus so every
//! board in this process (and, through the change sequence and the doorbell,
//! in every other) follows. It never tells the customer anything and never
//! moves the order's status: that is the expo's bump, through `change_status`.

use crate::domain::OrderNumber;
use crate::domain::order::Order;
use crate::domain::time::At;
use crate::events::OrderEvent;
use crate::store::{Exec, StoreError, orders, stations};

/// Why a station's bump did not happen.
#[derive(Debug, thiserror::Error)]
pub enum LineError {
    #[error("no open order number {0}")]
    UnknownOrder(OrderNumber),
    #[error("order {number} has no station line {position}")]
    NoSuchLine {
        number: OrderNumber,
        position: usize,
    },
    #[error("order {number}: a line was already {} (another screen was first)", if *.done { "done" } else { "not done" })]
    Raced { number: OrderNumber, done: bool },
    #[error("no lines given")]
    Empty,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Mark lines `positions` of order `number` done at their station at `now`
/// (`done`), or take them back (`!done`, a recall). All or nothing: if any
/// line was already in that state (a second screen was first), nothing
/// changes and the caller is told (and must roll its transaction back, by
/// dropping it). Returns the order as it is after; `Reload` goes to `events`
/// for after the commit.
pub async fn set_lines(
    conn: &mut Exec<'_>,
    number: OrderNumber,
    positions: &[usize],
    done: bool,
    now: At,
    events: &mut Vec<OrderEvent>,
) -> Result<Order, LineError> {
    let mut positions = positions.to_vec();
    positions.sort_unstable();
    positions.dedup();
    if positions.is_empty() {
        return Err(LineError::Empty);
    }
    let (mut order, _) = orders::by_number(conn, number)
        .await?
        .filter(|(o, _)| o.status.is_open())
        .ok_or(LineError::UnknownOrder(number))?;
    for &position in &positions {
        if order
            .items
            .get(position)
            .is_none_or(|i| i.station.is_none())
        {
            return Err(LineError::NoSuchLine { number, position });
        }
    }
    let at = done.then_some(now);
    let changed = stations::set_done(conn, order.id, &positions, at).await?;
    if changed != positions.len() {
        return Err(LineError::Raced { number, done });
    }
    for &p in &positions {
        order.items[p].station_done_at = at;
    }
    events.push(OrderEvent::Reload);
    Ok(order)
}
