//! The kitchen's pace in the store: busy mode ([`busy`], [`set_busy`],
//! [`clear_busy`], kept as periods for the report's busy minutes), the figures
//! a quote is made of ([`load`]), the places taken per cap slot
//! ([`claim_slot`]: one conditional upsert, so two customers confirming into
//! the last place cannot both get it, on either backend), an order's promise
//! ([`mark_placed`]) and the counter reminder's scan ([`at_counter_due`],
//! [`mark_reminded`]).

use super::{Exec, StoreError, counters};
use crate::args;
use crate::domain::OrderNumber;
use crate::domain::pace::{Busy, Caps, Load};
use crate::domain::time::{At, Span};

/// Busy mode in force at `now`, if any.
pub async fn busy(conn: &mut Exec<'_>, now: At) -> Result<Option<Busy>, StoreError> {
    let now = now.as_millis();
    let row: Option<(i64, Option<i64>)> = conn
        .fetch_optional(
            r#"SELECT minutes, ends_at FROM busy_periods
               WHERE started_at <= $1 AND (ends_at IS NULL OR ends_at > $1)
               ORDER BY started_at DESC, id DESC LIMIT 1"#,
            args![now],
        )
        .await?;
    Ok(row.map(|(m, until)| Busy {
        minutes: u32::try_from(m).unwrap_or(0),
        until: until.map(At::from_millis),
    }))
}

/// End the busy period in force at `now` (if any); true when one was.
async fn end_current(conn: &mut Exec<'_>, now: At) -> Result<bool, StoreError> {
    let now = now.as_millis();
    let n = conn
        .execute(
            r#"UPDATE busy_periods SET ends_at = $1
               WHERE started_at <= $1 AND (ends_at IS NULL OR ends_at > $1)"#,
            args![now],
        )
        .await?;
    Ok(n > 0)
}

/// Add `minutes` to every quote from `now` until `until` (`None`: until
/// cleared), replacing any busy mode in force. Every board notices.
pub async fn set_busy(
    conn: &mut Exec<'_>,
    minutes: u32,
    until: Option<At>,
    now: At,
) -> Result<(), StoreError> {
    end_current(conn, now).await?;
    let (until, now) = (until.map(At::as_millis), now.as_millis());
    conn.execute(
        "INSERT INTO busy_periods (minutes, started_at, ends_at) VALUES ($1, $2, $3)",
        args![i64::from(minutes), now, until],
    )
    .await?;
    counters::bump_change_seq(conn).await?;
    Ok(())
}

/// Clear busy mode at `now`; true when it was on.
pub async fn clear_busy(conn: &mut Exec<'_>, now: At) -> Result<bool, StoreError> {
    let was = end_current(conn, now).await?;
    if was {
        counters::bump_change_seq(conn).await?;
    }
    Ok(was)
}

/// Whole minutes busy mode was in force within `[from, to)` (periods still
/// running count up to `now`).
pub async fn busy_minutes(
    conn: &mut Exec<'_>,
    from: At,
    to: At,
    now: At,
) -> Result<i64, StoreError> {
    let (from, to, now) = (from.as_millis(), to.as_millis(), now.as_millis());
    let rows: Vec<(i64, Option<i64>)> = conn
        .fetch_all(
            r#"SELECT started_at, ends_at FROM busy_periods
               WHERE started_at < $2 AND (ends_at IS NULL OR ends_at > $1)"#,
            args![from, to],
        )
        .await?;
    let ms: i64 = rows
        .into_iter()
        .map(|(s, e)| {
            let end = e.unwrap_or(now).min(to).min(now.max(s));
            (end - s.max(from)).max(0)
        })
        .sum();
    Ok(crate::domain::time::Span::millis(ms).whole_minutes())
}

/// The figures a quote at `now` is made of: open orders on the board not yet
/// ready, the kitchen's recent order-to-ready times since `day_start`, busy
/// mode, and the places taken in slots from the current one on.
/// Orders the kitchen has in hand (on the board, not yet ready), counted
/// through the `orders_in_kitchen` partial index: every worker batch asks.
pub const IN_KITCHEN_SQL: &str =
    "SELECT COUNT(*) FROM orders WHERE status IN ('new', 'preparing') AND NOT held";

pub(crate) async fn load(
    conn: &mut Exec<'_>,
    now: At,
    day_start: At,
    caps: Caps,
    tz: &jiff::tz::TimeZone,
) -> Result<Load, StoreError> {
    let (open,): (i64,) = conn.fetch_one(IN_KITCHEN_SQL, args![]).await?;
    let recent =
        super::report::recent_prep(conn, day_start, crate::domain::eta::PACE_SAMPLES).await?;
    let busy = busy(conn, now).await?;
    load_with(conn, open, recent, busy, now, caps, tz).await
}

/// [`load`] with the orders in hand (`open`), the recent times and busy mode already
/// read (the worker reads them in its batch's one statement of the shop's state,
/// [`super::worker_reads::shop_state`]): the slots, when a cap is set.
pub async fn load_with(
    conn: &mut Exec<'_>,
    open: i64,
    recent: Vec<Span>,
    busy: Option<Busy>,
    now: At,
    caps: Caps,
    tz: &jiff::tz::TimeZone,
) -> Result<Load, StoreError> {
    let slots_taken = if caps.max_per_slot.is_some() {
        let from = crate::domain::pace::slot_start(now, caps.slot_minutes, tz).as_millis();
        let rows: Vec<(i64, i64)> = conn
            .fetch_all(
                "SELECT slot_at, taken FROM kitchen_slots WHERE slot_at >= $1 ORDER BY slot_at",
                args![from],
            )
            .await?;
        rows.into_iter()
            .map(|(s, n)| (At::from_millis(s), u32::try_from(n).unwrap_or(u32::MAX)))
            .collect()
    } else {
        Vec::new()
    };
    Ok(Load {
        open_ahead: u32::try_from(open).unwrap_or(u32::MAX),
        recent_prep: recent,
        busy,
        slots_taken,
        caps,
    })
}

