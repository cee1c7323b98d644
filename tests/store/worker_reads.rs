//! The worker's combined reads, on both backends: the shop's state in one statement
//! says what the separate reads (menu version, pause, orders in hand, busy mode) say,
//! and each customer's row (session, name, ordered before, quiet) what the session,
//! customer, order and handoff reads say — for customers the store knows and one it
//! does not.

use maydanoz::domain::hours::Pause;
use maydanoz::domain::time::{At, Span};
use maydanoz::store::worker_reads::{self, CustomerRow};
use maydanoz::store::{Db, customers, handoffs, pace, pause};
use maydanoz::testing::{known_many, load_sessions, quiet_among};

use crate::common::{new_order, phone, place_on_board};

const T0: i64 = 1_790_000_000_000;
const MIN: i64 = 60_000;

async fn state(db: &Db, now: i64) -> worker_reads::ShopState {
    let mut c = db.read().await.expect("read");
    worker_reads::shop_state(&mut c.exec(), At::from_millis(now), At::from_millis(T0))
        .await
        .expect("state")
}

/// Place an order at `at` and move it through the kitchen to ready at `ready`.
async fn ready_order(db: &Db, phone: &str, at: i64, ready: i64) {
    use maydanoz::domain::order::OrderStatus;
    let n = place_on_board(
        db,
        &new_order(phone, vec![], 100),
        "Ali",
        At::from_millis(at),
    )
    .await;
    let n = maydanoz::domain::OrderNumber::new(n);
    for to in [OrderStatus::Preparing, OrderStatus::Ready] {
        maydanoz::service::change_status(db, None, n, to, At::from_millis(ready))
            .await
            .expect("bump");
    }
}

async fn the_shop_state_is_the_separate_reads_in_one(db: &Db) {
    let fresh = state(db, T0).await;
    assert_eq!(fresh.pause, None);
    assert_eq!(fresh.in_kitchen, 0);
    assert_eq!(fresh.busy, None);
    assert_eq!(fresh.recent_prep, Vec::<Span>::new());
    assert!(fresh.menu_version.is_some(), "the counter exists");

    let p = Pause {
        until: Some(At::from_millis(T0 + 30 * MIN)),
        reason: Some("Ocakbaşı bakımda".into()),
    };
    let mut tx = db.begin().await.expect("begin");
    pause::set(&mut tx.exec(), Some(&p)).await.expect("pause");
    pace::set_busy(
        &mut tx.exec(),
        20,
        Some(maydanoz::domain::time::At::from_millis(T0 + 60 * MIN)),
        maydanoz::domain::time::At::from_millis(T0),
    )
    .await
    .expect("busy");
    tx.commit().await.expect("commit");
    place_on_board(
        db,
        &new_order("905551112233", vec![], 100),
        "Ayşe",
        At::from_millis(T0),
    )
    .await;
    place_on_board(
        db,
        &new_order("905554445566", vec![], 100),
        "Emre",
        At::from_millis(T0),
    )
    .await;
    // ready before the day began (not counted), then three of today's
    ready_order(db, "905550000001", T0 - 20 * MIN, T0 - 10 * MIN).await;
    ready_order(db, "905550000002", T0, T0 + 7 * MIN).await;
    ready_order(db, "905550000003", T0 + MIN, T0 + 4 * MIN).await;
    ready_order(db, "905550000004", T0 + 2 * MIN, T0 + 14 * MIN).await;
    let mut tx = db.begin().await.expect("begin");
    maydanoz::store::menu::add_product(
        &mut tx.exec(),
        "Dürümler",
        "Tavuk dürüm",
        maydanoz::domain::Money::from_minor(15000),
        "",
    )
    .await
    .expect("product");
    tx.commit().await.expect("commit");

    for now in [T0 + MIN, T0 + 60 * MIN] {
        let s = state(db, now).await;
        let mut c = db.read().await.expect("read");
        let x = &mut c.exec();
        assert_eq!(s.pause, pause::get(x).await.expect("pause"));
        assert_eq!(s.pause, Some(p.clone()));
        assert_eq!(
            s.busy,
            pace::busy(x, maydanoz::domain::time::At::from_millis(now))
                .await
                .expect("busy")
        );
        let (open,): (i64,) = x
            .fetch_one(pace::IN_KITCHEN_SQL, vec![])
            .await
            .expect("count");
        assert_eq!((s.in_kitchen, open), (2, 2));
        let recent = maydanoz::store::report::recent_prep(x, At::from_millis(T0), 20)
            .await
            .expect("recent");
        assert_eq!(s.recent_prep, recent);
        assert_eq!(
            s.recent_prep,
            [12, 7, 3].map(Span::minutes).to_vec(),
            "today's, newest first"
        );
        assert!(
            s.menu_version > fresh.menu_version,
            "the menu changed: {:?} after {:?}",
            s.menu_version,
            fresh.menu_version
        );
    }
    assert_eq!(
        state(db, T0 + MIN)
            .await
            .busy
            .map(|b| (b.minutes, b.until.map(|u| u.as_millis()))),
        Some((20, Some(T0 + 60 * MIN)))
    );
    assert_eq!(state(db, T0 + 60 * MIN).await.busy, None, "busy mode ended");
}

