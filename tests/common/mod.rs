//! Test databases: a fresh SQLite file, or a fresh PostgreSQL database on the
//! server named by `MAYDANOZ_TEST_POSTGRES_URL` (created per test, dropped after);
//! the whole app on one ([`app`]); the menus tests import ([`fixtures`]); and
//! `on_both_backends!`, which runs a scenario on each.
#![allow(dead_code)]

pub mod app;
pub mod fixtures;

use maydanoz::domain::time::At;
use maydanoz::store::Db;
use maydanoz::store::scratch::Scratch;

pub struct TestDb {
    pub db: Db,
    pub url: String,
    scratch: Scratch,
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let scratch = Scratch::sqlite("maydanoz-test-").expect("tempdir");
        let db = Db::connect(&scratch.url).await.expect("open sqlite");
        TestDb {
            db,
            url: scratch.url.clone(),
            scratch,
        }
    }

    /// `None` when no PostgreSQL is configured (a failure instead under
    /// `MAYDANOZ_REQUIRE_POSTGRES=1`); a configured but unreachable one fails the test.
    pub async fn postgres() -> Option<TestDb> {
        require_postgres_if_asked();
        let admin_url = std::env::var("MAYDANOZ_TEST_POSTGRES_URL")
            .ok()
            .filter(|u| !u.is_empty())?;
        let scratch = Scratch::postgres(&admin_url, "mz_test")
            .await
            .expect("MAYDANOZ_TEST_POSTGRES_URL must be reachable");
        let db = Db::connect(&scratch.url).await.expect("open test database");
        Some(TestDb {
            db,
            url: scratch.url.clone(),
            scratch,
        })
    }

    /// Close and, for PostgreSQL, drop the database.
    pub async fn cleanup(self) {
        self.db.close().await;
        self.scratch.remove().await;
    }
}

/// `SELECT COUNT(*) …` (or any single integer) without parameters.
pub async fn count(db: &Db, sql: &'static str) -> i64 {
    db.read()
        .await
        .expect("read")
        .exec()
        .scalar(sql, vec![])
        .await
        .expect("count")
}

/// Write `order` straight to the store as the boards see a new one: its customer
/// (named `name`) touched, the order inserted, the change sequence bumped, in
/// one transaction at `now`. Its number.
pub async fn place_on_board(
    db: &Db,
    order: &maydanoz::store::orders::NewOrder,
    name: &str,
    now: At,
) -> i64 {
    use maydanoz::store::{counters, customers, orders};
    let mut tx = db.begin().await.expect("tx");
    customers::touch(&mut tx.exec(), &order.customer_phone, Some(name), now)
        .await
        .expect("customer");
    let n = orders::insert(&mut tx.exec(), order, now)
        .await
        .expect("insert")
        .number;
    counters::bump_change_seq(&mut tx.exec())
        .await
        .expect("seq");
    tx.commit().await.expect("commit");
    n.into()
}

/// One of each `names` from the menu in `db` (their product ids, so the menu's
/// stations reach the order), at `unit_minor` each.
pub async fn lines_from_menu(
    db: &Db,
    names: &[&str],
    unit_minor: i64,
) -> Vec<maydanoz::domain::order::OrderItem> {
    let m = maydanoz::store::menu::load(&mut db.read().await.expect("read").exec())
        .await
        .expect("menu");
    names
        .iter()
        .map(|name| maydanoz::domain::order::OrderItem {
            product_id: m.products.iter().find(|p| p.name == *name).map(|p| p.id),
            ..item(name, 1, unit_minor)
        })
        .collect()
}

/// Pending inbox rows in plain arrival order: what the worker would take without
/// its fairness ([`maydanoz::store::inbox::pending_fair`]), for tests to compare.
pub async fn inbox_in_arrival_order(
    x: &mut maydanoz::store::Exec<'_>,
    limit: i64,
) -> Result<Vec<maydanoz::store::inbox::InboxRow>, maydanoz::store::StoreError> {
    x.fetch_all(
        r#"SELECT id, wa_message_id, customer_phone, contact_name, kind, payload, sent_at, received_at, attempts
           FROM inbox WHERE state = 'pending' ORDER BY id LIMIT $1"#,
        maydanoz::args![limit],
    )
    .await
}

