//! PostgreSQL's doorbell between two processes' worth of connections on one
//! database: a change committed through one pool rings the other's bus within
//! 100 ms (the figure is printed), and a listener whose connection is killed
//! rings again once it is back, so boards catch up from the counter.

use maydanoz::domain::time::At;
use std::time::{Duration, Instant};

use maydanoz::domain::order::OrderStatus;
use maydanoz::events::{Bus, OrderEvent};
use maydanoz::server::doorbell;
use maydanoz::service;
use maydanoz::store::Db;
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

use super::orders::place;
use crate::common::TestDb;

async fn rung(rx: &mut broadcast::Receiver<OrderEvent>, within: Duration) -> bool {
    matches!(
        tokio::time::timeout(within, rx.recv()).await,
        Ok(Ok(OrderEvent::Reload))
    )
}

fn drain(rx: &mut broadcast::Receiver<OrderEvent>) {
    while rx.try_recv().is_ok() {}
}

/// Which of the two pools the doorbell listens on.
enum Listens {
    /// The test's own pool (`t.db`): the process that writes.
    OnWriter,
    /// The second pool (`other`): another process.
    OnOther,
}

/// Two processes' worth of connections on one fresh PostgreSQL database and a
/// doorbell on one of them, heard on `rx` once it has rung on start (catch up).
struct Bell {
    t: TestDb,
    other: Db,
    rx: broadcast::Receiver<OrderEvent>,
    stop: CancellationToken,
    task: tokio::task::JoinHandle<()>,
}

impl Bell {
    /// `None` (said on stderr) without PostgreSQL: the doorbell is PostgreSQL-only.
    async fn start(listens: Listens) -> Option<Bell> {
        let Some(t) = TestDb::postgres().await else {
            eprintln!("MAYDANOZ_TEST_POSTGRES_URL not set: the doorbell is PostgreSQL-only");
            return None;
        };
        let other = Db::connect(&t.url).await.expect("second pool");
        let bus = Bus::new();
        let mut rx = bus.subscribe();
        let stop = CancellationToken::new();
        let on = match listens {
            Listens::OnWriter => &t.db,
            Listens::OnOther => &other,
        };
        let task = doorbell::spawn(on, bus, stop.clone()).expect("postgres has a doorbell");
        assert!(
            rung(&mut rx, Duration::from_secs(5)).await,
            "rings once on start (catch up)"
        );
        Some(Bell {
            t,
            other,
            rx,
            stop,
            task,
        })
    }

    async fn finish(self) {
        self.stop.cancel();
        let _ = self.task.await;
        self.other.close().await;
        self.t.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_by_one_process_wakes_the_other_within_100_ms() {
    let Some(mut bell) = Bell::start(Listens::OnOther).await else {
        return;
    };
    let (t, rx) = (&bell.t, &mut bell.rx);
    let n = place(&t.db, "905551119999", 1_000, None)
        .await
        .expect("order");
    assert!(
        rung(rx, Duration::from_secs(2)).await,
        "the new order rings"
    );
    let (mut took, mut whole) = (Vec::new(), Vec::new());
    for i in 0..40 {
        drain(rx);
        let to = if i % 2 == 0 {
            OrderStatus::Preparing
        } else {
            OrderStatus::New
        };
        let t0 = Instant::now();
        service::change_status(&t.db, None, n, to, At::from_millis(2_000 + i))
            .await
            .expect("move");
        // the change is made when its COMMIT returns; a bell that rang even
        // earlier (NOTIFY goes out at commit) counts as 0
        let committed = Instant::now();
        assert!(rung(rx, Duration::from_secs(2)).await, "move {i} rang");
        let at = Instant::now();
        whole.push(at.duration_since(t0));
        took.push(at.saturating_duration_since(committed));
    }
    let pct = |v: &mut Vec<Duration>, p: usize| {
        v.sort();
        v[(v.len() * p).div_ceil(100) - 1]
    };
    let (p50, p99) = (pct(&mut took, 50), pct(&mut took, 99));
    eprintln!(
        "» PostgreSQL doorbell over {} changes: commit in one pool → Reload on the other pool's bus p50 {:.1} ms, p99 {:.1} ms; \
         from the start of the writer's transaction p99 {:.1} ms",
        took.len(),
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        pct(&mut whole, 99).as_secs_f64() * 1e3
    );
    assert!(p99 < Duration::from_millis(100), "p99 {p99:?} after commit");

    // kill the listening connection: it comes back and rings, a change made
    // meanwhile is caught up from the counter
    if let Db::Pg(pool) = &t.db {
        sqlx::query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()",
        )
        .execute(pool)
        .await
        .expect("terminate the listener");
    }
    drain(rx);
    service::change_status(
        &t.db,
        None,
        n,
        OrderStatus::Preparing,
        At::from_millis(9_000),
    )
    .await
    .expect("move");
    assert!(
        rung(rx, Duration::from_secs(3)).await,
        "rings after the listener is back"
    );
    bell.finish().await;
}

/// A process's own writes reach its boards as events already: its doorbell skips the
/// notifications its own pool caused (a placed order reached the board twice, as its
/// event and as a full reload), and still rings for another pool's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_process_does_not_ring_for_its_own_changes() {
    let Some(mut bell) = Bell::start(Listens::OnWriter).await else {
        return;
    };
    let (t, other, rx) = (&bell.t, &bell.other, &mut bell.rx);
    // three changes of its own, then one of another process: notifications arrive in
    // commit order, so its own would have rung before the other's
    let n = place(&t.db, "905551118888", 1_000, None)
        .await
        .expect("order");
    service::change_status(
        &t.db,
        None,
        n,
        OrderStatus::Preparing,
        At::from_millis(2_000),
    )
    .await
    .expect("own move");
    service::change_status(&t.db, None, n, OrderStatus::New, At::from_millis(3_000))
        .await
        .expect("own move");
    service::change_status(
        other,
        None,
        n,
        OrderStatus::Preparing,
        At::from_millis(4_000),
    )
    .await
    .expect("the other's move");
    let mut rings = 0;
    let until = Instant::now() + Duration::from_secs(1);
    while let Ok(Ok(e)) = tokio::time::timeout_at(until.into(), rx.recv()).await {
        if matches!(e, OrderEvent::Reload) {
            rings += 1;
        }
    }
    assert_eq!(rings, 1, "only the other pool's change rang");
    bell.finish().await;
}
