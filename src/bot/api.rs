//! The types at the engine's edge: what the driver hands in ([`Ctx`], [`Input`]) and
//! what it must carry out ([`Outcome`], [`Effect`], [`OrderDraft`]).
//!
//! Plain data only; nothing here does IO or reads a clock.

use crate::domain::OrderNumber;

use crate::domain::Lang;
use crate::domain::coupon::{Coupon, CouponRejection};
pub use crate::domain::hours::ShopStatus;
use crate::domain::menu::Menu;
use crate::domain::money::Money;
use crate::domain::order::{Fulfilment, OrderItem, OrderStatus};
use crate::domain::reply::Reply;

use super::session::Session;

/// Everything the engine may read besides the session and the input, loaded by the
/// driver for this one message (so prices, 86s and opening state are current).
pub struct Ctx<'a> {
    /// Fresh from the store: prices and availability as of now.
    pub menu: &'a Menu,
    /// Shown in the greeting.
    pub restaurant_name: &'a str,
    /// ISO code ("TRY") passed to [`Money::display`].
    pub currency: &'a str,
    /// Language for a customer who has not chosen one.
    pub default_lang: Lang,
    /// Who is writing: name, saved addresses, open orders.
    pub customer: &'a CustomerInfo,
    /// Whether orders are taken right now.
    pub shop: ShopStatus,
    /// Unix milliseconds of this message (coupon validity, idle expiry).
    pub now_ms: i64,
    /// A cart untouched for longer than this is emptied; the customer is told on return.
    pub cart_idle_ms: i64,
    /// Minutes quoted after a pickup order is placed.
    pub pickup_minutes: u32,
    /// Minutes quoted after a delivery order is placed.
    pub delivery_minutes: u32,
    /// The restaurant's time zone, to print a coupon's start date in local time.
    pub tz: &'a jiff::tz::TimeZone,
}

/// What the store knows about the customer, loaded per message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerInfo {
    /// The WhatsApp phone number (or user id) the session belongs to.
    pub phone: String,
    /// WhatsApp profile name; customer-typed, cleaned and cut before it is shown.
    pub name: Option<String>,
    /// Delivery addresses used before, newest first; offered as choices at checkout.
    pub saved_addresses: Vec<String>,
    /// Orders not yet delivered or cancelled, so a returning customer sees their status.
    pub open_orders: Vec<OrderBrief>,
    /// Has ordered before: greeted by name ("welcome back").
    pub is_returning: bool,
}

/// One open order as the customer sees it in the greeting and the status view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderBrief {
    /// The short number called out in the kitchen.
    pub number: OrderNumber,
    /// Only `new` orders can be cancelled by the customer.
    pub status: OrderStatus,
    /// Status names differ: "ready" reads "come and get it" or "packed".
    pub fulfilment: Fulfilment,
    /// Total charged, shown in the status list.
    pub total: Money,
}

/// One inbound event for this customer: a WhatsApp message, or the result of an
/// [`Effect`] the driver has just carried out.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// A typed message (any text: Turkish, emoji, control characters…).
    Text(String),
    /// A reply button was tapped; `id` is what we sent (or anything, if forged).
    Button { id: String, title: String },
    /// A list row was chosen.
    ListRow { id: String, title: String },
    /// A shared location pin (accepted as a delivery address).
    Location {
        latitude: f64,
        longitude: f64,
        name: Option<String>,
        address: Option<String>,
    },
    /// The chat was opened for the first time (`request_welcome`).
    Welcome,
    /// Image, audio, sticker, video, document…: we ask for text.
    Media { kind: String },
    /// An edited message arrives without its new text.
    Edit,
    /// A reaction to one of our messages: ignored without a reply.
    Reaction,
    /// Anything else WhatsApp may send (polls, contacts, catalog orders…).
    Unsupported { kind: String },
    /// Result of [`Effect::LookupCoupon`]: the coupon (if the code exists) and this
    /// customer's live redemption count of it.
    CouponFound {
        code: String,
        coupon: Option<Coupon>,
        customer_uses: i64,
    },
    /// Result of [`Effect::PlaceOrder`]: the order is written.
    OrderPlaced { number: OrderNumber, total: Money },
    /// Result of [`Effect::PlaceOrder`]: nothing was written, and why.
    OrderRejected(PlaceError),
    /// Result of [`Effect::CancelOrder`]: the order is cancelled.
    OrderCancelled { number: OrderNumber },
    /// Result of [`Effect::CancelOrder`]: the kitchen had already moved it on.
    CancelRefused {
        number: OrderNumber,
        status: OrderStatus,
    },
    /// Result of [`Effect::LastOrder`]: the items of the customer's newest order
    /// that was not cancelled (`None`: they have none).
    LastOrder(Option<Vec<OrderItem>>),
}

/// Why the store refused to write an order the customer confirmed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlaceError {
    /// The atomic coupon redemption failed (another customer took the last use…).
    #[error("coupon refused: {0:?}")]
    Coupon(CouponRejection),
    /// The shop closed or paused between the summary and the write.
    #[error("shop is not taking orders")]
    Closed,
    /// These products were 86'd between the summary and the write.
    #[error("unavailable: {0:?}")]
    Unavailable(Vec<String>),
    /// Anything else (database trouble); the customer may try again.
    #[error("order could not be written")]
    Failed,
}

/// The engine's answer to one input.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The new session to store (in the same transaction as the effect).
    pub session: Session,
    /// Messages to send, in order; at most three, each within WhatsApp's limits.
    pub replies: Vec<Reply>,
    /// Something the driver must do and report back as an [`Input`].
    pub effect: Option<Effect>,
}

/// Work only the driver can do. Each has a result input the driver feeds back.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Load the coupon and the customer's redemption count → [`Input::CouponFound`].
    LookupCoupon { code: String },
    /// Write the order and redeem the coupon atomically → [`Input::OrderPlaced`] or
    /// [`Input::OrderRejected`].
    PlaceOrder(OrderDraft),
    /// Cancel the customer's own order if it is still `new` → [`Input::OrderCancelled`]
    /// or [`Input::CancelRefused`].
    CancelOrder { number: OrderNumber },
    /// Load the customer's newest order that was not cancelled ("aynısından") →
    /// [`Input::LastOrder`]. Reads only.
    LastOrder,
}

/// An order ready to be written: prices copied from the menu at confirmation, totals
/// from [`crate::domain::order::totals`].
#[derive(Debug, Clone, PartialEq)]
pub struct OrderDraft {
    /// Lines with unit prices (base + option deltas) copied from the menu at Confirm.
    pub items: Vec<OrderItem>,
    /// Pickup or delivery, as chosen.
    pub fulfilment: Fulfilment,
    /// Delivery address as typed, chosen or taken from a location pin.
    pub address: Option<String>,
    /// A shared pin as (latitude, longitude) degrees; the session keeps it as
    /// integer 1e-7 degrees so its JSON round-trips exactly.
    pub location: Option<(f64, f64)>,
    /// Note for the kitchen.
    pub note: Option<String>,
    /// Normalized coupon code to redeem with the order.
    pub coupon: Option<String>,
    /// Sum of the line totals.
    pub subtotal: Money,
    /// The coupon's discount, never more than the subtotal.
    pub discount: Money,
    /// Subtotal minus discount: what the customer saw on the summary and confirmed.
    pub total: Money,
    /// Language for the status notifications of this order.
    pub lang: Lang,
    /// WhatsApp profile name, cleaned.
    pub customer_name: Option<String>,
}
