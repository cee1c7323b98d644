//! The owner's numbers for a period: sales, what sold, coupons, customers,
//! orders per hour and speed of service, computed from plain orders.
//!
//! Pure: the store loads the orders created in the period (and each customer's
//! first order) and [`compute`] does the rest, so every figure is tested without
//! a database. Money is integer minor units in fields ending `_minor`; the struct
//! serialises as `report --json` prints it (CONTRACT.md's fields and more).
//!
//! What the figures mean:
//! - An order belongs to the business day its `created_at` falls in. It is
//!   created when the customer confirms it, so `created_at` is the confirmation
//!   time and "speed of service" is `ready_at − created_at`. An order placed
//!   ahead while closed counts on the day it is for, at the moment it reached
//!   the board (`board_at`, [`Order::kitchen_since`]): that is when the kitchen
//!   made it and the customer paid for it, and its speed is `ready_at − board_at`
//!   (from the confirmation it would read as hours).
//! - Cancelled orders count only in `cancelled` / `cancelled_minor`; every other
//!   figure is over the orders that were not cancelled.
//! - `delivery_fee_minor` sums the delivery fees orders carry (`[delivery]`
//!   config; 0 for pickup), so `net_minor = gross_minor − discount_minor +
//!   delivery_fee_minor`. Per-station times do not exist yet; they will be a
//!   `stations` list beside `fulfilment`.
//! - 86'd items come from `availability_changes` (recorded since that table
//!   exists, by `menu unavailable/available` and the board's 86 panel; a menu
//!   import that changes availability is not recorded).
//! - Percentiles are nearest-rank: the median of 4 values is the 2nd, p90 of 10
//!   values is the 9th. An order is late when it took `kds.late_after_minutes`
//!   or longer, the same rule that turns a ticket red on the board.

pub mod day;
pub(crate) mod eighty_six;
pub(crate) mod promise;
pub mod sums;

use std::collections::{BTreeMap, HashMap};

use jiff::tz::TimeZone;
use serde::Serialize;

pub use day::{DayStart, Period};
pub use eighty_six::{AvailabilityChange, EightySixed, eighty_sixed};

use super::CustomerId;
use super::order::{Fulfilment, Order, OrderStatus};
use super::time::{At, Span};

/// What decides how orders fall into days and which are late. A running shop builds
/// it with `Settings::from_config` (beside the configuration: domain does not read it).
#[derive(Debug, Clone)]
pub struct Settings {
    pub tz: TimeZone,
    pub day_start: DayStart,
    /// `kds.late_after_minutes`: an order this long or longer from its kitchen
    /// time to ready is late.
    pub late_after: crate::domain::time::Span,
}

/// Orders and revenue of one kind of fulfilment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Share {
    pub orders: u64,
    pub net_minor: i64,
}

/// A product's sales: units and what they brought (before order discounts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductSales {
    pub name: String,
    pub quantity: i64,
    pub revenue_minor: i64,
}

/// How often an option was chosen (per unit: 2 × Dürüm "Acılı" is 2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OptionCount {
    pub name: String,
    pub quantity: i64,
}

/// One coupon code's uses and the discount it gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CouponUse {
    pub code: String,
    pub uses: u64,
    pub discount_minor: i64,
}

/// Customers who ordered in the period: first-timers and those seen before.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Customers {
    pub total: u64,
    pub new: u64,
    pub returning: u64,
}

/// Orders placed in one local clock hour (summed over the period's days).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HourCount {
    pub hour: u8,
    pub orders: u64,
}

