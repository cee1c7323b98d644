//! The SQLite writer: one connection, outside any pool, behind a lock.
//!
//! Every in-process write transaction (the inbox writer's group commit, the worker's
//! batch, the sender's bookkeeping) runs on this one connection, one after another.
//! A pool of one would hand the connection back through a task it spawns, so the next
//! transaction could start only once the runtime got round to that task; here the
//! holder's release wakes the next waiter at once, in the order they asked
//! (`tokio::sync::Mutex` is fair).
//!
//! A transaction is begun, committed and rolled back through sqlx's own transaction
//! manager for SQLite, on the connection the lock guards: a [`SqliteTx`] dropped
//! without `commit` queues its ROLLBACK on the connection before it lets the lock go,
//! so the next holder's statements run after it (the next `begin` waits for it to have
//! run before it looks whether a transaction is still open). A COMMIT that failed after
//! SQLite had already rolled back by itself (disk full, I/O error) leaves the manager
//! believing a transaction is open; the next `begin` sees that and opens a fresh
//! connection.

use std::sync::Arc;

use sqlx::sqlite::{SqliteConnectOptions, SqliteTransactionManager};
use sqlx::{SqlSafeStr, SqliteConnection};
use sqlx_core::transaction::TransactionManager as _;
use tokio::sync::{Mutex, OwnedMutexGuard};

/// The writer connection's `synchronous` mode, as [`Writer::begin`] last set it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SyncMode {
    /// `FULL`, a fresh connection's mode (the connect options set it): commits are durable.
    Full,
    /// `NORMAL`: commits become durable with the next durable one.
    Normal,
    /// A BEGIN carrying the pragma failed or was abandoned, so the mode is not known.
    Unknown,
}

impl SyncMode {
    fn of(relax: bool) -> SyncMode {
        if relax {
            SyncMode::Normal
        } else {
            SyncMode::Full
        }
    }

    /// The pragma and the BEGIN as one text: sqlx runs a custom BEGIN through
    /// `sqlite3_exec`, which runs each statement in turn, in one call.
    fn begin_sql(self) -> &'static str {
        match self {
            SyncMode::Normal => "PRAGMA synchronous = NORMAL; BEGIN IMMEDIATE",
            _ => "PRAGMA synchronous = FULL; BEGIN IMMEDIATE",
        }
    }
}

/// What the lock guards.
struct State {
    /// `None` once [`Writer::close`] has closed it.
    conn: Option<SqliteConnection>,
    /// The connection's `synchronous` mode; the pragma is only issued when it changes.
    mode: SyncMode,
}

/// The one SQLite writer connection and the options to open another like it.
pub struct Writer {
    state: Arc<Mutex<State>>,
    opts: SqliteConnectOptions,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer")
            .field("filename", &self.opts.get_filename())
            .finish_non_exhaustive()
    }
}

impl Writer {
    /// Wrap a connection opened (and migrated) with `opts`.
    pub(crate) fn new(conn: SqliteConnection, opts: SqliteConnectOptions) -> Writer {
        Writer {
            state: Arc::new(Mutex::new(State {
                conn: Some(conn),
                mode: SyncMode::Full,
            })),
            opts,
        }
    }

