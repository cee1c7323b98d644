//! The delivery fee and the payment method are stored
//! with the order and read back whole by every query, on both backends; orders
//! from before carry a zero fee and no payment.

use maydanoz::domain::Money;
use maydanoz::domain::payment::Payment;
use maydanoz::domain::time::At;
use maydanoz::store::{Db, customers, orders};

use super::orders::new_order;

async fn fee_and_payment_are_kept(db: &Db) {
    let mut tx = db.begin().await.expect("begin");
    customers::touch(
        &mut tx.exec(),
        &crate::common::phone("905551110000"),
        Some("Ayşe"),
        maydanoz::domain::time::At::from_millis(1_000),
    )
    .await
    .expect("touch");
    let mut o = new_order("905551110000", 30000);
    o.delivery_fee = Money::from_minor(2500);
    o.total = Money::from_minor(32500);
    o.payment = Some(Payment::Card);
    let with_fee = orders::insert(&mut tx.exec(), &o, At::from_millis(1_000))
        .await
        .expect("insert")
        .number;
    let plain = orders::insert(
        &mut tx.exec(),
        &new_order("905551110000", 9000),
        At::from_millis(2_000),
    )
    .await
    .expect("insert")
    .number;
    tx.commit().await.expect("commit");
    let mut x = db.read().await.expect("read");
    let (got, _) = orders::by_number(&mut x.exec(), with_fee)
        .await
        .expect("get")
        .expect("there");
    assert_eq!(
        (got.subtotal, got.delivery_fee, got.total, got.payment),
        (
            Money::from_minor(30000),
            Money::from_minor(2500),
            Money::from_minor(32500),
            Some(Payment::Card)
        )
    );
    let listed = orders::list(&mut x.exec(), None, 10).await.expect("list");
    let old = listed.iter().find(|o| o.number == plain).expect("listed");
    assert_eq!((old.delivery_fee, old.payment), (Money::ZERO, None));
    let open = orders::open(&mut x.exec()).await.expect("open");
    assert!(open.iter().any(|o| o.payment == Some(Payment::Card)));
}

crate::on_both_backends!(fee_and_payment_are_kept);
