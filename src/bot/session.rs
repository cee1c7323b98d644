//! The per-customer conversation state, stored as JSON after every message.
//!
//! Lean on purpose (written on every message) and lenient on load: each field
//! falls back to its default on its own, so a session written by an older or newer
//! version keeps what still parses (a cart survives a renamed step) instead of
//! failing the customer's next message. A stored text that is not a session at all
//! (not a JSON object) is an error, never an empty cart: the caller keeps it
//! untouched and says so.

use serde::{Deserialize, Deserializer, Serialize};

use crate::domain::Lang;
use crate::domain::cart::Cart;
use crate::domain::coupon::Coupon;
use crate::domain::order::Fulfilment;
use crate::domain::payment::Payment;
use crate::domain::pin::Pin;
use crate::domain::time::At;

/// A stored session that is not one (not a JSON object): kept as it is, never
/// replaced by an empty one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stored session cannot be read: {0}")]
pub struct UnreadableSession(pub String);

/// One customer's conversation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Session {
    /// The customer's chosen language; `None` follows the restaurant default.
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub lang: Option<Lang>,
    /// What we asked last and are waiting for.
    #[serde(skip_serializing_if = "Step::is_idle", deserialize_with = "lenient")]
    pub step: Step,
    /// Product and option ids with quantities; priced against the current menu.
    #[serde(skip_serializing_if = "Cart::is_empty", deserialize_with = "lenient")]
    pub cart: Cart,
    /// Choices made so far in the current checkout.
    #[serde(
        skip_serializing_if = "Checkout::is_empty",
        deserialize_with = "lenient"
    )]
    pub checkout: Checkout,
    /// Unix ms of the last message handled: an idle cart expires after `cart_idle`.
    #[serde(deserialize_with = "lenient")]
    pub updated_at: i64,
    /// Bumped at every order summary; the Confirm button carries it, so an older
    /// summary (or one already used to place an order) cannot place another.
    #[serde(skip_serializing_if = "is_zero", deserialize_with = "lenient")]
    pub nonce: u32,
    /// Items read from text that still need a required option, asked one at a time
    /// after the current one.
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "lenient")]
    pub queue: Vec<Queued>,
    /// Ambiguous words from the last message, asked one at a time (the first now).
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "lenient")]
    pub ask: Vec<Asked>,
    /// The checkout was under way when items were added by text: once their
    /// questions are answered, the checkout resumes instead of showing the cart.
    #[serde(skip_serializing_if = "is_false", deserialize_with = "lenient")]
    pub resume: bool,
    /// Sentences said while an effect was pending (an outcome with an effect has no
    /// replies); they ride on the reply to the effect's result.
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "lenient")]
    pub notes: Vec<String>,
    /// Typed messages in a row that were not understood; at two the customer is
    /// handed to a person.
    #[serde(skip_serializing_if = "is_zero_u8", deserialize_with = "lenient")]
    pub misses: u8,
    /// Unix ms when this customer was told the shop is paused (0: not told).
    /// Told once per pause; `maydanoz resume` reads it to tell them the shop
    /// reopened, and clears it (as does the bot on a message once open).
    #[serde(skip_serializing_if = "is_zero_i64", deserialize_with = "lenient")]
    pub paused_told: i64,
    /// The order question now waiting on the kitchen's pace was a complaint:
    /// the status comes with an apology and the offer of a person.
    #[serde(skip_serializing_if = "is_false", deserialize_with = "lenient")]
    pub complained: bool,
    /// How the customer paid their last order: "aynısından" pays the same way
    /// (when still offered) instead of asking again.
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub last_payment: Option<Payment>,
    /// The buttons and list rows of the last reply, in the order shown: a typed
    /// "1", "ikinci" or a title ("gel al", "12:30") picks one of them.
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "lenient")]
    pub shown: Vec<Shown>,
}

/// One choice as last shown to the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shown {
    /// The button or row id (an [`super::ids::Action`] id).
    pub id: String,
    /// Its title as shown.
    pub title: String,
}

