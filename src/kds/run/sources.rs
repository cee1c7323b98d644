//! The tasks that feed the display's one event channel: the keyboard, the
//! one-second tick, the order bus together with the change-sequence poll, and
//! the health poll. Each ends when the display stops or the channel closes.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crossterm::event::{Event as TermEvent, EventStream, KeyEventKind};
use futures_util::StreamExt;
use tokio::sync::{broadcast, mpsc};
use tokio::time::{MissedTickBehavior, interval};
use tokio_util::sync::CancellationToken;

use crate::clock::now;
use crate::events::OrderEvent;
use crate::kds::backend::{BoardHealth, KdsBackend};
use crate::kds::event::Event;

/// How often things happen; shortened in tests.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Timing {
    /// Clocks, ages and the chime repeat.
    pub tick: Duration,
    /// The cheap `change_seq` read that notices other processes' writes.
    pub seq_poll: Duration,
    /// The header's health numbers.
    pub health: Duration,
    /// Wait before retrying a failed reload.
    pub retry: Duration,
}

impl Default for Timing {
    fn default() -> Timing {
        Timing {
            tick: Duration::from_secs(1),
            seq_poll: Duration::from_millis(500),
            health: Duration::from_secs(5),
            retry: Duration::from_secs(2),
        }
    }
}

/// Key presses (not releases or repeats, which some terminals report) and resizes.
pub(super) async fn input(tx: mpsc::Sender<Event>, stop: CancellationToken) {
    let mut stream = EventStream::new();
    loop {
        let next = tokio::select! {
            () = stop.cancelled() => return,
            next = stream.next() => next,
        };
        let event = match next {
            Some(Ok(TermEvent::Key(k))) if k.kind == KeyEventKind::Press => Event::Key(k),
            Some(Ok(TermEvent::Resize(w, h))) => Event::Resize(w, h),
            Some(Ok(TermEvent::Mouse(m))) if is_tap_or_wheel(m.kind) => Event::Mouse(m),
            Some(Ok(_)) => continue,
            Some(Err(error)) => {
                tracing::error!(%error, "reading the keyboard failed");
                return;
            }
            None => return,
        };
        if tx.send(event).await.is_err() {
            return;
        }
    }
}

/// Presses and wheel turns; moves, drags and releases mean nothing on the board.
fn is_tap_or_wheel(kind: crossterm::event::MouseEventKind) -> bool {
    use crossterm::event::MouseEventKind as K;
    matches!(kind, K::Down(_) | K::ScrollDown | K::ScrollUp)
}

pub(super) async fn ticks(tx: mpsc::Sender<Event>, every: Duration, stop: CancellationToken) {
    let mut tick = interval(every);
    tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
    tick.tick().await;
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            _ = tick.tick() => {}
        }
        if tx.send(Event::Tick).await.is_err() {
            return;
        }
    }
}

/// The bus, and the change sequence as a safety net. A lag on the bus means
/// events were lost: reload (never skip silently). A sequence that moved more
/// than the bus events we saw means another process wrote: reload.
/// `seen` counts bus events, for the reloader (see `exec::reloader`).
pub(super) async fn bus_and_seq<B: KdsBackend>(
    backend: Arc<B>,
    mut bus: broadcast::Receiver<OrderEvent>,
    tx: mpsc::Sender<Event>,
    seen: Arc<AtomicU64>,
    every: Duration,
    stop: CancellationToken,
) {
    let mut last_seq = backend.change_seq().await.ok();
    let mut credit: i64 = 0;
    let mut bus_open = true;
    let mut poll = interval(every);
    poll.set_missed_tick_behavior(MissedTickBehavior::Skip);
    loop {
        let event = tokio::select! {
            biased;
            () = stop.cancelled() => return,
            r = bus.recv(), if bus_open => match r {
                Ok(e) => {
                    seen.fetch_add(1, Ordering::SeqCst);
                    credit += 1;
                    Event::Order(e)
                }
                Err(broadcast::error::RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "kitchen display lagged behind the order bus; reloading");
                    Event::Order(OrderEvent::Reload)
                }
                Err(broadcast::error::RecvError::Closed) => {
                    tracing::warn!("order bus closed; the display relies on polling the store");
                    bus_open = false;
                    continue;
                }
            },
            _ = poll.tick() => {
                match moved_unexplained(&*backend, &mut last_seq, &mut credit).await {
                    true => Event::Order(OrderEvent::Reload),
                    false => continue,
                }
            }
        };
        if tx.send(event).await.is_err() {
            return;
        }
    }
}

/// Read the change sequence; `true` if it moved further than `credit` bus
/// events explain. Resets the credit either way.
async fn moved_unexplained<B: KdsBackend>(b: &B, last: &mut Option<i64>, credit: &mut i64) -> bool {
    let seq = match b.change_seq().await {
        Ok(seq) => seq,
        Err(error) => {
            tracing::debug!(error = %format!("{error:#}"), "change_seq poll failed");
            return false;
        }
    };
    let moved = last.map_or(0, |l| seq - l);
    let unexplained = moved > *credit || last.is_none();
    *last = Some(seq);
    *credit = 0;
    if unexplained {
        tracing::debug!(seq, moved, "change_seq moved without bus events; reloading");
    }
    unexplained
}

pub(super) async fn health<B: KdsBackend>(
    backend: Arc<B>,
    tx: mpsc::Sender<Event>,
    every: Duration,
    stop: CancellationToken,
) {
    let mut tick = interval(every);
    tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            _ = tick.tick() => {}
        }
        let h = match backend.health(now()).await {
            Ok(h) => h,
            Err(error) => {
                tracing::warn!(error = %format!("{error:#}"), "health check failed");
                BoardHealth::unreachable()
            }
        };
        if tx.send(Event::Health(h)).await.is_err() {
            return;
        }
        // the waiting list rides on the health poll: a handoff in another process
        // (or one that simply ran out) shows within one poll
        match backend.waiting(now()).await {
            Ok(list) => {
                if tx.send(Event::Waiting(list)).await.is_err() {
                    return;
                }
            }
            Err(error) => {
                tracing::debug!(error = %format!("{error:#}"), "waiting list poll failed");
            }
        }
    }
}
