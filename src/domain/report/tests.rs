//! A known business day in Istanbul with every kind of order the report must
//! weigh: cancelled, with coupons, after midnight, not yet ready, and neighbours
//! just outside the day.

use std::collections::HashMap;

use super::*;
use crate::domain::Money;
use crate::domain::order::{OrderItem, StatusTimes};
use crate::domain::time::At;

fn ms(s: &str) -> i64 {
    s.parse::<jiff::Timestamp>().expect("ts").as_millisecond()
}

fn instant(s: &str) -> At {
    At::from_millis(ms(s))
}

fn item(q: i64, name: &str, unit: i64, opts: &[&str]) -> OrderItem {
    OrderItem {
        product_id: None,
        name: name.into(),
        quantity: q,
        unit_price: Money::from_minor(unit),
        options: opts.iter().map(|s| s.to_string()).collect(),
        note: None,
        station: None,
        station_done_at: None,
    }
}

/// Customer "A", "B", … as a phone number of their own.
fn customer(letter: &str) -> CustomerId {
    let n = letter.bytes().next().expect("a letter");
    CustomerId::parse(&format!("90555000{n:04}")).expect("a phone")
}

fn order(number: i64, phone: &str, at: &str, f: Fulfilment, items: Vec<OrderItem>) -> Order {
    let subtotal: i64 = items.iter().map(|i| i.line_total().minor()).sum();
    Order {
        id: number,
        number: crate::domain::OrderNumber::new(number),
        status: OrderStatus::Delivered,
        fulfilment: f,
        customer_phone: customer(phone),
        customer_name: None,
        address: None,
        note: None,
        items,
        subtotal: Money::from_minor(subtotal),
        discount: Money::from_minor(0),
        total: Money::from_minor(subtotal),
        coupon: None,
        rush: false,
        location: None,
        delivery_fee: Money::ZERO,
        payment: None,
        cancel_requested_at: None,
        scheduled_for: None,
        board_at: None,
        promised_at: None,
        created_at: instant(at),
        status_times: StatusTimes::default(),
    }
}

fn coupon(mut o: Order, code: &str, off: i64) -> Order {
    o.coupon = crate::domain::coupon_code::CouponCode::parse(code);
    o.discount = Money::from_minor(off);
    o.total = Money::from_minor(o.subtotal.minor() - off);
    o
}

fn ready_after(mut o: Order, minutes: i64) -> Order {
    o.status_times.ready_at = Some(o.created_at + Span::minutes(minutes));
    o
}

fn settings() -> Settings {
    Settings {
        tz: TimeZone::get("Europe/Istanbul").expect("tz"),
        day_start: DayStart::parse("05:00").expect("ds"),
        late_after: crate::domain::time::Span::minutes(8),
    }
}

/// Istanbul is UTC+3: 07:15Z is 10:15 local.
fn the_day() -> (Vec<Order>, HashMap<CustomerId, i64>) {
    let (p, d) = (Fulfilment::Pickup, Fulfilment::Delivery);
    let dürüm = |q, opts: &[&str]| item(q, "Tavuk Dürüm", 12_000, opts);
    let mut cancelled = order(
        103,
        "C",
        "2026-11-25T10:05:00Z",
        p,
        vec![item(2, "Ayran", 3_000, &[])],
    );
    cancelled.status = OrderStatus::Cancelled;
    let mut open = order(
        107,
        "D",
        "2026-11-25T16:00:00Z",
        d,
        vec![item(1, "Künefe", 9_000, &[])],
    );
    open.status = OrderStatus::Preparing;
    let orders = vec![
        // 04:59 local: still the 24th's business day.
        order(100, "A", "2026-11-25T01:59:00Z", p, vec![dürüm(5, &[])]),
        ready_after(
            order(
                101,
                "A",
                "2026-11-25T07:15:00Z",
                p,
                vec![dürüm(2, &["Acılı"]), item(1, "Ayran", 3_000, &[])],
            ),
            8,
        ),
        ready_after(
            coupon(
                order(
                    102,
                    "B",
                    "2026-11-25T09:40:00Z",
                    d,
                    vec![item(1, "İskender", 25_000, &["Yoğurtlu"])],
                ),
                "HOS10",
                2_000,
            ),
            5,
        ),
        cancelled,
        // 01:30 on the 26th: the 25th's business day.
        ready_after(
            coupon(
                order(
                    104,
                    "A",
                    "2026-11-25T22:30:00Z",
                    p,
                    vec![dürüm(1, &["Acılı", "Soğansız"])],
                ),
                "HOS10",
                1_200,
            ),
            12,
        ),
        // 05:00 on the 26th: the next business day.
        order(106, "E", "2026-11-26T02:00:00Z", p, vec![dürüm(9, &[])]),
        open,
    ];
    let first = HashMap::from([
        (customer("A"), ms("2026-10-01T12:00:00Z")),
        (customer("B"), ms("2026-11-25T09:40:00Z")),
    ]);
    (orders, first)
}

