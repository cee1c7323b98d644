//! The report from sums the database added up, instead of from every order.
//!
//! A month of a busy shop is 100,000 orders; reading each with its lines took
//! longer than the owner waits. The store groups and sums in SQL (see
//! `store::report::sums`) and hands back [`Sums`]: a few rows per kind of order,
//! per coupon, per product line, and counts by second of preparation time and by
//! local hour. [`from_sums`] turns them into the same [`Report`] that
//! [`super::compute`] makes from whole orders, figure for figure (a test on both
//! backends holds the two to each other).
//!
//! Why the sums are enough:
//! - percentiles are nearest-rank over milliseconds, then cut to whole seconds;
//!   cutting (towards zero) keeps the order, so the rank-th value of the values
//!   counted by second is the rank-th value cut to seconds;
//! - an instant's local hour is `(instant + offset) / 1h mod 24` while the zone's
//!   offset holds, so the store counts orders per hour within each stretch of one
//!   offset ([`offset_spans`]);
//! - a product's options are counted per unit, so lines grouped by (name, options)
//!   give every product's and every option's count.

use std::collections::{BTreeMap, HashMap};

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::{Period, Report, Sale, Settings, add_sale, promise, set_tops};
use crate::domain::order::Fulfilment;
use crate::domain::time::{At, Span};

/// The money and timing of the orders of one kind (cancelled or not, pickup or delivery).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KindSums {
    pub cancelled: bool,
    pub fulfilment: Option<Fulfilment>,
    pub orders: u64,
    pub gross_minor: i64,
    pub discount_minor: i64,
    pub delivery_fee_minor: i64,
    pub net_minor: i64,
    /// Orders that reached ready, and of those the ones that took
    /// `late_after` or longer from their kitchen time.
    pub prep_timed: u64,
    pub late: u64,
    /// Orders with a promise that reached ready, and of those the ones ready after it.
    pub promised_timed: u64,
    pub late_against_promise: u64,
    /// Orders the cap moved to a later slot.
    pub moved_by_cap: u64,
}

/// Order lines with the same product name and options, summed (orders not cancelled).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineSums {
    pub name: String,
    pub options: Vec<String>,
    pub quantity: i64,
    pub revenue_minor: i64,
}

/// What the store adds up for a period's orders (those whose kitchen time —
/// board time if ordered ahead, else creation — falls in the period).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sums {
    pub kinds: Vec<KindSums>,
    /// Per coupon code (orders not cancelled): uses and discount given.
    pub coupons: Vec<(String, u64, i64)>,
    pub lines: Vec<LineSums>,
    /// Distinct customers of the orders not cancelled, and how many of them
    /// count as returning (see `store::report::sums` for the rule).
    pub customers: u64,
    pub returning: u64,
    /// Orders not cancelled per local clock hour (index = hour).
    pub hours: [u64; 24],
    /// Ready − kitchen time, in whole seconds cut towards zero, with how many orders took it.
    pub prep_seconds: Vec<(i64, u64)>,
    /// Ready − promised, in whole seconds cut towards zero, with how many orders.
    pub lateness_seconds: Vec<(i64, u64)>,
}

impl Sums {
    /// Orders not cancelled that the cap moved to a later slot.
    pub fn moved_by_cap(&self) -> u64 {
        self.kinds
            .iter()
            .filter(|k| !k.cancelled)
            .map(|k| k.moved_by_cap)
            .sum()
    }
}

/// One stretch of time in which the zone's offset from UTC holds: `[from, to)`
/// in unix ms and the offset in ms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OffsetSpan {
    pub from: i64,
    pub to: i64,
    pub offset_ms: i64,
}

/// The stretches of one offset that cover `[start, end)`, in order (one for a
/// period without a clock change, one more per change).
pub fn offset_spans(start: At, end: At, tz: &TimeZone) -> Vec<OffsetSpan> {
    let (start, end) = (start.as_millis(), end.as_millis());
    let (Ok(s), true) = (Timestamp::from_millisecond(start), start < end) else {
        return Vec::new();
    };
    let mut spans = Vec::new();
    let mut from = start;
    let mut offset_ms = Span::seconds(i64::from(tz.to_offset(s).seconds())).as_millis();
    for t in tz.following(s) {
        let at = t.timestamp().as_millisecond();
        if at >= end {
            break;
        }
        if at > from {
            spans.push(OffsetSpan {
                from,
                to: at,
                offset_ms,
            });
            from = at;
        }
        offset_ms = Span::seconds(i64::from(t.offset().seconds())).as_millis();
    }
    spans.push(OffsetSpan {
        from,
        to: end,
        offset_ms,
    });
    spans
}

