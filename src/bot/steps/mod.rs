//! The steps of a conversation, one file per concern, sharing one [`Turn`]: the
//! session being changed, the context, and the replies collected so far.

/// Into the cart, then the next question or the "added" message with extras.
pub mod added;
/// Ordering ahead while closed: the times offered, the one picked.
pub mod ahead;
/// Home, categories, products, search.
pub mod browse;
/// Asking the shop to cancel an order the kitchen already started.
pub mod cancel_request;
/// The cart view and its changes.
pub mod cart;
/// A WhatsApp catalog cart taken into ours.
pub mod catalog;
/// Coupon, pickup or delivery, address, note.
pub mod checkout;
/// The pin, the door question, addresses asked again, saved pins, long notes.
pub mod courier;
/// Changing the cart in words: remove, set a quantity, swap, options, one more.
pub mod edit;
/// Delivery zone, minimum, fee lines and payment.
pub mod fees;
/// Option groups of the product being added.
pub mod options;
/// Open orders and cancelling one.
pub mod orders;
/// The ready time quoted from the kitchen's load; full slots.
pub mod pace;
/// Handing the customer to a person.
pub mod person;
/// Quantities and adding to the cart.
pub mod quantity;
/// An order written as text, at any step.
pub mod reading;
/// "Where is my order": status, time since confirmed, estimate.
pub mod status;
/// The summary, confirming, and the store's answer.
pub mod summary;

use crate::copy;
use crate::domain::Lang;
use crate::domain::money::Money;
use crate::domain::text::{clean, cut};
use crate::domain::time::At;

use super::api::{Ctx, ShopStatus};
use super::render::Out;
use super::session::{Session, Step};

/// One input being handled.
pub struct Turn<'c, 'a> {
    /// The customer's session, changed by the turn.
    pub session: Session,
    pub ctx: &'c Ctx<'a>,
    pub out: Out,
    /// Set when this input hands the customer to a person.
    pub handoff: Option<super::api::Handoff>,
    /// The closed or paused sentence is already in this turn's replies.
    pub notice_said: bool,
}

impl<'c, 'a> Turn<'c, 'a> {
    pub fn new(session: Session, ctx: &'c Ctx<'a>) -> Self {
        Turn {
            session,
            ctx,
            out: Out::default(),
            handoff: None,
            notice_said: false,
        }
    }

    /// The customer's chosen language; without a choice, English for a number
    /// outside Turkey, else the restaurant's language.
    pub fn lang(&self) -> Lang {
        self.session.lang.unwrap_or_else(|| {
            crate::domain::lang_guess::for_customer(&self.ctx.customer.phone, self.ctx.default_lang)
        })
    }

    /// A cart line priced with the names this customer reads (display only).
    pub fn priced(
        &self,
        line: &crate::domain::cart::CartLine,
    ) -> Result<crate::domain::cart::PricedLine, crate::domain::cart::LineProblem> {
        line.price_in(self.ctx.menu, self.lang())
    }

    /// "120,00 ₺"
    pub fn money(&self, m: Money) -> String {
        m.display(self.ctx.currency)
    }

    /// The closed or paused sentence, when orders are not taken now.
    pub fn shop_notice(&self) -> Option<String> {
        let lang = self.lang();
        match &self.ctx.shop {
            ShopStatus::Open => None,
            ShopStatus::Paused { until_text, reason } => Some(copy::shop_paused(
                lang,
                until_text.as_deref().map(|u| cut(&clean(u), 40)).as_deref(),
                reason.as_deref().map(|r| cut(&clean(r), 80)).as_deref(),
            )),
            ShopStatus::Closed { next_open } => {
                let when = next_open.as_ref().map(|n| copy::next_open_text(lang, n));
                Some(copy::shop_closed(lang, when.as_deref()))
            }
        }
    }

    /// The closed or paused sentence for a message that shows the shop's
    /// state (home, categories): `None` when it was said in this turn, or when
    /// the pause was already told to this customer (told once per pause).
    pub fn notice_unsaid(&mut self) -> Option<String> {
        if self.notice_said
            || (self.session.paused_told != 0 && matches!(self.ctx.shop, ShopStatus::Paused { .. }))
        {
            return None;
        }
        let n = self.shop_notice()?;
        self.notice_said = true;
        Some(n)
    }

    /// "Not now" for a closed or paused shop without ordering ahead, saying how
    /// long the cart is kept (the idle expiry empties it after that).
    pub fn no_orders_now(&self) -> String {
        let lang = self.lang();
        let minutes = self.ctx.cart_idle.whole_minutes();
        copy::no_orders_now(lang, &copy::kept_for(lang, minutes))
    }

    /// The customer's profile name, cleaned of control characters and cut.
    pub fn customer_name(&self) -> Option<String> {
        let n = clean(self.ctx.customer.name.as_deref()?);
        let n = n.trim();
        (!n.is_empty()).then(|| cut(n, 30))
    }

    /// Empty an idle cart (and any half-answered question) and say so.
    pub fn expire_if_idle(&mut self) {
        let s = &self.session;
        // an order ahead in progress keeps its cart until the picked time (and
        // the idle time after it): the offer promised that
        let since = s
            .updated_at
            .max(s.checkout.scheduled_for.map_or(0, At::as_millis));
        let idle = s.updated_at > 0 && self.ctx.now - At::from_millis(since) > self.ctx.cart_idle;
        let something = !s.cart.is_empty() || !s.step.is_idle() || !s.checkout.is_empty();
        if idle && something {
            self.session.reset_order();
            self.out.note(copy::cart_expired(self.lang()));
        }
    }
}

/// Ask again what the current step is waiting for: the answer to "where am I and
/// what can I do" after any input that did not fit.
pub fn prompt(turn: &mut Turn) {
    match turn.session.step.clone() {
        Step::Idle => browse::home(turn, false),
        Step::Options { .. } => options::show_current(turn),
        Step::Quantity { .. } => quantity::show(turn),
        Step::LineQty { line, pid } => cart::line_qty_ask(turn, line, pid),
        Step::Coupon | Step::CouponCheck { .. } => checkout::coupon_prompt(turn),
        Step::Fulfilment => checkout::fulfilment_prompt(turn),
        Step::Address => checkout::address_prompt(turn),
        Step::Note => checkout::note_prompt(turn),
        Step::Door => courier::door_prompt(turn),
        Step::Summary { .. } | Step::Placing { .. } => summary::show(turn, false),
        Step::Payment => fees::payment_prompt(turn),
    }
}
