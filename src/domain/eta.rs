//! "Where is my order?": how long ago it was confirmed and about how long it
//! will still take. The kitchen's pace is the median order-to-ready time of its
//! last few orders today (the same times `report` reads); with too few of them
//! the configured minutes stand in. A delivery adds the time the configuration
//! allows for the road (delivery minutes minus pickup minutes). Pure: the
//! instants come in as arguments.

use super::order::{Fulfilment, OrderStatus};
use super::time::{At, Span};

/// How many of today's most recent ready orders the pace is taken from.
pub(crate) const PACE_SAMPLES: i64 = 20;
/// Fewer ready orders than this today: the configured minutes are used instead.
pub(crate) const MIN_SAMPLES: usize = 3;

/// How long the kitchen takes from order to ready, and where that came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pace {
    /// Order-to-ready time.
    pub prep: Span,
    /// `true` when measured on today's orders, `false` when it is the configured time.
    pub measured: bool,
}

/// The pace from recent order-to-ready times (any order), or `configured_minutes`
/// when there are fewer than [`MIN_SAMPLES`] of them.
pub(crate) fn pace(recent: &[Span], configured_minutes: u32) -> Pace {
    let mut v: Vec<Span> = recent.iter().copied().filter(|&t| t > Span::ZERO).collect();
    if v.len() < MIN_SAMPLES {
        return Pace {
            prep: Span::minutes(i64::from(configured_minutes)),
            measured: false,
        };
    }
    v.sort_unstable();
    // nearest-rank median, as the report's percentiles
    let rank = v.len().div_ceil(2).max(1);
    Pace {
        prep: v[rank - 1],
        measured: true,
    }
}

/// What the customer is told about one open order's timing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Eta {
    /// About this many more minutes (at least 1).
    Minutes(u32),
    /// Past the expected time: any moment now.
    Soon,
    /// A delivery past its expected time: at the door any moment (not "ready":
    /// it may well be on the road).
    SoonAtDoor,
    /// Ready at the counter: nothing left to wait for.
    Ready,
}

/// The estimate for an order placed at `placed_at` that is `status` at `now`.
/// `travel` is added for a delivery.
pub(crate) fn eta(
    status: OrderStatus,
    fulfilment: Fulfilment,
    placed_at: At,
    now: At,
    pace: Pace,
    travel: Span,
) -> Eta {
    if status == OrderStatus::Ready && fulfilment == Fulfilment::Pickup {
        return Eta::Ready;
    }
    let road = if fulfilment == Fulfilment::Delivery {
        travel.max(Span::ZERO)
    } else {
        Span::ZERO
    };
    let left = placed_at + pace.prep + road - now;
    if left <= Span::ZERO {
        return if fulfilment == Fulfilment::Delivery {
            Eta::SoonAtDoor
        } else {
            Eta::Soon
        };
    }
    Eta::Minutes(
        u32::try_from(left.ceil_minutes())
            .unwrap_or(u32::MAX)
            .max(1),
    )
}

/// Whole minutes from `then` to `now` (never negative).
pub(crate) fn minutes_since(then: At, now: At) -> u32 {
    u32::try_from((now - then).max(Span::ZERO).whole_minutes()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    fn spans(ms: &[i64]) -> Vec<Span> {
        ms.iter().copied().map(Span::millis).collect()
    }

    #[test]
    fn the_median_of_recent_orders_or_the_configured_time() {
        assert_eq!(
            pace(&spans(&[10 * MIN, 12 * MIN]), 15),
            Pace {
                prep: Span::minutes(15),
                measured: false
            },
            "two orders are too few"
        );
        let p = pace(&spans(&[30 * MIN, 8 * MIN, 12 * MIN, 10 * MIN]), 15);
        assert_eq!(
            p.prep,
            Span::minutes(10),
            "nearest-rank median of 4 is the 2nd"
        );
        assert!(p.measured);
        assert_eq!(
            pace(&spans(&[9 * MIN, 20 * MIN, 11 * MIN]), 15).prep,
            Span::minutes(11)
        );
    }

    #[test]
    fn estimates_count_down_and_add_the_road() {
        let p = Pace {
            prep: Span::minutes(12),
            measured: true,
        };
        let t0 = At::from_millis(0);
        let pickup = |s, now: i64| {
            eta(
                s,
                Fulfilment::Pickup,
                t0,
                At::from_millis(now),
                p,
                Span::minutes(25),
            )
        };
        assert_eq!(pickup(OrderStatus::New, 0), Eta::Minutes(12));
        assert_eq!(pickup(OrderStatus::Preparing, 5 * MIN + 1), Eta::Minutes(7));
        assert_eq!(pickup(OrderStatus::Preparing, 13 * MIN), Eta::Soon);
        assert_eq!(pickup(OrderStatus::Ready, 13 * MIN), Eta::Ready);
        let out = eta(
            OrderStatus::OutForDelivery,
            Fulfilment::Delivery,
            t0,
            At::from_millis(20 * MIN),
            p,
            Span::minutes(25),
        );
        assert_eq!(out, Eta::Minutes(17));
        // a delivery on the road past its estimate is at the door any minute,
        // never "ready any minute"
        let late = eta(
            OrderStatus::OutForDelivery,
            Fulfilment::Delivery,
            t0,
            At::from_millis(60 * MIN),
            p,
            Span::minutes(25),
        );
        assert_eq!(late, Eta::SoonAtDoor);
        // at the boundary: exactly 12 minutes left is 12, a millisecond more is 13,
        // nothing left is "soon"
        assert_eq!(pickup(OrderStatus::New, 0), Eta::Minutes(12));
        assert_eq!(pickup(OrderStatus::New, -1), Eta::Minutes(13));
        assert_eq!(pickup(OrderStatus::New, 12 * MIN - 1), Eta::Minutes(1));
        assert_eq!(pickup(OrderStatus::New, 12 * MIN), Eta::Soon);
        assert_eq!(
            crate::copy::order_timing(crate::domain::Lang::Tr, 60, late),
            "   60 dk önce onaylandı · her an kapında olabilir"
        );
        assert_eq!(
            minutes_since(At::from_millis(0), At::from_millis(20 * MIN + 59_000)),
            20
        );
        assert_eq!(minutes_since(At::from_millis(10), At::from_millis(0)), 0);
    }
}