/// The local hour (0–23) of instant `ms` under `offset_ms`, as the store's
/// hour query computes it: `((ms + offset) / 1h) mod 24`.
#[cfg(test)]
pub(crate) fn hour_at(ms: i64, offset_ms: i64) -> u8 {
    u8::try_from((ms + offset_ms).div_euclid(3_600_000).rem_euclid(24)).unwrap_or(0)
}

/// Nearest-rank percentile of values given as (value, count), any order.
fn percentile_of_counts(counts: &[(i64, u64)], p: usize) -> Option<i64> {
    let mut sorted: Vec<(i64, u64)> = counts.iter().copied().filter(|c| c.1 > 0).collect();
    sorted.sort_unstable();
    let n: u64 = sorted.iter().map(|c| c.1).sum();
    if n == 0 {
        return None;
    }
    let rank = (n * p as u64).div_ceil(100).max(1);
    let mut seen = 0;
    for (v, c) in sorted {
        seen += c;
        if seen >= rank {
            return Some(v);
        }
    }
    None
}

/// The report of `period` from the store's sums; the same figures as
/// [`super::compute`] over the period's orders. `eighty_sixed` and the busy
/// figures are left to the caller, as there ([`Sums::moved_by_cap`] gives
/// `pace.orders_moved_by_cap` without another read).
pub fn from_sums(s: &Sums, period: Period, set: &Settings) -> Report {
    let mut r = super::blank(period);
    let timed = add_kinds(&mut r, &s.kinds);
    super::set_average_basket(&mut r);
    set_line_tops(&mut r, &s.lines);
    let mut coupons: BTreeMap<&str, (u64, i64)> = BTreeMap::new();
    for (code, uses, discount) in &s.coupons {
        let c = coupons.entry(code.as_str()).or_default();
        c.0 += uses;
        c.1 += discount;
    }
    r.coupons = super::coupon_uses(coupons);
    r.customers.total = s.customers;
    r.customers.returning = s.returning;
    r.customers.new = s.customers - s.returning.min(s.customers);
    r.by_hour = super::hour_chart(&s.hours, set);
    r.prep_timed = timed.prep_timed;
    r.prep_median_seconds = percentile_of_counts(&s.prep_seconds, 50);
    r.prep_p90_seconds = percentile_of_counts(&s.prep_seconds, 90);
    r.late = timed.late;
    if r.prep_timed > 0 {
        r.late_share = r.late as f64 / r.prep_timed as f64;
    }
    r.pace = pace_figures(s, &timed);
    r
}

/// Each kind's orders and money added to the report (cancelled ones apart);
/// back come the timing counts of the orders not cancelled, summed.
fn add_kinds(r: &mut Report, kinds: &[KindSums]) -> KindSums {
    let mut timed = KindSums::default();
    for k in kinds {
        if k.cancelled {
            r.cancelled += k.orders;
            r.cancelled_minor += k.net_minor;
            continue;
        }
        let sale = Sale {
            gross: k.gross_minor,
            discount: k.discount_minor,
            fee: k.delivery_fee_minor,
            net: k.net_minor,
        };
        add_sale(
            r,
            k.fulfilment.unwrap_or(Fulfilment::Pickup),
            k.orders,
            &sale,
        );
        timed.prep_timed += k.prep_timed;
        timed.late += k.late;
        timed.promised_timed += k.promised_timed;
        timed.late_against_promise += k.late_against_promise;
    }
    timed
}

/// The best-selling products and most asked-for options from the summed lines.
fn set_line_tops(r: &mut Report, lines: &[LineSums]) {
    let mut products: HashMap<&str, (i64, i64)> = HashMap::new();
    let mut options: HashMap<&str, i64> = HashMap::new();
    for l in lines {
        let p = products.entry(l.name.as_str()).or_default();
        p.0 += l.quantity;
        p.1 += l.revenue_minor;
        for opt in &l.options {
            *options.entry(opt.as_str()).or_default() += l.quantity;
        }
    }
    set_tops(r, products, options);
}

