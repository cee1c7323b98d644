//! Ordering ahead while the shop is closed: the times offered (the opening,
//! then every half hour that day), the one the customer taps, and the check
//! that it still holds when they confirm. While paused nothing is offered: a
//! pause is the owner saying "no new orders", and orders queued for its end
//! would land exactly the rush it was meant to shed.

use crate::copy;
use crate::domain::ahead::{self, SlotProblem};
use crate::domain::reply::Choice;
use crate::domain::time::{At, Span};

use super::{Turn, checkout, summary};
use crate::bot::api::ShopStatus;
use crate::bot::ids::Action;
use crate::bot::render::list;
use crate::bot::session::Step;

/// The times a customer may order for now: none while open or paused.
fn offered(t: &Turn) -> Vec<ahead::Slot> {
    match t.ctx.shop {
        ShopStatus::Closed { .. } => ahead::slots(t.ctx.hours, t.ctx.tz, t.ctx.now),
        _ => Vec::new(),
    }
}

/// "yarın 11:30" for `at`.
pub fn when(t: &Turn, at: At) -> String {
    let days = ahead::days_ahead(t.ctx.now, at, t.ctx.tz);
    copy::when(t.lang(), days, &ahead::hhmm(at, t.ctx.tz))
}

/// The closed notice with the list of times; false (nothing sent) when the
/// shop offers none now.
pub fn offer(t: &mut Turn) -> bool {
    let slots = offered(t);
    let Some(first) = slots.first() else {
        return false;
    };
    let lang = t.lang();
    let day = copy::day_word(lang, ahead::days_ahead(t.ctx.now, first.at, t.ctx.tz));
    let rows: Vec<Choice> = slots
        .iter()
        .map(|s| {
            let title = copy::slot_title(lang, &ahead::hhmm(s.at, t.ctx.tz), s.opening);
            Choice::new(
                Action::Slot {
                    at_min: Span::millis(s.at.as_millis()).whole_minutes(),
                }
                .id(),
                title,
            )
        })
        .collect();
    let mut body = t.shop_notice().unwrap_or_default();
    if !body.is_empty() {
        body.push_str("\n\n");
    }
    body.push_str(&copy::ahead_offer(lang, &day));
    t.session.step = Step::Idle;
    t.out.push(list(
        body,
        copy::pick_time_button(lang),
        copy::times_section(lang),
        rows,
    ));
    true
}

/// A time was tapped: keep it and go on to the summary, or say why not.
pub fn pick(t: &mut Turn, at_min: i64) {
    let at = At::from_millis(Span::minutes(at_min).as_millis());
    if t.session.cart.is_empty() {
        return checkout::start(t);
    }
    if let Err(why) = still_good(t, at) {
        t.session.checkout.scheduled_for = None;
        t.out.note(problem(t, at, why));
        return checkout::start(t);
    }
    if matches!(t.ctx.shop, ShopStatus::Paused { .. }) {
        return checkout::start(t);
    }
    // only a time on offer now: while closed, the order-ahead times; while
    // open, none (the order goes to the kitchen now) unless the last reply
    // listed it — the later times a full slot offers; never one no list held
    // (an old or forged reply)
    let listed = crate::bot::ids::Action::Slot { at_min }.id();
    if !offered(t).iter().any(|s| s.at == at) && !t.session.shown.iter().any(|c| c.id == listed) {
        t.session.checkout.scheduled_for = None;
        if matches!(t.ctx.shop, ShopStatus::Closed { .. }) {
            t.out.note(copy::slot_outside(t.lang()));
        } else {
            t.out.note(copy::stale_button(t.lang()));
        }
        return checkout::start(t);
    }
    t.session.checkout.scheduled_for = Some(at);
    t.session.step = Step::Idle;
    summary::show(t, false);
}

/// Is `at` still a time we take orders for?
pub fn still_good(t: &Turn, at: At) -> Result<(), SlotProblem> {
    ahead::check_slot(t.ctx.hours, t.ctx.tz, t.ctx.now, at)
}

/// The sentence for a time that no longer works.
pub fn problem(t: &Turn, at: At, why: SlotProblem) -> String {
    match why {
        SlotProblem::Passed => copy::slot_passed(t.lang(), &ahead::hhmm(at, t.ctx.tz)),
        SlotProblem::Outside => copy::slot_outside(t.lang()),
    }
}

/// At Confirm: the order's time, if it is one for later and still good. A time
/// gone bad is dropped and said (`Err`): the caller shows the way on.
pub fn confirmable(t: &mut Turn) -> Result<Option<At>, ()> {
    let Some(at) = t.session.checkout.scheduled_for else {
        return Ok(None);
    };
    match still_good(t, at) {
        Ok(()) => Ok(Some(at)),
        Err(why) => {
            t.session.checkout.scheduled_for = None;
            t.out.note(problem(t, at, why));
            Err(())
        }
    }
}
