//! A whole webhook body → [`Delivery`]: walks every entry, change, message, status and
//! error. Only a body that is not a WhatsApp notification at all is an error; malformed items
//! inside a valid one are skipped into `Delivery::rejected`.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::message::convert;
use super::model::{Delivery, InboundRecord, ParseError, StatusUpdate, WaError};
use super::types::{
    Change, ChangeValue, Contact, Entry, Notification, WireError, WireMessage, WireStatus,
};

/// The only `object` Meta sends for WhatsApp Business Account webhooks.
pub(crate) const OBJECT: &str = "whatsapp_business_account";

/// Parse a webhook POST body (raw bytes, after the signature check).
///
/// Errors only when the body is not JSON, not an object with
/// `"object": "whatsapp_business_account"`, or has no `entry` array: the handler answers 400.
pub(crate) fn parse_delivery(body: &[u8]) -> Result<Delivery, ParseError> {
    // the common, well-formed body without a tree; anything unusual walks the tree below
    if let Some(d) = super::direct::parse(body) {
        return Ok(d);
    }
    parse_tree(body)
}

/// [`parse_delivery`] through a `serde_json::Value` tree, item by item: every malformed
/// item is skipped into `rejected` with where it was and why.
pub(super) fn parse_tree(body: &[u8]) -> Result<Delivery, ParseError> {
    let mut root: Value =
        serde_json::from_slice(body).map_err(|e| ParseError::NotJson(e.to_string()))?;
    // JSON can only carry a NUL as the escape `\u0000`: look for it before walking the tree
    if body.windows(6).any(|w| w == b"\\u0000") {
        strip_nul(&mut root);
    }
    let envelope: Notification =
        serde_json::from_value(root).map_err(|e| ParseError::NotNotification(e.to_string()))?;
    match envelope.object.as_deref() {
        Some(OBJECT) => {}
        Some(other) => return Err(not_notification(&format!("object is {other:?}"))),
        None => return Err(not_notification("no 'object'")),
    }
    let Some(Value::Array(entries)) = envelope.entry else {
        return Err(not_notification("'entry' is not an array"));
    };
    let mut out = Delivery::default();
    for (e, entry) in entries.into_iter().enumerate() {
        let Some(entry) = item::<Entry>(entry, &format!("entry[{e}]"), &mut out.rejected) else {
            continue;
        };
        for (c, change) in entry.changes.into_iter().enumerate() {
            read_change(change, &format!("entry[{e}].changes[{c}]"), &mut out);
        }
    }
    Ok(out)
}

fn read_change(change: Value, at: &str, out: &mut Delivery) {
    let Some(change) = item::<Change>(change, at, &mut out.rejected) else {
        return;
    };
    if change.field.as_deref() == Some("smb_message_echoes") {
        super::echo::read_echoes(change.value.unwrap_or(Value::Null), at, out);
        return;
    }
    if change.field.as_deref() != Some("messages") {
        out.ignored_changes += 1;
        return;
    }
    let value = change.value.unwrap_or(Value::Null);
    let Some(value) = item::<ChangeValue>(value, &format!("{at}.value"), &mut out.rejected) else {
        return;
    };
    let contacts: Vec<Contact> = value
        .contacts
        .into_iter()
        .enumerate()
        .filter_map(|(i, c)| item(c, &format!("{at}.value.contacts[{i}]"), &mut out.rejected))
        .collect();
    for (i, m) in value.messages.into_iter().enumerate() {
        read_message(m, &contacts, &format!("{at}.value.messages[{i}]"), out);
    }
    for (i, s) in value.statuses.into_iter().enumerate() {
        let at = format!("{at}.value.statuses[{i}]");
        let Some(wire) = item::<WireStatus>(s, &at, &mut out.rejected) else {
            continue;
        };
        match status(wire) {
            Ok(s) => out.statuses.push(s),
            Err(why) => out.rejected.push(format!("{at}: {why}")),
        }
    }
    for (i, e) in value.errors.into_iter().enumerate() {
        push_error(e, &format!("{at}.value.errors[{i}]"), out);
    }
}

pub(super) fn read_message(mut raw: Value, contacts: &[Contact], at: &str, out: &mut Delivery) {
    borrow_sender(&mut raw, contacts);
    let compact = raw.to_string();
    let Some(wire) = item::<WireMessage>(raw, at, &mut out.rejected) else {
        return;
    };
    let name = contact_name(&wire, contacts);
    let message = match convert(&wire, name.as_deref()) {
        Ok(m) => m,
        Err(e) => {
            let id = wire.id.as_deref().unwrap_or("?");
            out.rejected.push(format!("{at} ({id}): {e}"));
            return;
        }
    };
    for (i, e) in wire.errors.into_iter().enumerate() {
        push_error(e, &format!("{at}.errors[{i}]"), out);
    }
    out.messages
        .push(InboundRecord::of(message, wire.kind, compact));
}