    /// Wait for the connection, then `BEGIN IMMEDIATE` on it; with `relax`, its commit is
    /// `synchronous = NORMAL` (see `Db::begin_relaxed`).
    pub(crate) async fn begin(&self, relax: bool) -> Result<SqliteTx, sqlx::Error> {
        let mut guard = self.state.clone().lock_owned().await;
        let state = &mut *guard;
        let Some(conn) = state.conn.as_mut() else {
            return Err(sqlx::Error::PoolClosed);
        };
        // A transaction dropped without commit queued its ROLLBACK on the connection's thread,
        // and sqlx's count of open transactions drops once that thread has run it: a round
        // trip behind it says whether it did.
        if sqlx::Connection::is_in_transaction(conn) {
            sqlx::Connection::ping(conn).await?;
        }
        if sqlx::Connection::is_in_transaction(conn) {
            // The last holder's ROLLBACK failed: SQLite had already rolled back by itself
            // (a COMMIT refused for a full disk or an I/O error), and sqlx's count of open
            // transactions stays at one, so every later BEGIN would be refused ("non-zero
            // transaction depth") until restart. Replace the connection: closing it ends
            // whatever SQLite still holds. If no new one opens, the old one stays for the
            // next try.
            tracing::warn!(
                "the database writer was left inside a failed transaction; reconnecting it"
            );
            let fresh = sqlx::ConnectOptions::connect(&self.opts).await?;
            if let Some(old) = state.conn.replace(fresh) {
                let _ = sqlx::Connection::close(old).await;
            }
            // a fresh connection starts at synchronous = FULL
            state.mode = SyncMode::Full;
        }
        let Some(conn) = state.conn.as_mut() else {
            return Err(sqlx::Error::PoolClosed);
        };
        // A change of mode goes in the same round trip to SQLite's thread as the BEGIN
        // (outside a transaction: SQLite applies it to the next commit): the writer is the
        // serial part, and the mode changes at about every other transaction.
        let want = SyncMode::of(relax);
        let begin = if state.mode == want {
            "BEGIN IMMEDIATE"
        } else {
            want.begin_sql()
        };
        // until the BEGIN answers (it may fail, or this future be dropped), the pragma may or
        // may not have run: the next BEGIN sets it again
        state.mode = SyncMode::Unknown;
        SqliteTransactionManager::begin(conn, Some(begin.into_sql_str())).await?;
        state.mode = want;
        Ok(SqliteTx { guard, open: true })
    }

    /// Close the connection (after the transaction in progress, if any); later `begin`s fail.
    pub(crate) async fn close(&self) {
        let conn = self.state.lock().await.conn.take();
        if let Some(conn) = conn {
            let _ = sqlx::Connection::close(conn).await;
        }
    }
}

/// A write transaction on the writer connection, holding its lock. Dropped without
/// [`SqliteTx::commit`], it rolls back before the next holder's statements run.
pub struct SqliteTx {
    guard: OwnedMutexGuard<State>,
    /// Begun and neither committed nor rolled back.
    open: bool,
}

impl std::fmt::Debug for SqliteTx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteTx")
            .field("open", &self.open)
            .finish_non_exhaustive()
    }
}

impl SqliteTx {
    /// The connection, for the transaction's statements.
    pub(crate) fn conn(&mut self) -> &mut SqliteConnection {
        self.guard
            .conn
            .as_mut()
            .expect("the writer is closed only by a holder of its lock, never under a transaction")
    }

    /// `COMMIT`; durable before it returns unless the transaction was begun relaxed.
    pub(crate) async fn commit(mut self) -> Result<(), sqlx::Error> {
        SqliteTransactionManager::commit(self.conn()).await?;
        self.open = false;
        Ok(())
    }
}

