//! Only one process works the queues. Two `maydanoz serve` on one database
//! (a second kitchen screen, a restart overlapping the old process) must not
//! both run the bot on the same message or send the same reply: the inbox
//! worker and the outbox sender run only in the process holding the lease — a
//! lock file next to a SQLite database (named from the file's real path, so a
//! symlink takes the same lease), a session advisory lock on PostgreSQL held by
//! a dedicated connection whose death is noticed at once ([`Lease::lost`]).
//!
//! A lease alone cannot fence: the old holder may be mid-transaction when its lock
//! connection dies. So every commit that completes queue work checks, inside its own
//! transaction, that this process still holds the lock ([`Fence::check`]), and rows are
//! marked done only while still pending (see `store::inbox::mark_done_many`).

use std::path::PathBuf;

use sqlx::postgres::PgListener;

use crate::store::{Exec, StoreError};

/// The advisory lock key on PostgreSQL ("maydanoz" in ASCII, folded into an i64).
const PG_LOCK_KEY: i64 = 0x6d61_7964_616e_6f7a;

/// Proof that this process works the queues, held until dropped.
pub enum Lease {
    /// An in-memory database has no other process.
    Alone,
    File(std::fs::File),
    /// The lock's own connection (a listener: its death is seen as soon as the socket
    /// closes) and its backend's pid.
    Pg(Box<PgListener>, i32),
}

/// Why the lease cannot even be tried (as opposed to being held by another process).
#[derive(Debug, thiserror::Error)]
pub enum LeaseError {
    #[error(
        "cannot open the queue lease file {path}: {source}. Another user's stale lock file? \
         Remove it (it is recreated) or give it to the user running maydanoz (chown)"
    )]
    LockFile {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot take the queue lease on PostgreSQL: {0}")]
    Pg(#[from] sqlx::Error),
}

/// Try to become the queue worker for the database at `url`.
pub async fn try_acquire(url: &str) -> Result<Option<Lease>, LeaseError> {
    if url.starts_with("postgres") {
        let mut l = PgListener::connect(url).await?;
        let (got, pid): (bool, i32) =
            sqlx::query_as("SELECT pg_try_advisory_lock($1), pg_backend_pid()")
                .bind(PG_LOCK_KEY)
                .fetch_one(&mut l)
                .await?;
        if !got {
            return Ok(None);
        }
        // a channel to wait on: the connection's end is what we are waiting for
        l.listen("maydanoz_lease").await?;
        return Ok(Some(Lease::Pg(Box::new(l), pid)));
    }
    let Some(path) = lock_path(url) else {
        return Ok(Some(Lease::Alone));
    };
    let file = open_lock(&path)?;
    match file.try_lock() {
        Ok(()) => Ok(Some(Lease::File(file))),
        Err(std::fs::TryLockError::WouldBlock) => Ok(None),
        Err(std::fs::TryLockError::Error(source)) => Err(LeaseError::LockFile {
            path: path.display().to_string(),
            source,
        }),
    }
}

fn open_lock(path: &std::path::Path) -> Result<std::fs::File, LeaseError> {
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|source| LeaseError::LockFile {
            path: path.display().to_string(),
            source,
        })
}

/// At start: can this process ever take the lease? A lock file it may not open (left by
/// another user, or not a file) would otherwise mean a server that answers webhooks and
/// never works the queue.
pub(crate) fn check_lock_file(url: &str) -> Result<(), LeaseError> {
    match lock_path(url) {
        Some(path) => open_lock(&path).map(drop),
        None => Ok(()),
    }
}

impl Lease {
    /// Resolves when the lease is gone: the lock connection died (PostgreSQL restarted,
    /// the backend was terminated). A lock file is held until the process ends.
    pub async fn lost(&mut self) {
        match self {
            Lease::Alone | Lease::File(_) => std::future::pending().await,
            Lease::Pg(l, _) => loop {
                match l.try_recv().await {
                    Ok(Some(_)) => {}
                    Ok(None) | Err(_) => return,
                }
            },
        }
    }

    /// What queue work checks before it commits.
    pub fn fence(&self) -> Fence {
        Fence {
            pg_pid: match self {
                Lease::Pg(_, pid) => Some(*pid),
                _ => None,
            },
            token: format!("{}-{}", std::process::id(), fastrand::u64(..)),
        }
    }
}

/// Held by the queue workers of one lease: checked inside their transactions.
#[derive(Clone, Debug, Default)]
pub struct Fence {
    /// The backend holding the advisory lock (PostgreSQL); `None` where the lock cannot be
    /// lost while the process lives (a lock file, an in-memory database).
    pg_pid: Option<i32>,
    /// Names this lease's claims on outbox rows.
    pub token: String,
}

impl Fence {
    /// Fails unless the lease's lock is still held (run it inside the transaction that
    /// completes queue work: the work then commits only under the lease).
    pub async fn check(&self, conn: &mut Exec<'_>) -> Result<(), StoreError> {
        let Some(pid) = self.pg_pid else {
            return Ok(());
        };
        let held = conn
            .scalar(
                r#"SELECT COUNT(*) FROM pg_locks
                   WHERE locktype = 'advisory' AND granted AND pid = CAST($1 AS INTEGER)"#,
                vec![i64::from(pid).into()],
            )
            .await?;
        if held == 0 {
            return Err(StoreError::Conflict(
                "the queue lease was lost: another process works the queue now".into(),
            ));
        }
        Ok(())
    }
}

/// The lock file of a `sqlite://FILE?opts` URL, beside the database's real path (symlinks
/// resolved, so two names of one file share one lease); `None` for an in-memory database.
pub fn lock_path(url: &str) -> Option<PathBuf> {
    let file = PathBuf::from(sqlite_path(url)?);
    let real = std::fs::canonicalize(&file).ok().or_else(|| {
        // not created yet: resolve the directory, keep the name
        let dir = match file.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Some(std::fs::canonicalize(dir).ok()?.join(file.file_name()?))
    });
    let mut name = real.unwrap_or(file).into_os_string();
    name.push(".lock");
    Some(PathBuf::from(name))
}

/// The file of a `sqlite://FILE?opts` URL; `None` for an in-memory database.
pub(crate) fn sqlite_path(url: &str) -> Option<String> {
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

    /// A symlinked path: `real/shop.db` and `link/shop.db` (link → real) used to take two leases.
    #[tokio::test]
    async fn a_symlinked_path_takes_the_same_lease() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().join("real");
        std::fs::create_dir(&real).expect("mkdir");
        std::os::unix::fs::symlink(&real, dir.path().join("link")).expect("symlink");
        let via_real = format!("sqlite://{}", real.join("shop.db").display());
        let via_link = format!("sqlite://{}", dir.path().join("link/shop.db").display());
        // before and after the database file exists
        for create in [false, true] {
            if create {
                std::fs::write(real.join("shop.db"), b"").expect("create");
            }
            let first = try_acquire(&via_real).await.expect("try");
            assert!(first.is_some());
            assert!(
                try_acquire(&via_link).await.expect("try").is_none(),
                "the symlinked path is the same database: one lease (file created: {create})"
            );
        }
    }

    /// A lock file this user cannot open is an error at start, naming it.
    #[test]
    fn an_unopenable_lock_file_is_a_clear_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("shop.db").display());
        // a directory where the lock file should be: even root cannot open it for writing
        std::fs::create_dir(dir.path().join("shop.db.lock")).expect("mkdir");
        let e = check_lock_file(&url).expect_err("refused").to_string();
        assert!(e.contains("shop.db.lock") && e.contains("chown"), "{e}");
    }
}
