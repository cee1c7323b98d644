//! Busy mode as one operation for every door to it — `maydanoz busy`, the
//! board's `b` key, the remote board's `POST /kds/v1/busy`: set or clear it in
//! one transaction (the change sequence moves, so every board's header follows),
//! then tell this process's boards on the bus.

use crate::domain::pace::{Busy, MAX_BUSY_MINUTES};
use crate::events::{Bus, OrderEvent};
use crate::store::{Db, StoreError, pace};

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
/// cleared) at `now`; returns what is in force afterwards.
pub async fn set_busy(
    db: &Db,
    bus: Option<&Bus>,
    minutes: u32,
    for_minutes: Option<u32>,
    now: i64,
) -> Result<Option<Busy>, BusyError> {
    if minutes > MAX_BUSY_MINUTES {
        return Err(BusyError::Minutes);
    }
    if for_minutes == Some(0) {
        return Err(BusyError::For);
    }
    let until =
        for_minutes.map(|m| now + crate::domain::time::Span::minutes(i64::from(m)).as_millis());
    let mut tx = db.begin().await?;
    if minutes == 0 {
        pace::clear_busy(&mut tx.exec(), now).await?;
    } else {
        pace::set_busy(&mut tx.exec(), minutes, until, now).await?;
    }
    tx.commit().await?;
    if let Some(bus) = bus {
        bus.publish(OrderEvent::Reload);
    }
    Ok((minutes > 0).then_some(Busy { minutes, until }))
}
