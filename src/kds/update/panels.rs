//! Keys while a panel is open: the cancel and quit confirmations and the
//! availability (86) list. The all-day and help panels only close.

use crate::domain::OrderNumber;
use crate::domain::time::At;

use super::super::backend::ProductAvail;
use super::super::event::Command;
use super::super::keys::Action;
use super::super::state::{Mode, State};
use super::flash;
use crate::domain::order::OrderStatus;

/// Rows PageUp/PageDown move in the availability list.
const LIST_PAGE: usize = 10;

pub(super) fn confirm_cancel(
    state: &mut State,
    number: OrderNumber,
    action: Action,
    now: At,
    cmds: &mut Vec<Command>,
) {
    state.mode = Mode::Board;
    if action != Action::Yes {
        flash(state, format!("#{number} not cancelled"), now);
        return;
    }
    let cancel = Command::SetStatus {
        number,
        to: OrderStatus::Cancelled,
    };
    off_the_board(
        state,
        number,
        cancel,
        format!("#{number} cancelled"),
        now,
        cmds,
    );
}

/// A `y` that cancels: the order leaves the board at once (its command follows), with a
/// word on the status line.
fn off_the_board(
    state: &mut State,
    number: OrderNumber,
    command: Command,
    said: String,
    now: At,
    cmds: &mut Vec<Command>,
) {
    cmds.push(command);
    state.remove(number);
    state.fix_selection();
    flash(state, said, now);
}

/// `y` accepts the customer's cancel request (the order is cancelled), `n`
/// refuses it (the order stays, the mark goes); any other key decides nothing.
pub(super) fn answer_cancel(
    state: &mut State,
    number: OrderNumber,
    action: Action,
    now: At,
    cmds: &mut Vec<Command>,
) {
    state.mode = Mode::Board;
    match action {
        Action::Yes => {
            let accept = Command::AnswerCancel {
                number,
                accept: true,
            };
            let said = format!("#{number} cancelled as the customer asked");
            off_the_board(state, number, accept, said, now, cmds);
        }
        Action::No => {
            cmds.push(Command::AnswerCancel {
                number,
                accept: false,
            });
            if let Some(i) = state.index_of(number) {
                state.orders[i].cancel_requested_at = None;
            }
            flash(state, format!("#{number} goes on; customer told"), now);
        }
        _ => flash(state, format!("#{number}: cancel request still open"), now),
    }
}

pub(super) fn confirm_quit(state: &mut State, action: Action, cmds: &mut Vec<Command>) {
    state.mode = Mode::Board;
    if action == Action::Yes {
        cmds.push(Command::Quit);
    }
}

pub(super) fn availability(
    state: &mut State,
    selected: usize,
    action: Action,
    now: At,
    cmds: &mut Vec<Command>,
) {
    let last = state.products.len().saturating_sub(1);
    let selected = match action {
        Action::Up => selected.saturating_sub(1),
        Action::Down => (selected + 1).min(last),
        Action::PrevPage => selected.saturating_sub(LIST_PAGE),
        Action::NextPage => (selected + LIST_PAGE).min(last),
        Action::Toggle => {
            toggle(state, selected, now, cmds);
            selected
        }
        Action::Close => {
            state.mode = Mode::Board;
            return;
        }
        _ => selected,
    };
    state.mode = Mode::Availability { selected };
}

/// 86 the product or bring it back; optimistic, corrected by the next load.
fn toggle(state: &mut State, selected: usize, now: At, cmds: &mut Vec<Command>) {
    let Some(p) = state.products.get_mut(selected) else {
        return;
    };
    p.available = !p.available;
    cmds.push(Command::SetAvailable {
        product_id: p.id,
        available: p.available,
    });
    let name = crate::domain::text::clean(&p.name);
    let text = if p.available {
        format!("{name} is back")
    } else {
        format!("{name} 86'd")
    };
    flash(state, text, now);
}

pub(super) fn products(state: &mut State, list: Vec<ProductAvail>) {
    state.products = list;
    if let Mode::Availability { selected } = &mut state.mode {
        *selected = (*selected).min(state.products.len().saturating_sub(1));
    }
}