/// The report for a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    #[serde(serialize_with = "as_string")]
    pub from: jiff::civil::Date,
    #[serde(serialize_with = "as_string")]
    pub to: jiff::civil::Date,
    /// Orders not cancelled.
    pub orders: u64,
    pub cancelled: u64,
    /// What the cancelled orders were worth (their totals).
    pub cancelled_minor: i64,
    /// Sum of subtotals (item prices × quantities).
    pub gross_minor: i64,
    pub discount_minor: i64,
    pub delivery_fee_minor: i64,
    /// Sum of totals: gross − discount + delivery fees.
    pub net_minor: i64,
    /// Net per order, rounded down; 0 without orders.
    pub average_basket_minor: i64,
    pub pickup: Share,
    pub delivery: Share,
    /// By units sold, most first; ties by name.
    pub top_products: Vec<ProductSales>,
    pub top_options: Vec<OptionCount>,
    pub coupons: Vec<CouponUse>,
    pub customers: Customers,
    /// 24 hours, starting at the hour the business day starts in.
    pub by_hour: Vec<HourCount>,
    /// Orders that reached ready (the speed figures are over these).
    pub prep_timed: u64,
    pub prep_median_seconds: Option<i64>,
    pub prep_p90_seconds: Option<i64>,
    pub late: u64,
    /// `late / prep_timed`, 0 when nothing was timed.
    pub late_share: f64,
    /// Products 86'd during the period, longest out first. Filled by the caller
    /// with [`eighty_sixed`], which needs the clock for a day still running.
    pub eighty_sixed: Vec<EightySixed>,
    /// Promised against actual, busy minutes, orders moved by the cap
    /// (`late_against_promise_share`, `busy_minutes`, `orders_moved_by_cap`, …).
    #[serde(flatten)]
    pub pace: promise::PaceFigures,
}

