//! Small shared state: the change sequence other processes watch, the order
//! number counter, and the pause switch.

use super::{Exec, StoreError};
use crate::args;

/// Bump the change sequence inside a write transaction; returns the new value.
/// Every write a kitchen display should notice calls this, so a display in
/// another process sees the change with one cheap read.
pub async fn bump_change_seq(x: &mut Exec<'_>) -> Result<i64, StoreError> {
    x.scalar(
        "UPDATE counters SET value = value + 1 WHERE name = 'change_seq' RETURNING value",
        args![],
    )
    .await
}

/// The current change sequence.
pub async fn change_seq(x: &mut Exec<'_>) -> Result<i64, StoreError> {
    x.scalar(
        "SELECT value FROM counters WHERE name = 'change_seq'",
        args![],
    )
    .await
}

/// Take the next order number (gapless: it rolls back with the transaction).
pub async fn next_order_number(x: &mut Exec<'_>) -> Result<i64, StoreError> {
    x.scalar(
        "UPDATE counters SET value = value + 1 WHERE name = 'order_number' RETURNING value",
        args![],
    )
    .await
}

/// The pause switch: while set, the bot takes no orders.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Pause {
    /// Unix ms when ordering resumes by itself; `None` until `maydanoz resume`.
    pub until: Option<i64>,
    /// Told to customers, e.g. "Ocakbaşı bakımda".
    pub reason: Option<String>,
}

pub async fn get_pause(x: &mut Exec<'_>) -> Result<Option<Pause>, StoreError> {
    let row: Option<(String,)> = x
        .fetch_optional("SELECT value FROM meta WHERE key = 'pause'", args![])
        .await?;
    Ok(row.and_then(|(v,)| serde_json::from_str(&v).ok()))
}

pub async fn set_pause(x: &mut Exec<'_>, pause: Option<&Pause>) -> Result<(), StoreError> {
    match pause {
        Some(p) => {
            let v = serde_json::to_string(p).map_err(|e| StoreError::Invalid(e.to_string()))?;
            x.execute(
                "INSERT INTO meta (key, value) VALUES ('pause', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                args![v],
            )
            .await?;
        }
        None => {
            x.execute("DELETE FROM meta WHERE key = 'pause'", args![])
                .await?;
        }
    }
    bump_change_seq(x).await?;
    Ok(())
}
