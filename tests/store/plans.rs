//! Query plans that matter for speed, checked on SQLite: a plan that walks a whole
//! table is invisible in a short test and costs a little more each hour of a real day.

use maydanoz::testing::{IN_KITCHEN_SQL, PENDING_FAIR_SQL, RECENT_PREP_SQL};

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

/// The plan's lines for `sql` with `args`, on a fresh SQLite store.
async fn plan_of(sql: &str, args: Vec<maydanoz::store::Arg>) -> Vec<String> {
    let t = TestDb::sqlite().await;
    let sql: &'static str = Box::leak(format!("EXPLAIN QUERY PLAN {sql}").into());
    let mut c = t.db.read().await.expect("read");
    let plan: Vec<(i64, i64, i64, String)> = c.exec().fetch_all(sql, args).await.expect("plan");
    drop(c);
    t.cleanup().await;
    plan.into_iter().map(|r| r.3).collect()
}

/// Every worker batch reads the kitchen's load for the quoted time: the orders
/// in hand and the recent order-to-ready times. Both through their index,
/// never a walk over the day's orders.
#[tokio::test]
async fn the_quote_reads_the_kitchen_through_its_indexes() {
    let open = plan_of(IN_KITCHEN_SQL, vec![]).await;
    assert!(
        open.iter().any(|d| d.contains("orders_in_kitchen")),
        "{open:#?}"
    );
    let recent = plan_of(RECENT_PREP_SQL, vec![0_i64.into(), 20_i64.into()]).await;
    assert!(
        recent.iter().any(|d| d.contains("orders_ready")),
        "{recent:#?}"
    );
}

/// The worker reads the orders in hand and the recent ready times inside its one
/// statement of the shop's state: still through their partial indexes, not a walk
/// over the day's orders.
#[tokio::test]
async fn the_batchs_shop_state_reads_the_kitchen_through_its_indexes() {
    let plan = plan_of(
        maydanoz::store::worker_reads::SHOP_STATE_SQLITE,
        vec![0_i64.into(), 0_i64.into(), 20_i64.into()],
    )
    .await;
    assert!(
        plan.iter().any(|d| d.contains("orders_in_kitchen")),
        "{plan:#?}"
    );
    assert!(plan.iter().any(|d| d.contains("orders_ready")), "{plan:#?}");
}
