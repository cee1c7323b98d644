//! Opening hours: is the shop taking orders at this local time, and if not, when next?

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
pub struct NextOpen {
    pub weekday: u8,
    pub in_days: u8,
    pub minute: u32,
}

impl NextOpen {
    /// "11:00"
    pub fn hhmm(&self) -> String {
        format!("{:02}:{:02}", self.minute / 60 % 24, self.minute % 60)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{0}' is not opening hours; write HH:MM-HH:MM (e.g. 11:00-23:30, or 18:00-02:00) or 'closed'"
)]
pub struct HoursError(pub String);

impl Window {
    pub fn parse(s: &str) -> Result<Option<Window>, HoursError> {
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

fn parse_hhmm(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    let h: u32 = h.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    (h <= 24 && m < 60 && (h < 24 || m == 0)).then_some(h * 60 + m)
}

impl Hours {
    pub fn always() -> Hours {
        Hours {
            days: [Some(Window {
                open: 0,
                close: 24 * 60,
            }); 7],
        }
    }

    /// Is it open at `weekday` (0 = Monday) and `minute` after local midnight?
    /// A window past midnight counts on the following day too.
    pub fn is_open(&self, weekday: u8, minute: u32) -> bool {
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

    /// The next opening after this moment, looking a week ahead.
    pub fn next_open(&self, weekday: u8, minute: u32) -> Option<NextOpen> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(!late.is_open(2, 3 * 60));
    }
}