/// Where the customer is. Browsing is stateless (list row ids say what they show);
/// only questions waiting for an answer are steps.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "at", rename_all = "snake_case")]
pub enum Step {
    /// Nothing asked: home, categories and products.
    #[default]
    Idle,
    /// Choosing the required options of `pid`, one group at a time (optional
    /// groups are offered afterwards as extras): `group` indexes
    /// `Product::groups_in_order`.
    Options {
        pid: i64,
        group: usize,
        picked: Vec<i64>,
        /// How many to add once the options are chosen (0 reads as 1).
        #[serde(default)]
        qty: u32,
    },
    /// How many of `pid` with these options.
    Quantity { pid: i64, options: Vec<i64> },
    /// New quantity for cart line `line` (which must still be `pid`).
    LineQty { line: usize, pid: i64 },
    /// Checkout: waiting for a coupon code or "no coupon".
    Coupon,
    /// Checkout: [`super::Effect::LookupCoupon`] sent for `code`.
    CouponCheck {
        code: crate::domain::coupon_code::CouponCode,
        /// A bare word tried as a code (it was nothing else): if no coupon has
        /// it, the word was simply not understood, and the summary or cart returns.
        #[serde(default, skip_serializing_if = "is_false")]
        soft: bool,
    },
    /// Checkout: pickup or delivery.
    Fulfilment,
    /// Checkout: a delivery address (text, saved choice or location pin).
    Address,
    /// Checkout: an optional note for the kitchen.
    Note,
    /// Checkout: the summary with `nonce` on its Confirm button, showing `total` minor units.
    Summary { nonce: u32, total: i64 },
    /// [`super::Effect::PlaceOrder`] sent for the summary with `nonce`.
    Placing { nonce: u32 },
    /// Checkout: after a pin, the building / door / floor (asked once).
    Door,
    /// Checkout: how the customer pays.
    Payment,
}

/// An item read from text waiting for its required options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queued {
    pub pid: i64,
    /// Options already named in the text.
    pub picked: Vec<i64>,
    pub qty: u32,
}

/// A word that fit several products, waiting for the customer's choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asked {
    /// As the customer wrote it (cleaned, cut).
    pub said: String,
    pub candidates: Vec<i64>,
    pub qty: u32,
    /// The item's other words, read as options once a product is chosen.
    pub rest: Vec<String>,
}

/// A coupon accepted for this checkout, kept to re-check it against the final cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedCoupon {
    /// The coupon as loaded (rules and use counts at lookup time).
    pub coupon: Coupon,
    /// The customer's redemptions when it was looked up.
    pub customer_uses: i64,
}

/// Checkout choices; reset when a checkout starts and after an order is placed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Checkout {
    /// A coupon that applied when typed; re-checked at the summary and at Confirm.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coupon: Option<AppliedCoupon>,
    /// Pickup or delivery.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fulfilment: Option<Fulfilment>,
    /// Delivery address: typed (cleaned, cut), saved, or from a pin.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// A shared pin, stored as its 1e-7 degree pair (integers round-trip through JSON
    /// exactly; the key keeps its name so stored sessions read on).
    #[serde(
        rename = "location_e7",
        with = "crate::domain::pin::e7_pair",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub location: Option<Pin>,
    /// Note for the kitchen, cleaned and cut.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// A typed address did not read like one and was asked for again: the
    /// next answer is taken as given.
    #[serde(skip_serializing_if = "is_false")]
    pub address_doubted: bool,
    // -- delivery fee and payment --
    /// How the customer pays, once chosen (or the only method offered).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment: Option<Payment>,
    /// The pin question (radius-only zone, typed address) is the one asked now:
    /// a typed answer to it is the customer confirming that address.
    #[serde(skip_serializing_if = "is_false")]
    pub pin_asked: bool,
    /// The typed address the customer confirmed without a pin ("Adres doğru",
    /// or typed again in answer to the pin question). Only this exact text
    /// passes a radius-only zone without a pin; another address is asked again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_confirmed: Option<String>,
    /// Ordered ahead while closed: the picked time the order is for (unix ms in
    /// the JSON). The cart is kept until then (the idle expiry counts from it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduled_for: Option<At>,
    /// The ready time the last summary told: Confirm keeps it as the promise,
    /// or shows the summary again when the quote has grown past it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quoted_at: Option<At>,
    /// Busy mode's minutes inside that time: more at Confirm means the kitchen
    /// declared a longer wait since, and the summary is shown again.
    #[serde(skip_serializing_if = "is_zero")]
    pub quoted_busy: u32,
    /// The ready time promised at Confirm, for the confirmation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub promised_at: Option<At>,
}

impl Step {
    pub fn is_idle(&self) -> bool {
        matches!(self, Step::Idle)
    }
}

impl Checkout {
    pub fn is_empty(&self) -> bool {
        *self == Checkout::default()
    }
}

impl Session {
    /// Load a stored session. Fields whose shape changed fall back one by one (see the
    /// module); a text that is not a session object at all is [`UnreadableSession`].
    pub fn from_json(s: &str) -> Result<Session, UnreadableSession> {
        // serde would also take an array, field by field in order: only an object is a session
        if !s.trim_start().starts_with('{') {
            return Err(UnreadableSession(format!(
                "not a JSON object: {:?}",
                crate::domain::text::cut(s, 40)
            )));
        }
        serde_json::from_str(s).map_err(|e| UnreadableSession(e.to_string()))
    }

