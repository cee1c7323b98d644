//! The turn to use the SQLite writer connection, in two lanes.
//!
//! The inbox writer's group commit answers webhooks: Meta waits on it. The worker's
//! batches and the sender's bookkeeping wait on nobody outside. So a transaction in the
//! [`Lane::Ahead`] lane goes before those queued in [`Lane::Fair`]: an acknowledgement
//! waits for the one transaction in progress, not for the queue behind it. It goes ahead
//! at most once per turn: after it jumped a queued fair waiter, that waiter goes next
//! whatever arrived meanwhile, so the worker and the sender are delayed by at most one
//! ingest transaction each time (the sender's commit after Graph accepted a reply must
//! not wait long: a crash in between resends it). Within a lane the order is FIFO.
//!
//! The turn is handed to the next waiter directly by the one who lets it go (no task in
//! between), and a waiter whose future is dropped after it was handed the turn passes it
//! on.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::oneshot;

/// Which queue a transaction waits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lane {
    /// Goes before queued [`Lane::Fair`] waiters, once per turn.
    Ahead,
    /// First come, first served.
    Fair,
}

#[derive(Debug, Default)]
struct State {
    /// Someone has the turn.
    held: bool,
    /// The turn last went to an ahead waiter while a fair one was queued: the next
    /// goes to the fair lane.
    jumped: bool,
    ahead: VecDeque<oneshot::Sender<()>>,
    fair: VecDeque<oneshot::Sender<()>>,
}

/// The two-lane turn; cheap to clone (one shared state).
#[derive(Clone, Debug, Default)]
pub(crate) struct Gate {
    state: Arc<Mutex<State>>,
}

/// The turn, until dropped.
#[derive(Debug)]
pub(crate) struct Turn {
    gate: Gate,
}

impl Drop for Turn {
    fn drop(&mut self) {
        self.gate.pass();
    }
}

/// A waiter's place in a queue; if its future is dropped after the turn was handed to
/// it, it passes the turn on.
struct Waiting {
    gate: Gate,
    rx: Option<oneshot::Receiver<()>>,
}

impl Drop for Waiting {
    fn drop(&mut self) {
        if let Some(mut rx) = self.rx.take() {
            rx.close();
            if rx.try_recv().is_ok() {
                self.gate.pass();
            }
        }
    }
}

impl Gate {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // nothing that can panic runs under this lock
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Wait for the turn in `lane`.
    pub(crate) async fn turn(&self, lane: Lane) -> Turn {
        let rx = {
            let mut st = self.state();
            if !st.held {
                st.held = true;
                st.jumped = false;
                return Turn { gate: self.clone() };
            }
            let (tx, rx) = oneshot::channel();
            match lane {
                Lane::Ahead => st.ahead.push_back(tx),
                Lane::Fair => st.fair.push_back(tx),
            }
            rx
        };
        let mut waiting = Waiting {
            gate: self.clone(),
            rx: Some(rx),
        };
        if let Some(rx) = waiting.rx.as_mut() {
            // the sender is only dropped by `pass` after a send, or with the gate's state
            // (never while a waiter holds a clone of it)
            let _ = rx.await;
        }
        waiting.rx = None;
        Turn { gate: self.clone() }
    }

    /// Hand the turn to the next waiter, or let it go.
    fn pass(&self) {
        let mut st = self.state();
        loop {
            let next = if !st.ahead.is_empty() && (st.fair.is_empty() || !st.jumped) {
                st.jumped = !st.fair.is_empty();
                st.ahead.pop_front()
            } else {
                st.jumped = false;
                st.fair.pop_front()
            };
            let Some(next) = next else {
                st.held = false;
                return;
            };
            // a waiter that gave up is skipped
            if next.send(()).is_ok() {
                return;
            }
        }
    }

