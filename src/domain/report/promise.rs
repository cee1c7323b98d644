//! Promised against actual: how the ready times the customers were told held
//! up. An order counts when it had a promise and reached ready; it is late
//! when it was ready after its promise. Lateness is ready minus promised
//! (negative when early), as a median and a 90th percentile. Busy minutes and
//! orders moved to a later slot by the cap are read from the store by the
//! caller (they are not in the orders).

use serde::Serialize;

use crate::domain::order::{Order, OrderStatus};
use crate::domain::time::Span;

/// The report's pace figures (flattened into its JSON).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PaceFigures {
    /// Orders with a promise that reached ready.
    pub promised_timed: u64,
    /// Of those, ready after their promise.
    pub late_against_promise: u64,
    /// `late_against_promise / promised_timed`, 0 when none.
    pub late_against_promise_share: f64,
    /// Ready minus promised: median and 90th percentile (seconds; negative = early).
    pub lateness_median_seconds: Option<i64>,
    pub lateness_p90_seconds: Option<i64>,
    /// Minutes busy mode was on in the period.
    pub busy_minutes: i64,
    /// Orders the cap moved to a later slot.
    pub orders_moved_by_cap: u64,
}

/// The promise figures over `orders` (cancelled ones are skipped).
pub(crate) fn figures<'a>(orders: impl Iterator<Item = &'a Order>) -> PaceFigures {
    let mut late: Vec<Span> = orders
        .filter(|o| o.status != OrderStatus::Cancelled)
        .filter_map(|o| crate::domain::pace::lateness(o.promised_at, o.status_times.ready_at))
        .collect();
    late.sort_unstable();
    let mut f = PaceFigures {
        promised_timed: late.len() as u64,
        late_against_promise: late.iter().filter(|&&l| l > Span::ZERO).count() as u64,
        lateness_median_seconds: super::percentile(&late, 50).map(Span::whole_seconds),
        lateness_p90_seconds: super::percentile(&late, 90).map(Span::whole_seconds),
        ..PaceFigures::default()
    };
    if f.promised_timed > 0 {
        #[allow(clippy::cast_precision_loss)]
        let share = f.late_against_promise as f64 / f.promised_timed as f64;
        f.late_against_promise_share = share;
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::domain::time::At;

    const MIN: i64 = 60_000;

    /// An order promised and ready at these unix ms.
    fn order(promised: Option<i64>, ready: Option<i64>, status: OrderStatus) -> Order {
        use crate::domain::Money;
        Order {
            id: 1,
            number: crate::domain::OrderNumber::new(1),
            status,
            fulfilment: crate::domain::order::Fulfilment::Pickup,
            customer_phone: crate::domain::CustomerId::parse("905551112233").expect("a phone"),
            customer_name: None,
            address: None,
            note: None,
            items: Vec::new(),
            subtotal: Money::ZERO,
            discount: Money::ZERO,
            total: Money::ZERO,
            coupon: None,
            rush: false,
            location: None,
            delivery_fee: Money::ZERO,
            payment: None,
            cancel_requested_at: None,
            scheduled_for: None,
            board_at: None,
            promised_at: promised.map(At::from_millis),
            created_at: At::from_millis(0),
            status_times: crate::domain::order::StatusTimes {
                ready_at: ready.map(At::from_millis),
                ..Default::default()
            },
        }
    }

    #[test]
    fn late_against_its_own_promise() {
        let os = [
            order(Some(15 * MIN), Some(10 * MIN), OrderStatus::Delivered), // 5 early
            order(Some(15 * MIN), Some(20 * MIN), OrderStatus::Ready),     // 5 late
            order(Some(40 * MIN), Some(50 * MIN), OrderStatus::Ready),     // 10 late
            order(Some(15 * MIN), None, OrderStatus::Preparing),           // not timed
            order(None, Some(30 * MIN), OrderStatus::Ready),               // no promise
            order(Some(15 * MIN), Some(60 * MIN), OrderStatus::Cancelled), // cancelled
        ];
        let f = figures(os.iter());
        assert_eq!(f.promised_timed, 3);
        assert_eq!(f.late_against_promise, 2);
        assert!((f.late_against_promise_share - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(f.lateness_median_seconds, Some(300));
        assert_eq!(f.lateness_p90_seconds, Some(600));
        assert_eq!(figures([].iter()).late_against_promise_share, 0.0);
    }

    /// Ready exactly at the promise is kept; a millisecond after it is late.
    #[test]
    fn ready_at_the_promised_instant_is_not_late() {
        let promised = Some(15 * MIN);
        let os = [
            order(promised, Some(15 * MIN), OrderStatus::Ready),
            order(promised, Some(15 * MIN + 1), OrderStatus::Ready),
        ];
        let f = figures(os.iter());
        assert_eq!((f.promised_timed, f.late_against_promise), (2, 1));
        assert_eq!(f.lateness_median_seconds, Some(0));
    }
}
