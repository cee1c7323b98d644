//! Before a batch is decided: messages of a customer known by both a phone number and a
//! username's user id are put under one key (the phone), and a pair seen for the first time
//! is recorded, merging a customer known until then only by the user id
//! ([`customer_ids::link`]). Replies then go to the phone with `to`; a customer known only
//! by a user id keeps that key and is answered with `recipient`.

use std::collections::HashMap;

use super::Taken;
use crate::domain::{CustomerId, PhoneNumber, UserId};
use crate::store::{Db, StoreError, customer_ids};

pub(super) async fn resolve(
    db: &Db,
    mut rows: Vec<Taken>,
    now: i64,
) -> Result<Vec<Taken>, StoreError> {
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
        return Ok(rows);
    }
    let known = {
        let mut reader = db.read().await?;
        customer_ids::keys_for_user_ids(&mut reader.exec(), &users).await?
    };
    let new: Vec<(PhoneNumber, UserId)> = pairs
        .into_iter()
        .filter(|(p, u)| known.get(u) != Some(p))
        .collect();
    if !new.is_empty() {
        let mut tx = db.begin().await?;
        for (phone, user) in &new {
            customer_ids::link(&mut tx.exec(), phone, user, now).await?;
            tracing::info!(user_id = %user, "a username customer is known by a phone number too");
        }
        tx.commit().await?;
    }
    let mut key: HashMap<UserId, PhoneNumber> = known;
    key.extend(new.into_iter().map(|(p, u)| (u, p)));
    for t in &mut rows {
        if let CustomerId::User(u) = &t.row.customer_phone
            && let Some(phone) = key.get(u)
        {
            t.row.customer_phone = CustomerId::Phone(phone.clone());
        }
    }
    Ok(rows)
}
