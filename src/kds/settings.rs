//! What the kitchen display is told at start: the restaurant's name, the ageing
//! thresholds, the chime, the clock's time zone and the terminal's glyphs.

use jiff::tz::TimeZone;

use super::glyphs::Glyphs;
use crate::config::Config;
use crate::domain::report::DayStart;
use crate::domain::station::View;
use crate::domain::time::Span;

/// Settings for one kitchen display, taken from `[restaurant]` and `[kds]`.
#[derive(Debug, Clone)]
pub(crate) struct KdsSettings {
    /// Shown at the left of the header.
    pub restaurant: String,
    /// A ticket in new/preparing turns yellow at this age.
    pub warn_after_minutes: u32,
    /// ... and red at this age.
    pub late_after_minutes: u32,
    /// Play the chime at all (`false`: only the visual "NEW" marker).
    pub sound: bool,
    /// Ring again every N seconds until the new ticket is touched; 0 rings once.
    pub chime_repeat_seconds: u32,
    /// Zone of the header clock (times are stored as UTC).
    pub timezone: TimeZone,
    /// ISO 4217 code for the money on the "today" panel.
    pub currency: String,
    /// Where "today" begins for the today panel (`restaurant.day_starts_at`).
    pub day_start: DayStart,
    /// Symbols the terminal can show (words on the Linux console).
    pub glyphs: Glyphs,
    /// The whole board, one station's lines, or the expo (`--station`).
    pub view: View,
    /// Capture the mouse: taps select and bump, the wheel pages (`kds.mouse`).
    pub mouse: bool,
    /// The bump bar's keys (`[kds.keys]`).
    pub keys: super::keymap::KeyMap,
}

impl KdsSettings {
    /// Build from the validated configuration.
    pub(crate) fn from_config(c: &Config) -> KdsSettings {
        KdsSettings {
            restaurant: c.restaurant.name.clone(),
            warn_after_minutes: c.kds.warn_after_minutes,
            late_after_minutes: c.kds.late_after_minutes,
            sound: c.kds.sound,
            chime_repeat_seconds: c.kds.chime_repeat_seconds,
            timezone: c.restaurant.timezone.clone(),
            currency: c.restaurant.currency.clone(),
            day_start: c.restaurant.day_start,
            glyphs: Glyphs::detect(),
            view: View::Whole,
            mouse: c.kds.mouse,
            keys: super::keymap::KeyMap::from_table(&c.kds.keys).unwrap_or_else(|e| {
                tracing::warn!(error = %e, "kds.keys ignored: the usual keys are in effect");
                super::keymap::KeyMap::default()
            }),
        }
    }

    /// A ticket this old turns yellow.
    pub fn warn(&self) -> Span {
        Span::minutes(i64::from(self.warn_after_minutes))
    }

    /// A ticket this old turns red.
    pub fn late(&self) -> Span {
        Span::minutes(i64::from(self.late_after_minutes))
    }

    /// How often an untouched new ticket rings again; `None` rings only once.
    pub fn chime_repeat(&self) -> Option<Span> {
        (self.chime_repeat_seconds > 0).then(|| Span::seconds(i64::from(self.chime_repeat_seconds)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_default_config() {
        let s = KdsSettings::from_config(&Config::defaults());
        assert_eq!(s.warn().as_millis(), 5 * 60_000);
        assert_eq!(s.late().as_millis(), 8 * 60_000);
        assert_eq!(s.chime_repeat(), Some(Span::millis(20_000)));
        let once = KdsSettings {
            chime_repeat_seconds: 0,
            ..s
        };
        assert_eq!(once.chime_repeat(), None);
    }
}
