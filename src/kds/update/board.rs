//! Keys on the board: selecting, paging, bumping, recalling, and opening panels.

use super::super::event::Command;
use super::super::keys::Action;
use super::super::layout::Layout;
use super::super::state::{Mode, RECALL_DEPTH, Recall, State, label};
use super::flash;
use super::orders::touch;
use super::stations;
use crate::domain::order::OrderStatus;
use crate::domain::time::At;

pub(super) fn on_action(state: &mut State, action: Action, now: At, cmds: &mut Vec<Command>) {
    use Action as A;
    match action {
        A::Select(_) | A::Up | A::Down | A::Left | A::Right | A::NextPage | A::PrevPage => {
            on_move(state, action, cmds);
        }
        A::Bump | A::NextLine | A::PrevLine | A::BumpLine | A::Recall | A::Rush | A::Busy => {
            on_bump(state, action, now, cmds);
        }
        A::Cancel
        | A::AnswerCancel
        | A::AllDay
        | A::Today
        | A::Availability
        | A::Help
        | A::Quit
        | A::Waiting => open_panel(state, action, now, cmds),
        A::Print => {
            if let Some(number) = state.selected {
                cmds.push(Command::Print { number });
            }
        }
        A::Mute => mute(state, now, cmds),
        A::Dismiss => state.error = None,
        A::Yes | A::No | A::Close | A::Toggle | A::HandBack => {}
    }
}

/// Selecting and paging: a digit, the arrows, the page keys.
fn on_move(state: &mut State, action: Action, cmds: &mut Vec<Command>) {
    match action {
        Action::Select(n) => {
            let i = state.page_range().start + n - 1;
            if i < state.page_range().end {
                select(state, i, cmds);
            }
        }
        Action::Up => step(state, |i, _| i.checked_sub(1), cmds),
        Action::Down => step(state, |i, len| (i + 1 < len).then_some(i + 1), cmds),
        Action::Left => {
            let l = state.layout();
            step(state, |i, _| beside(&l, i, -1).or(i.checked_sub(1)), cmds);
        }
        Action::Right => {
            let l = state.layout();
            let next = |i, len| (i + 1 < len).then_some(i + 1);
            step(state, |i, len| beside(&l, i, 1).or(next(i, len)), cmds);
        }
        Action::NextPage => turn(state, 1),
        Action::PrevPage => turn(state, -1),
        _ => {}
    }
}

/// Changing orders: bumps (of a ticket, or of a station's line), recall, rush, busy.
fn on_bump(state: &mut State, action: Action, now: At, cmds: &mut Vec<Command>) {
    match action {
        Action::Bump if state.settings.view.station().is_some() => {
            stations::bump_ticket(state, now, cmds);
        }
        Action::Bump => {
            // the expo decides an order with stations not yet ready
            let asked = stations::expo_bump(state, now, cmds);
            if !asked {
                bump(state, now, cmds);
            }
        }
        Action::NextLine => stations::move_line(state, true),
        Action::PrevLine => stations::move_line(state, false),
        Action::BumpLine => stations::bump_line(state, now, cmds),
        Action::Recall => recall(state, now, cmds),
        Action::Rush => rush(state, now, cmds),
        Action::Busy => super::pace::cycle_busy(state, now, cmds),
        _ => {}
    }
}

/// The keys that open a panel or a question over the board.
fn open_panel(state: &mut State, action: Action, now: At, cmds: &mut Vec<Command>) {
    match action {
        Action::Cancel => {
            if let Some(number) = state.selected {
                state.mode = Mode::ConfirmCancel { number };
            }
        }
        Action::AnswerCancel => match state.selected.and_then(|n| state.order(n)) {
            Some(o) if o.cancel_requested_at.is_some() => {
                state.mode = Mode::AnswerCancel { number: o.number };
            }
            Some(o) => {
                let n = o.number;
                flash(state, format!("#{n}: no cancel request"), now);
            }
            None => {}
        },
        Action::AllDay => state.mode = Mode::AllDay,
        Action::Today => state.mode = Mode::Today,
        Action::Availability => {
            state.mode = Mode::Availability { selected: 0 };
            cmds.push(Command::LoadProducts);
        }
        Action::Help => state.mode = Mode::Help,
        Action::Quit => state.mode = Mode::ConfirmQuit,
        Action::Waiting => {
            state.mode = Mode::Waiting { selected: 0 };
            cmds.push(Command::LoadWaiting);
        }
        _ => {}
    }
}

/// `m`: the chime off (stopping one that rings) or on again.
fn mute(state: &mut State, now: At, cmds: &mut Vec<Command>) {
    state.muted = !state.muted;
    if state.muted {
        cmds.push(Command::StopChime);
    }
    let text = if state.muted {
        "sound off (m: on)"
    } else {
        "sound on"
    };
    flash(state, text.to_string(), now);
}