/// The promise figures from the summed timing counts and the lateness counts.
fn pace_figures(s: &Sums, timed: &KindSums) -> promise::PaceFigures {
    let mut pace = promise::PaceFigures {
        promised_timed: timed.promised_timed,
        late_against_promise: timed.late_against_promise,
        lateness_median_seconds: percentile_of_counts(&s.lateness_seconds, 50),
        lateness_p90_seconds: percentile_of_counts(&s.lateness_seconds, 90),
        ..promise::PaceFigures::default()
    };
    if pace.promised_timed > 0 {
        #[allow(clippy::cast_precision_loss)]
        let share = pace.late_against_promise as f64 / pace.promised_timed as f64;
        pace.late_against_promise_share = share;
    }
    pace
}

/// A period's sums made from whole orders, as the store would add them up: what
/// the tests hold the store's SQL to, and the reference for [`from_sums`].
/// Orders do not say whether the cap moved them: `moved_by_cap` stays 0.
#[cfg(test)]
pub(crate) fn sums_of(
    orders: &[crate::domain::order::Order],
    first_order_at: &HashMap<crate::domain::CustomerId, i64>,
    period: Period,
    set: &Settings,
) -> Sums {
    use crate::domain::order::OrderStatus;
    let (start, end) = period.bounds(&set.tz, set.day_start);
    let spans = offset_spans(start, end, &set.tz);
    let mut kinds: BTreeMap<(bool, &str), KindSums> = BTreeMap::new();
    let mut counts = Counts::default();
    for o in orders
        .iter()
        .filter(|o| (start..end).contains(&o.kitchen_since()))
    {
        let cancelled = o.status == OrderStatus::Cancelled;
        let k = kinds
            .entry((cancelled, o.fulfilment.as_str()))
            .or_insert_with(|| KindSums {
                cancelled,
                fulfilment: Some(o.fulfilment),
                ..KindSums::default()
            });
        add_to_kind(k, o, set.late_after);
        if !cancelled {
            counts.add(o, first_order_at, start, &spans);
        }
    }
    let mut s = counts.into_sums();
    s.kinds = kinds.into_values().collect();
    s
}

/// One order's money and timing added to the sums of its kind.
#[cfg(test)]
fn add_to_kind(k: &mut KindSums, o: &crate::domain::order::Order, late_after: Span) {
    k.orders += 1;
    k.gross_minor += o.subtotal.minor();
    k.discount_minor += o.discount.minor();
    k.delivery_fee_minor += o.delivery_fee.minor();
    k.net_minor += o.total.minor();
    if let Some(ready) = o.status_times.ready_at {
        k.prep_timed += 1;
        k.late += u64::from(ready - o.kitchen_since() >= late_after);
    }
    if let Some(l) = crate::domain::pace::lateness(o.promised_at, o.status_times.ready_at) {
        k.promised_timed += 1;
        k.late_against_promise += u64::from(l > Span::ZERO);
    }
}

/// What [`sums_of`] counts over the orders not cancelled, keyed as the store
/// groups them, before it becomes [`Sums`].
#[derive(Default)]
#[cfg(test)]
struct Counts<'a> {
    coupons: BTreeMap<&'a str, (u64, i64)>,
    lines: BTreeMap<(&'a str, Vec<String>), (i64, i64)>,
    customers: HashMap<&'a str, bool>,
    hours: [u64; 24],
    prep: BTreeMap<i64, u64>,
    lateness: BTreeMap<i64, u64>,
}

