//! The open connections of a [`Guarded`](super::Guarded) listener and the hard cap on them.
//!
//! Each connection shares a [`Conn`] with the registry: what it is doing (its [`State`]) and
//! when it last moved (`at`: accepted, a byte read, a byte written). At the cap a newcomer
//! gets in only by closing the connection that has waited longest for its client — a
//! head-less socket, a dribbled head, a body that stopped coming, or a keep-alive connection
//! whose answer went out long ago — whichever moved last the longest ago. A connection the
//! server is writing to (an event stream: only an authenticated request gets one; its
//! keep-alives go out every 5 s) is never closed for a newcomer while it keeps being
//! written. When nobody can be closed, the newcomer is refused: the cap is hard.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// A connection whose last write is more recent than this is a live stream: not closed for
/// a newcomer (two of the event stream's 5 s keep-alives).
pub(crate) const STREAMING: Duration = Duration::from_secs(10);

/// What a connection is doing, kept in an `AtomicU8`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(super) enum State {
    /// Accepted, nothing read yet.
    Fresh = 0,
    /// A request head is arriving.
    Head = 1,
    /// A whole head arrived and nothing is written yet: its body is coming (or not), or the
    /// handler works on it.
    Body = 2,
    /// The server has written: an answer went out, or a stream is going out.
    Answer = 3,
}

/// One connection as the registry and its IO both see it.
pub(super) struct Conn {
    state: AtomicU8,
    /// Milliseconds after the registry's epoch when the connection last moved.
    at: AtomicU64,
    pub close: CancellationToken,
    epoch: Instant,
}

impl Conn {
    fn new(epoch: Instant) -> Conn {
        Conn {
            state: AtomicU8::new(State::Fresh as u8),
            at: AtomicU64::new(millis(epoch, Instant::now())),
            close: CancellationToken::new(),
            epoch,
        }
    }

    /// A connection outside any registry (a `Deadline` made on its own).
    #[cfg(test)]
    pub(super) fn detached() -> Conn {
        Conn::new(Instant::now())
    }

    pub(super) fn state(&self) -> State {
        match self.state.load(Ordering::Relaxed) {
            0 => State::Fresh,
            1 => State::Head,
            2 => State::Body,
            _ => State::Answer,
        }
    }

    pub(super) fn set_state(&self, s: State) {
        self.state.store(s as u8, Ordering::Relaxed);
    }

    /// It moved at `now` (a byte read or written).
    pub(super) fn moved(&self, now: Instant) {
        self.at.store(millis(self.epoch, now), Ordering::Relaxed);
    }

    fn at(&self) -> u64 {
        self.at.load(Ordering::Relaxed)
    }
}

fn millis(epoch: Instant, t: Instant) -> u64 {
    u64::try_from(t.saturating_duration_since(epoch).as_millis()).unwrap_or(u64::MAX)
}

/// The open connections.
pub(super) struct Registry {
    /// [`STREAMING`] (shorter in tests).
    streaming: Duration,
    epoch: Instant,
    next: AtomicU64,
    conns: Mutex<HashMap<u64, Arc<Conn>>>,
}

impl Default for Registry {
    fn default() -> Registry {
        Registry {
            streaming: STREAMING,
            epoch: Instant::now(),
            next: AtomicU64::new(0),
            conns: Mutex::default(),
        }
    }
}

impl Registry {
    /// Register a new connection. At `max`, close the one that has waited longest for its
    /// client to make room; `None` (refuse the newcomer) when every one is a live stream.
    pub(super) fn admit(&self, max: usize) -> Option<(u64, Arc<Conn>)> {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let conn = Arc::new(Conn::new(self.epoch));
        let mut m = self
            .conns
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if m.len() >= max {
            let now = millis(self.epoch, Instant::now());
            let streaming = u64::try_from(self.streaming.as_millis()).unwrap_or(u64::MAX);
            let victim = m
                .iter()
                .filter(|(_, c)| {
                    !(c.state() == State::Answer && now.saturating_sub(c.at()) < streaming)
                })
                .min_by_key(|(_, c)| c.at())
                .map(|(k, _)| *k);
            let e = victim.and_then(|k| m.remove(&k))?;
            tracing::debug!(state = ?e.state(), "connection limit reached: closing the longest-waiting client");
            e.close.cancel();
        }
        m.insert(id, conn.clone());
        Some((id, conn))
    }

    /// A registry whose streams count as live for `streaming` only (tests).
    #[cfg(test)]
    pub fn with_streaming(streaming: Duration) -> Registry {
        Registry {
            streaming,
            ..Registry::default()
        }
    }

    pub(super) fn leave(&self, id: u64) {
        self.conns
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&id);
    }

    /// Open connections (tests).
    pub(super) fn open(&self) -> usize {
        self.conns
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .len()
    }
}
