//! `maydanoz coupon …`

use serde::Serialize;

use super::{Admin, Table, from_store, rfc3339, user};
use crate::cli::{CouponCmd, CouponCreate};
use crate::domain::Money;
use crate::domain::coupon::{self, Coupon, CouponKind};
use crate::domain::time::{At, Span};
use crate::store::coupons as store;

pub async fn run(a: &Admin, cmd: CouponCmd) -> anyhow::Result<()> {
    match cmd {
        CouponCmd::Create(c) => create(a, c).await,
        CouponCmd::List { json } => list(a, json).await,
        CouponCmd::Disable { code } => set_active(a, &code, false).await,
        CouponCmd::Enable { code } => set_active(a, &code, true).await,
    }
}

/// Midnight at the start of `date` (YYYY-MM-DD) in the restaurant's zone, plus `days`.
fn day_start(a: &Admin, flag: &str, date: &str, days: i64) -> anyhow::Result<At> {
    let d: jiff::civil::Date = date
        .trim()
        .parse()
        .map_err(|_| user(format!("{flag}: '{date}' is not a date like 2026-12-31")))?;
    let d = d
        .checked_add(jiff::Span::new().days(days))
        .map_err(|e| user(format!("{flag}: {e}")))?;
    let z = d
        .to_zoned(a.tz.clone())
        .map_err(|e| user(format!("{flag}: {e}")))?;
    Ok(At::from_millis(z.timestamp().as_millisecond()))
}

fn opt_money(flag: &str, v: Option<&str>) -> anyhow::Result<Option<Money>> {
    v.map(|s| Money::parse(s).map_err(|e| user(format!("{flag}: {e}"))))
        .transpose()
}

async fn create(a: &Admin, c: CouponCreate) -> anyhow::Result<()> {
    let code = coupon::normalize_code(&c.code);
    let (kind, value) = match (c.percent, c.amount.as_deref()) {
        (Some(p), None) => (CouponKind::Percent, p),
        (None, Some(amount)) => (
            CouponKind::Amount,
            Money::parse(amount)
                .map_err(|e| user(format!("--amount: {e}")))?
                .minor(),
        ),
        _ => return Err(user("give exactly one of --percent or --amount")),
    };
    let starts_at = c
        .starts
        .as_deref()
        .map(|d| day_start(a, "--starts", d, 0))
        .transpose()?;
    // --expires names the last valid day: the coupon ends at the following midnight.
    let expires_at = c
        .expires
        .as_deref()
        .map(|d| day_start(a, "--expires", d, 1))
        .transpose()?;
    if let (Some(s), Some(e), Some(sd), Some(ed)) = (starts_at, expires_at, &c.starts, &c.expires)
        && (e <= s || ed < sd)
    {
        return Err(user(format!("--expires ({ed}) is before --starts ({sd})")));
    }
    if kind == CouponKind::Amount && c.max_discount.is_some() {
        return Err(user("--max-discount only applies to --percent coupons"));
    }
    let coupon = Coupon {
        code,
        kind,
        value,
        max_uses: c.max_uses,
        used: 0,
        per_customer: c.per_customer,
        min_order: opt_money("--min-order", c.min_order.as_deref())?,
        max_discount: opt_money("--max-discount", c.max_discount.as_deref())?,
        starts_at,
        expires_at,
        active: true,
    };
    coupon.validate().map_err(|e| user(e.to_string()))?;
    let mut tx = a.db.begin().await?;
    store::create(&mut tx.exec(), &coupon, crate::clock::now())
        .await
        .map_err(from_store)?;
    tx.commit().await?;
    println!("created coupon {}: {}", coupon.code, describe(a, &coupon));
    Ok(())
}

