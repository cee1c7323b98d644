//! An order's promise and its place under the cap, settled in the
//! transaction that places it: the ready time the summary told the customer
//! (or the picked time of an order for later), and one place taken in that
//! time's slot by a single conditional statement — so of two customers
//! confirming into the last place, one gets it and the other is offered the
//! next free times, read in the same transaction.

use crate::bot::{OrderDraft, PlaceError};
use crate::domain::pace;
use crate::queue::effects::EffectCtx;
use crate::store::{Exec, StoreError};

/// (promised_at, the slot counted in) — or the refusal naming the free times.
pub(crate) async fn promise_and_slot(
    conn: &mut Exec<'_>,
    draft: &OrderDraft,
    ahead: Option<i64>,
    c: &EffectCtx<'_>,
) -> Result<Result<(i64, Option<i64>), PlaceError>, StoreError> {
    let caps = c.cfg.kitchen.caps();
    let tz = &c.cfg.restaurant.timezone;
    let r = &c.cfg.restaurant;
    let promised = match ahead.or(draft.promised_at) {
        Some(p) => p,
        None => {
            let load = crate::store::pace::load(conn, c.at(), c.day_start(), caps, tz).await?;
            pace::quote(
                &load,
                draft.fulfilment,
                r.pickup_minutes,
                r.delivery_minutes,
                c.at().as_millis(),
            )
        }
    };
    let Some(max) = caps.max_per_slot else {
        return Ok(Ok((promised, None)));
    };
    let slot = pace::slot_start(promised, caps.slot_minutes, tz);
    if crate::store::pace::claim_slot(conn, slot, max).await? {
        return Ok(Ok((promised, Some(slot))));
    }
    let load = crate::store::pace::load(conn, c.at(), c.day_start(), caps, tz).await?;
    let offered = pace::free_slots(&load, &c.cfg.hours, tz, c.at().as_millis(), slot)
        .iter()
        .map(|s| s.at)
        .collect();
    tracing::info!(slot, "order slot full: later times offered");
    Ok(Err(PlaceError::SlotFull { offered }))
}
