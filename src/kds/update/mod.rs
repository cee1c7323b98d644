//! `update(state, event, now) → commands`: every decision of the kitchen
//! display, with no IO and no clock of its own (time comes in as `now`).
//! Split by concern: `orders` (bus events, reloads, the chime), `board` (keys on
//! the board), `panels` (confirmations and the all-day / availability / help panels).

mod board;
mod orders;
mod pace;
mod panels;
mod stations;
#[cfg(test)]
mod tests;
mod waiting;

use super::event::{Command, Event};
use super::keys::{self, Action};
use super::state::{Mode, Notice, State};
use crate::domain::time::At;

/// Apply one event; returns what the run loop must do (in order).
pub fn update(state: &mut State, event: Event, now: At) -> Vec<Command> {
    let mut cmds = Vec::new();
    match event {
        Event::Key(key) => {
            let mapped = if state.mode == Mode::Board {
                state.settings.keys.lookup(key)
            } else {
                None
            };
            let action = if let Some(mapped) = mapped {
                mapped
            } else if state.settings.view.station().is_some() {
                keys::station_action(&state.mode, key)
            } else {
                keys::action(&state.mode, key)
            };
            if let Some(action) = action {
                on_action(state, action, now, &mut cmds);
            }
        }
        Event::Tick => orders::tick(state, now, &mut cmds),
        Event::Resize(w, h) => {
            state.size = (w, h);
            state.fix_selection();
        }
        Event::Order(e) => orders::on_bus(state, e, now, &mut cmds),
        Event::Reloaded(list) => orders::reloaded(state, list, now, &mut cmds),
        Event::Products(list) => panels::products(state, list),
        Event::Health(h) => state.health = Some(h),
        Event::CommandFailed(text) => state.error = Some(Notice { text, at: now }),
        Event::Waiting(list) => waiting::loaded(state, list),
        Event::Mouse(m) => {
            for action in super::mouse::actions(state, m, now) {
                on_action(state, action, now, &mut cmds);
            }
        }
    }
    cmds
}

fn on_action(state: &mut State, action: Action, now: At, cmds: &mut Vec<Command>) {
    let confirming = matches!(
        state.mode,
        Mode::ConfirmCancel { .. }
            | Mode::ConfirmQuit
            | Mode::AnswerCancel { .. }
            | Mode::ConfirmForce { .. }
    );
    if action == Action::Quit && !confirming {
        state.mode = Mode::ConfirmQuit;
        return;
    }
    match state.mode.clone() {
        Mode::Board => board::on_action(state, action, now, cmds),
        Mode::ConfirmCancel { number } => panels::confirm_cancel(state, number, action, now, cmds),
        Mode::AnswerCancel { number } => panels::answer_cancel(state, number, action, now, cmds),
        Mode::ConfirmQuit => panels::confirm_quit(state, action, cmds),
        Mode::ConfirmForce { number } => {
            stations::confirm_force(state, number, action, now, cmds);
        }
        Mode::Availability { selected } => {
            panels::availability(state, selected, action, now, cmds);
        }
        Mode::Waiting { selected } => waiting::keys(state, selected, action, now, cmds),
        Mode::AllDay | Mode::Help | Mode::Today => {
            if action == Action::Close {
                state.mode = Mode::Board;
            }
        }
    }
}

/// Record a short confirmation for the status line.
fn flash(state: &mut State, text: String, now: At) {
    state.flash = Some(Notice { text, at: now });
}
