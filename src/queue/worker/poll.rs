//! The inbox worker's waiting apart from its work: look again at once while a
//! look finds messages; when a look found nothing, wait for a wake-up or the
//! poll interval; after a database error, pause first. Apart, so a test drives
//! it on a paused clock with a counter instead of a database.

use std::time::Duration;

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::store::StoreError;

/// The loop's pauses, from [`crate::queue::Timing`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Pauses {
    /// How often it looks without a wake-up.
    pub poll: Duration,
    /// The pause after a database error (before the usual wait).
    pub error_pause: Duration,
}

/// After a look that came to `looked` (how many messages it took, or the error):
/// wait as the module comment says. `false`: `shutdown` came, stop.
pub(super) async fn wait(
    p: Pauses,
    looked: &Result<usize, StoreError>,
    wake: &Notify,
    shutdown: &CancellationToken,
) -> bool {
    match looked {
        Ok(n) if *n > 0 => return !shutdown.is_cancelled(),
        Ok(_) => {}
        Err(_) => {
            tokio::select! {
                () = shutdown.cancelled() => return false,
                () = tokio::time::sleep(p.error_pause) => {}
            }
        }
    }
    tokio::select! {
        () = shutdown.cancelled() => false,
        () = wake.notified() => true,
        () = tokio::time::sleep(p.poll) => true,
    }
}

#[cfg(test)]
mod tests {
    use crate::queue::paused_clock::{after, settle};
    use std::sync::{Arc, Mutex};

    use super::*;

    const PAUSES: Pauses = Pauses {
        poll: Duration::from_secs(1),
        error_pause: Duration::from_millis(500),
    };

    type Looks = Arc<Mutex<usize>>;

    /// Start the loop with a step that counts its looks and answers `answer(look)`.
    fn start(
        answer: fn(usize) -> Result<usize, StoreError>,
    ) -> (
        Looks,
        Arc<Notify>,
        CancellationToken,
        tokio::task::JoinHandle<()>,
    ) {
        let looks = Looks::default();
        let wake = Arc::new(Notify::new());
        let shutdown = CancellationToken::new();
        let (seen, w, s) = (looks.clone(), wake.clone(), shutdown.clone());
        let task = tokio::spawn(async move {
            // the worker's loop, with a counter for its work
            loop {
                let n = {
                    let mut l = seen.lock().expect("looks");
                    *l += 1;
                    *l - 1
                };
                if !wait(PAUSES, &answer(n), &w, &s).await {
                    break;
                }
            }
        });
        (looks, wake, shutdown, task)
    }

    fn count(l: &Looks) -> usize {
        *l.lock().expect("looks")
    }

    #[tokio::test(start_paused = true)]
    async fn an_empty_inbox_is_looked_at_every_poll_interval() {
        let (looks, _wake, shutdown, task) = start(|_| Ok(0));
        settle().await;
        assert_eq!(count(&looks), 1);
        after(Duration::from_millis(999)).await;
        assert_eq!(count(&looks), 1, "not before the poll interval");
        after(Duration::from_millis(1)).await;
        assert_eq!(count(&looks), 2);
        after(Duration::from_secs(1)).await;
        assert_eq!(count(&looks), 3);
        shutdown.cancel();
        task.await.expect("stops");
    }

    #[tokio::test(start_paused = true)]
    async fn a_wake_up_looks_at_once_and_a_full_batch_looks_again_at_once() {
        // looks 0 and 1 take messages, then the inbox is empty
        let (looks, wake, shutdown, task) = start(|n| Ok(usize::from(n < 2)));
        settle().await;
        assert_eq!(count(&looks), 3, "again at once while there is work");
        wake.notify_one();
        settle().await;
        assert_eq!(count(&looks), 4, "a wake-up does not wait for the poll");
        shutdown.cancel();
        task.await.expect("stops");
    }

    #[tokio::test(start_paused = true)]
    async fn after_a_database_error_it_pauses_before_the_usual_wait() {
        let (looks, wake, shutdown, task) = start(|n| {
            if n == 0 {
                Err(StoreError::Invalid("down".into()))
            } else {
                Ok(0)
            }
        });
        settle().await;
        wake.notify_one();
        after(Duration::from_millis(499)).await;
        assert_eq!(count(&looks), 1, "the error pause holds even a wake-up");
        after(Duration::from_millis(1)).await;
        assert_eq!(
            count(&looks),
            2,
            "the stored wake-up is taken after the pause"
        );
        shutdown.cancel();
        task.await.expect("stops");
    }
}
