//! Keys → actions, per mode. Kept apart from `update` so a bump bar with a
//! different layout needs a change here only. A bump bar is a USB keypad that
//! types digits, arrows and Enter, so everything a cook needs during service is
//! reachable with those.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::state::Mode;

/// What a key means in the current mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// Select the n-th ticket (1-based) on the current page.
    Select(usize),
    Left,
    Right,
    Up,
    Down,
    NextPage,
    PrevPage,
    /// Queue a reprint of the selected ticket (`P`, shift+p; `p` is the previous page).
    Print,
    /// Move the selected ticket to its next status.
    Bump,
    /// Undo the last bump.
    Recall,
    /// Mark the selected order rush, or clear it.
    Rush,
    /// Ask to cancel the selected order.
    Cancel,
    /// Answer the customer's cancel request on the selected order (`x`).
    AnswerCancel,
    AllDay,
    /// Open today's figures.
    Today,
    Availability,
    Mute,
    Help,
    /// Ask to quit.
    Quit,
    Yes,
    No,
    /// Close the open panel.
    Close,
    /// In the availability panel: 86 the product or bring it back.
    Toggle,
    /// Esc on the board: clear the error line.
    Dismiss,
    /// Open the customers waiting for a person (`w`).
    Waiting,
    /// In the waiting panel: hand the selected customer back to the bot (`d`).
    HandBack,
    /// Station screen: the line cursor to the selected ticket's next line (Tab).
    NextLine,
    /// ... or to its previous line (BackTab).
    PrevLine,
    /// Station screen: the line under the cursor is done (`i`).
    BumpLine,
    /// Busy mode: off → +10 → +20 → +30 → off (`b`).
    Busy,
}

/// On a station screen's board the line keys come first: Tab/BackTab move
/// the line cursor, `i` bumps the line; every other key means what it means
/// on any board (Enter bumps all of the ticket's lines for this station).
pub(crate) fn station_action(mode: &Mode, key: KeyEvent) -> Option<Action> {
    if *mode == Mode::Board {
        match key.code {
            KeyCode::Tab => return Some(Action::NextLine),
            KeyCode::BackTab => return Some(Action::PrevLine),
            KeyCode::Char('i' | 'I') => return Some(Action::BumpLine),
            _ => {}
        }
    }
    action(mode, key)
}

/// The action for `key` in `mode`, if any.
pub(crate) fn action(mode: &Mode, key: KeyEvent) -> Option<Action> {
    let ctrl_c = key.modifiers.contains(KeyModifiers::CONTROL)
        && matches!(key.code, KeyCode::Char('c' | 'C'));
    match mode {
        Mode::ConfirmQuit if ctrl_c => Some(Action::Yes),
        _ if ctrl_c => Some(Action::Quit),
        Mode::Board => board(key.code),
        Mode::ConfirmCancel { .. } | Mode::ConfirmQuit | Mode::ConfirmForce { .. } => {
            Some(confirm(key.code))
        }
        // y accepts, n refuses (the customer is told either way); any other key
        // closes without deciding, so a stray bump answers nobody
        Mode::AnswerCancel { .. } => Some(match key.code {
            KeyCode::Char('y' | 'Y') => Action::Yes,
            KeyCode::Char('n' | 'N') => Action::No,
            _ => Action::Close,
        }),
        Mode::AllDay => match key.code {
            KeyCode::Esc | KeyCode::Enter | KeyCode::Char('a' | 'A' | 'q' | 'Q') => {
                Some(Action::Close)
            }
            _ => None,
        },
        Mode::Today => match key.code {
            KeyCode::Esc | KeyCode::Enter | KeyCode::Char('t' | 'T' | 'q' | 'Q') => {
                Some(Action::Close)
            }
            _ => None,
        },
        Mode::Availability { .. } => availability(key.code),
        Mode::Waiting { .. } => waiting(key.code),
        // Any key closes the key reference.
        Mode::Help => Some(Action::Close),
    }
}

fn board(code: KeyCode) -> Option<Action> {
    Some(match code {
        // `8` is the "86" key (a bump bar's layout); tickets 1–7 and 9 by digit,
        // every ticket by the arrows.
        KeyCode::Char('8') | KeyCode::Char('u' | 'U') | KeyCode::F(8) => Action::Availability,
        KeyCode::Char(d @ '1'..='9') => Action::Select(usize::from(d as u8 - b'0')),
        KeyCode::Left => Action::Left,
        KeyCode::Right | KeyCode::Tab => Action::Right,
        KeyCode::Up => Action::Up,
        KeyCode::Down => Action::Down,
        KeyCode::PageDown | KeyCode::Char('n' | 'N') => Action::NextPage,
        KeyCode::PageUp | KeyCode::Char('p') => Action::PrevPage,
        KeyCode::Char('P') => Action::Print,
        KeyCode::Enter | KeyCode::Char(' ') => Action::Bump,
        KeyCode::Char('r' | 'R') | KeyCode::Backspace => Action::Recall,
        KeyCode::Char('c' | 'C') | KeyCode::Delete => Action::Cancel,
        KeyCode::Char('x' | 'X') => Action::AnswerCancel,
        KeyCode::Char('a' | 'A') => Action::AllDay,
        KeyCode::Char('t' | 'T') => Action::Today,
        // `*` is on every numeric keypad (bump bars too); `t` belongs to the day's numbers
        KeyCode::Char('*' | '!') => Action::Rush,
        KeyCode::Char('m' | 'M') => Action::Mute,
        KeyCode::Char('w' | 'W') => Action::Waiting,
        KeyCode::Char('b' | 'B') => Action::Busy,
        KeyCode::Char('?' | 'h' | 'H') | KeyCode::F(1) => Action::Help,
        KeyCode::Char('q' | 'Q') => Action::Quit,
        KeyCode::Esc => Action::Dismiss,
        _ => return None,
    })
}

