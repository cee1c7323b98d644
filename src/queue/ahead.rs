//! The release task: puts orders placed ahead on the kitchen board when their
//! board time comes, and not before.
//!
//! It sleeps until the earliest board time of a held order (read from the
//! store), and wakes early only when a new order ahead is announced on the bus
//! ([`OrderEvent::Upcoming`]) or the bus lagged — no polling. Releasing is one
//! transaction: the orders leave `held`, their print jobs are queued when
//! printing is on confirmation (so the ticket prints as the order appears, not
//! when it was booked), and the change sequence moves, so remote boards' feeds
//! send the new board at once. Each released order is read back in that
//! transaction and announced as [`OrderEvent::Placed`] once it commits (nothing on a
//! rollback): the local board shows it and rings the chime.
//! It runs under the queue lease, so one process releases.

use tokio_util::sync::CancellationToken;

use super::timer::{self, Timed, TimedPauses};
use crate::domain::time::At;
use crate::events::{Bus, OrderEvent};
use crate::service::Change;
use crate::store::{Db, StoreError, ahead, orders, print};

/// Release what is due at `now` and announce it; returns the next board time
/// still waiting, if any. One [`Change`]: each released order is read back in the
/// releasing transaction and announced only once it commits.
pub async fn release(
    db: &Db,
    bus: &Bus,
    print_on_confirm: bool,
    at: At,
) -> Result<Option<At>, StoreError> {
    let mut change = Change::begin(db, Some(bus)).await?;
    let (mut conn, events) = change.parts();
    let released = ahead::release_due(&mut conn, at).await?;
    for r in &released {
        if print_on_confirm {
            print::enqueue_order(&mut conn, r.number(), r.fulfilment(), at).await?;
        }
        if let Some((order, _)) = orders::by_number(&mut conn, r.number()).await? {
            events.push(OrderEvent::Placed(Box::new(order)));
        }
    }
    let next = ahead::next_board_at(&mut conn).await?;
    change.commit().await?;
    for r in &released {
        tracing::info!(order = r.number, "ordered ahead: on the board now");
    }
    Ok(next)
}

/// Run until `shutdown`: wakes at the next board time, or early when an order ahead
/// is announced ([`super::timer`]).
/// `pauses` bound the sleep (a wall-clock jump, an order ahead written by another
/// process) and set the pause after a database error.
pub(crate) async fn run(
    db: Db,
    bus: Bus,
    print_on_confirm: bool,
    pauses: TimedPauses,
    shutdown: CancellationToken,
) {
    let t = Timed {
        name: "release of orders ahead",
        max_sleep: pauses.max_sleep(),
        retry: pauses.retry(),
        wakes_on: |e| matches!(e, OrderEvent::Upcoming { .. } | OrderEvent::Reload),
    };
    let announce = bus.clone();
    timer::run(t, bus, shutdown, |now| {
        let (db, bus) = (db.clone(), announce.clone());
        async move { release(&db, &bus, print_on_confirm, now).await }
    })
    .await;
}
