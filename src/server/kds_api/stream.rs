//! `GET /kds/v1/events`: the live feed of a remote display, as server-sent
//! events. Each event is the whole open board at one value of the change
//! sequence (`id:` is that value, `event: board`, `data:` a [`Board`]), so a
//! display that applies the latest event matches the server exactly — no
//! delta can be missed or applied twice. A reconnect sends `Last-Event-ID`;
//! if nothing changed since, nothing is sent until something does.
//!
//! The feed wakes on this process's order bus at once, and polls the change
//! sequence every [`POLL`] for writes by other processes (the CLI, another
//! server on the same PostgreSQL).
//!
//! The display's token is checked again before every event and every
//! [`RECHECK`] while nothing changes: a revoked token (`kds token revoke`, any
//! process) ends its stream within that time and gets no further board; the
//! display's reconnect then meets the 401.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Extension, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};
use tokio::sync::broadcast;
use tokio::time::{Instant, Interval, MissedTickBehavior, interval};

use super::super::AppState;
use super::wire::Board;
use crate::events::OrderEvent;
use crate::store::{Db, StoreError, counters, kds_tokens, orders};

/// How often the feed looks for writes made by other processes.
pub(super) const POLL: Duration = Duration::from_millis(200);
/// How often an idle stream checks that its display may still see the board.
pub(super) const RECHECK: Duration = Duration::from_secs(2);

/// What let a request in, kept for the life of its stream to be checked again
/// (the auth layer puts it in the request's extensions).
#[derive(Clone)]
pub(super) enum Credential {
    /// `Authorization: Bearer TOKEN`.
    Token(String),
}

impl Credential {
    /// Whether it still lets the display in; a database that cannot answer says
    /// nothing about the token (the stream goes on, as its board reads do).
    async fn still_valid(&self, db: &Db) -> bool {
        let Credential::Token(token) = self;
        let checked = async { kds_tokens::check(&mut db.read().await?.exec(), token).await };
        match checked.await {
            Ok(found) => found.is_some(),
            Err(e) => {
                tracing::warn!(error = %e, "display feed: checking the token failed");
                true
            }
        }
    }
}

/// The change sequence, then the open orders: the orders are at least as new
/// as the sequence, so a write in between only causes one more event.
pub(super) async fn board(db: &Db) -> Result<Board, StoreError> {
    let mut reader = db.read().await?;
    let seq = counters::change_seq(&mut reader.exec()).await?;
    let orders = orders::open(&mut reader.exec()).await?;
    Ok(Board::new(seq, &orders))
}

async fn seq(db: &Db) -> Result<i64, StoreError> {
    counters::change_seq(&mut db.read().await?.exec()).await
}

struct Feed {
    db: Db,
    bus: broadcast::Receiver<OrderEvent>,
    bus_open: bool,
    poll: Interval,
    /// The sequence the display has (from `Last-Event-ID`, then what we sent).
    last: Option<i64>,
    cred: Credential,
    /// When the credential was last found valid.
    checked: Instant,
}

impl Feed {
    /// Whether the display may still see the board: asked before every board
    /// and every [`RECHECK`] while idle (`due_only`).
    async fn allowed(&mut self, due_only: bool) -> bool {
        if due_only && self.checked.elapsed() < RECHECK {
            return true;
        }
        if !self.cred.still_valid(&self.db).await {
            tracing::info!("display token revoked: its event stream ends");
            return false;
        }
        self.checked = Instant::now();
        true
    }

    /// Wait until the sequence differs from `last`, then the board; `None`
    /// once the display's token is no longer valid.
    async fn next(&mut self) -> Option<Board> {
        loop {
            if !self.allowed(true).await {
                return None;
            }
            match seq(&self.db).await {
                Ok(s) if Some(s) != self.last => match board(&self.db).await {
                    Ok(b) => {
                        if !self.allowed(false).await {
                            return None;
                        }
                        self.last = Some(b.seq);
                        return Some(b);
                    }
                    Err(e) => tracing::warn!(error = %e, "display feed: reading the board failed"),
                },
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "display feed: reading the sequence failed"),
            }
            tokio::select! {
                r = self.bus.recv(), if self.bus_open => {
                    if matches!(r, Err(broadcast::error::RecvError::Closed)) {
                        self.bus_open = false;
                    }
                }
                _ = self.poll.tick() => {}
            }
        }
    }
}

/// The SSE response: boards as they change, keep-alive comments between.
pub(super) async fn events(
    State(s): State<AppState>,
    Extension(cred): Extension<Credential>,
    headers: HeaderMap,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let last = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok());
    let mut poll = interval(POLL);
    poll.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let feed = Feed {
        db: s.db.clone(),
        bus: s.bus.subscribe(),
        bus_open: true,
        poll,
        last,
        cred,
        checked: Instant::now(),
    };
    let events = stream::unfold(feed, |mut f| async move {
        let b = f.next().await?;
        let event = Event::default()
            .id(b.seq.to_string())
            .event("board")
            .json_data(&b)
            .unwrap_or_else(|_| Event::default().comment("unserialisable board"));
        Some((Ok(event), f))
    });
    Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(5)))
}
