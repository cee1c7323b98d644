//! The `b` key: busy mode off → +10 → +20 → +30 → off. The header changes at
//! once (the store's answer replaces it with the next health read).

use super::super::event::Command;
use super::super::state::State;
use super::flash;
use crate::domain::pace::{Busy, next_busy_step};
use crate::domain::time::At;

pub(super) fn cycle_busy(state: &mut State, now: At, cmds: &mut Vec<Command>) {
    let current = state
        .health
        .as_ref()
        .and_then(|h| h.busy)
        .filter(|b| b.active_at(now))
        .map_or(0, |b| b.minutes);
    let next = next_busy_step(current);
    if let Some(h) = state.health.as_mut() {
        h.busy = (next > 0).then_some(Busy {
            minutes: next,
            until: None,
        });
    }
    cmds.push(Command::SetBusy { minutes: next });
    let text = if next > 0 {
        format!("busy: +{next} min on every quote (b: more / off)")
    } else {
        "busy mode off".to_string()
    };
    flash(state, text, now);
}
