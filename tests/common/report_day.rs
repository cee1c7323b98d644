//! A known business day (2026-11-25, Istanbul, days from 05:00) written through
//! the real store: cancelled orders, coupons, an order after midnight, one not
//! yet ready, neighbours just outside the day and a customer first seen in
//! October. The report tests on both backends and the CLI test share it.
#![allow(dead_code)]

use maydanoz::domain::Money;
use maydanoz::domain::order::{Fulfilment, OrderItem, OrderStatus};
use maydanoz::domain::time::At;
use maydanoz::store::orders::NewOrder;
use maydanoz::store::{Db, customers, orders};

pub const DAY: &str = "2026-11-25";
const MIN: i64 = 60_000;

pub fn ms(s: &str) -> i64 {
    s.parse::<jiff::Timestamp>().expect("ts").as_millisecond()
}

fn item(q: i64, name: &str, unit: i64, opts: &[&str]) -> OrderItem {
    OrderItem {
        options: opts.iter().map(|s| s.to_string()).collect(),
        ..crate::common::item(name, q, unit)
    }
}

struct Spec {
    phone: &'static str,
    at: &'static str,
    fulfilment: Fulfilment,
    items: Vec<OrderItem>,
    coupon: Option<(&'static str, i64)>,
    /// Statuses reached, each with minutes after the order.
    then: Vec<(OrderStatus, i64)>,
}

fn specs() -> Vec<Spec> {
    use Fulfilment::{Delivery, Pickup};
    use OrderStatus::{Cancelled, Delivered, Preparing, Ready};
    let dürüm = |q, opts: &[&str]| item(q, "Tavuk Dürüm", 12_000, opts);
    vec![
        // A's first order, in October: A is a returning customer on the day.
        Spec {
            phone: "905550000001",
            at: "2026-10-01T12:00:00Z",
            fulfilment: Pickup,
            items: vec![dürüm(1, &[])],
            coupon: None,
            then: vec![],
        },
        // 04:59 local: still the 24th's business day.
        Spec {
            phone: "905550000001",
            at: "2026-11-25T01:59:00Z",
            fulfilment: Pickup,
            items: vec![dürüm(5, &[])],
            coupon: None,
            then: vec![],
        },
        Spec {
            phone: "905550000001",
            at: "2026-11-25T07:15:00Z",
            fulfilment: Pickup,
            items: vec![dürüm(2, &["Acılı"]), item(1, "Ayran", 3_000, &[])],
            coupon: None,
            then: vec![(Preparing, 1), (Ready, 8), (Delivered, 10)],
        },
        Spec {
            phone: "905550000002",
            at: "2026-11-25T09:40:00Z",
            fulfilment: Delivery,
            items: vec![item(1, "İskender", 25_000, &["Yoğurtlu"])],
            coupon: Some(("HOS10", 2_000)),
            then: vec![(Preparing, 2), (Ready, 5)],
        },
        Spec {
            phone: "905550000003",
            at: "2026-11-25T10:05:00Z",
            fulfilment: Pickup,
            items: vec![item(2, "Ayran", 3_000, &[])],
            coupon: None,
            then: vec![(Cancelled, 3)],
        },
        // 01:30 on the 26th: the 25th's business day.
        Spec {
            phone: "905550000001",
            at: "2026-11-25T22:30:00Z",
            fulfilment: Pickup,
            items: vec![dürüm(1, &["Acılı", "Soğansız"])],
            coupon: Some(("HOS10", 1_200)),
            then: vec![(Ready, 12)],
        },
        // 05:00 on the 26th: the next business day.
        Spec {
            phone: "905550000005",
            at: "2026-11-26T02:00:00Z",
            fulfilment: Pickup,
            items: vec![dürüm(9, &[])],
            coupon: None,
            then: vec![],
        },
        Spec {
            phone: "905550000004",
            at: "2026-11-25T16:00:00Z",
            fulfilment: Delivery,
            items: vec![item(1, "Künefe", 9_000, &[])],
            coupon: None,
            then: vec![(Preparing, 3)],
        },
    ]
}

/// Write the day's orders (and their status changes at their times).
pub async fn seed(db: &Db) {
    for s in specs() {
        let at = ms(s.at);
        let subtotal: i64 = s.items.iter().map(|i| i.line_total().minor()).sum();
        let off = s.coupon.map_or(0, |c| c.1);
        let o = NewOrder {
            customer_name: Some("Ayşe \"Abla\", Kadıköy".into()),
            fulfilment: s.fulfilment,
            discount: Money::from_minor(off),
            total: Money::from_minor(subtotal - off),
            coupon: s
                .coupon
                .and_then(|c| maydanoz::domain::coupon_code::CouponCode::parse(c.0)),
            ..crate::common::new_order(s.phone, s.items, subtotal)
        };
        let mut tx = db.begin().await.expect("begin");
        customers::touch(
            &mut tx.exec(),
            &crate::common::phone(s.phone),
            Some("Ayşe"),
            maydanoz::domain::time::At::from_millis(at),
        )
        .await
        .expect("customer");
        let id = orders::insert(&mut tx.exec(), &o, At::from_millis(at))
            .await
            .expect("insert")
            .id;
        let mut from = OrderStatus::New;
        for (to, after) in s.then {
            assert!(
                orders::set_status(
                    &mut tx.exec(),
                    id,
                    from,
                    to,
                    At::from_millis(at + after * MIN)
                )
                .await
                .expect("status")
            );
            from = to;
        }
        tx.commit().await.expect("commit");
    }
}
