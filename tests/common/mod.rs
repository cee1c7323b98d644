//! Test databases: a fresh SQLite file, or a fresh PostgreSQL database on the
//! server named by `MAYDANOZ_TEST_POSTGRES_URL` (created per test, dropped after).
#![allow(dead_code)]

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

    /// `None` when no PostgreSQL is configured; a configured but unreachable one fails the test.
    pub async fn postgres() -> Option<TestDb> {
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

/// Run one async scenario on SQLite and, when configured, on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let t = $crate::common::TestDb::sqlite().await;
                    super::$name(&t.db).await;
                    t.cleanup().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(t) = $crate::common::TestDb::postgres().await else {
                        eprintln!("MAYDANOZ_TEST_POSTGRES_URL not set: PostgreSQL half skipped");
                        return;
                    };
                    super::$name(&t.db).await;
                    t.cleanup().await;
                }
            )*
        }
    };
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
pub fn phone(s: &str) -> maydanoz::domain::Phone {
    maydanoz::domain::Phone::parse(s).expect("a test phone")
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
    }
}
