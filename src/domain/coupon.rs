//! Coupon rules: what a code is worth for this customer and this cart, or why not.
//!
//! The store enforces the use limits atomically when the order is written; this
//! module explains to the customer ahead of time and computes the discount.

use super::money::Money;
use super::time::At;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CouponKind {
    /// `value` is a percentage 1–100.
    Percent,
    /// `value` is minor units off the subtotal.
    Amount,
}

impl CouponKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            CouponKind::Percent => "percent",
            CouponKind::Amount => "amount",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<CouponKind> {
        match s {
            "percent" => Some(CouponKind::Percent),
            "amount" => Some(CouponKind::Amount),
            _ => None,
        }
    }
}

/// A coupon as stored. Absent limits are `None`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Coupon {
    pub code: String,
    pub kind: CouponKind,
    pub value: i64,
    pub max_uses: Option<i64>,
    pub used: i64,
    pub per_customer: Option<i64>,
    pub min_order: Option<Money>,
    pub max_discount: Option<Money>,
    /// Inclusive (stored as unix ms).
    pub starts_at: Option<At>,
    /// Exclusive (stored as unix ms).
    pub expires_at: Option<At>,
    pub active: bool,
}

/// Why a coupon does not apply, each with its own explanation to the customer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CouponRejection {
    Unknown,
    Inactive,
    NotYetValid { starts_at: At },
    Expired,
    UsedUp,
    AlreadyUsedByYou,
    BelowMinimum { min_order: Money },
}

/// Codes are case-insensitive and stored upper-case: "ilk50" is "ILK50".
pub(crate) fn normalize_code(code: &str) -> String {
    code.trim().to_uppercase()
}

/// Is `code` a plausible coupon code (letters, digits, - and _; 2 to 32 characters)?
pub(crate) fn valid_code(code: &str) -> bool {
    let n = code.chars().count();
    (2..=32).contains(&n)
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

impl Coupon {
    /// An active coupon with no limits; set the limits that apply on the result.
    pub fn new(code: &str, kind: CouponKind, value: i64) -> Coupon {
        Coupon {
            code: code.to_string(),
            kind,
            value,
            max_uses: None,
            used: 0,
            per_customer: None,
            min_order: None,
            max_discount: None,
            starts_at: None,
            expires_at: None,
            active: true,
        }
    }

    /// The discount on `subtotal`, never more than the subtotal itself.
    pub(crate) fn discount_on(&self, subtotal: Money) -> Money {
        let raw = match self.kind {
            CouponKind::Percent => {
                Money::from_minor(subtotal.minor().saturating_mul(self.value) / 100)
            }
            CouponKind::Amount => Money::from_minor(self.value),
        };
        let capped = match self.max_discount {
            Some(cap) if raw > cap => cap,
            _ => raw,
        };
        Money::from_minor(capped.minor().clamp(0, subtotal.minor().max(0)))
    }

    /// Check every rule in the order a customer would want to hear them.
    /// `customer_uses` counts this customer's live redemptions of this coupon.
    pub(crate) fn check(
        &self,
        customer_uses: i64,
        subtotal: Money,
        now: At,
    ) -> Result<Money, CouponRejection> {
        if !self.active {
            return Err(CouponRejection::Inactive);
        }
        if let Some(s) = self.starts_at
            && now < s
        {
            return Err(CouponRejection::NotYetValid { starts_at: s });
        }
        if let Some(e) = self.expires_at
            && now >= e
        {
            return Err(CouponRejection::Expired);
        }
        if let Some(max) = self.max_uses
            && self.used >= max
        {
            return Err(CouponRejection::UsedUp);
        }
        if let Some(per) = self.per_customer
            && customer_uses >= per
        {
            return Err(CouponRejection::AlreadyUsedByYou);
        }
        if let Some(min) = self.min_order
            && subtotal < min
        {
            return Err(CouponRejection::BelowMinimum { min_order: min });
        }
        Ok(self.discount_on(subtotal))
    }
}

/// Validate an owner's coupon definition.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum CouponDefError {
    #[error("coupon code '{0}' must be 2–32 letters, digits, - or _")]
    BadCode(String),
    #[error("--percent must be between 1 and 100, got {0}")]
    PercentOutOfRange(i64),
    #[error("--amount must be more than zero")]
    ZeroAmount,
    #[error("--max-uses must be at least 1")]
    ZeroMaxUses,
    #[error("--per-customer must be at least 1")]
    ZeroPerCustomer,
}