fn select(state: &mut State, i: usize, cmds: &mut Vec<Command>) {
    let number = state.orders[i].number;
    if state.selected != Some(number) {
        state.line = 0;
    }
    state.selected = Some(number);
    state.fix_selection();
    touch(state, number, cmds);
}

/// Move the selection with `f(index, len)`; with nothing selected, select the first.
fn step(state: &mut State, f: impl Fn(usize, usize) -> Option<usize>, cmds: &mut Vec<Command>) {
    let len = state.orders.len();
    let target = match state.selected_index() {
        Some(i) => f(i, len).unwrap_or(i),
        None if len > 0 => 0,
        None => return,
    };
    select(state, target, cmds);
}

/// The ticket in the column `by` to the side of ticket `i` on its page whose
/// top is nearest to `i`'s; `None` when that column starts no ticket.
fn beside(l: &Layout, i: usize, by: i32) -> Option<usize> {
    let head = l.head(i)?;
    let col = i32::from(head.col) + by;
    l.pages[l.page_of(i)]
        .pieces
        .iter()
        .filter(|p| p.part == 0 && i32::from(p.col) == col)
        .min_by_key(|p| p.y.abs_diff(head.y))
        .map(|p| p.index)
}

fn turn(state: &mut State, by: isize) {
    let last = state.page_count() - 1;
    let page = state.page.saturating_add_signed(by).min(last);
    state.page = page;
    let first = state.page_range().start;
    state.selected = state.orders.get(first).map(|o| o.number);
    state.fix_selection();
}

/// Move the selected order to its next status, optimistically; the bus event
/// that follows the commit confirms it.
fn bump(state: &mut State, now: At, cmds: &mut Vec<Command>) {
    let Some(i) = state.selected_index() else {
        return;
    };
    let o = &state.orders[i];
    if let Some(to) = o.status.next(o.fulfilment) {
        bump_to(state, i, to, now, cmds);
    }
}

/// Move the `i`-th order to `to`, optimistically, remembering it for `r`.
pub(super) fn bump_to(
    state: &mut State,
    i: usize,
    to: OrderStatus,
    now: At,
    cmds: &mut Vec<Command>,
) {
    let before = state.orders[i].clone();
    let number = before.number;
    cmds.push(Command::SetStatus { number, to });
    touch(state, number, cmds);
    state.recalls.push(Recall {
        from: before.status,
        order: before,
        lines: Vec::new(),
    });
    if state.recalls.len() > RECALL_DEPTH {
        state.recalls.remove(0);
    }
    let o = &mut state.orders[i];
    o.status = to;
    o.status_times.set(to, now);
    if !state.keeps(&state.orders[i]) {
        state.remove(number);
    }
    state.fix_selection();
    flash(state, format!("#{number} → {}", label(to)), now);
}

/// Mark the selected order rush (to the front, highlighted) or clear it;
/// the selection follows it.
fn rush(state: &mut State, now: At, cmds: &mut Vec<Command>) {
    let Some(i) = state.selected_index() else {
        return;
    };
    let o = &mut state.orders[i];
    o.rush = !o.rush;
    let (number, rush) = (o.number, o.rush);
    cmds.push(Command::SetRush { number, rush });
    touch(state, number, cmds);
    state.sort();
    state.fix_selection();
    let text = if rush {
        "rush: made first"
    } else {
        "rush cleared"
    };
    flash(state, format!("#{number} {text}"), now);
}

/// Undo the most recent bump: one step back from where the order is now
/// (a delivered order, no longer on the board, comes back).
fn recall(state: &mut State, now: At, cmds: &mut Vec<Command>) {
    let Some(r) = state.recalls.pop() else {
        flash(state, "nothing to recall".to_string(), now);
        return;
    };
    if !r.lines.is_empty() {
        stations::recall_lines(state, r, now, cmds);
        return;
    }
    let number = r.order.number;
    let current = state
        .order(number)
        .map_or(r.order.status.next(r.order.fulfilment), |o| Some(o.status));
    let Some(to) = current.and_then(|s| s.previous(r.order.fulfilment)) else {
        flash(state, format!("#{number} cannot go back"), now);
        return;
    };
    cmds.push(Command::SetStatus { number, to });
    let mut o = state.order(number).cloned().unwrap_or(r.order);
    o.status = to;
    if !state.keeps(&o) {
        flash(state, format!("recalled #{number} → {}", label(to)), now);
        return;
    }
    state.upsert(o);
    state.selected = Some(number);
    state.fix_selection();
    flash(state, format!("recalled #{number} → {}", label(to)), now);
}
