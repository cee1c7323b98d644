//! The WhatsApp conversation engine, pure: `(session, input, context) → (session',
//! replies, effect)`. No IO, no async, no clock; imports nothing from `store`,
//! `server`, `whatsapp` or `kds`.
//!
//! The driver (the inbox worker) loads the customer's [`Session`], the menu and
//! the customer into a [`Ctx`], calls [`handle`], and commits the new session, the
//! replies (outbox) and the [`Effect`] in one transaction. An effect that produces
//! a result (a coupon lookup, placing or cancelling an order) is answered by
//! calling [`handle`] again with the matching [`Input`] result variant, inside the
//! same transaction; the engine sends no reply until then.
//!
//! Layout: [`api`] the edge types, [`session`] the stored state, [`ids`] what
//! button ids mean, `router` the dispatch, `steps/` one file per part of the
//! conversation, `render` the WhatsApp limits. All texts are in
//! [`crate::copy`].

/// Edge types: context, inputs, outcome, effects, the order draft.
mod answers;
pub mod api;
/// Questions about the order and the shop: when, ready, complaint, open, delivery, payment.
mod asks;
/// Button and row ids: every tap as an [`ids::Action`], written and parsed.
pub mod ids;
mod intents;
/// The customer's language by what they write, and switches asked for in words.
mod lang;
mod layout;
mod picks;
mod render;
mod router;
mod said;
/// The per-customer state stored as JSON.
pub mod session;
/// The shop's state in the conversation: paused, reopened.
pub mod shop;
mod steps;
pub(crate) mod typed;
/// Reading an order written in the customer's own words (pure).
pub mod understand;

#[cfg(test)]
mod tests;

pub(crate) use api::{
    CatalogItem, Ctx, CustomerInfo, Effect, Handoff, Input, OrderBrief, OrderDraft, Outcome,
    PlaceError, ShopStatus,
};
pub use router::handle;
pub use session::Session;
