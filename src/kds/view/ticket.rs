//! One ticket: a bordered box coloured by age, with the order number, the
//! fulfilment, the customer, the note, the items with their options and, for a
//! delivery, the address. A ticket taller than a column is drawn in pieces,
//! marked "cont."; one taller than a whole page ends in "+N more lines".

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};

use super::text::{fit_cells, safe, wrap};
use crate::domain::order::{Fulfilment, Order, OrderItem, OrderStatus};
use crate::domain::station::{self, View};
use crate::kds::glyphs::Glyphs;
use crate::kds::layout::Piece;
use crate::kds::state::{Ageing, label};

/// How to draw one ticket besides the order itself.
pub(crate) struct TicketLook {
    /// The digit that selects it (1–9 on the current page), if any.
    pub key: Option<usize>,
    /// Drawn with a thick border and a ▶.
    pub selected: bool,
    /// New and not yet touched: the chime is (or was) ringing for it.
    pub ringing: bool,
    /// Colour class.
    pub ageing: Ageing,
    /// Shown as mm:ss in the top right corner.
    pub age: crate::domain::time::Span,
    /// The symbols this terminal can show (the pin mark).
    pub glyphs: Glyphs,
    /// Placed ahead: the local time the customer gets it ("11:30"), beside the kind.
    pub ahead: Option<String>,
    /// Whole order, one station's lines, or expo.
    pub view: View,
    /// The line (position in the order) under a station screen's line cursor.
    pub cursor: Option<usize>,
}

/// Border and title colour for an age class.
pub(crate) fn age_colour(a: Ageing) -> Color {
    match a {
        Ageing::Fresh => Color::Green,
        Ageing::Warn => Color::Yellow,
        Ageing::Late => Color::Red,
        Ageing::Done => Color::Cyan,
    }
}

/// "mm:ss"; minutes keep counting past an hour.
pub fn age_text(age: crate::domain::time::Span) -> String {
    let s = age.max(crate::domain::time::Span::ZERO).whole_seconds();
    format!("{:02}:{:02}", s / 60, s % 60)
}