/// Run one async scenario on SQLite and, when configured, on PostgreSQL: the
/// tests `sqlite::NAME` and `postgres::NAME` call `super::NAME`.
///
/// - `on_both_backends!(a, b)`: each `NAME(&Db)` gets a fresh database.
/// - `on_both_backends!(app: a, b)`: each `NAME(Backend)` starts its own app
///   (`TestApp::builder().backend(backend)…`) or database (`backend.db()`).
/// - `on_both_backends!(via run: a, b)`: `run(Backend, NAME)` prepares what
///   each scenario `NAME` needs (a seeded database, a command line) and runs it.
///
/// The PostgreSQL half is skipped when `MAYDANOZ_TEST_POSTGRES_URL` is unset and
/// fails when `MAYDANOZ_REQUIRE_POSTGRES=1` or the server is unreachable.
#[macro_export]
macro_rules! on_both_backends {
    (app: $($name:ident),* $(,)?) => {
        $crate::on_both_backends!(@halves $crate::common::app::Backend::run; $($name),*);
    };
    (via $run:ident: $($name:ident),* $(,)?) => {
        $crate::on_both_backends!(@halves super::$run; $($name),*);
    };
    (@halves $run:path; $($name:ident),*) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    $run($crate::common::app::Backend::Sqlite, super::$name).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if !$crate::common::postgres_configured() {
                        eprintln!("MAYDANOZ_TEST_POSTGRES_URL not set: PostgreSQL half skipped");
                        return;
                    }
                    $run($crate::common::app::Backend::Postgres, super::$name).await;
                }
            )*
        }
    };
    ($($name:ident),* $(,)?) => {
        $crate::on_both_backends!(@halves $crate::common::on_fresh_db; $($name),*);
    };
}

/// Run `scenario` on a fresh database of `backend`, then drop the database.
pub async fn on_fresh_db(backend: app::Backend, scenario: impl AsyncFnOnce(&Db)) {
    let t = backend.db().await;
    scenario(&t.db).await;
    t.cleanup().await;
}

/// Whether a PostgreSQL server is named for tests; under `MAYDANOZ_REQUIRE_POSTGRES=1`
/// a missing one fails the test instead.
pub fn postgres_configured() -> bool {
    require_postgres_if_asked();
    std::env::var("MAYDANOZ_TEST_POSTGRES_URL").is_ok_and(|v| !v.is_empty())
}

/// CI sets MAYDANOZ_REQUIRE_POSTGRES=1: then a missing PostgreSQL is a failure, not a skip.
pub fn require_postgres_if_asked() {
    if std::env::var("MAYDANOZ_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
        assert!(
            std::env::var("MAYDANOZ_TEST_POSTGRES_URL").is_ok_and(|v| !v.is_empty()),
            "MAYDANOZ_REQUIRE_POSTGRES=1 but MAYDANOZ_TEST_POSTGRES_URL is not set"
        );
    }
}

/// A customer's address from a literal the test knows is good.
pub fn phone(s: &str) -> maydanoz::domain::CustomerId {
    maydanoz::domain::CustomerId::parse(s).expect("a test phone")
}

/// One line of an order: `quantity` × `name` at `unit_minor`, no options, note or station.
/// Change a field with `OrderItem { options: …, ..item(…) }`.
pub fn item(name: &str, quantity: i64, unit_minor: i64) -> maydanoz::domain::order::OrderItem {
    maydanoz::domain::order::OrderItem {
        product_id: None,
        name: name.into(),
        quantity,
        unit_price: maydanoz::domain::Money::from_minor(unit_minor),
        options: vec![],
        note: None,
        station: None,
        station_done_at: None,
    }
}

/// The order every test that writes one straight to the store starts from: Ayşe's
/// pickup of `items` for `phone`, `subtotal` with no discount, fee or coupon, in
/// Turkish, from no message, payment not chosen. Change a field with
/// `NewOrder { fulfilment: …, ..new_order(…) }`: a field added to `NewOrder` is
/// added here only.
pub fn new_order(
    phone: &str,
    items: Vec<maydanoz::domain::order::OrderItem>,
    subtotal: i64,
) -> maydanoz::store::orders::NewOrder {
    use maydanoz::domain::Money;
    maydanoz::store::orders::NewOrder {
        customer_phone: self::phone(phone),
        customer_name: Some("Ayşe".into()),
        fulfilment: maydanoz::domain::order::Fulfilment::Pickup,
        address: None,
        note: None,
        items,
        subtotal: Money::from_minor(subtotal),
        discount: Money::ZERO,
        total: Money::from_minor(subtotal),
        coupon: None,
        lang: maydanoz::domain::Lang::Tr,
        source_message_id: None,
        delivery_fee: Money::ZERO,
        payment: None,
        location: None,
        ahead: None,
        promise: None,
    }
}
