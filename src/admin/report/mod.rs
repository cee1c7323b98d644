//! `maydanoz report` and `maydanoz orders export`: read a period's orders from
//! the store, let `domain::report` add them up, print a page, JSON or CSV.

mod export;
mod page;

pub use export::export;

use std::io::Write as _;

use anyhow::Context as _;

use super::csv::{Cell, Csv, money};
use super::{Admin, user};
use crate::cli::ReportArgs;
use crate::domain::report::{self, Period, Report, Settings, day};
use crate::store::report::{ReportData, load};

/// How the report sees days and lateness under this configuration.
pub fn settings(a: &Admin) -> Settings {
    Settings::from_config(&a.cfg)
}

fn date(s: &str) -> anyhow::Result<jiff::civil::Date> {
    day::parse_date(s).map_err(|e| user(e.to_string()))
}

/// `--from A --to B` (both included) as a period; an inverted range is the person's mistake.
pub fn period_of(from: &str, to: &str) -> anyhow::Result<Period> {
    Period::new(date(from)?, date(to)?).map_err(|e| user(e.to_string()))
}

/// The longest `--from … --to …` range without `--all`: a year, leap day included.
pub const MAX_DAYS: i64 = 366;

fn period(args: &ReportArgs, set: &Settings) -> anyhow::Result<Period> {
    match (&args.day, &args.from, &args.to) {
        (Some(d), _, _) => Ok(Period::day(date(d)?)),
        (None, Some(f), Some(t)) => {
            let p = period_of(f, t)?;
            if p.len_days() > MAX_DAYS && !args.all {
                return Err(user(format!(
                    "--from {f} --to {t} is {} days; a report covers at most {MAX_DAYS} at once (add --all for more)",
                    p.len_days()
                )));
            }
            Ok(p)
        }
        _ => Ok(Period::day(day::business_date(
            crate::clock::now(),
            &set.tz,
            set.day_start,
        ))),
    }
}

/// The orders of `p` and their customers' first orders.
pub async fn data(a: &Admin, p: Period, set: &Settings) -> anyhow::Result<ReportData> {
    let (start, end) = p.bounds(&set.tz, set.day_start);
    let mut reader = a.db.read().await?;
    let mut d = load(&mut reader.exec(), start, end)
        .await
        .context("cannot read the orders")?;
    // an order placed ahead belongs to the period of its board time (docs/order-ahead.md)
    d.orders
        .retain(|o| (start..end).contains(&o.kitchen_since()));
    Ok(d)
}

/// The report of `p` from sums the database adds up: a month of orders is a
/// few hundred rows read, not every order with its lines. The same figures as
/// `report::compute` over [`data`]'s orders, and `pace.orders_moved_by_cap`.
pub async fn summed(a: &Admin, p: Period, set: &Settings) -> anyhow::Result<Report> {
    let (start, end) = p.bounds(&set.tz, set.day_start);
    let spans = report::sums::offset_spans(start, end, &set.tz);
    let mut reader = a.db.read().await?;
    let s = crate::store::report::sums(&mut reader.exec(), start, end, set.late_after, &spans)
        .await
        .context("cannot add up the orders")?;
    let mut r = report::sums::from_sums(&s, p, set);
    r.pace.orders_moved_by_cap = s.moved_by_cap();
    Ok(r)
}

/// Everything `report` prints for `p`: the figures, and with `per_day` (the
/// CSV, a row per day added up from that day's orders) every order of the
/// period, read whole.
pub async fn figures(
    a: &Admin,
    p: Period,
    set: &Settings,
    per_day: bool,
) -> anyhow::Result<(Report, Option<ReportData>)> {
    let (start, end) = p.bounds(&set.tz, set.day_start);
    let mut d = None;
    let mut r = if per_day {
        let read = data(a, p, set).await?;
        let mut r = report::compute(&read.orders, &read.first_order_at, p, set);
        let mut reader = a.db.read().await?;
        r.pace.orders_moved_by_cap =
            crate::store::pace::moved_by_cap(&mut reader.exec(), start, end).await?;
        d = Some(read);
        r
    } else {
        summed(a, p, set).await?
    };
    let mut reader = a.db.read().await?;
    let availability = crate::store::report::availability_before(&mut reader.exec(), end).await?;
    let now = crate::clock::now();
    r.eighty_sixed = report::eighty_sixed(&availability, start, end.min(now.max(start)));
    r.pace.busy_minutes =
        crate::store::pace::busy_minutes(&mut reader.exec(), start, end, now).await?;
    Ok((r, d))
}

pub async fn run(a: &Admin, args: ReportArgs) -> anyhow::Result<()> {
    let set = settings(a);
    let p = period(&args, &set)?;
    let (r, d) = figures(a, p, &set, args.csv && !args.json).await?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&r)?);
    } else if let Some(d) = &d {
        let days = report::each_day(&d.orders, &d.first_order_at, p, &set);
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        write_csv_days(&mut out, days, &r)?;
        out.flush()?;
    } else {
        print!(
            "{}",
            page::render(
                &r,
                &set,
                &a.cfg.restaurant.currency,
                a.tz.iana_name().unwrap_or("the restaurant's time zone")
            )
        );
    }
    Ok(())
}

/// One row per business day, then a `total` row over the whole period, each
/// written to `out` as soon as it is computed.
fn write_csv_days(
    out: &mut impl std::io::Write,
    days: impl Iterator<Item = Report>,
    total: &Report,
) -> std::io::Result<()> {
    let mut c = Csv::with_header(&[
        "day",
        "orders",
        "cancelled",
        "cancelled_value",
        "gross",
        "discounts",
        "delivery_fees",
        "net",
        "average_basket",
        "pickup_orders",
        "delivery_orders",
        "new_customers",
        "returning_customers",
        "prep_median_seconds",
        "prep_p90_seconds",
        "late_share",
    ]);
    let row = |label: String, r: &Report| -> Vec<Cell> {
        let opt = |v: Option<i64>| v.map_or(Cell::Num(String::new()), Cell::from);
        vec![
            label.into(),
            r.orders.into(),
            r.cancelled.into(),
            money(r.cancelled_minor),
            money(r.gross_minor),
            money(r.discount_minor),
            money(r.delivery_fee_minor),
            money(r.net_minor),
            money(r.average_basket_minor),
            r.pickup.orders.into(),
            r.delivery.orders.into(),
            r.customers.new.into(),
            r.customers.returning.into(),
            opt(r.prep_median_seconds),
            opt(r.prep_p90_seconds),
            Cell::Num(format!("{:.4}", r.late_share)),
        ]
    };
    out.write_all(c.take().as_bytes())?;
    for d in days {
        c.row(row(d.from.to_string(), &d));
        out.write_all(c.take().as_bytes())?;
    }
    c.row(row("total".into(), total));
    out.write_all(c.take().as_bytes())
}