async fn a_customers_row_is_the_separate_reads_in_one(db: &Db) {
    let (ayse, emre, new) = (
        phone("905551112233"),
        phone("905554445566"),
        phone("905557778899"),
    );
    let mut tx = db.begin().await.expect("begin");
    customers::touch(
        &mut tx.exec(),
        &emre,
        Some("Emre"),
        maydanoz::domain::time::At::from_millis(T0),
    )
    .await
    .expect("touch");
    customers::save_sessions(
        &mut tx.exec(),
        &[(&emre, "{\"lang\":\"tr\"}".into())],
        At::from_millis(T0),
    )
    .await
    .expect("session");
    handoffs::open(
        &mut tx.exec(),
        &emre,
        "asked",
        maydanoz::domain::time::At::from_millis(T0),
        maydanoz::domain::time::At::from_millis(T0 + 10 * MIN),
        false,
    )
    .await
    .expect("handoff");
    tx.commit().await.expect("commit");
    place_on_board(
        db,
        &new_order("905551112233", vec![], 100),
        "Ayşe",
        At::from_millis(T0),
    )
    .await;

    let phones = [&ayse, &emre, &new];
    for now in [T0 + MIN, T0 + 10 * MIN] {
        let mut c = db.read().await.expect("read");
        let x = &mut c.exec();
        let mut rows = worker_reads::customers_of(x, &phones, now)
            .await
            .expect("rows");
        let sessions = load_sessions(x, &phones).await.expect("sessions");
        let known = known_many(x, &phones, 3).await.expect("known");
        let quiet = quiet_among(x, &phones, maydanoz::domain::time::At::from_millis(now))
            .await
            .expect("quiet");
        for p in phones {
            let r = rows.remove(p).unwrap_or_default();
            let k = known.get(p).cloned().unwrap_or_default();
            assert_eq!(r.session, sessions.get(p).cloned(), "{p}");
            assert_eq!((&r.name, r.has_ordered), (&k.name, k.has_ordered), "{p}");
            assert_eq!(r.quiet, quiet.contains(p), "{p}");
        }
        assert!(rows.is_empty(), "no one else: {rows:?}");
    }
    let mut c = db.read().await.expect("read");
    let rows = worker_reads::customers_of(&mut c.exec(), &phones, T0 + MIN)
        .await
        .expect("rows");
    assert_eq!(
        rows.get(&emre),
        Some(&CustomerRow {
            session: Some("{\"lang\":\"tr\"}".into()),
            name: Some("Emre".into()),
            has_ordered: false,
            quiet: true,
        })
    );
    assert!(rows.get(&ayse).is_some_and(|r| r.has_ordered && !r.quiet));
    assert_eq!(
        rows.get(&new).cloned().unwrap_or_default(),
        CustomerRow::default()
    );
}

crate::on_both_backends!(
    the_shop_state_is_the_separate_reads_in_one,
    a_customers_row_is_the_separate_reads_in_one,
);
