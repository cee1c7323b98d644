//! The kitchen display: a ratatui board of open orders, driven from the
//! keyboard or a bump bar, updated from the order bus within milliseconds.
//!
//! The Elm architecture (TEA): [`state`] is the model, [`event`] the messages,
//! [`update`] the only place that decides anything, [`view`] draws `&State`
//! without IO, and [`run`] owns the terminal, merges the event sources and
//! performs [`event::Command`]s against a [`backend::KdsBackend`], which the
//! application implements (this module never imports `store` or `server`).
//! [`sound`] plays the chime on its own thread.

pub(crate) mod allday;
pub(crate) mod backend;
pub(crate) mod event;
pub(crate) mod glyphs;
pub(crate) mod keymap;
pub(crate) mod keys;
pub(crate) mod layout;
pub(crate) mod mem;
pub(crate) mod mouse;
pub(crate) mod run;
pub(crate) mod settings;
pub(crate) mod sound;
pub(crate) mod state;
pub(crate) mod update;
pub(crate) mod view;

#[cfg(test)]
mod cancel_request_tests;
#[cfg(test)]
mod fake;
#[cfg(test)]
mod mouse_tests;
#[cfg(test)]
mod pin_tests;
#[cfg(test)]
mod snapshot_tests;
#[cfg(test)]
mod station_tests;
#[cfg(test)]
mod testutil;
#[cfg(test)]
mod today_tests;
#[cfg(test)]
mod waiting_tests;

pub use backend::{Board, BoardHealth, KdsBackend, ProductAvail, Said, Waiting};
pub(crate) use run::run;
pub(crate) use settings::KdsSettings;
pub(crate) use update::update;
#[cfg(test)]
pub(crate) use view::draw;