    /// The stored form. Cannot fail for this shape; an empty object is the fallback.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string())
    }

    /// Forget the cart and any half-finished question (idle expiry, order placed).
    pub fn reset_order(&mut self) {
        self.cart = Cart::default();
        self.checkout = Checkout::default();
        self.step = Step::Idle;
        self.queue.clear();
        self.ask.clear();
        self.resume = false;
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn is_zero_u8(n: &u8) -> bool {
    *n == 0
}

fn is_zero_i64(n: &i64) -> bool {
    *n == 0
}

/// Deserialize a field, or take its default when its stored shape is unknown.
fn lenient<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned + Default,
{
    let v = serde_json::Value::deserialize(d)?;
    Ok(serde_json::from_value(v).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::cart::CartLine;

    #[test]
    fn fresh_session_is_tiny() {
        assert_eq!(Session::default().to_json(), r#"{"updated_at":0}"#);
    }

    #[test]
    fn unknown_shapes_fall_back_field_by_field() {
        let s = Session::from_json(
            r#"{"lang":"en","step":{"at":"teleport"},"cart":{"lines":[{"product_id":1,
            "name":"Ayran","option_ids":[],"quantity":2}]},"future":true,"updated_at":"x"}"#,
        )
        .expect("an object");
        assert_eq!(s.lang, Some(Lang::En));
        assert_eq!(s.step, Step::Idle);
        assert_eq!(s.cart.lines.len(), 1);
        assert_eq!(s.updated_at, 0);
        assert_eq!(
            Session::from_json(r#"{"lang":"de"}"#).map(|s| s.lang),
            Ok(None)
        );
    }

    #[test]
    fn a_text_that_is_not_a_session_is_an_error_not_an_empty_cart() {
        for stored in ["not json", "[1,2]", "", r#"{"cart":"#, "null"] {
            assert!(Session::from_json(stored).is_err(), "{stored:?}");
        }
    }

    #[test]
    fn round_trips() {
        let mut s = Session {
            lang: Some(Lang::En),
            nonce: 7,
            updated_at: 42,
            ..Session::default()
        };
        s.step = Step::Options {
            pid: 1,
            group: 1,
            picked: vec![3, 4],
            qty: 2,
        };
        s.queue.push(Queued {
            pid: 2,
            picked: vec![],
            qty: 1,
        });
        s.cart.add(CartLine {
            product_id: 1,
            name: "Dürüm 🌯".into(),
            option_ids: vec![2],
            quantity: 3,
        });
        s.checkout.location = Pin::from_e7(410_000_000, 290_000_000).ok();
        s.checkout.note = Some("kapı \"zili\" bozuk\\".into());
        assert_eq!(Session::from_json(&s.to_json()), Ok(s));
    }

    /// The checkout's times are instants in the code and bare unix milliseconds
    /// on disk, as when they were plain integers: a stored session reads them
    /// and writes back the same text.
    #[test]
    fn stored_checkout_times_read_as_instants_and_write_back_the_same() {
        let stored = r#"{"checkout":{"scheduled_for":1780317000000,"quoted_at":1780316100000,"promised_at":1780316160000},"updated_at":5}"#;
        let s = Session::from_json(stored).expect("a session");
        assert_eq!(
            s.checkout.scheduled_for,
            Some(At::from_millis(1_780_317_000_000))
        );
        assert_eq!(
            s.checkout.quoted_at,
            Some(At::from_millis(1_780_316_100_000))
        );
        assert_eq!(
            s.checkout.promised_at,
            Some(At::from_millis(1_780_316_160_000))
        );
        assert_eq!(s.to_json(), stored);
    }

    /// Sessions stored before the pin had its own type keep their pin: the key and
    /// the integer pair are unchanged on disk.
    #[test]
    fn a_stored_pin_pair_reads_as_a_pin_and_is_written_back_the_same() {
        let stored = r#"{"checkout":{"location_e7":[409876500,290246800]},"updated_at":5}"#;
        let s = Session::from_json(stored).expect("a session");
        assert_eq!(
            s.checkout.location,
            Pin::from_e7(409_876_500, 290_246_800).ok()
        );
        assert_eq!(s.to_json(), stored);
        // a pair that is not a place is not taken as one
        let s = Session::from_json(r#"{"checkout":{"location_e7":[0,0]},"updated_at":5}"#)
            .expect("a session");
        assert_eq!(s.checkout.location, None);
    }
}
