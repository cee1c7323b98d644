//! The loop of the queue's timed tasks (the release of orders placed ahead, the
//! counter's pickup reminders): do what is due now, learn from the store when the
//! next thing falls due, sleep until then — capped, so a wall-clock jump or another
//! process's write is noticed — and wake early on the bus events that can bring
//! something due sooner (or when the bus lagged). No polling.

use std::future::Future;
use std::time::Duration;

use tokio::sync::broadcast::error::RecvError;
use tokio_util::sync::CancellationToken;

use crate::clock::now_ms;
use crate::events::{Bus, OrderEvent};
use crate::store::StoreError;

/// A timed task's pauses (milliseconds), part of [`super::Timing`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimedPauses {
    /// The longest sleep without looking again (a wall-clock jump, another process's write).
    pub max_sleep_ms: i64,
    /// The pause after a database error.
    pub retry_ms: i64,
}

impl TimedPauses {
    pub(super) fn max_sleep(self) -> Duration {
        Duration::from_millis(u64::try_from(self.max_sleep_ms).unwrap_or(0))
    }

    pub(super) fn retry(self) -> Duration {
        Duration::from_millis(u64::try_from(self.retry_ms).unwrap_or(0))
    }
}

/// How one timed task runs.
pub(super) struct Timed {
    /// For the log.
    pub name: &'static str,
    /// The longest sleep without looking again.
    pub max_sleep: Duration,
    /// The pause after a database error.
    pub retry: Duration,
    /// The events that may bring something due sooner.
    pub wakes_on: fn(&OrderEvent) -> bool,
}

/// How long to sleep at `now` before `next` (unix ms), at most `max`.
pub(super) fn sleep_for(next: Option<i64>, now: i64, max: Duration) -> Duration {
    next.map_or(max, |t| {
        Duration::from_millis(u64::try_from(t - now).unwrap_or(0)).min(max)
    })
}

/// Run `step` (given the time, it does what is due and returns when the next thing
/// falls due) until `shutdown`.
pub(super) async fn run<F, Fut>(t: Timed, bus: Bus, shutdown: CancellationToken, mut step: F)
where
    F: FnMut(i64) -> Fut,
    Fut: Future<Output = Result<Option<i64>, StoreError>>,
{
    let mut rx = bus.subscribe();
    let mut bus_open = true;
    loop {
        let wait = match step(now_ms()).await {
            Ok(next) => sleep_for(next, now_ms(), t.max_sleep),
            Err(e) => {
                tracing::warn!(task = t.name, error = %e, "database trouble; trying again shortly");
                t.retry
            }
        };
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            tokio::select! {
                () = shutdown.cancelled() => return,
                () = tokio::time::sleep_until(deadline) => break,
                r = rx.recv(), if bus_open => match r {
                    Ok(e) if (t.wakes_on)(&e) => break,
                    Err(RecvError::Lagged(_)) => break,
                    Ok(_) => {}
                    Err(RecvError::Closed) => bus_open = false,
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: Duration = Duration::from_secs(600);

    #[test]
    fn sleeps_until_the_next_time_and_never_forever() {
        assert_eq!(
            sleep_for(Some(10_500), 10_000, MAX),
            Duration::from_millis(500)
        );
        assert_eq!(sleep_for(Some(9_000), 10_000, MAX), Duration::ZERO);
        assert_eq!(sleep_for(None, 0, MAX), MAX);
        assert_eq!(sleep_for(Some(i64::MAX), 0, MAX), MAX);
    }

    type Looks = std::sync::Arc<std::sync::Mutex<usize>>;

    /// Start a timed task that only counts its looks (nothing is ever due).
    fn counting(
        bus: &Bus,
        max_sleep: Duration,
    ) -> (Looks, CancellationToken, tokio::task::JoinHandle<()>) {
        let looks = Looks::default();
        let seen = looks.clone();
        let shutdown = CancellationToken::new();
        let t = Timed {
            name: "test",
            max_sleep,
            retry: Duration::from_secs(1),
            wakes_on: |e| matches!(e, OrderEvent::Reload),
        };
        let task = tokio::spawn(run(t, bus.clone(), shutdown.clone(), move |_| {
            *seen.lock().expect("looks") += 1;
            async { Ok(None) }
        }));
        (looks, shutdown, task)
    }

    async fn until(looks: &Looks, n: usize) -> usize {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        loop {
            let seen = *looks.lock().expect("looks");
            if seen >= n || tokio::time::Instant::now() > deadline {
                return seen;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    #[tokio::test]
    async fn wakes_early_only_on_the_events_it_names() {
        let bus = Bus::new();
        let (looks, shutdown, task) = counting(&bus, Duration::from_secs(600));
        assert_eq!(until(&looks, 1).await, 1);
        bus.publish(OrderEvent::MenuChanged);
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(
            *looks.lock().expect("looks"),
            1,
            "not woken by other events"
        );
        bus.publish(OrderEvent::Reload);
        assert_eq!(until(&looks, 2).await, 2);
        shutdown.cancel();
        task.await.expect("stops");
    }

    #[tokio::test]
    async fn looks_again_at_least_every_max_sleep() {
        let bus = Bus::new();
        let (looks, shutdown, task) = counting(&bus, Duration::from_millis(10));
        assert!(until(&looks, 4).await >= 4);
        shutdown.cancel();
        task.await.expect("stops");
    }
}
