//! Query plans that matter for speed, checked on SQLite: a plan that walks a whole
//! table is invisible in a short test and costs a little more each hour of a real day.

use maydanoz::store::inbox::PENDING_FAIR_SQL;

use crate::common::TestDb;

/// The worker's batch query ranks pending messages per customer. It must read them
/// through the pending-only index; through `inbox_customer` it read every message ever
/// received, done ones too, on each batch (the second pass's regression: 2.6 ms a
/// batch after 4,000 messages, growing).
#[tokio::test]
async fn the_worker_ranks_pending_messages_without_reading_the_done_ones() {
    let t = TestDb::sqlite().await;
    let sql: &'static str = Box::leak(format!("EXPLAIN QUERY PLAN {PENDING_FAIR_SQL}").into());
    let mut c = t.db.read().await.expect("read");
    let plan: Vec<(i64, i64, i64, String)> = c
        .exec()
        .fetch_all(sql, vec![256_i64.into(), 32_i64.into()])
        .await
        .expect("plan");
    let details: Vec<&str> = plan.iter().map(|r| r.3.as_str()).collect();
    assert!(
        details
            .iter()
            .any(|d| d.contains("INDEX inbox_pending_customer")),
        "{details:#?}"
    );
    assert!(
        !details.iter().any(|d| d.contains("INDEX inbox_customer")),
        "{details:#?}"
    );
    drop(c);
    t.cleanup().await;
}
