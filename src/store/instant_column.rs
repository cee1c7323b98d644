//! An instant read straight from a `BIGINT` column of unix milliseconds (`created_at`,
//! `next_attempt_at`, …): a row struct's field can be an [`At`] and decodes as the
//! `i64` it is stored as, on both backends. Writes bind `At::as_millis` explicitly.

use sqlx::error::BoxDynError;
use sqlx::{Database, Decode, Type};

use crate::domain::time::At;

impl<DB: Database> Type<DB> for At
where
    i64: Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <i64 as Type<DB>>::type_info()
    }

    fn compatible(ty: &DB::TypeInfo) -> bool {
        <i64 as Type<DB>>::compatible(ty)
    }
}

impl<'r, DB: Database> Decode<'r, DB> for At
where
    i64: Decode<'r, DB>,
{
    fn decode(value: <DB as Database>::ValueRef<'r>) -> Result<At, BoxDynError> {
        Ok(At::from_millis(<i64 as Decode<'r, DB>>::decode(value)?))
    }
}
