//! The report over the known day, read from each backend: exact figures.

use maydanoz::domain::Money;
use maydanoz::domain::report::{self, CouponUse, Customers, DayStart, Period, Settings, day};
use maydanoz::store::report::load;
use maydanoz::store::{Db, counters, menu};

#[path = "../common/report_day.rs"]
mod report_day;

fn settings() -> Settings {
    Settings {
        tz: jiff::tz::TimeZone::get("Europe/Istanbul").expect("tz"),
        day_start: DayStart::parse("05:00").expect("ds"),
        late_after_ms: 8 * 60_000,
    }
}

async fn report_of(db: &Db, from: &str, to: &str) -> report::Report {
    let set = settings();
    let p = Period::new(
        day::parse_date(from).expect("from"),
        day::parse_date(to).expect("to"),
    )
    .expect("period");
    let (start, end) = p.bounds(&set.tz, set.day_start);
    let d = load(&mut db.read().await.expect("read").exec(), start, end)
        .await
        .expect("load");
    report::compute(&d.orders, &d.first_order_at, p, &set)
}

async fn a_known_day_gives_exact_figures(db: &Db) {
    report_day::seed(db).await;
    let r = report_of(db, report_day::DAY, report_day::DAY).await;
    assert_eq!((r.orders, r.cancelled, r.cancelled_minor), (4, 1, 6_000));
    assert_eq!(
        (
            r.gross_minor,
            r.discount_minor,
            r.delivery_fee_minor,
            r.net_minor
        ),
        (73_000, 3_200, 0, 69_800)
    );
    assert_eq!(r.average_basket_minor, 17_450);
    assert_eq!((r.pickup.orders, r.pickup.net_minor), (2, 37_800));
    assert_eq!((r.delivery.orders, r.delivery.net_minor), (2, 32_000));
    let top: Vec<(&str, i64)> = r
        .top_products
        .iter()
        .map(|p| (p.name.as_str(), p.quantity))
        .collect();
    assert_eq!(
        top,
        [
            ("Tavuk Dürüm", 3),
            ("Ayran", 1),
            ("Künefe", 1),
            ("İskender", 1)
        ]
    );
    assert_eq!(r.top_options[0].name, "Acılı");
    assert_eq!(r.top_options[0].quantity, 3);
    assert_eq!(
        r.coupons,
        [CouponUse {
            code: "HOS10".into(),
            uses: 2,
            discount_minor: 3_200
        }]
    );
    assert_eq!(
        r.customers,
        Customers {
            total: 3,
            new: 2,
            returning: 1
        }
    );
    let busy: Vec<(u8, u64)> = r
        .by_hour
        .iter()
        .filter(|h| h.orders > 0)
        .map(|h| (h.hour, h.orders))
        .collect();
    assert_eq!(busy, [(10, 1), (12, 1), (19, 1), (1, 1)]);
    assert_eq!(
        (
            r.prep_timed,
            r.prep_median_seconds,
            r.prep_p90_seconds,
            r.late
        ),
        (3, Some(480), Some(720), 2)
    );
    assert!((r.late_share - 2.0 / 3.0).abs() < 1e-9);
}

async fn neighbouring_days_and_an_empty_day(db: &Db) {
    report_day::seed(db).await;
    let before = report_of(db, "2026-11-24", "2026-11-24").await;
    assert_eq!((before.orders, before.net_minor), (1, 60_000));
    assert_eq!(before.customers.returning, 1);
    let after = report_of(db, "2026-11-26", "2026-11-26").await;
    assert_eq!((after.orders, after.customers.new), (1, 1));
    let range = report_of(db, "2026-11-24", "2026-11-26").await;
    assert_eq!(range.orders, 6);
    assert_eq!(range.net_minor, 60_000 + 69_800 + 108_000);
    let empty = report_of(db, "2026-12-01", "2026-12-01").await;
    assert_eq!((empty.orders, empty.cancelled, empty.net_minor), (0, 0, 0));
    assert_eq!(empty.prep_median_seconds, None);
}

