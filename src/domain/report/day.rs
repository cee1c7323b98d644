//! Business days: where a restaurant's day begins and ends in UTC milliseconds.
//!
//! A shop open past midnight counts the small hours to the day it opened, so a
//! business day runs from `restaurant.day_starts_at` (local time) to the same
//! time the next day. Pure: the time zone comes in as data, the clock not at all.

use crate::domain::time::At;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

/// Minutes after local midnight at which a business day begins (0..1440).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DayStart(u16);

/// Why a day start, a date or a period was refused; shown to the person as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DayError {
    #[error("'{0}' is not a time of day like 05:00")]
    DayStart(String),
    #[error("'{0}' is not a date like 2026-11-25")]
    Date(String),
    #[error("the range ends ({to}) before it starts ({from})")]
    Inverted { from: Date, to: Date },
}

impl DayStart {
    /// "05:00" → 300 minutes. Hours 00–23, minutes 00–59.
    pub fn parse(s: &str) -> Result<DayStart, DayError> {
        let bad = || DayError::DayStart(s.to_string());
        let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
        let digits = |p: &str| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit());
        if !digits(h) || !digits(m) {
            return Err(bad());
        }
        let (h, m): (u16, u16) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if h > 23 || m > 59 {
            return Err(bad());
        }
        Ok(DayStart(h * 60 + m))
    }

    pub(crate) fn minutes(self) -> u16 {
        self.0
    }

    /// The local hour the business day begins in (the first bar of the hour chart).
    pub(crate) fn hour(self) -> u8 {
        u8::try_from(self.0 / 60).unwrap_or(0)
    }
}

/// "05:00", as `restaurant.day_starts_at` is written.
impl std::fmt::Display for DayStart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// A strict `YYYY-MM-DD` (a calendar date that exists).
pub fn parse_date(s: &str) -> Result<Date, DayError> {
    let t = s.trim();
    let shape = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shape {
        return Err(DayError::Date(s.to_string()));
    }
    t.parse::<Date>().map_err(|_| DayError::Date(s.to_string()))
}

/// Business days `from` through `to`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

impl Period {
    pub fn new(from: Date, to: Date) -> Result<Period, DayError> {
        if to < from {
            return Err(DayError::Inverted { from, to });
        }
        Ok(Period { from, to })
    }

    pub(crate) fn day(d: Date) -> Period {
        Period { from: d, to: d }
    }

    /// `[start, end)`: from the first day's start to the start of the day
    /// after the last.
    pub fn bounds(&self, tz: &TimeZone, ds: DayStart) -> (At, At) {
        let end = self.to.tomorrow().unwrap_or(self.to);
        (
            At::from_millis(day_start_ms(self.from, tz, ds)),
            At::from_millis(day_start_ms(end, tz, ds)),
        )
    }

    /// Every business date in the period, in order.
    #[cfg(test)]
    pub(crate) fn dates(&self) -> Vec<Date> {
        self.each_date().collect()
    }

    /// Every business date in the period, in order, one at a time (a range of
    /// centuries is walked without holding it).
    pub(crate) fn each_date(&self) -> impl Iterator<Item = Date> + use<> {
        let to = self.to;
        std::iter::successors(Some(self.from), move |d| {
            if *d < to { d.tomorrow().ok() } else { None }
        })
    }

    /// How many business days the period holds (both ends included).
    pub(crate) fn len_days(&self) -> i64 {
        self.from
            .until(self.to)
            .map_or(i64::MAX, |s| i64::from(s.get_days()) + 1)
    }
}

/// When business date `d` begins, in unix milliseconds. In a DST gap the
/// later instant is taken (jiff's "compatible" rule).
pub(crate) fn day_start_ms(d: Date, tz: &TimeZone, ds: DayStart) -> i64 {
    let at = d.to_datetime(jiff::civil::Time::midnight())
        + SignedDuration::from_mins(i64::from(ds.minutes()));
    at.to_zoned(tz.clone())
        .map(|z| z.timestamp().as_millisecond())
        .unwrap_or(0)
}

/// When the business day that instant `at` falls in began.
pub(crate) fn business_day_start(at: At, tz: &TimeZone, ds: DayStart) -> At {
    At::from_millis(day_start_ms(business_date(at, tz, ds), tz, ds))
}