fn describe(a: &Admin, c: &Coupon) -> String {
    let mut parts = vec![match c.kind {
        CouponKind::Percent => format!("{}% off", c.value),
        CouponKind::Amount => format!("{} off", a.money(Money::from_minor(c.value))),
    }];
    if let Some(m) = c.max_discount {
        parts.push(format!("at most {}", a.money(m)));
    }
    if let Some(m) = c.min_order {
        parts.push(format!("from {}", a.money(m)));
    }
    if let Some(n) = c.max_uses {
        parts.push(format!("{n} uses"));
    }
    if let Some(n) = c.per_customer {
        parts.push(format!("{n} per customer"));
    }
    parts.join(", ")
}

/// One coupon as `coupon list --json` prints it (CONTRACT.md).
#[derive(Serialize)]
struct JsonCoupon<'a> {
    code: &'a str,
    kind: &'static str,
    value: i64,
    max_uses: Option<i64>,
    used: i64,
    per_customer: Option<i64>,
    min_order_minor: Option<i64>,
    max_discount_minor: Option<i64>,
    starts_at: Option<String>,
    expires_at: Option<String>,
    /// Not disabled (the stored switch); whether it applies now is `status`.
    active: bool,
    status: &'static str,
}

async fn list(a: &Admin, json: bool) -> anyhow::Result<()> {
    let all = store::list(&mut a.db.read().await?.exec()).await?;
    let now = crate::clock::now();
    if json {
        let out: Vec<JsonCoupon<'_>> = all
            .iter()
            .map(|c| JsonCoupon {
                code: &c.code,
                kind: c.kind.as_str(),
                value: c.value,
                max_uses: c.max_uses,
                used: c.used,
                per_customer: c.per_customer,
                min_order_minor: c.min_order.map(|m| m.minor()),
                max_discount_minor: c.max_discount.map(|m| m.minor()),
                starts_at: c.starts_at.map(rfc3339),
                expires_at: c.expires_at.map(rfc3339),
                active: c.active,
                status: status(c, now),
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    if all.is_empty() {
        println!(
            "No coupons yet. Create one with: maydanoz coupon create ILK50 --percent 10 --max-uses 50"
        );
        return Ok(());
    }
    let mut t = Table::new(&["CODE", "DISCOUNT", "USED", "VALID", "STATUS"]);
    for c in &all {
        let used = match c.max_uses {
            Some(m) => format!("{}/{m}", c.used),
            None => c.used.to_string(),
        };
        let valid = match (c.starts_at, c.expires_at) {
            (None, None) => "always".to_string(),
            (s, e) => format!(
                "{} – {}",
                s.map_or(String::new(), |s| a.local_time(s)),
                e.map_or(String::new(), |e| a.local_time(e - Span::millis(1)))
            ),
        };
        t.row(vec![
            c.code.clone(),
            describe(a, c),
            used,
            valid,
            status(c, now).into(),
        ]);
    }
    print!("{}", t.render());
    Ok(())
}

/// What a customer typing the code now would meet: "active" only when it would
/// apply (a basket at its minimum); else why not, as the bot would say it.
fn status(c: &Coupon, now: At) -> &'static str {
    let basket = c.min_order.unwrap_or(Money::ZERO);
    match c.check(0, basket, now) {
        Err(coupon::CouponRejection::Inactive) => "disabled",
        Err(coupon::CouponRejection::NotYetValid { .. }) => "not yet valid",
        Err(coupon::CouponRejection::Expired) => "expired",
        Err(coupon::CouponRejection::UsedUp) => "used up",
        _ => "active",
    }
}

async fn set_active(a: &Admin, code: &str, active: bool) -> anyhow::Result<()> {
    let code = coupon::normalize_code(code);
    let mut tx = a.db.begin().await?;
    store::set_active(&mut tx.exec(), &code, active)
        .await
        .map_err(from_store)?;
    tx.commit().await?;
    println!(
        "coupon {code} {}",
        if active {
            "enabled"
        } else {
            "disabled: it cannot be used from now on"
        }
    );
    Ok(())
}
