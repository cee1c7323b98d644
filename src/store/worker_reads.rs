//! What the inbox worker reads before the bot runs, each in one statement instead of
//! one per value: every read is a round trip to the database (on SQLite, to the
//! connection's own thread), and on a busy two-core machine the waits between those
//! trips, not the statements, were most of a batch's reading.
//!
//! - [`shop_state`]: the menu's version counter, the pause switch, the orders in the
//!   kitchen's hands, busy mode and the recent order-to-ready times (five statements
//!   before).
//! - [`customers_of`]: each customer's stored session, profile name, whether they have
//!   ordered, and whether a person has them (four statements before).
//!
//! One statement also reads one snapshot: the values cannot come from either side
//! of a commit that landed between two reads.

use std::collections::HashMap;

use super::{Exec, StoreError};
use crate::args;
use crate::domain::CustomerId;
use crate::domain::hours::Pause;
use crate::domain::pace::Busy;
use crate::domain::time::{At, Span};

/// The shop as a batch starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopState {
    /// The `menu_version` counter (`None`: a schema before it).
    pub menu_version: Option<i64>,
    pub pause: Option<Pause>,
    /// Orders on the board not yet ready ([`super::pace::IN_KITCHEN_SQL`]'s count).
    pub in_kitchen: i64,
    /// Busy mode in force at `now` ([`super::pace::busy`]'s row).
    pub busy: Option<Busy>,
    /// The kitchen's recent order-to-ready times, newest first
    /// ([`super::report::recent_prep`]'s list).
    pub recent_prep: Vec<Span>,
}

/// The scalar subqueries both backends' [`shop_state`] statements open with (`$1`: now).
/// Each is the statement its own function reads.
macro_rules! shop_state_sql {
    ($recent:literal) => {
        concat!(
            r#"SELECT
    (SELECT value FROM counters WHERE name = 'menu_version'),
    (SELECT value FROM meta WHERE key = 'pause'),
    (SELECT COUNT(*) FROM orders WHERE status IN ('new', 'preparing') AND NOT held),
    (SELECT minutes FROM busy_periods
      WHERE started_at <= $1 AND (ends_at IS NULL OR ends_at > $1)
      ORDER BY started_at DESC, id DESC LIMIT 1),
    (SELECT ends_at FROM busy_periods
      WHERE started_at <= $1 AND (ends_at IS NULL OR ends_at > $1)
      ORDER BY started_at DESC, id DESC LIMIT 1),
    "#,
            $recent
        )
    };
}

/// [`shop_state`]'s statement on SQLite (`$1`: now, `$2`: the business day's start,
/// `$3`: how many recent times). The recent order-to-ready times
/// ([`super::report::RECENT_PREP_SQL`]) come as one text, newest first; the count and
/// the times still go through the `orders_in_kitchen` and `orders_ready` partial
/// indexes (`tests/store/plans.rs`).
pub const SHOP_STATE_SQLITE: &str = shop_state_sql!(
    r#"(SELECT group_concat(p, ',' ORDER BY r DESC) FROM
       (SELECT ready_at AS r, ready_at - created_at AS p FROM orders
         WHERE ready_at IS NOT NULL AND ready_at >= $2 AND status <> 'cancelled'
         ORDER BY ready_at DESC LIMIT $3))"#
);

/// [`SHOP_STATE_SQLITE`] on PostgreSQL.
const SHOP_STATE_POSTGRES: &str = shop_state_sql!(
    r#"(SELECT string_agg(CAST(p AS TEXT), ',' ORDER BY r DESC) FROM
       (SELECT ready_at AS r, ready_at - created_at AS p FROM orders
         WHERE ready_at IS NOT NULL AND ready_at >= $2 AND status <> 'cancelled'
         ORDER BY ready_at DESC LIMIT $3) AS recent)"#
);

/// The menu's version, the pause switch and the kitchen's load at `now` (recent times
/// since `day_start`), in one statement.
pub async fn shop_state(
    conn: &mut Exec<'_>,
    now: At,
    day_start: At,
) -> Result<ShopState, StoreError> {
    type Row = (
        Option<i64>,
        Option<String>,
        i64,
        Option<i64>,
        Option<i64>,
        Option<String>,
    );
    let sql = crate::by_backend!(conn, sqlite: SHOP_STATE_SQLITE, postgres: SHOP_STATE_POSTGRES);
    let (menu_version, pause, in_kitchen, busy_minutes, busy_until, recent): Row = conn
        .fetch_one(
            sql,
            args![
                now.as_millis(),
                day_start.as_millis(),
                crate::domain::eta::PACE_SAMPLES
            ],
        )
        .await?;
    let recent_prep = recent
        .as_deref()
        .unwrap_or("")
        .split(',')
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.trim()
                .parse::<i64>()
                .map(Span::millis)
                .map_err(|e| StoreError::Invalid(format!("a recent kitchen time {t:?}: {e}")))
        })
        .collect::<Result<Vec<Span>, StoreError>>()?;
    Ok(ShopState {
        menu_version,
        pause: super::pause::parse(pause.as_deref()),
        in_kitchen,
        busy: busy_minutes.map(|m| Busy {
            minutes: u32::try_from(m).unwrap_or(0),
            until: busy_until.map(crate::domain::time::At::from_millis),
        }),
        recent_prep,
    })
}

/// One customer of a batch as the store has them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerRow {
    /// The stored session (JSON), if any.
    pub session: Option<String>,
    /// The profile name stored with the customer.
    pub name: Option<String>,
    /// They have an order (any state) in the store.
    pub has_ordered: bool,
    /// A person has them: an open handoff still quiet at `now` ([`super::handoffs`]).
    pub quiet: bool,
}

/// [`customers_of`]'s statement over the list of customers unnested by `$from`
/// (`$1`: the ids as a JSON array, `$2`: now): the backends differ only there.
macro_rules! customers_sql {
    ($from:literal) => {
        concat!(
            r#"SELECT j.value,
                  (SELECT state FROM sessions WHERE customer_phone = j.value),
                  (SELECT name FROM customers WHERE phone = j.value),
                  CAST(CASE WHEN EXISTS (SELECT 1 FROM orders WHERE customer_phone = j.value)
                       THEN 1 ELSE 0 END AS BIGINT),
                  CAST(CASE WHEN EXISTS (SELECT 1 FROM handoffs WHERE customer_phone = j.value
                                         AND resolved_at IS NULL AND quiet_until > $2)
                       THEN 1 ELSE 0 END AS BIGINT)
               FROM "#,
            $from
        )
    };
}

/// Session, name, ordered before and quiet for each of `phones` (a customer the store
/// does not know gets the default row), in one statement.
pub async fn customers_of(
    conn: &mut Exec<'_>,
    phones: &[&CustomerId],
    now: i64,
) -> Result<HashMap<CustomerId, CustomerRow>, StoreError> {
    if phones.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = crate::by_backend!(conn,
        sqlite: customers_sql!("json_each($1) AS j"),
        postgres: customers_sql!("jsonb_array_elements_text(CAST($1 AS jsonb)) AS j(value)"));
    type Row = (String, Option<String>, Option<String>, i64, i64);
    let rows: Vec<Row> = conn
        .fetch_all(sql, vec![super::db::json_arg(&phones)?, now.into()])
        .await?;
    rows.into_iter()
        .map(|(p, session, name, ordered, quiet)| {
            Ok((
                CustomerId::try_from(p)?,
                CustomerRow {
                    session,
                    name,
                    has_ordered: ordered != 0,
                    quiet: quiet != 0,
                },
            ))
        })
        .collect()
}
