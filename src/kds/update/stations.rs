//! Keys that only a station screen or the expo has. A station moves a line
//! cursor through the selected ticket's lines (Tab/BackTab), finishes the line
//! under it (`i`) or all its lines of the ticket (Enter); neither moves the
//! order's status nor tells the customer. The expo's Enter on an order with
//! stations makes it ready (which tells the customer) once every station is
//! done, and otherwise asks before forcing it.

use super::super::event::Command;
use super::super::keys::Action;
use super::super::state::{Mode, RECALL_DEPTH, Recall, State};
use super::board::bump_to;
use super::flash;
use super::orders::touch;
use crate::domain::OrderNumber;
use crate::domain::order::OrderStatus;
use crate::domain::station::{self, View};
use crate::domain::time::At;

/// Tab / BackTab: the line cursor one line on (or back), round the ticket.
pub(super) fn move_line(state: &mut State, forward: bool) {
    let Some(st) = state.settings.view.station().map(str::to_string) else {
        return;
    };
    let Some(o) = state.selected_index().map(|i| &state.orders[i]) else {
        return;
    };
    let n = station::lines_of(o, &st).len();
    if n == 0 {
        return;
    }
    let at = state.line.min(n - 1);
    state.line = if forward {
        (at + 1) % n
    } else {
        (at + n - 1) % n
    };
}

/// `i`: the line under the cursor is done.
pub(super) fn bump_line(state: &mut State, now: At, cmds: &mut Vec<Command>) {
    let Some(st) = state.settings.view.station().map(str::to_string) else {
        return;
    };
    let Some(i) = state.selected_index() else {
        return;
    };
    let lines = station::lines_of(&state.orders[i], &st);
    let Some(&pos) = lines.get(state.line.min(lines.len().saturating_sub(1))) else {
        return;
    };
    if state.orders[i].items[pos].station_done_at.is_some() {
        let number = state.orders[i].number;
        flash(
            state,
            format!("#{number}: that line is done (r recalls)"),
            now,
        );
        return;
    }
    mark_done(state, i, vec![pos], now, cmds);
}

/// Enter on a station screen: every line of the ticket still to make is done.
pub(super) fn bump_ticket(state: &mut State, now: At, cmds: &mut Vec<Command>) {
    let Some(st) = state.settings.view.station().map(str::to_string) else {
        return;
    };
    let Some(i) = state.selected_index() else {
        return;
    };
    let pending = station::pending(&state.orders[i], &st);
    if !pending.is_empty() {
        mark_done(state, i, pending, now, cmds);
    }
}

/// Mark lines `positions` of the `i`-th ticket done, optimistically; a ticket
/// with nothing left for this station leaves the screen (`r` brings it back).
fn mark_done(state: &mut State, i: usize, positions: Vec<usize>, now: At, cmds: &mut Vec<Command>) {
    let before = state.orders[i].clone();
    let number = before.number;
    cmds.push(Command::SetLines {
        number,
        positions: positions.clone(),
        done: true,
    });
    touch(state, number, cmds);
    state.recalls.push(Recall {
        from: before.status,
        order: before,
        lines: positions.clone(),
    });
    if state.recalls.len() > RECALL_DEPTH {
        state.recalls.remove(0);
    }
    for &p in &positions {
        state.orders[i].items[p].station_done_at = Some(now);
    }
    let finished = !state.keeps(&state.orders[i]);
    if finished {
        state.remove(number);
        state.line = 0;
    } else {
        next_pending(state, i);
    }
    state.fix_selection();
    let what = if finished {
        "all done here".to_string()
    } else {
        format!("{} line{} done", positions.len(), plural(positions.len()))
    };
    flash(state, format!("#{number}: {what}"), now);
}

/// Put the line cursor on the `i`-th ticket's first line still to make.
fn next_pending(state: &mut State, i: usize) {
    if let Some(st) = state.settings.view.station() {
        let o = &state.orders[i];
        let lines = station::lines_of(o, st);
        if let Some(k) = lines
            .iter()
            .position(|&p| o.items[p].station_done_at.is_none())
        {
            state.line = k;
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The expo's Enter on the selected order, if it is the expo's to decide
/// (an order with stations not yet ready): ready when every station is done,
/// otherwise a confirmation. `false` leaves the bump to the ordinary path.
pub(super) fn expo_bump(state: &mut State, now: At, cmds: &mut Vec<Command>) -> bool {
    if state.settings.view != View::Expo {
        return false;
    }
    let Some(i) = state.selected_index() else {
        return false;
    };
    let o = &state.orders[i];
    if !station::has_stations(o) || !matches!(o.status, OrderStatus::New | OrderStatus::Preparing) {
        return false;
    }
    let number = o.number;
    if station::all_done(o) {
        bump_to(state, i, OrderStatus::Ready, now, cmds);
    } else {
        touch(state, number, cmds);
        state.mode = Mode::ConfirmForce { number };
    }
    true
}

/// "Ready anyway?": `y` makes it ready though a station is not done.
pub(super) fn confirm_force(
    state: &mut State,
    number: OrderNumber,
    action: Action,
    now: At,
    cmds: &mut Vec<Command>,
) {
    state.mode = Mode::Board;
    let Some(i) = state.index_of(number) else {
        return;
    };
    if action == Action::Yes {
        bump_to(state, i, OrderStatus::Ready, now, cmds);
    } else {
        let waiting = station::waiting_for(&state.orders[i]).join(", ");
        flash(state, format!("#{number} waits for {waiting}"), now);
    }
}

/// Undo a station's bump: the lines are to make again, and the ticket is back.
pub(super) fn recall_lines(state: &mut State, r: Recall, now: At, cmds: &mut Vec<Command>) {
    let number = r.order.number;
    cmds.push(Command::SetLines {
        number,
        positions: r.lines.clone(),
        done: false,
    });
    let mut o = state.order(number).cloned().unwrap_or(r.order);
    for &p in &r.lines {
        if let Some(it) = o.items.get_mut(p) {
            it.station_done_at = None;
        }
    }
    if state.keeps(&o) {
        state.upsert(o);
        state.selected = Some(number);
        state.line = 0;
    }
    state.fix_selection();
    flash(
        state,
        format!("recalled #{number}: lines to make again"),
        now,
    );
}
