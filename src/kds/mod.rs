//! The kitchen display: a ratatui board of open orders, driven from the
//! keyboard or a bump bar, updated from the order bus within milliseconds.
//!
//! The Elm architecture (TEA): [`state`] is the model, [`event`] the messages,
//! [`update`] the only place that decides anything, [`view`] draws `&State`
//! without IO, and [`run`] owns the terminal, merges the event sources and
//! performs [`event::Command`]s against a [`backend::KdsBackend`], which the
//! application implements (this module never imports `store` or `server`).
//! [`sound`] plays the chime on its own thread.

pub mod allday;
pub mod backend;
pub mod event;
pub mod glyphs;
pub mod keymap;
pub mod keys;
pub mod layout;
pub mod mem;
pub mod mouse;
pub mod run;
pub mod settings;
pub mod sound;
pub mod state;
pub mod update;
pub mod view;

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
pub use event::{ChimeKind, Command, Event};
pub use run::run;
pub use settings::KdsSettings;
pub use state::State;
pub use update::update;
pub use view::draw;
