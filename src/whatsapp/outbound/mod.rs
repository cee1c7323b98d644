//! Outgoing messages: what the bot says ([`crate::domain::reply::Reply`]) becomes a Graph API
//! JSON body that respects Meta's limits ([`message_body`]), and any body can be validated
//! against those limits ([`check_limits`]). Pure: no IO. The limits and their measure
//! live in [`crate::whatsapp::limits`], shared with the bot that writes the replies.

mod build;
mod check;

#[cfg(test)]
mod tests_build;
#[cfg(test)]
mod tests_check;
#[cfg(test)]
mod tests_prop;

#[cfg(test)]
pub(crate) use build::{Note, build};
pub use build::{mark_read_body, message_body};
pub(crate) use check::check_limits;
