//! The board: the current page of tickets in a grid of slots, more columns and
//! rows on a larger screen. Which tickets are on the page comes from the model
//! (`State::page_range`), so the footer's count always matches.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::widgets::Paragraph;

use super::ticket::{self, TicketLook};
use crate::kds::state::State;

/// Split `total` cells into `n` nearly equal parts; earlier parts get the remainder.
fn spans(start: u16, total: u16, n: u16) -> impl Iterator<Item = (u16, u16)> {
    let base = total / n;
    let extra = total % n;
    (0..n).map(move |i| {
        let before = i * base + i.min(extra);
        (start + before, base + u16::from(i < extra))
    })
}

/// The current page's tickets, or a line saying there are none.
pub fn draw(state: &State, frame: &mut Frame, area: Rect, now_ms: i64) {
    if state.orders.is_empty() {
        let text = if state.loaded {
            "No open orders"
        } else {
            "Loading orders…"
        };
        let y = area.y + area.height / 2;
        let line = Paragraph::new(text).alignment(Alignment::Center);
        frame.render_widget(
            line,
            Rect {
                y,
                height: 1,
                ..area
            },
        );
        return;
    }
    let grid = state.grid();
    let mut slots = Vec::with_capacity(grid.per_page());
    for (y, h) in spans(area.y, area.height, grid.rows) {
        for (x, w) in spans(area.x, area.width, grid.cols) {
            slots.push(Rect {
                x,
                y,
                width: w,
                height: h,
            });
        }
    }
    let range = state.page_range();
    for (slot, (n, i)) in slots.into_iter().zip(range.enumerate()) {
        let order = &state.orders[i];
        let look = TicketLook {
            key: (n < 9).then_some(n + 1),
            selected: state.selected == Some(order.number),
            ringing: state.ringing.contains_key(&order.number),
            ageing: state.ageing_of(order, now_ms),
            age_ms: now_ms - order.created_at,
        };
        ticket::draw(frame, slot, order, &look);
    }
}

#[cfg(test)]
mod tests {
    use super::spans;

    #[test]
    fn slots_cover_the_area_exactly() {
        let v: Vec<_> = spans(0, 80, 3).collect();
        assert_eq!(v, vec![(0, 27), (27, 27), (54, 26)]);
        let v: Vec<_> = spans(3, 45, 3).collect();
        assert_eq!(v, vec![(3, 15), (18, 15), (33, 15)]);
    }
}
