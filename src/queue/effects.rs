//! Carry out what the bot asked for, inside the worker's transaction, and turn
//! the result into the bot's next input.

use crate::domain::coupon_code::CouponCode;
use crate::domain::{CustomerId, OrderNumber};

use crate::bot::{self, Ctx, Effect, Handoff, Input, Session, ShopStatus};
use crate::domain::menu::Menu;
use crate::domain::order::OrderStatus;
use crate::domain::reply::Reply;
use crate::events::OrderEvent;
use crate::store::{Exec, StoreError, coupons, orders};

/// What an effect needs besides the store: the bot's own [`Ctx`] for this message
/// (who asked, the menu, the shop's state, the time — read from there, never copied
/// beside it), the message being answered, where the effect's events go, and the
/// settings the bot does not read (`cfg`).
pub(crate) struct EffectCtx<'a> {
    /// The context the bot ran with for this message.
    pub bot: &'a Ctx<'a>,
    /// The inbound message being handled: an order is unique per message.
    pub source_message_id: &'a str,
    pub events: &'a mut Vec<OrderEvent>,
    /// Hours, zone and quoted minutes (an order ahead is checked and timed with them),
    /// `[delivery]` (the fee is computed again from the claimed discount), `[printer]`,
    /// `[kitchen]` caps, the business day's start.
    pub cfg: &'a crate::config::Config,
}

impl EffectCtx<'_> {
    /// Who asked.
    pub(crate) fn phone(&self) -> &CustomerId {
        &self.bot.customer.phone
    }

    /// The menu as loaded for this message.
    pub(crate) fn menu(&self) -> &Menu {
        self.bot.menu
    }

    /// Whether orders are taken right now.
    pub(crate) fn shop(&self) -> &ShopStatus {
        &self.bot.shop
    }

    /// The instant of this message (its batch's).
    pub(super) fn at(&self) -> crate::domain::time::At {
        self.bot.now
    }

    /// Start of the business day at `now`: the kitchen's pace is read from here on.
    pub(super) fn day_start(&self) -> crate::domain::time::At {
        let r = &self.cfg.restaurant;
        crate::domain::report::day::business_day_start(self.bot.now, &r.timezone, r.day_start)
    }

    /// Queue the ticket (and slip) in the order's own transaction: a printer is set
    /// and `printer.print_on = "confirm"`.
    pub(super) fn print_on_confirm(&self) -> bool {
        self.cfg.printer.target.is_some()
            && self.cfg.printer.print_on == crate::print::PrintOn::Confirm
    }
}

/// Where a turn's effects are carried out, with the bot's context for the turn.
pub(crate) enum Phase<'a, 'c> {
    /// On a read connection: lookups are answered; an effect that writes waits for the
    /// write transaction (returned in [`Turn::waiting`]).
    Read {
        ctx: &'c Ctx<'c>,
        day_start: crate::domain::time::At,
    },
    /// In the write transaction: every effect is carried out (the bot's context is
    /// the effects' [`EffectCtx::bot`]).
    Write(&'a mut EffectCtx<'c>),
}

