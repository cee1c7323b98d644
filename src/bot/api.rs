//! The types at the engine's edge: what the driver hands in ([`Ctx`], [`Input`]) and
//! what it must carry out ([`Outcome`], [`Effect`], [`OrderDraft`]).
//!
//! Plain data only; nothing here does IO or reads a clock.

use crate::domain::{CustomerId, OrderNumber};

use crate::domain::Lang;
use crate::domain::coupon::{Coupon, CouponRejection};
use crate::domain::coupon_code::CouponCode;
use crate::domain::delivery::DeliveryTerms;
pub(crate) use crate::domain::hours::ShopStatus;
use crate::domain::menu::Menu;
use crate::domain::money::Money;
use crate::domain::order::{Fulfilment, OrderItem, OrderStatus};
use crate::domain::payment::{Payment, PaymentTerms};
use crate::domain::pin::Pin;
use crate::domain::reply::Reply;
use crate::domain::time::{At, Span};

use super::session::Session;

/// Everything the engine may read besides the session and the input, loaded by the
/// driver for this one message (so prices, 86s and opening state are current).
/// The worker's effects for the message read the same one (who asked, the menu, the
/// shop's state, the time), so none of it is copied a second time.
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
    /// When this message is handled (coupon validity, idle expiry).
    pub now: At,
    /// A cart untouched for longer than this is emptied; the customer is told on return.
    pub cart_idle: Span,
    /// Minutes quoted after a pickup order is placed.
    pub pickup_minutes: u32,
    /// Minutes quoted after a delivery order is placed.
    pub delivery_minutes: u32,
    /// The restaurant's time zone, to print a coupon's start date in local time.
    pub tz: &'a jiff::tz::TimeZone,
    // -- delivery and payment terms --
    /// `[delivery]`: zone, fee, minimum basket.
    pub delivery: &'a DeliveryTerms,
    /// `[payment]`: methods per fulfilment, the online link.
    pub payment: &'a PaymentTerms,
    /// `restaurant.address`, told with a map link to a customer who asks.
    pub address: Option<&'a str>,
    /// `restaurant.phone`, told to a customer who asks.
    pub phone: Option<&'a str>,
    /// The opening hours, for "kaça kadar açıksınız".
    pub hours: &'a crate::domain::hours::Hours,
    /// The kitchen's load, busy mode and slot caps: the ready time quoted.
    pub kitchen: &'a crate::domain::pace::Load,
}

/// What the store knows about the customer, loaded per message. Built with
/// [`CustomerInfo::new`] from the customer's [`CustomerId`]: there is no customer without one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerInfo {
    /// The WhatsApp phone number (or user id) the session belongs to.
    pub phone: CustomerId,
    /// WhatsApp profile name; customer-typed, cleaned and cut before it is shown.
    pub name: Option<String>,
    /// Delivery addresses used before, newest first; offered as choices at checkout.
    pub saved_addresses: Vec<String>,
    /// Orders not yet delivered or cancelled, so a returning customer sees their status.
    pub open_orders: Vec<OrderBrief>,
    /// Has ordered before: greeted by name ("welcome back").
    pub is_returning: bool,
    /// The pins of `saved_addresses`, index by index (`None`: typed without one);
    /// picking a saved address brings its pin back.
    pub saved_pins: Vec<Option<Pin>>,
}

