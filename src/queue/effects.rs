//! Carry out what the bot asked for, inside the worker's transaction, and turn
//! the result into the bot's next input.

use crate::domain::coupon_code::CouponCode;
use crate::domain::{OrderNumber, Phone};

use crate::bot::{self, Ctx, Effect, Handoff, Input, OrderDraft, PlaceError, Session, ShopStatus};
use crate::domain::menu::Menu;
use crate::domain::order::{Fulfilment, OrderStatus, total_with_fee, totals};
use crate::domain::pin::Pin;
use crate::domain::reply::Reply;
use crate::events::OrderEvent;
use crate::store::orders::NewOrder;
use crate::store::{Exec, StoreError, coupons, customers, orders};

/// Who asked, and where the effect's events go. Settings are read from `cfg`, the
/// one source: nothing copied out of it travels beside it.
pub struct EffectCtx<'a> {
    pub phone: &'a Phone,
    pub menu: &'a Menu,
    pub shop: &'a ShopStatus,
    pub now: i64,
    /// The inbound message being handled: an order is unique per message.
    pub source_message_id: &'a str,
    pub events: &'a mut Vec<OrderEvent>,
    /// Hours, zone and quoted minutes (an order ahead is checked and timed with them),
    /// `[delivery]` (the fee is computed again from the claimed discount), `[printer]`.
    pub cfg: &'a crate::config::Config,
}

impl EffectCtx<'_> {
    /// Start of the business day at `now` (unix ms): the kitchen's pace is read from here on.
    pub(super) fn day_start_ms(&self) -> i64 {
        let r = &self.cfg.restaurant;
        crate::domain::report::day::business_day_start_ms(self.now, &r.timezone, r.day_start)
    }

    /// Queue the ticket (and slip) in the order's own transaction: a printer is set
    /// and `printer.print_on = "confirm"`.
    fn print_on_confirm(&self) -> bool {
        self.cfg.printer.target.is_some()
            && self.cfg.printer.print_on == crate::print::PrintOn::Confirm
    }
}

