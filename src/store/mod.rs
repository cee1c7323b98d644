//! Storage: one module per aggregate over the two backends of [`db`].
//!
//! Functions take an [`Exec`] (a connection or a transaction) when they are
//! parts of a larger transaction, or the [`Db`] when they stand alone.

pub mod db;

pub use db::{Arg, Backend, Db, Exec, Tx};

/// Errors from the store, with the database's own text kept out of client answers.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Invalid(String),
    #[error("cannot open the database: {0}")]
    Open(String),
    #[error("cannot migrate the database: {0}")]
    Migrate(String),
    #[error("database error: {0}")]
    Sqlx(#[source] sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> StoreError {
        match e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            e => StoreError::Sqlx(e),
        }
    }
}

impl StoreError {
    /// A unique constraint said no (portable: no constraint names on SQLite).
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, StoreError::Sqlx(e) if e.as_database_error().is_some_and(|d| d.is_unique_violation()))
    }

    /// The database could not be reached at all (no connection within the pool's timeout,
    /// connection refused or cut): retrying the same work at once cannot help.
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            StoreError::Sqlx(
                sqlx::Error::PoolTimedOut
                    | sqlx::Error::PoolClosed
                    | sqlx::Error::Io(_)
                    | sqlx::Error::WorkerCrashed
            )
        )
    }
}

pub mod counters;
pub mod coupons;
pub mod customers;
pub mod health;
pub mod inbox;
pub mod lease;
pub mod menu;
pub mod orders;
pub mod outbox;
pub mod pause;
pub mod print;
pub mod scratch;
