//! Rush: stored on the order, so every screen (any process) shows it; only
//! open orders can be marked; each change moves the change sequence.

use maydanoz::domain::OrderNumber;
use maydanoz::events::{Bus, OrderEvent};
use maydanoz::service::{self, ChangeError};
use maydanoz::store::{Db, counters, orders};

use super::orders::place;

async fn seq(db: &Db) -> i64 {
    counters::change_seq(&mut db.read().await.expect("read").exec())
        .await
        .expect("seq")
}

async fn open_rush(db: &Db) -> Vec<(OrderNumber, bool)> {
    orders::open(&mut db.read().await.expect("read").exec())
        .await
        .expect("open")
        .iter()
        .map(|o| (o.number, o.rush))
        .collect()
}

/// `service::set_rush` in a transaction of its own, its event published on `bus`.
async fn set_rush(
    db: &Db,
    bus: Option<&Bus>,
    number: OrderNumber,
    rush: bool,
) -> Result<(), ChangeError> {
    let mut c = service::Change::begin(db, bus).await?;
    let (mut x, events) = c.parts();
    service::set_rush(&mut x, number, rush, events).await?;
    c.commit().await?;
    Ok(())
}

async fn rush_is_stored_and_seen_by_every_reader(db: &Db) {
    let a = place(db, "905551112233", 1_000, None).await.expect("a");
    let b = place(db, "905554445566", 2_000, None).await.expect("b");
    assert_eq!(open_rush(db).await, vec![(a, false), (b, false)]);
    let bus = Bus::new();
    let mut rx = bus.subscribe();
    let before = seq(db).await;
    set_rush(db, Some(&bus), b, true).await.expect("rush");
    assert_eq!(open_rush(db).await, vec![(a, false), (b, true)]);
    assert!(seq(db).await > before, "other processes notice");
    assert_eq!(
        rx.try_recv().expect("event"),
        OrderEvent::Rush {
            number: b,
            rush: true
        }
    );
    set_rush(db, Some(&bus), b, false).await.expect("clear");
    assert_eq!(open_rush(db).await, vec![(a, false), (b, false)]);
    assert!(matches!(
        set_rush(db, None, OrderNumber::new(999), true).await,
        Err(ChangeError::UnknownOrder(n)) if n == 999
    ));
}

crate::on_both_backends!(rush_is_stored_and_seen_by_every_reader);
