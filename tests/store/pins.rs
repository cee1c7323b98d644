//! Pins in the store, on both backends: an order's pin is written with it and
//! read back exactly (`None` without one), and written whole with its schedule
//! and promise by `orders::insert`, which returns it as read back; a saved address keeps its pin when
//! used again without one, takes a new one when given, and comes back with it.

use maydanoz::domain::pin::Pin;
use maydanoz::domain::time::At;
use maydanoz::store::{Db, customers, orders};
use maydanoz::testing::{known_many, set_location};

use crate::orders::new_order;

async fn an_order_carries_its_pin(db: &Db) {
    let pin = Pin::from_degrees(40.98765, 29.02468).expect("pin");
    let mut tx = db.begin().await.expect("begin");
    customers::touch(
        &mut tx.exec(),
        &crate::common::phone("905551112233"),
        None,
        maydanoz::domain::time::At::from_millis(1),
    )
    .await
    .expect("touch");
    let o = new_order("905551112233", 30000);
    let (id, pinned) = orders::insert(&mut tx.exec(), &o, At::from_millis(1))
        .await
        .map(|o| (o.id, o.number))
        .expect("insert");
    set_location(&mut tx.exec(), id, pin).await.expect("pin");
    let plain = orders::insert(&mut tx.exec(), &o, At::from_millis(2))
        .await
        .expect("insert")
        .number;
    tx.commit().await.expect("commit");
    let mut c = db.read().await.expect("read");
    let (got, _) = orders::by_number(&mut c.exec(), pinned)
        .await
        .expect("read")
        .expect("exists");
    assert_eq!(got.location, Some(pin));
    let (got, _) = orders::by_number(&mut c.exec(), plain)
        .await
        .expect("read")
        .expect("exists");
    assert_eq!(got.location, None);
    let open = orders::open(&mut c.exec()).await.expect("open");
    assert_eq!(
        open.iter().map(|o| o.location).collect::<Vec<_>>(),
        [Some(pin), None]
    );
}

/// `orders::insert` writes the pin, the schedule and the promise with the order
/// and returns the order as the board reads it back.
async fn an_order_is_written_whole_and_read_back(db: &Db) {
    let pin = Pin::from_degrees(40.98765, 29.02468).expect("pin");
    let mut tx = db.begin().await.expect("begin");
    customers::touch(
        &mut tx.exec(),
        &crate::common::phone("905551112233"),
        None,
        maydanoz::domain::time::At::from_millis(1),
    )
    .await
    .expect("touch");
    let o = orders::NewOrder {
        location: Some(pin),
        ahead: Some(orders::Ahead {
            scheduled_for: At::from_millis(9_000_000),
            board_at: At::from_millis(8_000_000),
            held: true,
        }),
        promise: Some(orders::Promise {
            at: At::from_millis(9_000_000),
            slot: Some(At::from_millis(8_900_000)),
            moved_by_cap: true,
        }),
        ..new_order("905551112233", 30000)
    };
    let placed = orders::insert(&mut tx.exec(), &o, At::from_millis(1_000))
        .await
        .expect("insert");
    tx.commit().await.expect("commit");
    assert_eq!(placed.location, Some(pin));
    assert_eq!(
        placed.scheduled_for,
        Some(maydanoz::domain::time::At::from_millis(9_000_000))
    );
    assert_eq!(
        placed.board_at,
        Some(maydanoz::domain::time::At::from_millis(8_000_000))
    );
    assert_eq!(
        placed.promised_at,
        Some(maydanoz::domain::time::At::from_millis(9_000_000))
    );
    assert_eq!(
        placed.created_at,
        maydanoz::domain::time::At::from_millis(1_000)
    );
    assert_eq!(placed.items, o.items);
    let mut c = db.read().await.expect("read");
    let (read, _) = orders::by_number(&mut c.exec(), placed.number)
        .await
        .expect("read")
        .expect("exists");
    assert_eq!(read, placed);
    let open = orders::open(&mut c.exec()).await.expect("open");
    assert!(open.is_empty(), "held until its board time: {open:?}");
}

async fn a_saved_address_keeps_its_pin(db: &Db) {
    let phone = "905551112233";
    let mut tx = db.begin().await.expect("begin");
    let x = &mut tx.exec();
    customers::touch(
        x,
        &crate::common::phone(phone),
        None,
        maydanoz::domain::time::At::from_millis(1),
    )
    .await
    .expect("touch");
    customers::save_address(
        x,
        &crate::common::phone(phone),
        "Ev",
        Pin::from_e7(409_876_500, 290_246_800).ok(),
        At::from_millis(2),
    )
    .await
    .expect("pinned");
    customers::save_address(
        x,
        &crate::common::phone(phone),
        "İş",
        None,
        At::from_millis(3),
    )
    .await
    .expect("plain");
    // used again from a typed text without a pin: the pin stays
    customers::save_address(
        x,
        &crate::common::phone(phone),
        "Ev",
        None,
        At::from_millis(4),
    )
    .await
    .expect("again");
    tx.commit().await.expect("commit");
    let mut c = db.read().await.expect("read");
    let known = known_many(&mut c.exec(), &[&crate::common::phone(phone)], 3)
        .await
        .expect("known");
    let k = &known[phone];
    assert_eq!(k.addresses, ["Ev", "İş"]);
    assert_eq!(k.pins, [Pin::from_e7(409_876_500, 290_246_800).ok(), None]);
    drop(c);
    // a new pin for the same text replaces the old one
    let mut tx = db.begin().await.expect("begin");
    customers::save_address(
        &mut tx.exec(),
        &crate::common::phone(phone),
        "Ev",
        Pin::from_e7(410_000_000, 290_000_000).ok(),
        At::from_millis(5),
    )
    .await
    .expect("moved");
    tx.commit().await.expect("commit");
    let mut c = db.read().await.expect("read");
    let known = known_many(&mut c.exec(), &[&crate::common::phone(phone)], 3)
        .await
        .expect("known");
    assert_eq!(
        known[phone].pins[0],
        Pin::from_e7(410_000_000, 290_000_000).ok()
    );
}

crate::on_both_backends!(
    an_order_carries_its_pin,
    an_order_is_written_whole_and_read_back,
    a_saved_address_keeps_its_pin
);