/// What a conversation turn came to once its effects settled.
pub(crate) struct Turn {
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
pub(crate) async fn settle(
    conn: &mut Exec<'_>,
    mut outcome: bot::Outcome,
    mut phase: Phase<'_, '_>,
) -> Result<Turn, StoreError> {
    let ctx = match &phase {
        Phase::Read { ctx, .. } => *ctx,
        Phase::Write(ec) => ec.bot,
    };
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
            Phase::Read { day_start, .. } => match effect {
                Effect::LookupCoupon { code } => {
                    lookup_coupon(conn, code, &ctx.customer.phone).await?
                }
                Effect::LastOrder => last_order(conn, &ctx.customer.phone).await?,
                Effect::KitchenPace => kitchen_pace(conn, *day_start).await?,
                writes => {
                    return Ok(Turn {
                        session: outcome.session,
                        replies,
                        handoff,
                        waiting: Some(writes),
                    });
                }
            },
            Phase::Write(ec) => execute(conn, effect, ec).await?,
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

pub(crate) async fn execute(
    conn: &mut Exec<'_>,
    effect: Effect,
    c: &mut EffectCtx<'_>,
) -> Result<Input, StoreError> {
    match effect {
        Effect::LookupCoupon { code } => lookup_coupon(conn, code, c.phone()).await,
        Effect::PlaceOrder(draft) => super::place::place_order(conn, draft, c).await,
        Effect::CancelOrder { number } => cancel_order(conn, number, c).await,
        Effect::LastOrder => last_order(conn, c.phone()).await,
        Effect::KitchenPace => kitchen_pace(conn, c.day_start()).await,
        Effect::RequestCancel { number } => request_cancel(conn, number, c).await,
    }
}

/// The kitchen's latest order-to-ready times today, for the status view's
/// estimates (reads only).
pub(crate) async fn kitchen_pace(
    conn: &mut Exec<'_>,
    day_start: crate::domain::time::At,
) -> Result<Input, StoreError> {
    Ok(Input::KitchenPace(
        crate::store::report::recent_prep(conn, day_start, crate::domain::eta::PACE_SAMPLES)
            .await?,
    ))
}

/// The customer asks the shop to cancel their order: marked on the board when
/// the kitchen has started it (staff decide); cancelled at once while it is
/// still new; refused when it is no longer open or not theirs.
async fn request_cancel(
    conn: &mut Exec<'_>,
    number: OrderNumber,
    c: &mut EffectCtx<'_>,
) -> Result<Input, StoreError> {
    let Some((order, _)) = orders::by_number(conn, number).await? else {
        return Ok(Input::CancelRefused {
            number,
            status: OrderStatus::Cancelled,
        });
    };
    if order.customer_phone != *c.phone() || !order.status.is_open() {
        return Ok(Input::CancelRefused {
            number,
            status: order.status,
        });
    }
    if order.status == OrderStatus::New {
        return cancel_order(conn, number, c).await;
    }
    if order.cancel_requested_at.is_some() {
        return Ok(Input::CancelRequested {
            number,
            already: true,
        });
    }
    if !crate::store::cancel_requests::request(conn, order.id, c.bot.now).await? {
        return refused_as_it_stands(conn, number).await;
    }
    c.events.push(OrderEvent::CancelRequested {
        number,
        at: Some(c.bot.now),
    });
    Ok(Input::CancelRequested {
        number,
        already: false,
    })
}

/// The customer's last order, for "the same again" (reads only).
pub(crate) async fn last_order(
    conn: &mut Exec<'_>,
    phone: &CustomerId,
) -> Result<Input, StoreError> {
    Ok(Input::LastOrder(
        orders::last_items_for_customer(conn, phone).await?,
    ))
}

/// Load a coupon and this customer's live uses of it (reads only).
pub(crate) async fn lookup_coupon(
    conn: &mut Exec<'_>,
    code: CouponCode,
    phone: &CustomerId,
) -> Result<Input, StoreError> {
    Ok(
        match coupons::get_with_uses(conn, code.as_str(), phone).await? {
            Some((_, coupon, customer_uses)) => Input::CouponFound {
                code,
                coupon: Some(coupon),
                customer_uses,
            },
            None => Input::CouponFound {
                code,
                coupon: None,
                customer_uses: 0,
            },
        },
    )
}

/// A customer may cancel their own order while the kitchen has not started it. The
/// move is the board's ([`crate::service::move_order`]); the customer hears of it in
/// the bot's answer to [`Input::OrderCancelled`].
async fn cancel_order(
    conn: &mut Exec<'_>,
    number: OrderNumber,
    c: &mut EffectCtx<'_>,
) -> Result<Input, StoreError> {
    let Some((order, _)) = orders::by_number(conn, number).await? else {
        return Ok(Input::CancelRefused {
            number,
            status: OrderStatus::Cancelled,
        });
    };
    if order.customer_phone != *c.phone() || order.status != OrderStatus::New {
        return Ok(Input::CancelRefused {
            number,
            status: order.status,
        });
    }
    let moved = crate::service::move_order(
        conn,
        &order,
        OrderStatus::Cancelled,
        c.bot.now,
        false,
        c.events,
    )
    .await?;
    if !moved {
        return refused_as_it_stands(conn, number).await;
    }
    Ok(Input::OrderCancelled { number })
}

/// The order moved on in between (started, delivered, cancelled): say where it stands.
async fn refused_as_it_stands(
    conn: &mut Exec<'_>,
    number: OrderNumber,
) -> Result<Input, StoreError> {
    let status = orders::by_number(conn, number)
        .await?
        .map_or(OrderStatus::Cancelled, |(o, _)| o.status);
    Ok(Input::CancelRefused { number, status })
}
