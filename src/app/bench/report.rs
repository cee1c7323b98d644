//! `maydanoz bench --report`: fill a scratch database with many orders spread
//! over four months and time `report` for one month and for all of it, as the
//! command does it (store read, then the pure computation).

use std::time::Instant;

use crate::config::Config;
use crate::domain::Money;
use crate::domain::order::{Fulfilment, OrderItem, OrderStatus};
use crate::domain::report::{self, Period, Settings, day};
use crate::store::orders::NewOrder;
use crate::store::{Db, customers, orders};

/// The days the orders are spread over, ending on the month that is timed.
const DAYS: i64 = 120;
/// Orders written per transaction while filling.
const BATCH: usize = 2_000;

fn new_order(i: usize) -> NewOrder {
    let dürüm = OrderItem {
        product_id: None,
        name: ["Tavuk Dürüm", "Et Döner", "İskender", "Lahmacun"][i % 4].into(),
        quantity: 1 + (i % 3) as i64,
        unit_price: Money::from_minor(12_000 + (i % 4) as i64 * 2_500),
        options: if i.is_multiple_of(2) {
            vec!["Acılı".into()]
        } else {
            vec![]
        },
        note: None,
        station: None,
        station_done_at: None,
    };
    let ayran = OrderItem {
        product_id: None,
        name: "Ayran".into(),
        quantity: 1,
        unit_price: Money::from_minor(3_000),
        options: vec![],
        note: None,
        station: None,
        station_done_at: None,
    };
    let items = vec![dürüm, ayran];
    let coupon = i
        .is_multiple_of(10)
        .then(|| crate::domain::coupon_code::CouponCode::parse("BENCH").expect("a code"));
    let (subtotal, discount, total) = crate::domain::order::totals(
        &items,
        Money::from_minor(if coupon.is_some() { 1_000 } else { 0 }),
    );
    NewOrder {
        customer_phone: crate::domain::Phone::parse(&format!("90555{:07}", i % 20_000))
            .expect("digits are a phone"),
        customer_name: Some("Bench".into()),
        fulfilment: if i.is_multiple_of(3) {
            Fulfilment::Delivery
        } else {
            Fulfilment::Pickup
        },
        address: None,
        note: None,
        items,
        subtotal,
        discount,
        total,
        coupon,
        lang: crate::domain::Lang::Tr,
        source_message_id: None,
        delivery_fee: crate::domain::Money::ZERO,
        payment: None,
    }
}

async fn fill(db: &Db, n: usize, start_ms: i64) -> anyhow::Result<()> {
    let span = DAYS * 86_400_000;
    let mut i = 0;
    while i < n {
        let mut tx = db.begin().await?;
        for j in i..(i + BATCH).min(n) {
            let at = start_ms + span * j as i64 / n as i64;
            let o = new_order(j);
            customers::touch(&mut tx.exec(), &o.customer_phone, None, at).await?;
            let (id, _) = orders::insert(&mut tx.exec(), &o, at).await?;
            let (to, after) = if j % 25 == 0 {
                (OrderStatus::Cancelled, 120_000)
            } else {
                (OrderStatus::Ready, 240_000 + (j % 9) as i64 * 60_000)
            };
            orders::set_status(&mut tx.exec(), id, OrderStatus::New, to, at + after).await?;
        }
        tx.commit().await?;
        i += BATCH;
    }
    Ok(())
}

async fn time_report(db: &Db, p: Period, set: &Settings) -> anyhow::Result<String> {
    let started = Instant::now();
    let (start, end) = p.bounds(&set.tz, set.day_start);
    let d = crate::store::report::load(&mut db.read().await?.exec(), start, end).await?;
    let loaded = started.elapsed();
    let r = report::compute(&d.orders, &d.first_order_at, p, set);
    let total = started.elapsed();
    Ok(format!(
        "{} ms ({} orders, {} cancelled; read {} ms, compute {} ms)",
        total.as_millis(),
        r.orders,
        r.cancelled,
        loaded.as_millis(),
        (total - loaded).as_millis()
    ))
}

/// Fill `db_url` (a scratch database) with `n` orders and time the reports.
pub async fn run(base: &Config, db_url: &str, n: u32) -> anyhow::Result<Vec<(String, String)>> {
    let set = Settings {
        tz: base.restaurant.timezone.clone(),
        day_start: base.restaurant.day_start,
        late_after_ms: i64::from(base.kds.late_after_minutes) * 60_000,
    };
    let db = Db::connect_with(db_url, 4).await?;
    let first = day::parse_date("2026-07-01")?;
    let start_ms = day::day_start_ms(first, &set.tz, set.day_start);
    let n = usize::try_from(n)?;
    let started = Instant::now();
    fill(&db, n, start_ms).await?;
    let mut rows = vec![(
        format!("fill: {n} orders over {DAYS} days"),
        format!("{:.1} s", started.elapsed().as_secs_f64()),
    )];
    let month = Period::new(
        day::parse_date("2026-09-01")?,
        day::parse_date("2026-09-30")?,
    )?;
    rows.push((
        "report for a month (2026-09)".into(),
        time_report(&db, month, &set).await?,
    ));
    let all = Period::new(first, day::parse_date("2026-10-28")?)?;
    rows.push((
        format!("report for all {DAYS} days"),
        time_report(&db, all, &set).await?,
    ));
    db.close().await;
    Ok(rows)
}
