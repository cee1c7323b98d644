//! Printing: the kitchen ticket and the courier slip as ESC/POS bytes
//! ([`render`] over [`escpos`]), and where they go ([`Target`]). The queue of
//! print jobs is `store::print`; the task that works it is `queue::printer`.

pub(crate) mod deliver;
pub(crate) mod escpos;
pub mod render;
mod target;

pub(crate) use deliver::NotTaken;
pub use target::{PrintOn, Target};
