//! The kitchen display's IO boundary: everything it reads from or writes to the
//! store goes through [`KdsBackend`]. The real implementation (one DB transaction
//! plus the customer's notification in the outbox plus a bus event) lives with the
//! server wiring; this module only defines the trait and the plain data it moves.
//! Imports nothing from `store` or `server`.

use crate::domain::OrderNumber;
use crate::domain::time::{At, Span};

use std::future::Future;

use crate::domain::order::{Order, OrderStatus};
use crate::domain::report::Glance;

/// What the kitchen display needs from the rest of the application.
///
/// Every method is a short request; the display calls them from spawned tasks, so
/// a slow database never freezes the screen, and failures come back as an error
/// line in the header instead of a crash.
pub trait KdsBackend: Send + Sync + 'static {
    /// Orders still on the board (status new, preparing, ready, out for delivery),
    /// oldest first. Called at start, after a lag on the bus and whenever the
    /// change sequence moved without a matching bus event.
    fn open_orders(&self) -> impl Future<Output = anyhow::Result<Vec<Order>>> + Send;

    /// Move order `number` to `to` (bump, recall or cancel) and tell the customer.
    /// The implementation publishes `OrderEvent::StatusChanged` after the commit;
    /// that event, not the optimistic local change, is what the board trusts.
    fn set_status(
        &self,
        number: OrderNumber,
        to: OrderStatus,
    ) -> impl Future<Output = anyhow::Result<()>> + Send;

    /// Mark order `number` rush (first on every screen) or clear it. Publishes
    /// `OrderEvent::Rush` after the commit, like `set_status`.
    fn set_rush(
        &self,
        number: OrderNumber,
        rush: bool,
    ) -> impl Future<Output = anyhow::Result<()>> + Send;

    /// Answer the customer's request to cancel order `number`: accept (the
    /// order is cancelled, the customer told) or refuse (the mark is cleared,
    /// the customer told the order goes on). Publishes the matching event.
    fn answer_cancel(
        &self,
        number: OrderNumber,
        accept: bool,
    ) -> impl Future<Output = anyhow::Result<()>> + Send;

    /// A station finished lines `positions` of order `number` (`done`), or
    /// takes them back (`!done`). Never tells the customer; publishes
    /// `OrderEvent::Reload` after the commit.
    fn set_lines(
        &self,
        number: OrderNumber,
        positions: Vec<usize>,
        done: bool,
    ) -> impl Future<Output = anyhow::Result<()>> + Send;

    /// Every product with its availability, for the 86 panel.
    fn products(&self) -> impl Future<Output = anyhow::Result<Vec<ProductAvail>>> + Send;

    /// "86" a product (`available = false`) or bring it back.
    fn set_available(
        &self,
        product_id: i64,
        available: bool,
    ) -> impl Future<Output = anyhow::Result<()>> + Send;

    /// Queue a reprint of order `number`'s kitchen ticket (the `P` key).
    fn reprint(&self, number: OrderNumber) -> impl Future<Output = anyhow::Result<()>> + Send;

    /// Numbers for the header; `now` fixes "last hour" and "today".
    fn health(&self, now: At) -> impl Future<Output = anyhow::Result<BoardHealth>> + Send;

    /// A counter every writing process bumps in its transaction. Polled cheaply;
    /// a move that our own bus events do not explain means another process wrote
    /// (e.g. `maydanoz orders status` in another terminal), so the board reloads.
    fn change_seq(&self) -> impl Future<Output = anyhow::Result<i64>> + Send;

    /// Customers waiting for a person, with their last messages (the `w` panel and
    /// the header's alert). Polled with the health and after a handoff event; a
    /// backend without support rooms (a test fake) has nobody waiting.
    fn waiting(&self, _now: At) -> impl Future<Output = anyhow::Result<Vec<Waiting>>> + Send {
        async { Ok(Vec::new()) }
    }

    /// Busy mode: add `minutes` to every quote from now on (0 clears it), the
    /// `b` key. A backend without it (a test fake) says so.
    fn set_busy(&self, minutes: u32) -> impl Future<Output = anyhow::Result<()>> + Send {
        async move { anyhow::bail!("this display cannot set busy mode (+{minutes})") }
    }

    /// Hand customer `phone` back to the bot (the `w` panel's `d`). Publishes
    /// `OrderEvent::Handoff` with no reason after the commit.
    fn hand_back(
        &self,
        phone: crate::domain::CustomerId,
    ) -> impl Future<Output = anyhow::Result<()>> + Send {
        async move { anyhow::bail!("this display cannot hand {phone} back") }
    }
}

