//! The invariants checked in the database after an attack, each returning its figures so
//! the test can print them: every acknowledged message processed exactly once, every order
//! a customer was told about present and none doubled, every reply sent.
#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use maydanoz::fakegraph::FakeGraph;
use maydanoz::store::Db;
use maydanoz::testing::FakeGraphControls as _;

use crate::helpers::count;

/// Wait until the workers have nothing left: no inbox row and no outbox row pending.
/// Returns how long it took; panics with the backlog after `timeout`.
pub async fn settle(db: &Db, timeout: Duration) -> Duration {
    let t = Instant::now();
    let pending = async || {
        (
            count(db, "SELECT COUNT(*) FROM inbox WHERE state = 'pending'").await,
            count(db, "SELECT COUNT(*) FROM outbox WHERE state = 'pending'").await,
        )
    };
    if crate::common::app::eventually(timeout, || async {
        (pending().await == (0, 0)).then_some(())
    })
    .await
    .is_none()
    {
        let (inbox, outbox) = pending().await;
        assert!(
            inbox == 0 && outbox == 0,
            "not settled after {timeout:?}: {inbox} inbox and {outbox} outbox rows pending"
        );
    }
    t.elapsed()
}

/// Every message id Meta had answered 200 is in the inbox once, `done`, processed in one
/// committed attempt — more only where a failed attempt was recorded (its work rolled
/// back, `last_error` kept), as when the database goes away mid-batch; and the inbox
/// holds nothing Meta was not answered 200 for.
/// Returns the number of messages checked.
pub async fn exactly_once(db: &Db, acked: &HashMap<String, u32>) -> usize {
    let rows: Vec<(String, String, i64, Option<String>)> = db
        .read()
        .await
        .expect("read")
        .exec()
        .fetch_all(
            "SELECT wa_message_id, state, attempts, last_error FROM inbox",
            vec![],
        )
        .await
        .expect("inbox");
    let mut by_id: HashMap<&str, (&str, i64, u32)> = HashMap::new();
    for (id, state, attempts, last_error) in &rows {
        // a recorded failed attempt rolled its work back: it does not count
        let committed = if last_error.is_some() {
            1.min(*attempts)
        } else {
            *attempts
        };
        let seen = by_id
            .entry(id.as_str())
            .or_insert((state.as_str(), committed, 0));
        seen.2 += 1;
    }
    for id in acked.keys() {
        let Some((state, attempts, n)) = by_id.get(id.as_str()) else {
            panic!("message {id} was answered 200 but is not in the inbox");
        };
        assert_eq!(*n, 1, "message {id} is stored {n} times");
        assert_eq!(
            *state, "done",
            "message {id} was answered 200 but is {state}"
        );
        assert_eq!(
            *attempts, 1,
            "message {id} took {attempts} committed attempts"
        );
    }
    let unacked: Vec<&&str> = by_id
        .keys()
        .filter(|id| !acked.contains_key(**id))
        .collect();
    assert!(
        unacked.is_empty(),
        "inbox rows Meta never got a 200 for: {unacked:?}"
    );
    acked.len()
}

/// Every order a customer was told about exists for that customer, no inbound message made
/// two orders, and there is no order nobody was told about. Returns the number of orders.
pub async fn orders_match(db: &Db, told: &[(String, i64)]) -> usize {
    let rows: Vec<(i64, String, Option<String>)> = db
        .read()
        .await
        .expect("read")
        .exec()
        .fetch_all(
            "SELECT number, customer_phone, source_message_id FROM orders",
            vec![],
        )
        .await
        .expect("orders");
    let by_number: HashMap<i64, &str> = rows.iter().map(|(n, p, _)| (*n, p.as_str())).collect();
    for (phone, number) in told {
        assert_eq!(
            by_number.get(number).copied(),
            Some(phone.as_str()),
            "order #{number} told to {phone}"
        );
    }
    let sources: Vec<&str> = rows.iter().filter_map(|(_, _, s)| s.as_deref()).collect();
    assert_eq!(
        sources.len(),
        rows.len(),
        "every order names the message that confirmed it"
    );
    let distinct: HashSet<&str> = sources.iter().copied().collect();
    assert_eq!(
        distinct.len(),
        rows.len(),
        "an inbound message made two orders"
    );
    let told_set: HashSet<i64> = told.iter().map(|(_, n)| *n).collect();
    assert_eq!(
        told_set.len(),
        told.len(),
        "two customers were told the same number"
    );
    assert_eq!(rows.len(), told.len(), "orders nobody was told about");
    rows.len()
}

