use maydanoz::domain::time::At;
use maydanoz::store::inbox::{NewInbound, NewStatus};
use maydanoz::store::{Db, inbox, outbox};
use maydanoz::testing::{delivery_state, inbox_insert};

fn msg(id: &str, from: &str) -> NewInbound {
    NewInbound {
        wa_message_id: id.into(),
        customer_phone: from.try_into().expect("a phone"),
        contact_name: Some("Ayşe".into()),
        kind: "text".into(),
        payload: format!("{{\"id\":\"{id}\"}}"),
        sent_at: maydanoz::domain::time::At::from_millis(1_780_000_000_000),
    }
}

async fn inbox_ignores_duplicates_and_keeps_order(db: &Db) {
    let mut tx = db.begin().await.expect("begin");
    assert!(
        inbox_insert(&mut tx.exec(), &msg("wamid.1", "901"), 1)
            .await
            .expect("1")
    );
    assert!(
        inbox_insert(&mut tx.exec(), &msg("wamid.2", "902"), 1)
            .await
            .expect("2")
    );
    assert!(
        !inbox_insert(&mut tx.exec(), &msg("wamid.1", "901"), 2)
            .await
            .expect("dup")
    );
    assert!(
        inbox_insert(&mut tx.exec(), &msg("wamid.3", "901"), 3)
            .await
            .expect("3")
    );
    tx.commit().await.expect("commit");
    let p = crate::common::inbox_in_arrival_order(&mut db.read().await.expect("read").exec(), 10)
        .await
        .expect("pending");
    assert_eq!(
        p.iter()
            .map(|r| r.wa_message_id.as_str())
            .collect::<Vec<_>>(),
        vec!["wamid.1", "wamid.2", "wamid.3"]
    );
    let mut tx = db.begin().await.expect("begin");
    inbox::mark_done_many(&mut tx.exec(), &[p[0].id], At::from_millis(5))
        .await
        .expect("done");
    assert!(
        !inbox::record_failure(&mut tx.exec(), p[1].id, "boom", 3, At::from_millis(5))
            .await
            .expect("fail 1")
    );
    assert!(
        !inbox::record_failure(&mut tx.exec(), p[1].id, "boom", 3, At::from_millis(6))
            .await
            .expect("fail 2")
    );
    assert!(
        inbox::record_failure(&mut tx.exec(), p[1].id, "boom", 3, At::from_millis(7))
            .await
            .expect("parked")
    );
    tx.commit().await.expect("commit");
    let p = crate::common::inbox_in_arrival_order(&mut db.read().await.expect("read").exec(), 10)
        .await
        .expect("pending");
    assert_eq!(
        p.iter()
            .map(|r| r.wa_message_id.as_str())
            .collect::<Vec<_>>(),
        vec!["wamid.3"]
    );
    assert_eq!(
        inbox::backlog(&mut db.read().await.expect("read").exec())
            .await
            .expect("backlog"),
        1
    );
}

async fn outbox_rows_end_sent_or_failed(db: &Db) {
    let mut tx = db.begin().await.expect("begin");
    let a = outbox::enqueue(
        &mut tx.exec(),
        &crate::common::phone("901"),
        outbox::Kind::Message,
        "{}",
        None,
        maydanoz::domain::time::At::from_millis(10),
    )
    .await
    .expect("a");
    let b = outbox::enqueue(
        &mut tx.exec(),
        &crate::common::phone("901"),
        outbox::Kind::Read,
        "{}",
        None,
        maydanoz::domain::time::At::from_millis(10),
    )
    .await
    .expect("b");
    let c = outbox::enqueue(
        &mut tx.exec(),
        &crate::common::phone("902"),
        outbox::Kind::Message,
        "{}",
        Some(7),
        maydanoz::domain::time::At::from_millis(10),
    )
    .await
    .expect("c");
    tx.commit().await.expect("commit");
    let mut tx = db.begin().await.expect("begin");
    outbox::mark_retry(
        &mut tx.exec(),
        a,
        Some(131000),
        "temporary",
        At::from_millis(5_000),
    )
    .await
    .expect("retry");
    outbox::mark_sent_many(&mut tx.exec(), &[(b, None)], At::from_millis(20))
        .await
        .expect("sent");
    outbox::mark_failed(
        &mut tx.exec(),
        c,
        Some(131047),
        "window closed",
        At::from_millis(30),
    )
    .await
    .expect("failed");
    tx.commit().await.expect("commit");
    let p = outbox::pending_after(&mut db.read().await.expect("read").exec(), 0, 10)
        .await
        .expect("pending");
    assert_eq!(p.len(), 1);
    assert_eq!(
        (p[0].id, p[0].attempts, p[0].next_attempt_at.as_millis()),
        (a, 1, 5_000)
    );
    let mut x = db.read().await.expect("read");
    assert_eq!(outbox::backlog(&mut x.exec()).await.expect("backlog"), 1);
    assert_eq!(
        outbox::failed_since(&mut x.exec(), At::from_millis(0))
            .await
            .expect("failed"),
        1
    );
    assert_eq!(
        outbox::failed_since(&mut x.exec(), At::from_millis(31))
            .await
            .expect("failed"),
        0
    );
}

async fn statuses_are_idempotent_and_ranked(db: &Db) {
    let st = |s: &str, at: i64| NewStatus {
        wa_message_id: "wamid.out".into(),
        status: s.into(),
        recipient: Some("901".into()),
        error_code: None,
        error_message: None,
        at,
    };
    let mut tx = db.begin().await.expect("begin");
    // a late "sent" after "delivered", and the same receipt twice in one delivery
    let (d, s1) = (st("delivered", 2), st("sent", 1));
    inbox::record_statuses(&mut tx.exec(), &[&d, &s1, &s1])
        .await
        .expect("record");
    inbox::record_statuses(&mut tx.exec(), &[&s1])
        .await
        .expect("a retried delivery");
    let n = tx
        .exec()
        .scalar("SELECT COUNT(*) FROM wa_statuses", vec![])
        .await
        .expect("count");
    assert_eq!(n, 2, "one row per (message, status)");
    tx.commit().await.expect("commit");
    let mut x = db.read().await.expect("read");
    assert_eq!(
        delivery_state(&mut x.exec(), "wamid.out")
            .await
            .expect("state")
            .as_deref(),
        Some("delivered")
    );
    drop(x);
    let mut tx = db.begin().await.expect("begin");
    let mut f = st("failed", 3);
    f.error_code = Some(131047);
    inbox::record_statuses(&mut tx.exec(), &[&f])
        .await
        .expect("f");
    tx.commit().await.expect("commit");
    let mut x = db.read().await.expect("read");
    assert_eq!(
        delivery_state(&mut x.exec(), "wamid.out")
            .await
            .expect("state")
            .as_deref(),
        Some("failed")
    );
    assert_eq!(
        outbox::failed_since(&mut x.exec(), At::from_millis(0))
            .await
            .expect("failed"),
        1
    );
}

crate::on_both_backends!(
    inbox_ignores_duplicates_and_keeps_order,
    outbox_rows_end_sent_or_failed,
    statuses_are_idempotent_and_ranked,
);
