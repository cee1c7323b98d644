use maydanoz::domain::time::At;
use std::sync::Arc;

use maydanoz::domain::Money;
use maydanoz::domain::coupon::{Coupon, CouponKind, CouponRejection};
use maydanoz::store::{Db, StoreError, coupons, customers, orders};

pub fn coupon(code: &str) -> Coupon {
    Coupon::new(code, CouponKind::Percent, 10)
}

async fn create(db: &Db, c: &Coupon) {
    let mut tx = db.begin().await.expect("begin");
    coupons::create(
        &mut tx.exec(),
        c,
        maydanoz::domain::time::At::from_millis(0),
    )
    .await
    .expect("create");
    tx.commit().await.expect("commit");
}

/// Place an order for `phone` redeeming `code`; commits only when the coupon was granted.
pub async fn order_with_coupon(
    db: &Db,
    phone: &str,
    code: &str,
    subtotal: i64,
    now: i64,
) -> Result<Money, CouponRejection> {
    let mut tx = db.begin().await.expect("begin");
    customers::touch(
        &mut tx.exec(),
        &crate::common::phone(phone),
        None,
        maydanoz::domain::time::At::from_millis(now),
    )
    .await
    .expect("customer");
    let claimed = coupons::claim(
        &mut tx.exec(),
        code,
        &crate::common::phone(phone),
        Money::from_minor(subtotal),
        maydanoz::domain::time::At::from_millis(now),
    )
    .await
    .expect("claim");
    let (coupon_id, discount) = claimed?;
    let o = crate::orders::new_order(phone, subtotal);
    let id = orders::insert(&mut tx.exec(), &o, At::from_millis(now))
        .await
        .expect("order")
        .id;
    coupons::record_redemption(
        &mut tx.exec(),
        coupon_id,
        id,
        &crate::common::phone(phone),
        maydanoz::domain::time::At::from_millis(now),
    )
    .await
    .expect("redemption");
    tx.commit().await.expect("commit");
    Ok(discount)
}

async fn create_list_and_toggle(db: &Db) {
    create(db, &coupon("ILK50")).await;
    let mut tx = db.begin().await.expect("begin");
    assert!(matches!(
        coupons::create(
            &mut tx.exec(),
            &coupon("ILK50"),
            maydanoz::domain::time::At::from_millis(0)
        )
        .await,
        Err(StoreError::Conflict(_))
    ));
    drop(tx);
    let mut tx = db.begin().await.expect("begin");
    coupons::set_active(&mut tx.exec(), "ILK50", false)
        .await
        .expect("disable");
    assert!(matches!(
        coupons::set_active(&mut tx.exec(), "NOPE", false).await,
        Err(StoreError::Invalid(_))
    ));
    tx.commit().await.expect("commit");
    let all = coupons::list(&mut db.read().await.expect("read").exec())
        .await
        .expect("list");
    assert_eq!(all.len(), 1);
    assert!(!all[0].active);
    assert_eq!(
        order_with_coupon(db, "905551112233", "ILK50", 10000, 1).await,
        Err(CouponRejection::Inactive)
    );
}

async fn every_rule_is_enforced_by_the_store(db: &Db) {
    let mut c = coupon("KURAL");
    c.max_uses = Some(2);
    c.per_customer = Some(1);
    c.min_order = Some(Money::from_minor(10000));
    c.max_discount = Some(Money::from_minor(1500));
    c.starts_at = Some(At::from_millis(1_000));
    c.expires_at = Some(At::from_millis(1_000_000));
    create(db, &c).await;
    assert_eq!(
        order_with_coupon(db, "901", "KURAL", 20000, 999).await,
        Err(CouponRejection::NotYetValid {
            starts_at: At::from_millis(1000)
        })
    );
    assert_eq!(
        order_with_coupon(db, "901", "KURAL", 20000, 1_000_000).await,
        Err(CouponRejection::Expired)
    );
    assert_eq!(
        order_with_coupon(db, "901", "KURAL", 9999, 5000).await,
        Err(CouponRejection::BelowMinimum {
            min_order: Money::from_minor(10000)
        })
    );
    assert_eq!(
        order_with_coupon(db, "901", "KURAL", 20000, 5000).await,
        Ok(Money::from_minor(1500)),
        "10% capped at 15"
    );
    assert_eq!(
        order_with_coupon(db, "901", "KURAL", 20000, 5000).await,
        Err(CouponRejection::AlreadyUsedByYou)
    );
    assert_eq!(
        order_with_coupon(db, "902", "KURAL", 20000, 5000).await,
        Ok(Money::from_minor(1500))
    );
    assert_eq!(
        order_with_coupon(db, "903", "KURAL", 20000, 5000).await,
        Err(CouponRejection::UsedUp)
    );
    assert_eq!(
        order_with_coupon(db, "903", "NOPE", 20000, 5000).await,
        Err(CouponRejection::Unknown)
    );
}

