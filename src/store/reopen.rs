//! The sessions of customers told that the shop is paused (their stored state
//! names `paused_told`), for `maydanoz resume` to tell them it reopened; and a
//! session replaced only if it is still the one read (a message handled in
//! between wins, and that customer is not written to).

use super::{Exec, StoreError};
use crate::args;
use crate::domain::CustomerId;
use crate::domain::time::At;

/// Every stored session that records a pause told, as (phone, state JSON).
pub(crate) async fn told_paused(
    conn: &mut Exec<'_>,
) -> Result<Vec<(CustomerId, String)>, StoreError> {
    let rows: Vec<(String, String)> = conn
        .fetch_all(
            r#"SELECT customer_phone, state FROM sessions WHERE state LIKE '%"paused_told"%' ORDER BY customer_phone"#,
            args![],
        )
        .await?;
    rows.into_iter()
        .map(|(p, s)| Ok((CustomerId::try_from(p)?, s)))
        .collect()
}

/// Replace `phone`'s session by `new` if it is still `old`; false if it changed.
pub(crate) async fn replace_session(
    conn: &mut Exec<'_>,
    phone: &CustomerId,
    old: &str,
    new: &str,
    now: At,
) -> Result<bool, StoreError> {
    let n = conn
        .execute(
            "UPDATE sessions SET state = $1, updated_at = $2 WHERE customer_phone = $3 AND state = $4",
            args![new, now.as_millis(), phone, old],
        )
        .await?;
    Ok(n == 1)
}
