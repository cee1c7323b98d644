//! How a long-running command stops: the signal that asks it to, and a bounded
//! wait for the server's tasks afterwards (shared by `serve` and `demo`).

use std::time::Duration;

use crate::server::Running;

/// Resolves when the process is asked to stop (Ctrl-C or SIGTERM).
pub async fn stop_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

/// Wait (a bounded time) for the server's tasks after `shutdown`, saying which did what.
pub async fn stop_all(running: Running) {
    drop(running.state);
    for (name, task) in running.tasks {
        match tokio::time::timeout(Duration::from_secs(10), task).await {
            Ok(Ok(())) => tracing::info!(task = name, "stopped"),
            Ok(Err(e)) => tracing::error!(task = name, error = %e, "ended abnormally"),
            Err(_) => tracing::warn!(task = name, "did not stop within 10 s"),
        }
    }
}
