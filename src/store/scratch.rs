//! A throwaway database: a fresh SQLite file in a temporary directory, or a new
//! database on the PostgreSQL server a URL names, dropped again by [`Scratch::remove`].
//! The benchmark runs on one; so does every store and API test.

use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::{Connection, PgConnection};

use super::StoreError;
use crate::config::redact_in;

/// Names scratch databases made by this process apart.
static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A database that exists until [`Scratch::remove`] (SQLite's also until dropped).
pub struct Scratch {
    /// Where to connect.
    pub url: String,
    /// Holds the SQLite file's directory; removed on drop.
    dir: Option<tempfile::TempDir>,
    /// The server's URL and the database's name, to drop it.
    pg: Option<(String, String)>,
}

impl Scratch {
    /// A fresh SQLite file in a new temporary directory named `prefix…`.
    pub fn sqlite(prefix: &str) -> Result<Scratch, StoreError> {
        let dir = tempfile::Builder::new()
            .prefix(prefix)
            .tempdir()
            .map_err(|e| StoreError::Open(format!("cannot make a temporary directory: {e}")))?;
        let url = format!("sqlite://{}", dir.path().join("scratch.db").display());
        Ok(Scratch {
            url,
            dir: Some(dir),
            pg: None,
        })
    }

    /// A new, empty database `prefix_<pid>_<n>_<random>` on the server `admin_url` names.
    pub async fn postgres(admin_url: &str, prefix: &str) -> Result<Scratch, StoreError> {
        let name = format!(
            "{prefix}_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst),
            fastrand::u32(..)
        );
        // a bare connection: the server's own database is not ours to migrate
        let mut admin = PgConnection::connect(admin_url)
            .await
            .map_err(|e| StoreError::Open(redact_in(&format!("{admin_url}: {e}"), admin_url)))?;
        let created = sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await;
        let _ = admin.close().await;
        created?;
        Ok(Scratch {
            url: replace_db_name(admin_url, &name),
            dir: None,
            pg: Some((admin_url.to_string(), name)),
        })
    }

    /// A scratch database of the same backend as `url` (on the same server for PostgreSQL).
    pub(crate) async fn like(url: &str, prefix: &str) -> Result<Scratch, StoreError> {
        if url.starts_with("sqlite") {
            Scratch::sqlite(&format!("{prefix}-"))
        } else {
            Scratch::postgres(url, prefix).await
        }
    }

    /// Drop the PostgreSQL database (forcing its connections closed) or delete the file.
    pub async fn remove(self) {
        if let Some((admin_url, name)) = self.pg
            && let Ok(mut admin) = PgConnection::connect(&admin_url).await
        {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .execute(&mut admin)
            .await;
            let _ = admin.close().await;
        }
        drop(self.dir);
    }
}

/// The same server and credentials, another database name.
pub(crate) fn replace_db_name(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = base[scheme_end..]
        .find('/')
        .map_or(base, |i| &base[..scheme_end + i]);
    query.map_or_else(
        || format!("{base}/{name}"),
        |q| format!("{base}/{name}?{q}"),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn another_name_on_the_same_server() {
        assert_eq!(
            super::replace_db_name("postgres://u:p@h:5432/app?sslmode=disable", "x_1"),
            "postgres://u:p@h:5432/x_1?sslmode=disable"
        );
        assert_eq!(
            super::replace_db_name("postgres://h", "x_1"),
            "postgres://h/x_1"
        );
    }
}
