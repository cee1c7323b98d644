//! Orders placed ahead, on a clock the test drives: held off the board (and
//! off every reader's board) until their board time, listed as upcoming, then
//! released in one transaction with their print jobs and a change-sequence
//! bump, announced on the bus; a cancelled one is never released. Reports
//! count them at their board time.

use maydanoz::domain::OrderNumber;
use maydanoz::domain::time::At;
use maydanoz::events::{Bus, OrderEvent};
use maydanoz::queue::ahead::release;
use maydanoz::store::{Db, ahead, counters, customers, orders};
use maydanoz::testing::ahead_schedule;

use super::orders::new_order;
use crate::common::count;

/// 2026-06-02 08:00 UTC: the opening, say; board times are around it.
pub(super) const T: i64 = 1_780_387_200_000;
pub(super) const MIN: i64 = 60_000;

pub(super) async fn place_ahead(db: &Db, phone: &str, for_at: i64, board_at: i64) -> OrderNumber {
    let mut tx = db.begin().await.expect("begin");
    customers::touch(
        &mut tx.exec(),
        &crate::common::phone(phone),
        Some("Ayşe"),
        maydanoz::domain::time::At::from_millis(T - 600 * MIN),
    )
    .await
    .expect("customer");
    let (id, number) = orders::insert(
        &mut tx.exec(),
        &new_order(phone, 30000),
        At::from_millis(T - 600 * MIN),
    )
    .await
    .map(|o| (o.id, o.number))
    .expect("insert");
    ahead_schedule(
        &mut tx.exec(),
        id,
        At::from_millis(for_at),
        At::from_millis(board_at),
        true,
    )
    .await
    .expect("schedule");
    tx.commit().await.expect("commit");
    number
}

async fn board(db: &Db) -> Vec<OrderNumber> {
    orders::open(&mut db.read().await.expect("read").exec())
        .await
        .expect("open")
        .iter()
        .map(|o| o.number)
        .collect()
}

async fn seq(db: &Db) -> i64 {
    counters::change_seq(&mut db.read().await.expect("read").exec())
        .await
        .expect("seq")
}

async fn held_until_its_board_time_then_released_once(db: &Db) {
    let a = place_ahead(db, "905551112233", T + 30 * MIN, T - 10 * MIN).await;
    let b = place_ahead(db, "905554445566", T + 60 * MIN, T + 20 * MIN).await;
    let gone = place_ahead(db, "905557778899", T + 30 * MIN, T - 10 * MIN).await;
    let mut tx = db.begin().await.expect("begin");
    let (o, _) = orders::by_number(&mut tx.exec(), gone)
        .await
        .expect("read")
        .expect("there");
    orders::set_status(
        &mut tx.exec(),
        o.id,
        maydanoz::domain::order::OrderStatus::New,
        maydanoz::domain::order::OrderStatus::Cancelled,
        At::from_millis(T - 60 * MIN),
    )
    .await
    .expect("cancel");
    tx.commit().await.expect("commit");

    assert!(
        board(db).await.is_empty(),
        "nothing on the board before its time"
    );
    let up = ahead::upcoming(&mut db.read().await.expect("read").exec())
        .await
        .expect("upcoming");
    assert_eq!(
        up.iter().map(|u| u.number).collect::<Vec<_>>(),
        [a.get(), b.get()]
    );
    assert_eq!(up[0].scheduled_for, T + 30 * MIN);

    let bus = Bus::new();
    let mut rx = bus.subscribe();
    let before = seq(db).await;
    // a minute before the first board time: nothing moves
    let next = release(
        db,
        &bus,
        true,
        maydanoz::domain::time::At::from_millis(T - 11 * MIN),
    )
    .await
    .expect("release");
    assert_eq!(
        next,
        Some(maydanoz::domain::time::At::from_millis(T - 10 * MIN)),
        "wakes at the first board time"
    );
    assert!(board(db).await.is_empty());
    assert_eq!(seq(db).await, before, "no change, no board event");
    assert!(rx.try_recv().is_err());
    assert_eq!(count(db, "SELECT COUNT(*) FROM print_jobs").await, 0);

    // at its board time: on the board, announced, printed (ticket + slip)
    let next = release(
        db,
        &bus,
        true,
        maydanoz::domain::time::At::from_millis(T - 10 * MIN),
    )
    .await
    .expect("release");
    assert_eq!(
        next,
        Some(maydanoz::domain::time::At::from_millis(T + 20 * MIN))
    );
    assert_eq!(board(db).await, [a]);
    assert!(seq(db).await > before, "remote boards see it now");
    match rx.try_recv().expect("placed") {
        OrderEvent::Placed(o) => {
            assert_eq!(o.number, a);
            assert_eq!(
                o.scheduled_for,
                Some(maydanoz::domain::time::At::from_millis(T + 30 * MIN))
            );
            assert_eq!(
                o.kitchen_since(),
                maydanoz::domain::time::At::from_millis(T - 10 * MIN),
                "its age counts from now"
            );
        }
        e => panic!("{e:?}"),
    }
    assert!(rx.try_recv().is_err(), "the cancelled one is not released");
    assert_eq!(count(db, "SELECT COUNT(*) FROM print_jobs").await, 2);

    // again at the same time: nothing twice
    release(
        db,
        &bus,
        true,
        maydanoz::domain::time::At::from_millis(T - 10 * MIN),
    )
    .await
    .expect("again");
    assert!(rx.try_recv().is_err());
    assert_eq!(count(db, "SELECT COUNT(*) FROM print_jobs").await, 2);

    let next = release(
        db,
        &bus,
        true,
        maydanoz::domain::time::At::from_millis(T + 25 * MIN),
    )
    .await
    .expect("release");
    assert_eq!(next, None, "nothing left to wait for");
    assert_eq!(board(db).await, [a, b]);

    // the report's day: an order ahead counts when it reached the board
    let day = orders::created_between(
        &mut db.read().await.expect("read").exec(),
        T - 60 * MIN,
        T + 60 * MIN,
    )
    .await
    .expect("day");
    let mut numbers: Vec<OrderNumber> = day.iter().map(|o| o.number).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, [a, b, gone]);
}

crate::on_both_backends!(held_until_its_board_time_then_released_once);
