//! Touch and mouse on the terminal board (a Pi's touch display runs a VTE
//! terminal, xterm or kitty; crossterm's mouse capture reports taps as clicks).
//! A tap on a ticket selects it; a second tap on the same ticket within
//! [`DOUBLE_TAP`] bumps it; the footer's words are buttons ("bump",
//! "recall", "page", "86", "all-day", …); the wheel pages. Pure: the screen
//! geometry comes from the same layout the view draws with, so a tap lands
//! on what is drawn there. `kds.mouse = false` leaves the mouse alone.

use crate::domain::time::{At, Span};
use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::keys::Action;
use super::state::{FOOTER_H, HEADER_H, Mode, State};
use super::view::footer;

/// Two taps on one ticket this close together bump it.
pub const DOUBLE_TAP: Span = Span::seconds(1);

/// What a footer word does when tapped; words not listed are not buttons.
const WORDS: [(&str, Action); 12] = [
    ("bump", Action::Bump),
    ("all done", Action::Bump),
    ("recall", Action::Recall),
    ("cancel", Action::Cancel),
    ("page", Action::NextPage),
    ("all-day", Action::AllDay),
    ("86", Action::Availability),
    ("mute", Action::Mute),
    ("quit", Action::Quit),
    ("keys", Action::Help),
    ("line done", Action::BumpLine),
    ("next line", Action::NextLine),
];

/// The action a footer word stands for.
pub(crate) fn word_action(word: &str) -> Option<Action> {
    WORDS.iter().find(|(w, _)| *w == word).map(|&(_, a)| a)
}

/// The actions a mouse event means now (remembering a tap for the double tap).
pub fn actions(state: &mut State, m: MouseEvent, now: At) -> Vec<Action> {
    let board = state.mode == Mode::Board;
    match m.kind {
        MouseEventKind::ScrollDown if board => vec![Action::NextPage],
        MouseEventKind::ScrollUp if board => vec![Action::PrevPage],
        MouseEventKind::ScrollDown => vec![Action::Down],
        MouseEventKind::ScrollUp => vec![Action::Up],
        MouseEventKind::Down(MouseButton::Left) if board => tap(state, m.column, m.row, now),
        _ => Vec::new(),
    }
}

fn tap(state: &mut State, col: u16, row: u16, now: At) -> Vec<Action> {
    let (_, height) = state.size;
    if row >= height.saturating_sub(FOOTER_H) {
        state.tap = None;
        return footer::buttons(state, now)
            .into_iter()
            .find(|(from, to, _)| (*from..*to).contains(&col))
            .and_then(|(_, _, word)| word_action(word))
            .into_iter()
            .collect();
    }
    let Some(index) = ticket_at(state, col, row) else {
        return Vec::new();
    };
    let number = state.orders[index].number;
    let again = state
        .tap
        .is_some_and(|(n, at)| n == number && now - at <= DOUBLE_TAP)
        && state.selected == Some(number);
    if again {
        state.tap = None;
        return vec![Action::Bump];
    }
    state.tap = Some((number, now));
    let first = state.page_range().start;
    vec![Action::Select(index - first + 1)]
}

/// The order whose ticket (or a piece of it) covers the cell, on the current page.
pub(crate) fn ticket_at(state: &State, col: u16, row: u16) -> Option<usize> {
    let y = row.checked_sub(HEADER_H)?;
    let layout = state.layout();
    let page = layout.pages.get(state.page)?;
    page.pieces
        .iter()
        .find(|p| {
            let x = layout.x(p.col);
            (x..x + layout.col_w).contains(&col) && (p.y..p.y + p.height).contains(&y)
        })
        .map(|p| p.index)
}