fn as_string<S: serde::Serializer>(d: &jiff::civil::Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

/// The money of one order as the report adds it up.
struct Sale {
    gross: i64,
    discount: i64,
    fee: i64,
    net: i64,
}

impl Sale {
    fn of(o: &Order) -> Sale {
        Sale {
            gross: o.subtotal.minor(),
            discount: o.discount.minor(),
            fee: o.delivery_fee.minor(),
            net: o.total.minor(),
        }
    }
}

/// Nearest-rank percentile of sorted values (`p` in 1..=100).
fn percentile<T: Copy>(sorted: &[T], p: usize) -> Option<T> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (sorted.len() * p).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// Sort by quantity (most first), then name, and keep `limit`.
/// The best-selling products and most asked-for options, from their counts by name.
fn set_tops(r: &mut Report, products: HashMap<&str, (i64, i64)>, options: HashMap<&str, i64>) {
    r.top_products = ranked(
        products
            .into_iter()
            .map(|(name, (quantity, revenue_minor))| ProductSales {
                name: name.to_string(),
                quantity,
                revenue_minor,
            })
            .collect(),
        |p| (p.quantity, &p.name),
        TOP,
    );
    r.top_options = ranked(
        options
            .into_iter()
            .map(|(name, quantity)| OptionCount {
                name: name.to_string(),
                quantity,
            })
            .collect(),
        |p| (p.quantity, &p.name),
        TOP,
    );
}

fn ranked<T>(mut v: Vec<T>, key: impl Fn(&T) -> (i64, &str), limit: usize) -> Vec<T> {
    v.sort_by(|a, b| {
        let (qa, na) = key(a);
        let (qb, nb) = key(b);
        qb.cmp(&qa).then_with(|| na.cmp(nb))
    });
    v.truncate(limit);
    v
}

/// How many products and options the report lists.
pub(crate) const TOP: usize = 10;

/// A report of `period` with nothing counted yet.
fn blank(period: Period) -> Report {
    Report {
        from: period.from,
        to: period.to,
        orders: 0,
        cancelled: 0,
        cancelled_minor: 0,
        gross_minor: 0,
        discount_minor: 0,
        delivery_fee_minor: 0,
        net_minor: 0,
        average_basket_minor: 0,
        pickup: Share::default(),
        delivery: Share::default(),
        top_products: Vec::new(),
        top_options: Vec::new(),
        coupons: Vec::new(),
        customers: Customers::default(),
        by_hour: Vec::new(),
        prep_timed: 0,
        prep_median_seconds: None,
        prep_p90_seconds: None,
        late: 0,
        late_share: 0.0,
        eighty_sixed: Vec::new(),
        pace: promise::PaceFigures::default(),
    }
}

/// The 24 hour counts (index = local hour) as the chart lists them: from the
/// hour the business day starts in.
fn hour_chart(hours: &[u64; 24], set: &Settings) -> Vec<HourCount> {
    let first_hour = usize::from(set.day_start.hour());
    (0..24)
        .map(|i| (first_hour + i) % 24)
        .map(|h| HourCount {
            hour: u8::try_from(h).unwrap_or(0),
            orders: hours[h],
        })
        .collect()
}

/// The report over `orders` (those created in `period`; others are ignored).
/// `first_order_at` maps a customer's phone to the time of their first order
/// that was not cancelled, ever; a customer missing from it counts as new.
pub fn compute(
    orders: &[Order],
    first_order_at: &HashMap<CustomerId, i64>,
    period: Period,
    set: &Settings,
) -> Report {
    let (start, end) = period.bounds(&set.tz, set.day_start);
    let in_period = || {
        orders
            .iter()
            .filter(move |o| (start..end).contains(&o.kitchen_since()))
    };
    let mut r = blank(period);
    let mut tally = Tally::default();
    for o in in_period() {
        let sale = Sale::of(o);
        if o.status == OrderStatus::Cancelled {
            r.cancelled += 1;
            r.cancelled_minor += sale.net;
            continue;
        }
        add_sale(&mut r, o.fulfilment, 1, &sale);
        tally.add(o, sale.discount, first_order_at, start, set);
    }
    set_average_basket(&mut r);
    set_tops(&mut r, tally.products, tally.options);
    r.coupons = coupon_uses(tally.coupons);
    r.customers.total = tally.customers.len() as u64;
    r.customers.returning = tally.customers.values().filter(|&&seen| seen).count() as u64;
    r.customers.new = r.customers.total - r.customers.returning;
    r.by_hour = hour_chart(&tally.hours, set);
    set_prep(&mut r, tally.prep, set);
    r.pace = promise::figures(in_period());
    r
}

/// What [`compute`] counts per order not cancelled, by name, code, customer,
/// hour and preparation time, before it becomes the report's figures.
#[derive(Default)]
struct Tally<'a> {
    /// Quantity and revenue per product name.
    products: HashMap<&'a str, (i64, i64)>,
    /// Quantity per option name.
    options: HashMap<&'a str, i64>,
    /// Uses and discount per coupon code.
    coupons: BTreeMap<&'a str, (u64, i64)>,
    /// Per customer: whether their first order came before the period.
    customers: HashMap<&'a str, bool>,
    hours: [u64; 24],
    /// Ready − kitchen time of the orders that reached ready.
    prep: Vec<Span>,
}

impl<'a> Tally<'a> {
    fn add(
        &mut self,
        o: &'a Order,
        discount: i64,
        first_order_at: &HashMap<CustomerId, i64>,
        start: At,
        set: &Settings,
    ) {
        for it in &o.items {
            let p = self.products.entry(it.name.as_str()).or_default();
            p.0 += it.quantity;
            p.1 += it.line_total().minor();
            for opt in &it.options {
                *self.options.entry(opt.as_str()).or_default() += it.quantity;
            }
        }
        if let Some(code) = o.coupon.as_deref() {
            let c = self.coupons.entry(code).or_default();
            c.0 += 1;
            c.1 += discount;
        }
        let first = first_order_at.get(&o.customer_phone).copied();
        self.customers.insert(
            &o.customer_phone,
            first.is_some_and(|t| t < start.as_millis()),
        );
        self.hours[usize::from(day::local_hour(o.kitchen_since(), &set.tz))] += 1;
        if let Some(ready) = o.status_times.ready_at {
            self.prep.push(ready - o.kitchen_since());
        }
    }
}