/// A message with neither `from` nor `from_user_id` (seen with username users while the
/// BSUID fields roll out) takes the sender from the change's only contact; a message with a
/// `from` whose contact also carries a `user_id` gets that id as `from_user_id` (the same
/// person under both ids). Written into the message itself so the stored raw JSON stays
/// self-contained for `parse_message`.
fn borrow_sender(raw: &mut Value, contacts: &[Contact]) {
    let Value::Object(m) = raw else {
        return;
    };
    let has = |k: &str| {
        m.get(k)
            .and_then(Value::as_str)
            .is_some_and(|s| !s.trim().is_empty())
    };
    let (has_from, has_user) = (has("from"), has("from_user_id"));
    if has_from && !has_user {
        let from = m.get("from").and_then(Value::as_str).map(str::trim);
        let user_id = contacts
            .iter()
            .find(|c| c.wa_id.as_deref().map(str::trim) == from)
            .and_then(|c| c.user_id.clone());
        if let Some(user_id) = user_id {
            m.insert("from_user_id".into(), user_id.into());
        }
        return;
    }
    if has_from || has_user {
        return;
    }
    let [only] = contacts else {
        return;
    };
    if let Some(wa_id) = &only.wa_id {
        m.insert("from".into(), wa_id.clone().into());
    } else if let Some(user_id) = &only.user_id {
        m.insert("from_user_id".into(), user_id.clone().into());
    }
}

/// The sender's profile name: the contact whose `wa_id` or `user_id` matches the message,
/// else the only contact of the change (Meta sends one contact per sender).
pub(super) fn contact_name(wire: &WireMessage, contacts: &[Contact]) -> Option<String> {
    let matches = |c: &&Contact| {
        (c.wa_id.is_some() && c.wa_id == wire.from)
            || (c.user_id.is_some() && c.user_id == wire.from_user_id)
    };
    let contact = contacts.iter().find(matches).or(match contacts {
        [only] => Some(only),
        _ => None,
    })?;
    let profile = contact.profile.as_ref()?;
    profile
        .name
        .clone()
        .or_else(|| profile.username.clone())
        .filter(|n| !n.trim().is_empty())
}

pub(super) fn status(w: WireStatus) -> Result<StatusUpdate, &'static str> {
    let id = w.id.filter(|s| !s.is_empty()).ok_or("status without id")?;
    let status = w
        .status
        .filter(|s| !s.is_empty())
        .ok_or("status without status")?;
    let timestamp_ms = w
        .timestamp
        .and_then(|t| t.instant())
        .ok_or("status without a unix-seconds timestamp")?;
    let first = w.errors.first();
    Ok(StatusUpdate {
        wa_message_id: id,
        status,
        recipient: w.recipient_id.or(w.recipient_user_id),
        timestamp_ms,
        error_code: first.and_then(|e| e.code),
        error_message: first.map(WireError::text).filter(|t| !t.is_empty()),
        biz_opaque_callback_data: w.biz_opaque_callback_data,
    })
}

fn push_error(raw: Value, at: &str, out: &mut Delivery) {
    if let Some(wire) = item::<WireError>(raw, at, &mut out.rejected) {
        push_wire_error(wire, at, out);
    }
}

/// A decoded error item into `errors`, or into `rejected` without a code.
pub(super) fn push_wire_error(wire: WireError, at: &str, out: &mut Delivery) {
    match wire.code {
        Some(code) => out.errors.push(WaError {
            code,
            message: wire.text(),
        }),
        None => out
            .rejected
            .push(format!("{at}: error without a code: {}", wire.text())),
    }
}

/// Remove every NUL character from every string in the tree (keys included). PostgreSQL's
/// `text` and `jsonb` refuse NUL, so a single `\u0000` in a name or an id would fail the
/// whole delivery on every retry; no WhatsApp id or name carries one on purpose. Removing it
/// here, before anything is stored or parsed, stores the same thing on both backends (and
/// the raw message kept in the inbox is NUL-free for the worker too).
pub(super) fn strip_nul(v: &mut Value) {
    match v {
        Value::String(s) if s.contains('\0') => s.retain(|c| c != '\0'),
        Value::Array(items) => items.iter_mut().for_each(strip_nul),
        Value::Object(map) if map.keys().any(|k| k.contains('\0')) => {
            let old = std::mem::take(map);
            for (k, mut item) in old {
                strip_nul(&mut item);
                map.insert(k.replace('\0', ""), item);
            }
        }
        Value::Object(map) => map.values_mut().for_each(strip_nul),
        _ => {}
    }
}

/// Deserialize one item, or note why not and skip it.
fn item<T: DeserializeOwned>(v: Value, at: &str, rejected: &mut Vec<String>) -> Option<T> {
    match serde_json::from_value(v) {
        Ok(t) => Some(t),
        Err(e) => {
            rejected.push(format!("{at}: {e}"));
            None
        }
    }
}

fn not_notification(why: &str) -> ParseError {
    ParseError::NotNotification(why.to_string())
}
