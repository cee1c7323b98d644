//! Carry out what the bot asked for, inside the worker's transaction, and turn
//! the result into the bot's next input.

use crate::domain::OrderNumber;

use crate::bot::{Effect, Input, OrderDraft, PlaceError, ShopStatus};
use crate::domain::menu::Menu;
use crate::domain::order::{OrderStatus, totals};
use crate::events::OrderEvent;
use crate::store::orders::NewOrder;
use crate::store::{Exec, StoreError, coupons, customers, orders};

/// Who asked, and where the effect's events go.
pub struct EffectCtx<'a> {
    pub phone: &'a str,
    pub menu: &'a Menu,
    pub shop: &'a ShopStatus,
    pub now: i64,
    /// The inbound message being handled: an order is unique per message.
    pub source_message_id: &'a str,
    pub events: &'a mut Vec<OrderEvent>,
    /// Queue the ticket (and slip) in the order's own transaction (`printer.print_on = "confirm"`).
    pub print_on_confirm: bool,
    /// Start of the business day (unix ms): the kitchen's pace is read from here on.
    pub day_start_ms: i64,
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
        Effect::KitchenPace => kitchen_pace(x, c.day_start_ms).await,
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
    if order.customer_phone != c.phone || !order.status.is_open() {
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
        // moved on in between (delivered, cancelled): say where it stands
        let now = orders::by_number(x, number)
            .await?
            .map_or(OrderStatus::Cancelled, |(o, _)| o.status);
        return Ok(Input::CancelRefused {
            number,
            status: now,
        });
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
pub async fn last_order(x: &mut Exec<'_>, phone: &str) -> Result<Input, StoreError> {
    Ok(Input::LastOrder(
        orders::last_items_for_customer(x, phone).await?,
    ))
}

/// Load a coupon and this customer's live uses of it (reads only).
pub async fn lookup_coupon(
    x: &mut Exec<'_>,
    code: String,
    phone: &str,
) -> Result<Input, StoreError> {
    Ok(match coupons::get(x, &code).await? {
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
    if *c.shop != ShopStatus::Open {
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
    let (subtotal, _, _) = totals(&draft.items, crate::domain::Money::ZERO);
    let claimed = match &draft.coupon {
        Some(code) => match coupons::claim(x, code, c.phone, subtotal, c.now).await? {
            Ok(won) => Some(won),
            Err(why) => return Ok(Input::OrderRejected(PlaceError::Coupon(why))),
        },
        None => None,
    };
    let (subtotal, discount, total) = totals(
        &draft.items,
        claimed.map_or(crate::domain::Money::ZERO, |(_, d)| d),
    );
    let new = NewOrder {
        customer_phone: crate::domain::Phone::parse(c.phone)
            .map_err(|e| StoreError::Invalid(e.to_string()))?,
        customer_name: draft.customer_name.clone(),
        fulfilment: draft.fulfilment,
        address: draft.address.clone(),
        note: draft.note.clone(),
        items: draft.items.clone(),
        subtotal,
        discount,
        total,
        coupon: draft.coupon.clone(),
        lang: draft.lang.as_str().to_string(),
        source_message_id: Some(c.source_message_id.to_string()),
    };
    let (id, number) = orders::insert(x, &new, c.now).await?;
    if c.print_on_confirm {
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
    c.events.push(OrderEvent::Placed(Box::new(
        new.into_order(id, number, c.now),
    )));
    Ok(Input::OrderPlaced { number, total })
}

/// A customer may cancel their own order while the kitchen has not started it.
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
    if order.customer_phone != c.phone || order.status != OrderStatus::New {
        return Ok(Input::CancelRefused {
            number,
            status: order.status,
        });
    }
    if !orders::set_status(x, order.id, OrderStatus::New, OrderStatus::Cancelled, c.now).await? {
        let now = orders::by_number(x, number)
            .await?
            .map_or(OrderStatus::Cancelled, |(o, _)| o.status);
        return Ok(Input::CancelRefused {
            number,
            status: now,
        });
    }
    coupons::release_for_order(x, order.id, c.now).await?;
    c.events.push(OrderEvent::StatusChanged {
        number,
        status: OrderStatus::Cancelled,
        at: c.now,
    });
    Ok(Input::OrderCancelled { number })
}
