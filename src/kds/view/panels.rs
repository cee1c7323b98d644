//! Panels drawn over the board: the cancel and quit confirmations, the all-day
//! count, the availability (86) list and the key reference.

use crate::domain::OrderNumber;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::text::{fit_cells, safe, wrap};
use super::ticket::fit_height;
use crate::domain::station::View;
use crate::kds::allday::all_day;
use crate::kds::state::{Mode, State};

/// The panel for the current mode over the whole screen, if any.
pub(crate) fn draw(state: &State, frame: &mut Frame, area: Rect) {
    match &state.mode {
        Mode::Board => {}
        Mode::ConfirmCancel { number } => confirm_cancel(state, *number, frame, area),
        Mode::AnswerCancel { number } => answer_cancel(state, *number, frame, area),
        Mode::ConfirmQuit => {
            let lines = vec![
                Line::from("Quit the kitchen display?"),
                Line::from("New orders will not show or ring here until it is started again."),
            ];
            confirm(
                frame,
                area,
                " Quit ",
                lines,
                "y = quit    any other key = stay",
            );
        }
        Mode::AllDay => all_day_panel(state, frame, area),
        Mode::Availability { selected } => availability(state, *selected, frame, area),
        Mode::Help => help(state, frame, area),
        Mode::Today => super::today::draw(state, frame, area),
        Mode::Waiting { selected } => super::waiting::draw(state, *selected, frame, area),
        Mode::ConfirmForce { number } => confirm_force(state, *number, frame, area),
    }
}

/// The expo forcing an order ready before every station is done.
fn confirm_force(state: &State, number: OrderNumber, frame: &mut Frame, area: Rect) {
    let waiting = state
        .order(number)
        .map(crate::domain::station::waiting_for)
        .unwrap_or_default()
        .iter()
        .map(|s| safe(s))
        .collect::<Vec<_>>()
        .join(", ");
    let lines = vec![
        Line::styled(
            format!("Order #{number} is not done at: {waiting}."),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Line::from("Make it ready anyway? The customer will be told on WhatsApp."),
    ];
    confirm(
        frame,
        area,
        " Ready before the stations ",
        lines,
        "y = ready now    any other key = wait",
    );
}

/// A box of `w` × `h` cells centred in `area` (shrunk to fit), cleared and framed.
pub(super) fn popup(
    frame: &mut Frame,
    area: Rect,
    w: u16,
    h: u16,
    title: &str,
    colour: Color,
) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    let rect = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    let block = Block::bordered()
        .border_style(Style::new().fg(colour).add_modifier(Modifier::BOLD))
        .title_top(Line::from(title.to_string()).style(Style::new().add_modifier(Modifier::BOLD)));
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    inner
}

fn confirm(frame: &mut Frame, area: Rect, title: &str, body: Vec<Line<'static>>, keys: &str) {
    let inner = popup(frame, area, 60, 8, title, Color::Red);
    let cols = usize::from(inner.width);
    let mut lines: Vec<Line<'static>> = Vec::new();
    for l in body {
        let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
        lines.extend(
            wrap(&text, cols, 0)
                .into_iter()
                .map(|t| Line::styled(t, l.style)),
        );
    }
    lines.push(Line::from(""));
    lines.push(Line::styled(
        fit_cells(keys, cols),
        Style::new().add_modifier(Modifier::BOLD),
    ));
    frame.render_widget(Paragraph::new(fit_height(lines, inner.height)), inner);
}

/// The customer's name on order `number`, made safe to draw ("" when none).
fn customer_name(state: &State, number: OrderNumber) -> String {
    state
        .order(number)
        .and_then(|o| o.customer_name.as_deref())
        .map(safe)
        .unwrap_or_default()
}

