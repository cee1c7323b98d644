//! Orders arriving and moving: bus events, reloads from the store, and the
//! chime that rings for a new order until someone touches its ticket.

use crate::domain::OrderNumber;
use crate::domain::time::At;

use super::super::event::{ChimeKind, Command};
use super::super::state::State;
use super::flash;
use crate::domain::order::{Order, OrderStatus};
use crate::events::OrderEvent;

pub(super) fn on_bus(state: &mut State, e: OrderEvent, now: At, cmds: &mut Vec<Command>) {
    match e {
        OrderEvent::Placed(order) => placed(state, *order, now, cmds),
        OrderEvent::StatusChanged { number, status, at } => {
            status_changed(state, number, status, at, now, cmds);
        }
        OrderEvent::Rush { number, rush } => {
            if let Some(i) = state.index_of(number) {
                state.orders[i].rush = rush;
                state.sort();
                state.fix_selection();
            }
        }
        OrderEvent::CancelRequested { number, at } => {
            cancel_requested(state, number, at, now, cmds);
        }
        OrderEvent::MenuChanged => cmds.push(Command::LoadProducts),
        OrderEvent::Reload => cmds.push(Command::Reload),
        OrderEvent::Handoff { phone, reason } => {
            super::waiting::on_handoff(state, &phone, reason.as_deref(), now, cmds);
        }
        // ordered ahead: not on the board until the release task places it
        OrderEvent::Upcoming { .. } => {}
    }
}

fn placed(state: &mut State, order: Order, now: At, cmds: &mut Vec<Command>) {
    if !state.keeps(&order) {
        return;
    }
    let number = order.number;
    let is_new = state.index_of(number).is_none() && order.status == OrderStatus::New;
    state.upsert(order);
    if is_new {
        ring(state, number, now, cmds);
    }
    state.fix_selection();
}

fn status_changed(
    state: &mut State,
    number: OrderNumber,
    status: OrderStatus,
    at: i64,
    now: At,
    cmds: &mut Vec<Command>,
) {
    if status != OrderStatus::New {
        // moved elsewhere (another display, the CLI): somebody has seen it
        touch(state, number, cmds);
    }
    if status.is_open() {
        let Some(i) = state.index_of(number) else {
            // back on the board (a recall elsewhere): we need the whole order
            cmds.push(Command::Reload);
            return;
        };
        let o = &mut state.orders[i];
        o.status = status;
        o.status_times.set(status, At::from_millis(at));
        if !state.keeps(&state.orders[i]) {
            // ready: a station screen's part is over
            state.remove(number);
        }
    } else if state.remove(number).is_some() && status == OrderStatus::Cancelled {
        flash(state, format!("#{number} was cancelled"), now);
        if audible(state) {
            cmds.push(Command::Chime(ChimeKind::Cancelled));
        }
    }
    state.fix_selection();
}

/// A customer asks to cancel (`at`), or staff refused (`None`): mark the
/// ticket or clear it. A request rings the cancel sound: someone must answer it.
fn cancel_requested(
    state: &mut State,
    number: OrderNumber,
    at: Option<i64>,
    now: At,
    cmds: &mut Vec<Command>,
) {
    let Some(i) = state.index_of(number) else {
        cmds.push(Command::Reload);
        return;
    };
    state.orders[i].cancel_requested_at = at.map(At::from_millis);
    if at.is_some() {
        flash(
            state,
            format!("#{number}: customer asks to cancel (x)"),
            now,
        );
        if audible(state) {
            cmds.push(Command::Chime(ChimeKind::Cancelled));
        }
    }
}

/// Replace the board with what the store says. Orders that appear here for the
/// first time in status new ring like a bus `Placed` would (they were placed by
/// another process); the very first load rings for nothing.
pub(super) fn reloaded(state: &mut State, list: Vec<Order>, now: At, cmds: &mut Vec<Command>) {
    let list: Vec<Order> = list.into_iter().filter(|o| state.keeps(o)).collect();
    let fresh: Vec<OrderNumber> = list
        .iter()
        .filter(|o| o.status == OrderStatus::New && state.index_of(o.number).is_none())
        .map(|o| o.number)
        .collect();
    let first_load = !state.loaded;
    state.orders = list;
    state.sort();
    state.loaded = true;
    let still_new: Vec<OrderNumber> = state.ringing.keys().copied().collect();
    for n in still_new {
        if state.order(n).is_none_or(|o| o.status != OrderStatus::New) {
            state.ringing.remove(&n);
        }
    }
    if !first_load {
        for n in fresh {
            ring(state, n, now, cmds);
        }
    }
    state.fix_selection();
}

/// Once a second: ring again for new tickets nobody has touched.
pub(super) fn tick(state: &mut State, now: At, cmds: &mut Vec<Command>) {
    let repeat = state.settings.chime_repeat();
    let mut due = false;
    for next in state.ringing.values_mut() {
        if let Some(t) = *next
            && t <= now
        {
            due = true;
            *next = repeat.map(|r| now + r);
        }
    }
    if due && audible(state) {
        cmds.push(Command::Chime(ChimeKind::NewOrder));
    }
}

/// Start announcing order `number`: ring now, and again every repeat interval.
fn ring(state: &mut State, number: OrderNumber, now: At, cmds: &mut Vec<Command>) {
    let next = state.settings.chime_repeat().map(|r| now + r);
    state.ringing.insert(number, next);
    let chime = Command::Chime(ChimeKind::NewOrder);
    if audible(state) && !cmds.contains(&chime) {
        cmds.push(chime);
    }
}

/// Someone selected or bumped ticket `number`: stop announcing it.
pub(super) fn touch(state: &mut State, number: OrderNumber, cmds: &mut Vec<Command>) {
    if state.ringing.remove(&number).is_some() && !cmds.contains(&Command::StopChime) {
        cmds.push(Command::StopChime);
    }
}

fn audible(state: &State) -> bool {
    state.settings.sound && !state.muted
}
