//! The wall clock, read only at the edges (handlers, workers, commands);
//! `domain` and `bot` receive the time as an argument.

/// Now, in unix milliseconds (UTC).
pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}
