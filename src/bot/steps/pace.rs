//! The ready time quoted from the kitchen's real load: the summary's
//! "🕒 19:40 civarı hazır" (with busy mode's longer wait said there, before
//! the customer confirms), the check at Confirm that busy mode has not made
//! the wait longer since (if it has, the summary is shown again — never a
//! longer wait after confirming), and the list of later times when the order's slot is full
//! (the same rows as ordering ahead: a tap goes through [`super::ahead::pick`]).

use super::Turn;
use crate::bot::ids::Action;
use crate::bot::render::list;
use crate::bot::session::Step;
use crate::copy::{self, labels};
use crate::domain::ahead::hhmm;
use crate::domain::order::Fulfilment;
use crate::domain::pace::{self, Placement};
use crate::domain::reply::{Choice, Reply};
use crate::domain::time::{At, Span};

/// How long a told time stands while the customer has not confirmed.
const STALE: Span = Span::minutes(5);

/// The ready time for an order confirmed now.
fn quote_now(turn: &Turn, f: Fulfilment) -> At {
    pace::quote(
        turn.ctx.kitchen,
        f,
        turn.ctx.pickup_minutes,
        turn.ctx.delivery_minutes,
        turn.ctx.now,
    )
}

/// At the summary: the lines that tell the ready time (remembered for
/// Confirm), or `None` when the order's slot is full — then the list of free
/// times has been sent instead of the summary.
pub fn at_summary(turn: &mut Turn, f: Fulfilment) -> Option<Vec<String>> {
    let lang = turn.lang();
    if let Some(at) = turn.session.checkout.scheduled_for {
        // a picked time: the summary's scheduled line says when
        turn.session.checkout.quoted_at = Some(at);
        turn.session.checkout.quoted_busy = 0;
        return Some(Vec::new());
    }
    let promised = quote_now(turn, f);
    let k = turn.ctx.kitchen;
    match pace::placement(k, turn.ctx.hours, turn.ctx.tz, turn.ctx.now, promised) {
        Placement::Full { offered, .. } => {
            let at: Vec<At> = offered.iter().map(|s| s.at).collect();
            offer(turn, promised, &at);
            None
        }
        Placement::Fits { .. } => {
            let busy = k.busy_minutes(turn.ctx.now);
            turn.session.checkout.quoted_at = Some(promised);
            turn.session.checkout.quoted_busy = busy;
            let mut lines = vec![copy::ready_around(lang, f, &hhmm(promised, turn.ctx.tz))];
            if busy > 0 {
                lines.push(copy::busy_note(lang, busy));
            }
            Some(lines)
        }
    }
}

/// At Confirm: the promise the order keeps — the picked time, or the time the
/// summary told — or `Err` when busy mode has added minutes since the summary:
/// the caller shows the summary again with the longer wait, and nothing is
/// placed. Orders placed by others meanwhile do not move the promise (it was
/// made; the report measures it), but a told time the clock has overtaken
/// (the customer confirmed late) gives way to the quote now.
pub fn at_confirm(turn: &mut Turn, f: Fulfilment, scheduled: Option<At>) -> Result<At, ()> {
    if let Some(at) = scheduled {
        return Ok(at);
    }
    let now = turn.ctx.now;
    if turn.ctx.kitchen.busy_minutes(now) > turn.session.checkout.quoted_busy {
        turn.out.note(copy::quote_grew(turn.lang()));
        return Err(());
    }
    let fresh = quote_now(turn, f);
    let floor = Span::minutes(i64::from(match f {
        Fulfilment::Pickup => turn.ctx.pickup_minutes,
        Fulfilment::Delivery => turn.ctx.delivery_minutes,
    }));
    Ok(match turn.session.checkout.quoted_at {
        // a summary read a few minutes ago still holds
        Some(told) if told + STALE >= now + floor => told,
        _ => fresh,
    })
}

/// The slot around `full_at` is full: say so and offer the free times `offered`
/// as a list, with a row to empty the cart instead.
pub fn offer(turn: &mut Turn, full_at: At, offered: &[At]) {
    let lang = turn.lang();
    turn.session.step = Step::Idle;
    turn.session.checkout.scheduled_for = None;
    turn.session.checkout.quoted_at = None;
    if offered.is_empty() {
        turn.out.push(Reply::text(copy::slot_full_no_times(lang)));
        return;
    }
    let mut rows: Vec<Choice> = offered
        .iter()
        .take(crate::domain::ahead::MAX_SLOTS - 1)
        .map(|&at| {
            Choice::new(
                Action::Slot {
                    at_min: Span::millis(at.as_millis()).whole_minutes(),
                }
                .id(),
                super::ahead::when(turn, at),
            )
        })
        .collect();
    rows.push(Choice::new(Action::Clear.id(), labels::clear_row(lang)));
    turn.out.push(list(
        copy::slot_full(lang, &hhmm(full_at, turn.ctx.tz)),
        copy::pick_time_button(lang),
        copy::times_section(lang),
        rows,
    ));
}

/// The confirmation's time for an order placed now: "🕒 19:40 civarı hazır".
pub fn placed_line(turn: &Turn, f: Fulfilment, promised_at: At) -> String {
    copy::ready_around(turn.lang(), f, &hhmm(promised_at, turn.ctx.tz))
}
