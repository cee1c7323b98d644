//! The release task: puts orders placed ahead on the kitchen board when their
//! board time comes, and not before.
//!
//! It sleeps until the earliest board time of a held order (read from the
//! store), and wakes early only when a new order ahead is announced on the bus
//! ([`OrderEvent::Upcoming`]) or the bus lagged — no polling. Releasing is one
//! transaction: the orders leave `held`, their print jobs are queued when
//! printing is on confirmation (so the ticket prints as the order appears, not
//! when it was booked), and the change sequence moves, so remote boards' feeds
//! send the new board at once. Then each released order is announced as
//! [`OrderEvent::Placed`]: the local board shows it and rings the chime.
//! It runs under the queue lease, so one process releases.

use std::time::Duration;

use tokio::sync::broadcast::error::RecvError;
use tokio_util::sync::CancellationToken;

use crate::clock::now_ms;
use crate::events::{Bus, OrderEvent};
use crate::store::{Db, StoreError, ahead, orders, print};

/// The longest sleep without looking again (a wall-clock jump, an order ahead
/// written by another process).
const MAX_SLEEP: Duration = Duration::from_secs(600);

/// Release what is due at `now` and announce it; returns the next board time
/// still waiting, if any.
pub async fn release(
    db: &Db,
    bus: &Bus,
    print_on_confirm: bool,
    now: i64,
) -> Result<Option<i64>, StoreError> {
    let mut tx = db.begin().await?;
    let released = ahead::release_due(&mut tx.exec(), now).await?;
    if print_on_confirm {
        for r in &released {
            print::enqueue_order(&mut tx.exec(), r.number(), r.fulfilment(), now).await?;
        }
    }
    tx.commit().await?;
    let mut c = db.read().await?;
    for r in &released {
        tracing::info!(order = r.number, "ordered ahead: on the board now");
        if let Some((order, _)) = orders::by_number(&mut c.exec(), r.number()).await? {
            bus.publish(OrderEvent::Placed(Box::new(order)));
        }
    }
    ahead::next_board_at(&mut c.exec()).await
}

/// How long to sleep at `now` before `next`.
fn sleep_for(next: Option<i64>, now: i64) -> Duration {
    next.map_or(MAX_SLEEP, |t| {
        Duration::from_millis(u64::try_from(t - now).unwrap_or(0)).min(MAX_SLEEP)
    })
}

/// Run until `shutdown`.
pub async fn run(db: Db, bus: Bus, print_on_confirm: bool, shutdown: CancellationToken) {
    let mut rx = bus.subscribe();
    let mut bus_open = true;
    loop {
        let wait = match release(&db, &bus, print_on_confirm, now_ms()).await {
            Ok(next) => sleep_for(next, now_ms()),
            Err(e) => {
                tracing::warn!(error = %e, "release task: database trouble; trying again shortly");
                Duration::from_secs(1)
            }
        };
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            tokio::select! {
                () = shutdown.cancelled() => return,
                () = tokio::time::sleep_until(deadline) => break,
                r = rx.recv(), if bus_open => match r {
                    Ok(OrderEvent::Upcoming { .. } | OrderEvent::Reload) | Err(RecvError::Lagged(_)) => break,
                    Ok(_) => {}
                    Err(RecvError::Closed) => bus_open = false,
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sleeps_until_the_next_board_time_and_never_forever() {
        assert_eq!(sleep_for(Some(10_500), 10_000), Duration::from_millis(500));
        assert_eq!(sleep_for(Some(9_000), 10_000), Duration::ZERO);
        assert_eq!(sleep_for(None, 0), MAX_SLEEP);
        assert_eq!(sleep_for(Some(i64::MAX), 0), MAX_SLEEP);
    }
}
