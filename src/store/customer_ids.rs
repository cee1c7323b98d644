//! A customer's two WhatsApp ids. A customer is keyed by `phone`: the
//! phone number when known, else the business-scoped user id of a username (`TR.1349…`).
//! When a message shows a phone number and a user id together, the user id is stored on the
//! phone customer, and a customer known until then only by that user id is merged into it
//! (orders, coupon uses, addresses, the newer session, pending messages), so the person has
//! one conversation, one cart and one order history.

use std::collections::HashMap;

use super::{Exec, StoreError};
use crate::args;
use crate::domain::time::At;
use crate::domain::{CustomerId, PhoneNumber, UserId};

/// The phone number each of these user ids belongs to, for those linked to a phone customer.
pub(crate) async fn keys_for_user_ids(
    conn: &mut Exec<'_>,
    user_ids: &[&UserId],
) -> Result<HashMap<UserId, PhoneNumber>, StoreError> {
    if user_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = crate::by_backend!(conn,
        sqlite: "SELECT user_id, phone FROM customers WHERE user_id IN (SELECT value FROM json_each($1))",
        postgres: "SELECT user_id, phone FROM customers WHERE user_id IN (SELECT jsonb_array_elements_text(CAST($1 AS jsonb)))");
    let rows: Vec<(String, String)> = conn
        .fetch_all(sql, vec![super::db::json_arg(&user_ids)?])
        .await?;
    rows.into_iter()
        .map(|(u, p)| Ok((UserId::try_from(u)?, PhoneNumber::parse(&p)?)))
        .collect()
}

/// Record that `user_id` and the phone number `phone` are one customer, keyed by the phone.
pub(crate) async fn link(
    conn: &mut Exec<'_>,
    phone: &PhoneNumber,
    user_id: &UserId,
    now: At,
) -> Result<(), StoreError> {
    // the phone customer exists (taking the username customer's profile if it is new)
    conn.execute(
        r#"INSERT INTO customers (phone, name, lang, created_at, last_seen_at)
           SELECT $1, name, lang, created_at, last_seen_at FROM customers WHERE phone = $2
           ON CONFLICT (phone) DO NOTHING"#,
        args![phone, user_id],
    )
    .await?;
    conn.execute(
        r#"INSERT INTO customers (phone, name, lang, created_at, last_seen_at) VALUES ($1, NULL, NULL, $2, $2)
           ON CONFLICT (phone) DO NOTHING"#,
        args![phone, now.as_millis()],
    )
    .await?;
    conn.execute(
        "UPDATE customers SET user_id = NULL WHERE user_id = $1 AND phone <> $2",
        args![user_id, phone],
    )
    .await?;
    conn.execute(
        "UPDATE customers SET user_id = $1 WHERE phone = $2",
        args![user_id, phone],
    )
    .await?;
    // everything the username customer had moves to the phone customer
    move_records(conn, phone.as_str(), user_id.as_str()).await
}

/// The customer changed their WhatsApp id (`user_changed_number`,
/// `user_changed_user_id`): everything kept under `from` — the profile, the
/// session with its cart, saved addresses, orders (open ones included), coupon
/// uses, an open handoff and messages still waiting — moves to `to`, keeping
/// what `to` already has where both hold one (the newer session wins).
pub(crate) async fn move_customer(
    conn: &mut Exec<'_>,
    from: &CustomerId,
    to: &CustomerId,
    now: At,
) -> Result<(), StoreError> {
    if from == to {
        return Ok(());
    }
    let now = now.as_millis();
    conn.execute(
        r#"INSERT INTO customers (phone, name, lang, created_at, last_seen_at)
           SELECT $1, name, lang, created_at, $3 FROM customers WHERE phone = $2
           ON CONFLICT (phone) DO NOTHING"#,
        args![to, from, now],
    )
    .await?;
    conn.execute(
        r#"INSERT INTO customers (phone, name, lang, created_at, last_seen_at) VALUES ($1, NULL, NULL, $2, $2)
           ON CONFLICT (phone) DO NOTHING"#,
        args![to, now],
    )
    .await?;
    conn.execute(
        r#"UPDATE handoffs SET customer_phone = $1
           WHERE customer_phone = $2 AND resolved_at IS NULL
             AND NOT EXISTS (SELECT 1 FROM handoffs h WHERE h.customer_phone = $1 AND h.resolved_at IS NULL)"#,
        args![to, from],
    )
    .await?;
    move_records(conn, to.as_str(), from.as_str()).await
}

/// Move orders, coupon uses, addresses, the session and pending messages of
/// customer key `from` to `to`, then drop the `from` customer.
async fn move_records(conn: &mut Exec<'_>, to: &str, from: &str) -> Result<(), StoreError> {
    for sql in [
        "UPDATE orders SET customer_phone = $1 WHERE customer_phone = $2",
        "UPDATE coupon_redemptions SET customer_phone = $1 WHERE customer_phone = $2",
        r#"INSERT INTO customer_addresses (customer_phone, address, latitude_e6, longitude_e6, last_used_at)
           SELECT $1, address, latitude_e6, longitude_e6, last_used_at FROM customer_addresses
           WHERE customer_phone = $2
           ON CONFLICT (customer_phone, address) DO NOTHING"#,
        "DELETE FROM customer_addresses WHERE customer_phone = $2 AND $1 <> $2",
        r#"INSERT INTO sessions (customer_phone, state, updated_at)
           SELECT $1, state, updated_at FROM sessions WHERE customer_phone = $2
           ON CONFLICT (customer_phone) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
           WHERE excluded.updated_at > sessions.updated_at"#,
        "DELETE FROM sessions WHERE customer_phone = $2 AND $1 <> $2",
        "UPDATE inbox SET customer_phone = $1 WHERE customer_phone = $2 AND state = 'pending'",
        "DELETE FROM customers WHERE phone = $2 AND $1 <> $2",
    ] {
        conn.execute(sql, args![to, from]).await?;
    }
    Ok(())
}
