//! Placing an order, in the worker's write transaction: availability and opening
//! checked again ([`admit`], pure), the promise and the cap's place, the coupon
//! claimed atomically, totals computed by the domain from the prices copied into
//! the draft, the order written whole (pin, schedule and promise in its row) and
//! read back as the board reads it, then what goes with it (redemption, ticket,
//! saved address), and the board told with the order as read.

use crate::bot::{Input, OrderDraft, PlaceError, ShopStatus};
use crate::domain::Money;
use crate::domain::menu::Menu;
use crate::domain::order::{Fulfilment, Order, OrderItem, total_with_fee, totals};
use crate::domain::time::At;
use crate::events::OrderEvent;
use crate::queue::effects::EffectCtx;
use crate::store::orders::{Ahead, NewOrder, Promise};
use crate::store::{Exec, StoreError, coupons, customers, orders};

/// Write the order, or say why not (see the module).
pub(super) async fn place_order(
    conn: &mut Exec<'_>,
    draft: OrderDraft,
    c: &mut EffectCtx<'_>,
) -> Result<Input, StoreError> {
    let slot_ok = |at| {
        let r = &c.cfg.restaurant;
        crate::domain::ahead::check_slot(&c.cfg.hours, &r.timezone, c.at(), at).is_ok()
    };
    let ahead = match admit(&draft, c.menu(), c.shop(), slot_ok) {
        Ok(ahead) => ahead,
        Err(why) => return Ok(Input::OrderRejected(why)),
    };
    // the promise and the cap's place, before anything else is claimed
    let (promised, slot) = match super::promise::promise_and_slot(conn, &draft, ahead, c).await? {
        Ok(p) => p,
        Err(full) => return Ok(Input::OrderRejected(full)),
    };
    let (subtotal, _, _) = totals(&draft.items, Money::ZERO);
    let claimed = match &draft.coupon {
        Some(code) => match coupons::claim(conn, code.as_str(), c.phone(), subtotal, c.at()).await?
        {
            Ok(won) => Some(won),
            Err(why) => {
                if let Some(s) = slot {
                    crate::store::pace::unclaim_slot(conn, s).await?;
                }
                return Ok(Input::OrderRejected(PlaceError::Coupon(why)));
            }
        },
        None => None,
    };
    // while open, a time for later is only ever offered by the cap
    let promise = Promise {
        at: promised,
        slot,
        moved_by_cap: ahead.is_some() && *c.shop() == ShopStatus::Open,
    };
    let discount = claimed.as_ref().map_or(Money::ZERO, |(_, d)| *d);
    let new = new_order(&draft, c, discount, ahead, promise);
    let order = orders::insert(conn, &new, c.bot.now).await?;
    if let Some((coupon_id, _)) = claimed {
        coupons::record_redemption(conn, coupon_id, order.id, c.phone(), c.at()).await?;
    }
    let (number, total) = (order.number, order.total);
    write_the_rest(conn, &draft, order, new.ahead, c).await?;
    Ok(Input::OrderPlaced { number, total })
}

/// Whether the order may be written, before anything is claimed: an order for later
/// needs a good slot (`slot_ok`), and then a closed shop takes it; otherwise only an
/// open shop does (paused takes nothing); and every item is still on the menu and
/// available. Returns the time it is ordered for, if any.
pub(super) fn admit(
    draft: &OrderDraft,
    menu: &Menu,
    shop: &ShopStatus,
    slot_ok: impl Fn(At) -> bool,
) -> Result<Option<At>, PlaceError> {
    let ahead = match draft.scheduled_for {
        Some(at) if slot_ok(at) => Some(at),
        Some(_) => return Err(PlaceError::Closed),
        None => None,
    };
    let closed_ok = ahead.is_some() && matches!(shop, ShopStatus::Closed { .. });
    if *shop != ShopStatus::Open && !closed_ok {
        return Err(PlaceError::Closed);
    }
    let gone = unavailable(&draft.items, menu);
    if !gone.is_empty() {
        return Err(PlaceError::Unavailable(gone));
    }
    Ok(ahead)
}

/// The names of the lines whose product is gone from the menu or 86'd.
fn unavailable(items: &[OrderItem], menu: &Menu) -> Vec<String> {
    items
        .iter()
        .filter(|i| {
            i.product_id
                .and_then(|id| menu.product(id))
                .is_none_or(|p| !p.available)
        })
        .map(|i| i.name.clone())
        .collect()
}

/// The order as written: totals from the draft's lines and the coupon's `discount` as
/// claimed, the fee computed again from `[delivery]`; a delivery's pin; for an order
/// `ahead`, its board time (held until then unless it has already come).
fn new_order(
    draft: &OrderDraft,
    c: &EffectCtx<'_>,
    discount: Money,
    ahead: Option<At>,
    promise: Promise,
) -> NewOrder {
    let (subtotal, discount, goods) = totals(&draft.items, discount);
    let delivery_fee = c.cfg.delivery.fee_for(draft.fulfilment, goods);
    let location = draft
        .location
        .filter(|_| draft.fulfilment == Fulfilment::Delivery);
    let r = &c.cfg.restaurant;
    let ahead = ahead.map(|at| {
        let board_at = crate::domain::ahead::board_at(
            at,
            draft.fulfilment,
            r.pickup_minutes,
            r.delivery_minutes,
        );
        Ahead {
            scheduled_for: at,
            board_at,
            held: board_at > c.at(),
        }
    });
    NewOrder {
        customer_phone: c.phone().clone(),
        customer_name: draft.customer_name.clone(),
        fulfilment: draft.fulfilment,
        address: draft.address.clone(),
        note: draft.note.clone(),
        items: draft.items.clone(),
        subtotal,
        discount,
        total: total_with_fee(subtotal, discount, delivery_fee),
        coupon: draft.coupon.clone(),
        lang: draft.lang,
        source_message_id: Some(c.source_message_id.to_string()),
        delivery_fee,
        payment: draft.payment,
        location,
        ahead,
        promise: Some(promise),
    }
}

