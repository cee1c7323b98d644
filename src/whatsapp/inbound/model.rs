//! What the rest of Maydanoz sees of a webhook delivery: flat records with the wire's quirks
//! (string timestamps, optional ids, nested envelopes) already resolved.

use serde::{Deserialize, Serialize};

/// Everything one webhook POST carried, flattened across all entries and changes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
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
}

/// One inbound message as the webhook handler stores it in the inbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboundRecord {
    /// The `wamid.…` id: the idempotency key (Meta retries and duplicates deliveries).
    pub wa_message_id: String,
    /// The customer: `from` (the phone number / `wa_id`), or `from_user_id` for users who hide
    /// their number behind a username (BSUID).
    pub from: String,
    /// The WhatsApp profile name from the matching `contacts[]` entry, if any.
    pub contact_name: Option<String>,
    /// When Meta received the message (unix milliseconds; the wire has string seconds).
    pub timestamp_ms: i64,
    /// The wire `type` (`text`, `interactive`, `reaction`, …), for logs and metrics.
    pub kind: String,
    /// The message object re-serialized compactly; the inbox worker turns it into an
    /// [`InboundMessage`] with [`super::parse_message`].
    pub raw: String,
}

/// One inbound message, decoded for the conversation engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboundMessage {
    pub wa_message_id: String,
    /// See [`InboundRecord::from`].
    pub from: String,
    pub contact_name: Option<String>,
    pub timestamp_ms: i64,
    /// `context.id`: the business message the customer replied to or tapped a button of.
    /// Tells which menu an old button tap belongs to.
    pub context_id: Option<String>,
    /// The customer forwarded this message (`forwarded` or `frequently_forwarded`): its
    /// content came from someone else, so don't trust it as the customer's own choice.
    pub forwarded: bool,
    pub content: Content,
}

/// What the customer sent, one variant per kind the bot treats differently.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Content {
    Text {
        body: String,
    },
    /// A tap on an interactive reply button: `id` is the id we set.
    ButtonReply {
        id: String,
        title: String,
    },
    /// A row picked from an interactive list: `id` is the id we set.
    ListReply {
        id: String,
        title: String,
        description: Option<String>,
    },
    /// A tap on a template quick-reply button (wire type `button`).
    QuickReply {
        payload: String,
        text: String,
    },
    Location {
        latitude: f64,
        longitude: f64,
        name: Option<String>,
        address: Option<String>,
    },
    /// image, audio, video, document or sticker: the bot only asks for text instead.
    Media {
        kind: String,
        caption: Option<String>,
    },
    /// A reaction to one of our messages; `emoji` is `None` when the reaction was removed.
    Reaction {
        message_id: String,
        emoji: Option<String>,
    },
    /// The customer edited an earlier message; WhatsApp does not send the new text.
    Edit,
    /// `unsupported` with another `unsupported.type` (poll, gif, pin, …).
    Unsupported {
        kind: String,
    },
    /// A `system` message, e.g. `user_changed_number` with the customer's new `wa_id`.
    System {
        body: Option<String>,
        new_wa_id: Option<String>,
    },
    /// `request_welcome`: the customer opened the chat for the first time.
    Welcome,
    /// A catalog cart.
    Order {
        text: Option<String>,
        items: Vec<OrderLine>,
    },
    /// A completed WhatsApp Flow; `response_json` is the JSON string Meta sends.
    FlowReply {
        response_json: String,
    },
    /// Shared contact cards.
    Contacts,
    /// Any other wire `type` (or interactive subtype, as `interactive.<subtype>`).
    Unknown {
        kind: String,
    },
}

/// One line of a catalog cart. The price is the customer's claim (unit price): validate it
/// against the menu, never trust it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    pub product_retailer_id: String,
    pub quantity: i64,
    /// `item_price` in minor units; `None` when absent or not a plain decimal with at most
    /// two fraction digits. Parsed from the number's text, never through float arithmetic.
    pub unit_price_minor: Option<i64>,
    pub currency: Option<String>,
}

/// A status update for a message we sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusUpdate {
    /// The wamid the send API returned for our message.
    pub wa_message_id: String,
    /// `sent`, `delivered`, `read`, `failed` or `played` (kept as text: new values appear).
    pub status: String,
    /// `recipient_id` (or `recipient_user_id` for BSUID users).
    pub recipient: Option<String>,
    pub timestamp_ms: i64,
    /// The first error's code on a `failed` status (131047 → needs a template, 131026 → stop).
    pub error_code: Option<i64>,
    pub error_message: Option<String>,
    /// Echo of what we put in the send request, e.g. an outbox row or order id.
    pub biz_opaque_callback_data: Option<String>,
}

/// An error Meta reported inside a webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaError {
    pub code: i64,
    /// `message` (or `title`), with `error_data.details` appended when it adds something.
    pub message: String,
}

/// Why a body or a stored message could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
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
