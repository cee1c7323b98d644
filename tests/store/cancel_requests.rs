//! A customer's cancel request: set only on a started, open order and only
//! once; cleared by a refusal only while the order is open; each change moves
//! the change sequence. And the kitchen's recent pace read for estimates.

use maydanoz::domain::OrderNumber;
use maydanoz::domain::order::OrderStatus;
use maydanoz::domain::time::{At, Span};
use maydanoz::service::{self, ChangeError};
use maydanoz::store::{Db, cancel_requests, counters, orders, report};

use super::orders::place;

async fn seq(db: &Db) -> i64 {
    counters::change_seq(&mut db.read().await.expect("read").exec())
        .await
        .expect("seq")
}

async fn id_and_mark(db: &Db, number: OrderNumber) -> (i64, Option<i64>) {
    let (o, _) = orders::by_number(&mut db.read().await.expect("read").exec(), number)
        .await
        .expect("read")
        .expect("order");
    (o.id, o.cancel_requested_at.map(|t| t.as_millis()))
}

async fn request(db: &Db, id: i64, now: i64) -> bool {
    let mut tx = db.begin().await.expect("tx");
    let r = cancel_requests::request(&mut tx.exec(), id, At::from_millis(now))
        .await
        .expect("request");
    tx.commit().await.expect("commit");
    r
}

async fn a_request_waits_on_started_orders_only(db: &Db) {
    let n = place(db, "905551112233", 1_000, None).await.expect("place");
    let (id, mark) = id_and_mark(db, n).await;
    assert_eq!(mark, None);
    assert!(
        !request(db, id, 2_000).await,
        "a new order is cancelled, not asked"
    );
    service::change_status(db, None, n, OrderStatus::Preparing, At::from_millis(3_000))
        .await
        .expect("preparing");
    let before = seq(db).await;
    assert!(request(db, id, 4_000).await);
    assert!(seq(db).await > before, "every board notices");
    assert!(!request(db, id, 5_000).await, "asked once");
    assert_eq!(id_and_mark(db, n).await.1, Some(4_000));
    // refused: the mark goes, the order stays
    service::cancel_request::answer(db, None, n, false, At::from_millis(6_000))
        .await
        .expect("refuse");
    assert_eq!(id_and_mark(db, n).await.1, None);
    assert!(matches!(
        service::cancel_request::answer(db, None, n, false, At::from_millis(7_000)).await,
        Err(ChangeError::NoCancelRequest(_))
    ));
    // asked again, accepted: cancelled, and no refusal can follow
    assert!(request(db, id, 8_000).await);
    service::cancel_request::answer(db, None, n, true, At::from_millis(9_000))
        .await
        .expect("accept");
    let (o, _) = orders::by_number(&mut db.read().await.expect("read").exec(), n)
        .await
        .expect("read")
        .expect("order");
    assert_eq!(o.status, OrderStatus::Cancelled);
    assert!(matches!(
        service::cancel_request::answer(db, None, n, false, At::from_millis(10_000)).await,
        Err(ChangeError::NoCancelRequest(_))
    ));
    let outbox = "SELECT COUNT(*) FROM outbox WHERE body LIKE '%iptal isteğini karşılayamadık%'";
    let told = db
        .read()
        .await
        .expect("read")
        .exec()
        .scalar(outbox, vec![])
        .await
        .expect("count");
    assert_eq!(told, 1, "the customer heard one refusal");
}

async fn the_pace_is_read_from_recent_ready_orders(db: &Db) {
    let min = 60_000;
    for (i, prep) in [10, 12, 30].into_iter().enumerate() {
        let at = 1_000_000 + i64::try_from(i).expect("i") * 100 * min;
        let n = place(db, "905551112233", at, None).await.expect("place");
        service::change_status(
            db,
            None,
            n,
            OrderStatus::Ready,
            At::from_millis(at + prep * min),
        )
        .await
        .expect("ready");
    }
    let mut c = db.read().await.expect("read");
    let all = report::recent_prep(&mut c.exec(), At::from_millis(0), 20)
        .await
        .expect("pace");
    assert_eq!(
        all,
        vec![Span::minutes(30), Span::minutes(12), Span::minutes(10)],
        "newest first"
    );
    let two = report::recent_prep(&mut c.exec(), At::from_millis(0), 2)
        .await
        .expect("pace");
    assert_eq!(two.len(), 2);
    let later = report::recent_prep(&mut c.exec(), At::from_millis(1_000_000 + 150 * min), 20)
        .await
        .expect("pace");
    assert_eq!(later, vec![Span::minutes(30)], "only since the day began");
}

crate::on_both_backends!(
    a_request_waits_on_started_orders_only,
    the_pace_is_read_from_recent_ready_orders
);
