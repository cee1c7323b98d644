//! What the rest of Maydanoz sees of a webhook delivery: flat records with the wire's quirks
//! (string timestamps, optional ids, nested envelopes) already resolved.

use serde::{Deserialize, Serialize};

use crate::domain::time::At;
use crate::domain::{CustomerId, UserId};

/// Everything one webhook POST carried, flattened across all entries and changes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Delivery {
    /// Inbound customer messages in the order they appear in the body.
    pub messages: Vec<InboundRecord>,
    /// Status updates of messages we sent (sent / delivered / read / failed / played).
    pub statuses: Vec<StatusUpdate>,
    /// Account- and message-level errors: `value.errors[]` and the `errors` of
    /// `unsupported` messages. Meant for the log and for ops alerts.
    pub errors: Vec<WaError>,
    /// Items skipped because they were malformed (a message without an id, a status without
    /// a timestamp, …), one human-readable reason each, so the handler can log them while
    /// still accepting the rest of the delivery.
    pub rejected: Vec<String>,
    /// Changes whose `field` is not `messages` (template status, quality updates, …).
    pub ignored_changes: usize,
    /// Messages the shop sent from the WhatsApp Business app (`smb_message_echoes`),
    /// each keyed by the customer it went to, with kind [`super::ECHO_KIND`].
    #[serde(default)]
    pub echoes: Vec<InboundRecord>,
}

/// One inbound message as the webhook handler stores it in the inbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct InboundRecord {
    /// The `wamid.…` id: the idempotency key (Meta retries and duplicates deliveries).
    pub wa_message_id: String,
    /// The customer: `from` (the phone number / `wa_id`), or `from_user_id` for users who hide
    /// their number behind a username (BSUID).
    pub customer_phone: CustomerId,
    /// The WhatsApp profile name from the matching `contacts[]` entry, if any.
    pub contact_name: Option<String>,
    /// When Meta received the message (unix milliseconds in JSON; the wire has string seconds).
    pub timestamp_ms: At,
    /// The wire `type` (`text`, `interactive`, `reaction`, …), for logs and metrics.
    pub kind: String,
    /// The message object re-serialized compactly; the inbox worker turns it into an
    /// [`InboundMessage`] with [`super::parse_message`] when it reads it back.
    pub raw: String,
    /// The message as decoded here, for a worker that decides it in the commit storing it
    /// (no second decode); `None` for the shop's echoes.
    pub message: Option<InboundMessage>,
}

impl InboundRecord {
    /// The record of a decoded message: its wire `type` and its compact JSON beside it.
    pub(crate) fn of(message: InboundMessage, kind: Option<String>, raw: String) -> InboundRecord {
        InboundRecord {
            wa_message_id: message.wa_message_id.clone(),
            customer_phone: message.customer_phone.clone(),
            contact_name: message.contact_name.clone(),
            timestamp_ms: message.timestamp_ms,
            kind: kind.unwrap_or_default(),
            raw,
            message: Some(message),
        }
    }
}

/// One inbound message, decoded for the conversation engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct InboundMessage {
    /// The `wamid.…` id, as in [`InboundRecord::wa_message_id`].
    pub wa_message_id: String,
    /// See [`InboundRecord::customer_phone`].
    pub customer_phone: CustomerId,
    /// The business-scoped user id (`from_user_id`) when it came beside a phone number in
    /// `from`: the same person under both ids, kept as one customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<UserId>,
    /// The profile name stored beside the raw message (contacts are not part of it).
    pub contact_name: Option<String>,
    /// Unix milliseconds; compare with "now" to skip stale replays after an outage.
    pub timestamp_ms: At,
    /// `context.id`: the business message the customer replied to or tapped a button of.
    /// Tells which menu an old button tap belongs to.
    pub context_id: Option<String>,
    /// The customer forwarded this message (`forwarded` or `frequently_forwarded`): its
    /// content came from someone else, so don't trust it as the customer's own choice.
    pub forwarded: bool,
    /// What was sent.
    pub content: Content,
}

