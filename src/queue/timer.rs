//! The loop of the queue's timed tasks (the release of orders placed ahead, the
//! counter's pickup reminders): do what is due now, learn from the store when the
//! next thing falls due, sleep until then — capped, so a wall-clock jump or another
//! process's write is noticed — and wake early on the bus events that can bring
//! something due sooner (or when the bus lagged). No polling.

use std::future::Future;
use std::time::Duration;

use tokio::sync::broadcast::error::RecvError;
use tokio_util::sync::CancellationToken;

use crate::clock;
use crate::domain::time::{At, Span};
use crate::events::{Bus, OrderEvent};
use crate::store::StoreError;

/// A timed task's pauses, part of [`super::Timing`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimedPauses {
    /// The longest sleep without looking again (a wall-clock jump, another process's write).
    pub max_sleep: Span,
    /// The pause after a database error.
    pub retry: Span,
}

impl TimedPauses {
    pub(super) fn max_sleep(self) -> Duration {
        self.max_sleep.to_std()
    }

    pub(super) fn retry(self) -> Duration {
        self.retry.to_std()
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

/// How long to sleep at `now` before `next`, at most `max`.
pub(super) fn sleep_for(next: Option<At>, now: At, max: Duration) -> Duration {
    next.map_or(max, |t| (t - now).to_std().min(max))
}

/// Run `step` (given the time, it does what is due and returns when the next thing
/// falls due) until `shutdown`.
pub(super) async fn run<F, Fut>(t: Timed, bus: Bus, shutdown: CancellationToken, mut step: F)
where
    F: FnMut(At) -> Fut,
    Fut: Future<Output = Result<Option<At>, StoreError>>,
{
    let mut rx = bus.subscribe();
    let mut bus_open = true;
    loop {
        let wait = match step(clock::now()).await {
            Ok(next) => sleep_for(next, clock::now(), t.max_sleep),
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
    use crate::queue::paused_clock::{after, settle};

    const MAX: Duration = Duration::from_secs(600);

    #[test]
    fn sleeps_until_the_next_time_and_never_forever() {
        let at = At::from_millis;
        assert_eq!(
            sleep_for(Some(at(10_500)), at(10_000), MAX),
            Duration::from_millis(500)
        );
        assert_eq!(sleep_for(Some(at(9_000)), at(10_000), MAX), Duration::ZERO);
        assert_eq!(sleep_for(None, at(0), MAX), MAX);
        assert_eq!(sleep_for(Some(at(i64::MAX)), at(0), MAX), MAX);
        // the far past, further than a Span can reach from now: due at once, no overflow
        assert_eq!(
            sleep_for(Some(at(i64::MIN)), at(10_000), MAX),
            Duration::ZERO
        );
    }

    type Looks = std::sync::Arc<std::sync::Mutex<Vec<At>>>;

    /// Start a timed task whose step records each look and answers with `answer`
    /// (given the look's number, from 0, and the time it was given).
    fn looking(
        bus: &Bus,
        max_sleep: Duration,
        answer: fn(usize, At) -> Result<Option<At>, StoreError>,
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
        let task = tokio::spawn(run(t, bus.clone(), shutdown.clone(), move |now| {
            let mut l = seen.lock().expect("looks");
            l.push(now);
            let r = answer(l.len() - 1, now);
            async move { r }
        }));
        (looks, shutdown, task)
    }

    fn count(looks: &Looks) -> usize {
        looks.lock().expect("looks").len()
    }

    #[tokio::test(start_paused = true)]
    async fn sleeps_until_the_next_thing_falls_due_and_not_longer() {
        let bus = Bus::new();
        // the first look says something falls due in 30 minutes; later looks find nothing
        let (looks, shutdown, task) = looking(&bus, Duration::from_secs(3_600), |n, now| {
            Ok((n == 0).then_some(now + Span::minutes(30)))
        });
        settle().await;
        assert_eq!(count(&looks), 1);
        after(Duration::from_secs(29 * 60 + 59)).await;
        assert_eq!(count(&looks), 1, "not before it falls due");
        after(Duration::from_secs(1)).await;
        assert_eq!(count(&looks), 2, "when it falls due");
        shutdown.cancel();
        task.await.expect("stops");
    }

    #[tokio::test(start_paused = true)]
    async fn wakes_early_only_on_the_events_it_names() {
        let bus = Bus::new();
        let (looks, shutdown, task) = looking(&bus, MAX, |_, _| Ok(None));
        settle().await;
        assert_eq!(count(&looks), 1);
        bus.publish(OrderEvent::MenuChanged);
        after(Duration::from_secs(60)).await;
        assert_eq!(count(&looks), 1, "not woken by other events");
        bus.publish(OrderEvent::Reload);
        settle().await;
        assert_eq!(count(&looks), 2, "woken by the one it names");
        shutdown.cancel();
        task.await.expect("stops");
    }

    #[tokio::test(start_paused = true)]
    async fn looks_again_every_max_sleep_when_nothing_is_due() {
        let bus = Bus::new();
        let (looks, shutdown, task) =
            looking(&bus, MAX, |_, _| Ok(Some(At::from_millis(i64::MAX))));
        settle().await;
        after(MAX - Duration::from_millis(1)).await;
        assert_eq!(count(&looks), 1, "not before max_sleep");
        after(Duration::from_millis(1)).await;
        assert_eq!(count(&looks), 2);
        after(MAX).await;
        assert_eq!(count(&looks), 3);
        shutdown.cancel();
        task.await.expect("stops");
    }

    #[tokio::test(start_paused = true)]
    async fn after_a_database_error_tries_again_after_the_retry_pause() {
        let bus = Bus::new();
        let (looks, shutdown, task) = looking(&bus, MAX, |n, _| {
            if n == 0 {
                Err(StoreError::Invalid("down".into()))
            } else {
                Ok(None)
            }
        });
        settle().await;
        after(Duration::from_millis(999)).await;
        assert_eq!(count(&looks), 1, "not before the retry pause");
        after(Duration::from_millis(1)).await;
        assert_eq!(count(&looks), 2, "after the retry pause, not max_sleep");
        shutdown.cancel();
        task.await.expect("stops");
    }
}