fn confirm_cancel(state: &State, number: OrderNumber, frame: &mut Frame, area: Rect) {
    let who = customer_name(state, number);
    let lines = vec![
        Line::styled(
            format!("Cancel order #{number}?"),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Line::from(who),
        Line::from("The customer will be told on WhatsApp."),
    ];
    confirm(
        frame,
        area,
        " Cancel order ",
        lines,
        "y = cancel it    any other key = keep it",
    );
}

fn answer_cancel(state: &State, number: OrderNumber, frame: &mut Frame, area: Rect) {
    let who = customer_name(state, number);
    let lines = vec![
        Line::styled(
            format!("The customer asks to cancel #{number}."),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Line::from(who),
        Line::from("Accept the cancel? They are told either way."),
    ];
    confirm(
        frame,
        area,
        " Cancel request ",
        lines,
        "y = accept (cancel it)   n = refuse   other key = later",
    );
}

fn all_day_panel(state: &State, frame: &mut Frame, area: Rect) {
    let inner = popup(
        frame,
        area,
        60,
        area.height.saturating_sub(2),
        " All day: still to make (Esc) ",
        Color::Cyan,
    );
    let cols = usize::from(inner.width);
    let rows = all_day(&state.orders);
    let mut lines: Vec<Line<'static>> = Vec::new();
    if rows.is_empty() {
        lines.push(Line::from("Nothing waiting in new or preparing."));
    }
    for row in rows {
        let head = format!("{:>3}× {}", row.total, safe(&row.name));
        let bold = Style::new().add_modifier(Modifier::BOLD);
        lines.extend(
            wrap(&head, cols, 5)
                .into_iter()
                .map(|l| Line::styled(l, bold)),
        );
        let plain_only = row.variants.len() == 1 && row.variants[0].0.is_empty();
        for (opts, n) in row.variants.iter().filter(|_| !plain_only) {
            let what = if opts.is_empty() {
                "plain".to_string()
            } else {
                opts.iter().map(|o| safe(o)).collect::<Vec<_>>().join(", ")
            };
            lines.extend(
                wrap(&format!("     {n:>3}× {what}"), cols, 10)
                    .into_iter()
                    .map(Line::from),
            );
        }
    }
    frame.render_widget(Paragraph::new(fit_height(lines, inner.height)), inner);
}

fn availability(state: &State, selected: usize, frame: &mut Frame, area: Rect) {
    let enter = state.settings.glyphs.enter();
    let title = format!(" Availability: ↑↓ choose, {enter} 86 / back, Esc close ");
    let inner = popup(
        frame,
        area,
        64,
        area.height.saturating_sub(2),
        &title,
        Color::Magenta,
    );
    let cols = usize::from(inner.width);
    if state.products.is_empty() {
        frame.render_widget(Paragraph::new("Loading products…"), inner);
        return;
    }
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut selected_line = 0;
    let mut category: Option<&str> = None;
    for (i, p) in state.products.iter().enumerate() {
        if category != Some(p.category.as_str()) {
            category = Some(&p.category);
            let style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
            lines.push(Line::styled(fit_cells(&safe(&p.category), cols), style));
        }
        let (tag, tag_style) = if p.available {
            ("  ok ", Style::new().fg(Color::Green))
        } else {
            (
                " 86  ",
                Style::new()
                    .fg(Color::White)
                    .bg(Color::Red)
                    .add_modifier(Modifier::BOLD),
            )
        };
        let name = fit_cells(&format!("  {}", safe(&p.name)), cols.saturating_sub(5));
        let mut line = Line::from(vec![Span::styled(tag, tag_style), Span::raw(name)]);
        if i == selected {
            selected_line = lines.len();
            line = line.style(Style::new().add_modifier(Modifier::REVERSED));
        }
        lines.push(line);
    }
    let h = usize::from(inner.height);
    let skip = (selected_line + 1).saturating_sub(h);
    let visible: Vec<Line<'static>> = lines.into_iter().skip(skip).take(h).collect();
    frame.render_widget(Paragraph::new(visible), inner);
}

const KEYS: [(&str, &str); 20] = [
    ("1-9, arrows", "select a ticket (stops its chime)"),
    (
        "Enter, space",
        "bump: new → preparing → ready → (out →) delivered",
    ),
    ("r, Backspace", "recall: undo the last bump"),
    ("c", "cancel the selected order (asks y/n)"),
    ("x", "answer a customer's cancel request (y/n)"),
    ("*, !", "rush: made first on every screen (again: clear)"),
    ("n / p, PgDn / PgUp", "next / previous page"),
    ("P (shift+p)", "print the selected ticket again"),
    ("a", "all-day count of what is still to make"),
    ("t", "today: orders, revenue, prep times, late share"),
    ("8, u, F8", "availability: 86 an item or bring it back"),
    ("m", "mute / unmute the chime"),
    ("w", "customers waiting for a person (d: hand back)"),
    ("b", "busy mode: +10 / +20 / +30 min on quotes, off"),
    ("Esc", "clear the error line"),
    ("?", "this help"),
    ("q", "quit (asks y/n)"),
    ("", ""),
    ("yellow / red", "ticket waiting past the warn / late time"),
    ("NEW!", "not yet touched: the chime repeats"),
];

/// The keys that differ on a station screen: they replace the Enter line.
const STATION_KEYS: [(&str, &str); 3] = [
    (
        "Enter, space",
        "all of the ticket's lines for this station done",
    ),
    ("Tab / shift+Tab", "line cursor: next / previous line"),
    ("i", "the line under the cursor done"),
];

/// The expo's Enter.
const EXPO_ENTER: (&str, &str) = (
    "Enter, space",
    "bump; with stations: ready once all are done (else asks)",
);

fn help(state: &State, frame: &mut Frame, area: Rect) {
    let mut keys: Vec<(&str, &str)> = KEYS.to_vec();
    match &state.settings.view {
        View::Whole => {}
        View::Expo => keys[1] = EXPO_ENTER,
        View::Station(_) => {
            keys.splice(1..2, STATION_KEYS);
        }
    }
    let h = u16::try_from(keys.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let inner = popup(frame, area, 72, h, " Keys (any key closes) ", Color::White);
    let cols = usize::from(inner.width);
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let lines: Vec<Line<'static>> = keys
        .iter()
        .map(|(k, what)| {
            let desc = fit_cells(what, cols.saturating_sub(21));
            Line::from(vec![
                Span::styled(format!("{k:<20} "), bold),
                Span::raw(desc),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(fit_height(lines, inner.height)), inner);
}