/// `orders` orders (not cancelled) of `fulfilment` with the money of `sale`
/// added to the totals and to the fulfilment's share.
fn add_sale(r: &mut Report, fulfilment: Fulfilment, orders: u64, sale: &Sale) {
    r.orders += orders;
    r.gross_minor += sale.gross;
    r.discount_minor += sale.discount;
    r.delivery_fee_minor += sale.fee;
    r.net_minor += sale.net;
    let share = match fulfilment {
        Fulfilment::Pickup => &mut r.pickup,
        Fulfilment::Delivery => &mut r.delivery,
    };
    share.orders += orders;
    share.net_minor += sale.net;
}

/// The net per order (0 without orders).
fn set_average_basket(r: &mut Report) {
    r.average_basket_minor = if r.orders == 0 {
        0
    } else {
        r.net_minor / i64::try_from(r.orders).unwrap_or(i64::MAX)
    };
}

/// The coupons' uses and discounts, by code.
fn coupon_uses(coupons: BTreeMap<&str, (u64, i64)>) -> Vec<CouponUse> {
    coupons
        .into_iter()
        .map(|(code, (uses, discount_minor))| CouponUse {
            code: code.to_string(),
            uses,
            discount_minor,
        })
        .collect()
}

/// The preparation figures from each timed order's ready − kitchen time (ms).
fn set_prep(r: &mut Report, mut prep: Vec<Span>, set: &Settings) {
    prep.sort_unstable();
    r.prep_timed = prep.len() as u64;
    r.prep_median_seconds = percentile(&prep, 50).map(Span::whole_seconds);
    r.prep_p90_seconds = percentile(&prep, 90).map(Span::whole_seconds);
    r.late = prep.iter().filter(|&&p| p >= set.late_after).count() as u64;
    if r.prep_timed > 0 {
        r.late_share = r.late as f64 / r.prep_timed as f64;
    }
}

/// One report per business day of the period (for `report --csv`).
#[cfg(test)]
pub(crate) fn per_day(
    orders: &[Order],
    first_order_at: &HashMap<CustomerId, i64>,
    period: Period,
    set: &Settings,
) -> Vec<Report> {
    each_day(orders, first_order_at, period, set).collect()
}

/// [`per_day`] one day at a time: a long range is written out as it is
/// computed, never held whole.
pub(crate) fn each_day<'a>(
    orders: &[Order],
    first_order_at: &'a HashMap<CustomerId, i64>,
    period: Period,
    set: &'a Settings,
) -> impl Iterator<Item = Report> + 'a {
    let mut by_date: BTreeMap<jiff::civil::Date, Vec<Order>> = BTreeMap::new();
    for o in orders {
        by_date
            .entry(day::business_date(
                o.kitchen_since(),
                &set.tz,
                set.day_start,
            ))
            .or_default()
            .push(o.clone());
    }
    period.each_date().map(move |d| {
        let day_orders = by_date.remove(&d).unwrap_or_default();
        compute(&day_orders, first_order_at, Period::day(d), set)
    })
}

/// The few figures the kitchen display's "today" panel shows. Counts rather
/// than a share, so the board's state stays `Eq`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Glance {
    pub orders: u64,
    pub cancelled: u64,
    pub net_minor: i64,
    pub prep_median_seconds: Option<i64>,
    pub prep_p90_seconds: Option<i64>,
    /// Orders that reached ready, and how many of them were late.
    pub prep_timed: u64,
    pub late: u64,
}

impl Glance {
    /// `late / prep_timed` (0 when nothing was timed), as `report` computes it.
    pub(crate) fn late_share(&self) -> f64 {
        if self.prep_timed == 0 {
            0.0
        } else {
            self.late as f64 / self.prep_timed as f64
        }
    }
}

impl From<&Report> for Glance {
    fn from(r: &Report) -> Glance {
        Glance {
            orders: r.orders,
            cancelled: r.cancelled,
            net_minor: r.net_minor,
            prep_median_seconds: r.prep_median_seconds,
            prep_p90_seconds: r.prep_p90_seconds,
            prep_timed: r.prep_timed,
            late: r.late,
        }
    }
}

#[cfg(test)]
mod tests;