impl Coupon {
    pub(crate) fn validate(&self) -> Result<(), CouponDefError> {
        if !valid_code(&self.code) {
            return Err(CouponDefError::BadCode(self.code.clone()));
        }
        match self.kind {
            CouponKind::Percent if !(1..=100).contains(&self.value) => {
                return Err(CouponDefError::PercentOutOfRange(self.value));
            }
            CouponKind::Amount if self.value <= 0 => return Err(CouponDefError::ZeroAmount),
            _ => {}
        }
        if self.max_uses.is_some_and(|m| m < 1) {
            return Err(CouponDefError::ZeroMaxUses);
        }
        if self.per_customer.is_some_and(|m| m < 1) {
            return Err(CouponDefError::ZeroPerCustomer);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Coupon {
        Coupon::new("ILK50", CouponKind::Percent, 10)
    }

    #[test]
    fn percent_discount_floors_and_caps() {
        let mut c = base();
        assert_eq!(
            c.check(0, Money::from_minor(12345), At::from_millis(0)),
            Ok(Money::from_minor(1234))
        );
        c.max_discount = Some(Money::from_minor(1000));
        assert_eq!(
            c.check(0, Money::from_minor(50000), At::from_millis(0)),
            Ok(Money::from_minor(1000))
        );
    }

    #[test]
    fn amount_never_exceeds_subtotal() {
        let mut c = base();
        c.kind = CouponKind::Amount;
        c.value = 5000;
        assert_eq!(
            c.check(0, Money::from_minor(3000), At::from_millis(0)),
            Ok(Money::from_minor(3000))
        );
        assert_eq!(
            c.check(0, Money::from_minor(9000), At::from_millis(0)),
            Ok(Money::from_minor(5000))
        );
    }

    #[test]
    fn each_rule_has_its_reason() {
        let mut c = base();
        c.active = false;
        assert_eq!(
            c.check(0, Money::from_minor(100), At::from_millis(0)),
            Err(CouponRejection::Inactive)
        );
        let mut c = base();
        c.starts_at = Some(At::from_millis(1000));
        assert_eq!(
            c.check(0, Money::from_minor(100), At::from_millis(999)),
            Err(CouponRejection::NotYetValid {
                starts_at: At::from_millis(1000)
            })
        );
        assert!(
            c.check(0, Money::from_minor(100), At::from_millis(1000))
                .is_ok()
        );
        let mut c = base();
        c.expires_at = Some(At::from_millis(1000));
        assert_eq!(
            c.check(0, Money::from_minor(100), At::from_millis(1000)),
            Err(CouponRejection::Expired)
        );
        assert!(
            c.check(0, Money::from_minor(100), At::from_millis(999))
                .is_ok()
        );
        let mut c = base();
        c.max_uses = Some(50);
        c.used = 50;
        assert_eq!(
            c.check(0, Money::from_minor(100), At::from_millis(0)),
            Err(CouponRejection::UsedUp)
        );
        c.used = 49;
        assert!(
            c.check(0, Money::from_minor(100), At::from_millis(0))
                .is_ok()
        );
        let mut c = base();
        c.per_customer = Some(1);
        assert_eq!(
            c.check(1, Money::from_minor(100), At::from_millis(0)),
            Err(CouponRejection::AlreadyUsedByYou)
        );
        assert!(
            c.check(0, Money::from_minor(100), At::from_millis(0))
                .is_ok()
        );
        let mut c = base();
        c.min_order = Some(Money::from_minor(20000));
        assert_eq!(
            c.check(0, Money::from_minor(19999), At::from_millis(0)),
            Err(CouponRejection::BelowMinimum {
                min_order: Money::from_minor(20000)
            })
        );
        assert!(
            c.check(0, Money::from_minor(20000), At::from_millis(0))
                .is_ok()
        );
    }

    #[test]
    fn definitions_are_validated() {
        let mut c = base();
        c.value = 0;
        assert_eq!(c.validate(), Err(CouponDefError::PercentOutOfRange(0)));
        c.value = 101;
        assert_eq!(c.validate(), Err(CouponDefError::PercentOutOfRange(101)));
        c.value = 100;
        assert_eq!(c.validate(), Ok(()));
        c.code = "bad code".into();
        assert!(matches!(c.validate(), Err(CouponDefError::BadCode(_))));
        assert_eq!(normalize_code(" ilk50 "), "ILK50");
    }
}
