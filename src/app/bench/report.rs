//! `maydanoz bench --report`: fill a scratch database with many orders spread
//! over four months and time `report` for one month and for all of it, as the
//! command does it (`admin::report::figures`: the sums read in SQL, then the
//! pure computation), and the per-day CSV for a month, which reads every order.
//!
//! The fill writes in SQL from a row counter — `generate_series` on PostgreSQL,
//! a recursive CTE on SQLite — 50,000 orders per transaction, so 400,000 orders
//! take seconds, not the minutes one statement per row took. What it writes:
//! four dishes (Turkish names, every other one "Acılı") and an Ayran per order,
//! every tenth with a coupon, every third for delivery, every 25th cancelled,
//! the rest ready 4–12 minutes after their kitchen time against a 10-minute
//! promise, and every 50th placed ahead twelve hours before its board time.
//! PostgreSQL's statistics are then gathered, as autovacuum would.

use std::time::Instant;

use crate::admin::Admin;
use crate::config::Config;
use crate::domain::report::{self, Period, Settings, day};
use crate::store::Db;

/// The days the orders are spread over, ending on the month that is timed.
const DAYS: i64 = 120;
/// Orders written per transaction while filling.
const BATCH: i64 = 50_000;
/// Distinct customers the orders are spread over.
const CUSTOMERS: i64 = 20_000;

/// Customers `$1 ≤ j < $2`, first seen at `$3`.
const CUSTOMERS_SQLITE: &str = r#"INSERT INTO customers (phone, name, lang, created_at, last_seen_at)
    WITH RECURSIVE s(j) AS (SELECT $1 UNION ALL SELECT j + 1 FROM s WHERE j + 1 < $2)
    SELECT '90555' || printf('%07d', j), 'Bench', 'tr', $3, $3 FROM s"#;
const CUSTOMERS_POSTGRES: &str = r#"INSERT INTO customers (phone, name, lang, created_at, last_seen_at)
    SELECT '90555' || lpad(CAST(j AS TEXT), 7, '0'), 'Bench', 'tr', $3, $3
    FROM generate_series(CAST($1 AS BIGINT), CAST($2 AS BIGINT) - 1) AS s(j)"#;

/// Orders `$1 ≤ j < $2` of `$3`, number j + 1, kitchen time `$4 + $5 · j / $3`.
macro_rules! orders_sql {
    ($rows:literal, $phone:literal) => {
        concat!(
            r#"INSERT INTO orders (number, customer_phone, customer_name, status, fulfilment,
                subtotal_minor, discount_minor, total_minor, coupon_code, lang,
                created_at, updated_at, ready_at, cancelled_at, promised_at, board_at)
            SELECT j + 1, "#,
            $phone,
            r#", 'Bench',
                CASE WHEN j % 25 = 0 THEN 'cancelled' ELSE 'ready' END,
                CASE WHEN j % 3 = 0 THEN 'delivery' ELSE 'pickup' END,
                sub, off, sub - off, CASE WHEN off > 0 THEN 'BENCH' END, 'tr',
                CASE WHEN j % 50 = 7 THEN at - 43200000 ELSE at END, at,
                CASE WHEN j % 25 = 0 THEN NULL ELSE at + 240000 + (j % 9) * 60000 END,
                CASE WHEN j % 25 = 0 THEN at + 120000 END,
                at + 600000,
                CASE WHEN j % 50 = 7 THEN at END
            FROM (SELECT j, $4 + $5 * j / $3 AS at,
                         (1 + j % 3) * (12000 + (j % 4) * 2500) + 3000 AS sub,
                         CASE WHEN j % 10 = 0 THEN 1000 ELSE 0 END AS off
                  FROM "#,
            $rows,
            ") AS g"
        )
    };
}
const ORDERS_SQLITE: &str = orders_sql!(
    "(WITH RECURSIVE s(j) AS (SELECT $1 UNION ALL SELECT j + 1 FROM s WHERE j + 1 < $2) SELECT j FROM s) AS s",
    "'90555' || printf('%07d', j % 20000)"
);
const ORDERS_POSTGRES: &str = orders_sql!(
    "generate_series(CAST($1 AS BIGINT), CAST($2 AS BIGINT) - 1) AS s(j)",
    "'90555' || lpad(CAST(j % 20000 AS TEXT), 7, '0')"
);

