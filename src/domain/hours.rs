//! Is the shop taking orders: the opening hours (is it open at this local
//! time, and if not, when next?) and the owner's pause switch, decided
//! together by [`shop_status`].

use super::time::At;

/// One day's opening window in minutes after local midnight. `close` may be
/// past 24:00 (e.g. 26:00 for 02:00 the next night).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub open: u32,
    pub close: u32,
}

/// The week, Monday first. `None` is a closed day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hours {
    pub days: [Option<Window>; 7],
}

/// When the shop opens next: days from today (0 = today) and minutes after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct NextOpen {
    pub weekday: u8,
    pub in_days: u8,
    pub minute: u32,
}

impl NextOpen {
    /// "11:00"
    pub(crate) fn hhmm(&self) -> String {
        format!("{:02}:{:02}", self.minute / 60 % 24, self.minute % 60)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{0}' is not opening hours; write HH:MM-HH:MM (e.g. 11:00-23:30, or 18:00-02:00) or 'closed'"
)]
pub(crate) struct HoursError(pub String);

impl Window {
    pub(crate) fn parse(s: &str) -> Result<Option<Window>, HoursError> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("closed") {
            return Ok(None);
        }
        let err = || HoursError(s.to_string());
        let (a, b) = t.split_once('-').ok_or_else(err)?;
        let open = parse_hhmm(a).ok_or_else(err)?;
        let mut close = parse_hhmm(b).ok_or_else(err)?;
        if open >= 24 * 60 {
            return Err(err());
        }
        if close <= open {
            close += 24 * 60;
        }
        Ok(Some(Window { open, close }))
    }
}

/// As written in `config.toml`: `11:00-23:30`, a window past midnight as `18:00-02:00`.
impl std::fmt::Display for Window {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hhmm = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
        let close = if self.close > 24 * 60 {
            self.close - 24 * 60
        } else {
            self.close
        };
        write!(f, "{}-{}", hhmm(self.open), hhmm(close))
    }
}

fn parse_hhmm(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    let h: u32 = h.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    (h <= 24 && m < 60 && (h < 24 || m == 0)).then_some(h * 60 + m)
}

impl Hours {
    pub(crate) fn always() -> Hours {
        Hours {
            days: [Some(Window {
                open: 0,
                close: 24 * 60,
            }); 7],
        }
    }

    /// Is it open at `weekday` (0 = Monday) and `minute` after local midnight?
    /// A window past midnight counts on the following day too.
    pub(crate) fn is_open(&self, weekday: u8, minute: u32) -> bool {
        let wd = usize::from(weekday % 7);
        if let Some(w) = self.days[wd]
            && minute >= w.open
            && minute < w.close
        {
            return true;
        }
        let prev = (wd + 6) % 7;
        if let Some(w) = self.days[prev]
            && w.close > 24 * 60
            && minute + 24 * 60 < w.close
        {
            return true;
        }
        false
    }

    /// The window a customer asking "how long are you open today" means: last
    /// night's while it still runs past midnight, otherwise today's (`None`:
    /// closed today).
    pub(crate) fn today(&self, weekday: u8, minute: u32) -> Option<Window> {
        let wd = usize::from(weekday % 7);
        let prev = self.days[(wd + 6) % 7];
        if let Some(w) = prev
            && w.close > 24 * 60
            && minute + 24 * 60 < w.close
        {
            return Some(w);
        }
        self.days[wd]
    }

    /// The next opening after this moment, looking a week ahead.
    pub(crate) fn next_open(&self, weekday: u8, minute: u32) -> Option<NextOpen> {
        for d in 0..8u8 {
            let wd = (weekday + d) % 7;
            if let Some(w) = self.days[usize::from(wd)]
                && (d > 0 || w.open > minute)
            {
                return Some(NextOpen {
                    weekday: wd,
                    in_days: d,
                    minute: w.open,
                });
            }
        }
        None
    }
}

/// Is the shop taking orders? Browsing always works; confirming only when `Open`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) enum ShopStatus {
    #[default]
    Open,
    /// The owner paused orders (kitchen overloaded); optional texts for the customer.
    Paused {
        until_text: Option<String>,
        reason: Option<String>,
    },
    /// Outside opening hours; `next_open` from [`Hours::next_open`].
    Closed { next_open: Option<NextOpen> },
}

/// The pause switch: while set, the bot takes no orders.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Pause {
    /// When ordering resumes by itself (stored as unix ms); `None` until `maydanoz resume`.
    pub until: Option<At>,
    /// Told to customers, e.g. "Ocakbaşı bakımda".
    pub reason: Option<String>,
}

/// The local weekday (0 = Monday) and minute after midnight of `now` in `tz`;
/// `None` for a time jiff cannot represent.
pub(crate) fn local_day(tz: &jiff::tz::TimeZone, now: At) -> Option<(u8, u32)> {
    let local = jiff::Timestamp::from_millisecond(now.as_millis())
        .ok()?
        .to_zoned(tz.clone());
    // jiff: Monday = 1 … Sunday = 7; ours: Monday = 0
    let weekday = u8::try_from(local.weekday().to_monday_zero_offset()).unwrap_or(0);
    let minute =
        u32::try_from(i32::from(local.hour()) * 60 + i32::from(local.minute())).unwrap_or(0);
    Some((weekday, minute))
}