impl CustomerInfo {
    /// A customer known only by their address: no name, nothing saved, never ordered.
    pub fn new(phone: CustomerId) -> CustomerInfo {
        CustomerInfo {
            phone,
            name: None,
            saved_addresses: Vec::new(),
            open_orders: Vec::new(),
            is_returning: false,
            saved_pins: Vec::new(),
        }
    }
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
    /// When the customer confirmed it: "12 min ago" and the estimate.
    pub placed_at: At,
    /// The customer asked the shop to cancel it and staff have not answered yet.
    pub cancel_requested: bool,
    /// Ordered ahead: when the customer gets it (told instead of an estimate).
    pub scheduled_for: Option<At>,
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
    /// Anything else WhatsApp may send (polls, contacts, flows…).
    Unsupported { kind: String },
    /// The customer's WhatsApp catalog cart (Meta's `order` message): lines by
    /// the catalog's `product_retailer_id`, matched to our products' `sku`; the
    /// catalog id is not used (any catalog whose codes are our skus works).
    CatalogOrder {
        items: Vec<CatalogItem>,
        /// `order.text`, the customer's words beside the cart (a note).
        text: Option<String>,
    },
    /// Result of [`Effect::LookupCoupon`]: the coupon (if the code exists) and this
    /// customer's live redemption count of it.
    CouponFound {
        code: CouponCode,
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
    /// Result of [`Effect::KitchenPace`]: order-to-ready times of the
    /// kitchen's latest ready orders today, newest first (maybe none).
    KitchenPace(Vec<Span>),
    /// Result of [`Effect::RequestCancel`]: the request waits on the board
    /// (`already`: it was there before this message).
    CancelRequested { number: OrderNumber, already: bool },
}

/// One line of a catalog cart as Meta sent it: a claim to check, never to trust.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogItem {
    /// `product_retailer_id`: our product's `sku`.
    pub retailer_id: String,
    /// As sent; 0 or less (or not a number, read as 0) is refused and told.
    pub quantity: i64,
    /// `item_price` in minor units, if it was a plain decimal: compared with ours
    /// only to tell the customer that our price applies.
    pub unit_price_minor: Option<i64>,
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
    /// The slot the order would be ready in is full under `[kitchen]`'s cap;
    /// these later times are free.
    #[error("slot full")]
    SlotFull { offered: Vec<At> },
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
    /// The customer is handed to a person: the driver opens a handoff (the board's
    /// alert) and keeps the bot quiet for them. The reply saying so is in `replies`.
    pub handoff: Option<Handoff>,
}

/// Why the engine handed a customer to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handoff {
    /// "yetkili", "canlı destek", "operatör", "human"…
    Asked,
    /// A photo, video or document: a complaint the bot cannot read.
    Media,
}

impl Handoff {
    /// The stored reason (`handoffs.reason`).
    pub fn as_str(self) -> &'static str {
        match self {
            Handoff::Asked => "asked",
            Handoff::Media => "media",
        }
    }
}

/// Work only the driver can do. Each has a result input the driver feeds back.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Load the coupon and the customer's redemption count → [`Input::CouponFound`].
    LookupCoupon { code: CouponCode },
    /// Write the order and redeem the coupon atomically → [`Input::OrderPlaced`] or
    /// [`Input::OrderRejected`].
    PlaceOrder(OrderDraft),
    /// Cancel the customer's own order if it is still `new` → [`Input::OrderCancelled`]
    /// or [`Input::CancelRefused`].
    CancelOrder { number: OrderNumber },
    /// Load the customer's newest order that was not cancelled ("aynısından") →
    /// [`Input::LastOrder`]. Reads only.
    LastOrder,
    /// Load the kitchen's recent order-to-ready times for the status view's
    /// estimates → [`Input::KitchenPace`]. Reads only.
    KitchenPace,
    /// Ask the shop to cancel the customer's own order the kitchen already
    /// started → [`Input::CancelRequested`]; [`Input::OrderCancelled`] when it
    /// turned out still new (cancelled at once); [`Input::CancelRefused`] when
    /// it is no longer open.
    RequestCancel { number: OrderNumber },
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
    /// A shared pin (delivery only).
    pub location: Option<Pin>,
    /// Note for the kitchen.
    pub note: Option<String>,
    /// The code of the coupon to redeem with the order (the one looked up).
    pub coupon: Option<CouponCode>,
    /// Sum of the line totals.
    pub subtotal: Money,
    /// The coupon's discount, never more than the subtotal.
    pub discount: Money,
    /// Subtotal minus discount plus the delivery fee: what the customer saw on the
    /// summary and confirmed.
    pub total: Money,
    /// Language for the status notifications of this order.
    pub lang: Lang,
    /// WhatsApp profile name, cleaned.
    pub customer_name: Option<String>,
    // -- delivery fee and payment --
    /// The delivery fee shown on the summary (already inside `total`).
    pub delivery_fee: Money,
    /// How the customer pays.
    pub payment: Option<Payment>,
    /// Ordered ahead while closed: when the customer gets it (a slot from
    /// [`crate::domain::ahead::slots`]); `None` for now.
    pub scheduled_for: Option<At>,
    /// The ready time the summary told the customer; the order keeps it.
    pub promised_at: Option<At>,
}
