//! The board: the current page of tickets where the layout put them, each as
//! tall as its text. Which tickets are on the page comes from the model
//! (`State::layout`), so the footer's count always matches.

use crate::domain::time::At;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::widgets::Paragraph;

use super::ticket::{self, TicketLook};
use crate::kds::layout::Layout;
use crate::kds::state::State;

/// The current page's tickets (as `layout`, the state's, places them), or a line
/// saying there are none.
pub fn draw(state: &State, layout: &Layout, frame: &mut Frame, area: Rect, now: At) {
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
    let Some(page) = layout.pages.get(state.page) else {
        return;
    };
    let first = page.range.start;
    for piece in &page.pieces {
        let order = &state.orders[piece.index];
        let n = piece.index - first;
        let look = TicketLook {
            key: (n < 9).then_some(n + 1),
            selected: state.selected == Some(order.number),
            ringing: state.ringing.contains_key(&order.number),
            ageing: state.ageing_of(order, now),
            age: now - order.kitchen_since(),
            glyphs: state.settings.glyphs,
            ahead: counter_or_ahead(state, order, now),
            view: state.settings.view.clone(),
            cursor: state.cursor_position(order),
        };
        let slot = Rect {
            x: area.x + layout.x(piece.col),
            y: area.y + piece.y,
            width: layout.col_w,
            height: piece.height,
        }
        .intersection(area);
        ticket::draw(frame, slot, order, &look, piece);
    }
}

/// Beside the status: how long a ready pickup order has waited at the counter
/// ("waits 12m"), else the time of an order placed ahead ("⏰ 11:30").
fn counter_or_ahead(state: &State, order: &crate::domain::order::Order, now: At) -> Option<String> {
    use crate::domain::order::{Fulfilment, OrderStatus};
    if order.status == OrderStatus::Ready && order.fulfilment == Fulfilment::Pickup {
        let m = crate::domain::eta::minutes_since(order.status_times.ready_at?, now);
        return Some(format!("waits {m}m"));
    }
    order
        .scheduled_for
        .map(|at| format!("⏰ {}", super::header::clock(state, at, false)))
}