/// One ticket (or one column's share of it, `piece`) filling `area`.
pub(crate) fn draw(frame: &mut Frame, area: Rect, order: &Order, look: &TicketLook, piece: &Piece) {
    let colour = age_colour(look.ageing);
    let mut border = Style::new().fg(colour);
    let mut title = Style::new().fg(colour).add_modifier(Modifier::BOLD);
    if look.selected {
        border = border.add_modifier(Modifier::BOLD);
        title = Style::new()
            .fg(Color::Black)
            .bg(colour)
            .add_modifier(Modifier::BOLD);
    }
    let key = look.key.map(|k| format!("{k} ")).unwrap_or_default();
    let marker = if look.selected { "▶" } else { "" };
    let head = if piece.part == 0 {
        format!("{marker}{key}#{} ", order.number)
    } else {
        format!("{marker}#{} cont. ", order.number)
    };
    let mut block = Block::bordered()
        .border_type(if look.selected {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(border)
        .title_top(head_line(head, title, order.rush))
        .title_top(
            Line::from(format!(" {}", age_text(look.age)))
                .style(title)
                .right_aligned(),
        );
    if piece.continues {
        block = block.title_bottom(Line::from(" cont. → ").style(title).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut all = body(
        order,
        usize::from(inner.width),
        look.ringing,
        look.glyphs,
        &look.view,
        look.cursor,
    );
    if let (Some(at), Some(first)) = (&look.ahead, all.first_mut()) {
        *first = status_line_at(order, usize::from(inner.width), look.ringing, Some(at));
    }
    all.drain(..piece.skip.min(all.len()));
    frame.render_widget(Paragraph::new(fit_height(all, inner.height)), inner);
}

/// The title: selection digit and number, then a white-on-red "RUSH" badge.
fn head_line(head: String, style: Style, rush: bool) -> Line<'static> {
    let mut spans = vec![Span::styled(head, style)];
    if rush {
        let badge = Style::new()
            .fg(Color::White)
            .bg(Color::Red)
            .add_modifier(Modifier::BOLD);
        spans.push(Span::styled("RUSH", badge));
        spans.push(Span::raw(" "));
    }
    Line::from(spans)
}

/// Keep what fits in `height` rows; the last row says how many were left out.
pub(crate) fn fit_height(mut lines: Vec<Line<'static>>, height: u16) -> Vec<Line<'static>> {
    let h = usize::from(height);
    if lines.len() > h && h > 0 {
        let hidden = lines.len() - (h - 1);
        lines.truncate(h - 1);
        let more = Style::new()
            .fg(Color::Black)
            .bg(Color::White)
            .add_modifier(Modifier::BOLD);
        lines.push(Line::from(Span::styled(
            format!("+{hidden} more lines"),
            more,
        )));
    }
    lines
}

/// The ticket's text on a screen showing `view`: a station sees only its
/// lines, each with a box ("[x]" once done), and no address; the whole board
/// and the expo see every line (those a station finished struck through) and,
/// for an order with stations, each station's progress under the status.
/// `cursor` is the position of the line under a station's line cursor.
pub(crate) fn body(
    order: &Order,
    width: usize,
    ringing: bool,
    glyphs: Glyphs,
    view: &View,
    cursor: Option<usize>,
) -> Vec<Line<'static>> {
    let mut out = head_lines(order, width, ringing, view);
    for (pos, item) in order.items.iter().enumerate() {
        let Some(mark) = item_mark(item, view) else {
            continue;
        };
        out.extend(item_lines(item, mark, cursor == Some(pos), width));
    }
    if order.fulfilment == Fulfilment::Delivery && view.station().is_none() {
        out.extend(address_lines(order, width, glyphs));
    }
    out.extend(pay_lines(order, width));
    out
}

/// Black on yellow, bold: the order's note and the items' notes.
fn note_style() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(Color::Yellow)
        .add_modifier(Modifier::BOLD)
}

/// Above the items: the status line, each station's progress (not on a
/// station screen), the customer's cancel request, the name and the note.
fn head_lines(order: &Order, width: usize, ringing: bool, view: &View) -> Vec<Line<'static>> {
    let mut out = vec![status_line(order, width, ringing)];
    if view.station().is_none() {
        out.extend(progress_lines(order, width));
    }
    if order.cancel_requested_at.is_some() {
        // the customer asked to cancel: impossible to miss, with the key that answers
        let mark = Style::new()
            .fg(Color::White)
            .bg(Color::Red)
            .add_modifier(Modifier::BOLD | Modifier::SLOW_BLINK);
        out.push(Line::styled(fit_cells("✖ CANCEL? x: answer", width), mark));
    }
    if let Some(name) = order
        .customer_name
        .as_deref()
        .map(safe)
        .filter(|n| !n.is_empty())
    {
        out.push(Line::styled(
            fit_cells(&name, width),
            Style::new().add_modifier(Modifier::BOLD),
        ));
    }
    if let Some(note) = order.note.as_deref().map(safe).filter(|n| !n.is_empty()) {
        for l in wrap(&format!("NOTE: {note}"), width, 2) {
            out.push(Line::styled(l, note_style()));
        }
    }
    out
}

/// The box before an item on a station screen ("[ ] ", "[x] " once done), ""
/// elsewhere; `None` for an item another station makes (not shown there).
fn item_mark(item: &OrderItem, view: &View) -> Option<&'static str> {
    let done = item.station.is_some() && item.station_done_at.is_some();
    match view.station() {
        Some(st)
            if !item
                .station
                .as_deref()
                .is_some_and(|s| crate::domain::station::same(s, st)) =>
        {
            None
        }
        Some(_) if done => Some("[x] "),
        Some(_) => Some("[ ] "),
        None => Some(""),
    }
}

/// One item: "2× name" in bold (struck through once a station finished it,
/// reversed under the line cursor), then its options and its note.
fn item_lines(
    item: &OrderItem,
    mark: &str,
    under_cursor: bool,
    width: usize,
) -> Vec<Line<'static>> {
    let done = item.station.is_some() && item.station_done_at.is_some();
    let head = format!("{mark}{}× {}", item.quantity, safe(&item.name));
    let mut look = Style::new();
    if done {
        look = look.fg(Color::DarkGray).add_modifier(Modifier::CROSSED_OUT);
    }
    if under_cursor {
        look = look.add_modifier(Modifier::REVERSED);
    }
    let mut out = Vec::new();
    for (i, l) in wrap(&head, width, 3).into_iter().enumerate() {
        let style = if i == 0 {
            look.add_modifier(Modifier::BOLD)
        } else {
            look
        };
        out.push(Line::styled(l, style));
    }
    for opt in &item.options {
        out.extend(
            wrap(&format!("  + {}", safe(opt)), width, 4)
                .into_iter()
                .map(Line::from),
        );
    }
    if let Some(n) = item.note.as_deref().map(safe).filter(|n| !n.is_empty()) {
        let wrapped = wrap(&format!("  » {n}"), width, 4);
        out.extend(wrapped.into_iter().map(|l| Line::styled(l, note_style())));
    }
    out
}

