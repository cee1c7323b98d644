//! Customers (keyed by their WhatsApp id), their saved addresses, and their
//! conversation sessions.

use super::{Exec, StoreError};
use crate::args;
use crate::domain::CustomerId;
use crate::domain::pin::Pin;
use crate::domain::time::At;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Customer {
    pub phone: CustomerId,
    pub name: Option<String>,
    pub lang: Option<String>,
    pub created_at: At,
    pub last_seen_at: At,
}

impl Customer {
    /// The language they chose, read from the column (`None`: not chosen, or a value
    /// this version does not know).
    pub(crate) fn language(&self) -> Option<crate::domain::Lang> {
        self.lang.as_deref().and_then(crate::domain::Lang::parse)
    }
}

/// Record that a customer wrote to us; keeps their latest profile name.
pub async fn touch(
    conn: &mut Exec<'_>,
    phone: &CustomerId,
    name: Option<&str>,
    now: At,
) -> Result<(), StoreError> {
    conn.execute(
        r#"INSERT INTO customers (phone, name, lang, created_at, last_seen_at) VALUES ($1, $2, NULL, $3, $3)
           ON CONFLICT (phone) DO UPDATE SET name = COALESCE(excluded.name, customers.name), last_seen_at = excluded.last_seen_at"#,
        args![phone, name, now.as_millis()],
    )
    .await?;
    Ok(())
}

pub async fn set_lang(
    conn: &mut Exec<'_>,
    phone: &CustomerId,
    lang: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE customers SET lang = $1 WHERE phone = $2 AND (lang IS NULL OR lang <> $1)",
        args![lang, phone],
    )
    .await?;
    Ok(())
}

pub async fn get(conn: &mut Exec<'_>, phone: &CustomerId) -> Result<Option<Customer>, StoreError> {
    conn.fetch_optional(
        "SELECT phone, name, lang, created_at, last_seen_at FROM customers WHERE phone = $1",
        args![phone],
    )
    .await
}

/// Saved delivery addresses, most recently used first.
pub(crate) async fn addresses(
    conn: &mut Exec<'_>,
    phone: &CustomerId,
    limit: i64,
) -> Result<Vec<String>, StoreError> {
    let rows: Vec<(String,)> = conn
        .fetch_all(
            "SELECT address FROM customer_addresses WHERE customer_phone = $1 ORDER BY last_used_at DESC, id DESC LIMIT $2",
            args![phone, limit],
        )
        .await?;
    Ok(rows.into_iter().map(|(a,)| a).collect())
}

/// Remember an address the customer used; a pin given now replaces the one kept,
/// none keeps it. The columns keep millionths of a degree (`latitude_e6`): the
/// conversion to and from [`Pin`] lives here and nowhere else.
pub async fn save_address(
    conn: &mut Exec<'_>,
    phone: &CustomerId,
    address: &str,
    location: Option<Pin>,
    now: At,
) -> Result<(), StoreError> {
    conn.execute(
        r#"INSERT INTO customer_addresses (customer_phone, address, latitude_e6, longitude_e6, last_used_at)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (customer_phone, address) DO UPDATE SET last_used_at = excluded.last_used_at,
               latitude_e6 = COALESCE(excluded.latitude_e6, customer_addresses.latitude_e6),
               longitude_e6 = COALESCE(excluded.longitude_e6, customer_addresses.longitude_e6)"#,
        args![
            phone,
            address,
            location.map(|p| e6(p).0),
            location.map(|p| e6(p).1),
            now.as_millis()
        ],
    )
    .await?;
    Ok(())
}

