//! The report as a page for a terminal: sections of aligned figures and the
//! orders per hour as a bar chart drawn with block characters.

use std::fmt::Write as _;

use super::super::Table;
use crate::domain::Money;
use crate::domain::report::{HourCount, Report, Settings};

/// The widest bar of the hour chart, in cells.
const BAR_W: u64 = 40;

/// The whole page. `zone` names the time zone the days follow.
pub fn render(r: &Report, set: &Settings, currency: &str, zone: &str) -> String {
    let m = |minor: i64| Money::from_minor(minor).display(currency);
    let mut o = title(r, set, zone);
    if r.orders == 0 && r.cancelled == 0 {
        let _ = writeln!(o, "No orders in this period.");
        return o;
    }
    section(&mut o, Some(sales(r, &m)));
    speed(&mut o, r, set);
    section(&mut o, top_products(r, &m));
    section(&mut o, top_options(r));
    section(&mut o, coupons(r, &m));
    let c = &r.customers;
    let _ = writeln!(
        o,
        "Customers: {} ({} new, {} returning)\n",
        c.total, c.new, c.returning
    );
    section(&mut o, eighty_sixed(r));
    let _ = writeln!(o, "Orders per hour");
    o.push_str(&hour_chart(&r.by_hour));
    let _ = writeln!(
        o,
        "\nNot in this report yet: payment methods and per-station times (not recorded yet)."
    );
    o
}

/// "Report for … (days from hh:mm, zone)" and a blank line.
fn title(r: &Report, set: &Settings, zone: &str) -> String {
    let days = if r.from == r.to {
        r.from.to_string()
    } else {
        format!("{} to {}", r.from, r.to)
    };
    let ds = set.day_start.minutes();
    format!(
        "Report for {days} (days from {:02}:{:02}, {zone})\n\n",
        ds / 60,
        ds % 60
    )
}

/// A table and a blank line after it; nothing for a section with nothing to show.
fn section(o: &mut String, t: Option<Table>) {
    if let Some(t) = t {
        o.push_str(&t.render());
        o.push('\n');
    }
}

/// Orders, money in and out, cancelled, pickup and delivery.
fn sales(r: &Report, m: &impl Fn(i64) -> String) -> Table {
    let mut t = Table::new(&["SALES", ""]).right(&[1]);
    t.row(vec!["Orders".into(), r.orders.to_string()]);
    t.row(vec!["Gross".into(), m(r.gross_minor)]);
    t.row(vec!["Discounts".into(), m(-r.discount_minor)]);
    t.row(vec!["Delivery fees".into(), m(r.delivery_fee_minor)]);
    t.row(vec!["Net".into(), m(r.net_minor)]);
    t.row(vec!["Average basket".into(), m(r.average_basket_minor)]);
    t.row(vec![
        format!("Cancelled ({})", r.cancelled),
        m(r.cancelled_minor),
    ]);
    t.row(vec![
        format!("Pickup ({})", r.pickup.orders),
        m(r.pickup.net_minor),
    ]);
    t.row(vec![
        format!("Delivery ({})", r.delivery.orders),
        m(r.delivery.net_minor),
    ]);
    t
}

fn top_products(r: &Report, m: &impl Fn(i64) -> String) -> Option<Table> {
    if r.top_products.is_empty() {
        return None;
    }
    let mut t = Table::new(&["TOP PRODUCTS", "QTY", "REVENUE"]).right(&[1, 2]);
    for p in &r.top_products {
        t.row(vec![
            p.name.clone(),
            p.quantity.to_string(),
            m(p.revenue_minor),
        ]);
    }
    Some(t)
}

fn top_options(r: &Report) -> Option<Table> {
    if r.top_options.is_empty() {
        return None;
    }
    let mut t = Table::new(&["OPTIONS CHOSEN", "QTY"]).right(&[1]);
    for p in &r.top_options {
        t.row(vec![p.name.clone(), p.quantity.to_string()]);
    }
    Some(t)
}

fn coupons(r: &Report, m: &impl Fn(i64) -> String) -> Option<Table> {
    if r.coupons.is_empty() {
        return None;
    }
    let mut t = Table::new(&["COUPON", "USES", "DISCOUNT"]).right(&[1, 2]);
    for c in &r.coupons {
        t.row(vec![
            c.code.clone(),
            c.uses.to_string(),
            m(c.discount_minor),
        ]);
    }
    Some(t)
}