/// Coupon bookkeeping agrees with itself: one redemption per discounted order, and the
/// counter equals the live redemptions. Returns the number of redemptions.
pub async fn coupon_consistent(db: &Db) -> i64 {
    let redemptions = count(
        db,
        "SELECT COUNT(*) FROM coupon_redemptions WHERE released_at IS NULL",
    )
    .await;
    let discounted = count(
        db,
        "SELECT COUNT(*) FROM orders WHERE coupon_code IS NOT NULL AND discount_minor > 0",
    )
    .await;
    let used = count(
        db,
        "SELECT CAST(COALESCE(SUM(used), 0) AS BIGINT) FROM coupons",
    )
    .await;
    assert_eq!(
        redemptions, discounted,
        "a discounted order without its redemption (or the reverse)"
    );
    assert_eq!(
        used, redemptions,
        "the coupon counter disagrees with the redemptions"
    );
    redemptions
}

/// Figures of the outbox after settling.
#[derive(Debug)]
pub struct Sent {
    pub messages: usize,
    pub reads: i64,
    pub duplicates: usize,
    /// Milliseconds from the Graph API's acceptance to our commit of `sent`: p50, p99, max.
    /// A kill inside this window sends the message again after the restart.
    pub window_ms: (i64, i64, i64),
    /// Rows accepted more than once: (first acceptance, second acceptance, our commit of
    /// `sent`), unix ms.
    pub doubled: Vec<(i64, i64, i64)>,
}

/// Nothing pending or failed, and every message row marked sent really reached the Graph
/// API (its `ob:ID` callback was accepted). Returns the figures, duplicates included.
pub async fn all_replies_sent(db: &Db, fake: &FakeGraph) -> Sent {
    let pending = count(db, "SELECT COUNT(*) FROM outbox WHERE state = 'pending'").await;
    let failed = count(db, "SELECT COUNT(*) FROM outbox WHERE state = 'failed'").await;
    assert_eq!(
        (pending, failed),
        (0, 0),
        "outbox rows left pending or failed"
    );
    let ids: Vec<(i64, Option<i64>)> = db
        .read()
        .await
        .expect("read")
        .exec()
        .fetch_all(
            "SELECT id, sent_at FROM outbox WHERE kind = 'message' AND state = 'sent'",
            vec![],
        )
        .await
        .expect("outbox");
    // callback → every acceptance time
    let mut accepted: HashMap<String, Vec<i64>> = HashMap::new();
    for r in fake.received() {
        if let Some(cb) = r.body["biz_opaque_callback_data"].as_str() {
            accepted.entry(cb.to_string()).or_default().push(r.at);
        }
    }
    let missing: Vec<i64> = ids
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| !accepted.contains_key(&format!("ob:{id}")))
        .collect();
    assert!(
        missing.is_empty(),
        "outbox rows marked sent that the Graph API never accepted: {missing:?}"
    );
    let mut windows: Vec<i64> = ids
        .iter()
        .filter_map(|(id, sent_at)| {
            Some(sent_at.as_ref()? - accepted.get(&format!("ob:{id}"))?.last()?)
        })
        .collect();
    windows.sort_unstable();
    let pick = |q: usize| {
        windows
            .get((windows.len().saturating_sub(1)) * q / 100)
            .copied()
            .unwrap_or(0)
    };
    let doubled = ids
        .iter()
        .filter_map(|(id, sent_at)| {
            let a = accepted.get(&format!("ob:{id}")).filter(|a| a.len() > 1)?;
            Some((a[0], a[1], sent_at.unwrap_or(0)))
        })
        .collect();
    let reads = count(db, "SELECT COUNT(*) FROM outbox WHERE kind = 'read'").await;
    Sent {
        messages: ids.len(),
        reads,
        duplicates: fake.stats().duplicate_callbacks,
        window_ms: (pick(50), pick(99), pick(100)),
        doubled,
    }
}

/// The outbox rows to `phone` (state, attempts, when next, last error), for a failure message.
pub async fn outbox_of(db: &Db, phone: &str) -> String {
    let rows: Vec<(i64, String, String, i64, i64, Option<String>)> = db
        .read()
        .await
        .expect("read")
        .exec()
        .fetch_all(
            "SELECT id, kind, state, attempts, next_attempt_at, last_error FROM outbox WHERE recipient = $1 ORDER BY id",
            vec![phone.into()],
        )
        .await
        .expect("outbox");
    let now = maydanoz::clock::now_ms();
    rows.iter()
        .map(|(id, kind, state, attempts, next, err)| {
            format!(
                "#{id} {kind} {state} ×{attempts} next in {} ms {}",
                next - now,
                err.as_deref().unwrap_or("")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Rows the Graph API refused for good: (body, error), for a failure message.
pub async fn failed_sends(db: &Db) -> Vec<(String, Option<String>)> {
    db.read()
        .await
        .expect("read")
        .exec()
        .fetch_all(
            "SELECT body, last_error FROM outbox WHERE state = 'failed'",
            vec![],
        )
        .await
        .expect("outbox")
}
