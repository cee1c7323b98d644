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

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use super::timer::{self, Timed, TimedPauses};
use crate::copy;
use crate::domain::CustomerId;
use crate::domain::time::At;
use crate::events::{Bus, OrderEvent};
use crate::store::{Db, StoreError, pace};

/// Remind every ready pickup order waiting `minutes` or longer at `now` (none
/// when `minutes` is 0); returns how many were reminded and when the next one
/// falls due.
pub async fn remind_due(db: &Db, minutes: u32, now: At) -> Result<(usize, Option<At>), StoreError> {
    if minutes == 0 {
        return Ok((0, None));
    }
    let wait = crate::domain::time::Span::minutes(i64::from(minutes));
    let mut tx = db.begin().await?;
    let due = pace::at_counter_due(&mut tx.exec(), now - wait).await?;
    let mut sent = 0;
    for o in &due {
        if !pace::mark_reminded(&mut tx.exec(), o.id, now).await? {
            continue;
        }
        let Ok(phone) = CustomerId::parse(&o.customer_phone) else {
            continue;
        };
        let text = copy::at_counter_reminder(o.language(), o.number());
        crate::service::tell::queue_text(&mut tx.exec(), &phone, text, Some(o.id), now).await?;
        sent += 1;
    }
    tx.commit().await?;
    let next = pace::next_at_counter(&mut db.read().await?.exec()).await?;
    Ok((sent, next.map(|r| r + wait)))
}

/// Run until `shutdown`; `minutes` 0 returns at once. Wakes when the next ready order
/// falls due, or early when an order changes status ([`super::timer`]).
pub(crate) async fn run(
    db: Db,
    bus: Bus,
    minutes: u32,
    outbox_wake: Arc<Notify>,
    pauses: TimedPauses,
    shutdown: CancellationToken,
) {
    if minutes == 0 {
        return;
    }
    let t = Timed {
        name: "counter reminders",
        max_sleep: pauses.max_sleep(),
        retry: pauses.retry(),
        wakes_on: |e| matches!(e, OrderEvent::StatusChanged { .. } | OrderEvent::Reload),
    };
    timer::run(t, bus, shutdown, |now| {
        let (db, outbox_wake) = (db.clone(), outbox_wake.clone());
        async move {
            let (sent, next) = remind_due(&db, minutes, now).await?;
            if sent > 0 {
                tracing::info!(sent, "reminded customers of ready orders at the counter");
                outbox_wake.notify_one();
            }
            Ok(next)
        }
    })
    .await;
}