/// Where a turn's effects are carried out.
pub enum Phase<'a, 'c> {
    /// On a read connection: lookups are answered; an effect that writes waits for the
    /// write transaction (returned in [`Turn::waiting`]).
    Read { phone: &'a Phone, day_start_ms: i64 },
    /// In the write transaction: every effect is carried out.
    Write(&'a mut EffectCtx<'c>),
}

/// What a conversation turn came to once its effects settled.
pub struct Turn {
    pub session: Session,
    /// Every reply of every round, in order.
    pub replies: Vec<Reply>,
    /// The bot handed the customer to a person.
    pub handoff: Option<Handoff>,
    /// An effect that writes, asked for in the read phase.
    pub waiting: Option<Effect>,
}

/// Rounds of effect and result in one turn: an effect's result asks for another at
/// most once or twice; past this the turn ends and the effect is dropped (logged).
const MAX_ROUNDS: usize = 8;

/// Feed the bot the results of the effects it asks for until it asks for none (or, in
/// the read phase, for one that writes). The one loop the worker runs its turns
/// through, in both phases.
pub async fn settle(
    x: &mut Exec<'_>,
    mut outcome: bot::Outcome,
    ctx: &Ctx<'_>,
    mut phase: Phase<'_, '_>,
) -> Result<Turn, StoreError> {
    let mut replies = Vec::new();
    let mut handoff = None;
    for _ in 0..MAX_ROUNDS {
        replies.append(&mut outcome.replies);
        handoff = outcome.handoff.take().or(handoff);
        let Some(effect) = outcome.effect.take() else {
            return Ok(Turn {
                session: outcome.session,
                replies,
                handoff,
                waiting: None,
            });
        };
        let result = match &mut phase {
            Phase::Read {
                phone,
                day_start_ms,
            } => match effect {
                Effect::LookupCoupon { code } => lookup_coupon(x, code, phone).await?,
                Effect::LastOrder => last_order(x, phone).await?,
                Effect::KitchenPace => kitchen_pace(x, *day_start_ms).await?,
                writes => {
                    return Ok(Turn {
                        session: outcome.session,
                        replies,
                        handoff,
                        waiting: Some(writes),
                    });
                }
            },
            Phase::Write(ec) => execute(x, effect, ec).await?,
        };
        outcome = bot::handle(outcome.session, result, ctx);
    }
    tracing::warn!(effect = ?outcome.effect, "a turn asked for effects without end; the last is dropped");
    replies.append(&mut outcome.replies);
    Ok(Turn {
        session: outcome.session,
        replies,
        handoff: outcome.handoff.or(handoff),
        waiting: None,
    })
}

pub async fn execute(
    x: &mut Exec<'_>,
    effect: Effect,
    c: &mut EffectCtx<'_>,
) -> Result<Input, StoreError> {
    match effect {
        Effect::LookupCoupon { code } => lookup_coupon(x, code, c.phone).await,
        Effect::PlaceOrder(draft) => place_order(x, draft, c).await,
        Effect::CancelOrder { number } => cancel_order(x, number, c).await,
        Effect::LastOrder => last_order(x, c.phone).await,
        Effect::KitchenPace => kitchen_pace(x, c.day_start_ms()).await,
        Effect::RequestCancel { number } => request_cancel(x, number, c).await,
    }
}

/// The kitchen's latest order-to-ready times today, for the status view's
/// estimates (reads only).
pub async fn kitchen_pace(x: &mut Exec<'_>, day_start_ms: i64) -> Result<Input, StoreError> {
    Ok(Input::KitchenPace(
        crate::store::report::recent_prep_ms(x, day_start_ms, crate::domain::eta::PACE_SAMPLES)
            .await?,
    ))
}

/// The customer asks the shop to cancel their order: marked on the board when
/// the kitchen has started it (staff decide); cancelled at once while it is
/// still new; refused when it is no longer open or not theirs.
async fn request_cancel(
    x: &mut Exec<'_>,
    number: OrderNumber,
    c: &mut EffectCtx<'_>,
) -> Result<Input, StoreError> {
    let Some((order, _)) = orders::by_number(x, number).await? else {
        return Ok(Input::CancelRefused {
            number,
            status: OrderStatus::Cancelled,
        });
    };
    if order.customer_phone != *c.phone || !order.status.is_open() {
        return Ok(Input::CancelRefused {
            number,
            status: order.status,
        });
    }
    if order.status == OrderStatus::New {
        return cancel_order(x, number, c).await;
    }
    if order.cancel_requested_at.is_some() {
        return Ok(Input::CancelRequested {
            number,
            already: true,
        });
    }
    if !crate::store::cancel_requests::request(x, order.id, c.now).await? {
        return refused_as_it_stands(x, number).await;
    }
    c.events.push(OrderEvent::CancelRequested {
        number,
        at: Some(c.now),
    });
    Ok(Input::CancelRequested {
        number,
        already: false,
    })
}

/// The customer's last order, for "the same again" (reads only).
pub async fn last_order(x: &mut Exec<'_>, phone: &Phone) -> Result<Input, StoreError> {
    Ok(Input::LastOrder(
        orders::last_items_for_customer(x, phone).await?,
    ))
}

/// Load a coupon and this customer's live uses of it (reads only).
pub async fn lookup_coupon(
    x: &mut Exec<'_>,
    code: CouponCode,
    phone: &Phone,
) -> Result<Input, StoreError> {
    Ok(match coupons::get(x, code.as_str()).await? {
        Some((id, coupon)) => {
            let customer_uses = coupons::customer_uses(x, id, phone).await?;
            Input::CouponFound {
                code,
                coupon: Some(coupon),
                customer_uses,
            }
        }
        None => Input::CouponFound {
            code,
            coupon: None,
            customer_uses: 0,
        },
    })
}

/// Write the order: availability and opening checked again, the coupon claimed
/// atomically, totals computed by the domain, prices as copied into the draft.
async fn place_order(
    x: &mut Exec<'_>,
    draft: OrderDraft,
    c: &mut EffectCtx<'_>,
) -> Result<Input, StoreError> {
    // ordered ahead: a closed shop takes it for a good slot; paused takes nothing
    let ahead = match draft.scheduled_for {
        Some(at) => match crate::domain::ahead::check_slot(
            &c.cfg.hours,
            &c.cfg.restaurant.timezone,
            c.now,
            at,
        ) {
            Ok(()) => Some(at),
            Err(_) => return Ok(Input::OrderRejected(PlaceError::Closed)),
        },
        None => None,
    };
    let closed_ok = ahead.is_some() && matches!(c.shop, ShopStatus::Closed { .. });
    if *c.shop != ShopStatus::Open && !closed_ok {
        return Ok(Input::OrderRejected(PlaceError::Closed));
    }
    let gone: Vec<String> = draft
        .items
        .iter()
        .filter(|i| {
            i.product_id
                .and_then(|id| c.menu.product(id))
                .is_none_or(|p| !p.available)
        })
        .map(|i| i.name.clone())
        .collect();
    if !gone.is_empty() {
        return Ok(Input::OrderRejected(PlaceError::Unavailable(gone)));
    }
    // the promise and the cap's place, before anything else is claimed
    let (promised, slot) = match super::promise::promise_and_slot(x, &draft, ahead, c).await? {
        Ok(p) => p,
        Err(full) => return Ok(Input::OrderRejected(full)),
    };
    let (subtotal, _, _) = totals(&draft.items, crate::domain::Money::ZERO);
    let claimed = match &draft.coupon {
        Some(code) => match coupons::claim(x, code.as_str(), c.phone, subtotal, c.now).await? {
            Ok(won) => Some(won),
            Err(why) => {
                if let Some(s) = slot {
                    crate::store::pace::unclaim_slot(x, s).await?;
                }
                return Ok(Input::OrderRejected(PlaceError::Coupon(why)));
            }
        },
        None => None,
    };
    let (subtotal, discount, goods) = totals(
        &draft.items,
        claimed.map_or(crate::domain::Money::ZERO, |(_, d)| d),
    );
    let delivery_fee = c.cfg.delivery.fee_for(draft.fulfilment, goods);
    let total = total_with_fee(subtotal, discount, delivery_fee);
    let new = NewOrder {
        customer_phone: c.phone.clone(),
        customer_name: draft.customer_name.clone(),
        fulfilment: draft.fulfilment,
        address: draft.address.clone(),
        note: draft.note.clone(),
        items: draft.items.clone(),
        subtotal,
        discount,
        total,
        coupon: draft.coupon.clone(),
        lang: draft.lang,
        source_message_id: Some(c.source_message_id.to_string()),
        delivery_fee,
        payment: draft.payment,
    };
    let (id, number) = orders::insert(x, &new, c.now).await?;
    // while open, a time for later is only ever offered by the cap
    let moved = ahead.is_some() && *c.shop == ShopStatus::Open;
    crate::store::pace::mark_placed(x, id, promised, slot, moved).await?;
    let pin = draft
        .location
        .filter(|_| new.fulfilment == Fulfilment::Delivery)
        .and_then(|(lat, lon)| Pin::from_degrees(lat, lon).ok());
    if let Some(pin) = pin {
        orders::set_location(x, id, pin).await?;
    }
    let board_at = ahead.map(|at| {
        let r = &c.cfg.restaurant;
        let b = crate::domain::ahead::board_at(
            at,
            new.fulfilment,
            r.pickup_minutes,
            r.delivery_minutes,
        );
        (at, b)
    });
    // an order for later waits (held) unless its board time has already come
    let held = match board_at {
        Some((at, b)) => {
            crate::store::ahead::schedule(x, id, at, b, b > c.now).await?;
            b > c.now
        }
        None => false,
    };
    if c.print_on_confirm() && !held {
        crate::store::print::enqueue_order(x, number, new.fulfilment, c.now).await?;
    }
    if let Some((coupon_id, _)) = claimed {
        coupons::record_redemption(x, coupon_id, id, c.phone, c.now).await?;
    }
    if let Some(addr) = &draft.address {
        #[allow(clippy::cast_possible_truncation)]
        let e6 = draft
            .location
            .map(|(lat, lon)| ((lat * 1e6).round() as i64, (lon * 1e6).round() as i64));
        customers::save_address(x, c.phone, addr, e6, c.now).await?;
    }
    let mut order = new.into_order(id, number, c.now);
    order.location = pin;
    crate::store::stations::fill(x, &mut order).await?;
    order.scheduled_for = board_at.map(|(at, _)| at);
    order.board_at = board_at.map(|(_, b)| b);
    order.promised_at = Some(promised);
    c.events.push(if held {
        OrderEvent::Upcoming {
            number,
            board_at: order.board_at.unwrap_or(c.now),
        }
    } else {
        OrderEvent::Placed(Box::new(order))
    });
    Ok(Input::OrderPlaced { number, total })
}

/// A customer may cancel their own order while the kitchen has not started it. The
/// move is the board's ([`crate::service::move_order`]); the customer hears of it in
/// the bot's answer to [`Input::OrderCancelled`].
async fn cancel_order(
    x: &mut Exec<'_>,
    number: OrderNumber,
    c: &mut EffectCtx<'_>,
) -> Result<Input, StoreError> {
    let Some((order, _)) = orders::by_number(x, number).await? else {
        return Ok(Input::CancelRefused {
            number,
            status: OrderStatus::Cancelled,
        });
    };
    if order.customer_phone != *c.phone || order.status != OrderStatus::New {
        return Ok(Input::CancelRefused {
            number,
            status: order.status,
        });
    }
    let moved =
        crate::service::move_order(x, &order, OrderStatus::Cancelled, c.now, false, c.events)
            .await?;
    if !moved {
        return refused_as_it_stands(x, number).await;
    }
    Ok(Input::OrderCancelled { number })
}

/// The order moved on in between (started, delivered, cancelled): say where it stands.
async fn refused_as_it_stands(x: &mut Exec<'_>, number: OrderNumber) -> Result<Input, StoreError> {
    let status = orders::by_number(x, number)
        .await?
        .map_or(OrderStatus::Cancelled, |(o, _)| o.status);
    Ok(Input::CancelRefused { number, status })
}