fn day() -> Period {
    Period::day(day::parse_date("2026-11-25").expect("date"))
}

#[test]
fn money_of_a_known_day() {
    let (orders, first) = the_day();
    let r = compute(&orders, &first, day(), &settings());
    assert_eq!((r.orders, r.cancelled, r.cancelled_minor), (4, 1, 6_000));
    assert_eq!(r.gross_minor, 27_000 + 25_000 + 12_000 + 9_000);
    assert_eq!(r.discount_minor, 3_200);
    assert_eq!(r.delivery_fee_minor, 0);
    assert_eq!(r.net_minor, 69_800);
    assert_eq!(
        r.net_minor,
        r.gross_minor - r.discount_minor + r.delivery_fee_minor
    );
    assert_eq!(r.average_basket_minor, 17_450);
    assert_eq!(
        r.pickup,
        Share {
            orders: 2,
            net_minor: 37_800
        }
    );
    assert_eq!(
        r.delivery,
        Share {
            orders: 2,
            net_minor: 32_000
        }
    );
}

#[test]
fn what_sold_coupons_and_customers() {
    let (orders, first) = the_day();
    let r = compute(&orders, &first, day(), &settings());
    let top: Vec<(&str, i64, i64)> = r
        .top_products
        .iter()
        .map(|p| (p.name.as_str(), p.quantity, p.revenue_minor))
        .collect();
    assert_eq!(
        top,
        [
            ("Tavuk Dürüm", 3, 36_000),
            ("Ayran", 1, 3_000),
            ("Künefe", 1, 9_000),
            ("İskender", 1, 25_000)
        ]
    );
    let opts: Vec<(&str, i64)> = r
        .top_options
        .iter()
        .map(|o| (o.name.as_str(), o.quantity))
        .collect();
    assert_eq!(opts, [("Acılı", 3), ("Soğansız", 1), ("Yoğurtlu", 1)]);
    assert_eq!(
        r.coupons,
        [CouponUse {
            code: "HOS10".into(),
            uses: 2,
            discount_minor: 3_200
        }]
    );
    // A ordered before the day; B's first order is today's; D is unknown; C only cancelled.
    assert_eq!(
        r.customers,
        Customers {
            total: 3,
            new: 2,
            returning: 1
        }
    );
}

#[test]
fn hours_start_at_the_day_start_and_count_the_small_hours() {
    let (orders, first) = the_day();
    let r = compute(&orders, &first, day(), &settings());
    assert_eq!(r.by_hour.len(), 24);
    assert_eq!(r.by_hour[0].hour, 5);
    assert_eq!(r.by_hour[23].hour, 4);
    let busy: Vec<(u8, u64)> = r
        .by_hour
        .iter()
        .filter(|h| h.orders > 0)
        .map(|h| (h.hour, h.orders))
        .collect();
    assert_eq!(busy, [(10, 1), (12, 1), (19, 1), (1, 1)]);
    assert_eq!(r.by_hour.iter().map(|h| h.orders).sum::<u64>(), r.orders);
}

#[test]
fn speed_of_service_is_nearest_rank_and_late_from_the_threshold_on() {
    let (orders, first) = the_day();
    let r = compute(&orders, &first, day(), &settings());
    assert_eq!(r.prep_timed, 3);
    assert_eq!(r.prep_median_seconds, Some(8 * 60));
    assert_eq!(r.prep_p90_seconds, Some(12 * 60));
    assert_eq!(r.late, 2, "8 minutes is late, as on the board");
    assert!((r.late_share - 2.0 / 3.0).abs() < 1e-9);
}

/// `kds.late_after_minutes` is minutes: an order ready 8 minutes to the
/// millisecond after its kitchen time is late, one a millisecond sooner is
/// not, whether counted from the orders or from the store's sums.
#[test]
fn late_is_counted_from_exactly_late_after() {
    use crate::domain::time::Span;
    let at = "2026-11-25T09:00:00Z";
    let pickup = |n| {
        order(
            n,
            "A",
            at,
            Fulfilment::Pickup,
            vec![item(1, "Ayran", 2_000, &[])],
        )
    };
    let (mut on_time, mut late) = (pickup(201), pickup(202));
    let eight = Span::minutes(8);
    on_time.status_times.ready_at = Some(on_time.created_at + eight - Span::millis(1));
    late.status_times.ready_at = Some(late.created_at + eight);
    let orders = vec![on_time, late];
    let first = HashMap::new();
    let set = settings();
    let r = compute(&orders, &first, day(), &set);
    assert_eq!((r.prep_timed, r.late), (2, 1));
    let s = sums::from_sums(&sums::sums_of(&orders, &first, day(), &set), day(), &set);
    assert_eq!((s.prep_timed, s.late), (2, 1));
}

#[test]
fn percentiles_by_rank() {
    let v: Vec<i64> = (1..=10).collect();
    assert_eq!(percentile(&v, 50), Some(5));
    assert_eq!(percentile(&v, 90), Some(9));
    assert_eq!(percentile(&[7], 90), Some(7));
    assert_eq!(percentile::<i64>(&[], 50), None);
}

