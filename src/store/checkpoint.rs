//! SQLite's WAL checkpoints moved off the commit path. By default the connection whose
//! commit grows the write-ahead log past 1,000 pages copies it into the database file and
//! fsyncs that file before its commit returns: every few hundred commits one webhook
//! answer or one worker batch waited for a whole checkpoint (the tail of the latency
//! figures). The server's writer connection turns that off ([`take_over`]) and a
//! connection of its own copies the log back in the background, `PASSIVE` (it never
//! blocks a writer or a reader), whenever the log has grown.
//!
//! Durability is unchanged: a commit still fsyncs the log (`synchronous = FULL`), and a
//! checkpoint only moves committed pages. Should the background task stop, the log just
//! grows until the last connection closes (SQLite checkpoints then) — never a lost commit.

use std::time::Duration;

use sqlx::ConnectOptions as _;
use tokio_util::sync::CancellationToken;

use super::{Db, StoreError};

/// How often the log is copied back (a checkpoint with nothing new to copy costs a look).
const EVERY: Duration = Duration::from_millis(200);

/// On SQLite: stop the writer connection's own checkpoints and start the background one,
/// until `stop`. `None` on PostgreSQL, or when the second connection cannot be opened (the
/// writer then keeps checkpointing as before).
pub async fn take_over(db: &Db, stop: CancellationToken) -> Option<tokio::task::JoinHandle<()>> {
    let Db::Sqlite { writer, .. } = db else {
        return None;
    };
    let mut own = match writer.connect_options().as_ref().clone().connect().await {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "no background checkpoints: the writer keeps doing them");
            return None;
        }
    };
    if let Err(e) = set_auto(db, 0).await {
        tracing::warn!(error = %e, "the writer keeps its own checkpoints");
        return None;
    }
    let db = db.clone();
    Some(tokio::spawn(async move {
        loop {
            tokio::select! {
                () = stop.cancelled() => break,
                () = tokio::time::sleep(EVERY) => {}
            }
            match passive(&mut own).await {
                Ok((log, copied)) => tracing::trace!(log, copied, "checkpoint"),
                Err(e) => tracing::warn!(error = %e, "background checkpoint failed; trying again"),
            }
        }
        // the writer checkpoints by itself again once no one does it for it
        let _ = set_auto(&db, 1000).await;
    }))
}

/// One `PASSIVE` checkpoint; returns (pages in the log, pages copied into the database).
async fn passive(c: &mut sqlx::SqliteConnection) -> Result<(i64, i64), StoreError> {
    let (_busy, log, copied): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
        .fetch_one(&mut *c)
        .await?;
    Ok((log, copied))
}

/// `wal_autocheckpoint` on the writer connection (between its transactions).
async fn set_auto(db: &Db, pages: i64) -> Result<(), StoreError> {
    let Db::Sqlite { writer, .. } = db else {
        return Ok(());
    };
    let mut c = writer.acquire().await?;
    let sql = if pages == 0 {
        "PRAGMA wal_autocheckpoint = 0"
    } else {
        "PRAGMA wal_autocheckpoint = 1000"
    };
    sqlx::query(sql).execute(&mut *c).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use tokio_util::sync::CancellationToken;

    use super::take_over;
    use crate::store::Db;

    /// The writer stops checkpointing inside its commits, and the log is still copied back.
    #[tokio::test]
    async fn the_log_is_copied_back_beside_the_commits() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("c.db").display());
        let db = Db::connect(&url).await.expect("db");
        let stop = CancellationToken::new();
        let task = take_over(&db, stop.clone()).await.expect("started");
        let Db::Sqlite { writer, .. } = &db else {
            unreachable!()
        };
        let (auto,): (i64,) = sqlx::query_as("PRAGMA wal_autocheckpoint")
            .fetch_one(writer)
            .await
            .expect("pragma");
        assert_eq!(auto, 0, "the writer no longer checkpoints in its commits");
        for i in 0..50 {
            let mut tx = db.begin().await.expect("begin");
            tx.exec()
                .execute(
                    "INSERT INTO meta (key, value) VALUES ($1, $2)",
                    crate::args![format!("k{i}"), "x".repeat(2000)],
                )
                .await
                .expect("insert");
            tx.commit().await.expect("commit");
        }
        tokio::time::sleep(super::EVERY * 3).await;
        // a look without copying: every page of the log is already in the database
        let (_, log, copied): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
            .fetch_one(writer)
            .await
            .expect("checkpoint");
        assert!(log > 0 && copied == log, "log {log}, copied {copied}");
        stop.cancel();
        task.await.expect("stopped");
        let (auto,): (i64,) = sqlx::query_as("PRAGMA wal_autocheckpoint")
            .fetch_one(writer)
            .await
            .expect("pragma");
        assert_eq!(
            auto, 1000,
            "the writer checkpoints again once no one does it for it"
        );
        db.close().await;
    }
}
