//! Test helpers for the queue's timed loops on tokio's paused clock: let a spawned loop
//! run what is ready at the current instant, or move the clock on and let it react.

use std::time::Duration;

/// Let the spawned loop run what is ready at the paused clock's current instant.
pub(crate) async fn settle() {
    for _ in 0..10 {
        tokio::task::yield_now().await;
    }
}

/// Move the paused clock on by `d` and let the loop react.
pub(crate) async fn after(d: Duration) {
    tokio::time::advance(d).await;
    settle().await;
}
