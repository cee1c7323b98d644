//! The counter: a pickup order that is ready and not collected after
//! `support.pickup_reminder_minutes` gets one reminder ("#123 hazır, seni
//! bekliyor") through the outbox. Marking the order reminded and queueing the
//! message are one transaction, and the mark is conditional, so no order is
//! reminded twice — by this task again, after a restart, or by another process.
//!
//! The task sleeps until the earliest ready order falls due (read from the
//! store) and wakes early when an order changes status on the bus; it runs under
//! the queue lease, so one process reminds. [`remind_due`] takes `now`, so
//! tests drive it without waiting.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio::sync::broadcast::error::RecvError;
use tokio_util::sync::CancellationToken;

use crate::clock::now_ms;
use crate::copy;
use crate::domain::reply::Reply;
use crate::domain::{Lang, Phone};
use crate::events::{Bus, OrderEvent};
use crate::store::{Db, StoreError, outbox, pace};
use crate::whatsapp::outbound;

/// The longest sleep without looking again.
const MAX_SLEEP: Duration = Duration::from_secs(600);

/// Remind every ready pickup order waiting `minutes` or longer at `now` (none
/// when `minutes` is 0); returns how many were reminded and when the next one
/// falls due.
pub async fn remind_due(
    db: &Db,
    minutes: u32,
    now: i64,
) -> Result<(usize, Option<i64>), StoreError> {
    if minutes == 0 {
        return Ok((0, None));
    }
    let wait = i64::from(minutes) * 60_000;
    let mut tx = db.begin().await?;
    let due = pace::at_counter_due(&mut tx.exec(), now - wait).await?;
    let mut sent = 0;
    for o in &due {
        if !pace::mark_reminded(&mut tx.exec(), o.id, now).await? {
            continue;
        }
        let Ok(phone) = Phone::parse(&o.customer_phone) else {
            continue;
        };
        let lang = Lang::parse(&o.lang).unwrap_or_default();
        let text = copy::at_counter_reminder(lang, o.number());
        let body = outbound::message_body(&phone, &Reply::text(text), None).to_string();
        outbox::enqueue(
            &mut tx.exec(),
            &phone,
            outbox::Kind::Message,
            &body,
            Some(o.id),
            now,
        )
        .await?;
        sent += 1;
    }
    tx.commit().await?;
    let next = pace::next_at_counter(&mut db.read().await?.exec()).await?;
    Ok((sent, next.map(|r| r + wait)))
}

/// Run until `shutdown`; `minutes` 0 returns at once.
pub async fn run(
    db: Db,
    bus: Bus,
    minutes: u32,
    outbox_wake: Arc<Notify>,
    shutdown: CancellationToken,
) {
    if minutes == 0 {
        return;
    }
    let mut rx = bus.subscribe();
    let mut bus_open = true;
    loop {
        let wait = match remind_due(&db, minutes, now_ms()).await {
            Ok((sent, next)) => {
                if sent > 0 {
                    tracing::info!(sent, "reminded customers of ready orders at the counter");
                    outbox_wake.notify_one();
                }
                next.map_or(MAX_SLEEP, |t| {
                    Duration::from_millis(u64::try_from(t - now_ms()).unwrap_or(0)).min(MAX_SLEEP)
                })
            }
            Err(e) => {
                tracing::warn!(error = %e, "counter reminders: database trouble; trying again shortly");
                Duration::from_secs(5)
            }
        };
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            tokio::select! {
                () = shutdown.cancelled() => return,
                () = tokio::time::sleep_until(deadline) => break,
                r = rx.recv(), if bus_open => match r {
                    Ok(OrderEvent::StatusChanged { .. } | OrderEvent::Reload) | Err(RecvError::Lagged(_)) => break,
                    Ok(_) => {}
                    Err(RecvError::Closed) => bus_open = false,
                },
            }
        }
    }
}
