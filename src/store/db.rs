//! The two backends behind one small surface.
//!
//! SQL is written once with `$N` placeholders (sqlx-sqlite binds `$N` by number)
//! and run on whichever pool the URL chose. Values go through [`Arg`] and rows
//! come back through `sqlx::FromRow` structs whose field types decode on both
//! backends (`i64`, `String`, `bool`, `Option<_>`). No `sqlx::Any`.
//!
//! SQLite gets one writer connection ([`super::writer`], outside any pool) and a pool
//! of readers: in-process writers queue fairly on the writer instead of sleeping in
//! SQLite's busy handler, and every write transaction starts with `BEGIN IMMEDIATE` so
//! a read-then-write never fails to upgrade. Other processes (the admin CLI) wait on
//! the busy timeout.
//!
//! The values bound to that SQL are in [`super::arg`]. Each SQLite choice here sits
//! next to its PostgreSQL twin (pool, executor, transaction); a split by backend
//! would separate them.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgRow};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use sqlx::{FromRow, PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool};

use super::StoreError;
pub(crate) use super::arg::{Arg, json_arg};
use super::writer::{SqliteTx, Writer};
use crate::config::{redact_in, redact_url};

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static PG_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// How long another process may hold SQLite's write lock before we give up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A connection pool for the backend the database URL names.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite {
        /// The one connection every write transaction runs on, its `synchronous` mode
        /// with it (see [`Db::begin_relaxed`]).
        writer: Arc<Writer>,
        reader: SqlitePool,
    },
    Pg(PgPool),
}

/// Which backend, for the few places SQL must differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A row type that decodes from both backends.
pub trait AnyRow:
    for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}
impl<T> AnyRow for T where
    T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

macro_rules! bind_all {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                Arg::I64(v) => q.bind(v),
                Arg::OptI64(v) => q.bind(v),
                Arg::Text(v) => q.bind(v),
                Arg::OptText(v) => q.bind(v),
                Arg::Bool(v) => q.bind(v),
            };
        }
        q
    }};
}

/// A borrowed connection of either backend; all queries go through here.
pub enum Exec<'c> {
    Sqlite(&'c mut SqliteConnection),
    Pg(&'c mut PgConnection),
}

impl Exec<'_> {
    pub(crate) fn backend(&self) -> Backend {
        match self {
            Exec::Sqlite(_) => Backend::Sqlite,
            Exec::Pg(_) => Backend::Postgres,
        }
    }

    /// Run a statement; returns the number of rows it changed.
    pub async fn execute(&mut self, sql: &'static str, args: Vec<Arg>) -> Result<u64, StoreError> {
        Ok(match self {
            Exec::Sqlite(c) => bind_all!(sqlx::query::<Sqlite>(sql), args)
                .execute(&mut **c)
                .await?
                .rows_affected(),
            Exec::Pg(c) => bind_all!(sqlx::query::<Postgres>(sql), args)
                .execute(&mut **c)
                .await?
                .rows_affected(),
        })
    }

    pub async fn fetch_all<T: AnyRow>(
        &mut self,
        sql: &'static str,
        args: Vec<Arg>,
    ) -> Result<Vec<T>, StoreError> {
        Ok(match self {
            Exec::Sqlite(c) => {
                bind_all!(sqlx::query_as::<Sqlite, T>(sql), args)
                    .fetch_all(&mut **c)
                    .await?
            }
            Exec::Pg(c) => {
                bind_all!(sqlx::query_as::<Postgres, T>(sql), args)
                    .fetch_all(&mut **c)
                    .await?
            }
        })
    }

    pub(crate) async fn fetch_optional<T: AnyRow>(
        &mut self,
        sql: &'static str,
        args: Vec<Arg>,
    ) -> Result<Option<T>, StoreError> {
        Ok(match self {
            Exec::Sqlite(c) => {
                bind_all!(sqlx::query_as::<Sqlite, T>(sql), args)
                    .fetch_optional(&mut **c)
                    .await?
            }
            Exec::Pg(c) => {
                bind_all!(sqlx::query_as::<Postgres, T>(sql), args)
                    .fetch_optional(&mut **c)
                    .await?
            }
        })
    }

    pub async fn fetch_one<T: AnyRow>(
        &mut self,
        sql: &'static str,
        args: Vec<Arg>,
    ) -> Result<T, StoreError> {
        self.fetch_optional(sql, args)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// A single `i64` from the first column of the first row.
    pub async fn scalar(&mut self, sql: &'static str, args: Vec<Arg>) -> Result<i64, StoreError> {
        Ok(self.fetch_one::<(i64,)>(sql, args).await?.0)
    }
}

/// A write transaction of either backend. Dropped without `commit`, it rolls back.
pub enum Tx {
    Sqlite(SqliteTx),
    Pg(sqlx::Transaction<'static, Postgres>),
}

impl Tx {
    pub fn exec(&mut self) -> Exec<'_> {
        match self {
            Tx::Sqlite(t) => Exec::Sqlite(t.conn()),
            Tx::Pg(t) => Exec::Pg(&mut *t),
        }
    }

    pub async fn commit(self) -> Result<(), StoreError> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Pg(t) => t.commit().await?,
        }
        Ok(())
    }
}

