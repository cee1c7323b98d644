//! 86'd items in a period: how often each product was taken off and for how
//! long it was out, from the recorded availability changes.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::domain::time::{At, Span};

/// One recorded change of a product's availability.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvailabilityChange {
    pub product_id: i64,
    /// The product's name when it changed.
    pub name: String,
    /// `false`: 86'd; `true`: back.
    pub available: bool,
    pub at: i64,
}

/// A product that was out during the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EightySixed {
    pub name: String,
    /// Times it was 86'd within the period (0 when it was already out at the start).
    pub times: u64,
    /// Minutes it was out within the period (up to its end, or up to now).
    pub minutes_out: i64,
    /// Still out at the end of the period (or now).
    pub still_out: bool,
}

#[derive(Default)]
struct Track {
    name: String,
    out_since: Option<At>,
    times: u64,
    out: Span,
}

/// `changes` are every change before `end`, oldest first (those before `start`
/// tell whether a product was already out when the period began). `end` is the
/// period's end, or now for a period still running.
pub fn eighty_sixed(changes: &[AvailabilityChange], start: At, end: At) -> Vec<EightySixed> {
    let mut by_product: BTreeMap<i64, Track> = BTreeMap::new();
    for c in changes.iter().filter(|c| At::from_millis(c.at) < end) {
        let at = At::from_millis(c.at);
        let t = by_product.entry(c.product_id).or_default();
        t.name.clone_from(&c.name);
        match (c.available, t.out_since) {
            (false, None) => {
                t.out_since = Some(at);
                if at >= start {
                    t.times += 1;
                }
            }
            (true, Some(since)) => {
                t.out = t.out + (at.min(end) - since.max(start)).max(Span::ZERO);
                t.out_since = None;
            }
            _ => {}
        }
    }
    let mut out: Vec<EightySixed> = by_product
        .into_values()
        .filter_map(|mut t| {
            let still_out = t.out_since.is_some();
            if let Some(since) = t.out_since {
                t.out = t.out + (end - since.max(start)).max(Span::ZERO);
            }
            (t.times > 0 || t.out > Span::ZERO).then_some(EightySixed {
                name: t.name,
                times: t.times,
                minutes_out: t.out.whole_minutes(),
                still_out,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.minutes_out
            .cmp(&a.minutes_out)
            .then_with(|| a.name.cmp(&b.name))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    fn ch(id: i64, name: &str, available: bool, at_min: i64) -> AvailabilityChange {
        AvailabilityChange {
            product_id: id,
            name: name.into(),
            available,
            at: at_min * MIN,
        }
    }

    #[test]
    fn out_time_is_clipped_to_the_period() {
        // The period is minutes 100..200.
        let changes = vec![
            ch(1, "Künefe", false, 50), // out before the start …
            ch(1, "Künefe", true, 130), // … back 30 minutes into the period
            ch(2, "Ayran", false, 110),
            ch(2, "Ayran", true, 120),
            ch(2, "Ayran", false, 180), // still out at the end: 20 more
            ch(3, "Lahmacun", false, 10),
            ch(3, "Lahmacun", true, 20), // before the period: not listed
            ch(4, "Pide", false, 250),   // after it: not listed
        ];
        let got = eighty_sixed(
            &changes,
            At::from_millis(100 * MIN),
            At::from_millis(200 * MIN),
        );
        assert_eq!(
            got,
            vec![
                EightySixed {
                    name: "Ayran".into(),
                    times: 2,
                    minutes_out: 30,
                    still_out: true
                },
                EightySixed {
                    name: "Künefe".into(),
                    times: 0,
                    minutes_out: 30,
                    still_out: false
                },
            ]
        );
    }

    #[test]
    fn repeated_86_without_a_return_counts_once() {
        let changes = vec![ch(1, "Künefe", false, 110), ch(1, "Künefe", false, 120)];
        let got = eighty_sixed(
            &changes,
            At::from_millis(100 * MIN),
            At::from_millis(200 * MIN),
        );
        assert_eq!((got[0].times, got[0].minutes_out), (1, 90));
    }
}
