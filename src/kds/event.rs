//! The messages of the kitchen display's TEA loop: [`Event`]s flow into
//! `update`, [`Command`]s flow out of it to the run loop, which performs them.
//! Plain data, no IO.

use crate::domain::OrderNumber;

use crossterm::event::KeyEvent;

use super::backend::{BoardHealth, ProductAvail, Waiting};
use crate::domain::order::{Order, OrderStatus};
use crate::events::OrderEvent;

/// Everything that can change what the board shows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Event {
    /// A key press (releases and repeats are filtered out by the run loop).
    Key(KeyEvent),
    /// Once a second: ages, clocks and the chime repeat advance.
    Tick,
    /// The terminal is now this many columns and rows.
    Resize(u16, u16),
    /// From the bus. `OrderEvent::Reload` also stands for "the bus lagged" and
    /// "another process wrote": both mean reload from the store.
    Order(OrderEvent),
    /// Fresh open orders from the store; replaces the board.
    Reloaded(Vec<Order>),
    /// Fresh product list for the availability panel.
    Products(Vec<ProductAvail>),
    /// Fresh numbers for the header.
    Health(BoardHealth),
    /// A command against the backend failed; shown in the status line.
    CommandFailed(String),
    /// Fresh list of customers waiting for a person (the `w` panel, the header alert).
    Waiting(Vec<Waiting>),
    /// A tap, click or wheel turn (with `kds.mouse`; see `kds::mouse`).
    Mouse(crossterm::event::MouseEvent),
}

/// Which sound to play.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ChimeKind {
    /// Two-tone bell: a customer confirmed an order.
    NewOrder,
    /// Lower, falling sound: an order on the board was cancelled elsewhere.
    Cancelled,
}

/// What `update` asks the run loop to do. The run loop executes backend commands
/// in tasks; their failures come back as [`Event::CommandFailed`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Command {
    /// Bump, recall or cancel an order.
    SetStatus {
        number: OrderNumber,
        to: OrderStatus,
    },
    /// Accept or refuse the customer's cancel request on an order.
    AnswerCancel { number: OrderNumber, accept: bool },
    /// Mark an order rush or clear it.
    SetRush { number: OrderNumber, rush: bool },
    /// 86 a product (`available = false`) or bring it back.
    SetAvailable { product_id: i64, available: bool },
    /// Queue a reprint of the order's kitchen ticket.
    Print { number: OrderNumber },
    /// A station finished lines `positions` of an order (`done`) or takes them back.
    SetLines {
        number: OrderNumber,
        positions: Vec<usize>,
        done: bool,
    },
    /// Reload the open orders from the store.
    Reload,
    /// Load the product list (the availability panel opened, or the menu changed).
    LoadProducts,
    /// Play a sound (or ring the terminal bell without an audio device).
    Chime(ChimeKind),
    /// Stop a sound that is still playing (the new ticket was touched, or mute).
    StopChime,
    /// Leave the kitchen display (after the confirmation).
    Quit,
    /// Load the customers waiting for a person (a handoff event arrived).
    LoadWaiting,
    /// Hand customer `phone` back to the bot.
    HandBack { phone: crate::domain::CustomerId },
    /// Busy mode: `minutes` added to every quote (0 clears it).
    SetBusy { minutes: u32 },
}