    #[cfg(test)]
    fn queued(&self) -> (usize, usize) {
        let st = self.state();
        (st.ahead.len(), st.fair.len())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use futures_util::FutureExt as _;

    use super::*;

    /// Queue `name` in `lane`: it logs its name when it gets the turn and lets it go.
    fn queue(
        gate: &Gate,
        lane: Lane,
        name: &'static str,
        log: &Arc<Mutex<Vec<&'static str>>>,
    ) -> tokio::task::JoinHandle<()> {
        let (gate, log) = (gate.clone(), log.clone());
        tokio::spawn(async move {
            let _turn = gate.turn(lane).await;
            log.lock().expect("log").push(name);
        })
    }

    /// Let spawned tasks run until the queues hold `want`.
    async fn until_queued(gate: &Gate, want: (usize, usize)) {
        for _ in 0..1000 {
            if gate.queued() == want {
                return;
            }
            tokio::task::yield_now().await;
        }
        panic!("queued {:?}, wanted {want:?}", gate.queued());
    }

    /// Ahead waiters go before queued fair ones, but never twice in a row while a fair
    /// one waits; each lane is first come, first served.
    #[tokio::test]
    async fn the_ahead_lane_goes_first_once_per_turn() {
        let gate = Gate::default();
        let log = Arc::default();
        let held = gate.turn(Lane::Fair).await;
        let mut tasks = vec![
            queue(&gate, Lane::Fair, "fair 1", &log),
            queue(&gate, Lane::Fair, "fair 2", &log),
        ];
        until_queued(&gate, (0, 2)).await;
        tasks.push(queue(&gate, Lane::Ahead, "ahead 1", &log));
        until_queued(&gate, (1, 2)).await;
        tasks.push(queue(&gate, Lane::Ahead, "ahead 2", &log));
        until_queued(&gate, (2, 2)).await;
        tasks.push(queue(&gate, Lane::Fair, "fair 3", &log));
        until_queued(&gate, (2, 3)).await;
        drop(held);
        for t in tasks {
            t.await.expect("task");
        }
        assert_eq!(
            *log.lock().expect("log"),
            ["ahead 1", "fair 1", "ahead 2", "fair 2", "fair 3"]
        );
    }

    /// With no fair waiter queued, ahead waiters follow each other; a fair one that arrives
    /// then waits for at most one of them.
    #[tokio::test]
    async fn ahead_waiters_follow_each_other_when_no_fair_one_waits() {
        let gate = Gate::default();
        let log = Arc::default();
        let held = gate.turn(Lane::Ahead).await;
        let mut tasks = vec![
            queue(&gate, Lane::Ahead, "ahead 1", &log),
            queue(&gate, Lane::Ahead, "ahead 2", &log),
        ];
        until_queued(&gate, (2, 0)).await;
        drop(held);
        // "ahead 1" had the turn and let it go; "ahead 2" got it with no fair one queued
        tasks.remove(0).await.expect("task");
        tasks.remove(0).await.expect("task");
        let held = gate.turn(Lane::Fair).await;
        tasks.push(queue(&gate, Lane::Ahead, "ahead 3", &log));
        tasks.push(queue(&gate, Lane::Ahead, "ahead 4", &log));
        until_queued(&gate, (2, 0)).await;
        tasks.push(queue(&gate, Lane::Fair, "fair 1", &log));
        until_queued(&gate, (2, 1)).await;
        drop(held);
        for t in tasks {
            t.await.expect("task");
        }
        assert_eq!(
            *log.lock().expect("log"),
            ["ahead 1", "ahead 2", "ahead 3", "fair 1", "ahead 4"]
        );
    }

    /// A waiter that gives up before its turn is skipped; one dropped after the turn was
    /// handed to it (before it ran) passes the turn on: the gate never wedges.
    #[tokio::test]
    async fn a_waiter_that_gives_up_never_keeps_the_turn() {
        let gate = Gate::default();
        let held = gate.turn(Lane::Fair).await;
        // queued, then dropped before its turn
        let mut early = Box::pin(gate.turn(Lane::Ahead));
        assert!((&mut early).now_or_never().is_none());
        drop(early);
        // queued, handed the turn, dropped before it looked
        let mut late = Box::pin(gate.turn(Lane::Fair));
        assert!((&mut late).now_or_never().is_none());
        assert_eq!(gate.queued(), (1, 1));
        drop(held);
        assert_eq!(gate.queued(), (0, 0), "the turn went to the late waiter");
        drop(late);
        let again = gate.turn(Lane::Fair).now_or_never();
        assert!(again.is_some(), "the turn is free again");
    }
}