/// Only an explicit yes confirms; every other key is a no, so a stray bump
/// never cancels an order.
fn confirm(code: KeyCode) -> Action {
    match code {
        KeyCode::Char('y' | 'Y') => Action::Yes,
        _ => Action::No,
    }
}

fn availability(code: KeyCode) -> Option<Action> {
    Some(match code {
        KeyCode::Up => Action::Up,
        KeyCode::Down => Action::Down,
        KeyCode::PageUp => Action::PrevPage,
        KeyCode::PageDown => Action::NextPage,
        KeyCode::Enter | KeyCode::Char(' ') => Action::Toggle,
        KeyCode::Esc | KeyCode::Char('8' | 'u' | 'U' | 'q' | 'Q') | KeyCode::F(8) => Action::Close,
        _ => return None,
    })
}

fn waiting(code: KeyCode) -> Option<Action> {
    Some(match code {
        KeyCode::Up => Action::Up,
        KeyCode::Down => Action::Down,
        KeyCode::Char('d' | 'D') => Action::HandBack,
        KeyCode::Esc | KeyCode::Enter | KeyCode::Char('w' | 'W' | 'q' | 'Q') => Action::Close,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn bump_bar_keys_on_the_board() {
        let m = Mode::Board;
        assert_eq!(action(&m, k(KeyCode::Char('1'))), Some(Action::Select(1)));
        assert_eq!(action(&m, k(KeyCode::Char('9'))), Some(Action::Select(9)));
        assert_eq!(action(&m, k(KeyCode::Char('0'))), None);
        assert_eq!(action(&m, k(KeyCode::Enter)), Some(Action::Bump));
        assert_eq!(action(&m, k(KeyCode::Char(' '))), Some(Action::Bump));
        assert_eq!(action(&m, k(KeyCode::PageDown)), Some(Action::NextPage));
        assert_eq!(action(&m, k(KeyCode::Char('p'))), Some(Action::PrevPage));
        assert_eq!(action(&m, k(KeyCode::Char('P'))), Some(Action::Print));
        assert_eq!(action(&m, k(KeyCode::F(8))), Some(Action::Availability));
        assert_eq!(
            action(&m, k(KeyCode::Char('8'))),
            Some(Action::Availability),
            "8 is the 86 key"
        );
        assert_eq!(action(&m, k(KeyCode::Char('7'))), Some(Action::Select(7)));
        assert_eq!(action(&m, k(KeyCode::Char('*'))), Some(Action::Rush));
    }

    #[test]
    fn confirmation_needs_an_explicit_yes() {
        let m = Mode::ConfirmCancel {
            number: crate::domain::OrderNumber::new(4),
        };
        assert_eq!(action(&m, k(KeyCode::Char('y'))), Some(Action::Yes));
        assert_eq!(action(&m, k(KeyCode::Enter)), Some(Action::No));
        assert_eq!(action(&m, k(KeyCode::Char('n'))), Some(Action::No));
        let m = Mode::AnswerCancel {
            number: crate::domain::OrderNumber::new(4),
        };
        assert_eq!(action(&m, k(KeyCode::Char('y'))), Some(Action::Yes));
        assert_eq!(action(&m, k(KeyCode::Char('n'))), Some(Action::No));
        assert_eq!(action(&m, k(KeyCode::Enter)), Some(Action::Close));
        assert_eq!(
            action(&Mode::Board, k(KeyCode::Char('x'))),
            Some(Action::AnswerCancel)
        );
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action(&Mode::Board, ctrl_c), Some(Action::Quit));
        assert_eq!(action(&Mode::ConfirmQuit, ctrl_c), Some(Action::Yes));
    }

    #[test]
    fn panels_have_their_own_keys() {
        let m = Mode::Availability { selected: 0 };
        assert_eq!(action(&m, k(KeyCode::Enter)), Some(Action::Toggle));
        assert_eq!(action(&m, k(KeyCode::Char('1'))), None);
        assert_eq!(
            action(&Mode::Help, k(KeyCode::Char('x'))),
            Some(Action::Close)
        );
        assert_eq!(action(&Mode::AllDay, k(KeyCode::Char('x'))), None);
        assert_eq!(
            action(&Mode::Board, k(KeyCode::Char('w'))),
            Some(Action::Waiting)
        );
        let w = Mode::Waiting { selected: 0 };
        assert_eq!(action(&w, k(KeyCode::Char('d'))), Some(Action::HandBack));
        assert_eq!(action(&w, k(KeyCode::Esc)), Some(Action::Close));
        assert_eq!(action(&w, k(KeyCode::Char('1'))), None);
    }
}
