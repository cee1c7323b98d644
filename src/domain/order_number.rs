//! The order's number, as one type from the counter to the board, the CLI and the customer.

use std::fmt;
use std::str::FromStr;

/// The short number called out in the kitchen ("#42"): handed out by the store's
/// counter, shown on tickets, typed on the command line, sent in JSON as a plain
/// number. Stored as an integer in `number` / `order_number` columns.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct OrderNumber(i64);

impl OrderNumber {
    pub const fn new(n: i64) -> OrderNumber {
        OrderNumber(n)
    }

    /// The integer, for SQL and arithmetic.
    pub const fn get(self) -> i64 {
        self.0
    }
}

impl From<i64> for OrderNumber {
    fn from(n: i64) -> OrderNumber {
        OrderNumber(n)
    }
}

impl From<OrderNumber> for i64 {
    fn from(n: OrderNumber) -> i64 {
        n.0
    }
}

/// An order number compares with the integer it wraps (`o.number == 7`).
impl PartialEq<i64> for OrderNumber {
    fn eq(&self, other: &i64) -> bool {
        self.0 == *other
    }
}

impl PartialEq<OrderNumber> for i64 {
    fn eq(&self, other: &OrderNumber) -> bool {
        *self == other.0
    }
}

/// As typed on the command line or in a route: the digits (an integer, like before).
impl FromStr for OrderNumber {
    type Err = std::num::ParseIntError;
    fn from_str(s: &str) -> Result<OrderNumber, Self::Err> {
        s.parse().map(OrderNumber)
    }
}

impl fmt::Display for OrderNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::OrderNumber;

    #[test]
    fn a_plain_number_in_text_and_json() {
        let n: OrderNumber = "42".parse().expect("digits");
        assert_eq!(n.to_string(), "42");
        assert_eq!(
            format!("#{n:>3}"),
            "# 42",
            "width and alignment pass through"
        );
        assert_eq!(serde_json::to_string(&n).expect("json"), "42");
        let back: OrderNumber = serde_json::from_str("42").expect("from json");
        assert_eq!(back, n);
        assert!("x1".parse::<OrderNumber>().is_err());
    }
}
