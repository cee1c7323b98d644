//! serde mirrors of Meta's notification JSON. Every field is optional because Meta omits
//! fields by message kind, by API version and for username (BSUID) users; unknown fields are
//! ignored. Lists that should be read item by item stay `serde_json::Value` so that one
//! malformed item is skipped instead of sinking the whole delivery.

use serde::Deserialize;
use serde_json::Value;

use crate::domain::time::At;

/// The envelope: `{"object": "whatsapp_business_account", "entry": [...]}`.
#[derive(Debug, Deserialize)]
pub(crate) struct Notification {
    pub object: Option<String>,
    pub entry: Option<Value>,
}

/// `entry[]`: one per WhatsApp Business Account.
#[derive(Debug, Deserialize)]
pub(crate) struct Entry {
    #[serde(default)]
    pub changes: Vec<Value>,
}

/// `entry[].changes[]`: one subscribed field and its value.
#[derive(Debug, Deserialize)]
pub(crate) struct Change {
    pub field: Option<String>,
    pub value: Option<Value>,
}

/// `changes[].value` for `field == "messages"`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ChangeValue {
    #[serde(default)]
    pub contacts: Vec<Value>,
    #[serde(default)]
    pub messages: Vec<Value>,
    #[serde(default)]
    pub statuses: Vec<Value>,
    #[serde(default)]
    pub errors: Vec<Value>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Contact {
    pub profile: Option<Profile>,
    pub wa_id: Option<String>,
    pub user_id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Profile {
    pub name: Option<String>,
    pub username: Option<String>,
}

/// A Unix-seconds timestamp: a string on the wire, tolerated as a number too.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum Timestamp {
    Text(String),
    Number(i64),
}

impl Timestamp {
    /// The instant these seconds name; `None` for text that is not an integer or an overflow.
    pub fn instant(&self) -> Option<At> {
        let secs = match self {
            Timestamp::Text(s) => s.trim().parse::<i64>().ok()?,
            Timestamp::Number(n) => *n,
        };
        // checked, not saturating: an absurd timestamp is malformed, not the end of time
        secs.checked_mul(1000).map(At::from_millis)
    }
}

/// `value.messages[]`.
#[derive(Debug, Deserialize)]
pub(crate) struct WireMessage {
    pub from: Option<String>,
    pub from_user_id: Option<String>,
    pub id: Option<String>,
    pub timestamp: Option<Timestamp>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub context: Option<Context>,
    pub text: Option<Text>,
    pub interactive: Option<Interactive>,
    pub button: Option<Button>,
    pub location: Option<Location>,
    pub image: Option<Media>,
    pub audio: Option<Media>,
    pub video: Option<Media>,
    pub document: Option<Media>,
    pub sticker: Option<Media>,
    pub reaction: Option<Reaction>,
    pub order: Option<Order>,
    pub system: Option<System>,
    pub unsupported: Option<Unsupported>,
    #[serde(default)]
    pub errors: Vec<Value>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Context {
    pub id: Option<String>,
    #[serde(default)]
    pub forwarded: bool,
    #[serde(default)]
    pub frequently_forwarded: bool,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Text {
    pub body: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Interactive {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub button_reply: Option<Reply>,
    pub list_reply: Option<Reply>,
    pub nfm_reply: Option<NfmReply>,
}

/// `button_reply` / `list_reply`.
#[derive(Debug, Deserialize)]
pub(crate) struct Reply {
    pub id: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct NfmReply {
    pub response_json: Option<String>,
}

/// Template quick-reply tap.
#[derive(Debug, Deserialize)]
pub(crate) struct Button {
    pub payload: Option<String>,
    pub text: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Location {
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub name: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Media {
    pub caption: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Reaction {
    pub message_id: Option<String>,
    pub emoji: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Order {
    pub catalog_id: Option<Value>,
    pub text: Option<String>,
    #[serde(default)]
    pub product_items: Vec<ProductItem>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ProductItem {
    pub product_retailer_id: Option<String>,
    pub quantity: Option<Value>,
    pub item_price: Option<Value>,
    pub currency: Option<String>,
}

/// `system`: `wa_id` in current docs, `new_wa_id` in older ones; `user_id` the
/// new business-scoped id of `user_changed_user_id`.
#[derive(Debug, Deserialize)]
pub(crate) struct System {
    pub body: Option<String>,
    pub wa_id: Option<String>,
    pub new_wa_id: Option<String>,
    pub user_id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Unsupported {
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// `value.statuses[]`.
#[derive(Debug, Deserialize)]
pub(crate) struct WireStatus {
    pub id: Option<String>,
    pub status: Option<String>,
    pub timestamp: Option<Timestamp>,
    pub recipient_id: Option<String>,
    pub recipient_user_id: Option<String>,
    pub biz_opaque_callback_data: Option<String>,
    #[serde(default)]
    pub errors: Vec<WireError>,
}

/// An error item, same shape in `value.errors[]`, `statuses[].errors[]` and
/// `messages[].errors[]`.
#[derive(Debug, Deserialize)]
pub(crate) struct WireError {
    pub code: Option<i64>,
    pub title: Option<String>,
    pub message: Option<String>,
    pub error_data: Option<ErrorData>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ErrorData {
    pub details: Option<String>,
}

impl WireError {
    /// `message` (else `title`), plus `details` when it says more.
    pub(super) fn text(&self) -> String {
        let head = self
            .message
            .as_deref()
            .or(self.title.as_deref())
            .unwrap_or("")
            .trim();
        let details = self
            .error_data
            .as_ref()
            .and_then(|d| d.details.as_deref())
            .map(str::trim);
        match details {
            Some(d) if !d.is_empty() && !head.contains(d) => {
                if head.is_empty() {
                    d.to_string()
                } else {
                    format!("{head}: {d}")
                }
            }
            _ => head.to_string(),
        }
    }
}
