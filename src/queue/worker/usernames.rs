//! Before a batch is decided: messages of a customer known by both a phone number and a
//! username's user id are put under one key (the phone), and a pair seen for the first time
//! is recorded, merging a customer known until then only by the user id
//! ([`customer_ids::link`]). Replies then go to the phone with `to`; a customer known only
//! by a user id keeps that key and is answered with `recipient`.

use std::collections::HashMap;

use super::Taken;
use crate::domain::Phone;
use crate::store::{Db, StoreError, customer_ids};
use crate::whatsapp::address::is_user_id;

pub(super) async fn resolve(
    db: &Db,
    mut rows: Vec<Taken>,
    now: i64,
) -> Result<Vec<Taken>, StoreError> {
    let mut pairs: Vec<(Phone, String)> = rows
        .iter()
        .filter_map(|t| t.msg.as_ref().ok())
        .filter_map(|m| m.user_id.clone().map(|u| (m.customer_phone.clone(), u)))
        .collect();
    pairs.sort();
    pairs.dedup();
    let mut users: Vec<&str> = rows
        .iter()
        .map(|t| t.row.customer_phone.as_str())
        .filter(|k| is_user_id(k))
        .collect();
    users.extend(pairs.iter().map(|(_, u)| u.as_str()));
    if users.is_empty() {
        return Ok(rows);
    }
    let known = {
        let mut c = db.read().await?;
        customer_ids::keys_for_user_ids(&mut c.exec(), &users).await?
    };
    let new: Vec<(Phone, String)> = pairs
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
    let mut key: HashMap<String, Phone> = known;
    key.extend(new.into_iter().map(|(p, u)| (u, p)));
    for t in &mut rows {
        if let Some(phone) = key.get(t.row.customer_phone.as_str()) {
            t.row.customer_phone = phone.clone();
        }
    }
    Ok(rows)
}