fn local(ms: i64, tz: &TimeZone) -> Option<DateTime> {
    Timestamp::from_millisecond(ms)
        .ok()
        .map(|t| t.to_zoned(tz.clone()).datetime())
}

/// The business date an instant belongs to: 01:30 with days starting at 05:00
/// belongs to the day before.
pub(crate) fn business_date(at: At, tz: &TimeZone, ds: DayStart) -> Date {
    local(at.as_millis(), tz)
        .and_then(|dt| {
            dt.checked_sub(SignedDuration::from_mins(i64::from(ds.minutes())))
                .ok()
        })
        .map_or(Date::ZERO, |dt| dt.date())
}

/// The local hour of the day (0–23) an instant falls in.
pub(crate) fn local_hour(at: At, tz: &TimeZone) -> u8 {
    local(at.as_millis(), tz).map_or(0, |dt| u8::try_from(dt.hour()).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ist() -> TimeZone {
        TimeZone::get("Europe/Istanbul").expect("tz")
    }

    fn ms(s: &str) -> i64 {
        s.parse::<Timestamp>().expect("ts").as_millisecond()
    }

    fn at(s: &str) -> At {
        At::from_millis(ms(s))
    }

    #[test]
    fn day_start_parses_strictly() {
        assert_eq!(DayStart::parse("05:00").map(DayStart::minutes), Ok(300));
        assert_eq!(DayStart::parse("00:00").map(DayStart::minutes), Ok(0));
        assert_eq!(DayStart::parse("23:59").map(DayStart::minutes), Ok(1439));
        for bad in ["5:00", "24:00", "05:60", "0500", "", "ab:cd", "05:00:00"] {
            assert!(DayStart::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_parse_strictly() {
        assert!(parse_date("2026-11-25").is_ok());
        for bad in [
            "2026-02-30",
            "20261125",
            "2026-1-25",
            "25.11.2026",
            "yesterday",
            "",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn after_midnight_counts_to_the_day_that_opened() {
        let ds = DayStart::parse("05:00").expect("ds");
        let d = parse_date("2026-11-25").expect("date");
        // Istanbul is UTC+3 all year.
        assert_eq!(business_date(at("2026-11-25T22:30:00Z"), &ist(), ds), d); // 01:30 on the 26th
        assert_eq!(business_date(at("2026-11-25T02:00:00Z"), &ist(), ds), d); // 05:00 on the 25th
        assert_eq!(
            business_date(at("2026-11-25T01:59:59Z"), &ist(), ds).to_string(),
            "2026-11-24"
        );
        let (start, end) = Period::day(d).bounds(&ist(), ds);
        assert_eq!(start, At::from_millis(ms("2026-11-25T02:00:00Z")));
        assert_eq!(end, At::from_millis(ms("2026-11-26T02:00:00Z")));
        // the day an instant falls in began at 05:00 local, the day before after midnight
        assert_eq!(
            business_day_start(At::from_millis(ms("2026-11-25T22:30:00Z")), &ist(), ds),
            start
        );
        assert_eq!(
            business_day_start(At::from_millis(ms("2026-11-25T01:59:59Z")), &ist(), ds),
            At::from_millis(ms("2026-11-24T02:00:00Z"))
        );
    }

    #[test]
    fn a_period_lists_its_days_and_refuses_to_run_backwards() {
        let a = parse_date("2026-11-29").expect("a");
        let b = parse_date("2026-12-02").expect("b");
        let p = Period::new(a, b).expect("period");
        let days: Vec<String> = p.dates().iter().map(ToString::to_string).collect();
        assert_eq!(
            days,
            ["2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02"]
        );
        assert!(matches!(Period::new(b, a), Err(DayError::Inverted { .. })));
    }

    #[test]
    fn a_dst_day_is_23_hours_long() {
        // Clocks jump at 02:00 on 29 March: the business day that opened on the 28th
        // at 05:00 ends 23 hours later.
        let tz = TimeZone::get("Europe/Berlin").expect("tz");
        let ds = DayStart::parse("05:00").expect("ds");
        let d = parse_date("2026-03-28").expect("date");
        let (start, end) = Period::day(d).bounds(&tz, ds);
        assert_eq!(end - start, crate::domain::time::Span::hours(23));
    }
}
