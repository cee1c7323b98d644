//! Ordering ahead while the shop is closed: which times a customer may pick
//! ([`slots`]), whether a picked time is still good ([`check_slot`]), and when
//! such an order reaches the kitchen board ([`board_at`]).
//!
//! Pure: the hours, the zone and `now` come in as arguments. A slot
//! is the time the customer gets the order — ready at the counter (pickup) or
//! at the door (delivery) — so the kitchen sees it as many minutes earlier as
//! the shop quotes to a customer ordering now (`pickup_minutes`,
//! `delivery_minutes`): an order ahead then behaves exactly like one placed at
//! its board time.

use super::hours::Hours;
use super::order::Fulfilment;
use super::time::{At, Span};

/// Minutes between two offered times (opening, then every half hour).
pub(crate) const SLOT_STEP_MINUTES: u32 = 30;
/// Most times offered: one WhatsApp list holds ten rows (`whatsapp::limits::MAX_ROWS`,
/// a test there holds the two equal).
pub(crate) const MAX_SLOTS: usize = 10;
/// The opening must be this close for ordering ahead (no carts kept for days).
pub(crate) const HORIZON: Span = Span::hours(24);

/// Why a picked time cannot be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SlotProblem {
    /// The time has already come (or gone).
    Passed,
    /// Not a time the shop is open, or more than a day ahead.
    Outside,
}

/// One time a customer may pick, and whether it is the opening itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Slot {
    pub at: At,
    pub opening: bool,
}

fn local(at: At, tz: &jiff::tz::TimeZone) -> Option<jiff::Zoned> {
    Some(
        jiff::Timestamp::from_millisecond(at.as_millis())
            .ok()?
            .to_zoned(tz.clone()),
    )
}

/// The instant `minute` after local midnight of `date` (a minute past 24:00 is
/// the next day, as in a window that closes after midnight).
fn at_minute(date: jiff::civil::Date, minute: u32, tz: &jiff::tz::TimeZone) -> Option<At> {
    let dt = date
        .at(0, 0, 0, 0)
        .checked_add(jiff::Span::new().minutes(i64::from(minute)))
        .ok()?;
    Some(At::from_millis(
        dt.to_zoned(tz.clone()).ok()?.timestamp().as_millisecond(),
    ))
}

/// The times offered to a customer at `now` while the shop is closed: the next
/// opening (when it is at most [`HORIZON`] away), then every
/// [`SLOT_STEP_MINUTES`] until that window closes, at most [`MAX_SLOTS`].
/// Empty when the shop is open now or does not open within a day.
pub(crate) fn slots(hours: &Hours, tz: &jiff::tz::TimeZone, now: At) -> Vec<Slot> {
    let Some(z) = local(now, tz) else {
        return Vec::new();
    };
    let weekday = u8::try_from(z.weekday().to_monday_zero_offset()).unwrap_or(0);
    let minute = u32::try_from(i32::from(z.hour()) * 60 + i32::from(z.minute())).unwrap_or(0);
    if hours.is_open(weekday, minute) {
        return Vec::new();
    }
    let Some(next) = hours.next_open(weekday, minute) else {
        return Vec::new();
    };
    let Some(window) = hours.days[usize::from(next.weekday % 7)] else {
        return Vec::new();
    };
    let Ok(date) = z
        .date()
        .checked_add(jiff::Span::new().days(i64::from(next.in_days)))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut m = window.open;
    while m < window.close && out.len() < MAX_SLOTS {
        match at_minute(date, m, tz) {
            Some(at) if at - now > HORIZON => break,
            Some(at) if at > now => out.push(Slot {
                at,
                opening: m == window.open,
            }),
            _ => {}
        }
        m += SLOT_STEP_MINUTES;
    }
    out
}

/// Can an order still be placed for `at` at `now`? In the future, at
/// most a day ahead, and inside the opening hours.
pub(crate) fn check_slot(
    hours: &Hours,
    tz: &jiff::tz::TimeZone,
    now: At,
    at: At,
) -> Result<(), SlotProblem> {
    if at <= now {
        return Err(SlotProblem::Passed);
    }
    if at - now > HORIZON {
        return Err(SlotProblem::Outside);
    }
    let z = local(at, tz).ok_or(SlotProblem::Outside)?;
    let weekday = u8::try_from(z.weekday().to_monday_zero_offset()).unwrap_or(0);
    let minute = u32::try_from(i32::from(z.hour()) * 60 + i32::from(z.minute())).unwrap_or(0);
    if hours.is_open(weekday, minute) {
        Ok(())
    } else {
        Err(SlotProblem::Outside)
    }
}