/// 86 events are recorded with their times in the same transaction as the
/// change; 86'ing an item that is already out records nothing.
async fn eighty_sixed_items_and_for_how_long(db: &Db) {
    let min = 60_000;
    let (start, end) = (
        report_day::ms("2026-11-25T02:00:00Z"),
        report_day::ms("2026-11-26T02:00:00Z"),
    );
    let mut tx = db.begin().await.expect("begin");
    let künefe = menu::add_product(
        &mut tx.exec(),
        "Tatlılar",
        "Künefe",
        Money::from_minor(9_000),
        "",
    )
    .await
    .expect("add");
    let ayran = menu::add_product(
        &mut tx.exec(),
        "İçecekler",
        "Ayran",
        Money::from_minor(3_000),
        "",
    )
    .await
    .expect("add");
    tx.commit().await.expect("commit");
    for (id, available, at) in [
        (künefe, false, start - 30 * min), // out before the day began
        (künefe, true, start + 45 * min),
        (ayran, false, start + 60 * min),
        (ayran, false, start + 70 * min), // already out: not a change
        (ayran, true, start + 100 * min),
        (ayran, false, end - 20 * min), // out at the day's end
    ] {
        let mut tx = db.begin().await.expect("begin");
        menu::set_available(&mut tx.exec(), id, available, at)
            .await
            .expect("86");
        tx.commit().await.expect("commit");
    }
    let d = load(&mut db.read().await.expect("read").exec(), start, end)
        .await
        .expect("load");
    assert_eq!(d.availability.len(), 5, "the repeated 86 wrote nothing");
    let got: Vec<(String, u64, i64, bool)> = report::eighty_sixed(&d.availability, start, end)
        .into_iter()
        .map(|e| (e.name, e.times, e.minutes_out, e.still_out))
        .collect();
    assert_eq!(
        got,
        [
            ("Ayran".to_string(), 2, 60, true),
            ("Künefe".to_string(), 0, 45, false)
        ]
    );
}

/// The board's health poll carries the business day so far, as `report` counts it:
/// at 04:00 on the 26th (local) it is still the 25th.
async fn the_boards_today_panel_counts_like_the_report(db: &Db) {
    use maydanoz::kds::KdsBackend as _;
    report_day::seed(db).await;
    let kds = maydanoz::service::kds::StoreKds {
        db: db.clone(),
        bus: maydanoz::events::Bus::new(),
        health: std::sync::Arc::new(maydanoz::health::Health::default()),
        tz: settings().tz,
        report: settings(),
        print_on_first_bump: false,
        today_cache: Default::default(),
    };
    let now = report_day::ms("2026-11-26T01:00:00Z");
    let today = async || {
        let h = kds.health(now).await.expect("health");
        h.today.expect("today's figures")
    };
    let g = today().await;
    assert_eq!((g.orders, g.cancelled, g.net_minor), (4, 1, 69_800));
    assert_eq!(
        (
            g.prep_median_seconds,
            g.prep_p90_seconds,
            g.prep_timed,
            g.late
        ),
        (Some(480), Some(720), 3, 2)
    );
    // a write that does not move the change sequence is not read again: the
    // figures are kept while nothing changed (an idle board's health poll)…
    let mut tx = db.begin().await.expect("begin");
    tx.exec()
        .execute(
            "UPDATE orders SET status = 'cancelled' WHERE status <> 'cancelled'",
            vec![],
        )
        .await
        .expect("cancel all");
    tx.commit().await.expect("commit");
    assert_eq!(
        today().await,
        g,
        "nothing changed as far as the board knows"
    );
    // …and computed again as soon as it moves, as every writer moves it
    let mut tx = db.begin().await.expect("begin");
    counters::bump_change_seq(&mut tx.exec())
        .await
        .expect("bump");
    tx.commit().await.expect("commit");
    let after = today().await;
    assert_eq!((after.orders, after.net_minor), (0, 0), "{after:?}");
}

crate::on_both_backends!(
    the_boards_today_panel_counts_like_the_report,
    a_known_day_gives_exact_figures,
    neighbouring_days_and_an_empty_day,
    eighty_sixed_items_and_for_how_long
);
