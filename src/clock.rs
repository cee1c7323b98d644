//! The wall clock, read only at the edges (handlers, workers, commands);
//! `domain` and `bot` receive the time as an argument.

use crate::domain::time::At;

/// Now, as an instant.
pub fn now() -> At {
    At::from_millis(jiff::Timestamp::now().as_millisecond())
}
