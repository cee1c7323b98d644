//! `maydanoz orders export --from DATE --to DATE --csv`: one row per order line
//! for the accountant, cancelled orders included (their status says so).
//!
//! Order-level amounts (subtotal, discount, delivery fee, total) stand on the
//! order's first line only, so summing a column in the spreadsheet gives the
//! period's figure instead of counting an order once per line.

use super::super::Admin;
use super::super::csv::{Cell, Csv, money};
use crate::domain::report::day;
use crate::domain::text::clean;

const HEADER: [&str; 19] = [
    "order",
    "business_day",
    "placed_at",
    "status",
    "fulfilment",
    "customer_name",
    "customer_phone",
    "coupon",
    "line",
    "product",
    "options",
    "note",
    "quantity",
    "unit_price",
    "line_total",
    "order_subtotal",
    "order_discount",
    "order_delivery_fee",
    "order_total",
];

pub async fn export(a: &Admin, from: &str, to: &str) -> anyhow::Result<()> {
    let set = super::settings(a);
    let p = super::period_of(from, to)?;
    let d = super::data(a, p, &set).await?;
    let mut c = Csv::with_header(&HEADER);
    for o in &d.orders {
        let bday = day::business_date(o.kitchen_since(), &set.tz, set.day_start).to_string();
        for (i, it) in o.items.iter().enumerate() {
            let first = i == 0;
            let order_money = |v: i64| {
                if first {
                    money(v)
                } else {
                    Cell::Num(String::new())
                }
            };
            c.row(vec![
                o.number.get().into(),
                bday.clone().into(),
                a.local_time(o.created_at).into(),
                o.status.as_str().into(),
                o.fulfilment.as_str().into(),
                clean(o.customer_name.as_deref().unwrap_or("")).into(),
                o.customer_phone.as_str().into(),
                o.coupon.as_deref().unwrap_or_default().into(),
                i64::try_from(i + 1).unwrap_or(0).into(),
                clean(&it.name).into(),
                clean(&it.options.join("; ")).into(),
                clean(it.note.as_deref().unwrap_or("")).into(),
                it.quantity.into(),
                money(it.unit_price.minor()),
                money(it.line_total().minor()),
                order_money(o.subtotal.minor()),
                order_money(o.discount.minor()),
                order_money(o.delivery_fee.minor()),
                order_money(o.total.minor()),
            ]);
        }
    }
    print!("{}", c.finish());
    Ok(())
}