/// A read connection of either backend.
pub enum Conn {
    Sqlite(PoolConnection<Sqlite>),
    Pg(PoolConnection<Postgres>),
}

impl Conn {
    pub fn exec(&mut self) -> Exec<'_> {
        match self {
            Conn::Sqlite(c) => Exec::Sqlite(&mut *c),
            Conn::Pg(c) => Exec::Pg(&mut *c),
        }
    }
}

impl Db {
    /// Open (creating a SQLite file if missing) and migrate.
    pub async fn connect(url: &str) -> Result<Db, StoreError> {
        Db::connect_with(url, 8).await
    }

    /// Open with at most `max_conn` connections (readers, for SQLite).
    pub(crate) async fn connect_with(url: &str, max_conn: u32) -> Result<Db, StoreError> {
        let db = if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)
                .map_err(|e| open_error(url, &e))?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(BUSY_TIMEOUT)
                .pragma("temp_store", "memory")
                .pragma("cache_size", "-8000");
            // it holds phone numbers and addresses: created 0600 (SQLite gives its WAL and
            // shared-memory files the same mode); a file that cannot be made here is left
            // for SQLite to create or to explain
            let file = opts.get_filename();
            let in_memory = url.contains(":memory:") || url.contains("mode=memory");
            if !in_memory && !file.as_os_str().is_empty() {
                let _ = crate::private_file::create_if_missing(file);
            }
            let mut conn = sqlx::ConnectOptions::connect(&opts)
                .await
                .map_err(|e| open_error(url, &e))?;
            SQLITE_MIGRATOR
                .run(&mut conn)
                .await
                .map_err(|e| StoreError::Migrate(e.to_string()))?;
            let writer = Arc::new(Writer::new(conn, opts.clone()));
            // no ping before each acquire: on SQLite it is a round trip to the connection's
            // thread that checks nothing (a file has no link to lose), paid by every read
            let reader = SqlitePoolOptions::new()
                .max_connections(max_conn.max(1))
                .test_before_acquire(false)
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(opts.read_only(true))
                .await
                .map_err(|e| open_error(url, &e))?;
            Db::Sqlite { writer, reader }
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let opts = PgConnectOptions::from_str(url).map_err(|e| open_error(url, &e))?;
            let opts = with_origin(opts);
            // One direct connection first: its error says why (refused, auth, no such database),
            // where the pool would only say it timed out.
            use sqlx::ConnectOptions as _;
            let probe = opts.connect().await.map_err(|e| open_error(url, &e))?;
            let _ = sqlx::Connection::close(probe).await;
            let pool = PgPoolOptions::new()
                .max_connections(max_conn.max(2))
                .acquire_timeout(Duration::from_secs(5))
                .connect_with(opts)
                .await
                .map_err(|e| open_error(url, &e))?;
            PG_MIGRATOR
                .run(&pool)
                .await
                .map_err(|e| StoreError::Migrate(e.to_string()))?;
            Db::Pg(pool)
        } else {
            return Err(StoreError::Open(format!(
                "'{}' is not a database URL: use sqlite://FILE or postgres://…",
                redact_url(url)
            )));
        };
        Ok(db)
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite { .. } => Backend::Sqlite,
            Db::Pg(_) => Backend::Postgres,
        }
    }

    /// Start a write transaction; its commit is durable (fsync) before it returns.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        self.begin_with_sync(false).await
    }

    /// Start a write transaction whose commit need not survive a power cut on
    /// its own: it becomes durable with the next durable commit (SQLite WAL) or
    /// within a fraction of a second (PostgreSQL). For bookkeeping whose loss
    /// only repeats work, such as marking a reply sent (it would be resent).
    pub async fn begin_relaxed(&self) -> Result<Tx, StoreError> {
        self.begin_with_sync(true).await
    }

    async fn begin_with_sync(&self, relax: bool) -> Result<Tx, StoreError> {
        Ok(match self {
            Db::Sqlite { writer, .. } => Tx::Sqlite(writer.begin(relax).await?),
            Db::Pg(p) => {
                let mut tx = p.begin().await?;
                if relax {
                    // the default stays on for every other transaction
                    sqlx::query("SET LOCAL synchronous_commit = off")
                        .execute(&mut *tx)
                        .await?;
                }
                Tx::Pg(tx)
            }
        })
    }

    /// A connection for reads (a snapshot per statement).
    pub async fn read(&self) -> Result<Conn, StoreError> {
        Ok(match self {
            Db::Sqlite { reader, .. } => Conn::Sqlite(reader.acquire().await?),
            Db::Pg(p) => Conn::Pg(p.acquire().await?),
        })
    }

    /// Try a small write in a relaxed transaction: after a refused write, this is how
    /// `/healthz` notices recovery with no traffic.
    pub(crate) async fn probe_write(&self, now: crate::domain::time::At) -> Result<(), StoreError> {
        let mut tx = self.begin_relaxed().await?;
        tx.exec()
            .execute(
                r#"INSERT INTO meta (key, value) VALUES ('healthz_probe', $1)
                   ON CONFLICT (key) DO UPDATE SET value = excluded.value"#,
                vec![now.as_millis().to_string().into()],
            )
            .await?;
        tx.commit().await
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite { writer, reader, .. } => {
                reader.close().await;
                writer.close().await;
            }
            Db::Pg(p) => p.close().await,
        }
    }
}