/// When an order for `at` reaches the kitchen board: `at` minus the minutes the
/// shop quotes for this kind of order.
pub(crate) fn board_at(
    at: At,
    fulfilment: Fulfilment,
    pickup_minutes: u32,
    delivery_minutes: u32,
) -> At {
    let lead = match fulfilment {
        Fulfilment::Pickup => pickup_minutes,
        Fulfilment::Delivery => delivery_minutes,
    };
    at - Span::minutes(i64::from(lead))
}

/// "11:30" in the shop's zone.
pub fn hhmm(at: At, tz: &jiff::tz::TimeZone) -> String {
    local(at, tz).map_or_else(String::new, |z| z.strftime("%H:%M").to_string())
}

/// Days from `now`'s local date to `at`'s (0 today, 1 tomorrow).
pub(crate) fn days_ahead(now: At, at: At, tz: &jiff::tz::TimeZone) -> i64 {
    match (local(now, tz), local(at, tz)) {
        (Some(a), Some(b)) => (b.date() - a.date()).get_days().into(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hours::Window;

    fn tz() -> jiff::tz::TimeZone {
        jiff::tz::TimeZone::get("Europe/Istanbul").expect("tz")
    }

    use crate::domain::pace::tests::wed;

    fn hours(w: &str) -> Hours {
        Hours {
            days: [Window::parse(w).ok().flatten(); 7],
        }
    }

    #[test]
    fn closed_in_the_morning_offers_the_opening_then_every_half_hour() {
        let h = hours("11:00-23:00");
        let s = slots(&h, &tz(), wed(9, 10));
        assert_eq!(s.len(), MAX_SLOTS);
        assert_eq!(
            s[0],
            Slot {
                at: wed(11, 0),
                opening: true
            }
        );
        assert_eq!(s[1].at, wed(11, 30));
        assert!(!s[1].opening);
        assert_eq!(hhmm(s[9].at, &tz()), "15:30");
    }

    #[test]
    fn after_closing_the_slots_are_tomorrow_and_stop_at_closing() {
        let h = hours("11:00-12:00");
        let s = slots(&h, &tz(), wed(23, 30));
        let shown: Vec<String> = s.iter().map(|x| hhmm(x.at, &tz())).collect();
        assert_eq!(shown, ["11:00", "11:30"]);
        assert_eq!(days_ahead(wed(23, 30), s[0].at, &tz()), 1);
    }

    #[test]
    fn open_or_far_away_offers_nothing() {
        assert!(slots(&hours("11:00-23:00"), &tz(), wed(12, 0)).is_empty());
        let mut h = hours("11:00-23:00");
        h.days[3] = None; // Thursday closed: Wednesday night opens Friday
        assert!(slots(&h, &tz(), wed(23, 30)).is_empty());
    }

    #[test]
    fn a_picked_time_must_be_ahead_inside_the_hours() {
        let h = hours("11:00-23:00");
        let now = wed(9, 0);
        assert_eq!(check_slot(&h, &tz(), now, wed(11, 30)), Ok(()));
        assert_eq!(
            check_slot(&h, &tz(), wed(11, 31), wed(11, 30)),
            Err(SlotProblem::Passed)
        );
        assert_eq!(
            check_slot(&h, &tz(), now, wed(10, 30)),
            Err(SlotProblem::Outside)
        );
        assert_eq!(
            check_slot(&h, &tz(), now, wed(23, 0)),
            Err(SlotProblem::Outside)
        );
        assert_eq!(
            check_slot(&h, &tz(), now, wed(11, 30) + HORIZON),
            Err(SlotProblem::Outside),
            "tomorrow's lunch is too far ahead"
        );
    }

    #[test]
    fn the_day_turns_at_local_midnight_not_at_utc_midnight() {
        // 23:59 and 00:01 in Istanbul are 20:59 and 21:01 of one UTC day
        assert_eq!(days_ahead(wed(23, 59), wed(24, 1), &tz()), 1);
        assert_eq!(days_ahead(wed(0, 1), wed(23, 59), &tz()), 0);
        assert_eq!(days_ahead(wed(24, 1), wed(23, 59), &tz()), -1);
        assert_eq!(hhmm(wed(24, 1), &tz()), "00:01");
        assert_eq!(hhmm(wed(23, 59), &tz()), "23:59");
    }

    #[test]
    fn the_board_sees_it_the_quoted_minutes_before() {
        let at = wed(11, 30);
        assert_eq!(board_at(at, Fulfilment::Pickup, 15, 40), wed(11, 15));
        assert_eq!(board_at(at, Fulfilment::Delivery, 15, 40), wed(10, 50));
    }
}
