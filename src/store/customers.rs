//! Customers (keyed by their WhatsApp id), their saved addresses, and their
//! conversation sessions.

use super::{Exec, StoreError};
use crate::args;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Customer {
    pub phone: String,
    pub name: Option<String>,
    pub lang: Option<String>,
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// Record that a customer wrote to us; keeps their latest profile name.
pub async fn touch(x: &mut Exec<'_>, phone: &str, name: Option<&str>, now: i64) -> Result<(), StoreError> {
    x.execute(
        r#"INSERT INTO customers (phone, name, lang, created_at, last_seen_at) VALUES ($1, $2, NULL, $3, $3)
           ON CONFLICT (phone) DO UPDATE SET name = COALESCE(excluded.name, customers.name), last_seen_at = excluded.last_seen_at"#,
        args![phone, name, now],
    )
    .await?;
    Ok(())
}

pub async fn set_lang(x: &mut Exec<'_>, phone: &str, lang: &str) -> Result<(), StoreError> {
    x.execute("UPDATE customers SET lang = $1 WHERE phone = $2 AND (lang IS NULL OR lang <> $1)", args![lang, phone]).await?;
    Ok(())
}

pub async fn get(x: &mut Exec<'_>, phone: &str) -> Result<Option<Customer>, StoreError> {
    x.fetch_optional("SELECT phone, name, lang, created_at, last_seen_at FROM customers WHERE phone = $1", args![phone]).await
}

/// Saved delivery addresses, most recently used first.
pub async fn addresses(x: &mut Exec<'_>, phone: &str, limit: i64) -> Result<Vec<String>, StoreError> {
    let rows: Vec<(String,)> = x
        .fetch_all(
            "SELECT address FROM customer_addresses WHERE customer_phone = $1 ORDER BY last_used_at DESC, id DESC LIMIT $2",
            args![phone, limit],
        )
        .await?;
    Ok(rows.into_iter().map(|(a,)| a).collect())
}

/// Remember an address the customer used (coordinates in millionths of a degree).
pub async fn save_address(
    x: &mut Exec<'_>,
    phone: &str,
    address: &str,
    location_e6: Option<(i64, i64)>,
    now: i64,
) -> Result<(), StoreError> {
    x.execute(
        r#"INSERT INTO customer_addresses (customer_phone, address, latitude_e6, longitude_e6, last_used_at)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (customer_phone, address) DO UPDATE SET last_used_at = excluded.last_used_at"#,
        args![phone, address, location_e6.map(|l| l.0), location_e6.map(|l| l.1), now],
    )
    .await?;
    Ok(())
}

/// The stored session JSON and when it was written.
pub async fn load_session(x: &mut Exec<'_>, phone: &str) -> Result<Option<(String, i64)>, StoreError> {
    x.fetch_optional("SELECT state, updated_at FROM sessions WHERE customer_phone = $1", args![phone]).await
}

pub async fn save_session(x: &mut Exec<'_>, phone: &str, state: &str, now: i64) -> Result<(), StoreError> {
    x.execute(
        r#"INSERT INTO sessions (customer_phone, state, updated_at) VALUES ($1, $2, $3)
           ON CONFLICT (customer_phone) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at"#,
        args![phone, state, now],
    )
    .await?;
    Ok(())
}