/// A delivery's address in cyan, marked when the customer shared a pin.
fn address_lines(order: &Order, width: usize, glyphs: Glyphs) -> Vec<Line<'static>> {
    let addr = order.address.as_deref().map(safe).unwrap_or_default();
    let addr = if addr.is_empty() {
        "(no address)".to_string()
    } else {
        addr
    };
    let style = Style::new().fg(Color::Cyan);
    // a shared pin: the courier has a map link (on the slip's QR code)
    let head = match order.location {
        Some(_) => format!("{} PIN ADDR:", glyphs.pin()),
        None => "ADDR:".to_string(),
    };
    wrap(&format!("{head} {addr}"), width, 2)
        .into_iter()
        .map(|l| Line::styled(l, style))
        .collect()
}

/// "PAY: CARD - bring POS · fee 25.00": how the customer pays, and the
/// delivery fee, when there is something to say (paying at the counter is not).
fn pay_lines(order: &Order, width: usize) -> Vec<Line<'static>> {
    use crate::domain::payment::Payment;
    let mut parts = Vec::new();
    if let Some(p) = order.payment.filter(|p| *p != Payment::Counter) {
        parts.push(format!("PAY: {}", p.board_label()));
    }
    if order.delivery_fee.minor() > 0 {
        parts.push(format!("fee {}", order.delivery_fee.to_plain()));
    }
    let style = Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD);
    if parts.is_empty() {
        return Vec::new();
    }
    wrap(&parts.join(" · "), width, 2)
        .into_iter()
        .map(|l| Line::styled(l, style))
        .collect()
}

/// "ızgara 1/2 · içecek ok": each station's finished lines, black on yellow
/// while one is still making, on green once all are done. Nothing for an order
/// without stations.
fn progress_lines(order: &Order, width: usize) -> Vec<Line<'static>> {
    let p = station::progress(order);
    if p.is_empty() {
        return Vec::new();
    }
    let text = p
        .iter()
        .map(|s| {
            let st = safe(&s.station);
            if s.finished() {
                format!("{st} ok")
            } else {
                format!("{st} {}/{}", s.done, s.total)
            }
        })
        .collect::<Vec<_>>()
        .join(" · ");
    let colour = if station::all_done(order) {
        Color::Green
    } else {
        Color::Yellow
    };
    let style = Style::new().fg(Color::Black).bg(colour);
    wrap(&text, width, 0)
        .into_iter()
        .map(|l| Line::styled(l, style))
        .collect()
}

fn status_line(order: &Order, width: usize, ringing: bool) -> Line<'static> {
    status_line_at(order, width, ringing, None)
}

/// The status badge and the kind; an order placed ahead adds "⏰ 11:30" (`ahead`).
fn status_line_at(
    order: &Order,
    width: usize,
    ringing: bool,
    ahead: Option<&str>,
) -> Line<'static> {
    let (text, colour) = match order.status {
        OrderStatus::New if ringing => ("NEW!", Color::Magenta),
        OrderStatus::New => ("NEW", Color::Blue),
        OrderStatus::Preparing => ("PREPARING", Color::Yellow),
        OrderStatus::Ready => ("READY", Color::Green),
        OrderStatus::OutForDelivery => ("OUT", Color::Cyan),
        other => (label(other), Color::DarkGray),
    };
    let badge = Style::new()
        .fg(Color::Black)
        .bg(colour)
        .add_modifier(Modifier::BOLD);
    let kind = match order.fulfilment {
        Fulfilment::Pickup => "PICKUP",
        Fulfilment::Delivery => "DELIVERY",
    };
    let at = ahead.map(|a| format!(" {a}")).unwrap_or_default();
    let rest = fit_cells(&format!(" {kind}{at}"), width.saturating_sub(text.len()));
    Line::from(vec![
        Span::styled(fit_cells(text, width), badge),
        Span::styled(rest, Style::new().add_modifier(Modifier::BOLD)),
    ])
}