/// A customer a person should answer, as the `w` panel shows them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Waiting {
    /// Their WhatsApp number (or user id): what `maydanoz reply` takes.
    pub phone: crate::domain::CustomerId,
    /// WhatsApp profile name, customer-typed (cleaned when drawn).
    pub name: Option<String>,
    /// Why: `asked`, `media`, `not_understood`, `smb_message_echo`, `reply`.
    pub reason: String,
    /// When they were handed over (unix ms).
    pub since_ms: At,
    /// The bot stays quiet until then (unix ms).
    pub quiet_until_ms: At,
    /// When a person last answered them, if anyone did.
    pub answered_at_ms: Option<At>,
    /// Their last messages, oldest first.
    pub last: Vec<Said>,
}

/// One message of a waiting customer's conversation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Said {
    /// When it was sent (unix ms).
    pub at_ms: At,
    /// Written by the shop from the WhatsApp Business app, not by the customer.
    pub from_shop: bool,
    /// As written (media as `[image] caption`); cleaned and cut when drawn.
    pub text: String,
}

/// The open board at one value of the change sequence: what a remote display
/// receives (`GET /kds/v1/orders` and every `/kds/v1/events` event).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Board {
    /// The change sequence this board reflects (the SSE event id).
    pub seq: i64,
    /// Open orders, oldest first.
    pub orders: Vec<Order>,
}

/// A product as the availability panel shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProductAvail {
    /// Store id, sent back in `set_available`.
    pub id: i64,
    /// Menu name (operator text, still cleaned before display).
    pub name: String,
    /// Category name, used to group the list.
    pub category: String,
    /// `false` while the item is 86'd: the bot does not offer it.
    pub available: bool,
}

/// The state of the pipes behind the kitchen, shown in the header so the cook
/// notices when customers are no longer being told about their orders.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BoardHealth {
    /// WhatsApp messages that failed permanently in the last hour (red when > 0).
    pub failed_sends_last_hour: i64,
    /// Replies waiting in the outbox; a growing number means the sender is stuck.
    pub outbox_backlog: i64,
    /// Mean time from placed to ready over today's orders, if any were ready.
    pub avg_prep_ms_today: Option<Span>,
    /// `false` when the database did not answer; shown in red.
    pub db_ok: bool,
    /// Ordering is paused (`maydanoz pause`): no new orders will arrive.
    pub ordering_paused: bool,
    /// Meta rejects our access token: replies are held until it is fixed (shown in red).
    #[serde(default)]
    pub token_rejected: bool,
    /// Today's figures for the `t` panel (the business day so far), refreshed
    /// with every health poll; `None` until computed or when the query failed.
    #[serde(default)]
    pub today: Option<Glance>,
    /// A remote display lost its server: the board may be stale ("connection
    /// lost — reconnecting" in the header). Always `false` on a local board.
    #[serde(default)]
    pub connection_lost: bool,
    /// The last connection was dropped because the server sent more than the
    /// display takes (an event, a line or an answer past its bound): the
    /// header says so instead of "reconnecting". Never sent over the wire.
    #[serde(skip)]
    pub server_sent_too_much: bool,
    /// A print job waits because the printer did not take it (off, refused, timed out).
    #[serde(default)]
    pub printer_offline: bool,
    /// Print jobs the printer does not take although it takes others
    /// ("#12 ticket"), oldest first: the header names them.
    #[serde(default)]
    pub printer_stuck: Vec<String>,
    /// Orders placed ahead, not on the board yet (shown as "⏰ N ahead").
    #[serde(default)]
    pub upcoming: i64,
    /// When the first of them reaches the board (unix ms).
    #[serde(default)]
    pub next_upcoming_at: Option<At>,
    /// Busy mode in force: minutes added to every quote, until when
    /// ("BUSY +20 until 13:30" in the header; the `b` key cycles it).
    #[serde(default)]
    pub busy: Option<crate::domain::pace::Busy>,
}

impl BoardHealth {
    /// What the header shows when the health query itself failed.
    pub(crate) fn unreachable() -> BoardHealth {
        BoardHealth {
            failed_sends_last_hour: 0,
            outbox_backlog: 0,
            avg_prep_ms_today: None,
            db_ok: false,
            ordering_paused: false,
            token_rejected: false,
            today: None,
            connection_lost: false,
            server_sent_too_much: false,
            printer_offline: false,
            printer_stuck: Vec::new(),
            upcoming: 0,
            next_upcoming_at: None,
            busy: None,
        }
    }
}
