//! The SQLite database file under a running server. Deleting (or replacing) it while we
//! run went unnoticed: the server kept writing to a file no restart would find, then
//! started on an empty one. [`watch`] compares the file's identity (device and inode) every
//! few seconds and reports a change in the log and on `/healthz`; [`check_before_start`]
//! refuses to create a new database where an old one's lock or WAL file says one existed.

use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::health::Health;
use crate::store::lease as leader;

/// How often the file's identity is compared.
const EVERY: Duration = Duration::from_secs(2);

fn identity(path: &Path) -> Option<(u64, u64)> {
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Watch the database file of `url` (SQLite only) until `shutdown`.
pub(crate) fn watch(url: &str, health: Arc<Health>, shutdown: CancellationToken) {
    let Some(path) = leader::sqlite_path(url).map(PathBuf::from) else {
        return;
    };
    let Some(first) = identity(&path) else {
        return;
    };
    tokio::spawn(async move {
        let mut told = None;
        loop {
            tokio::select! {
                () = shutdown.cancelled() => return,
                () = tokio::time::sleep(EVERY) => {}
            }
            let problem = match identity(&path) {
                Some(now) if now == first => None,
                Some(_) => Some(format!(
                    "the database file {} was replaced while the server runs: restart it",
                    path.display()
                )),
                None => Some(format!(
                    "the database file {} was deleted while the server runs: what it writes now \
                     is lost at restart; restore the file (or a backup) and restart",
                    path.display()
                )),
            };
            if problem != told {
                match &problem {
                    Some(p) => tracing::error!("{p}"),
                    None => tracing::info!("the database file is back where it was"),
                }
                health.set_file_problem(problem.clone());
                told = problem;
            }
        }
    });
}

/// Before `serve` opens `url`: a missing SQLite file next to an earlier one's lock, WAL or
/// shared-memory file was most likely deleted by mistake; creating an empty one silently
/// would lose the shop's data from view. `Err` holds the line to print (exit 2).
pub(crate) fn check_before_start(url: &str, create: bool) -> Result<(), String> {
    let Some(path) = leader::sqlite_path(url).map(PathBuf::from) else {
        return Ok(());
    };
    if create || path.exists() {
        return Ok(());
    }
    let with = |suffix: &str| {
        let mut p = path.clone().into_os_string();
        p.push(suffix);
        PathBuf::from(p)
    };
    let mut traces: Vec<PathBuf> = ["-wal", "-shm", ".lock"].iter().map(|s| with(s)).collect();
    traces.extend(leader::lock_path(url));
    match traces.into_iter().find(|p| p.exists()) {
        None => Ok(()),
        Some(trace) => Err(format!(
            "the database {} is missing, but {} of an earlier one is there: was it deleted? \
             Restore it, or start with `serve --create` for a new, empty database",
            path.display(),
            trace.display()
        )),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_missing_database_with_traces_of_an_old_one_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("shop.db").display());
        assert!(
            super::check_before_start(&url, false).is_ok(),
            "a fresh directory"
        );
        std::fs::write(dir.path().join("shop.db-wal"), b"").expect("wal");
        let e = super::check_before_start(&url, false).expect_err("refused");
        assert!(e.contains("--create") && e.contains("shop.db-wal"), "{e}");
        assert!(
            super::check_before_start(&url, true).is_ok(),
            "--create allows it"
        );
        std::fs::write(dir.path().join("shop.db"), b"").expect("db");
        assert!(
            super::check_before_start(&url, false).is_ok(),
            "the file is there"
        );
    }
}
