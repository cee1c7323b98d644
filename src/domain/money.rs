//! Money as integer minor units (kuruş for TRY). Never floats.
//!
//! Parsing accepts what people type on a Turkish or English keyboard:
//! `120`, `120.5`, `120.50`, `120,50`, `1.250,00` and `1,250.00`. Formatting
//! prints what people read: `1.250,00 ₺`.

use std::fmt;

/// An amount in minor units. Negative values only appear as discounts or as
/// option price deltas; prices themselves are validated non-negative at the edge.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(transparent)]
pub struct Money(i64);

/// Why a typed amount was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum MoneyError {
    #[error("empty amount")]
    Empty,
    #[error("'{0}' is not an amount (write it like 120, 120.50 or 120,50)")]
    Garbage(String),
    #[error("'{0}' has more than two decimals")]
    TooPrecise(String),
    #[error("'{0}' is negative; amounts must be zero or more")]
    Negative(String),
    #[error("'{0}' is too large")]
    TooLarge(String),
}

/// Largest amount we accept from a person: 10 million in major units.
const MAX_MINOR: i64 = 10_000_000 * 100;

impl Money {
    pub const ZERO: Money = Money(0);

    /// An amount of `minor` units (kuruş): from the store, JSON or arithmetic.
    pub const fn from_minor(minor: i64) -> Money {
        Money(minor)
    }

    /// The amount in minor units, for the store and JSON (`*_minor` fields).
    pub const fn minor(self) -> i64 {
        self.0
    }

    /// Parse a non-negative amount typed by a person.
    pub(crate) fn parse(input: &str) -> Result<Money, MoneyError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        if s.starts_with('-') {
            return Err(MoneyError::Negative(s.to_string()));
        }
        let s = s.strip_prefix('+').unwrap_or(s);
        let garbage = || MoneyError::Garbage(input.trim().to_string());
        if !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        {
            return Err(garbage());
        }
        // The decimal separator is the last '.' or ',' if it is followed by one or two
        // digits only; every other separator must group thousands (three digits).
        let last_sep = s.rfind(['.', ',']);
        let (int_part, frac_part) = match last_sep {
            Some(i) if s.len() - i - 1 <= 2 && s.len() - i > 1 => (&s[..i], &s[i + 1..]),
            Some(i) if s.len() - i - 1 == 0 => return Err(garbage()),
            Some(i) if s.len() - i - 1 > 3 => {
                return Err(MoneyError::TooPrecise(input.trim().to_string()));
            }
            _ => (s, ""),
        };
        // A trailing group of exactly three digits after a single separator is ambiguous
        // ("1.250"): treat it as thousands, which is how it reads in Turkish.
        let digits: String = if int_part.contains(['.', ',']) {
            let groups: Vec<&str> = int_part.split(['.', ',']).collect();
            let first_ok = !groups[0].is_empty() && groups[0].len() <= 3;
            if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
                return Err(garbage());
            }
            // mixed separators inside the integer part are not a number anyone writes
            let seps: Vec<char> = int_part
                .chars()
                .filter(|c| *c == '.' || *c == ',')
                .collect();
            if seps.windows(2).any(|w| w[0] != w[1]) {
                return Err(garbage());
            }
            if let Some(i) = last_sep
                && !frac_part.is_empty()
                && seps.first() == s[i..].chars().next().as_ref()
            {
                return Err(garbage());
            }
            groups.concat()
        } else {
            int_part.to_string()
        };
        if digits.is_empty() {
            return Err(garbage());
        }
        let major: i64 = digits
            .parse()
            .map_err(|_| MoneyError::TooLarge(input.trim().to_string()))?;
        let frac: i64 = match frac_part.len() {
            0 => 0,
            1 => frac_part.parse::<i64>().map_err(|_| garbage())? * 10,
            _ => frac_part.parse::<i64>().map_err(|_| garbage())?,
        };
        let minor = major
            .checked_mul(100)
            .and_then(|m| m.checked_add(frac))
            .filter(|m| *m <= MAX_MINOR)
            .ok_or_else(|| MoneyError::TooLarge(input.trim().to_string()))?;
        Ok(Money(minor))
    }

    /// Parse an amount that may be negative (an option that makes an item cheaper).
    pub(crate) fn parse_signed(input: &str) -> Result<Money, MoneyError> {
        match input.trim().strip_prefix('-') {
            Some(rest) => Money::parse(rest).map(|m| Money(-m.0)),
            None => Money::parse(input),
        }
    }

    /// `120.50` style, for files meant to be read back (menu export).
    pub(crate) fn to_plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", a / 100, a % 100)
    }

    /// `1.250,00 ₺` — how a person reads a price.
    pub(crate) fn display(self, currency: &str) -> String {
        self.display_symbol(currency_symbol(currency))
    }

    /// As [`Money::display`], with the currency symbol given (e.g. "TL" where
    /// the terminal has no `₺`).
    pub(crate) fn display_symbol(self, sym: &str) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        let major = (a / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in major.chars().enumerate() {
            if i > 0 && (major.len() - i).is_multiple_of(3) {
                grouped.push('.');
            }
            grouped.push(c);
        }
        format!("{sign}{grouped},{:02} {sym}", a % 100)
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money(self.0.saturating_add(o.0))
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        Money(self.0.saturating_sub(o.0))
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_plain())
    }
}

/// The symbol people expect after an amount; unknown ISO codes print as themselves.
pub(crate) fn currency_symbol(code: &str) -> &str {
    match code {
        "TRY" => "₺",
        "EUR" => "€",
        "USD" => "$",
        "GBP" => "£",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_people_type() {
        for (s, m) in [
            ("120", 12000),
            ("120.5", 12050),
            ("120.50", 12050),
            ("120,50", 12050),
            ("120,5", 12050),
            ("0", 0),
            ("1.250,00", 125000),
            ("1,250.00", 125000),
            ("1.250", 125000),
            (" 45 ", 4500),
        ] {
            assert_eq!(Money::parse(s), Ok(Money(m)), "{s}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_price() {
        for s in [
            "", "-5", "abc", "12a", "1.2.3", "120.", "12.345.6", "1,250,00", "1.25,00", "120₺",
        ] {
            assert!(Money::parse(s).is_err(), "{s} should fail");
        }
        assert!(matches!(Money::parse("-5"), Err(MoneyError::Negative(_))));
        assert!(matches!(
            Money::parse("1.2345"),
            Err(MoneyError::TooPrecise(_))
        ));
        assert!(matches!(
            Money::parse("99999999999999999999"),
            Err(MoneyError::TooLarge(_))
        ));
    }

    #[test]
    fn displays_turkish_style() {
        assert_eq!(Money(12000).display("TRY"), "120,00 ₺");
        assert_eq!(Money(125050).display("TRY"), "1.250,50 ₺");
        assert_eq!(Money(5).display("EUR"), "0,05 €");
        assert_eq!(Money(-1500).display("TRY"), "-15,00 ₺");
        assert_eq!(Money(125050).display_symbol("TL"), "1.250,50 TL");
        assert_eq!(Money(123456789).to_plain(), "1234567.89");
    }

    #[test]
    fn signed_parse_for_deltas() {
        assert_eq!(Money::parse_signed("-10"), Ok(Money(-1000)));
        assert_eq!(Money::parse_signed("10,5"), Ok(Money(1050)));
    }
}
