//! Tokens of remote kitchen displays. Only the SHA-256 of a token is stored
//! (hex); the token itself is shown once, by `maydanoz kds token create`.
//! Revoking deletes the row, so the next request with that token gets 401.

use sha2::{Digest, Sha256};

use super::{Exec, StoreError};
use crate::args;
use crate::domain::time::At;

/// A token as `kds token list` shows it (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub(crate) struct KdsToken {
    /// What the owner called the screen ("counter", "grill-pi").
    pub name: String,
    pub created_at: At,
}

/// Hex SHA-256 of a token: what is stored and compared.
pub(crate) fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Store a new token under `name`; a name already in use is a conflict.
pub async fn create(
    conn: &mut Exec<'_>,
    name: &str,
    token: &str,
    now: At,
) -> Result<(), StoreError> {
    let r = conn
        .execute(
            "INSERT INTO kds_tokens (name, token_hash, created_at) VALUES ($1, $2, $3)",
            args![name, hash(token), now.as_millis()],
        )
        .await;
    match r {
        Err(e) if e.is_unique_violation() => Err(StoreError::Conflict(format!(
            "a display token named '{name}' already exists (revoke it first)"
        ))),
        Err(e) => Err(e),
        Ok(_) => Ok(()),
    }
}

/// Every token, by name.
pub(crate) async fn list(conn: &mut Exec<'_>) -> Result<Vec<KdsToken>, StoreError> {
    conn.fetch_all(
        "SELECT name, created_at FROM kds_tokens ORDER BY name",
        args![],
    )
    .await
}

/// Delete the token `name`; `false` if there was none.
pub async fn revoke(conn: &mut Exec<'_>, name: &str) -> Result<bool, StoreError> {
    Ok(conn
        .execute("DELETE FROM kds_tokens WHERE name = $1", args![name])
        .await?
        > 0)
}

/// The name of the display that `token` belongs to, if it is valid.
pub(crate) async fn check(conn: &mut Exec<'_>, token: &str) -> Result<Option<String>, StoreError> {
    let row: Option<(String,)> = conn
        .fetch_optional(
            "SELECT name FROM kds_tokens WHERE token_hash = $1",
            args![hash(token)],
        )
        .await?;
    Ok(row.map(|(n,)| n))
}
