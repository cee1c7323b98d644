//! The `w` panel: customers waiting for a person, oldest first, each with why
//! and since when, and their last messages (customer text cleaned of control
//! characters and cut on character boundaries). `d` hands the selected one
//! back to the bot; answering is `maydanoz reply PHONE "…"` (or the WhatsApp
//! Business app on the same number).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::header::clock;
use super::panels::popup;
use super::text::{fit_cells, safe};
use super::ticket::fit_height;
use crate::kds::backend::Waiting;
use crate::kds::state::State;

/// Messages shown under each customer.
const LAST_SHOWN: usize = 3;

/// Why, in the kitchen's words.
pub(crate) fn reason(r: &str) -> &'static str {
    match r {
        "asked" => "asked for a person",
        "media" => "sent a photo/file",
        "not_understood" => "not understood twice",
        "smb_message_echo" => "shop wrote from the app",
        "reply" => "answered by reply",
        _ => "handed over",
    }
}

pub(crate) fn draw(state: &State, selected: usize, frame: &mut Frame, area: Rect) {
    let title = format!(" Waiting for a person: {} (Esc) ", state.waiting.len());
    let inner = popup(
        frame,
        area,
        area.width.saturating_sub(4).min(100),
        area.height.saturating_sub(2),
        &title,
        Color::Magenta,
    );
    let cols = usize::from(inner.width);
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut lines: Vec<Line<'static>> = Vec::new();
    if state.waiting.is_empty() {
        lines.push(Line::from("Nobody is waiting for a person."));
    }
    for (i, w) in state.waiting.iter().enumerate() {
        let mark = if i == selected { "▶ " } else { "  " };
        let style = if i == selected {
            bold.fg(Color::Black).bg(Color::Magenta)
        } else {
            bold
        };
        lines.push(Line::styled(fit_cells(&head(state, w, mark), cols), style));
        let from = w.last.len().saturating_sub(LAST_SHOWN);
        for s in &w.last[from..] {
            let who = if s.from_shop { "shop: " } else { "" };
            let text = format!(
                "    {} {who}{}",
                clock(state, s.at_ms, false),
                safe(&s.text)
            );
            let st = if s.from_shop {
                Style::new().fg(Color::Cyan)
            } else {
                Style::new()
            };
            lines.push(Line::styled(fit_cells(&text, cols), st));
        }
    }
    let keys = "↑↓ select   d hand back to the bot   answer: maydanoz reply PHONE \"…\"";
    let body_h = inner.height.saturating_sub(2);
    let mut shown = fit_height(lines, body_h);
    while shown.len() < usize::from(body_h) {
        shown.push(Line::from(""));
    }
    shown.push(Line::from(""));
    shown.push(Line::from(Span::styled(fit_cells(keys, cols), bold)));
    frame.render_widget(Paragraph::new(shown), inner);
}

fn head(state: &State, w: &Waiting, mark: &str) -> String {
    let name = w.name.as_deref().map(safe).unwrap_or_default();
    let answered = w
        .answered_at_ms
        .map(|t| format!(", answered {}", clock(state, t, false)))
        .unwrap_or_default();
    format!(
        "{mark}{} {} · {} · since {} · bot quiet till {}{answered}",
        safe(&w.phone),
        fit_cells(&name, 24),
        reason(&w.reason),
        clock(state, w.since_ms, false),
        clock(state, w.quiet_until_ms, false),
    )
}
