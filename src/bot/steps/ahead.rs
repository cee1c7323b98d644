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
fn offered(turn: &Turn) -> Vec<ahead::Slot> {
    match turn.ctx.shop {
        ShopStatus::Closed { .. } => ahead::slots(turn.ctx.hours, turn.ctx.tz, turn.ctx.now),
        _ => Vec::new(),
    }
}

/// "yarın 11:30" for `at`.
pub fn when(turn: &Turn, at: At) -> String {
    let days = ahead::days_ahead(turn.ctx.now, at, turn.ctx.tz);
    copy::when(turn.lang(), days, &ahead::hhmm(at, turn.ctx.tz))
}

/// The closed notice with the list of times; false (nothing sent) when the
/// shop offers none now.
pub fn offer(turn: &mut Turn) -> bool {
    let slots = offered(turn);
    let Some(first) = slots.first() else {
        return false;
    };
    let lang = turn.lang();
    let day = copy::day_word(lang, ahead::days_ahead(turn.ctx.now, first.at, turn.ctx.tz));
    let rows: Vec<Choice> = slots
        .iter()
        .map(|s| {
            let title = copy::slot_title(lang, &ahead::hhmm(s.at, turn.ctx.tz), s.opening);
            Choice::new(
                Action::Slot {
                    at_min: Span::millis(s.at.as_millis()).whole_minutes(),
                }
                .id(),
                title,
            )
        })
        .collect();
    let mut body = turn.shop_notice().unwrap_or_default();
    if !body.is_empty() {
        body.push_str("\n\n");
    }
    body.push_str(&copy::ahead_offer(lang, &day));
    turn.session.step = Step::Idle;
    turn.out.push(list(
        body,
        copy::pick_time_button(lang),
        copy::times_section(lang),
        rows,
    ));
    true
}

/// A time was tapped: keep it and go on to the summary, or say why not.
pub fn pick(turn: &mut Turn, at_min: i64) {
    let at = At::from_millis(Span::minutes(at_min).as_millis());
    if turn.session.cart.is_empty() {
        return checkout::start(turn);
    }
    if let Err(why) = still_good(turn, at) {
        turn.session.checkout.scheduled_for = None;
        turn.out.note(problem(turn, at, why));
        return checkout::start(turn);
    }
    if matches!(turn.ctx.shop, ShopStatus::Paused { .. }) {
        return checkout::start(turn);
    }
    // only a time on offer now: while closed, the order-ahead times; while
    // open, none (the order goes to the kitchen now) unless the last reply
    // listed it — the later times a full slot offers; never one no list held
    // (an old or forged reply)
    let listed = crate::bot::ids::Action::Slot { at_min }.id();
    if !offered(turn).iter().any(|s| s.at == at)
        && !turn.session.shown.iter().any(|c| c.id == listed)
    {
        turn.session.checkout.scheduled_for = None;
        if matches!(turn.ctx.shop, ShopStatus::Closed { .. }) {
            turn.out.note(copy::slot_outside(turn.lang()));
        } else {
            turn.out.note(copy::stale_button(turn.lang()));
        }
        return checkout::start(turn);
    }
    turn.session.checkout.scheduled_for = Some(at);
    turn.session.step = Step::Idle;
    summary::show(turn, false);
}

/// Is `at` still a time we take orders for?
pub fn still_good(turn: &Turn, at: At) -> Result<(), SlotProblem> {
    ahead::check_slot(turn.ctx.hours, turn.ctx.tz, turn.ctx.now, at)
}

/// The sentence for a time that no longer works.
pub fn problem(turn: &Turn, at: At, why: SlotProblem) -> String {
    match why {
        SlotProblem::Passed => copy::slot_passed(turn.lang(), &ahead::hhmm(at, turn.ctx.tz)),
        SlotProblem::Outside => copy::slot_outside(turn.lang()),
    }
}

/// At Confirm: the order's time, if it is one for later and still good. A time
/// gone bad is dropped and said (`Err`): the caller shows the way on.
pub fn confirmable(turn: &mut Turn) -> Result<Option<At>, ()> {
    let Some(at) = turn.session.checkout.scheduled_for else {
        return Ok(None);
    };
    match still_good(turn, at) {
        Ok(()) => Ok(Some(at)),
        Err(why) => {
            turn.session.checkout.scheduled_for = None;
            turn.out.note(problem(turn, at, why));
            Err(())
        }
    }
}
