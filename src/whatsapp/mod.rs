//! The wire to Meta's WhatsApp Cloud API: the webhook signature, the notification payload
//! types, the message bodies we send (with Meta's limits enforced) and the Graph API client.
//!
//! Everything here except [`client`] is pure and synchronous. Nothing here touches the
//! database or knows about sessions and orders: the server's webhook handler, inbox and
//! outbox are built on top of this API. Must not import `store`, `server`, `bot` or `kds`.

pub(crate) mod address;
pub mod client;
pub(crate) mod inbound;
pub(crate) mod limits;
pub mod outbound;
pub mod signature;

#[cfg(test)]
pub(crate) mod testdata;