#[test]
fn an_empty_day_is_all_zeros() {
    let r = compute(&[], &HashMap::new(), day(), &settings());
    assert_eq!((r.orders, r.net_minor, r.average_basket_minor), (0, 0, 0));
    assert_eq!(r.prep_median_seconds, None);
    assert_eq!(r.late_share, 0.0);
    assert_eq!(r.by_hour.len(), 24);
}

#[test]
fn per_day_splits_a_range_by_business_day() {
    let (orders, first) = the_day();
    let from = day::parse_date("2026-11-24").expect("from");
    let to = day::parse_date("2026-11-26").expect("to");
    let days = per_day(
        &orders,
        &first,
        Period::new(from, to).expect("p"),
        &settings(),
    );
    let counts: Vec<(String, u64)> = days
        .iter()
        .map(|d| (d.from.to_string(), d.orders))
        .collect();
    assert_eq!(
        counts,
        [
            ("2026-11-24".into(), 1),
            ("2026-11-25".into(), 4),
            ("2026-11-26".into(), 1)
        ]
    );
    let whole = compute(
        &orders,
        &first,
        Period::new(from, to).expect("p"),
        &settings(),
    );
    assert_eq!(
        whole.net_minor,
        days.iter().map(|d| d.net_minor).sum::<i64>()
    );
}

#[test]
fn delivery_fees_enter_the_net() {
    let mut o = order(
        201,
        "F",
        "2026-11-25T10:00:00Z",
        Fulfilment::Delivery,
        vec![item(1, "İskender", 25_000, &[])],
    );
    o.delivery_fee = Money::from_minor(1_500);
    o.total = Money::from_minor(26_500);
    let r = compute(&[o], &HashMap::new(), day(), &settings());
    assert_eq!(r.delivery_fee_minor, 1_500);
    assert_eq!(r.gross_minor, 25_000);
    assert_eq!(r.net_minor, 26_500);
    assert_eq!(
        r.net_minor,
        r.gross_minor - r.discount_minor + r.delivery_fee_minor
    );
}

#[test]
fn an_order_placed_ahead_counts_on_the_day_it_is_for_from_its_board_time() {
    let p = Fulfilment::Pickup;
    // booked at 23:30 local on the 24th (the 24th's business day) for 11:30 on the 25th
    let mut o = order(
        200,
        "A",
        "2026-11-24T20:30:00Z",
        p,
        vec![item(1, "Ayran", 2_500, &[])],
    );
    o.scheduled_for = Some(instant("2026-11-25T08:30:00Z"));
    o.board_at = Some(instant("2026-11-25T08:15:00Z"));
    o.status_times.ready_at = Some(instant("2026-11-25T08:25:00Z"));
    let none = HashMap::new();
    let r = compute(std::slice::from_ref(&o), &none, day(), &settings());
    assert_eq!(r.orders, 1, "counted on the 25th");
    assert_eq!(
        r.prep_median_seconds,
        Some(10 * 60),
        "from the board, not the booking"
    );
    let eleven = r.by_hour.iter().find(|h| h.hour == 11).expect("11:00");
    assert_eq!(eleven.orders, 1, "{:?}", r.by_hour);
    let before = Period::day(day::parse_date("2026-11-24").expect("date"));
    assert_eq!(
        compute(&[o], &none, before, &settings()).orders,
        0,
        "not on the 24th"
    );
}

/// The sums a store would add up give the same report as the orders, for the
/// day, each neighbour and the three days together.
#[test]
fn the_report_from_sums_is_the_report_from_orders() {
    let (mut orders, first) = the_day();
    // an order placed ahead the evening before counts on the day, from its board time
    let mut ahead = ready_after(
        order(
            108,
            "F",
            "2026-11-24T19:00:00Z",
            Fulfilment::Delivery,
            vec![item(3, "Lahmacun", 7_000, &["Acılı", "Acılı"])],
        ),
        0,
    );
    ahead.board_at = Some(instant("2026-11-25T08:00:00Z"));
    ahead.status_times.ready_at = Some(instant("2026-11-25T08:09:30Z"));
    ahead.promised_at = Some(instant("2026-11-25T08:15:00Z"));
    orders.push(ahead);
    orders[1].promised_at = Some(orders[1].created_at + Span::minutes(5) + Span::millis(500));
    let set = settings();
    for (from, to) in [
        ("2026-11-24", "2026-11-24"),
        ("2026-11-25", "2026-11-25"),
        ("2026-11-26", "2026-11-26"),
        ("2026-11-24", "2026-11-26"),
    ] {
        let p = Period::new(
            day::parse_date(from).expect("from"),
            day::parse_date(to).expect("to"),
        )
        .expect("period");
        let want = compute(&orders, &first, p, &set);
        let got = sums::from_sums(&sums::sums_of(&orders, &first, p, &set), p, &set);
        assert_eq!(got, want, "{from}..{to}");
    }
}