/// The status the bot sees at `now` in the restaurant's zone.
pub(crate) fn shop_status(
    hours: &Hours,
    tz: &jiff::tz::TimeZone,
    pause: Option<&Pause>,
    now: At,
) -> ShopStatus {
    let Some((weekday, minute)) = local_day(tz, now) else {
        return ShopStatus::Open;
    };
    if let Some(p) = pause
        && p.until.is_none_or(|u| u > now)
    {
        let until_text = p
            .until
            .and_then(|u| jiff::Timestamp::from_millisecond(u.as_millis()).ok())
            .map(|u| u.to_zoned(tz.clone()).strftime("%H:%M").to_string());
        return ShopStatus::Paused {
            until_text,
            reason: p.reason.clone(),
        };
    }
    if hours.is_open(weekday, minute) {
        ShopStatus::Open
    } else {
        ShopStatus::Closed {
            next_open: hours.next_open(weekday, minute),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::Span;

    #[test]
    fn windows_parse() {
        assert_eq!(
            Window::parse("11:00-23:30"),
            Ok(Some(Window {
                open: 660,
                close: 1410
            }))
        );
        assert_eq!(
            Window::parse("18:00-02:00"),
            Ok(Some(Window {
                open: 1080,
                close: 1560
            }))
        );
        assert_eq!(Window::parse("closed"), Ok(None));
        assert_eq!(
            Window::parse("00:00-24:00"),
            Ok(Some(Window {
                open: 0,
                close: 1440
            }))
        );
        assert!(Window::parse("25:00-26:00").is_err());
        assert!(Window::parse("11-23").is_err());
    }

    #[test]
    fn open_and_next() {
        let mut h = Hours {
            days: [Window::parse("11:00-23:00").ok().flatten(); 7],
        };
        h.days[6] = None; // Sunday closed
        assert!(h.is_open(0, 11 * 60));
        assert!(!h.is_open(0, 23 * 60));
        assert_eq!(
            h.next_open(0, 10 * 60),
            Some(NextOpen {
                weekday: 0,
                in_days: 0,
                minute: 660
            })
        );
        assert_eq!(
            h.next_open(5, 23 * 60 + 30),
            Some(NextOpen {
                weekday: 0,
                in_days: 2,
                minute: 660
            })
        );
        let late = Hours {
            days: [Window::parse("18:00-02:00").ok().flatten(); 7],
        };
        assert!(late.is_open(2, 60)); // 01:00 Wednesday belongs to Tuesday night
        assert_eq!(
            late.today(2, 60).map(|w| w.to_string()).as_deref(),
            Some("18:00-02:00")
        );
        assert_eq!(h.today(6, 12 * 60), None, "Sunday closed");
        assert_eq!(h.today(0, 60).map(|w| w.open), Some(660));
        assert!(!late.is_open(2, 3 * 60));
    }

    #[test]
    fn hours_and_pause() {
        let tz = jiff::tz::TimeZone::get("Europe/Istanbul").expect("tz");
        let h = Hours {
            days: [Window::parse("11:00-23:00").ok().flatten(); 7],
        };
        // 2026-11-25 (Wednesday) 09:00 UTC = 12:00 Istanbul
        let noon = At::from_millis(
            "2026-11-25T09:00:00Z"
                .parse::<jiff::Timestamp>()
                .expect("ts")
                .as_millisecond(),
        );
        assert_eq!(shop_status(&h, &tz, None, noon), ShopStatus::Open);
        let night = noon + Span::hours(12); // 00:00 Istanbul
        assert!(
            matches!(shop_status(&h, &tz, None, night), ShopStatus::Closed { next_open: Some(n) } if n.hhmm() == "11:00")
        );
        let p = Pause {
            until: Some(noon + Span::minutes(30)),
            reason: Some("bakım".into()),
        };
        assert!(
            matches!(shop_status(&h, &tz, Some(&p), noon), ShopStatus::Paused { until_text: Some(t), .. } if t == "12:30")
        );
        assert_eq!(
            shop_status(&h, &tz, Some(&p), noon + Span::minutes(30)),
            ShopStatus::Open,
            "a pause ends by itself"
        );
    }

    #[test]
    fn a_stored_pause_keeps_its_json() {
        // The switch is stored as JSON in `meta`: the instant stays a bare number.
        let stored = r#"{"until":1795000000000,"reason":"bakım"}"#;
        let p: Pause = serde_json::from_str(stored).expect("parse");
        assert_eq!(p.until, Some(At::from_millis(1_795_000_000_000)));
        assert_eq!(serde_json::to_string(&p).expect("json"), stored);
    }
}
