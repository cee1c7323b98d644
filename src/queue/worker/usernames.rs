//! Before a batch is decided: messages of a customer known by both a phone number and a
//! username's user id are put under one key (the phone), and a pair seen for the first time
//! is recorded, merging a customer known until then only by the user id
//! ([`customer_ids::link`]). Replies then go to the phone with `to`; a customer known only
//! by a user id keeps that key and is answered with `recipient`.

use std::collections::HashMap;

use super::Taken;
use crate::domain::time::At;
use crate::domain::{CustomerId, PhoneNumber, UserId};
use crate::store::{Exec, StoreError, customer_ids};

/// Put `rows` under their customers' keys, reading the known pairs through `conn`; returns
/// the pairs seen for the first time, for [`link`] to record before the batch is decided.
pub(super) async fn resolve(
    conn: &mut Exec<'_>,
    rows: &mut [Taken],
) -> Result<Vec<(PhoneNumber, UserId)>, StoreError> {
    // a message with both ids is keyed by the phone (the webhook saw to that)
    let mut pairs: Vec<(PhoneNumber, UserId)> = rows
        .iter()
        .filter_map(|t| t.msg.as_ref().ok())
        .filter_map(|m| Some((m.customer_phone.phone()?.clone(), m.user_id.clone()?)))
        .collect();
    pairs.sort();
    pairs.dedup();
    let mut users: Vec<&UserId> = rows
        .iter()
        .filter_map(|t| t.row.customer_phone.user_id())
        .collect();
    users.extend(pairs.iter().map(|(_, u)| u));
    if users.is_empty() {
        return Ok(Vec::new());
    }
    let known = customer_ids::keys_for_user_ids(conn, &users).await?;
    let new: Vec<(PhoneNumber, UserId)> = pairs
        .into_iter()
        .filter(|(p, u)| known.get(u) != Some(p))
        .collect();
    let mut key: HashMap<UserId, PhoneNumber> = known;
    key.extend(new.iter().cloned().map(|(p, u)| (u, p)));
    for t in rows.iter_mut() {
        if let CustomerId::User(u) = &t.row.customer_phone
            && let Some(phone) = key.get(u)
        {
            t.row.customer_phone = CustomerId::Phone(phone.clone());
        }
    }
    Ok(new)
}

/// Record the pairs [`resolve`] saw for the first time (merging a customer known until
/// then only by the user id), in a write transaction through `conn`.
pub(super) async fn link(
    conn: &mut Exec<'_>,
    new: &[(PhoneNumber, UserId)],
    at: At,
) -> Result<(), StoreError> {
    for (phone, user) in new {
        customer_ids::link(conn, phone, user, at).await?;
        tracing::info!(user_id = %user, "a username customer is known by a phone number too");
    }
    Ok(())
}
