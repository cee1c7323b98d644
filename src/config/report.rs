//! The report's settings (where a day begins, when an order is late) from the
//! configuration: one constructor for the CLI's reports, the board's today panel and
//! `/kds/v1`. It lives here because `domain` does not read the configuration.

use super::Config;
use crate::domain::report::Settings;
use crate::domain::time::Span;

impl Settings {
    /// The restaurant's time zone and day start, and `kds.late_after_minutes`.
    pub fn from_config(c: &Config) -> Settings {
        Settings {
            tz: c.restaurant.timezone.clone(),
            day_start: c.restaurant.day_start,
            late_after: Span::minutes(i64::from(c.kds.late_after_minutes)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_reads_the_restaurants_day_and_the_boards_lateness() {
        let mut c = Config::defaults();
        c.kds.late_after_minutes = 37;
        c.restaurant.timezone = jiff::tz::TimeZone::get("Europe/Istanbul").expect("zone");
        let s = Settings::from_config(&c);
        assert_eq!(s.late_after, Span::minutes(37));
        assert_eq!(s.day_start, c.restaurant.day_start);
        assert_eq!(s.tz.iana_name(), Some("Europe/Istanbul"));
    }
}
