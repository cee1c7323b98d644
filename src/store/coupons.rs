//! Coupons and their redemptions. The use limits are enforced here, atomically:
//! the redeeming `UPDATE` checks `used < max_uses` in the same statement, so
//! under any concurrency there are never more redemptions than allowed.

use super::{Exec, StoreError, counters};
use crate::args;
use crate::domain::coupon::{Coupon, CouponKind, CouponRejection};
use crate::domain::time::At;
use crate::domain::{CustomerId, Money};

#[derive(sqlx::FromRow)]
struct CouponRow {
    id: i64,
    code: String,
    kind: String,
    value: i64,
    max_uses: Option<i64>,
    used: i64,
    per_customer: Option<i64>,
    min_order_minor: Option<i64>,
    max_discount_minor: Option<i64>,
    starts_at: Option<At>,
    expires_at: Option<At>,
    active: bool,
}

impl CouponRow {
    fn into_coupon(self) -> (i64, Coupon) {
        let c = Coupon {
            code: self.code,
            kind: CouponKind::parse(&self.kind).unwrap_or(CouponKind::Amount),
            value: self.value,
            max_uses: self.max_uses,
            used: self.used,
            per_customer: self.per_customer,
            min_order: self.min_order_minor.map(Money::from_minor),
            max_discount: self.max_discount_minor.map(Money::from_minor),
            starts_at: self.starts_at,
            expires_at: self.expires_at,
            active: self.active,
        };
        (self.id, c)
    }
}

/// Create a coupon; the definition must be validated (`Coupon::validate`).
pub async fn create(conn: &mut Exec<'_>, c: &Coupon, now: At) -> Result<(), StoreError> {
    let now = now.as_millis();
    let r = conn
        .execute(
            r#"INSERT INTO coupons (code, kind, value, max_uses, used, per_customer, min_order_minor,
                                    max_discount_minor, starts_at, expires_at, active, created_at)
               VALUES ($1, $2, $3, $4, 0, $5, $6, $7, $8, $9, $10, $11)"#,
            args![
                c.code.as_str(),
                c.kind.as_str(),
                c.value,
                c.max_uses,
                c.per_customer,
                c.min_order.map(|m| m.minor()),
                c.max_discount.map(|m| m.minor()),
                c.starts_at.map(At::as_millis),
                c.expires_at.map(At::as_millis),
                c.active,
                now
            ],
        )
        .await;
    match r {
        Err(e) if e.is_unique_violation() => Err(StoreError::Conflict(format!(
            "coupon {} already exists",
            c.code
        ))),
        Err(e) => Err(e),
        Ok(_) => counters::bump_change_seq(conn).await.map(|_| ()),
    }
}

pub async fn list(conn: &mut Exec<'_>) -> Result<Vec<Coupon>, StoreError> {
    let rows: Vec<CouponRow> = conn
        .fetch_all(
            r#"SELECT id, code, kind, value, max_uses, used, per_customer, min_order_minor,
                      max_discount_minor, starts_at, expires_at, active
               FROM coupons ORDER BY code"#,
            args![],
        )
        .await?;
    Ok(rows.into_iter().map(|r| r.into_coupon().1).collect())
}

/// A coupon by its (normalized) code, with its row id.
pub async fn get(conn: &mut Exec<'_>, code: &str) -> Result<Option<(i64, Coupon)>, StoreError> {
    let row: Option<CouponRow> = conn
        .fetch_optional(
            r#"SELECT id, code, kind, value, max_uses, used, per_customer, min_order_minor,
                      max_discount_minor, starts_at, expires_at, active
               FROM coupons WHERE code = $1"#,
            args![code],
        )
        .await?;
    Ok(row.map(CouponRow::into_coupon))
}

/// A coupon with one customer's live uses of it, read together.
#[derive(sqlx::FromRow)]
struct CouponWithUses {
    #[sqlx(flatten)]
    coupon: CouponRow,
    customer_uses: i64,
}

/// The coupon `code` (its row id and definition) and `phone`'s live uses of it
/// ([`customer_uses`]) in one statement: the worker looks a code up for every
/// customer who types one, before the bot answers.
pub async fn get_with_uses(
    conn: &mut Exec<'_>,
    code: &str,
    phone: &CustomerId,
) -> Result<Option<(i64, Coupon, i64)>, StoreError> {
    let row: Option<CouponWithUses> = conn
        .fetch_optional(
            r#"SELECT id, code, kind, value, max_uses, used, per_customer, min_order_minor,
                      max_discount_minor, starts_at, expires_at, active,
                      (SELECT COUNT(*) FROM coupon_redemptions AS r
                        WHERE r.coupon_id = coupons.id AND r.customer_phone = $2
                          AND r.released_at IS NULL) AS customer_uses
               FROM coupons WHERE code = $1"#,
            args![code, phone],
        )
        .await?;
    Ok(row.map(|r| {
        let (id, coupon) = r.coupon.into_coupon();
        (id, coupon, r.customer_uses)
    }))
}

