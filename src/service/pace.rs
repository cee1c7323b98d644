//! Busy mode as one operation for every door to it — `maydanoz busy`, the
//! board's `b` key, the remote board's `POST /kds/v1/busy`: set or clear it in
//! one transaction, its own ([`set_busy`]) or the caller's ([`set_busy_in`]; the change
//! sequence moves, so every board's header follows), then tell this process's boards on
//! the bus.

use crate::domain::pace::{Busy, MAX_BUSY_MINUTES};
use crate::domain::time::{At, Span};
use crate::events::{Bus, OrderEvent};
use crate::store::{Db, Exec, StoreError, pace};

/// Why busy mode was not set.
#[derive(Debug, thiserror::Error)]
pub enum BusyError {
    #[error("busy minutes must be between 1 and {MAX_BUSY_MINUTES} (0 or --off clears it)")]
    Minutes,
    #[error("--for must be at least 1 minute")]
    For,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Set busy mode to `minutes` (0 clears it) for `for_minutes` (`None`: until
/// cleared) at `now`, in a transaction of its own; returns what is in force afterwards.
pub(crate) async fn set_busy(
    db: &Db,
    bus: Option<&Bus>,
    minutes: u32,
    for_minutes: Option<u32>,
    now: At,
) -> Result<Option<Busy>, BusyError> {
    let mut change = super::Change::begin(db, bus).await?;
    let (mut conn, events) = change.parts();
    let busy = set_busy_in(&mut conn, minutes, for_minutes, now, events).await?;
    change.commit().await?;
    Ok(busy)
}

/// [`set_busy`] inside the caller's transaction: checks the figures, writes, and adds
/// the boards' reload to `events` for the caller to publish once it has committed.
pub async fn set_busy_in(
    conn: &mut Exec<'_>,
    minutes: u32,
    for_minutes: Option<u32>,
    now: At,
    events: &mut Vec<OrderEvent>,
) -> Result<Option<Busy>, BusyError> {
    if minutes > MAX_BUSY_MINUTES {
        return Err(BusyError::Minutes);
    }
    if for_minutes == Some(0) {
        return Err(BusyError::For);
    }
    let until = for_minutes.map(|m| now + Span::minutes(i64::from(m)));
    if minutes == 0 {
        pace::clear_busy(conn, now).await?;
    } else {
        pace::set_busy(conn, minutes, until, now).await?;
    }
    events.push(OrderEvent::Reload);
    Ok((minutes > 0).then_some(Busy { minutes, until }))
}
