//! Time with its unit in the type: [`At`], an instant in unix milliseconds (UTC),
//! and [`Span`], a length of time in milliseconds. Both are plain `i64`
//! milliseconds inside, so what is stored and sent (JSON numbers, SQL `BIGINT`)
//! stays the same; the type says which of the two a number is and does the
//! `* 60_000` arithmetic once. Pure: nothing here reads a clock.

use std::ops::{Add, AddAssign, Sub};
use std::time::Duration;

/// A length of time, in milliseconds (negative when it runs backwards, as the
/// difference of two instants may).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(transparent)]
pub struct Span(i64);

impl Span {
    pub(crate) const ZERO: Span = Span(0);

    pub const fn millis(ms: i64) -> Span {
        Span(ms)
    }

    pub(crate) const fn seconds(s: i64) -> Span {
        Span(s.saturating_mul(1_000))
    }

    pub const fn minutes(m: i64) -> Span {
        Span(m.saturating_mul(60_000))
    }

    pub const fn hours(h: i64) -> Span {
        Span(h.saturating_mul(3_600_000))
    }

    /// The milliseconds, as stored and sent.
    pub const fn as_millis(self) -> i64 {
        self.0
    }

    /// Whole minutes, rounded toward zero.
    pub(crate) const fn whole_minutes(self) -> i64 {
        self.0 / 60_000
    }

    /// Whole hours, rounded toward zero.
    pub const fn whole_hours(self) -> i64 {
        self.0 / 3_600_000
    }

    /// Whole seconds, rounded toward zero.
    pub const fn whole_seconds(self) -> i64 {
        self.0 / 1_000
    }

    /// As a [`Duration`] for a sleep or a timeout; a negative span is zero.
    pub(crate) fn to_std(self) -> Duration {
        Duration::from_millis(u64::try_from(self.0).unwrap_or(0))
    }

    /// This span doubled `n` times, at most `max` (a retry's backoff).
    pub(crate) fn doubled(self, n: u32, max: Span) -> Span {
        Span(self.0.saturating_mul(1_i64 << n.min(62))).min(max)
    }
}

impl Add for Span {
    type Output = Span;
    fn add(self, rhs: Span) -> Span {
        Span(self.0.saturating_add(rhs.0))
    }
}

impl Sub for Span {
    type Output = Span;
    fn sub(self, rhs: Span) -> Span {
        Span(self.0.saturating_sub(rhs.0))
    }
}

/// An instant: milliseconds since the Unix epoch, UTC.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(transparent)]
pub struct At(i64);

impl At {
    pub const fn from_millis(ms: i64) -> At {
        At(ms)
    }

    /// The unix milliseconds, as stored and sent.
    pub const fn as_millis(self) -> i64 {
        self.0
    }
}

impl Add<Span> for At {
    type Output = At;
    fn add(self, rhs: Span) -> At {
        At(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign<Span> for At {
    fn add_assign(&mut self, rhs: Span) {
        *self = *self + rhs;
    }
}

impl Sub<Span> for At {
    type Output = At;
    fn sub(self, rhs: Span) -> At {
        At(self.0.saturating_sub(rhs.0))
    }
}

impl Sub for At {
    type Output = Span;
    fn sub(self, rhs: At) -> Span {
        Span(self.0.saturating_sub(rhs.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_convert_to_milliseconds() {
        assert_eq!(Span::seconds(3).as_millis(), 3_000);
        assert_eq!(Span::minutes(8).as_millis(), 480_000);
        assert_eq!(Span::hours(24).as_millis(), 86_400_000);
        assert_eq!(Span::minutes(8).whole_minutes(), 8);
        assert_eq!(Span::millis(119_999).whole_minutes(), 1);
        assert_eq!(Span::millis(7_199_999).whole_hours(), 1);
        assert_eq!(Span::millis(1_999).whole_seconds(), 1);
        assert_eq!(Span::minutes(i64::MAX), Span::millis(i64::MAX), "saturates");
    }

    #[test]
    fn instants_and_spans_add_up() {
        let t = At::from_millis(1_780_000_000_000);
        assert_eq!(
            (t + Span::minutes(30)).as_millis(),
            1_780_000_000_000 + 1_800_000
        );
        assert_eq!((t + Span::minutes(30)) - t, Span::minutes(30));
        assert_eq!(t - (t + Span::seconds(1)), Span::millis(-1_000));
        assert_eq!(t - Span::seconds(1) + Span::seconds(1), t);
    }

    #[test]
    fn a_negative_span_sleeps_not_at_all() {
        assert_eq!(Span::millis(-5).to_std(), Duration::ZERO);
        assert_eq!(Span::millis(1_500).to_std(), Duration::from_millis(1_500));
    }

    #[test]
    fn backoff_doubles_up_to_its_cap() {
        let first = Span::seconds(1);
        let cap = Span::seconds(10);
        assert_eq!(first.doubled(0, cap), Span::seconds(1));
        assert_eq!(first.doubled(3, cap), Span::seconds(8));
        assert_eq!(first.doubled(4, cap), cap);
        assert_eq!(first.doubled(200, cap), cap);
    }

    #[test]
    fn json_is_the_bare_milliseconds() {
        assert_eq!(
            serde_json::to_string(&Span::minutes(2)).expect("json"),
            "120000"
        );
        let t: At = serde_json::from_str("1780000000000").expect("json");
        assert_eq!(t.as_millis(), 1_780_000_000_000);
    }
}