/// Turn a coupon on or off.
pub async fn set_active(conn: &mut Exec<'_>, code: &str, active: bool) -> Result<(), StoreError> {
    if conn
        .execute(
            "UPDATE coupons SET active = $1 WHERE code = $2",
            args![active, code],
        )
        .await?
        == 0
    {
        return Err(StoreError::Invalid(format!("no coupon {code}")));
    }
    counters::bump_change_seq(conn).await?;
    Ok(())
}

/// This customer's live (not released) redemptions of a coupon.
pub async fn customer_uses(
    conn: &mut Exec<'_>,
    coupon_id: i64,
    phone: &CustomerId,
) -> Result<i64, StoreError> {
    conn.scalar(
        r#"SELECT COUNT(*) FROM coupon_redemptions
           WHERE coupon_id = $1 AND customer_phone = $2 AND released_at IS NULL"#,
        args![coupon_id, phone],
    )
    .await
}

/// Take one use of a coupon for an order about to be written in this
/// transaction. Every rule is checked in the one `UPDATE`, so under any
/// concurrency there are never more uses than allowed; when it changes no row,
/// the coupon is read again to say which rule refused. Returns the coupon's row
/// id (for [`record_redemption`]) and the discount on `subtotal`.
pub async fn claim(
    conn: &mut Exec<'_>,
    code: &str,
    phone: &CustomerId,
    subtotal: Money,
    now: At,
) -> Result<Result<(i64, Money), CouponRejection>, StoreError> {
    let now = now.as_millis();
    let won: Option<CouponRow> = conn
        .fetch_optional(
            r#"UPDATE coupons SET used = used + 1
               WHERE code = $1 AND active = TRUE
                 AND (max_uses IS NULL OR used < max_uses)
                 AND (starts_at IS NULL OR starts_at <= $2)
                 AND (expires_at IS NULL OR expires_at > $2)
                 AND (min_order_minor IS NULL OR min_order_minor <= $3)
                 AND (per_customer IS NULL OR per_customer > (
                       SELECT COUNT(*) FROM coupon_redemptions r
                       WHERE r.coupon_id = coupons.id AND r.customer_phone = $4 AND r.released_at IS NULL))
               RETURNING id, code, kind, value, max_uses, used, per_customer, min_order_minor,
                         max_discount_minor, starts_at, expires_at, active"#,
            args![code, now, subtotal.minor(), phone],
        )
        .await?;
    let Some(row) = won else {
        let Some((id, c)) = get(conn, code).await? else {
            return Ok(Err(CouponRejection::Unknown));
        };
        let uses = customer_uses(conn, id, phone).await?;
        // The rules say why; if they now pass (a release raced us), call it used up.
        return Ok(Err(c
            .check(uses, subtotal, At::from_millis(now))
            .err()
            .unwrap_or(CouponRejection::UsedUp)));
    };
    let (coupon_id, c) = row.into_coupon();
    Ok(Ok((coupon_id, c.discount_on(subtotal))))
}

/// Tie a claimed use to the order written with it (so a cancel can release it).
pub async fn record_redemption(
    conn: &mut Exec<'_>,
    coupon_id: i64,
    order_id: i64,
    phone: &CustomerId,
    now: At,
) -> Result<(), StoreError> {
    let now = now.as_millis();
    conn.execute(
        "INSERT INTO coupon_redemptions (coupon_id, order_id, customer_phone, redeemed_at) VALUES ($1, $2, $3, $4)",
        args![coupon_id, order_id, phone, now],
    )
    .await?;
    Ok(())
}

/// Give back the redemption of a cancelled order (no-op if it had none).
pub(crate) async fn release_for_order(
    conn: &mut Exec<'_>,
    order_id: i64,
    now: At,
) -> Result<bool, StoreError> {
    let now = now.as_millis();
    let released: Option<(i64,)> = conn
        .fetch_optional(
            r#"UPDATE coupon_redemptions SET released_at = $1
               WHERE order_id = $2 AND released_at IS NULL RETURNING coupon_id"#,
            args![now, order_id],
        )
        .await?;
    if let Some((coupon_id,)) = released {
        conn.execute(
            "UPDATE coupons SET used = used - 1 WHERE id = $1 AND used > 0",
            args![coupon_id],
        )
        .await?;
        return Ok(true);
    }
    Ok(false)
}