/// Why a database could not be opened, with every credential of its URL hidden (also in the
/// driver's own text, which may quote the URL).
fn open_error(url: &str, e: &dyn std::fmt::Display) -> StoreError {
    StoreError::Open(redact_in(&format!("{url}: {e}"), url))
}

/// Pick the SQL for this connection's backend, for the few statements that
/// must differ (set operations over a JSON parameter).
#[macro_export]
macro_rules! by_backend {
    ($x:expr, sqlite: $s:expr, postgres: $p:expr $(,)?) => {
        match $x.backend() {
            $crate::store::db::Backend::Sqlite => $s,
            $crate::store::db::Backend::Postgres => $p,
        }
    };
}

/// This pool's sessions carry a name of their own (`maydanoz-PID-RANDOM`, before any
/// `application_name` the URL gave): the doorbell's notifications name the session that
/// wrote, so a process can tell its own changes from another's ([`pg_origin`]).
fn with_origin(opts: PgConnectOptions) -> PgConnectOptions {
    let origin = format!("maydanoz-{}-{:08x}", std::process::id(), fastrand::u32(..));
    let name = match opts.get_application_name() {
        Some(theirs) if !theirs.is_empty() => format!("{origin} {theirs}"),
        _ => origin,
    };
    opts.application_name(&name)
}

/// The name this PostgreSQL pool's sessions write under (see [`with_origin`]).
pub(crate) fn pg_origin(pool: &sqlx::PgPool) -> Option<String> {
    let opts = pool.connect_options();
    let name = opts.get_application_name()?;
    name.split(' ').next().map(str::to_string)
}
