//! The kitchen's pace in the store, on both backends: two transactions
//! claiming the last place of a slot at once — one gets it, the other is told
//! it is full (and takes it once the first gives it back); busy mode set,
//! replaced, expired and cleared, with its minutes for the report; busy mode in the
//! caller's transaction.

use maydanoz::domain::time::At;
use std::time::Duration;

use maydanoz::store::{Db, pace};

const MIN: i64 = 60_000;
const SLOT: i64 = 1_780_315_200_000;

/// Claim a place in `SLOT` (cap `max`) in a transaction held open a moment.
async fn claim(db: Db, max: u32) -> bool {
    let mut tx = db.begin().await.expect("begin");
    let got = pace::claim_slot(&mut tx.exec(), At::from_millis(SLOT), max)
        .await
        .expect("claim");
    // held open so two claims overlap; no signal can stand in for it: on SQLite the
    // other claim waits inside its own statement until this commit
    tokio::time::sleep(Duration::from_millis(150)).await;
    tx.commit().await.expect("commit");
    got
}

async fn the_last_place_goes_to_one_of_two_at_once(db: &Db) {
    assert!(claim(db.clone(), 2).await, "the first of two places");
    let (a, b) = tokio::join!(claim(db.clone(), 2), claim(db.clone(), 2));
    assert!(a ^ b, "exactly one gets the last place: {a} {b}");
    let taken: i64 = db
        .read()
        .await
        .expect("read")
        .exec()
        .scalar("SELECT taken FROM kitchen_slots", vec![])
        .await
        .expect("taken");
    assert_eq!(taken, 2, "never over the cap");
    // a place given back can be taken again
    let mut tx = db.begin().await.expect("begin");
    pace::unclaim_slot(&mut tx.exec(), At::from_millis(SLOT))
        .await
        .expect("unclaim");
    tx.commit().await.expect("commit");
    assert!(claim(db.clone(), 2).await);
    assert!(!claim(db.clone(), 2).await);
}

async fn busy_mode_is_set_replaced_expires_and_counts(db: &Db) {
    let t0 = SLOT;
    let mut tx = db.begin().await.expect("begin");
    pace::set_busy(
        &mut tx.exec(),
        20,
        Some(maydanoz::domain::time::At::from_millis(t0 + 60 * MIN)),
        maydanoz::domain::time::At::from_millis(t0),
    )
    .await
    .expect("set");
    tx.commit().await.expect("commit");
    let mut c = db.read().await.expect("read");
    let b = pace::busy(
        &mut c.exec(),
        maydanoz::domain::time::At::from_millis(t0 + MIN),
    )
    .await
    .expect("busy");
    assert_eq!(
        b.map(|b| (b.minutes, b.until)),
        Some((20, Some(At::from_millis(t0 + 60 * MIN))))
    );
    assert_eq!(
        pace::busy(
            &mut c.exec(),
            maydanoz::domain::time::At::from_millis(t0 + 60 * MIN)
        )
        .await
        .expect("busy"),
        None
    );
    drop(c);
    // replaced after 10 minutes by +30 until cleared, cleared 5 minutes later
    let mut tx = db.begin().await.expect("begin");
    pace::set_busy(
        &mut tx.exec(),
        30,
        None,
        maydanoz::domain::time::At::from_millis(t0 + 10 * MIN),
    )
    .await
    .expect("set");
    assert!(
        pace::clear_busy(
            &mut tx.exec(),
            maydanoz::domain::time::At::from_millis(t0 + 15 * MIN)
        )
        .await
        .expect("clear")
    );
    assert!(
        !pace::clear_busy(
            &mut tx.exec(),
            maydanoz::domain::time::At::from_millis(t0 + 16 * MIN)
        )
        .await
        .expect("clear")
    );
    tx.commit().await.expect("commit");
    let mut c = db.read().await.expect("read");
    assert_eq!(
        pace::busy(
            &mut c.exec(),
            maydanoz::domain::time::At::from_millis(t0 + 16 * MIN)
        )
        .await
        .expect("busy"),
        None
    );
    let minutes = pace::busy_minutes(
        &mut c.exec(),
        maydanoz::domain::time::At::from_millis(t0),
        maydanoz::domain::time::At::from_millis(t0 + 24 * 60 * MIN),
        maydanoz::domain::time::At::from_millis(t0 + 120 * MIN),
    )
    .await
    .expect("minutes");
    assert_eq!(minutes, 15, "10 of the first, 5 of the second");
}

/// Busy mode in the caller's transaction: rolled back with it (and its reload never
/// handed out), kept when it commits; figures out of range refused before any write.
async fn busy_mode_goes_with_the_callers_transaction(db: &Db) {
    use maydanoz::service::pace::{BusyError, set_busy_in};
    let t0 = SLOT;
    let busy_at = |at: i64| {
        let db = db.clone();
        async move {
            let mut c = db.read().await.expect("read");
            pace::busy(&mut c.exec(), maydanoz::domain::time::At::from_millis(at))
                .await
                .expect("busy")
                .map(|b| b.minutes)
        }
    };
    let mut events = Vec::new();
    let mut tx = db.begin().await.expect("begin");
    set_busy_in(&mut tx.exec(), 20, None, At::from_millis(t0), &mut events)
        .await
        .expect("set");
    drop(tx);
    assert_eq!(busy_at(t0 + MIN).await, None, "rolled back with the caller");
    let mut events = Vec::new();
    let mut tx = db.begin().await.expect("begin");
    assert!(matches!(
        set_busy_in(
            &mut tx.exec(),
            10_000,
            None,
            At::from_millis(t0),
            &mut events
        )
        .await,
        Err(BusyError::Minutes)
    ));
    assert!(matches!(
        set_busy_in(
            &mut tx.exec(),
            20,
            Some(0),
            At::from_millis(t0),
            &mut events
        )
        .await,
        Err(BusyError::For)
    ));
    assert!(events.is_empty(), "a refused change tells no board");
    let got = set_busy_in(
        &mut tx.exec(),
        20,
        Some(30),
        At::from_millis(t0),
        &mut events,
    )
    .await
    .expect("set");
    tx.commit().await.expect("commit");
    assert_eq!(
        got.map(|b| (b.minutes, b.until)),
        Some((20, Some(At::from_millis(t0 + 30 * MIN))))
    );
    assert_eq!(events.len(), 1, "one reload for the boards");
    assert_eq!(
        busy_at(t0 + MIN).await,
        Some(20),
        "kept when the caller commits"
    );
}

crate::on_both_backends!(
    the_last_place_goes_to_one_of_two_at_once,
    busy_mode_is_set_replaced_expires_and_counts,
    busy_mode_goes_with_the_callers_transaction,
);