/// The two lines of orders numbered `$1 < number ≤ $2`: a dish and an Ayran.
const ITEMS_SQL: &str = r#"INSERT INTO order_items (order_id, position, name, quantity, unit_price_minor, options)
    SELECT o.id, 0,
           CASE (o.number - 1) % 4 WHEN 0 THEN 'Tavuk Dürüm' WHEN 1 THEN 'Et Döner'
                                   WHEN 2 THEN 'İskender' ELSE 'Lahmacun' END,
           1 + (o.number - 1) % 3, 12000 + ((o.number - 1) % 4) * 2500,
           CASE WHEN (o.number - 1) % 2 = 0 THEN '["Acılı"]' ELSE '[]' END
    FROM orders o WHERE o.number > $1 AND o.number <= $2
    UNION ALL
    SELECT o.id, 1, 'Ayran', 1, 3000, '[]' FROM orders o WHERE o.number > $1 AND o.number <= $2"#;

async fn fill(db: &Db, n: i64, start_ms: i64) -> anyhow::Result<()> {
    let span = crate::domain::time::Span::hours(24 * DAYS).as_millis();
    let mut tx = db.begin().await?;
    let sql = crate::by_backend!(tx.exec(), sqlite: CUSTOMERS_SQLITE, postgres: CUSTOMERS_POSTGRES);
    tx.exec()
        .execute(sql, crate::args![0_i64, n.min(CUSTOMERS), start_ms])
        .await?;
    tx.commit().await?;
    let mut i = 0;
    while i < n {
        let to = (i + BATCH).min(n);
        let mut tx = db.begin().await?;
        let sql = crate::by_backend!(tx.exec(), sqlite: ORDERS_SQLITE, postgres: ORDERS_POSTGRES);
        tx.exec()
            .execute(sql, crate::args![i, to, n, start_ms, span])
            .await?;
        tx.exec().execute(ITEMS_SQL, crate::args![i, to]).await?;
        tx.commit().await?;
        i = to;
    }
    // A shop's PostgreSQL has its tables' statistics (autovacuum gathers them
    // after this many writes, within a minute); without them the planner takes
    // a month for a handful of rows. SQLite keeps none unless asked.
    if matches!(db.backend(), crate::store::Backend::Postgres) {
        let mut reader = db.read().await?;
        reader
            .exec()
            .execute("ANALYZE orders, order_items, customers", Vec::new())
            .await?;
    }
    Ok(())
}

/// `report` for `p` as the command computes it (the CSV's too with `per_day`).
async fn time_report(
    a: &Admin,
    p: Period,
    set: &Settings,
    per_day: bool,
) -> anyhow::Result<String> {
    let started = Instant::now();
    let (r, d) = crate::admin::report::figures(a, p, set, per_day).await?;
    let read = started.elapsed();
    let days = d.map_or(0, |d| {
        report::each_day(&d.orders, &d.first_order_at, p, set).count()
    });
    let total = started.elapsed();
    let per_day = if per_day {
        format!(
            ", {days} day rows computed in {} ms",
            (total - read).as_millis()
        )
    } else {
        String::new()
    };
    Ok(format!(
        "{} ms ({} orders, {} cancelled{per_day})",
        total.as_millis(),
        r.orders,
        r.cancelled,
    ))
}

/// Fill `db_url` (a scratch database) with `n` orders and time the reports.
pub async fn run(base: &Config, db_url: &str, n: u32) -> anyhow::Result<Vec<(String, String)>> {
    let set = Settings::from_config(base);
    let a = Admin {
        db: Db::connect_with(db_url, 4).await?,
        cfg: base.clone(),
        tz: set.tz.clone(),
    };
    let first = day::parse_date("2026-07-01")?;
    let start_ms = day::day_start_ms(first, &set.tz, set.day_start);
    let started = Instant::now();
    fill(&a.db, i64::from(n), start_ms).await?;
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
        time_report(&a, month, &set, false).await?,
    ));
    let all = Period::new(first, day::parse_date("2026-10-28")?)?;
    rows.push((
        format!("report for all {DAYS} days"),
        time_report(&a, all, &set, false).await?,
    ));
    rows.push((
        "report --csv for a month (reads every order)".into(),
        time_report(&a, month, &set, true).await?,
    ));
    a.db.close().await;
    Ok(rows)
}