/// `phone`'s live uses of `code` as the worker reads them with the coupon (one
/// statement), checked against the count read on its own; `None`: no such coupon.
async fn uses_of(db: &Db, code: &str, phone: &str) -> Option<i64> {
    let mut c = db.read().await.expect("read");
    let p = maydanoz::domain::CustomerId::parse(phone).expect("phone");
    let (id, coupon, uses) = coupons::get_with_uses(&mut c.exec(), code, &p)
        .await
        .expect("get")?;
    assert_eq!(coupon.code, code);
    let alone = coupons::customer_uses(&mut c.exec(), id, &p)
        .await
        .expect("uses");
    assert_eq!(uses, alone, "the same count as read on its own");
    Some(uses)
}

async fn a_cancelled_order_releases_its_redemption(db: &Db) {
    let mut c = coupon("TEK");
    c.max_uses = Some(1);
    create(db, &c).await;
    assert!(order_with_coupon(db, "901", "TEK", 10000, 5).await.is_ok());
    assert_eq!(
        order_with_coupon(db, "902", "TEK", 10000, 5).await,
        Err(CouponRejection::UsedUp)
    );
    assert_eq!(uses_of(db, "TEK", "901").await, Some(1));
    assert_eq!(uses_of(db, "TEK", "902").await, Some(0));
    assert_eq!(uses_of(db, "YOK", "901").await, None);
    let number = orders::list(&mut db.read().await.expect("read").exec(), None, 1)
        .await
        .expect("list")[0]
        .number;
    let o = maydanoz::service::change_status(
        db,
        None,
        number,
        maydanoz::domain::order::OrderStatus::Cancelled,
        At::from_millis(6),
    )
    .await
    .expect("cancel");
    assert_eq!(o.status, maydanoz::domain::order::OrderStatus::Cancelled);
    let (_, c) = coupons::get(&mut db.read().await.expect("read").exec(), "TEK")
        .await
        .expect("get")
        .expect("exists");
    assert_eq!(c.used, 0);
    assert_eq!(uses_of(db, "TEK", "901").await, Some(0), "released");
    assert!(
        order_with_coupon(db, "902", "TEK", 10000, 7).await.is_ok(),
        "the freed use can be taken again"
    );
}

async fn fifty_uses_raced_by_two_hundred_customers(db: &Db) {
    let mut c = coupon("ILK50");
    c.max_uses = Some(50);
    create(db, &c).await;
    let db = Arc::new(db.clone());
    let mut tasks = Vec::new();
    for i in 0..200 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            order_with_coupon(&db, &format!("90555{i:07}"), "ILK50", 20000, 10).await
        }));
    }
    let mut won = 0;
    let mut used_up = 0;
    for t in tasks {
        match t.await.expect("task") {
            Ok(_) => won += 1,
            Err(CouponRejection::UsedUp) => used_up += 1,
            Err(other) => panic!("unexpected rejection {other:?}"),
        }
    }
    assert_eq!((won, used_up), (50, 150));
    let mut x = db.read().await.expect("read");
    let (id, c) = coupons::get(&mut x.exec(), "ILK50")
        .await
        .expect("get")
        .expect("exists");
    assert_eq!(c.used, 50);
    let redemptions = x
        .exec()
        .scalar(
            "SELECT COUNT(*) FROM coupon_redemptions WHERE coupon_id = $1",
            vec![id.into()],
        )
        .await
        .expect("count");
    assert_eq!(redemptions, 50);
}

crate::on_both_backends!(
    create_list_and_toggle,
    every_rule_is_enforced_by_the_store,
    a_cancelled_order_releases_its_redemption,
    fifty_uses_raced_by_two_hundred_customers,
);