/// What goes with a written order: its ticket when printing on confirmation (not
/// while an order ahead waits, held, for its board time), the customer's saved
/// address; then the board is told (`Placed`, or `Upcoming` while held).
async fn write_the_rest(
    conn: &mut Exec<'_>,
    draft: &OrderDraft,
    order: Order,
    ahead: Option<Ahead>,
    c: &mut EffectCtx<'_>,
) -> Result<(), StoreError> {
    let held = ahead.filter(|a| a.held);
    if c.print_on_confirm() && held.is_none() {
        crate::store::print::enqueue_order(conn, order.number, order.fulfilment, c.bot.now).await?;
    }
    if let Some(addr) = &draft.address {
        customers::save_address(conn, c.phone(), addr, draft.location, c.at()).await?;
    }
    c.events.push(match held {
        Some(a) => OrderEvent::Upcoming {
            number: order.number,
            board_at: a.board_at,
        },
        None => OrderEvent::Placed(Box::new(order)),
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Lang;

    fn menu() -> Menu {
        serde_json::from_value(serde_json::json!({
            "categories": [{"id": 1, "name": "Dürümler", "sort": 0}],
            "products": [
                {"id": 1, "category_id": 1, "name": "Tavuk Dürüm", "description": "",
                 "price": 15000, "available": true, "sort": 0, "groups": []},
                {"id": 2, "category_id": 1, "name": "Ayran", "description": "",
                 "price": 3000, "available": false, "sort": 1, "groups": []}
            ]
        }))
        .expect("a menu")
    }

    fn line(product_id: Option<i64>, name: &str) -> OrderItem {
        OrderItem {
            product_id,
            name: name.into(),
            quantity: 1,
            unit_price: Money::from_minor(1_000),
            options: vec![],
            note: None,
            station: None,
            station_done_at: None,
        }
    }

    fn draft(items: Vec<OrderItem>, scheduled_for: Option<At>) -> OrderDraft {
        OrderDraft {
            items,
            fulfilment: Fulfilment::Pickup,
            address: None,
            location: None,
            note: None,
            coupon: None,
            subtotal: Money::ZERO,
            discount: Money::ZERO,
            total: Money::ZERO,
            lang: Lang::Tr,
            customer_name: None,
            delivery_fee: Money::ZERO,
            payment: None,
            scheduled_for,
            promised_at: None,
        }
    }

    fn closed() -> ShopStatus {
        ShopStatus::Closed { next_open: None }
    }

    fn paused() -> ShopStatus {
        ShopStatus::Paused {
            until_text: None,
            reason: None,
        }
    }

    #[test]
    fn an_open_shop_takes_what_is_available_now() {
        let m = menu();
        let now = draft(vec![line(Some(1), "Tavuk Dürüm")], None);
        assert_eq!(admit(&now, &m, &ShopStatus::Open, |_| false), Ok(None));
        assert_eq!(
            admit(&now, &m, &closed(), |_| true),
            Err(PlaceError::Closed)
        );
        assert_eq!(
            admit(&now, &m, &paused(), |_| true),
            Err(PlaceError::Closed)
        );
    }

    #[test]
    fn an_order_for_later_needs_a_good_slot_and_is_taken_while_closed_not_paused() {
        let m = menu();
        let later = draft(
            vec![line(Some(1), "Tavuk Dürüm")],
            Some(At::from_millis(5_000)),
        );
        assert_eq!(
            admit(&later, &m, &closed(), |at| at == At::from_millis(5_000)),
            Ok(Some(At::from_millis(5_000)))
        );
        assert_eq!(
            admit(&later, &m, &ShopStatus::Open, |_| true),
            Ok(Some(At::from_millis(5_000)))
        );
        assert_eq!(
            admit(&later, &m, &closed(), |_| false),
            Err(PlaceError::Closed)
        );
        assert_eq!(
            admit(&later, &m, &paused(), |_| true),
            Err(PlaceError::Closed)
        );
    }

    #[test]
    fn lines_gone_from_the_menu_or_86d_are_named() {
        let m = menu();
        let d = draft(
            vec![
                line(Some(1), "Tavuk Dürüm"),
                line(Some(2), "Ayran"),
                line(Some(9), "Eski Ürün"),
                line(None, "Serbest"),
            ],
            None,
        );
        assert_eq!(
            admit(&d, &m, &ShopStatus::Open, |_| true),
            Err(PlaceError::Unavailable(vec![
                "Ayran".into(),
                "Eski Ürün".into(),
                "Serbest".into()
            ]))
        );
    }
}
