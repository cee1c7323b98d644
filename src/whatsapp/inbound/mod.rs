//! Webhook notifications from Meta: the envelope → entries → changes → messages / statuses /
//! errors, decoded defensively (optional everything, unknown kinds kept, one bad item never
//! rejects the delivery).
//!
//! Two steps, because the handler must answer fast and durably: [`parse_delivery`] runs in
//! the webhook handler and yields flat [`InboundRecord`]s whose `raw` JSON goes into the
//! inbox; [`parse_message`] runs in the inbox worker and yields the typed [`InboundMessage`].

mod delivery;
mod direct;
mod echo;
mod message;
mod model;
mod types;

#[cfg(test)]
mod tests_built;
#[cfg(test)]
mod tests_direct;
#[cfg(test)]
mod tests_echo;
#[cfg(test)]
mod tests_fixtures;
#[cfg(test)]
mod tests_prop;
#[cfg(test)]
mod tests_robust;

pub(crate) use delivery::parse_delivery;
#[cfg(test)]
pub(crate) use echo::ECHO_KIND;
pub(crate) use echo::summary;
pub(crate) use message::parse_message;
pub(crate) use model::{Content, InboundMessage, InboundRecord, StatusUpdate};
#[cfg(test)]
pub(crate) use model::{Delivery, ParseError};
