//! The SQLite writer after a failed transaction: SQLite rolls a
//! transaction back by itself on a full disk or an I/O error, sqlx still believes it open,
//! and before the fix every later write was refused until restart ("attempted to call
//! begin_with at non-zero transaction depth").

use maydanoz::store::Db;

use crate::common::TestDb;

async fn write_one(db: &Db, name: &str) -> Result<(), maydanoz::store::StoreError> {
    let mut tx = db.begin().await?;
    tx.exec()
        .execute(
            "INSERT INTO meta (key, value) VALUES ($1, 'x') ON CONFLICT (key) DO NOTHING",
            vec![name.into()],
        )
        .await?;
    tx.commit().await
}

/// The state a failed COMMIT on a full disk leaves: SQLite ended the transaction, sqlx did
/// not notice. Here SQLite is told to end it (a ROLLBACK sqlx does not see), then the COMMIT
/// fails like the one on the full disk did.
#[tokio::test]
async fn a_commit_that_failed_does_not_leave_the_writer_stuck() {
    let t = TestDb::sqlite().await;
    let mut tx = t.db.begin().await.expect("begin");
    tx.exec()
        .execute("INSERT INTO meta (key, value) VALUES ('a', 'b')", vec![])
        .await
        .expect("insert");
    tx.exec()
        .execute("ROLLBACK", vec![])
        .await
        .expect("rollback under sqlx");
    assert!(tx.commit().await.is_err(), "the COMMIT fails");
    for i in 0..3 {
        write_one(&t.db, &format!("after-{i}"))
            .await
            .expect("writes work again after a failed commit");
    }
    t.cleanup().await;
}

/// A real SQLITE_FULL: the writer's database may not grow (`PRAGMA max_page_count`, which
/// holds for that connection only), a big insert fails; once the limit is gone (the writer
/// is a new connection) writes work again without a restart.
#[tokio::test]
async fn a_full_database_recovers_once_it_may_grow_again() {
    let t = TestDb::sqlite().await;
    write_one(&t.db, "before").await.expect("a first write");
    let mut tx = t.db.begin().await.expect("begin");
    let pages = tx
        .exec()
        .scalar("PRAGMA page_count", vec![])
        .await
        .expect("page_count");
    // a PRAGMA takes no parameters
    let limit: &'static str = Box::leak(format!("PRAGMA max_page_count = {pages}").into());
    tx.exec()
        .scalar(limit, vec![])
        .await
        .expect("max_page_count");
    let big = "x".repeat(64 * 1024);
    let mut full = None;
    for i in 0..64 {
        if let Err(e) = tx
            .exec()
            .execute(
                "INSERT INTO meta (key, value) VALUES ($1, $2)",
                vec![format!("big-{i}").into(), big.clone().into()],
            )
            .await
        {
            full = Some(e.to_string());
            break;
        }
    }
    let full = full.expect("the database could not grow: SQLITE_FULL");
    assert!(full.contains("full"), "{full}");
    drop(tx);
    write_one(&t.db, "after").await.expect("writes work again");
    t.cleanup().await;
}

/// Each SQLite write transaction runs at the mode it asked for, however the two kinds
/// follow each other: durable ones at `synchronous = FULL` (2), relaxed ones at `NORMAL` (1).
/// The mode change rides in the same statement text as the BEGIN; a durable transaction after
/// a relaxed one that still ran at NORMAL would lose acknowledged messages in a power cut.
#[tokio::test]
async fn each_transaction_runs_at_the_durability_it_asked_for() {
    let t = TestDb::sqlite().await;
    for relaxed in [false, true, true, false, false, true, false] {
        let mut tx = if relaxed {
            t.db.begin_relaxed().await.expect("begin relaxed")
        } else {
            t.db.begin().await.expect("begin")
        };
        let mode = tx
            .exec()
            .scalar("PRAGMA synchronous", vec![])
            .await
            .expect("read the mode");
        assert_eq!(mode, if relaxed { 1 } else { 2 }, "relaxed = {relaxed}");
        tx.commit().await.expect("commit");
    }
    t.cleanup().await;
}