/// Record many customers writing at once (each phone once); keeps their latest profile names.
pub(crate) async fn touch_many(
    conn: &mut Exec<'_>,
    who: &[(&CustomerId, Option<&str>)],
    now: At,
) -> Result<(), StoreError> {
    if who.is_empty() {
        return Ok(());
    }
    let json: Vec<serde_json::Value> = who
        .iter()
        .map(|(p, n)| serde_json::json!({"p": p, "n": n}))
        .collect();
    let sql = crate::by_backend!(conn,
        sqlite: r#"INSERT INTO customers (phone, name, lang, created_at, last_seen_at)
                   SELECT json_extract(value, '$.p'), json_extract(value, '$.n'), NULL, $2, $2 FROM json_each($1) WHERE true
                   ON CONFLICT (phone) DO UPDATE SET name = COALESCE(excluded.name, customers.name),
                                                     last_seen_at = excluded.last_seen_at"#,
        postgres: r#"INSERT INTO customers (phone, name, lang, created_at, last_seen_at)
                     SELECT e->>'p', e->>'n', NULL, $2, $2 FROM jsonb_array_elements(CAST($1 AS jsonb)) AS e
                     ON CONFLICT (phone) DO UPDATE SET name = COALESCE(excluded.name, customers.name),
                                                       last_seen_at = excluded.last_seen_at"#);
    conn.execute(
        sql,
        vec![super::db::json_arg(&json)?, now.as_millis().into()],
    )
    .await?;
    Ok(())
}

/// The stored sessions of many customers.
pub(crate) async fn load_sessions(
    conn: &mut Exec<'_>,
    phones: &[&CustomerId],
) -> Result<std::collections::HashMap<CustomerId, String>, StoreError> {
    let sql = crate::by_backend!(conn,
        sqlite: "SELECT customer_phone, state FROM sessions WHERE customer_phone IN (SELECT value FROM json_each($1))",
        postgres: "SELECT customer_phone, state FROM sessions WHERE customer_phone IN (SELECT jsonb_array_elements_text(CAST($1 AS jsonb)))");
    let rows: Vec<(String, String)> = conn
        .fetch_all(sql, vec![super::db::json_arg(&phones)?])
        .await?;
    rows.into_iter()
        .map(|(p, s)| Ok((CustomerId::try_from(p)?, s)))
        .collect()
}

/// Save many sessions in one statement (each phone once).
pub async fn save_sessions(
    conn: &mut Exec<'_>,
    sessions: &[(&CustomerId, String)],
    now: At,
) -> Result<(), StoreError> {
    if sessions.is_empty() {
        return Ok(());
    }
    let json: Vec<serde_json::Value> = sessions
        .iter()
        .map(|(p, s)| serde_json::json!({"p": p, "s": s}))
        .collect();
    let sql = crate::by_backend!(conn,
        sqlite: r#"INSERT INTO sessions (customer_phone, state, updated_at)
                   SELECT json_extract(value, '$.p'), json_extract(value, '$.s'), $2 FROM json_each($1) WHERE true
                   ON CONFLICT (customer_phone) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at"#,
        postgres: r#"INSERT INTO sessions (customer_phone, state, updated_at)
                     SELECT e->>'p', e->>'s', $2 FROM jsonb_array_elements(CAST($1 AS jsonb)) AS e
                     ON CONFLICT (customer_phone) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at"#);
    conn.execute(
        sql,
        vec![super::db::json_arg(&json)?, now.as_millis().into()],
    )
    .await?;
    Ok(())
}

/// What is known about many customers at once: profile name, up to `per` saved
/// addresses (most recent first), and whether they have ordered before.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Known {
    pub name: Option<String>,
    pub addresses: Vec<String>,
    pub has_ordered: bool,
    /// The pins of `addresses`, index by index (a stored pin that is not a place is
    /// dropped).
    pub pins: Vec<Option<Pin>>,
}

pub(crate) async fn known_many(
    conn: &mut Exec<'_>,
    phones: &[&CustomerId],
    per: usize,
) -> Result<std::collections::HashMap<CustomerId, Known>, StoreError> {
    let list = super::db::json_arg(&phones)?;
    let names: Vec<(String, Option<String>)> = conn
        .fetch_all(
            crate::by_backend!(conn,
                sqlite: "SELECT phone, name FROM customers WHERE phone IN (SELECT value FROM json_each($1))",
                postgres: "SELECT phone, name FROM customers WHERE phone IN (SELECT jsonb_array_elements_text(CAST($1 AS jsonb)))"),
            vec![list.clone()],
        )
        .await?;
    let mut out = addresses_many(conn, phones, per).await?;
    let ordered: Vec<(String,)> = conn
        .fetch_all(
            crate::by_backend!(conn,
                sqlite: "SELECT DISTINCT customer_phone FROM orders WHERE customer_phone IN (SELECT value FROM json_each($1))",
                postgres: "SELECT DISTINCT customer_phone FROM orders WHERE customer_phone IN (SELECT jsonb_array_elements_text(CAST($1 AS jsonb)))"),
            vec![list],
        )
        .await?;
    for (p, n) in names {
        out.entry(CustomerId::try_from(p)?).or_default().name = n;
    }
    for (p,) in ordered {
        out.entry(CustomerId::try_from(p)?).or_default().has_ordered = true;
    }
    Ok(out)
}

/// Up to `per` saved addresses (most recent first) and their pins for each of
/// `phones`, in one statement: [`Known`] with only those two filled (the worker reads
/// the rest with the session, [`super::worker_reads::customers_of`]).
pub async fn addresses_many(
    conn: &mut Exec<'_>,
    phones: &[&CustomerId],
    per: usize,
) -> Result<std::collections::HashMap<CustomerId, Known>, StoreError> {
    let list = super::db::json_arg(&phones)?;
    let addrs: Vec<(String, String, Option<i64>, Option<i64>)> = conn
        .fetch_all(
            crate::by_backend!(conn,
                sqlite: r#"SELECT customer_phone, address, latitude_e6, longitude_e6 FROM customer_addresses
                           WHERE customer_phone IN (SELECT value FROM json_each($1))
                           ORDER BY customer_phone, last_used_at DESC, id DESC"#,
                postgres: r#"SELECT customer_phone, address, latitude_e6, longitude_e6 FROM customer_addresses
                             WHERE customer_phone IN (SELECT jsonb_array_elements_text(CAST($1 AS jsonb)))
                             ORDER BY customer_phone, last_used_at DESC, id DESC"#),
            vec![list],
        )
        .await?;
    let mut out: std::collections::HashMap<CustomerId, Known> = std::collections::HashMap::new();
    for (p, a, lat, lon) in addrs {
        let k = out.entry(CustomerId::try_from(p)?).or_default();
        if k.addresses.len() < per {
            k.addresses.push(a);
            k.pins.push(lat.zip(lon).and_then(pin_of_e6));
        }
    }
    Ok(out)
}

/// A pin in the address columns' millionths of a degree (rounded half away from zero).
fn e6(p: Pin) -> (i64, i64) {
    let (lat, lon) = p.e7();
    let round = |v: i32| {
        let v = i64::from(v);
        (v + 5 * v.signum()) / 10
    };
    (round(lat), round(lon))
}

/// A stored pin (millionths of a degree) as a [`Pin`]; `None` when it is not a place.
fn pin_of_e6((lat, lon): (i64, i64)) -> Option<Pin> {
    Pin::from_e7(lat.saturating_mul(10), lon.saturating_mul(10)).ok()
}