/// What the customer sent, one variant per kind the bot treats differently. Field names
/// follow the wire's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum Content {
    /// Typed text, unmodified (clean it before it reaches a terminal).
    Text { body: String },
    /// A tap on an interactive reply button: `id` is the id we set, `title` its label.
    ButtonReply { id: String, title: String },
    /// A row picked from an interactive list: `id` is the id we set; `description` only if
    /// the row had one.
    ListReply {
        id: String,
        title: String,
        description: Option<String>,
    },
    /// A tap on a template quick-reply button (wire type `button`): `payload` is what the
    /// template set (defaults to the label), `text` the label.
    QuickReply { payload: String, text: String },
    /// A shared location (e.g. for delivery); `name` and `address` only for a picked place.
    Location {
        latitude: f64,
        longitude: f64,
        name: Option<String>,
        address: Option<String>,
    },
    /// image, audio, video, document or sticker (`kind`): the bot only asks for text instead.
    Media {
        kind: String,
        caption: Option<String>,
    },
    /// A reaction to our message `message_id`; `emoji` is `None` when it was removed.
    Reaction {
        message_id: String,
        emoji: Option<String>,
    },
    /// The customer edited an earlier message; WhatsApp does not send the new text.
    Edit,
    /// `unsupported` with another `unsupported.type` in `kind` (poll, gif, pin, …).
    Unsupported { kind: String },
    /// A `system` message, e.g. `user_changed_number` with the customer's new id in
    /// `new_wa_id` (move their session and cart there).
    System {
        body: Option<String>,
        new_wa_id: Option<String>,
    },
    /// `request_welcome`: the customer opened the chat for the first time.
    Welcome,
    /// A catalog cart, with the customer's note in `text`.
    Order {
        text: Option<String>,
        items: Vec<OrderLine>,
        /// `order.catalog_id` as sent; kept for the log, not used to match (the
        /// lines are matched by `sku` alone).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        catalog_id: Option<String>,
    },
    /// A completed WhatsApp Flow; `response_json` is the JSON string Meta sends (with the
    /// `flow_token` we set).
    FlowReply { response_json: String },
    /// Shared contact cards.
    Contacts,
    /// Any other wire `type` (or interactive subtype, as `interactive.<subtype>`) in `kind`.
    Unknown { kind: String },
}

/// One line of a catalog cart. The price is the customer's claim (unit price): validate it
/// against the menu, never trust it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct OrderLine {
    /// The catalog's SKU, to match against the menu.
    pub product_retailer_id: String,
    /// The count as sent; 0 when it is not an integer. Not checked here: the bot
    /// tells the customer which line had no usable quantity and takes the rest.
    pub quantity: i64,
    /// `item_price` in minor units; `None` when absent or not a plain decimal with at most
    /// two fraction digits. Parsed from the number's text, never through float arithmetic.
    pub unit_price_minor: Option<i64>,
    /// ISO 4217 code as sent, e.g. `TRY`.
    pub currency: Option<String>,
}

/// A status update for a message we sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct StatusUpdate {
    /// The wamid the send API returned for our message.
    pub wa_message_id: String,
    /// `sent`, `delivered`, `read`, `failed` or `played` (kept as text: new values appear).
    /// They can arrive out of order: apply them monotonically.
    pub status: String,
    /// `recipient_id` (or `recipient_user_id` for BSUID users).
    pub recipient: Option<String>,
    /// Unix milliseconds.
    pub timestamp_ms: At,
    /// The first error's code on a `failed` status (131047 → needs a template, 131026 → stop).
    pub error_code: Option<i64>,
    /// That error's message, with its details.
    pub error_message: Option<String>,
    /// Echo of what we put in the send request, e.g. an outbox row or order id.
    pub biz_opaque_callback_data: Option<String>,
}

/// An error Meta reported inside a webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct WaError {
    /// Meta's error code (REFERENCE §7.2), e.g. 130429 or 131051.
    pub code: i64,
    /// `message` (or `title`), with `error_data.details` appended when it adds something.
    pub message: String,
}

/// Why a body or a stored message could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ParseError {
    /// The body is not JSON at all: the handler answers 400.
    #[error("body is not JSON: {0}")]
    NotJson(String),
    /// JSON, but not a WhatsApp Business Account notification: the handler answers 400.
    #[error("not a WhatsApp notification: {0}")]
    NotNotification(String),
    /// One message lacks something it cannot do without (id, sender, timestamp, its body).
    #[error("malformed message: {0}")]
    Malformed(String),
}