/// Take one place in the slot starting at `slot` if fewer than `max` are
/// taken: true when taken. One statement, atomic on both backends.
pub async fn claim_slot(conn: &mut Exec<'_>, slot: At, max: u32) -> Result<bool, StoreError> {
    let slot = slot.as_millis();
    let row: Option<(i64,)> = conn
        .fetch_optional(
            r#"INSERT INTO kitchen_slots (slot_at, taken) VALUES ($1, 1)
               ON CONFLICT (slot_at) DO UPDATE SET taken = kitchen_slots.taken + 1
               WHERE kitchen_slots.taken < $2
               RETURNING taken"#,
            args![slot, i64::from(max)],
        )
        .await?;
    Ok(row.is_some_and(|(n,)| n <= i64::from(max)))
}

/// Give back the place a cancelled order `id` held in its slot (if it held one).
pub(crate) async fn release_slot(conn: &mut Exec<'_>, id: i64) -> Result<(), StoreError> {
    conn.execute(
        r#"UPDATE kitchen_slots SET taken = taken - 1
           WHERE taken > 0 AND slot_at = (SELECT slot_at FROM orders WHERE id = $1)"#,
        args![id],
    )
    .await?;
    conn.execute("UPDATE orders SET slot_at = NULL WHERE id = $1", args![id])
        .await?;
    Ok(())
}

/// Record order `id`'s promise, the slot it was counted in, and whether the
/// cap moved it to a later slot. Part of the order's transaction.
pub(crate) async fn mark_placed(
    conn: &mut Exec<'_>,
    id: i64,
    promised_at: At,
    slot: Option<At>,
    moved_by_cap: bool,
) -> Result<(), StoreError> {
    let (promised_at, slot) = (promised_at.as_millis(), slot.map(At::as_millis));
    conn.execute(
        "UPDATE orders SET promised_at = $1, slot_at = $2, moved_by_cap = $3 WHERE id = $4",
        args![promised_at, slot, moved_by_cap, id],
    )
    .await?;
    Ok(())
}

/// A ready pickup order waiting at the counter for its reminder.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub(crate) struct AtCounter {
    pub id: i64,
    pub number: i64,
    pub customer_phone: String,
    pub lang: String,
}

impl AtCounter {
    pub(crate) fn number(&self) -> OrderNumber {
        OrderNumber::new(self.number)
    }

    /// The order's language (written from a `Lang`; an unknown value reads as the default).
    pub(crate) fn language(&self) -> crate::domain::Lang {
        crate::domain::Lang::parse(&self.lang).unwrap_or_default()
    }
}

/// Ready pickup orders not collected since `ready_before` and not reminded yet.
pub(crate) async fn at_counter_due(
    conn: &mut Exec<'_>,
    ready_before: At,
) -> Result<Vec<AtCounter>, StoreError> {
    let ready_before = ready_before.as_millis();
    conn.fetch_all(
        r#"SELECT id, number, customer_phone, lang FROM orders
           WHERE status = 'ready' AND fulfilment = 'pickup' AND reminded_at IS NULL
             AND ready_at IS NOT NULL AND ready_at <= $1
           ORDER BY ready_at, id"#,
        args![ready_before],
    )
    .await
}

/// The earliest ready time of a pickup order still waiting for its reminder.
pub(crate) async fn next_at_counter(conn: &mut Exec<'_>) -> Result<Option<At>, StoreError> {
    let row: (Option<i64>,) = conn
        .fetch_one(
            r#"SELECT MIN(ready_at) FROM orders
               WHERE status = 'ready' AND fulfilment = 'pickup' AND reminded_at IS NULL"#,
            args![],
        )
        .await?;
    Ok(row.0.map(At::from_millis))
}

/// Mark order `id` reminded at `now`; false when another process did first
/// (or it is no longer waiting): then no reminder is sent.
pub(crate) async fn mark_reminded(
    conn: &mut Exec<'_>,
    id: i64,
    now: At,
) -> Result<bool, StoreError> {
    let now = now.as_millis();
    let n = conn
        .execute(
            r#"UPDATE orders SET reminded_at = $1
               WHERE id = $2 AND reminded_at IS NULL AND status = 'ready'"#,
            args![now, id],
        )
        .await?;
    Ok(n == 1)
}

/// Give back a place just taken in the slot starting at `slot` (the order was
/// refused for another reason in the same transaction).
pub async fn unclaim_slot(conn: &mut Exec<'_>, slot: At) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE kitchen_slots SET taken = taken - 1 WHERE slot_at = $1 AND taken > 0",
        args![slot.as_millis()],
    )
    .await?;
    Ok(())
}

/// Orders (not cancelled) the cap moved to a later slot, counted by board
/// time (or creation) in `[from, to)`.
pub async fn moved_by_cap(conn: &mut Exec<'_>, from: At, to: At) -> Result<u64, StoreError> {
    let (from, to) = (from.as_millis(), to.as_millis());
    let (n,): (i64,) = conn
        .fetch_one(
            r#"SELECT COUNT(*) FROM orders
               WHERE moved_by_cap = $1 AND status <> 'cancelled'
                 AND COALESCE(board_at, created_at) >= $2 AND COALESCE(board_at, created_at) < $3"#,
            args![true, from, to],
        )
        .await?;
    Ok(u64::try_from(n).unwrap_or(0))
}
