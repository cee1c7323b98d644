//! Customers waiting for a person: the list as loaded, the alert when someone
//! new is handed over (a chime and a line, unless the shop itself wrote to them
//! from the WhatsApp Business app), and the `w` panel's keys.

use super::super::event::{ChimeKind, Command};
use super::super::keys::Action;
use super::super::state::{Mode, State};
use super::super::view::text::safe;
use super::flash;
use crate::domain::time::At;
use crate::kds::backend::Waiting;

/// The reason stored when the shop wrote from the app: a person is already on it.
const ECHO: &str = "smb_message_echo";

pub(super) fn loaded(state: &mut State, list: Vec<Waiting>) {
    state.waiting = list;
    if let Mode::Waiting { selected } = &mut state.mode {
        *selected = (*selected).min(state.waiting.len().saturating_sub(1));
    }
}

/// A handoff opened (`reason`) or closed (`None`) somewhere: reload the list;
/// a customer newly asking for a person rings once.
pub(super) fn on_handoff(
    state: &mut State,
    phone: &str,
    reason: Option<&str>,
    now: At,
    cmds: &mut Vec<Command>,
) {
    cmds.push(Command::LoadWaiting);
    // the shop wrote from the app, or answered with `reply`: a person is on it already
    let Some(reason) = reason.filter(|r| *r != ECHO && *r != "reply") else {
        return;
    };
    if !state.muted {
        cmds.push(Command::Chime(ChimeKind::NewOrder));
    }
    let why = match reason {
        "media" => "sent a photo/file",
        "not_understood" => "not understood twice",
        _ => "asked for a person",
    };
    flash(state, format!("{} {why}: w to see", safe(phone)), now);
}

pub(super) fn keys(
    state: &mut State,
    selected: usize,
    action: Action,
    now: At,
    cmds: &mut Vec<Command>,
) {
    let last = state.waiting.len().saturating_sub(1);
    let selected = match action {
        Action::Up => selected.saturating_sub(1),
        Action::Down => (selected + 1).min(last),
        Action::HandBack => {
            if let Some(w) = state.waiting.get(selected) {
                let phone = w.phone.clone();
                flash(
                    state,
                    format!("{} handed back to the bot", safe(&phone)),
                    now,
                );
                cmds.push(Command::HandBack { phone });
                state.waiting.remove(selected);
            }
            selected.min(state.waiting.len().saturating_sub(1))
        }
        Action::Close => {
            state.mode = Mode::Board;
            return;
        }
        _ => selected,
    };
    state.mode = Mode::Waiting { selected };
}
