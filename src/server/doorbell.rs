//! PostgreSQL's doorbell: LISTEN on `maydanoz_change`, which a trigger on the
//! change counter notifies at every commit that a display must see (migration
//! `change_notify`). Each notification rings this process's order bus with
//! `OrderEvent::Reload`, so its boards and display feeds catch up at once with a
//! write made by another process (another `serve`, the CLI) instead of at their
//! next poll of the counter.
//!
//! A notification names the session that wrote (the migration `change_notify_origin`:
//! the counter's value, a space, the writer's `application_name`). This process's own
//! writes already reached its bus as events (an order placed, a status moved), so its own
//! notifications are skipped ([`from_self`]): on PostgreSQL a placed order reached the
//! local board twice, as its event and as a full reload.
//!
//! Notifications are not replayed: when the listening connection drops, sqlx
//! reconnects it, and we ring once more, so a board reloads from the store —
//! the counter, not the notification, is the truth. SQLite has no doorbell;
//! the counter poll remains everyone's safety net.

use std::time::Duration;

use sqlx::postgres::PgListener;
use tokio_util::sync::CancellationToken;

use crate::events::{Bus, OrderEvent};
use crate::store::Db;

/// The channel the trigger notifies.
pub(crate) const CHANNEL: &str = "maydanoz_change";

/// Listen until `stop` (PostgreSQL only; `None` on SQLite).
pub fn spawn(db: &Db, bus: Bus, stop: CancellationToken) -> Option<tokio::task::JoinHandle<()>> {
    let Db::Pg(pool) = db else {
        return None;
    };
    let pool = pool.clone();
    let origin = crate::store::db::pg_origin(&pool);
    Some(tokio::spawn(async move {
        loop {
            let listener = async {
                let mut l = PgListener::connect_with(&pool).await?;
                l.listen(CHANNEL).await?;
                Ok::<_, sqlx::Error>(l)
            };
            let mut l = tokio::select! {
                () = stop.cancelled() => return,
                l = listener => match l {
                    Ok(l) => l,
                    Err(e) => {
                        tracing::warn!(error = %e, "doorbell: cannot LISTEN; retrying");
                        tokio::select! {
                            () = stop.cancelled() => return,
                            () = tokio::time::sleep(Duration::from_secs(1)) => continue,
                        }
                    }
                },
            };
            // anything missed while we were not listening
            bus.publish(OrderEvent::Reload);
            loop {
                let next = tokio::select! {
                    () = stop.cancelled() => return,
                    n = l.try_recv() => n,
                };
                match next {
                    Ok(Some(n)) if from_self(n.payload(), origin.as_deref()) => {}
                    Ok(Some(_)) => bus.publish(OrderEvent::Reload),
                    // the connection dropped; try_recv reconnects next time:
                    // catch up from the counter
                    Ok(None) => bus.publish(OrderEvent::Reload),
                    Err(e) => {
                        tracing::warn!(error = %e, "doorbell: listening failed; reconnecting");
                        break;
                    }
                }
            }
        }
    }))
}

/// Whether a notification's payload (`VALUE ORIGIN…`) names this process's own pool. A
/// payload without an origin (an older trigger, another program) is never our own.
pub(crate) fn from_self(payload: &str, origin: Option<&str>) -> bool {
    let Some(origin) = origin.filter(|o| !o.is_empty()) else {
        return false;
    };
    payload
        .split(' ')
        .nth(1)
        .is_some_and(|writer| writer == origin)
}

#[cfg(test)]
mod tests {
    use super::from_self;

    #[test]
    fn only_a_payload_naming_this_pool_is_its_own() {
        let me = Some("maydanoz-12-0000abcd");
        assert!(from_self("41 maydanoz-12-0000abcd", me));
        assert!(from_self("41 maydanoz-12-0000abcd psql", me));
        assert!(!from_self("41 maydanoz-12-0000abce", me));
        assert!(!from_self("41", me), "an older trigger's payload");
        assert!(!from_self("41 ", me));
        assert!(!from_self("41 maydanoz-12-0000abcd", None));
        assert!(!from_self("41 ", Some("")));
    }
}
