//! Test databases: a fresh SQLite file, or a fresh PostgreSQL database on the
//! server named by `MAYDANOZ_TEST_POSTGRES_URL` (created per test, dropped after).
#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};

use maydanoz::store::Db;

pub struct TestDb {
    pub db: Db,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg_admin: Option<(String, String)>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let db = Db::connect(&url).await.expect("open sqlite");
        TestDb {
            db,
            url,
            _dir: Some(dir),
            pg_admin: None,
        }
    }

    /// `None` when no PostgreSQL is configured; a configured but unreachable one fails the test.
    pub async fn postgres() -> Option<TestDb> {
        let admin_url = std::env::var("MAYDANOZ_TEST_POSTGRES_URL")
            .ok()
            .filter(|u| !u.is_empty())?;
        let name = format!(
            "mz_test_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst),
            fastrand::u32(..)
        );
        let admin = Db::connect_with(&admin_url, 2)
            .await
            .expect("MAYDANOZ_TEST_POSTGRES_URL must be reachable");
        if let Db::Pg(pool) = &admin {
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(pool)
                .await
                .expect("create test database");
        }
        admin.close().await;
        let url = replace_db_name(&admin_url, &name);
        let db = Db::connect(&url).await.expect("open test database");
        Some(TestDb {
            db,
            url,
            _dir: None,
            pg_admin: Some((admin_url, name)),
        })
    }

    /// Close and, for PostgreSQL, drop the database.
    pub async fn cleanup(self) {
        self.db.close().await;
        if let Some((admin_url, name)) = self.pg_admin
            && let Ok(Db::Pg(pool)) = Db::connect_with(&admin_url, 2).await
        {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .execute(&pool)
            .await;
            pool.close().await;
        }
    }
}

/// The same server and credentials, another database name.
pub fn replace_db_name(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
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
