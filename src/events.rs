//! What happened, told to every kitchen display in this process.
//!
//! Published only after the change is committed. The channel is a doorbell, not
//! the truth: a receiver that lags (`RecvError::Lagged`) reloads from the store.

use crate::domain::OrderNumber;

use tokio::sync::broadcast;

use crate::domain::order::{Order, OrderStatus};
use crate::domain::time::At;

/// Capacity of the broadcast ring; a display further behind than this reloads.
pub(crate) const BUS_CAPACITY: usize = 1024;

#[derive(Debug, Clone, PartialEq)]
pub enum OrderEvent {
    /// A customer confirmed an order; carries the whole order so a display needs no query.
    Placed(Box<Order>),
    /// An order moved (kitchen bump, recall, cancel, CLI).
    StatusChanged {
        number: OrderNumber,
        status: OrderStatus,
        at: At,
    },
    /// The kitchen marked an order rush or cleared it.
    Rush { number: OrderNumber, rush: bool },
    /// A customer asked to cancel an order the kitchen started (`at`: when), or
    /// staff refused the request (`at: None`); an accepted one is a cancel.
    CancelRequested { number: OrderNumber, at: Option<At> },
    /// A product became (un)available or the menu changed otherwise.
    MenuChanged,
    /// A customer was handed to a person (`reason`: `asked`, `media`,
    /// `not_understood`, `smb_message_echo`…) or handed back to the bot (`None`):
    /// the waiting list changed. Boards show the "needs a person" alert.
    Handoff {
        phone: crate::domain::CustomerId,
        reason: Option<String>,
    },
    /// An order placed ahead while closed: not on the board until `board_at`
    /// when the release task announces it as [`OrderEvent::Placed`].
    /// Wakes the release task; a board may count it as upcoming.
    Upcoming { number: OrderNumber, board_at: At },
    /// Something changed that the event cannot describe (another process wrote):
    /// reload open orders from the store.
    Reload,
}

/// The sending half, cloned into every producer.
#[derive(Debug, Clone)]
pub struct Bus {
    tx: broadcast::Sender<OrderEvent>,
}

impl Default for Bus {
    fn default() -> Self {
        Bus::new()
    }
}

impl Bus {
    pub fn new() -> Bus {
        let (tx, _) = broadcast::channel(BUS_CAPACITY);
        Bus { tx }
    }

    /// Publish; having no display listening is normal (headless server).
    pub fn publish(&self, e: OrderEvent) {
        let _ = self.tx.send(e);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<OrderEvent> {
        self.tx.subscribe()
    }
}