impl Drop for SqliteTx {
    fn drop(&mut self) {
        if self.open
            && let Some(conn) = self.guard.conn.as_mut()
        {
            // queued on the connection's own thread now, ahead of anything the next holder
            // sends; if SQLite had already rolled back, the next `begin` notices
            SqliteTransactionManager::start_rollback(conn);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use sqlx::ConnectOptions as _;

    use crate::store::scratch::Scratch;
    use crate::store::{Db, StoreError, Tx};

    async fn scratch(name: &str) -> (Scratch, Db) {
        let scratch = Scratch::sqlite(name).expect("a scratch database");
        let db = Db::connect(&scratch.url).await.expect("open");
        (scratch, db)
    }

    async fn put(tx: &mut Tx, key: &str) -> Result<u64, StoreError> {
        tx.exec()
            .execute(
                "INSERT INTO meta (key, value) VALUES ($1, 'v')",
                vec![key.into()],
            )
            .await
    }

    async fn count(tx: &mut Tx, key: &str) -> i64 {
        tx.exec()
            .scalar("SELECT COUNT(*) FROM meta WHERE key = $1", vec![key.into()])
            .await
            .expect("count")
    }

    /// A transaction dropped without commit is rolled back before the next holder's
    /// statements run: they see none of its rows, on the same connection (a temporary
    /// table, which lives as long as the connection, is still there: no reconnect).
    #[tokio::test]
    async fn a_dropped_transaction_rolls_back_before_the_next_holder_writes() {
        let (_scratch, db) = scratch("writer-drop").await;
        let mut tx = db.begin().await.expect("begin");
        tx.exec()
            .execute("CREATE TEMP TABLE same_connection (x INTEGER)", vec![])
            .await
            .expect("a table of this connection");
        tx.commit().await.expect("commit");
        // the next begin comes at once, often before the connection's thread has run the
        // ROLLBACK: it must wait for it, not take the transaction for a broken one
        for _ in 0..20 {
            let mut tx = db.begin().await.expect("begin");
            put(&mut tx, "dropped").await.expect("insert");
            drop(tx);
            let mut next = db.begin().await.expect("the next begin");
            assert_eq!(count(&mut next, "dropped").await, 0, "rolled back");
            next.exec()
                .scalar("SELECT COUNT(*) FROM temp.same_connection", vec![])
                .await
                .expect("still the same connection");
        }
        let mut next = db.begin().await.expect("begin");
        put(&mut next, "dropped")
            .await
            .expect("the key is free again");
        next.commit().await.expect("commit");
        let mut after = db.begin().await.expect("begin");
        assert_eq!(count(&mut after, "dropped").await, 1);
    }

    /// The dropped transaction's ROLLBACK does not wait for the next `begin`: another
    /// process (the admin CLI) can take SQLite's write lock while this one is idle.
    #[tokio::test]
    async fn a_dropped_transaction_lets_sqlites_write_lock_go_at_once() {
        let (scratch, db) = scratch("writer-lock").await;
        let mut tx = db.begin().await.expect("begin");
        put(&mut tx, "held").await.expect("insert");
        drop(tx);
        let opts: sqlx::sqlite::SqliteConnectOptions = scratch.url.parse().expect("url");
        let mut other = opts
            .busy_timeout(Duration::from_millis(2000))
            .connect()
            .await
            .expect("another connection");
        sqlx::raw_sql(
            "BEGIN IMMEDIATE; INSERT INTO meta (key, value) VALUES ('other', 'v'); COMMIT",
        )
        .execute(&mut other)
        .await
        .expect("another connection writes while this process is idle");
    }

    /// A COMMIT that fails while the transaction stays open (a deferred foreign key is
    /// still broken) rolls back when dropped, and the writer works on.
    #[tokio::test]
    async fn a_commit_refused_with_the_transaction_open_leaves_the_writer_usable() {
        let (_scratch, db) = scratch("writer-fk").await;
        let mut tx = db.begin().await.expect("begin");
        tx.exec()
            .execute("PRAGMA defer_foreign_keys = ON", vec![])
            .await
            .expect("defer");
        tx.exec()
            .execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)", vec![])
            .await
            .expect("parent");
        tx.exec()
            .execute(
                "CREATE TABLE child (p INTEGER REFERENCES parent (id))",
                vec![],
            )
            .await
            .expect("child");
        tx.exec()
            .execute("INSERT INTO child (p) VALUES (7)", vec![])
            .await
            .expect("a dangling reference, checked at COMMIT");
        let refused = tx.commit().await.expect_err("the COMMIT is refused");
        assert!(refused.to_string().contains("FOREIGN KEY"), "{refused}");
        let mut tx = db.begin().await.expect("the writer begins again");
        let tables = tx
            .exec()
            .scalar(
                "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('parent', 'child')",
                vec![],
            )
            .await
            .expect("count");
        assert_eq!(tables, 0, "the refused transaction was rolled back");
        put(&mut tx, "after").await.expect("insert");
        tx.commit().await.expect("commit");
    }

    /// A COMMIT that fails after SQLite already rolled back by itself (what a full disk or
    /// an I/O error does; here a ROLLBACK under sqlx's feet): the next `begin` replaces the
    /// connection and writes go on, durable again.
    #[tokio::test]
    async fn a_commit_failed_after_sqlite_rolled_back_leaves_the_writer_usable() {
        let (_scratch, db) = scratch("writer-gone").await;
        let mut tx = db.begin_relaxed().await.expect("begin");
        put(&mut tx, "lost").await.expect("insert");
        tx.exec()
            .execute("ROLLBACK", vec![])
            .await
            .expect("rollback under sqlx");
        assert!(tx.commit().await.is_err(), "the COMMIT fails");
        for relaxed in [false, true] {
            let mut tx = if relaxed {
                db.begin_relaxed().await
            } else {
                db.begin().await
            }
            .expect("the writer begins again");
            let mode = tx
                .exec()
                .scalar("PRAGMA synchronous", vec![])
                .await
                .expect("mode");
            assert_eq!(mode, if relaxed { 1 } else { 2 });
            put(&mut tx, &format!("after-{relaxed}"))
                .await
                .expect("insert");
            tx.commit().await.expect("commit");
        }
    }

    /// Two `begin`s at once: the second waits until the first has committed, then sees its
    /// row; read-modify-writes from many tasks lose nothing.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_transactions_run_one_after_another() {
        let (_scratch, db) = scratch("writer-serial").await;
        let mut first = db.begin().await.expect("begin");
        put(&mut first, "first").await.expect("insert");
        let second = {
            let db = db.clone();
            tokio::spawn(async move {
                let mut tx = db.begin().await.expect("the second begin");
                let seen = count(&mut tx, "first").await;
                tx.commit().await.expect("commit");
                seen
            })
        };
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(
            !second.is_finished(),
            "the second began while the first was open"
        );
        first.commit().await.expect("commit");
        assert_eq!(
            second.await.expect("task"),
            1,
            "it ran after the first commit"
        );

        let tasks: Vec<_> = (0..16)
            .map(|i| {
                let db = db.clone();
                tokio::spawn(async move {
                    let mut tx = if i % 2 == 0 {
                        db.begin().await
                    } else {
                        db.begin_relaxed().await
                    }
                    .expect("begin");
                    let n = tx
                        .exec()
                        .scalar(
                            "SELECT COALESCE(MAX(CAST(value AS INTEGER)), 0) FROM meta WHERE key = 'n'",
                            vec![],
                        )
                        .await
                        .expect("read");
                    tokio::task::yield_now().await;
                    tx.exec()
                        .execute(
                            "INSERT INTO meta (key, value) VALUES ('n', $1)
                             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                            vec![(n + 1).to_string().into()],
                        )
                        .await
                        .expect("write");
                    tx.commit().await.expect("commit");
                })
            })
            .collect();
        for t in tasks {
            t.await.expect("task");
        }
        let mut tx = db.begin().await.expect("begin");
        let n = tx
            .exec()
            .scalar(
                "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'n'",
                vec![],
            )
            .await
            .expect("read");
        assert_eq!(n, 16);
    }

    /// After `close`, a `begin` fails as "unavailable" instead of waiting.
    #[tokio::test]
    async fn a_closed_writer_refuses_to_begin() {
        let (_scratch, db) = scratch("writer-closed").await;
        db.close().await;
        let Err(e) = db.begin().await else {
            panic!("a closed writer began a transaction");
        };
        assert!(e.is_unavailable(), "{e}");
    }
}