/// Items marked out of stock: how often and for how long.
fn eighty_sixed(r: &Report) -> Option<Table> {
    if r.eighty_sixed.is_empty() {
        return None;
    }
    let mut t = Table::new(&["86'D", "TIMES", "OUT"]).right(&[1, 2]);
    for e in &r.eighty_sixed {
        let out = format!(
            "{}:{:02} h{}",
            e.minutes_out / 60,
            e.minutes_out % 60,
            if e.still_out { ", still out" } else { "" }
        );
        t.row(vec![e.name.clone(), e.times.to_string(), out]);
    }
    Some(t)
}

fn mmss(secs: i64) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

fn speed(o: &mut String, r: &Report, set: &Settings) {
    let _ = writeln!(o, "Speed of service (confirmed → ready)");
    match (r.prep_median_seconds, r.prep_p90_seconds) {
        (Some(med), Some(p90)) => {
            let _ = writeln!(
                o,
                "  {} orders timed: median {}, 90% within {}, {} late (≥ {} min) = {:.0}%\n",
                r.prep_timed,
                mmss(med),
                mmss(p90),
                r.late,
                set.late_after.whole_minutes(),
                r.late_share * 100.0
            );
        }
        _ => {
            let _ = writeln!(o, "  no order reached ready yet\n");
        }
    }
    promised(o, r);
}

/// Promised against actual, busy mode and the cap.
fn promised(o: &mut String, r: &Report) {
    let p = &r.pace;
    let _ = writeln!(o, "Promised vs actual (ready time told to the customer)");
    match (p.lateness_median_seconds, p.lateness_p90_seconds) {
        (Some(med), Some(p90)) => {
            let signed = |s: i64| {
                if s < 0 {
                    format!("{} early", mmss(-s))
                } else {
                    format!("{} late", mmss(s))
                }
            };
            let _ = writeln!(
                o,
                "  {} orders: median {}, 90% within {}; {} past their promise = {:.0}%",
                p.promised_timed,
                signed(med),
                signed(p90),
                p.late_against_promise,
                p.late_against_promise_share * 100.0
            );
        }
        _ => {
            let _ = writeln!(o, "  no promised order reached ready yet");
        }
    }
    let _ = writeln!(
        o,
        "  busy mode on {} min; {} orders moved to a later slot by the cap\n",
        p.busy_minutes, p.orders_moved_by_cap
    );
}

/// One line per hour from the first busy hour to the last, in business-day
/// order (05, 06, … 23, 00, … 04): `12 ████████ 8`.
pub fn hour_chart(hours: &[HourCount]) -> String {
    let first = hours.iter().position(|h| h.orders > 0);
    let last = hours.iter().rposition(|h| h.orders > 0);
    let (Some(first), Some(last)) = (first, last) else {
        return "  (none)\n".into();
    };
    let max = hours.iter().map(|h| h.orders).max().unwrap_or(1).max(1);
    let mut o = String::new();
    for h in &hours[first..=last] {
        let w = if h.orders == 0 {
            0
        } else {
            (h.orders * BAR_W).div_ceil(max).max(1)
        };
        let bar = "█".repeat(usize::try_from(w).unwrap_or(0));
        let count = if h.orders == 0 {
            String::new()
        } else {
            format!(" {}", h.orders)
        };
        let _ = writeln!(o, "  {:02} {bar}{count}", h.hour);
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hc(hour: u8, orders: u64) -> HourCount {
        HourCount { hour, orders }
    }

    #[test]
    fn the_chart_spans_the_busy_hours_and_scales_to_the_peak() {
        let hours = vec![
            hc(5, 0),
            hc(6, 0),
            hc(11, 2),
            hc(12, 0),
            hc(13, 8),
            hc(0, 1),
            hc(1, 0),
        ];
        let chart = hour_chart(&hours);
        let lines: Vec<&str> = chart.lines().collect();
        assert_eq!(lines.len(), 4, "{chart}");
        assert_eq!(lines[0], format!("  11 {} 2", "█".repeat(10)));
        assert_eq!(lines[1], "  12 ");
        assert_eq!(lines[2], format!("  13 {} 8", "█".repeat(40)));
        assert_eq!(lines[3], "  00 █████ 1");
    }

    #[test]
    fn no_busy_hour_no_bars() {
        assert_eq!(hour_chart(&[hc(5, 0)]), "  (none)\n");
    }
}
