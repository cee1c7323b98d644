//! Drawing: `draw(&State, &mut Frame, now)`. Reads the model, performs no IO
//! and reads no clock (ages and the header clock come from `now`), so a
//! screen is a pure function of the state and the time and can be snapshot-tested.

pub(crate) mod board;
pub(crate) mod footer;
pub(crate) mod header;
pub(crate) mod panels;
pub(crate) mod text;
pub(crate) mod ticket;
pub(crate) mod today;
pub(crate) mod waiting;

#[cfg(test)]
mod pace_tests;
#[cfg(test)]
mod tests;

use crate::domain::time::At;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::widgets::{Paragraph, Wrap};

use super::state::{FOOTER_H, HEADER_H, State};

/// Narrowest screen the board is drawn on; below it a message asks for more room.
pub(crate) const MIN_WIDTH: u16 = 30;
/// Shortest screen the board is drawn on.
pub(crate) const MIN_HEIGHT: u16 = 10;

/// Draw the whole screen for `state` at `now`.
pub fn draw(state: &State, frame: &mut Frame, now: At) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "Screen too small ({}×{}); the kitchen display needs {MIN_WIDTH}×{MIN_HEIGHT}.",
            area.width, area.height
        );
        let p = Paragraph::new(msg)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true });
        frame.render_widget(p, area);
        return;
    }
    let header = Rect {
        height: HEADER_H,
        ..area
    };
    let board = Rect {
        y: area.y + HEADER_H,
        height: area.height - HEADER_H - FOOTER_H,
        ..area
    };
    let footer = Rect {
        y: area.bottom() - FOOTER_H,
        height: FOOTER_H,
        ..area
    };
    // one layout for the frame: checking that the kept one still holds walks every
    // open order, so the board and the footer share it
    let layout = state.layout();
    header::draw(state, frame, header, now);
    board::draw(state, &layout, frame, board, now);
    footer::draw(state, layout.pages.len().max(1), frame, footer, now);
    panels::draw(state, frame, area);
}