#[cfg(test)]
impl<'a> Counts<'a> {
    fn add(
        &mut self,
        o: &'a crate::domain::order::Order,
        first_order_at: &HashMap<crate::domain::CustomerId, i64>,
        start: At,
        spans: &[OffsetSpan],
    ) {
        let since = o.kitchen_since().as_millis();
        if let Some(ready) = o.status_times.ready_at {
            let prep = ready - o.kitchen_since();
            *self.prep.entry(prep.whole_seconds()).or_default() += 1;
        }
        if let Some(l) = crate::domain::pace::lateness(o.promised_at, o.status_times.ready_at) {
            *self.lateness.entry(l.whole_seconds()).or_default() += 1;
        }
        if let Some(code) = o.coupon.as_deref() {
            let c = self.coupons.entry(code).or_default();
            c.0 += 1;
            c.1 += o.discount.minor();
        }
        for it in &o.items {
            let l = self
                .lines
                .entry((it.name.as_str(), it.options.clone()))
                .or_default();
            l.0 += it.quantity;
            l.1 += it.line_total().minor();
        }
        let first = first_order_at.get(&o.customer_phone).copied();
        self.customers.insert(
            o.customer_phone.as_str(),
            first.is_some_and(|t| t < start.as_millis()),
        );
        if let Some(span) = spans.iter().find(|sp| (sp.from..sp.to).contains(&since)) {
            self.hours[usize::from(hour_at(since, span.offset_ms))] += 1;
        }
    }

    /// The counts as the store hands them back (without the kinds).
    fn into_sums(self) -> Sums {
        Sums {
            kinds: Vec::new(),
            coupons: self
                .coupons
                .into_iter()
                .map(|(c, (n, d))| (c.to_string(), n, d))
                .collect(),
            lines: self
                .lines
                .into_iter()
                .map(|((name, options), (quantity, revenue_minor))| LineSums {
                    name: name.to_string(),
                    options,
                    quantity,
                    revenue_minor,
                })
                .collect(),
            customers: self.customers.len() as u64,
            returning: self.customers.values().filter(|&&r| r).count() as u64,
            hours: self.hours,
            prep_seconds: self.prep.into_iter().collect(),
            lateness_seconds: self.lateness.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::percentile;
    use super::*;

    fn ms(s: &str) -> i64 {
        s.parse::<Timestamp>().expect("ts").as_millisecond()
    }

    #[test]
    fn spans_split_at_a_clock_change_and_hours_agree_with_the_zone() {
        let tz = TimeZone::get("Europe/Berlin").expect("tz");
        let (start, end) = (ms("2026-03-28T04:00:00Z"), ms("2026-03-30T03:00:00Z"));
        let spans = offset_spans(At::from_millis(start), At::from_millis(end), &tz);
        assert_eq!(spans.len(), 2, "{spans:?}");
        assert_eq!(spans[0].to, ms("2026-03-29T01:00:00Z"));
        assert_eq!(
            (spans[0].offset_ms, spans[1].offset_ms),
            (3_600_000, 7_200_000)
        );
        let mut t = start;
        while t < end {
            let sp = spans
                .iter()
                .find(|s| (s.from..s.to).contains(&t))
                .expect("covered");
            assert_eq!(
                hour_at(t, sp.offset_ms),
                super::super::day::local_hour(At::from_millis(t), &tz),
                "{t}"
            );
            t += 7 * 60_000;
        }
        // half-hour zones and a period without a change
        let india = TimeZone::get("Asia/Kolkata").expect("tz");
        let one = offset_spans(At::from_millis(start), At::from_millis(end), &india);
        assert_eq!(one.len(), 1);
        let t = ms("2026-03-28T04:29:59Z"); // 09:59:59 local
        assert_eq!(hour_at(t, one[0].offset_ms), 9);
        assert_eq!(hour_at(t + 1000, one[0].offset_ms), 10);
        assert!(offset_spans(At::from_millis(end), At::from_millis(start), &tz).is_empty());
    }

    #[test]
    fn percentiles_of_counted_values_are_those_of_the_values() {
        let values = [5, -3, 7, 7, 9, 1, 1, 1, 12, 40, 2];
        let mut sorted = values.to_vec();
        sorted.sort_unstable();
        let mut counts: BTreeMap<i64, u64> = BTreeMap::new();
        for v in values {
            *counts.entry(v).or_default() += 1;
        }
        let counts: Vec<(i64, u64)> = counts.into_iter().rev().collect();
        for p in [1, 10, 50, 90, 99, 100] {
            assert_eq!(
                percentile_of_counts(&counts, p),
                percentile(&sorted, p),
                "p{p}"
            );
        }
        assert_eq!(percentile_of_counts(&[], 50), None);
    }
}
