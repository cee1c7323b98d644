//! The pause switch in the `meta` table: while set, the bot takes no orders.
//! What a pause means for a customer is [`crate::domain::hours::shop_status`].

use super::{Exec, StoreError, counters};
use crate::args;
use crate::domain::hours::Pause;

/// The switch as stored (`None`: taking orders, unless the hours say otherwise).
pub async fn get(conn: &mut Exec<'_>) -> Result<Option<Pause>, StoreError> {
    let row: Option<(String,)> = conn
        .fetch_optional("SELECT value FROM meta WHERE key = 'pause'", args![])
        .await?;
    Ok(parse(row.as_ref().map(|(v,)| v.as_str())))
}

/// The switch from its stored value (an unreadable one reads as no pause, as always).
pub(crate) fn parse(stored: Option<&str>) -> Option<Pause> {
    stored.and_then(|v| serde_json::from_str(v).ok())
}

/// Set or clear the switch; every kitchen display notices (change sequence).
pub async fn set(conn: &mut Exec<'_>, pause: Option<&Pause>) -> Result<(), StoreError> {
    match pause {
        Some(p) => {
            let v = serde_json::to_string(p).map_err(|e| StoreError::Invalid(e.to_string()))?;
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('pause', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                args![v],
            )
            .await?;
        }
        None => {
            conn.execute("DELETE FROM meta WHERE key = 'pause'", args![])
                .await?;
        }
    }
    counters::bump_change_seq(conn).await?;
    Ok(())
}
