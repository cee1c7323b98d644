//! The values bound to SQL: [`Arg`], one variant per type that encodes natively on
//! both backends, the conversions into it (the domain's newtypes bind as the text or
//! integer their columns hold), `args!`, and [`json_arg`] for the set-at-once
//! statements that take a whole list as one JSON parameter.

use super::StoreError;
use crate::domain::{CustomerId, OrderNumber, PhoneNumber, UserId};

/// A bound parameter. Each variant encodes natively on both backends.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    I64(i64),
    OptI64(Option<i64>),
    Text(String),
    OptText(Option<String>),
    Bool(bool),
}

impl From<i64> for Arg {
    fn from(v: i64) -> Arg {
        Arg::I64(v)
    }
}
impl From<Option<i64>> for Arg {
    fn from(v: Option<i64>) -> Arg {
        Arg::OptI64(v)
    }
}
impl From<String> for Arg {
    fn from(v: String) -> Arg {
        Arg::Text(v)
    }
}
impl From<&String> for Arg {
    fn from(v: &String) -> Arg {
        Arg::Text(v.clone())
    }
}
impl From<&str> for Arg {
    fn from(v: &str) -> Arg {
        Arg::Text(v.to_string())
    }
}
impl From<Option<String>> for Arg {
    fn from(v: Option<String>) -> Arg {
        Arg::OptText(v)
    }
}
impl From<Option<&str>> for Arg {
    fn from(v: Option<&str>) -> Arg {
        Arg::OptText(v.map(str::to_string))
    }
}
impl From<bool> for Arg {
    fn from(v: bool) -> Arg {
        Arg::Bool(v)
    }
}
// The domain's newtypes bind as the integer / text their columns hold.
impl From<OrderNumber> for Arg {
    fn from(v: OrderNumber) -> Arg {
        Arg::I64(v.get())
    }
}
impl From<&CustomerId> for Arg {
    fn from(v: &CustomerId) -> Arg {
        Arg::Text(v.as_str().to_string())
    }
}
impl From<CustomerId> for Arg {
    fn from(v: CustomerId) -> Arg {
        Arg::Text(v.into())
    }
}
impl From<&PhoneNumber> for Arg {
    fn from(v: &PhoneNumber) -> Arg {
        Arg::Text(v.as_str().to_string())
    }
}
impl From<&UserId> for Arg {
    fn from(v: &UserId) -> Arg {
        Arg::Text(v.as_str().to_string())
    }
}

/// `args![a, b, c]` builds a `Vec<Arg>`.
#[macro_export]
macro_rules! args {
    ($($a:expr),* $(,)?) => { vec![$($crate::store::Arg::from($a)),*] };
}

/// A JSON text parameter for the set-at-once statements.
pub(crate) fn json_arg<T: serde::Serialize>(v: &T) -> Result<Arg, StoreError> {
    serde_json::to_string(v)
        .map(Arg::Text)
        .map_err(|e| StoreError::Invalid(e.to_string()))
}
