//! The queue lease must fence. Before the fix the old worker went on for
//! up to 2 s after its PostgreSQL lock connection was terminated while the new one started:
//! 279 of 12,000 messages processed twice. The scenario, step by step on a real PostgreSQL:
//! the lease holder's backend is terminated (`pg_terminate_backend`) while a second worker
//! waits; the old one notices at once, cannot commit work any more, cannot complete a
//! message the new one completed, and cannot claim an outbox row the new one claimed.

use std::time::{Duration, Instant};

use maydanoz::store::lease::{self as leader, Lease};
use maydanoz::store::{Db, StoreError, inbox, outbox};
use maydanoz::testing::inbox_insert;

use crate::common::TestDb;

async fn one_message(db: &Db) -> i64 {
    let mut tx = db.begin().await.expect("begin");
    let m = inbox::NewInbound {
        wa_message_id: "wamid.fence.1".into(),
        customer_phone: "905550003001".try_into().expect("a phone"),
        contact_name: None,
        kind: "text".into(),
        payload: "{}".into(),
        sent_at: maydanoz::domain::time::At::from_millis(0),
    };
    inbox_insert(&mut tx.exec(), &m, 0).await.expect("insert");
    tx.commit().await.expect("commit");
    db.read()
        .await
        .expect("read")
        .exec()
        .scalar("SELECT id FROM inbox", vec![])
        .await
        .expect("id")
}

/// What a worker's batch commit does: mark done, check the fence, commit.
async fn complete(db: &Db, id: i64, fence: &leader::Fence) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    inbox::mark_done_many(
        &mut tx.exec(),
        &[id],
        maydanoz::domain::time::At::from_millis(1),
    )
    .await?;
    fence.check(&mut tx.exec()).await?;
    tx.commit().await
}

async fn claim(db: &Db, id: i64, fence: &leader::Fence) -> Result<Vec<i64>, StoreError> {
    let mut tx = db.begin().await?;
    fence.check(&mut tx.exec()).await?;
    let got = outbox::claim(&mut tx.exec(), &[id], &fence.token, maydanoz::clock::now()).await?;
    tx.commit().await?;
    Ok(got)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_terminated_lease_holder_cannot_complete_work_twice() {
    let Some(t) = TestDb::postgres().await else {
        eprintln!("» lease fencing: skipped (no PostgreSQL)");
        return;
    };
    let db = &t.db;
    let mut a = leader::try_acquire(&t.url)
        .await
        .expect("try")
        .expect("A holds the lease");
    assert!(matches!(a, Lease::Pg(..)));
    assert!(
        leader::try_acquire(&t.url).await.expect("try").is_none(),
        "B waits"
    );
    let fence_a = a.fence();
    let x = one_message(db).await;
    let row = {
        let mut tx = db.begin().await.expect("begin");
        let id = outbox::enqueue(
            &mut tx.exec(),
            &crate::common::phone("905550003001"),
            outbox::Kind::Message,
            "{}",
            None,
            maydanoz::domain::time::At::from_millis(0),
        )
        .await
        .expect("enqueue");
        tx.commit().await.expect("commit");
        id
    };

    // the lease holder's backend is terminated
    let killed = db
        .read()
        .await
        .expect("read")
        .exec()
        .scalar(
            r#"SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_locks
               WHERE locktype = 'advisory' AND granted
                 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) AS k"#,
            vec![],
        )
        .await
        .expect("terminate");
    assert_eq!(killed, 1);
    let t0 = Instant::now();
    tokio::time::timeout(Duration::from_secs(2), a.lost())
        .await
        .expect("the old holder notices the lost lease at once");
    let noticed = t0.elapsed();

    // the old worker's batch, decided before the loss, may not commit
    let e = complete(db, x, &fence_a).await.expect_err("fenced out");
    assert!(e.to_string().contains("lease"), "{e}");
    // the new holder takes over and completes the message
    let left = Duration::from_secs(5).saturating_sub(t0.elapsed());
    let b = crate::common::app::eventually(left, || async {
        leader::try_acquire(&t.url).await.expect("try")
    })
    .await
    .expect("B never got the lease");
    let fence_b = b.fence();
    complete(db, x, &fence_b).await.expect("B completes it");
    // a worker that read the message as pending before B's commit cannot complete it again
    let e = complete(db, x, &fence_b).await.expect_err("already done");
    assert!(e.to_string().contains("no longer pending"), "{e}");
    // outbox: B claims the row; A (fenced) cannot; a third sender must leave B's fresh claim
    assert_eq!(claim(db, row, &fence_b).await.expect("claim"), vec![row]);
    assert!(claim(db, row, &fence_a).await.is_err(), "A is fenced out");
    let mut tx = db.begin().await.expect("begin");
    let other = outbox::claim(
        &mut tx.exec(),
        &[row],
        "someone-else",
        maydanoz::clock::now(),
    )
    .await
    .expect("claim");
    tx.commit().await.expect("commit");
    assert!(other.is_empty(), "B's claim holds while B lives");
    let done = db
        .read()
        .await
        .expect("read")
        .exec()
        .scalar("SELECT attempts FROM inbox WHERE id = $1", vec![x.into()])
        .await
        .expect("attempts");
    assert_eq!(done, 1, "processed exactly once");
    println!(
        "» lease fencing (PostgreSQL): holder's backend terminated, loss noticed in {} ms; the \
         old worker's commit refused, a second completion refused, the claimed outbox row \
         refused to others; the message completed once",
        noticed.as_millis()
    );
    drop(b);
    drop(a);
    t.cleanup().await;
}
