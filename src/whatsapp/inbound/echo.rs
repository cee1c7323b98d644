//! Coexistence: a message the shop sent from the WhatsApp Business app on the
//! same number comes back as an `smb_message_echoes` change (`value.message_echoes[]`,
//! with `from` = the business and `to` = the customer). Each becomes an
//! [`InboundRecord`] keyed by the **customer** (the recipient), with kind
//! [`ECHO_KIND`], so it is stored durably like any delivery and the worker
//! can pause the bot for that customer. It is never given to the bot.
//!
//! Also here: [`summary`], one line for any stored message (the customer's or
//! an echo), for the waiting list on the board and the command line.

use serde::Deserialize;
use serde_json::Value;

use super::message::parse_message;
use super::model::{Content, Delivery, InboundRecord};
use super::types::Timestamp;
use crate::domain::CustomerId;

/// The inbox kind of an echo (the store's `handoffs::ECHO_KIND` is the same text).
pub(crate) const ECHO_KIND: &str = "smb_message_echo";

/// `value.message_echoes[]`: only what we need; the rest stays in the raw JSON.
#[derive(Debug, Deserialize)]
struct WireEcho {
    id: Option<String>,
    /// The customer's phone number.
    to: Option<String>,
    /// The customer's user id, for a customer who hides the number (username users).
    recipient: Option<String>,
    to_user_id: Option<String>,
    timestamp: Option<Timestamp>,
}

/// `field: "smb_message_echoes"`: every echo in `value`, or a reason in `rejected`.
pub(super) fn read_echoes(value: Value, at: &str, out: &mut Delivery) {
    let items = match value.get("message_echoes") {
        Some(Value::Array(items)) => items.clone(),
        _ => {
            out.rejected.push(format!(
                "{at}.value: smb_message_echoes without message_echoes"
            ));
            return;
        }
    };
    for (i, raw) in items.into_iter().enumerate() {
        let at = format!("{at}.value.message_echoes[{i}]");
        match echo(raw) {
            Ok(r) => out.echoes.push(r),
            Err(why) => out.rejected.push(format!("{at}: {why}")),
        }
    }
}

fn echo(raw: Value) -> Result<InboundRecord, String> {
    let compact = raw.to_string();
    let kind_of = raw
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let w: WireEcho = serde_json::from_value(raw).map_err(|e| e.to_string())?;
    let id =
        w.id.filter(|s| !s.trim().is_empty())
            .ok_or("echo without id")?;
    // the customer is the recipient, never the sender (that is the shop itself)
    let to = [w.to, w.recipient, w.to_user_id]
        .into_iter()
        .flatten()
        .find_map(|s| CustomerId::parse(&s).ok())
        .ok_or("echo without a customer number in 'to'")?;
    let timestamp_ms = w
        .timestamp
        .and_then(|t| t.instant())
        .ok_or("echo without a unix-seconds timestamp")?;
    tracing::debug!(kind = %kind_of, "echo of a message the shop sent from the app");
    Ok(InboundRecord {
        wa_message_id: id,
        customer_phone: to,
        contact_name: None,
        timestamp_ms,
        kind: ECHO_KIND.to_string(),
        raw: compact,
        message: None,
    })
}

/// One line for a stored message: what the customer (or, for an echo, the shop)
/// said, as written (not yet cleaned: the caller cleans and cuts it for its screen).
pub(crate) fn summary(kind: &str, payload: &str) -> String {
    if kind == ECHO_KIND {
        let v: Value = serde_json::from_str(payload).unwrap_or(Value::Null);
        return match v["text"]["body"].as_str() {
            Some(t) => t.to_string(),
            None => format!("[{}]", v["type"].as_str().unwrap_or("message")),
        };
    }
    let Ok(m) = parse_message(payload, None) else {
        return format!("[{kind}]");
    };
    match m.content {
        Content::Text { body } => body,
        Content::ButtonReply { title, .. } | Content::ListReply { title, .. } => {
            format!("[{title}]")
        }
        Content::QuickReply { text, .. } => format!("[{text}]"),
        Content::Media { kind, caption } => match caption {
            Some(c) => format!("[{kind}] {c}"),
            None => format!("[{kind}]"),
        },
        Content::Location { name, address, .. } => {
            let what: Vec<String> = [name, address].into_iter().flatten().collect();
            format!("[location] {}", what.join(", "))
        }
        Content::Reaction { emoji, .. } => format!("[reaction {}]", emoji.unwrap_or_default()),
        Content::Order { text, items, .. } => {
            format!("[cart, {} items] {}", items.len(), text.unwrap_or_default())
        }
        other => format!("[{}]", content_kind(&other)),
    }
}

fn content_kind(c: &Content) -> &str {
    match c {
        Content::Edit => "edit",
        Content::Welcome => "chat opened",
        Content::Contacts => "contacts",
        Content::FlowReply { .. } => "form",
        Content::System { .. } => "system",
        Content::Unsupported { kind } | Content::Unknown { kind } => kind,
        _ => "message",
    }
}
