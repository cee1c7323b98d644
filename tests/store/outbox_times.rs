//! The outbox's times at their edges, on both backends: a reply whose customer wrote
//! exactly the window ago is still sent (one millisecond more and it is failed), a
//! claim is respected until exactly its time to live, and a retry is stored at the
//! instant it was given.

use maydanoz::domain::time::{At, Span};
use maydanoz::store::{Db, outbox};
use maydanoz::testing::{fail_outside_window, inbox_insert};

use maydanoz::store::inbox::NewInbound;

const T0: At = At::from_millis(1_780_000_000_000);

async fn queue(db: &Db, to: &str, at: At) -> i64 {
    let mut tx = db.begin().await.expect("begin");
    let id = outbox::enqueue(
        &mut tx.exec(),
        &crate::common::phone(to),
        outbox::Kind::Message,
        "{}",
        None,
        at,
    )
    .await
    .expect("enqueue");
    tx.commit().await.expect("commit");
    id
}

async fn fail_at(db: &Db, now: At) -> Vec<i64> {
    let mut tx = db.begin().await.expect("begin");
    let failed = fail_outside_window(&mut tx.exec(), now, Span::hours(24), "window closed")
        .await
        .expect("fail");
    tx.commit().await.expect("commit");
    failed
}

async fn the_24_hour_window_closes_after_its_last_millisecond(db: &Db) {
    // the customer wrote at T0, the reply was queued an hour later
    let mut tx = db.begin().await.expect("begin");
    let m = NewInbound {
        wa_message_id: "wamid.window".into(),
        customer_phone: "905550009001".try_into().expect("a phone"),
        contact_name: None,
        kind: "text".into(),
        payload: "{}".into(),
        sent_at: T0,
    };
    assert!(
        inbox_insert(&mut tx.exec(), &m, T0.as_millis())
            .await
            .expect("insert")
    );
    tx.commit().await.expect("commit");
    let wrote = queue(db, "905550009001", T0 + Span::hours(1)).await;
    // nobody wrote to us: the reply's own queueing time opens its window
    let unprompted = queue(db, "905550009002", T0).await;
    let edge = T0 + Span::hours(24);
    assert!(
        fail_at(db, edge).await.is_empty(),
        "exactly 24 h: still inside"
    );
    let mut failed = fail_at(db, edge + Span::millis(1)).await;
    failed.sort_unstable();
    assert_eq!(failed, vec![wrote, unprompted], "24 h and 1 ms: closed");
}

async fn claim_at(db: &Db, id: i64, token: &str, now: At) -> Vec<i64> {
    let mut tx = db.begin().await.expect("begin");
    let got = outbox::claim(&mut tx.exec(), &[id], token, now)
        .await
        .expect("claim");
    tx.commit().await.expect("commit");
    got
}

async fn another_senders_claim_holds_for_its_time_to_live(db: &Db) {
    let id = queue(db, "905550009003", T0).await;
    assert_eq!(claim_at(db, id, "a", T0).await, vec![id]);
    // the 40 s claim: respected through its last millisecond
    let edge = T0 + Span::millis(40_000);
    assert!(claim_at(db, id, "b", edge).await.is_empty(), "still fresh");
    assert_eq!(
        claim_at(db, id, "b", edge + Span::millis(1)).await,
        vec![id],
        "stale after 40 s"
    );
}

async fn a_retry_is_stored_at_the_instant_given(db: &Db) {
    let id = queue(db, "905550009004", T0).await;
    let mut tx = db.begin().await.expect("begin");
    outbox::mark_retry(
        &mut tx.exec(),
        id,
        Some(131_000),
        "temporary",
        T0 + Span::minutes(2),
    )
    .await
    .expect("retry");
    tx.commit().await.expect("commit");
    let rows = outbox::pending_after(&mut db.read().await.expect("read").exec(), 0, 10)
        .await
        .expect("pending");
    let row = rows.iter().find(|r| r.id == id).expect("still pending");
    assert_eq!(row.next_attempt_at.as_millis(), T0.as_millis() + 120_000);
    assert_eq!(row.attempts, 1);
}

crate::on_both_backends!(
    the_24_hour_window_closes_after_its_last_millisecond,
    another_senders_claim_holds_for_its_time_to_live,
    a_retry_is_stored_at_the_instant_given,
);
