//! One write transaction through `service::Change`, on both backends: its events
//! reach the bus only after the commit; an operation that fails after writing
//! leaves no row behind and publishes nothing.

use maydanoz::domain::OrderNumber;
use maydanoz::domain::hours::Pause;
use maydanoz::events::{Bus, OrderEvent};
use maydanoz::service::{self, ChangeError};
use maydanoz::store::{Db, pause};
use tokio::sync::broadcast::error::TryRecvError;

fn closed() -> Pause {
    Pause {
        until: None,
        reason: Some("Ocak bakımda".into()),
    }
}

async fn stored_pause(db: &Db) -> Option<Pause> {
    pause::get(&mut db.read().await.expect("read").exec())
        .await
        .expect("get")
}

/// Writes the pause, announces a reload, then marks `rush` on order `number`:
/// fails after writing when there is no such order.
async fn pause_then_rush(db: &Db, bus: &Bus, number: OrderNumber) -> Result<(), ChangeError> {
    let mut c = service::Change::begin(db, Some(bus)).await?;
    let (mut x, events) = c.parts();
    pause::set(&mut x, Some(&closed())).await?;
    events.push(OrderEvent::Reload);
    service::set_rush(&mut x, number, true, events).await?;
    c.commit().await?;
    Ok(())
}

async fn a_failure_after_writing_leaves_nothing_and_publishes_nothing(db: &Db) {
    let bus = Bus::new();
    let mut rx = bus.subscribe();
    let r = pause_then_rush(db, &bus, OrderNumber::new(999)).await;
    assert!(
        matches!(r, Err(ChangeError::UnknownOrder(n)) if n == 999),
        "{r:?}"
    );
    assert_eq!(stored_pause(db).await, None, "the pause was rolled back");
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty), "nothing published");
}

async fn a_commit_publishes_after_the_rows_are_there(db: &Db) {
    let bus = Bus::new();
    let mut rx = bus.subscribe();
    let mut c = service::Change::begin(db, Some(&bus)).await.expect("begin");
    let (mut x, events) = c.parts();
    pause::set(&mut x, Some(&closed())).await.expect("set");
    events.push(OrderEvent::Reload);
    assert_eq!(
        rx.try_recv(),
        Err(TryRecvError::Empty),
        "not before the commit"
    );
    c.commit().await.expect("commit");
    assert_eq!(rx.try_recv(), Ok(OrderEvent::Reload));
    assert_eq!(stored_pause(db).await, Some(closed()));
}

crate::on_both_backends!(
    a_failure_after_writing_leaves_nothing_and_publishes_nothing,
    a_commit_publishes_after_the_rows_are_there,
);
