//! A customer id read straight from a `customer_phone`, `recipient` or `phone` column:
//! decoded as text and parsed, so a row whose key is neither a phone number nor a user id
//! is refused with the reason. (sqlx's `try_from` field attribute reports any conversion
//! error as "unprintable", so the id decodes itself instead.)

use sqlx::error::BoxDynError;
use sqlx::{Database, Decode, Type};

use crate::domain::CustomerId;

impl<DB: Database> Type<DB> for CustomerId
where
    String: Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <String as Type<DB>>::type_info()
    }

    fn compatible(ty: &DB::TypeInfo) -> bool {
        <String as Type<DB>>::compatible(ty)
    }
}

impl<'r, DB: Database> Decode<'r, DB> for CustomerId
where
    String: Decode<'r, DB>,
{
    fn decode(value: <DB as Database>::ValueRef<'r>) -> Result<CustomerId, BoxDynError> {
        let text = <String as Decode<'r, DB>>::decode(value)?;
        Ok(CustomerId::parse(&text)?)
    }
}
