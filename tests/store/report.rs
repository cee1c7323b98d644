//! The report over the known day, read from each backend: exact figures.

use maydanoz::domain::Money;
use maydanoz::domain::report::{self, CouponUse, Customers, DayStart, Period, Settings, day};
use maydanoz::domain::time::At;
use maydanoz::store::report::load;
use maydanoz::store::{Db, counters, menu};
use maydanoz::testing::availability_before;

#[path = "../common/report_day.rs"]
mod report_day;

fn settings() -> Settings {
    Settings {
        tz: jiff::tz::TimeZone::get("Europe/Istanbul").expect("tz"),
        day_start: DayStart::parse("05:00").expect("ds"),
        late_after: maydanoz::domain::time::Span::minutes(8),
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
        menu::set_available(&mut tx.exec(), id, available, At::from_millis(at))
            .await
            .expect("86");
        tx.commit().await.expect("commit");
    }
    let changes = availability_before(
        &mut db.read().await.expect("read").exec(),
        At::from_millis(end),
    )
    .await
    .expect("load");
    assert_eq!(changes.len(), 5, "the repeated 86 wrote nothing");
    let got: Vec<(String, u64, i64, bool)> =
        report::eighty_sixed(&changes, At::from_millis(start), At::from_millis(end))
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
        let h = kds.health(At::from_millis(now)).await.expect("health");
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

/// Orders beside the known day that the summed report must weigh like the
/// full read: placed ahead (counted from their board time, on the day it is
/// for), promised and late or early by fractions of a second, ready exactly at
/// the lateness threshold, moved by the cap, with a delivery fee, a coupon on a
/// cancelled order, and lines of one product with different options.
async fn seed_edges(db: &Db) {
    use maydanoz::domain::order::{Fulfilment, OrderItem, OrderStatus};
    use maydanoz::store::{customers, orders};
    let ms = report_day::ms;
    let opts = |name: &str, q: i64, unit: i64, o: &[&str]| OrderItem {
        options: o.iter().map(|s| s.to_string()).collect(),
        ..crate::common::item(name, q, unit)
    };
    struct Edge {
        phone: &'static str,
        at: &'static str,
        items: Vec<OrderItem>,
        coupon: Option<(&'static str, i64)>,
        delivery: bool,
        cancelled: bool,
        /// (board time, ready after the kitchen time (ms), ready minus promised
        /// (ms), moved by the cap, delivery fee)
        set: (Option<&'static str>, Option<i64>, Option<i64>, bool, i64),
    }
    let edges = [
        // placed ahead at 22:00 on the 24th for 11:00 on the 25th, by a customer
        // who ordered on the 25th too: returning (first order before the day)
        Edge {
            phone: "905550000002",
            at: "2026-11-24T19:00:00Z",
            items: vec![opts(
                "Çiğ Köfte Dürüm",
                2,
                8_500,
                &["Az Acılı", "Nar Ekşili"],
            )],
            coupon: None,
            delivery: true,
            cancelled: false,
            set: (
                Some("2026-11-25T08:00:00Z"),
                Some(9 * 60_000 + 500),
                Some(-1_500),
                false,
                1_500,
            ),
        },
        // placed ahead by someone new, board time on the 25th: new on the 25th
        Edge {
            phone: "905550000009",
            at: "2026-11-24T20:00:00Z",
            items: vec![
                opts("Şalgam", 3, 2_500, &[]),
                opts("İskender", 1, 25_000, &[]),
            ],
            coupon: Some(("HOŞ10", 2_000)),
            delivery: false,
            cancelled: false,
            set: (
                Some("2026-11-25T17:59:59Z"),
                Some(8 * 60_000),
                Some(0),
                true,
                0,
            ),
        },
        // made on the 25th for the 26th: counts on the 26th, not the 25th
        Edge {
            phone: "905550000001",
            at: "2026-11-25T12:00:00Z",
            items: vec![opts("Tavuk Dürüm", 1, 12_000, &["Acılı"])],
            coupon: None,
            delivery: false,
            cancelled: false,
            set: (
                Some("2026-11-26T09:00:00Z"),
                Some(8 * 60_000 - 1),
                Some(1_500),
                false,
                0,
            ),
        },
        // a cancelled order with a coupon and a promise: only in the cancelled figures
        Edge {
            phone: "905550000007",
            at: "2026-11-25T13:00:00Z",
            items: vec![opts("Künefe", 2, 9_000, &["Kaymaklı"])],
            coupon: Some(("HOS10", 1_000)),
            delivery: true,
            cancelled: true,
            set: (None, Some(60_000), Some(30_000), true, 1_000),
        },
        // the same product with other options, late against its promise by 1.5 s
        Edge {
            phone: "905550000003",
            at: "2026-11-25T14:20:00Z",
            items: vec![
                opts("Tavuk Dürüm", 4, 12_000, &["Soğansız", "Acılı"]),
                opts("Tavuk Dürüm", 1, 13_000, &[]),
            ],
            coupon: None,
            delivery: true,
            cancelled: false,
            set: (None, Some(20 * 60_000 + 999), Some(1_999), false, 2_000),
        },
    ];
    for e in edges {
        let at = ms(e.at);
        let subtotal: i64 = e.items.iter().map(|i| i.line_total().minor()).sum();
        let off = e.coupon.map_or(0, |c| c.1);
        let fee = e.set.4;
        let o = orders::NewOrder {
            fulfilment: if e.delivery {
                Fulfilment::Delivery
            } else {
                Fulfilment::Pickup
            },
            discount: Money::from_minor(off),
            delivery_fee: Money::from_minor(fee),
            total: Money::from_minor(subtotal - off + fee),
            coupon: e
                .coupon
                .and_then(|c| maydanoz::domain::coupon_code::CouponCode::parse(c.0)),
            ..crate::common::new_order(e.phone, e.items, subtotal)
        };
        let mut tx = db.begin().await.expect("begin");
        customers::touch(
            &mut tx.exec(),
            &crate::common::phone(e.phone),
            None,
            maydanoz::domain::time::At::from_millis(at),
        )
        .await
        .expect("customer");
        let id = orders::insert(&mut tx.exec(), &o, At::from_millis(at))
            .await
            .expect("insert")
            .id;
        let (board, ready, promised, moved, _) = e.set;
        let since = board.map_or(at, ms);
        let status = if e.cancelled {
            OrderStatus::Cancelled
        } else {
            OrderStatus::Ready
        };
        tx.exec()
            .execute(
                "UPDATE orders SET status = $1, board_at = $2, ready_at = $3, promised_at = $4, moved_by_cap = $5 WHERE id = $6",
                maydanoz::args![
                    status.as_str(),
                    board.map(ms),
                    ready.map(|r| since + r),
                    promised.zip(ready).map(|(p, r)| since + r - p),
                    moved,
                    id
                ],
            )
            .await
            .expect("times");
        tx.commit().await.expect("commit");
    }
}

/// `report` adds a period up in SQL; the figures are those of the full read
/// (`load` + `compute`), period by period, on each backend and in two zones
/// (Istanbul, and Berlin over its clock change with days from 00:30).
async fn the_summed_report_equals_the_full_read(db: &Db) {
    use maydanoz::domain::report::sums;
    report_day::seed(db).await;
    seed_edges(db).await;
    let berlin = Settings {
        tz: jiff::tz::TimeZone::get("Europe/Berlin").expect("tz"),
        day_start: DayStart::parse("00:30").expect("ds"),
        late_after: maydanoz::domain::time::Span::minutes(5),
    };
    let mut checked = 0;
    for (set, from, to) in [
        (settings(), "2026-11-24", "2026-11-24"),
        (settings(), "2026-11-25", "2026-11-25"),
        (settings(), "2026-11-26", "2026-11-26"),
        (settings(), "2026-11-24", "2026-11-26"),
        (settings(), "2026-10-01", "2026-11-30"),
        (settings(), "2026-12-01", "2026-12-01"),
        (berlin.clone(), "2026-10-01", "2026-11-30"),
        (berlin, "2026-11-25", "2026-11-25"),
    ] {
        let p = Period::new(
            day::parse_date(from).expect("from"),
            day::parse_date(to).expect("to"),
        )
        .expect("period");
        let (start, end) = p.bounds(&set.tz, set.day_start);
        let mut c = db.read().await.expect("read");
        let d = load(&mut c.exec(), start, end).await.expect("load");
        let mut want = report::compute(&d.orders, &d.first_order_at, p, &set);
        want.pace.orders_moved_by_cap =
            maydanoz::store::pace::moved_by_cap(&mut c.exec(), start, end)
                .await
                .expect("moved");
        let spans = sums::offset_spans(start, end, &set.tz);
        let s = maydanoz::store::report::sums(&mut c.exec(), start, end, set.late_after, &spans)
            .await
            .expect("sums");
        let mut got = sums::from_sums(&s, p, &set);
        got.pace.orders_moved_by_cap = s.moved_by_cap();
        assert_eq!(got, want, "{from}..{to} in {:?}", set.tz.iana_name());
        checked += want.orders;
    }
    assert!(checked > 20, "the periods hold orders: {checked}");
    // the known day with its edges, so the comparison above is not of empty reports
    let r = report_of(db, report_day::DAY, report_day::DAY).await;
    assert_eq!((r.orders, r.cancelled), (7, 2));
    assert_eq!(
        r.customers,
        Customers {
            total: 5,
            new: 3,
            returning: 2
        }
    );
    assert_eq!(r.pace.promised_timed, 3);
    assert_eq!(r.pace.lateness_p90_seconds, Some(1));
    assert_eq!(r.delivery_fee_minor, 1_500 + 2_000);
    assert!(
        r.top_options
            .iter()
            .any(|o| o.name == "Nar Ekşili" && o.quantity == 2)
    );
}

crate::on_both_backends!(
    the_summed_report_equals_the_full_read,
    the_boards_today_panel_counts_like_the_report,
    a_known_day_gives_exact_figures,
    neighbouring_days_and_an_empty_day,
    eighty_sixed_items_and_for_how_long
);
