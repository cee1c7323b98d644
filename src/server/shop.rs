//! Is the shop taking orders right now: opening hours and the pause switch.

use crate::bot::ShopStatus;
use crate::domain::hours::Hours;
use crate::store::meta::Pause;

/// The status the bot sees at `now` (unix ms) in the restaurant's zone.
pub fn shop_status(
    hours: &Hours,
    tz: &jiff::tz::TimeZone,
    pause: Option<&Pause>,
    now: i64,
) -> ShopStatus {
    let Ok(ts) = jiff::Timestamp::from_millisecond(now) else {
        return ShopStatus::Open;
    };
    let local = ts.to_zoned(tz.clone());
    if let Some(p) = pause
        && p.until.is_none_or(|u| u > now)
    {
        let until_text = p
            .until
            .and_then(|u| jiff::Timestamp::from_millisecond(u).ok())
            .map(|u| u.to_zoned(tz.clone()).strftime("%H:%M").to_string());
        return ShopStatus::Paused {
            until_text,
            reason: p.reason.clone(),
        };
    }
    // jiff: Monday = 1 … Sunday = 7; ours: Monday = 0
    let weekday = u8::try_from(local.weekday().to_monday_zero_offset()).unwrap_or(0);
    let minute =
        u32::try_from(i32::from(local.hour()) * 60 + i32::from(local.minute())).unwrap_or(0);
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
    use crate::domain::hours::Window;

    #[test]
    fn hours_and_pause() {
        let tz = jiff::tz::TimeZone::get("Europe/Istanbul").expect("tz");
        let h = Hours {
            days: [Window::parse("11:00-23:00").ok().flatten(); 7],
        };
        // 2026-11-25 (Wednesday) 09:00 UTC = 12:00 Istanbul
        let noon: i64 = "2026-11-25T09:00:00Z"
            .parse::<jiff::Timestamp>()
            .expect("ts")
            .as_millisecond();
        assert_eq!(shop_status(&h, &tz, None, noon), ShopStatus::Open);
        let night = noon + 12 * 3_600_000; // 00:00 Istanbul
        assert!(
            matches!(shop_status(&h, &tz, None, night), ShopStatus::Closed { next_open: Some(n) } if n.hhmm() == "11:00")
        );
        let p = Pause {
            until: Some(noon + 1_800_000),
            reason: Some("bakım".into()),
        };
        assert!(
            matches!(shop_status(&h, &tz, Some(&p), noon), ShopStatus::Paused { until_text: Some(t), .. } if t == "12:30")
        );
        assert_eq!(
            shop_status(&h, &tz, Some(&p), noon + 1_800_000),
            ShopStatus::Open,
            "a pause ends by itself"
        );
    }
}
