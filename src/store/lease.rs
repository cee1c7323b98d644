//! Only one process works the queues. Two `maydanoz serve` on one database
//! (a second kitchen screen, a restart overlapping the old process) must not
//! both run the bot on the same message or send the same reply: the inbox
//! worker and the outbox sender run only in the process holding the lease — a
//! lock file next to a SQLite database, a session advisory lock on
//! PostgreSQL. The others serve webhooks and their kitchen displays and take
//! over within seconds when the holder stops (the lock dies with its process).

use std::str::FromStr;

use sqlx::{ConnectOptions, Connection, PgConnection};

/// The advisory lock key on PostgreSQL ("maydanoz" in ASCII, folded into an i64).
const PG_LOCK_KEY: i64 = 0x6d61_7964_616e_6f7a;

/// Proof that this process works the queues, held until dropped.
pub enum Lease {
    /// An in-memory database has no other process.
    Alone,
    File(std::fs::File),
    Pg(Box<PgConnection>),
}

/// Try to become the queue worker for the database at `url`.
pub async fn try_acquire(url: &str) -> anyhow::Result<Option<Lease>> {
    if url.starts_with("postgres") {
        let mut conn = sqlx::postgres::PgConnectOptions::from_str(url)?
            .connect()
            .await?;
        let (got,): (bool,) = sqlx::query_as("SELECT pg_try_advisory_lock($1)")
            .bind(PG_LOCK_KEY)
            .fetch_one(&mut conn)
            .await?;
        return Ok(got.then(|| Lease::Pg(Box::new(conn))));
    }
    let Some(path) = sqlite_path(url) else {
        return Ok(Some(Lease::Alone));
    };
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(format!("{path}.lock"))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(Lease::File(file))),
        Err(std::fs::TryLockError::WouldBlock) => Ok(None),
        Err(std::fs::TryLockError::Error(e)) => Err(e.into()),
    }
}

impl Lease {
    /// Is the lease still ours? (A PostgreSQL restart ends the session and its lock.)
    pub async fn alive(&mut self) -> bool {
        match self {
            Lease::Alone | Lease::File(_) => true,
            Lease::Pg(c) => c.ping().await.is_ok(),
        }
    }
}

/// The file of a `sqlite://FILE?opts` URL; `None` for an in-memory database.
fn sqlite_path(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_holder_per_sqlite_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("shop.db").display());
        let first = try_acquire(&url).await.expect("try");
        assert!(matches!(first, Some(Lease::File(_))));
        assert!(
            try_acquire(&url).await.expect("try").is_none(),
            "a second holder is refused"
        );
        drop(first);
        assert!(
            try_acquire(&url).await.expect("try").is_some(),
            "free again once dropped"
        );
        assert!(matches!(
            try_acquire("sqlite::memory:").await.expect("try"),
            Some(Lease::Alone)
        ));
        assert_eq!(
            sqlite_path("sqlite://a/b.db?mode=rwc").as_deref(),
            Some("a/b.db")
        );
    }
}
